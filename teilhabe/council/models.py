"""The council: bodies per election period, meetings with agenda items and paper deadlines,
papers with sign-offs and their consultations (Beratungsfolge), and the OParl import runs.

The council information system (RIS) stays the system of record: it assigns the
Drucksachen-Nr. and publishes. Teilhabe drafts, links, follows and draws the consequences.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.mixins import Versioned
from teilhabe.core.models import Municipality, OrgUnit, history
from teilhabe.core.uploads import StoredName, UploadGate

# What a council paper may have attached.
ATTACHMENT_KINDS = ("pdf", "docx", "xlsx", "odt", "ods", "png", "jpeg")

MONEY = {
    "max_digits": 14,
    "decimal_places": 2,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(0)],
}


class CouncilSettings(models.Model):
    """Per municipality: the rule for the paper deadline and the sign-off lead time."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="council_settings"
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("Paper deadline: days before the meeting"),
        default=14,
        help_text=_("The Vorlagenschluss lies this many days before the meeting."),
    )
    deadline_working_days = models.BooleanField(
        _("Count working days only"),
        default=False,
        help_text=_("Saturdays and Sundays are not counted."),
    )
    signoff_days = models.PositiveSmallIntegerField(
        _("Sign-offs: days before the paper deadline"),
        default=5,
        help_text=_("Sign-offs are due this many days before the paper deadline."),
    )
    docx_template = models.FileField(
        _("Own Word template"),
        upload_to=StoredName("council/templates"),
        blank=True,
        validators=[UploadGate("docx")],
        help_text=_("Optional. Without it, Teilhabe uses its own template (see the manual)."),
    )
    oparl_endpoint = models.URLField(
        _("OParl endpoint (system or body URL)"), blank=True, max_length=500
    )
    oparl_last_sync = models.DateTimeField(_("last OParl import"), null=True, blank=True)
    oparl_people = models.BooleanField(
        _("Take over the members of the bodies from the RIS"),
        default=False,
        help_text=_(
            "Persons (name only) and their memberships with their role, as the RIS publishes "
            "them. A person is removed on request and not taken over again."
        ),
    )

    history = history()

    class Meta:
        verbose_name = _("Council settings")
        verbose_name_plural = _("Council settings")

    def __str__(self) -> str:
        return str(self.municipality)

    def paper_deadline_for(self, day: date) -> date:
        """The Vorlagenschluss of a meeting on ``day``; always a working day."""
        deadline = day
        if self.deadline_working_days:
            left = self.deadline_days
            while left > 0:
                deadline -= timedelta(days=1)
                if deadline.weekday() < 5:
                    left -= 1
        else:
            deadline = day - timedelta(days=self.deadline_days)
        while deadline.weekday() >= 5:  # a deadline on a weekend moves to the Friday before
            deadline -= timedelta(days=1)
        return deadline


class ElectionPeriod(models.Model):
    """A Wahlperiode: bodies are constituted for one."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="election_periods"
    )
    name = models.CharField(_("Name"), max_length=100)
    start = models.DateField(pgettext_lazy("council", "Start"))
    end = models.DateField(_("End"), null=True, blank=True)
    oparl_id = models.URLField(_("OParl ID"), max_length=500, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Election period")
        verbose_name_plural = _("Election periods")
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end and self.end < self.start:
            raise ValidationError({"end": _("The end lies before the start.")})


class CommitteeKind(models.TextChoices):
    COUNCIL = "council", _("Council (Rat, Stadtrat, Kreistag)")
    COMMITTEE = "committee", _("Committee (Ausschuss)")
    INTEGRATION_COUNCIL = "integration_council", _("Integration council (§ 27 GO NRW)")
    ADVISORY_COUNCIL = "advisory_council", _("Advisory council for migration and integration")
    INTEGRATION_COMMISSION = "integration_commission", _("Integration commission (§ 89 HGO)")
    ADMINISTRATIVE = "administrative", _("Administrative body (Stadtvorstand, Magistrat)")
    DISTRICT = "district", _("District council (Bezirksvertretung, Ortsbeirat)")
    OTHER = "other", _("Other body")


class Committee(models.Model):
    """A Gremium (OParl Organization). Renaming keeps the old names with their validity."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="committees"
    )
    name = models.CharField(_("Current name"), max_length=200)
    short_name = models.CharField(_("Abbreviation"), max_length=40, blank=True)
    kind = models.CharField(_("Kind"), max_length=30, choices=CommitteeKind.choices)
    election_period = models.ForeignKey(
        ElectionPeriod,
        verbose_name=_("Election period"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committees",
    )
    meets_in_public = models.BooleanField(_("meets in public"), default=True)
    may_decide = models.BooleanField(
        _("may decide itself"),
        default=False,
        help_text=_(
            "Set when this body takes final decisions (the council; in Bavaria also committees)."
        ),
    )
    competences = models.TextField(
        _("Decides on"),
        blank=True,
        help_text=_("What this body decides by itself, e.g. from the main statute."),
    )
    position = models.PositiveIntegerField(_("Order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    oparl_id = models.URLField(_("OParl ID"), max_length=500, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Body")
        verbose_name_plural = _("Bodies")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def name_on(self, day: date | None) -> str:
        """The name the body had on ``day`` (a paper keeps the name of its time)."""
        if day is None:
            return self.name
        for old in self.former_names.all():
            if old.valid_until >= day and (old.valid_from is None or old.valid_from <= day):
                return old.name
        return self.name


class CommitteeName(models.Model):
    """A former name of a body, valid until the day before the rename."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("Name"), max_length=200)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))

    history = history()

    class Meta:
        verbose_name = _("Former name")
        verbose_name_plural = _("Former names")
        ordering = ["-valid_until"]

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(models.Model):
    """A Sitzung (OParl Meeting) of one body."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="meetings"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("Body"), on_delete=models.PROTECT, related_name="meetings"
    )
    name = models.CharField(_("Title"), max_length=200, blank=True)
    start = models.DateTimeField(_("Begins"))
    location = models.CharField(_("Place"), max_length=200, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    paper_deadline = models.DateField(_("Paper deadline (Vorlagenschluss)"), null=True, blank=True)
    deadline_overridden = models.BooleanField(_("deadline set by hand"), default=False)
    oparl_id = models.URLField(_("OParl ID"), max_length=500, blank=True)
    web = models.URLField(_("Page in the RIS"), max_length=500, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Meeting")
        verbose_name_plural = _("Meetings")
        ordering = ["start"]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.committee.name_on(local.date())}, {local:%d.%m.%Y}"

    @property
    def day(self) -> date:
        return timezone.localtime(self.start).date()

    def clean(self) -> None:
        if self.committee_id and self.committee.municipality_id != self.municipality_id:
            raise ValidationError({"committee": _("The body belongs to another municipality.")})


class AgendaItem(models.Model):
    """A Tagesordnungspunkt of a meeting, possibly dealing with a paper."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(pgettext_lazy("council", "Item"), max_length=20)
    title = models.CharField(_("Subject"), max_length=500)
    is_public = models.BooleanField(_("public"), default=True)
    paper = models.ForeignKey(
        "Paper",
        verbose_name=pgettext_lazy("council", "Paper"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    result = models.CharField(_("Result"), max_length=200, blank=True)
    resolution_text = models.TextField(_("Resolution text"), blank=True)
    position = models.PositiveIntegerField(_("Order"), default=0)
    oparl_id = models.URLField(_("OParl ID"), max_length=500, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Agenda item")
        verbose_name_plural = _("Agenda items")
        ordering = ["position", "number"]

    def __str__(self) -> str:
        return f"TOP {self.number} {self.title}"


class PaperType(models.Model):
    """A local type of paper (Beschlussvorlage, Mitteilungsvorlage, Antrag …)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="paper_types"
    )
    name = models.CharField(_("Name"), max_length=100)
    has_resolution = models.BooleanField(
        _("has a proposed resolution"),
        default=True,
        help_text=_("Not set for information papers (Mitteilungsvorlage)."),
    )
    position = models.PositiveIntegerField(_("Order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = history()

    class Meta:
        verbose_name = _("Paper type")
        verbose_name_plural = _("Paper types")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="papertype_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PaperStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNOFF = "signoff", _("in sign-off")
    READY = "ready", _("ready for the RIS")
    SUBMITTED = "submitted", _("in the RIS")
    DONE = "done", _("deliberation finished")


class PaperOrigin(models.TextChoices):
    TEILHABE = "teilhabe", _("drafted in Teilhabe")
    RIS = "ris", _("imported from the RIS")


class InvestmentState(models.TextChoices):
    NONE = "", _("no investment")
    WITHIN = "within", _("within the estimate")
    EXCEEDS = "exceeds", _("total costs will rise")


class CoverKind(models.TextChoices):
    NONE = "", _("funds suffice")
    SAVINGS = "savings", _("cover by extra income or lower expenses")
    UNPLANNED = "unplanned", _("cover by an unplanned or extra-budgetary approval")


class Paper(Versioned):
    """A Vorlage (OParl Paper), drafted here or imported from the RIS."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="papers")
    paper_type = models.ForeignKey(
        PaperType, verbose_name=_("Paper type"), on_delete=models.PROTECT, related_name="papers"
    )
    origin = models.CharField(
        _("Origin"), max_length=10, choices=PaperOrigin.choices, default=PaperOrigin.TEILHABE
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=PaperStatus.choices, default=PaperStatus.DRAFT
    )
    subject = models.CharField(_("Subject (Betreff)"), max_length=500)
    lead = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Lead office (Federführung)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_papers",
    )
    author = models.CharField(_("Author (Bearbeitung)"), max_length=200, blank=True)
    file_number = models.CharField(_("File number (Aktenzeichen)"), max_length=100, blank=True)
    date = models.DateField(_("Date"), default=timezone.localdate)
    is_public = models.BooleanField(_("public"), default=True)
    proposed_resolution = models.TextField(
        _("Proposed resolution (Beschlussvorschlag)"), blank=True
    )
    # Impact checks.
    impact_children = models.TextField(
        _("Impact on children and young people"),
        blank=True,
        help_text=_("Leave empty when there is none; the paper then says “keine”."),
    )
    staff_plan_affected = models.BooleanField(_("affects the staff plan"), default=False)
    staff_plan_note = models.TextField(_("Effect on the staff plan"), blank=True)
    # Financial impact (the form of Lampertheim's paper).
    finance_none = models.BooleanField(_("no financial impact"), default=True)
    booking_code = models.CharField(_("Booking code (Buchungsstelle)"), max_length=60, blank=True)
    funds_provided = models.DecimalField(_("Funds provided"), **MONEY)
    funds_available = models.DecimalField(_("Funds still available"), **MONEY)
    required_amount = models.DecimalField(_("Amount needed"), **MONEY)
    cover_kind = models.CharField(
        _("Cover of a shortfall"), max_length=10, choices=CoverKind.choices, blank=True, default=""
    )
    cover_booking_code = models.CharField(_("Cover from booking code"), max_length=60, blank=True)
    investment_state = models.CharField(
        _("Investment"), max_length=10, choices=InvestmentState.choices, blank=True, default=""
    )
    investment_increase = models.DecimalField(_("Increase of total costs"), **MONEY)
    followup_staff = models.DecimalField(_("Follow-up costs: staff"), **MONEY)
    followup_operations = models.DecimalField(_("Follow-up costs: operation and upkeep"), **MONEY)
    followup_financing = models.DecimalField(_("Follow-up costs: financing"), **MONEY)
    followup_other = models.DecimalField(_("Follow-up costs: other"), **MONEY)
    # Hand-over to the RIS.
    reference = models.CharField(_("Drucksachen-Nr."), max_length=60, blank=True)
    ris_url = models.URLField(_("Link to the RIS"), max_length=500, blank=True)
    oparl_id = models.URLField(_("OParl ID of the RIS paper"), max_length=500, blank=True)
    oparl_modified = models.DateTimeField(_("changed in the RIS"), null=True, blank=True)
    # Decision tracking (Beschlusskontrolle): the mandates the decision gives the
    # administration, and the earlier mandates this paper fulfils.
    mandates_given = models.ManyToManyField(
        "planning.Mandate",
        verbose_name=_("mandates given by the decision"),
        blank=True,
        related_name="given_by_papers",
    )
    mandates_closed = models.ManyToManyField(
        "planning.Mandate",
        verbose_name=_("mandates closed by the paper"),
        blank=True,
        related_name="closed_by_papers",
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("council", "Paper")
        verbose_name_plural = pgettext_lazy("council", "Papers")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}".strip()

    @property
    def has_resolution(self) -> bool:
        return self.paper_type.has_resolution

    @property
    def shortfall(self) -> Decimal | None:
        """How much the available funds lack for the amount needed (never negative)."""
        if self.required_amount is None:
            return None
        return max(Decimal(0), self.required_amount - (self.funds_available or Decimal(0)))

    @property
    def followup_total(self) -> Decimal:
        parts = (
            self.followup_staff,
            self.followup_operations,
            self.followup_financing,
            self.followup_other,
        )
        return sum((p or Decimal(0) for p in parts), Decimal(0))

    @property
    def has_followup(self) -> bool:
        return self.followup_total > 0

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.lead_id and self.lead and self.lead.municipality_id != self.municipality_id:
            errors["lead"] = str(_("The office belongs to another municipality."))
        if self.paper_type_id and self.paper_type.municipality_id != self.municipality_id:
            errors["paper_type"] = str(_("The paper type belongs to another municipality."))
        if self.finance_none:
            money = [
                self.funds_provided,
                self.funds_available,
                self.required_amount,
                self.investment_increase,
                self.followup_staff,
                self.followup_operations,
                self.followup_financing,
                self.followup_other,
            ]
            if any(m for m in money):
                errors["finance_none"] = str(
                    _(
                        "“No financial impact” is ticked, but amounts are entered. "
                        "Remove the amounts or untick the box."
                    )
                )
        if self.cover_kind and not self.shortfall:
            errors["cover_kind"] = str(
                _("A cover is only needed when the available funds do not suffice.")
            )
        if self.investment_state == InvestmentState.EXCEEDS and not self.investment_increase:
            errors["investment_increase"] = str(
                _("Give the amount by which the total costs will rise.")
            )
        if self.staff_plan_affected and not self.staff_plan_note.strip():
            errors["staff_plan_note"] = str(_("Describe how the staff plan is affected."))
        if errors:
            raise ValidationError(errors)


class JustificationSection(models.Model):
    """A numbered section of the justification (Begründung / Sachdarstellung)."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("Number"), default=1)
    heading = models.CharField(_("Heading"), max_length=200, blank=True)
    text = models.TextField(_("Text"))

    history = history()

    class Meta:
        verbose_name = _("Section of the justification")
        verbose_name_plural = _("Sections of the justification")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.heading}"


class Attachment(models.Model):
    """An Anlage of a paper: an uploaded file, or a file of the RIS (OParl File)."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("Title"), max_length=300)
    file = models.FileField(
        _("File"),
        upload_to=StoredName("council/attachments"),
        blank=True,
        validators=[UploadGate(*ATTACHMENT_KINDS)],
    )
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    url = models.URLField(_("Address in the RIS"), max_length=500, blank=True)
    is_main = models.BooleanField(_("main file"), default=False)
    position = models.PositiveIntegerField(_("Order"), default=0)
    oparl_id = models.URLField(_("OParl ID"), max_length=500, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Attachment")
        verbose_name_plural = _("Attachments")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class SignOffStep(models.Model):
    """The configurable list of sign-offs (Mitzeichnung) a municipality asks for."""

    class Condition(models.TextChoices):
        ALWAYS = "always", pgettext_lazy("council", "always")
        FINANCE = "finance", _("when the paper has a financial impact")
        STAFF = "staff", _("when the staff plan is affected")
        RESOLUTION = "resolution", _("when the paper has a proposed resolution")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="signoff_steps"
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("Organisational unit"), on_delete=models.PROTECT
    )
    condition = models.CharField(
        _("Needed"), max_length=12, choices=Condition.choices, default=Condition.ALWAYS
    )
    position = models.PositiveIntegerField(_("Order"), default=0)

    history = history()

    class Meta:
        verbose_name = _("Sign-off step")
        verbose_name_plural = _("Sign-off steps")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.org_unit)

    def applies_to(self, paper: Paper) -> bool:
        return {
            self.Condition.ALWAYS: True,
            self.Condition.FINANCE: not paper.finance_none,
            self.Condition.STAFF: paper.staff_plan_affected,
            self.Condition.RESOLUTION: paper.has_resolution,
        }[self.Condition(self.condition)]


class SignOffDecision(models.TextChoices):
    PENDING = "", _("open")
    APPROVED = "approved", pgettext_lazy("council", "approved")
    REMARK = "remark", _("approved with remark")
    REFUSED = "refused", _("refused")


class SignOff(models.Model):
    """One sign-off of one paper by an organisational unit."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="signoffs")
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("Organisational unit"), on_delete=models.PROTECT
    )
    position = models.PositiveIntegerField(_("Order"), default=0)
    decision = models.CharField(
        _("Decision"), max_length=10, choices=SignOffDecision.choices, blank=True, default=""
    )
    remark = models.TextField(_("Remark"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    due = models.DateField(_("due by"), null=True, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Sign-off")
        verbose_name_plural = _("Sign-offs")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "org_unit"], name="signoff_unique_unit")
        ]

    def __str__(self) -> str:
        return f"{self.org_unit}: {self.get_decision_display()}"

    @property
    def is_open(self) -> bool:
        return not self.decision

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due is not None and self.due < timezone.localdate()

    def clean(self) -> None:
        if (
            self.decision in (SignOffDecision.REMARK, SignOffDecision.REFUSED)
            and not (self.remark or "").strip()
        ):
            raise ValidationError({"remark": _("Please give the remark or the reason.")})


class ConsultationRole(models.TextChoices):
    PRELIMINARY = "preliminary", _("preliminary consultation (Vorberatung)")
    DECISION = "decision", _("decision (Entscheidung)")
    NOTICE = "notice", _("for information (Kenntnisnahme)")
    HEARING = "hearing", _("hearing (Anhörung)")


class ConsultationResult(models.TextChoices):
    OPEN = "", _("open")
    RECOMMENDED = "recommended", _("recommended")
    ADOPTED = "adopted", _("adopted")
    ADOPTED_AMENDED = "adopted_amended", _("adopted with changes")
    REJECTED = "rejected", _("rejected")
    REFERRED = "referred", _("referred")
    POSTPONED = "postponed", _("postponed")
    WITHDRAWN = "withdrawn", _("taken off the agenda")
    NOTED = "noted", _("taken note of")
    FORWARDED = "forwarded", _("forwarded without a vote")


ADOPTING_RESULTS = frozenset({ConsultationResult.ADOPTED, ConsultationResult.ADOPTED_AMENDED})
# A step with one of these results still has to be dealt with (again): the paper stays open.
OPEN_RESULTS = frozenset(
    {ConsultationResult.OPEN, ConsultationResult.POSTPONED, ConsultationResult.REFERRED}
)


class Consultation(models.Model):
    """One step of a paper's Beratungsfolge. Re-planning marks the old steps superseded."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="consultations")
    position = models.PositiveIntegerField(_("Step"), default=1)
    committee = models.ForeignKey(
        Committee, verbose_name=_("Body"), on_delete=models.PROTECT, related_name="consultations"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("Meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    planned_date = models.DateField(_("Date"), null=True, blank=True)
    role = models.CharField(
        pgettext_lazy("council", "Role"),
        max_length=12,
        choices=ConsultationRole.choices,
        default=ConsultationRole.PRELIMINARY,
    )
    authoritative = models.BooleanField(_("authoritative"), default=False)
    result = models.CharField(
        _("Result"), max_length=20, choices=ConsultationResult.choices, blank=True, default=""
    )
    unanimous = models.BooleanField(_("unanimous"), default=False)
    votes_yes = models.PositiveIntegerField(_("Yes"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("No"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("Abstentions"), null=True, blank=True)
    resolution_text = models.TextField(_("Resolution text"), blank=True)
    urgent = models.BooleanField(
        _("urgent decision (Dringlichkeitsentscheidung)"),
        default=False,
        help_text=_("Decided outside a meeting; the body confirms it later."),
    )
    urgent_on = models.DateField(_("urgent decision taken on"), null=True, blank=True)
    urgent_reason = models.TextField(_("Reason for the urgent decision"), blank=True)
    superseded_at = models.DateTimeField(_("replaced on"), null=True, blank=True)
    plan_round = models.PositiveIntegerField(_("Plan"), default=1)
    oparl_id = models.URLField(_("OParl ID"), max_length=500, blank=True)
    from_ris = models.BooleanField(_("taken from the RIS"), default=False)

    history = history()

    class Meta:
        verbose_name = _("Consultation")
        verbose_name_plural = _("Consultations")
        ordering = ["plan_round", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.committee_name}"

    @property
    def day(self) -> date | None:
        if self.urgent and self.urgent_on:
            return self.urgent_on
        return self.meeting.day if self.meeting_id and self.meeting else self.planned_date

    @property
    def is_settled(self) -> bool:
        """Dealt with for good: a result that does not send the paper back or to later."""
        return self.result not in OPEN_RESULTS

    @property
    def committee_name(self) -> str:
        return self.committee.name_on(self.day)

    @property
    def vote_text(self) -> str:
        if self.unanimous:
            return str(_("unanimous"))
        if self.votes_yes is None and self.votes_no is None and self.votes_abstain is None:
            return ""
        return str(_("%(yes)s yes, %(no)s no, %(abstain)s abstentions")) % {
            "yes": self.votes_yes or 0,
            "no": self.votes_no or 0,
            "abstain": self.votes_abstain or 0,
        }

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.meeting_id and self.meeting and self.meeting.committee_id != self.committee_id:
            errors["meeting"] = str(_("The meeting belongs to another body."))
        if self.unanimous and (self.votes_no or self.votes_abstain):
            errors["unanimous"] = str(
                _("A unanimous vote has no votes against; remove them or untick “unanimous”.")
            )
        if errors:
            raise ValidationError(errors)


class CouncilPerson(models.Model):
    """A member of a body as the RIS publishes them: the name only. Personal data: no change
    history is kept, and a removal on request deletes everything (see person_remove)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="council_persons"
    )
    name = models.CharField(_("Name"), max_length=200)
    oparl_id = models.URLField(_("OParl ID"), max_length=500)

    class Meta:
        verbose_name = _("Member")
        verbose_name_plural = _("Members")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "oparl_id"], name="councilperson_unique_oparl"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CouncilMembership(models.Model):
    """A person's seat in a body with the role the RIS gives (Vorsitzende, Mitglied …)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(CouncilPerson, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(pgettext_lazy("council", "Role"), max_length=200, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    oparl_id = models.URLField(_("OParl ID"), max_length=500)

    class Meta:
        verbose_name = _("Membership")
        verbose_name_plural = _("Memberships")
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "oparl_id"], name="councilmembership_unique_oparl"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"


class RemovedPerson(models.Model):
    """A person removed on request: only a hash of their OParl id, so the import leaves
    them out without keeping who they were."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    oparl_hash = models.CharField(max_length=64)
    removed_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "oparl_hash"], name="removedperson_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.oparl_hash[:12]} ({self.removed_on:%d.%m.%Y})"


class OParlRun(models.Model):
    """One import from the RIS through OParl, with the report of what was skipped and why."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="oparl_runs"
    )
    source = models.CharField(_("Source"), max_length=500)
    modified_since = models.DateTimeField(_("changed since"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    counts = models.JSONField(_("Counts"), default=dict, blank=True)
    skipped = models.JSONField(_("Skipped"), default=list, blank=True)
    completed = models.BooleanField(
        _("read completely"),
        default=False,
        help_text=_("Only a complete run moves the time of the last import."),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("OParl import")
        verbose_name_plural = _("OParl imports")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.started_at:%d.%m.%Y %H:%M})"


class PaperLink(models.Model):
    """What a paper decides: a concept draft, recommendations, measures, a process plan or a
    report of another part of Teilhabe."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(_("Label"), max_length=300)
    applied_at = models.DateTimeField(_("decision applied on"), null=True, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Linked object")
        verbose_name_plural = _("Linked objects")
        ordering = ["content_type_id", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "content_type", "object_id"],
                name="paperlink_unique",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def target(self) -> models.Model | None:
        model = self.content_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()
