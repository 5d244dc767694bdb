"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from teilhabe.implementation.permissions import can_report_any, can_see_led_measures
from tests.url_matrix import EDIT, POST_EDIT, PUBLIC, READ, Row, ars, may


def setup(world: Any) -> None:
    """Create the objects the rows below need (on the concept's measure); store them in
    world.extra."""
    from teilhabe.implementation import services
    from teilhabe.implementation.models import Evaluation, Milestone

    measure = world.extra["concept_measure"]
    milestone = Milestone.objects.create(measure=measure, title="Start", due_on=date(2026, 3, 1))
    evaluation = services.evaluation_save(
        evaluation=Evaluation(municipality=world.municipality, measure=measure, report_year=2025),
        expected_version=None,
    )
    figure = services.figure_add(
        evaluation=evaluation,
        label="Teilnehmende",
        value=Decimal(12),
        unit="Personen",
        source="Sachstand",
        as_of=date(2025, 12, 31),
    )
    # A submitted request (to review) and an open one (its public form).
    submitted, _t = services.request_create(
        evaluation=evaluation, recipient="Amt 51", message="", user=None
    )
    services.request_submit(
        request=submitted,
        name="Amt 51",
        comment="",
        figures=[{"label": "Plätze", "value": Decimal(30), "unit": "", "as_of": None}],
    )
    _open, token = services.request_create(
        evaluation=evaluation, recipient="Caritas", message="Bitte Zahlen 2025", user=None
    )
    world.extra.update(
        implementation_milestone=milestone,
        implementation_evaluation=evaluation,
        implementation_figure=figure,
        implementation_figure_request=submitted,
        implementation_figure_token=token,
    )


def _pk(key: str):  # type: ignore[no-untyped-def]
    return lambda w: ars(w) | {"pk": w.extra[key].pk}


REPORT = may(can_report_any)
POST_REPORT = {r: (405 if s == 200 else s) for r, s in REPORT.items()}
LED = may(can_see_led_measures)
NOT_LED = {r: (404 if s == 200 else s) for r, s in LED.items()}

MATRIX: list[Row] = [
    Row("implementation:dashboard", ars, READ),
    Row("implementation:update_import", ars, EDIT),
    Row("implementation:update_import_template", ars, EDIT),
    Row("implementation:measure_report", _pk("concept_measure"), REPORT),
    Row("implementation:milestone_create", _pk("concept_measure"), REPORT),
    Row(
        "implementation:milestone_done",
        lambda w: (
            ars(w)
            | {
                "pk": w.extra["concept_measure"].pk,
                "milestone_pk": w.extra["implementation_milestone"].pk,
            }
        ),
        POST_REPORT,
    ),
    Row("implementation:led_measure_list", ars, LED),
    # Köln is no town of a county, so it leads no county measure (see test_federation.py).
    Row("implementation:led_measure_detail", _pk("concept_measure"), NOT_LED),
    # evaluations
    Row("implementation:evaluation_list", ars, READ),
    Row("implementation:evaluation_create", ars, EDIT),
    Row("implementation:evaluation_detail", _pk("implementation_evaluation"), READ),
    Row("implementation:evaluation_edit", _pk("implementation_evaluation"), EDIT),
    Row("implementation:evaluation_figure_add", _pk("implementation_evaluation"), EDIT),
    Row(
        "implementation:evaluation_figure_delete",
        lambda w: (
            ars(w)
            | {
                "pk": w.extra["implementation_evaluation"].pk,
                "figure_pk": w.extra["implementation_figure"].pk,
            }
        ),
        POST_EDIT,
    ),
    Row("implementation:evaluation_request_create", _pk("implementation_evaluation"), EDIT),
    Row(
        "implementation:evaluation_request_review",
        _pk("implementation_figure_request"),
        POST_EDIT,
    ),
    Row(
        "implementation:evaluation_request_answer",
        lambda w: {"token": w.extra["implementation_figure_token"]},
        PUBLIC,
    ),
]
