"""Reads of the planning part, always scoped to a municipality."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.models import Municipality
from teilhabe.planning.models import (
    CostItem,
    CostKind,
    Drawdown,
    FundingProgramme,
    Grant,
    GrantStatus,
    Mandate,
    MandateStatus,
    Milestone,
    Phase,
    PhaseStatus,
    ProcessPlan,
    ProofOfUse,
    ResourceOption,
    StaffPost,
)


def mandates(
    *,
    municipality: Municipality,
    status: str = "",
    overdue: bool = False,
    query: str = "",
    today: date | None = None,
) -> QuerySet[Mandate]:
    """The municipality's mandates, filtered as on the list page."""
    today = today or timezone.localdate()
    qs = (
        Mandate.objects.filter(municipality=municipality)
        .select_related("org_unit")
        .order_by(
            Case(When(status=MandateStatus.OPEN, then=0), default=1),
            F("report_due").asc(nulls_last=True),
            "-ordered_on",
            "pk",
        )
    )
    if status in MandateStatus.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=MandateStatus.OPEN, report_due__lt=today)
    if query:
        qs = qs.filter(
            Q(title__icontains=query)
            | Q(description__icontains=query)
            | Q(source_reference__icontains=query)
            | Q(body_name__icontains=query)
        )
    return qs


def mandates_open(*, municipality: Municipality) -> QuerySet[Mandate]:
    return mandates(municipality=municipality, status=MandateStatus.OPEN)


# --- process plan --------------------------------------------------------------------------


def plans(*, municipality: Municipality) -> QuerySet[ProcessPlan]:
    return ProcessPlan.objects.filter(municipality=municipality).annotate(
        phase_count=Count("phases", distinct=True),
        milestone_count=Count("milestones", distinct=True),
    )


def current_plan(*, municipality: Municipality) -> ProcessPlan | None:
    return ProcessPlan.objects.filter(municipality=municipality).first()


def milestones_open(*, plan: ProcessPlan) -> QuerySet[Milestone]:
    """The plan's milestones not yet reached, with their building block's office."""
    return (
        Milestone.objects.filter(plan=plan, done_on__isnull=True)
        .select_related("plan", "phase__org_unit")
        .order_by("month", "due_on", "pk")
    )


@dataclass
class ChartCell:
    month: int
    state: str  # "planned", "delay", "milestone" or ""
    is_today: bool
    milestones: list[Milestone]


@dataclass
class ChartRow:
    phase: Phase
    cells: list[ChartCell]
    is_late: bool  # should have started or ended by now but has not
    note: str
    start: date | None = None
    end: date | None = None
    expected_end: date | None = None


@dataclass
class ChartMonth:
    number: int
    start: date | None
    is_today: bool


@dataclass
class PlanChart:
    months: list[ChartMonth]
    rows: list[ChartRow]
    unscheduled: list[Phase]
    milestones: list[Milestone]
    today_month: int | None
    loose_milestones: list[Milestone] = field(default_factory=list)  # not in a block
    loose_cells: list[ChartCell] = field(default_factory=list)


def plan_chart(*, plan: ProcessPlan, today: date | None = None) -> PlanChart:
    """The plan as a grid: one row per building block, one column per month; the current
    month, delays (months beyond the planned end) and late blocks are marked."""
    today = today or timezone.localdate()
    phases = list(plan.phases.select_related("org_unit"))
    milestones = list(plan.milestones.select_related("phase", "plan"))
    last = max(
        [12]
        + [p.end_month or 0 for p in phases]
        + [p.expected_end_month or 0 for p in phases]
        + [m.month for m in milestones]
    )
    today_month = plan.month_of(today)
    months = [
        ChartMonth(number=n, start=plan.month_start(n), is_today=n == today_month)
        for n in range(1, last + 1)
    ]
    rows = []
    scheduled = {p.pk for p in phases if p.is_scheduled}
    for phase in phases:
        if not phase.is_scheduled:
            continue
        own = [m for m in milestones if m.phase_id == phase.pk]
        end = max(phase.end_month or 0, phase.expected_end_month or 0)
        cells = []
        for n in range(1, last + 1):
            if phase.start_month <= n <= phase.end_month:  # type: ignore[operator]
                state = "planned"
            elif phase.end_month < n <= end:  # type: ignore[operator]
                state = "delay"
            else:
                state = ""
            cells.append(
                ChartCell(
                    month=n,
                    state=state,
                    is_today=n == today_month,
                    milestones=[m for m in own if m.month == n],
                )
            )
        is_late = False
        note = ""
        if today_month is not None and phase.status not in (PhaseStatus.DONE,):
            if phase.status == PhaseStatus.PLANNED and today_month > phase.start_month:  # type: ignore[operator]
                is_late, note = True, str(_("should have started"))
            elif today_month > end:
                is_late, note = True, str(_("should have ended"))
        rows.append(
            ChartRow(
                phase=phase,
                cells=cells,
                is_late=is_late,
                note=note,
                start=plan.month_start(phase.start_month),  # type: ignore[arg-type]
                end=plan.month_end(phase.end_month),  # type: ignore[arg-type]
                expected_end=plan.month_end(phase.expected_end_month)
                if phase.expected_end_month and phase.delay_months
                else None,
            )
        )
    loose = [m for m in milestones if m.phase_id is None or m.phase_id not in scheduled]
    loose_cells = [
        ChartCell(
            month=n,
            state="",
            is_today=n == today_month,
            milestones=[m for m in loose if m.month == n],
        )
        for n in range(1, last + 1)
    ]
    return PlanChart(
        loose_milestones=loose,
        loose_cells=loose_cells,
        months=months,
        rows=rows,
        unscheduled=[p for p in phases if not p.is_scheduled],
        milestones=milestones,
        today_month=today_month,
    )


# --- resources -----------------------------------------------------------------------------

CENT = Decimal("0.01")


def _spread(plan: ProcessPlan, total: Decimal, start: int, months: int) -> dict[str, Decimal]:
    """Spread an amount evenly over months, summed per year; the last year takes the
    rounding remainder so the years add up to the total exactly."""
    counts: dict[str, int] = {}
    for n in range(start, start + months):
        label = year_label(plan, n)
        counts[label] = counts.get(label, 0) + 1
    out: dict[str, Decimal] = {}
    rest = total
    labels = list(counts)
    for i, label in enumerate(labels):
        if i == len(labels) - 1:
            out[label] = rest
        else:
            part = (total * counts[label] / months).quantize(CENT, ROUND_HALF_UP)
            out[label] = part
            rest -= part
    return out


def year_label(plan: ProcessPlan, month: int) -> str:
    """The calendar year of a plan month, or "Jahr 1", "Jahr 2" … without a start date."""
    start = plan.month_start(month)
    if start is not None:
        return str(start.year)
    return str(_("year %(n)s") % {"n": (month - 1) // 12 + 1})


@dataclass
class CostLine:
    kind: str  # "staff" or a CostKind
    kind_label: str
    title: str
    detail: str
    total: Decimal
    by_year: dict[str, Decimal]
    obj: StaffPost | CostItem


@dataclass
class OptionCosts:
    option: ResourceOption
    lines: list[CostLine]
    by_year: dict[str, Decimal]
    by_kind: dict[str, Decimal]
    total: Decimal
    fte_months: Decimal

    def year_values(self, years: list[str]) -> list[Decimal]:
        return [self.by_year.get(y, Decimal(0)) for y in years]


@dataclass
class ResourceComparison:
    years: list[str]
    options: list[OptionCosts]


def _option_costs(plan: ProcessPlan, option: ResourceOption) -> OptionCosts:
    lines: list[CostLine] = []
    for post in option.posts.all():
        rate = post.cost_rate
        total = (post.share * rate.annual_cost * post.months / 12).quantize(CENT, ROUND_HALF_UP)
        lines.append(
            CostLine(
                kind="staff",
                kind_label=str(_("staff")),
                title=post.title,
                detail=str(
                    _("%(share)s post × %(months)s months × %(rate)s EUR/year (%(grade)s)")
                    % {
                        "share": de_decimal(post.share, 2),
                        "months": post.months,
                        "rate": de_decimal(rate.annual_cost, 0),
                        "grade": rate.pay_grade,
                    }
                )
                + (
                    "; " + str(_("funded by “%(grant)s”")) % {"grant": post.grant.title}
                    if post.grant
                    else ""
                ),
                total=total,
                by_year=_spread(plan, total, post.start_month, post.months),
                obj=post,
            )
        )
    for item in option.costs.all():
        months = item.end_month - item.start_month + 1
        lines.append(
            CostLine(
                kind=item.kind,
                kind_label=str(item.get_kind_display()),
                title=item.title,
                detail=str(
                    _("months %(start)s–%(end)s")
                    % {"start": item.start_month, "end": item.end_month}
                ),
                total=item.amount,
                by_year=_spread(plan, item.amount, item.start_month, months),
                obj=item,
            )
        )
    by_year: dict[str, Decimal] = {}
    by_kind: dict[str, Decimal] = {}
    for line in lines:
        by_kind[line.kind] = by_kind.get(line.kind, Decimal(0)) + line.total
        for year, amount in line.by_year.items():
            by_year[year] = by_year.get(year, Decimal(0)) + amount
    return OptionCosts(
        option=option,
        lines=lines,
        by_year=by_year,
        by_kind=by_kind,
        total=sum((line.total for line in lines), Decimal(0)),
        fte_months=sum((p.share * p.months for p in option.posts.all()), Decimal(0)),
    )


def resource_comparison(*, plan: ProcessPlan) -> ResourceComparison:
    """All resource options of a plan with their costs per year, side by side."""
    options = list(
        plan.options.prefetch_related(
            Prefetch("posts", queryset=StaffPost.objects.select_related("cost_rate", "grant")),
            "costs",
        )
    )
    costs = [_option_costs(plan, o) for o in options]
    years = sorted({y for c in costs for y in c.by_year}, key=_year_sort_key)
    return ResourceComparison(years=years, options=costs)


def _year_sort_key(label: str) -> tuple[int, str]:
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else 0, label)


def de_decimal(value: Decimal | int | float, digits: int = 2) -> str:
    """1234.5 → "1.234,50" (German grouping and decimal comma)."""
    text = f"{Decimal(str(value)):,.{digits}f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


def euro(value: Decimal) -> str:
    digits = 0 if value == value.to_integral_value() else 2
    return f"{de_decimal(value, digits)} €"


@dataclass
class FinancialImpact:
    """The block for the financial-impact section (Finanzielle Auswirkungen) of a council
    paper: totals per year of the chosen option, the funding that offsets them, and a text."""

    plan: ProcessPlan
    option: ResourceOption | None
    years: list[tuple[str, Decimal]]
    total: Decimal
    staff: Decimal
    external: Decimal
    material: Decimal
    funding: Decimal
    own_cost: Decimal
    text: str


def financial_impact(*, plan: ProcessPlan, option: ResourceOption | None = None) -> FinancialImpact:
    """Totals per year and a German text for a council paper's financial-impact section.
    Without ``option``, the plan's chosen option (or its first) is used."""
    comparison = resource_comparison(plan=plan)
    chosen = None
    if option is not None:
        chosen = next((c for c in comparison.options if c.option.pk == option.pk), None)
    if chosen is None:
        chosen = next((c for c in comparison.options if c.option.is_chosen), None)
    if chosen is None and comparison.options:
        chosen = comparison.options[0]
    granted = Grant.objects.filter(
        plan=plan, status__in=[GrantStatus.GRANTED, GrantStatus.CLOSED]
    ).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if chosen is None:
        return FinancialImpact(
            plan=plan,
            option=None,
            years=[],
            total=Decimal(0),
            staff=Decimal(0),
            external=Decimal(0),
            material=Decimal(0),
            funding=granted,
            own_cost=Decimal(0),
            text=str(_("No costs have been planned yet.")),
        )
    years = [(y, chosen.by_year[y]) for y in comparison.years if y in chosen.by_year]
    staff = chosen.by_kind.get("staff", Decimal(0))
    external = chosen.by_kind.get(CostKind.EXTERNAL, Decimal(0))
    material = chosen.by_kind.get(CostKind.MATERIAL, Decimal(0)) + chosen.by_kind.get(
        CostKind.OTHER, Decimal(0)
    )
    own = max(chosen.total - granted, Decimal(0))
    parts = [
        str(
            _("For “%(plan)s” (option “%(option)s”) costs of %(total)s arise in total")
            % {"plan": plan.title, "option": chosen.option.name, "total": euro(chosen.total)}
        )
    ]
    if years:
        parts[0] += str(
            _(", of which %(years)s")
            % {
                "years": "; ".join(
                    str(_("%(year)s: %(amount)s") % {"year": y, "amount": euro(a)})
                    for y, a in years
                )
            }
        )
    parts[0] += "."
    detail = []
    if staff:
        detail.append(
            str(_("staff costs %(amount)s (%(fte)s post-months)"))
            % {"amount": euro(staff), "fte": de_decimal(chosen.fte_months, 1)}
        )
    if external:
        detail.append(str(_("external contracts %(amount)s")) % {"amount": euro(external)})
    if material:
        detail.append(str(_("material and other costs %(amount)s")) % {"amount": euro(material)})
    if detail:
        parts.append(str(_("They consist of %(parts)s.")) % {"parts": ", ".join(detail)})
    if granted:
        parts.append(
            str(
                _(
                    "Grants of %(funding)s have been awarded for it; the municipality's own "
                    "share is %(own)s."
                )
            )
            % {"funding": euro(granted), "own": euro(own)}
        )
    return FinancialImpact(
        plan=plan,
        option=chosen.option,
        years=years,
        total=chosen.total,
        staff=staff,
        external=external,
        material=material,
        funding=granted,
        own_cost=own,
        text=" ".join(parts),
    )


# --- funding -------------------------------------------------------------------------------


def programmes(*, municipality: Municipality) -> QuerySet[FundingProgramme]:
    return FundingProgramme.objects.filter(municipality=municipality).annotate(
        grant_count=Count("grants")
    )


def grants(*, municipality: Municipality) -> QuerySet[Grant]:
    return (
        Grant.objects.filter(municipality=municipality)
        .select_related("programme", "plan")
        .annotate(drawn=Coalesce(Sum("drawdowns__amount"), Decimal(0)))
    )


def proofs_due(*, municipality: Municipality, until: date | None = None) -> QuerySet[ProofOfUse]:
    """Open proofs of use of the municipality, earliest first (optionally due by ``until``)."""
    qs = ProofOfUse.objects.filter(
        grant__municipality=municipality, submitted_on__isnull=True
    ).select_related("grant", "grant__programme")
    if until is not None:
        qs = qs.filter(due_on__lte=until)
    return qs.order_by("due_on", "kind", "pk")


def grant_report_draft(*, grant: Grant) -> str:
    """A first draft of the Sachbericht, drawn from the grant's own data: purpose and period,
    money granted and drawn, milestones of the linked plan in the period, and notes."""
    lines = [
        str(_("Sachbericht: %(title)s")) % {"title": grant.title},
        "",
        str(
            _(
                "Funding programme: %(programme)s (%(funder)s). Notice of %(date)s, "
                "reference %(number)s."
            )
        )
        % {
            "programme": grant.programme.name,
            "funder": grant.programme.funder,
            "date": grant.notice_date.strftime("%d.%m.%Y") if grant.notice_date else "–",
            "number": grant.notice_number or "–",
        },
        str(_("Funded period: %(start)s to %(end)s."))
        % {
            "start": grant.period_start.strftime("%d.%m.%Y"),
            "end": grant.period_end.strftime("%d.%m.%Y"),
        },
        "",
        str(_("1. Finances")),
    ]
    drawdowns = list(grant.drawdowns.all())
    drawn = sum((d.amount for d in drawdowns), Decimal(0))
    lines.append(
        ngettext(
            "Granted: %(amount)s; own share: %(own)s; drawn so far: %(drawn)s in %(n)s "
            "drawdown; remaining: %(rest)s.",
            "Granted: %(amount)s; own share: %(own)s; drawn so far: %(drawn)s in %(n)s "
            "drawdowns; remaining: %(rest)s.",
            len(drawdowns),
        )
        % {
            "amount": euro(grant.amount),
            "own": euro(grant.own_share),
            "drawn": euro(drawn),
            "n": len(drawdowns),
            "rest": euro(grant.amount - drawn),
        }
    )
    for d in drawdowns:
        received = (
            str(_("received on %(day)s")) % {"day": d.received_on.strftime("%d.%m.%Y")}
            if d.received_on
            else str(_("not yet received"))
        )
        lines.append(
            f"– {d.requested_on:%d.%m.%Y}: {euro(d.amount)} ({received})"
            + (f" – {d.note}" if d.note else "")
        )
    lines += ["", str(_("2. Course of the project"))]
    if grant.plan is not None:
        plan = grant.plan
        in_period = [
            m
            for m in plan.milestones.select_related("plan")
            if m.due_date is None or grant.period_start <= m.due_date <= grant.period_end
        ]
        reached = [m for m in in_period if m.done_on]
        pending = [m for m in in_period if not m.done_on]
        if reached:
            lines.append(str(_("Milestones reached in the funded period:")))
            lines += [f"– {m.done_on:%d.%m.%Y}: {m.title}" for m in reached]  # type: ignore[str-format]
        if pending:
            lines.append(str(_("Milestones not yet reached:")))
            lines += [
                f"– {m.title} ("
                + (
                    str(_("planned for %(day)s")) % {"day": m.due_date.strftime("%d.%m.%Y")}
                    if m.due_date
                    else str(_("month %(n)s")) % {"n": m.month}
                )
                + ")"
                for m in pending
            ]
        phases = [p for p in plan.phases.all() if p.is_scheduled]
        for p in phases:
            lines.append(
                f"– {p.name}: {p.get_status_display()}"
                + (
                    str(_(" (delayed by %(n)s months)")) % {"n": p.delay_months}
                    if p.delay_months
                    else ""
                )
            )
        if not in_period and not phases:
            lines.append(str(_("The linked process plan has no milestones yet.")))
    else:
        lines.append(str(_("Link the grant to the process plan to list its milestones here.")))
    if grant.note:
        lines += ["", str(_("3. Notes")), grant.note]
    return "\n".join(lines)


# --- for the documents ----------------------------------------------------------------------


def grants_running_since(*, municipality: Municipality, since: date) -> QuerySet[Grant]:
    """Grants whose funded period ends on or after ``since``, by start, with ``drawn``."""
    return grants(municipality=municipality).filter(period_end__gte=since).order_by("period_start")


def drawdowns_between(
    *, municipality: Municipality, after: date, until: date
) -> QuerySet[Drawdown]:
    """Drawdowns requested after ``after`` up to ``until``, in the order they were requested."""
    return (
        Drawdown.objects.filter(
            grant__municipality=municipality, requested_on__gt=after, requested_on__lte=until
        )
        .select_related("grant")
        .order_by("requested_on")
    )
