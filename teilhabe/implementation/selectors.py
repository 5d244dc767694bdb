"""Reads of the evaluations of measures, scoped to a municipality.

For the reports part: ``evaluations_for_period(municipality, year_from=…, year_to=…)`` – the
complete evaluations of those report years with measure, logic model, reviewed figures,
findings and recommendation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from teilhabe.concept.models import (
    Evaluation,
    EvaluationFigure,
    EvaluationStatus,
    FigureOrigin,
    FigureStage,
    Measure,
)
from teilhabe.core.models import Municipality


def evaluations_for(*, municipality: Municipality, year: str = "") -> QuerySet[Evaluation]:
    qs = (
        Evaluation.objects.filter(municipality=municipality)
        .select_related("measure")
        .annotate(
            n_figures=Count("figures", filter=Q(figures__reviewed=True), distinct=True),
            n_pending=Count("figures", filter=Q(figures__reviewed=False), distinct=True),
        )
    )
    if year.isdigit():
        qs = qs.filter(report_year=int(year))
    return qs.order_by("-report_year", "measure__number")


def evaluation_years(*, municipality: Municipality) -> list[int]:
    return sorted(
        set(
            Evaluation.objects.filter(municipality=municipality).values_list(
                "report_year", flat=True
            )
        ),
        reverse=True,
    )


def evaluation_for_page(*, municipality: Municipality, pk: int) -> Evaluation | None:
    return (
        Evaluation.objects.filter(municipality=municipality, pk=pk)
        .select_related("measure__lead_unit", "created_by")
        .prefetch_related("figures", "requests__figures")
        .first()
    )


@dataclass
class Suggestion:
    """A figure Teilhabe can take over from the measure's records."""

    label: str
    value: Decimal
    unit: str
    source: str
    as_of: date
    stage: str
    origin: str


def figure_suggestions(*, measure: Measure, year: int) -> list[Suggestion]:
    """Figures from the measure's status updates (participants reached, money spent, progress)
    and the usage of its linked offers in the report year."""
    out: list[Suggestion] = []
    updates = list(measure.updates.filter(reported_on__year__lte=year).order_by("-reported_on"))
    in_year = [u for u in updates if u.reported_on.year == year]
    with_participants = [u for u in updates if u.participants is not None]
    if with_participants:
        u = with_participants[0]
        out.append(
            Suggestion(
                label=_("Participants reached"),
                value=Decimal(u.participants or 0),
                unit=_("people"),
                source=_("Status update of %(date)s") % {"date": f"{u.reported_on:%d.%m.%Y}"},
                as_of=u.reported_on,
                stage=FigureStage.OUTPUT,
                origin=FigureOrigin.UPDATE,
            )
        )
    spent = [u.money_spent for u in in_year if u.money_spent is not None]
    if spent:
        out.append(
            Suggestion(
                label=_("Money spent in %(year)s") % {"year": year},
                value=sum(spent, Decimal(0)),
                unit="EUR",
                source=_("Status updates %(year)s") % {"year": year},
                as_of=max(u.reported_on for u in in_year if u.money_spent is not None),
                stage=FigureStage.INPUT,
                origin=FigureOrigin.UPDATE,
            )
        )
    with_progress = [u for u in updates if u.progress_percent is not None]
    if with_progress:
        u = with_progress[0]
        out.append(
            Suggestion(
                label=_("Progress of the measure"),
                value=Decimal(u.progress_percent or 0),
                unit="%",
                source=_("Status update of %(date)s") % {"date": f"{u.reported_on:%d.%m.%Y}"},
                as_of=u.reported_on,
                stage=FigureStage.ACTIVITIES,
                origin=FigureOrigin.UPDATE,
            )
        )
    from teilhabe.inventory.models import Usage

    usage = (
        Usage.objects.filter(offer__in=measure.offers.all(), period_start__year=year)
        .values("offer__title")
        .annotate(total=Sum("participants"), waiting=Sum("waiting_list"))
        .order_by("offer__title")
    )
    for row in usage:
        out.append(
            Suggestion(
                label=_("Participants of “%(offer)s” in %(year)s")
                % {"offer": row["offer__title"], "year": year},
                value=Decimal(row["total"] or 0),
                unit=_("people"),
                source=_("Inventory, usage %(year)s") % {"year": year},
                as_of=date(year, 12, 31),
                stage=FigureStage.OUTPUT,
                origin=FigureOrigin.USAGE,
            )
        )
        if row["waiting"]:
            out.append(
                Suggestion(
                    label=_("Waiting list of “%(offer)s”") % {"offer": row["offer__title"]},
                    value=Decimal(row["waiting"]),
                    unit=_("people"),
                    source=_("Inventory, usage %(year)s") % {"year": year},
                    as_of=date(year, 12, 31),
                    stage=FigureStage.OUTCOME,
                    origin=FigureOrigin.USAGE,
                )
            )
    return out


@dataclass
class EvaluationReport:
    """A complete evaluation as the integration report uses it."""

    evaluation: Evaluation
    measure: Measure
    report_year: int
    question: str
    logic_model: list[dict[str, Any]] = field(default_factory=list)
    figures: list[EvaluationFigure] = field(default_factory=list)
    findings: str = ""
    recommendation: str = ""
    recommendation_label: str = ""
    recommendation_note: str = ""


STAGES = [
    (FigureStage.INPUT, "input_text"),
    (FigureStage.ACTIVITIES, "activities_text"),
    (FigureStage.OUTPUT, "output_text"),
    (FigureStage.OUTCOME, "outcome_text"),
]


def logic_model(evaluation: Evaluation, figures: list[EvaluationFigure]) -> list[dict[str, Any]]:
    labels = dict(FigureStage.choices)
    return [
        {
            "stage": stage.value,
            "label": str(labels[stage]),
            "text": getattr(evaluation, attr),
            "figures": [f for f in figures if f.stage == stage],
        }
        for stage, attr in STAGES
    ]


def evaluations_for_period(
    municipality: Municipality, *, year_from: int, year_to: int, selected_only: bool = True
) -> list[EvaluationReport]:
    """Complete evaluations of the report years ``year_from``–``year_to`` (those selected for
    the report unless ``selected_only=False``), with their reviewed figures only."""
    qs = (
        Evaluation.objects.filter(
            municipality=municipality,
            status=EvaluationStatus.COMPLETE,
            report_year__gte=year_from,
            report_year__lte=year_to,
        )
        .select_related("measure__lead_unit")
        .prefetch_related(
            Prefetch(
                "figures",
                queryset=EvaluationFigure.objects.filter(reviewed=True).order_by("stage", "as_of"),
                to_attr="counted_figures",
            )
        )
        .order_by("report_year", "measure__number")
    )
    if selected_only:
        qs = qs.filter(selected_for_report=True)
    out = []
    for e in qs:
        figures = list(e.counted_figures)  # type: ignore[attr-defined]
        out.append(
            EvaluationReport(
                evaluation=e,
                measure=e.measure,
                report_year=e.report_year,
                question=e.question,
                logic_model=logic_model(e, figures),
                figures=figures,
                findings=e.findings,
                recommendation=e.recommendation,
                recommendation_label=str(e.get_recommendation_display()),
                recommendation_note=e.recommendation_note,
            )
        )
    return out
