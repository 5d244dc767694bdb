"""Mandates (Beschlusskontrolle), the process plan with its building blocks and milestones,
staffing and costs, and funding programmes with grants, drawdowns and proofs of use."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.mixins import Versioned
from teilhabe.core.models import Municipality, OrgUnit, history

# --- mandates ------------------------------------------------------------------------------


class MandateStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Mandate(Versioned):
    """A council decision's order to the administration, tracked until a later paper closes it
    (Beschlusskontrolle), e.g. "make an integration concept and report back"."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="mandates"
    )
    title = models.CharField(_("Title"), max_length=250)
    description = models.TextField(
        _("Text of the order"), help_text=_("The order as worded in the decision.")
    )
    ordered_on = models.DateField(_("ordered on"))
    body_name = models.CharField(
        _("ordering body"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Stadtrat, Sozialausschuss, Integrationsrat"),
    )
    report_due = models.DateField(
        _("report back by"),
        null=True,
        blank=True,
        help_text=_("When the administration has to report back to the body."),
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible organisational unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandates",
    )
    source_reference = models.CharField(
        _("source"),
        max_length=250,
        blank=True,
        help_text=_("Decision and paper, e.g. “Stadtrat 21.09.2023, Drucksache 1234/2023”."),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=MandateStatus.choices, default=MandateStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reference = models.CharField(
        _("closed by"),
        max_length=250,
        blank=True,
        help_text=_("The paper or report that fulfilled the order."),
    )
    note = models.TextField(_("Note"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Mandate")
        verbose_name_plural = _("Mandates")
        ordering = ["status", "report_due", "-ordered_on", "pk"]
        indexes = [models.Index(fields=["municipality", "status", "report_due"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == MandateStatus.OPEN

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.report_due is not None and self.report_due < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.report_due and self.ordered_on and self.report_due < self.ordered_on:
            errors["report_due"] = str(
                _("The report-back date lies before the date of the order. Please correct it.")
            )
        if self.status == MandateStatus.CLOSED:
            if not self.closed_on:
                errors["closed_on"] = str(_("Give the date on which the mandate was closed."))
            elif self.ordered_on and self.closed_on < self.ordered_on:
                errors["closed_on"] = str(_("The mandate cannot be closed before it was ordered."))
        if (
            self.org_unit_id
            and self.org_unit
            and self.org_unit.municipality_id != (self.municipality_id)
        ):
            errors["org_unit"] = str(_("The organisational unit belongs to another municipality."))
        if errors:
            raise ValidationError(errors)


# --- process plan --------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (clamped to the month's end)."""
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


class PlanTemplate(models.TextChoices):
    SPEYER = "speyer", _("24-month plan with six building blocks (Speyer)")
    UPDATE = "update", _("Update of an existing concept in four phases (Bergisch Gladbach)")
    EMPTY = "empty", _("empty plan")


class ProcessPlan(Versioned):
    """The plan of the process that makes (or updates) the integration concept."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="process_plans"
    )
    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    template = models.CharField(
        _("Template"), max_length=20, choices=PlanTemplate.choices, default=PlanTemplate.EMPTY
    )
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("Month 1 of the plan begins on this day; without it, months stay relative."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Process plan")
        verbose_name_plural = _("Process plans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def month_start(self, month: int) -> date | None:
        return add_months(self.start_date, month - 1) if self.start_date else None

    def month_end(self, month: int) -> date | None:
        if not self.start_date:
            return None
        from datetime import timedelta

        return add_months(self.start_date, month) - timedelta(days=1)

    def month_of(self, day: date) -> int | None:
        """The plan month (1-based) in which ``day`` falls, or None before the start."""
        if not self.start_date or day < self.start_date:
            return None
        months = (day.year - self.start_date.year) * 12 + day.month - self.start_date.month
        if day.day < self.start_date.day:
            months -= 1
        return months + 1


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    DONE = "done", _("completed")
    SUSPENDED = "suspended", _("suspended")


class Phase(Versioned):
    """A building block (Baustein) of the plan, from a start month to an end month."""

    plan = models.ForeignKey(ProcessPlan, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField(_("Order"), default=0)
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Work steps"), blank=True)
    start_month = models.PositiveSmallIntegerField(_("start month"), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(_("end month"), null=True, blank=True)
    expected_end_month = models.PositiveSmallIntegerField(
        _("expected end month"),
        null=True,
        blank=True,
        help_text=_("If the building block takes longer than planned: the month it will end."),
    )
    responsible = models.CharField(_("responsible person"), max_length=200, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=PhaseStatus.choices, default=PhaseStatus.PLANNED
    )
    note = models.TextField(_("Note"), blank=True)

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Building block")
        verbose_name_plural = _("Building blocks")
        ordering = ["position", "start_month", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_scheduled(self) -> bool:
        return self.start_month is not None and self.end_month is not None

    @property
    def delay_months(self) -> int:
        if self.expected_end_month and self.end_month and self.expected_end_month > self.end_month:
            return self.expected_end_month - self.end_month
        return 0

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (self.start_month is None) != (self.end_month is None):
            errors["end_month"] = str(
                _("Give both the start and the end month, or neither (not yet scheduled).")
            )
        for name in ("start_month", "end_month", "expected_end_month"):
            value = getattr(self, name)
            if value is not None and not 1 <= value <= 120:
                errors[name] = str(_("Months are counted from 1 to 120."))
        if (
            self.start_month
            and self.end_month
            and self.end_month < self.start_month
            and "end_month" not in errors
        ):
            errors["end_month"] = str(_("The end month lies before the start month."))
        if (
            self.expected_end_month
            and self.start_month
            and self.expected_end_month < self.start_month
            and "expected_end_month" not in errors
        ):
            errors["expected_end_month"] = str(
                _("The expected end month lies before the start month.")
            )
        if errors:
            raise ValidationError(errors)


class Milestone(Versioned):
    """A milestone of the plan in a given month (e.g. "Integrationskonferenz")."""

    plan = models.ForeignKey(ProcessPlan, on_delete=models.CASCADE, related_name="milestones")
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("Building block"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    title = models.CharField(_("Title"), max_length=200)
    month = models.PositiveSmallIntegerField(_("month"))
    due_on = models.DateField(
        _("fixed date"),
        null=True,
        blank=True,
        help_text=_("Only if the date is fixed; otherwise the end of the month counts."),
    )
    responsible = models.CharField(_("responsible person"), max_length=200, blank=True)
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    note = models.TextField(_("Note"), blank=True)

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Milestone")
        verbose_name_plural = _("Milestones")
        ordering = ["month", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def due_date(self) -> date | None:
        return self.due_on or self.plan.month_end(self.month)

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        due = self.due_date
        return self.done_on is None and due is not None and due < today

    def clean(self) -> None:
        if self.month is not None and not 1 <= self.month <= 120:
            raise ValidationError({"month": _("Months are counted from 1 to 120.")})
        if self.phase_id and self.phase and self.phase.plan_id != self.plan_id:
            raise ValidationError({"phase": _("The building block belongs to another plan.")})


# --- resources -----------------------------------------------------------------------------


class CostRate(Versioned):
    """The average annual cost of a post by pay grade (e.g. from the KGSt report
    "Kosten eines Arbeitsplatzes"), configurable per municipality."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="cost_rates"
    )
    pay_grade = models.CharField(
        _("pay grade"), max_length=60, help_text=_("e.g. “EG 11 TVöD” or “A 11”")
    )
    annual_cost = models.DecimalField(
        _("annual cost per full-time post (EUR)"), max_digits=10, decimal_places=2
    )
    year = models.PositiveSmallIntegerField(_("valid for year"))
    source = models.CharField(
        _("source"),
        max_length=250,
        blank=True,
        help_text=_("e.g. “KGSt-Bericht Kosten eines Arbeitsplatzes 2024/2025”"),
    )

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Cost rate")
        verbose_name_plural = _("Cost rates")
        ordering = ["-year", "pay_grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "pay_grade", "year"], name="costrate_unique_grade_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pay_grade} ({self.year})"

    def clean(self) -> None:
        if self.annual_cost is not None and self.annual_cost <= 0:
            raise ValidationError({"annual_cost": _("The annual cost must be above zero.")})


class ResourceOption(Versioned):
    """One way of resourcing the plan (e.g. "own post" or "external contract"), compared side
    by side; the chosen one goes into the financial impact of the council paper."""

    plan = models.ForeignKey(ProcessPlan, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    is_chosen = models.BooleanField(
        _("chosen option"), default=False, help_text=_("Used for the financial impact.")
    )
    position = models.PositiveSmallIntegerField(_("Order"), default=0)

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Resource option")
        verbose_name_plural = _("Resource options")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class StaffPost(Versioned):
    """Staff: a post's share (FTE) for a number of months at a pay grade's cost rate."""

    option = models.ForeignKey(ResourceOption, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(_("Post"), max_length=200)
    cost_rate = models.ForeignKey(
        CostRate, verbose_name=_("pay grade"), on_delete=models.PROTECT, related_name="+"
    )
    share = models.DecimalField(
        _("share of a full-time post"),
        max_digits=4,
        decimal_places=2,
        default=1,
        help_text=_("1,0 = full time; 0,5 = half time"),
    )
    start_month = models.PositiveSmallIntegerField(_("from month"), default=1)
    months = models.PositiveSmallIntegerField(_("number of months"), default=24)
    grant = models.ForeignKey(
        "Grant",
        verbose_name=_("funded by grant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text=_("If the post is (partly) paid from a grant."),
    )

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Staff post")
        verbose_name_plural = _("Staff posts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.share is not None and not 0 < self.share <= 10:
            errors["share"] = str(_("Give the share as a number above 0, e.g. 1,0 or 0,5."))
        if not self.months:
            errors["months"] = str(_("Give at least one month."))
        if not self.start_month:
            errors["start_month"] = str(_("Months are counted from 1 to 120."))
        if (
            self.grant is not None
            and self.option_id
            and self.grant.municipality_id != self.option.plan.municipality_id
        ):
            errors["grant"] = str(_("This belongs to another municipality."))
        if errors:
            raise ValidationError(errors)


class CostKind(models.TextChoices):
    EXTERNAL = "external", _("external contract")
    MATERIAL = "material", _("material costs")
    OTHER = "other", _("other costs")


class CostItem(Versioned):
    """External contracts and material costs, spread evenly over their months."""

    option = models.ForeignKey(ResourceOption, on_delete=models.CASCADE, related_name="costs")
    kind = models.CharField(_("Kind"), max_length=10, choices=CostKind.choices)
    title = models.CharField(_("Title"), max_length=200)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    start_month = models.PositiveSmallIntegerField(_("from month"), default=1)
    end_month = models.PositiveSmallIntegerField(_("to month"), default=1)

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Cost item")
        verbose_name_plural = _("Cost items")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = str(_("The amount cannot be negative."))
        if self.start_month and self.end_month and self.end_month < self.start_month:
            errors["end_month"] = str(_("The end month lies before the start month."))
        if errors:
            raise ValidationError(errors)


# --- funding -------------------------------------------------------------------------------


class FunderKind(models.TextChoices):
    LAND = "land", _("state programme")
    FEDERAL = "federal", _("federal programme")
    EU = "eu", _("EU programme")
    FOUNDATION = "foundation", _("foundation")
    OTHER = "other", _("other funder")


class FundingProgramme(Versioned):
    """A funding programme, e.g. Hessen's "WIR – Vielfalt und Teilhabe", KIM in NRW, AMIF."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="funding_programmes"
    )
    name = models.CharField(_("Name"), max_length=200)
    funder = models.CharField(_("funding body"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=12, choices=FunderKind.choices)
    description = models.TextField(_("What is funded"), blank=True)
    funding_rate = models.DecimalField(
        _("funding rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    url = models.URLField(_("Web address"), blank=True)

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Funding programme")
        verbose_name_plural = _("Funding programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="programme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class GrantStatus(models.TextChoices):
    APPLIED = "applied", _("applied for")
    GRANTED = "granted", _("granted")
    REJECTED = "rejected", _("rejected")
    CLOSED = "closed", _("settled")


class Grant(Versioned):
    """A grant under a programme (Zuwendungsbescheid): period, amount, own share, drawdowns and
    the due dates of the proof of use (Verwendungsnachweis)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="grants")
    programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("Funding programme"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    plan = models.ForeignKey(
        ProcessPlan,
        verbose_name=_("Process plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grants",
    )
    title = models.CharField(_("Purpose"), max_length=250)
    status = models.CharField(
        _("Status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.GRANTED
    )
    notice_number = models.CharField(_("notice reference"), max_length=100, blank=True)
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    period_start = models.DateField(_("funded from"))
    period_end = models.DateField(_("funded until"))
    amount = models.DecimalField(_("granted amount (EUR)"), max_digits=12, decimal_places=2)
    own_share = models.DecimalField(
        _("own share (EUR)"), max_digits=12, decimal_places=2, default=0
    )
    contact = models.CharField(_("contact at the funding body"), max_length=250, blank=True)
    note = models.TextField(_("Note"), blank=True)

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Grant")
        verbose_name_plural = _("Grants")
        ordering = ["-period_start", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = str(_("The funded period ends before it begins."))
        if self.amount is not None and self.amount < 0:
            errors["amount"] = str(_("The amount cannot be negative."))
        if self.own_share is not None and self.own_share < 0:
            errors["own_share"] = str(_("The amount cannot be negative."))
        if self.status == GrantStatus.GRANTED and not self.notice_date:
            errors["notice_date"] = str(_("A granted grant needs the date of its notice."))
        if self.programme_id and self.programme.municipality_id != self.municipality_id:
            errors["programme"] = str(_("This belongs to another municipality."))
        if self.plan_id and self.plan and self.plan.municipality_id != self.municipality_id:
            errors["plan"] = str(_("This belongs to another municipality."))
        if errors:
            raise ValidationError(errors)


class Drawdown(Versioned):
    """A drawdown of grant money (Mittelabruf)."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="drawdowns")
    requested_on = models.DateField(_("requested on"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    note = models.CharField(_("Note"), max_length=250, blank=True)

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Drawdown")
        verbose_name_plural = _("Drawdowns")
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"{self.requested_on:%d.%m.%Y}: {self.amount}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = str(_("The amount must be above zero."))
        if self.received_on and self.requested_on and self.received_on < self.requested_on:
            errors["received_on"] = str(_("The money cannot arrive before it was requested."))
        if errors:
            raise ValidationError(errors)


class ProofKind(models.TextChoices):
    REPORT = "report", _("Sachbericht (narrative report)")
    NUMBERS = "numbers", _("zahlenmäßiger Nachweis (statement of expenditure)")


class ProofOfUse(Versioned):
    """A due part of the proof of use (Verwendungsnachweis) of a grant."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="proofs")
    kind = models.CharField(_("Kind"), max_length=10, choices=ProofKind.choices)
    interim = models.BooleanField(
        _("interim proof"), default=False, help_text=_("Zwischennachweis for a funding year.")
    )
    due_on = models.DateField(_("due on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    note = models.CharField(_("Note"), max_length=250, blank=True)

    # Raised on every save; an edit based on an older version is refused (no lost updates).

    history = history()

    class Meta:
        verbose_name = _("Proof of use")
        verbose_name_plural = _("Proofs of use")
        ordering = ["due_on", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.submitted_on is None

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_on < today
