"""The integration concept: vision, guidelines, strategic goals, goals, recommendations and
measures with their three states; numbered drafts and change proposals; concept cycles for an
update (Fortschreibung) with the previous concept's measures and text. How the measures are
carried out (status updates, milestones, evaluations) belongs to the implementation part, which
sits above this one."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.mixins import Publishable, Versioned
from teilhabe.core.models import Area, FieldOfAction, Municipality, OrgUnit, history
from teilhabe.needs.models import Need, TargetGroup

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


# --- the tree --------------------------------------------------------------------------------


class Vision(Versioned, Publishable):
    """The Leitbild: one text per municipality."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="concept_vision"
    )
    text = models.TextField(_("Text"))

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("integration concept", "Vision")
        verbose_name_plural = pgettext_lazy("integration concept", "Visions")

    def __str__(self) -> str:
        return str(pgettext_lazy("integration concept", "Vision"))


class Guideline(Versioned, Publishable):
    """A Leitlinie: an ordered principle."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="concept_guidelines"
    )
    position = models.PositiveIntegerField(_("Order"), default=0)
    title = models.CharField(_("Title"), max_length=300)
    text = models.TextField(_("Text"), blank=True)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("integration concept", "Guideline")
        verbose_name_plural = pgettext_lazy("integration concept", "Guidelines")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class StrategicGoal(Versioned, Publishable):
    """A Leitziel / Oberziel of a field of action (the name is set per municipality)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="concept_strategic_goals"
    )
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=pgettext_lazy("integration concept", "Field of action"),
        on_delete=models.PROTECT,
        related_name="strategic_goals",
    )
    position = models.PositiveIntegerField(_("Order"), default=0)
    title = models.CharField(_("Title"), max_length=300)
    text = models.TextField(_("Description"), blank=True)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("integration concept", "Strategic goal")
        verbose_name_plural = pgettext_lazy("integration concept", "Strategic goals")
        ordering = ["field__position", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.field_id and self.field.municipality_id != self.municipality_id:
            raise ValidationError(
                {"field": _("The field of action belongs to another municipality.")}
            )


class Goal(Versioned, Publishable):
    """A Handlungsziel / operatives Ziel with indicator, baseline and target."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="concept_goals"
    )
    strategic_goal = models.ForeignKey(
        StrategicGoal,
        verbose_name=pgettext_lazy("integration concept", "Strategic goal"),
        on_delete=models.PROTECT,
        related_name="goals",
    )
    position = models.PositiveIntegerField(_("Order"), default=0)
    title = models.CharField(_("Title"), max_length=300)
    text = models.TextField(_("Description"), blank=True)
    indicator_text = models.CharField(
        _("Indicator"),
        max_length=300,
        blank=True,
        help_text=_(
            "What is measured, e.g. “Share of children with German as a second language in language support”."
        ),
    )
    unit = models.CharField(
        _("Unit"), max_length=40, blank=True, help_text=_("e.g. %, people, offers")
    )
    baseline_value = models.DecimalField(
        _("Baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveIntegerField(
        _("Baseline year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    target_value = models.DecimalField(
        _("Target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveIntegerField(
        _("Target year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    # The indicator of the data basis that measures the goal (its latest value is shown).
    indicator_ref = models.ForeignKey(
        "statistics.Indicator",
        verbose_name=_("Indicator of the data basis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concept_goals",
    )

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("integration concept", "Goal")
        verbose_name_plural = pgettext_lazy("integration concept", "Goals")
        ordering = ["strategic_goal__field__position", "strategic_goal__position", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.baseline_value is not None and not self.baseline_year:
            errors["baseline_year"] = str(_("Give the year of the baseline."))
        if self.target_value is not None and not self.target_year:
            errors["target_year"] = str(_("Give the year by which the target is to be reached."))
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            errors["target_year"] = str(_("The target year lies before the baseline year."))
        if self.strategic_goal_id and self.strategic_goal.municipality_id != self.municipality_id:
            errors["strategic_goal"] = str(_("Belongs to another municipality."))
        if errors:
            raise ValidationError(errors)


class Origin(models.TextChoices):
    WORKING_GROUP = "working_group", _("working group")
    SURVEY = "survey", _("survey")
    CONFERENCE = "conference", _("integration conference")
    STEERING = "steering", _("steering group")
    ADMINISTRATION = "administration", _("administration")
    MODERATION = "moderation", _("process moderation")
    PREVIOUS = "previous", _("previous concept")


class Recommendation(Versioned, Publishable):
    """A Handlungsempfehlung: may address third parties, has no owner and no budget, and
    leads to zero or more measures."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="concept_recommendations"
    )
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=pgettext_lazy("integration concept", "Field of action"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    number = models.CharField(_("Number"), max_length=20, blank=True)
    title = models.CharField(_("Title"), max_length=300)
    text = models.TextField(_("Text"), blank=True)
    addressees = models.CharField(
        _("Addressed to"),
        max_length=300,
        blank=True,
        help_text=_("Also third parties, e.g. the county, the job centre, associations."),
    )
    drafted_by = models.CharField(
        _("Drafted by"), max_length=200, blank=True, help_text=_("e.g. working group Sprache")
    )
    origin = models.CharField(
        _("Origin"), max_length=20, choices=Origin.choices, default=Origin.WORKING_GROUP
    )
    goals = models.ManyToManyField(
        Goal,
        verbose_name=pgettext_lazy("integration concept", "Goals"),
        blank=True,
        related_name="recommendations",
    )
    working_group = models.ForeignKey(
        "participation.WorkingGroup",
        verbose_name=_("Working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    # The chain contribution → recommendation: the ideas and needs it takes up.
    contributions = models.ManyToManyField(
        "participation.Contribution",
        verbose_name=_("Contributions taken up"),
        blank=True,
        related_name="recommendations",
    )
    # The needs it answers (both directions are shown); the table is the needs' old one.
    needs = models.ManyToManyField(
        Need,
        verbose_name=_("Needs"),
        blank=True,
        related_name="recommendations",
        db_table="concept_need_recommendations",
    )

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("integration concept", "Recommendation")
        verbose_name_plural = pgettext_lazy("integration concept", "Recommendations")
        ordering = ["field__position", "number", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


# --- measures ----------------------------------------------------------------------------


class PoliticalState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ADOPTED = "adopted", _("adopted")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    REJECTED = "rejected", _("rejected")


class FinancialState(models.TextChoices):
    OPEN = "open", _("not yet clarified")
    NO_COST = "no_cost", _("no cost")
    EXISTING_FUNDS = "existing_funds", _("from existing funds")
    REGISTERED = "registered", _("registered for the budget")
    BUDGETED = "budgeted", _("budgeted")
    BLOCKED = "blocked", _("blocked")
    THIRD_PARTY_APPLIED = "third_party_applied", _("third-party funds applied for")
    THIRD_PARTY_GRANTED = "third_party_granted", _("third-party funds granted")


class BudgetKind(models.TextChoices):
    CONSUMPTIVE = "consumptive", _("consumptive")
    INVESTIVE = "investive", _("investive")


class ImplementationState(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    IMPLEMENTED = "implemented", _("implemented")
    PERMANENT = "permanent", _("made permanent")
    PAUSED = "paused", pgettext_lazy("implementation state", "paused")
    STOPPED = "stopped", _("stopped")


class TrafficLight(models.TextChoices):
    NONE = "", _("not assessed")
    GREEN = "green", _("on track")
    YELLOW = "yellow", _("at risk")
    RED = "red", _("off track")


class Priority(models.IntegerChoices):
    HIGH = 1, _("high")
    MEDIUM = 2, _("medium")
    LOW = 3, _("low")


class Measure(Versioned, Publishable):
    """A Maßnahme with its political, financial and implementation state."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="concept_measures"
    )
    number = models.CharField(
        _("Number"),
        max_length=20,
        help_text=_("Unique in the concept, e.g. SP-3. Used by imports."),
    )
    title = models.CharField(_("Title"), max_length=300)
    description = models.TextField(_("Description"), blank=True)
    fields = models.ManyToManyField(
        FieldOfAction,
        verbose_name=pgettext_lazy("integration concept", "Fields of action"),
        related_name="measures",
    )
    goals = models.ManyToManyField(
        Goal,
        verbose_name=pgettext_lazy("integration concept", "Goals"),
        blank=True,
        related_name="measures",
    )
    recommendations = models.ManyToManyField(
        Recommendation,
        verbose_name=pgettext_lazy("integration concept", "Recommendations"),
        blank=True,
        related_name="measures",
    )
    lead_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Lead office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_measures",
    )
    # A measure of a county may be led by one of its towns, which then reports on it.
    lead_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Led by the town"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_county_measures",
        help_text=_(
            "Only for a county: a town of the county that leads and reports on the measure."
        ),
    )
    partner_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("Partner offices"), blank=True, related_name="partner_measures"
    )
    partner_actors = models.ManyToManyField(
        "inventory.Actor",
        verbose_name=_("Partner actors"),
        blank=True,
        related_name="partner_measures",
    )
    # Offers of the inventory that implement the measure.
    offers = models.ManyToManyField(
        "inventory.Offer",
        verbose_name=_("Offers implementing it"),
        blank=True,
        related_name="measures",
    )
    partners_text = models.CharField(
        _("Other partners"), max_length=500, blank=True, help_text=_("e.g. Caritas, Jobcenter")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Target groups"), blank=True, related_name="measures"
    )
    # The needs it answers (both directions are shown); the table is the needs' old one.
    needs = models.ManyToManyField(
        Need,
        verbose_name=_("Needs"),
        blank=True,
        related_name="measures",
        db_table="concept_need_measures",
    )
    citywide = models.BooleanField(_("municipality-wide"), default=True)
    areas = models.ManyToManyField(
        Area, verbose_name=_("Areas"), blank=True, related_name="concept_measures"
    )
    start_date = models.DateField(_("Start date"), null=True, blank=True)
    end_date = models.DateField(_("End"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("Priority"), choices=Priority.choices, null=True, blank=True
    )
    origin = models.CharField(
        _("Origin"), max_length=20, choices=Origin.choices, default=Origin.WORKING_GROUP
    )
    # Political state.
    political_state = models.CharField(
        _("Political state"),
        max_length=20,
        choices=PoliticalState.choices,
        default=PoliticalState.PROPOSED,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_body = models.CharField(_("decided by"), max_length=200, blank=True)
    paper_reference = models.CharField(_("Paper (Drucksache)"), max_length=100, blank=True)
    decision_amended = models.BooleanField(_("adopted with changes"), default=False)
    # Financial state and budget details.
    financial_state = models.CharField(
        _("Financial state"),
        max_length=30,
        choices=FinancialState.choices,
        default=FinancialState.OPEN,
    )
    budget_product = models.CharField(
        _("Budget product"), max_length=40, blank=True, help_text=_("e.g. 05.01.03")
    )
    budget_year = models.PositiveIntegerField(
        _("Budget year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    budget_kind = models.CharField(
        _("Consumptive or investive"), max_length=20, choices=BudgetKind.choices, blank=True
    )
    annual_amount = models.DecimalField(
        _("Amount per year (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    followup_costs = models.DecimalField(
        _("Follow-up costs per year (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    staff_plan_effect = models.CharField(
        _("Effect on the staff plan (Stellenplan)"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 0,5 post E 9b; empty if none"),
    )
    voluntary_task = models.BooleanField(
        _("voluntary task (freiwillige Leistung)"),
        default=False,
        help_text=_("Voluntary tasks are the first to be cut under a budget consolidation plan."),
    )
    funding_note = models.CharField(_("Note on funding"), max_length=300, blank=True)
    # Implementation state.
    implementation_state = models.CharField(
        _("Implementation state"),
        max_length=20,
        choices=ImplementationState.choices,
        default=ImplementationState.NOT_STARTED,
    )
    state_reason = models.CharField(_("Reason for pausing or stopping"), max_length=300, blank=True)
    traffic_light = models.CharField(
        _("Traffic light"), max_length=10, choices=TrafficLight.choices, blank=True, default=""
    )
    progress_percent = models.PositiveSmallIntegerField(
        _("Progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("integration concept", "Measure")
        verbose_name_plural = pgettext_lazy("integration concept", "Measures")
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"],
                name="measure_unique_number",
                violation_error_message=_(
                    "A measure with this number exists already. Choose another number."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "implementation_state"]),
            models.Index(fields=["municipality", "traffic_light"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = str(_("The end lies before the start."))
        if (
            self.implementation_state in (ImplementationState.PAUSED, ImplementationState.STOPPED)
            and not self.state_reason.strip()
        ):
            errors["state_reason"] = str(_("Give a reason why the measure is paused or stopped."))
        if (
            self.financial_state in (FinancialState.REGISTERED, FinancialState.BUDGETED)
            and not self.budget_year
        ):
            errors["budget_year"] = str(
                _("Give the budget year of the registration or the budget.")
            )
        if (
            self.political_state
            in (PoliticalState.ADOPTED, PoliticalState.ACKNOWLEDGED, PoliticalState.REJECTED)
            and not self.decided_on
        ):
            errors["decided_on"] = str(_("Give the date of the decision."))
        if self.lead_unit is not None and self.lead_unit.municipality_id != self.municipality_id:
            errors["lead_unit"] = str(_("The lead office belongs to another municipality."))
        if self.lead_municipality_id:
            lead = self.lead_municipality
            if lead is None or lead.parent_id != self.municipality_id:
                errors["lead_municipality"] = str(
                    _("Only a town of this county can lead the measure.")
                )
        if errors:
            raise ValidationError(errors)

    @property
    def political_state_label(self) -> str:
        """The political state as the council decided it: "adopted with changes" where it was."""
        if self.political_state == PoliticalState.ADOPTED and self.decision_amended:
            return str(_("adopted with changes"))
        return str(self.get_political_state_display())

    @property
    def has_costs(self) -> bool:
        return bool(self.annual_amount and self.annual_amount > Decimal(0))


class MeasureAssessment(models.Model):
    """A steering group member's priority rating of a measure, with a declared conflict of
    interest (e.g. a provider rating its own measure)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    priority = models.PositiveSmallIntegerField(_("Priority"), choices=Priority.choices)
    conflict_of_interest = models.BooleanField(_("conflict of interest declared"), default=False)
    conflict_note = models.CharField(
        _("Conflict of interest"),
        max_length=300,
        blank=True,
        help_text=_("e.g. my organisation carries out this measure"),
    )
    comment = models.TextField(_("Comment"), blank=True)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    history = history()

    class Meta:
        verbose_name = _("Assessment")
        verbose_name_plural = _("Assessments")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "assessor"], name="assessment_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} – {self.assessor}"

    def clean(self) -> None:
        if self.conflict_of_interest and not self.conflict_note.strip():
            raise ValidationError({"conflict_note": _("Describe the conflict of interest.")})


# --- drafts and change proposals ----------------------------------------------------------


class ConceptDraft(models.Model):
    """A numbered, frozen draft of the concept (Entwurf 1, 2, …): a snapshot of the tree."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="concept_drafts"
    )
    number = models.PositiveIntegerField(_("Number"))
    title = models.CharField(_("Title"), max_length=200)
    note = models.TextField(_("Note"), blank=True)
    frozen_at = models.DateTimeField(_("frozen on"), default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # [{"key": "measure:12", "kind": "measure", "label": "SP-1", "title": …, "text": …,
    #   "parent": "goal:3"}, …] in tree order.
    snapshot = models.JSONField(default=list)
    # Adoption (or acknowledgement) by the council.
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_body = models.CharField(_("decided by"), max_length=200, blank=True)
    paper_reference = models.CharField(_("Paper (Drucksache)"), max_length=100, blank=True)
    acknowledged = models.BooleanField(_("acknowledged only"), default=False)
    amended = models.BooleanField(_("adopted with changes"), default=False)

    history = history()

    class Meta:
        verbose_name = _("Draft")
        verbose_name_plural = _("Drafts")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="draft_unique_number")
        ]

    def __str__(self) -> str:
        return _("Draft %(n)s") % {"n": self.number}

    @property
    def is_adopted(self) -> bool:
        return self.decided_on is not None


class ProposalKind(models.TextChoices):
    REPLACE = "replace", _("replace text")
    ADD = "add", _("add")
    DELETE = "delete", _("delete")


class ProposalDecision(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", pgettext_lazy("change proposal", "accepted")
    ACCEPTED_CHANGED = "accepted_changed", _("accepted with changes")
    REJECTED = "rejected", _("rejected")


class ChangeProposal(models.Model):
    """A change proposal (Änderungsvorschlag) against an item of a draft."""

    draft = models.ForeignKey(ConceptDraft, on_delete=models.CASCADE, related_name="proposals")
    item_key = models.CharField(pgettext_lazy("draft", "Item"), max_length=40)
    item_label = models.CharField(pgettext_lazy("draft", "Item"), max_length=400, blank=True)
    kind = models.CharField(_("Kind of change"), max_length=10, choices=ProposalKind.choices)
    proposed_title = models.CharField(
        _("New title"),
        max_length=300,
        blank=True,
        help_text=_("Needed when adding an item; when replacing, the item gets this title."),
    )
    proposed_text = models.TextField(_("Proposed text"), blank=True)
    # Where given, the item moves: a measure or a recommendation to another field of action,
    # a measure to another goal, a strategic goal to another field.
    move_to_field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("moves to the field of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    move_to_goal = models.ForeignKey(
        "Goal",
        verbose_name=_("moves to the goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    justification = models.TextField(_("Justification"))
    submitted_by_name = models.CharField(
        _("Submitted by"),
        max_length=200,
        help_text=_("Person or body, e.g. Integrationsrat, Fraktion, working group Bildung"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(
        _("Decision"),
        max_length=20,
        choices=ProposalDecision.choices,
        default=ProposalDecision.OPEN,
    )
    decision_note = models.TextField(_("Note on the decision"), blank=True)
    final_text = models.TextField(
        _("Text as accepted"), blank=True, help_text=_("Only when accepted with changes.")
    )
    decided_by_body = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied on"), null=True, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Change proposal")
        verbose_name_plural = _("Change proposals")
        ordering = ["draft", "submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.item_label}"

    @property
    def is_accepted(self) -> bool:
        return self.decision in (ProposalDecision.ACCEPTED, ProposalDecision.ACCEPTED_CHANGED)

    @property
    def effective_text(self) -> str:
        if self.decision == ProposalDecision.ACCEPTED_CHANGED and self.final_text.strip():
            return self.final_text
        return self.proposed_text


# --- cycles and the update (Fortschreibung) -----------------------------------------------


class ConceptCycle(models.Model):
    """One concept of a municipality (e.g. 2012, 2026). The current one is the living tree;
    a previous one holds what was imported of the old concept for the update."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="concept_cycles"
    )
    title = models.CharField(_("Title"), max_length=200)
    year = models.PositiveIntegerField(_("Year"), validators=YEAR_VALIDATORS)
    is_current = models.BooleanField(_("current concept"), default=False)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("updates the concept"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )
    note = models.TextField(_("Note"), blank=True)

    history = history()

    class Meta:
        verbose_name = _("Concept")
        verbose_name_plural = _("Concepts")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class ConceptSection(models.Model):
    """A heading with its paragraphs from the previous concept's Word file."""

    cycle = models.ForeignKey(ConceptCycle, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("Order"))
    level = models.PositiveSmallIntegerField(_("Level"), default=1)
    heading = models.CharField(_("Heading"), max_length=500)
    text = models.TextField(_("Text"), blank=True)

    class Meta:
        verbose_name = _("Section")
        verbose_name_plural = _("Sections")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.heading


class CarryOver(models.TextChoices):
    OPEN = "", _("not yet decided")
    CONTINUED = "continued", _("continued")
    COMPLETED = "completed", _("completed")
    DROPPED = "dropped", _("dropped")


class PreviousMeasure(models.Model):
    """A measure of the previous concept, imported from its list, with the decision whether
    the update continues it."""

    cycle = models.ForeignKey(ConceptCycle, on_delete=models.CASCADE, related_name="old_measures")
    number = models.CharField(_("Number"), max_length=20)
    title = models.CharField(_("Title"), max_length=300)
    field_name = models.CharField(
        pgettext_lazy("integration concept", "Field of action"), max_length=120, blank=True
    )
    lead = models.CharField(_("Lead office"), max_length=200, blank=True)
    old_state = models.CharField(_("State at the time"), max_length=200, blank=True)
    description = models.TextField(_("Description"), blank=True)
    decision = models.CharField(
        _("Decision for the update"),
        max_length=10,
        choices=CarryOver.choices,
        blank=True,
        default="",
    )
    decision_note = models.CharField(_("Note"), max_length=500, blank=True)
    continued_as = models.ForeignKey(
        Measure,
        verbose_name=_("continued as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )

    history = history()

    class Meta:
        verbose_name = _("Measure of the previous concept")
        verbose_name_plural = _("Measures of the previous concept")
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "number"], name="previousmeasure_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
