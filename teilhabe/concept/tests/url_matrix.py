"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.url_matrix import EDIT, POST_ADMIN, POST_EDIT, PUBLIC, READ, Row, ars


def setup(world: Any) -> None:
    """Create the objects the rows below need; store them in world.extra."""
    from teilhabe.concept import services
    from teilhabe.concept.models import (
        ConceptCycle,
        Goal,
        Measure,
        Milestone,
        PreviousMeasure,
        Recommendation,
        StrategicGoal,
    )

    m = world.municipality
    sg = StrategicGoal.objects.create(
        municipality=m, field=world.field, title="Sprache öffnet Türen"
    )
    goal = Goal.objects.create(
        municipality=m, strategic_goal=sg, title="Mehr Kinder in der Sprachförderung"
    )
    rec = Recommendation.objects.create(
        municipality=m, field=world.field, title="Sprachkurse mit Kinderbetreuung"
    )
    measure = services.measure_save(
        measure=Measure(
            municipality=m, number="SP-1", title="Sprachcafé", lead_unit=world.org_unit
        ),
        expected_version=None,
        m2m={"fields": [world.field], "goals": [goal], "recommendations": [rec]},
    )
    milestone = Milestone.objects.create(measure=measure, title="Start", due_on=date(2026, 3, 1))
    draft = services.draft_freeze(municipality=m, title="Entwurf 1", user=None)
    proposal = services.proposal_submit(
        draft=draft,
        item_key=f"goal:{goal.pk}",
        kind="replace",
        proposed_text="Neuer Text",
        justification="Klarer",
        submitted_by_name="Integrationsrat",
        user=None,
    )
    cycle = ConceptCycle.objects.create(municipality=m, title="Integrationskonzept 2012", year=2012)
    old = PreviousMeasure.objects.create(cycle=cycle, number="A1", title="Alte Maßnahme")
    _setup_evaluations(world, measure=measure)
    world.extra.update(
        concept_sg=sg,
        concept_goal=goal,
        concept_rec=rec,
        concept_measure=measure,
        concept_milestone=milestone,
        concept_draft=draft,
        concept_proposal=proposal,
        concept_cycle=cycle,
        concept_old=old,
    )


def _pk(key: str):  # type: ignore[no-untyped-def]
    return lambda w: ars(w) | {"pk": w.extra[key].pk}


PROPOSE = READ | {"office": 403, "reader": 403}
ASSESS = EDIT | {"steering": 200}
REPORT = EDIT | {"office": 200}
POST_REPORT = {r: (405 if s == 200 else s) for r, s in REPORT.items()}
NOT_LED = {r: (404 if s == 200 else s) for r, s in READ.items()}

MATRIX: list[Row] = [
    Row("concept:tree", ars, READ),
    Row("concept:tree_export", lambda w: ars(w) | {"fmt": "xlsx"}, READ),
    Row("concept:vision_edit", ars, EDIT),
    Row("concept:guideline_create", ars, EDIT),
    Row("concept:guideline_edit", lambda w: ars(w) | {"pk": _guideline(w).pk}, EDIT),
    Row("concept:strategic_goal_create", ars, EDIT),
    Row("concept:strategic_goal_edit", _pk("concept_sg"), EDIT),
    Row("concept:goal_create", ars, EDIT),
    Row("concept:goal_detail", _pk("concept_goal"), READ),
    Row("concept:goal_edit", _pk("concept_goal"), EDIT),
    Row("concept:recommendation_list", ars, READ),
    Row("concept:recommendation_create", ars, EDIT),
    Row("concept:recommendation_detail", _pk("concept_rec"), READ),
    Row("concept:recommendation_edit", _pk("concept_rec"), EDIT),
    Row(
        "concept:publish",
        lambda w: ars(w) | {"kind": "massnahme", "pk": w.extra["concept_measure"].pk},
        POST_ADMIN,
    ),
    Row("concept:target_groups", ars, READ),
    Row("concept:draft_list", ars, READ),
    Row("concept:draft_freeze", ars, EDIT),
    Row("concept:draft_compare", ars, READ),
    Row("concept:draft_detail", _pk("concept_draft"), READ),
    Row("concept:draft_adopt", _pk("concept_draft"), EDIT),
    Row("concept:proposal_create", _pk("concept_draft"), PROPOSE),
    Row("concept:proposal_detail", _pk("concept_proposal"), READ),
    Row("concept:proposal_apply", _pk("concept_proposal"), POST_EDIT),
    Row("concept:cycle_list", ars, READ),
    Row("concept:cycle_create", ars, EDIT),
    Row("concept:cycle_detail", _pk("concept_cycle"), READ),
    Row("concept:cycle_import_measures", _pk("concept_cycle"), EDIT),
    Row("concept:cycle_import_text", _pk("concept_cycle"), EDIT),
    Row("concept:carry_over", _pk("concept_old"), POST_EDIT),
    Row("concept:measure_list", ars, READ),
    Row("concept:measure_export", lambda w: ars(w) | {"fmt": "csv"}, READ),
    Row("concept:measure_import", ars, EDIT),
    Row("concept:import_template", lambda w: ars(w) | {"kind": "massnahmen"}, EDIT),
    Row("concept:update_import", ars, EDIT),
    Row("concept:measure_create", ars, EDIT),
    Row("concept:measure_detail", _pk("concept_measure"), READ),
    Row("concept:measure_edit", _pk("concept_measure"), EDIT),
    Row("concept:measure_decision", _pk("concept_measure"), POST_EDIT),
    Row("concept:measure_assess", _pk("concept_measure"), ASSESS),
    Row("concept:measure_report", _pk("concept_measure"), REPORT),
    Row("concept:milestone_create", _pk("concept_measure"), REPORT),
    Row(
        "concept:milestone_done",
        lambda w: (
            ars(w)
            | {"pk": w.extra["concept_measure"].pk, "milestone_pk": w.extra["concept_milestone"].pk}
        ),
        POST_REPORT,
    ),
    Row("concept:dashboard", ars, READ),
    Row("concept:led_measure_list", ars, READ),
    # Köln is no town of a county, so it leads no county measure (see test_federation.py).
    Row("concept:led_measure_detail", _pk("concept_measure"), NOT_LED),
    # evaluations
    Row("concept:evaluation_list", ars, READ),
    Row("concept:evaluation_create", ars, EDIT),
    Row("concept:evaluation_detail", _pk("concept_evaluation"), READ),
    Row("concept:evaluation_edit", _pk("concept_evaluation"), EDIT),
    Row("concept:evaluation_figure_add", _pk("concept_evaluation"), EDIT),
    Row(
        "concept:evaluation_figure_delete",
        lambda w: (
            ars(w)
            | {"pk": w.extra["concept_evaluation"].pk, "figure_pk": w.extra["concept_figure"].pk}
        ),
        POST_EDIT,
    ),
    Row("concept:evaluation_request_create", _pk("concept_evaluation"), EDIT),
    Row("concept:evaluation_request_review", _pk("concept_figure_request"), POST_EDIT),
    Row(
        "concept:evaluation_request_answer",
        lambda w: {"token": w.extra["concept_figure_token"]},
        PUBLIC,
    ),
]


def _setup_evaluations(world: Any, *, measure: Any) -> None:
    from decimal import Decimal

    from teilhabe.concept import services_evaluations
    from teilhabe.concept.models import Evaluation

    m = world.municipality
    evaluation = services_evaluations.evaluation_save(
        evaluation=Evaluation(municipality=m, measure=measure, report_year=2025),
        expected_version=None,
    )
    figure = services_evaluations.figure_add(
        evaluation=evaluation,
        label="Teilnehmende",
        value=Decimal(12),
        unit="Personen",
        source="Sachstand",
        as_of=date(2025, 12, 31),
    )
    # A submitted request (to review) and an open one (its public form).
    submitted, _t = services_evaluations.request_create(
        evaluation=evaluation, recipient="Amt 51", message="", user=None
    )
    services_evaluations.request_submit(
        request=submitted,
        name="Amt 51",
        comment="",
        figures=[{"label": "Plätze", "value": Decimal(30), "unit": "", "as_of": None}],
    )
    _open, token = services_evaluations.request_create(
        evaluation=evaluation, recipient="Caritas", message="Bitte Zahlen 2025", user=None
    )
    world.extra.update(
        concept_evaluation=evaluation,
        concept_figure=figure,
        concept_figure_request=submitted,
        concept_figure_token=token,
    )


def _guideline(w: Any) -> Any:
    from teilhabe.concept.models import Guideline

    return Guideline.objects.get_or_create(municipality=w.municipality, title="Teilhabe für alle")[
        0
    ]
