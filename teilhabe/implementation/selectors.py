"""Reads of the implementation, scoped to a municipality: the dashboard (Umsetzungsstand),
status updates and milestones of a measure, the county measures a town leads, and the
evaluations of measures.

For the reports part: ``evaluations_for_period(municipality, year_from=…, year_to=…)`` – the
complete evaluations of those report years with measure, logic model, reviewed figures,
findings and recommendation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concept.models import (
    ChangeProposal,
    FinancialState,
    ImplementationState,
    Measure,
    PoliticalState,
    ProposalDecision,
    TrafficLight,
)
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import FieldOfAction, Municipality
from teilhabe.implementation.models import (
    Evaluation,
    EvaluationFigure,
    EvaluationStatus,
    FigureOrigin,
    FigureStage,
    Milestone,
    StatusUpdate,
)

# --- the step on the home page ----------------------------------------------------------------


def lifecycle_step(municipality: Municipality) -> StepStatus:
    """The implementation step of the lifecycle: measures off track, overdue milestones."""
    counts = Measure.objects.filter(municipality=municipality).aggregate(
        total=Count("pk"),
        red=Count("pk", filter=Q(traffic_light="red")),
        yellow=Count("pk", filter=Q(traffic_light="yellow")),
    )
    url = reverse("implementation:dashboard", args=[municipality.ars])
    if not counts["total"]:
        return StepStatus(url=url)
    overdue = Milestone.objects.filter(
        measure__municipality=municipality, done_on__isnull=True, due_on__lt=timezone.localdate()
    ).count()
    return StepStatus(
        facts=[
            _("%(red)s measures off track, %(yellow)s at risk") % counts,
            _("%(n)s overdue milestones") % {"n": overdue},
        ],
        next_action=_("Ask the lead offices for their status updates.")
        if overdue or counts["red"]
        else "",
        url=url,
        started=True,
    )


# --- a measure -------------------------------------------------------------------------------


def has_overdue_milestone() -> Exists:
    """Whether a measure has a milestone that is due and not reached (the ``overdue``
    annotation of the concept's measure queries)."""
    return Exists(
        Milestone.objects.filter(
            measure=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate()
        )
    )


def measure_updates(*, measure: Measure, limit: int | None = None) -> list[StatusUpdate]:
    qs = StatusUpdate.objects.filter(measure=measure).select_related(
        "author", "reporting_municipality"
    )
    return list(qs[:limit] if limit else qs)


def measure_milestones(*, measure: Measure) -> list[Milestone]:
    return list(Milestone.objects.filter(measure=measure))


def measure_evaluations(*, measure: Measure) -> list[Evaluation]:
    return list(Evaluation.objects.filter(measure=measure))


def money_spent(*, measure: Measure) -> Decimal:
    return measure.updates.aggregate(s=Sum("money_spent"))["s"] or Decimal(0)


# --- the dashboard ---------------------------------------------------------------------------


def dashboard(*, municipality: Municipality) -> dict[str, Any]:
    """Measures by state and field, overdue items, budget planned vs. spent, open decisions."""
    today = timezone.localdate()
    rows = list(
        Measure.objects.filter(municipality=municipality).values(
            "pk",
            "political_state",
            "financial_state",
            "implementation_state",
            "traffic_light",
            "annual_amount",
        )
    )
    fields = list(FieldOfAction.objects.filter(municipality=municipality, is_active=True))
    field_links = Measure.fields.through.objects.filter(
        measure__municipality=municipality
    ).values_list("fieldofaction_id", "measure_id")
    info = {r["pk"]: r for r in rows}
    by_field: dict[int, list[Any]] = defaultdict(list)
    for field_id, mid in field_links:
        by_field[field_id].append(info[mid])
    states = [(v, str(label)) for v, label in ImplementationState.choices]
    field_table = [
        {
            "field": f,
            "counts": [
                sum(1 for r in by_field.get(f.pk, []) if r["implementation_state"] == v)
                for v, _l in states
            ],
            "total": len(by_field.get(f.pk, [])),
        }
        for f in fields
    ]
    spent_by_measure = dict(
        StatusUpdate.objects.filter(measure__municipality=municipality)
        .values_list("measure_id")
        .annotate(s=Sum("money_spent"))
        .values_list("measure_id", "s")
    )
    planned = sum(
        (r["annual_amount"] or Decimal(0))
        for r in rows
        if r["political_state"] != PoliticalState.REJECTED
    )
    spent = sum((v or Decimal(0)) for v in spent_by_measure.values())
    budget_by_state = [
        (
            str(label),
            sum(1 for r in rows if r["financial_state"] == v),
            sum((r["annual_amount"] or Decimal(0)) for r in rows if r["financial_state"] == v),
        )
        for v, label in FinancialState.choices
    ]
    overdue_milestones = list(
        Milestone.objects.filter(
            measure__municipality=municipality, done_on__isnull=True, due_on__lt=today
        )
        .select_related("measure")
        .order_by("due_on")[:25]
    )
    overdue_count = Milestone.objects.filter(
        measure__municipality=municipality, done_on__isnull=True, due_on__lt=today
    ).count()
    proposed = list(
        Measure.objects.filter(municipality=municipality, political_state=PoliticalState.PROPOSED)
        .select_related("lead_unit")
        .order_by("number")[:25]
    )
    proposed_count = sum(1 for r in rows if r["political_state"] == PoliticalState.PROPOSED)
    needs_budget = list(
        Measure.objects.filter(
            municipality=municipality,
            annual_amount__gt=0,
            financial_state__in=[
                FinancialState.OPEN,
                FinancialState.BLOCKED,
                FinancialState.THIRD_PARTY_APPLIED,
            ],
        )
        .exclude(political_state=PoliticalState.REJECTED)
        .order_by("number")[:25]
    )
    open_proposals = ChangeProposal.objects.filter(
        draft__municipality=municipality, decision=ProposalDecision.OPEN
    ).count()
    lights = Counter(r["traffic_light"] for r in rows)
    return {
        "total": len(rows),
        "states": states,
        "field_table": field_table,
        "state_totals": [
            sum(1 for r in rows if r["implementation_state"] == v) for v, _l in states
        ],
        "lights": [(v, str(label), lights[v]) for v, label in TrafficLight.choices],
        "political": [
            (str(label), sum(1 for r in rows if r["political_state"] == v))
            for v, label in PoliticalState.choices
        ],
        "planned": planned,
        "spent": spent,
        "budget_by_state": budget_by_state,
        "overdue_milestones": overdue_milestones,
        "overdue_count": overdue_count,
        "proposed": proposed,
        "proposed_count": proposed_count,
        "needs_budget": needs_budget,
        "open_proposals": open_proposals,
    }


def state_chart_spec(*, data: dict[str, Any], title: str) -> dict[str, Any]:
    """Stacked bars per field of action, states in their lifecycle order, whole-number axis."""
    labels = [label for _v, label in data["states"]]
    values = [
        {"field": str(row["field"].name), "state": label, "order": i, "count": count}
        for row in data["field_table"]
        for i, (label, count) in enumerate(zip(labels, row["counts"], strict=True))
        if count
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": title,
        "width": "container",
        "height": {"step": 22},
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "y": {"field": "field", "type": "nominal", "title": None, "sort": None},
            "x": {
                "field": "count",
                "type": "quantitative",
                "title": _("Measures"),
                "stack": "zero",
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "color": {
                "field": "state",
                "type": "nominal",
                "title": _("Implementation state"),
                "scale": {
                    "domain": labels,
                    "range": ["#9aa5b1", "#2f6f8f", "#1e7b34", "#0b4f2a", "#d9a400", "#c0262d"],
                },
            },
            "order": {"field": "order", "type": "quantitative"},
            "tooltip": [
                {"field": "field", "title": _("Field of action")},
                {"field": "state", "title": _("Implementation state")},
                {"field": "count", "title": _("Measures")},
            ],
        },
    }


def led_measures(*, town: Municipality) -> QuerySet[Measure]:
    """County measures led by a town of the federation (for the town's own workspace)."""
    if not town.parent_id:
        return Measure.objects.none()
    return (
        Measure.objects.filter(municipality_id=town.parent_id, lead_municipality=town)
        .select_related("municipality")
        .order_by("number")
    )


# --- evaluations -----------------------------------------------------------------------------


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


# Report facts


def status_updates_between(
    *, municipality: Municipality, since: date, until: date
) -> QuerySet[StatusUpdate]:
    """Status updates written after the moment ``since`` up to ``until``, by measure."""
    return (
        StatusUpdate.objects.filter(
            measure__municipality=municipality, created_at__gt=since, created_at__lte=until
        )
        .select_related("measure")
        .order_by("measure__number", "reported_on", "pk")
    )


def milestones_reached_between(
    *, municipality: Municipality, after: date, until: date
) -> QuerySet[Milestone]:
    """Milestones done after the day ``after`` up to ``until``, in the order they were done."""
    return (
        Milestone.objects.filter(
            measure__municipality=municipality, done_on__gt=after, done_on__lte=until
        )
        .select_related("measure")
        .order_by("done_on")
    )


def milestones_overdue(*, municipality: Municipality, today: date) -> QuerySet[Milestone]:
    """Open milestones due before ``today``, earliest first."""
    return (
        Milestone.objects.filter(
            measure__municipality=municipality, done_on__isnull=True, due_on__lt=today
        )
        .select_related("measure")
        .order_by("due_on")
    )


def milestones_open(*, municipality: Municipality, until: date) -> QuerySet[Milestone]:
    """Milestones not yet reached and due by ``until``, with their measure's lead and fields."""
    return (
        Milestone.objects.filter(
            measure__municipality=municipality, done_on__isnull=True, due_on__lte=until
        )
        .select_related("measure__lead_unit")
        .prefetch_related("measure__fields")
        .order_by("due_on", "pk")
    )


def measures_reporting(*, municipality: Municipality) -> QuerySet[Measure]:
    """Adopted measures being carried out, which their lead office reports on, with the date
    of their latest status update (``last_update``)."""
    return (
        Measure.objects.filter(
            municipality=municipality,
            political_state__in=[PoliticalState.ADOPTED, PoliticalState.ACKNOWLEDGED],
            implementation_state__in=[
                ImplementationState.NOT_STARTED,
                ImplementationState.IN_PROGRESS,
            ],
        )
        .select_related("lead_unit")
        .prefetch_related("fields")
        .annotate(last_update=Max("updates__reported_on"))
        .order_by("number", "pk")
    )
