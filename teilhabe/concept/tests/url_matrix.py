"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.url_matrix import EDIT, POST_ADMIN, POST_EDIT, READ, Row, ars


def setup(world: Any) -> None:
    """Create the objects the rows below need; store them in world.extra."""
    from teilhabe.concept import services
    from teilhabe.concept.models import (
        ConceptCycle,
        Goal,
        Measure,
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
    world.extra.update(
        concept_sg=sg,
        concept_goal=goal,
        concept_rec=rec,
        concept_measure=measure,
        concept_draft=draft,
        concept_proposal=proposal,
        concept_cycle=cycle,
        concept_old=old,
    )


def _pk(key: str):  # type: ignore[no-untyped-def]
    return lambda w: ars(w) | {"pk": w.extra[key].pk}


PROPOSE = READ | {"office": 403, "reader": 403}
ASSESS = EDIT | {"steering": 200}

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
    Row("concept:measure_create", ars, EDIT),
    Row("concept:measure_detail", _pk("concept_measure"), READ),
    Row("concept:measure_edit", _pk("concept_measure"), EDIT),
    Row("concept:measure_decision", _pk("concept_measure"), POST_EDIT),
    Row("concept:measure_assess", _pk("concept_measure"), ASSESS),
]


def _guideline(w: Any) -> Any:
    from teilhabe.concept.models import Guideline

    return Guideline.objects.get_or_create(municipality=w.municipality, title="Teilhabe für alle")[
        0
    ]
