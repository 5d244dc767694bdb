"""The needs assessment (Bedarfsermittlung): needs with their evidence, the system's proposals
of candidate needs, and the steering group's weighing with criteria, scores and a recorded
priority decision, and the target groups needs and measures are for.

The models lived in the concept app before: they keep its tables (``db_table``)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.models import Area, FieldOfAction, Municipality, history


class TargetGroup(models.Model):
    """A managed list of target groups (Zielgruppen) per municipality."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="concept_target_groups"
    )
    name = models.CharField(_("Name"), max_length=120)

    history = history("concept_historicaltargetgroup")

    class Meta:
        db_table = "concept_targetgroup"
        verbose_name = _("Target group")
        verbose_name_plural = _("Target groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="targetgroup_unique_name",
                violation_error_message=_("This target group exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class NeedStatus(models.TextChoices):
    CANDIDATE = "candidate", pgettext_lazy("need", "candidate")
    ACCEPTED = "accepted", pgettext_lazy("need", "accepted")
    DISMISSED = "dismissed", pgettext_lazy("need", "dismissed")


class NeedPriority(models.IntegerChoices):
    HIGH = 1, _("high")
    MEDIUM = 2, _("medium")
    LOW = 3, _("low")


class Need(models.Model):
    """A Bedarf: what is missing or needed, for a field of action, target groups and areas,
    supported by evidence."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="concept_needs"
    )
    number = models.CharField(_("Number"), max_length=20, editable=False)
    title = models.CharField(_("Title"), max_length=300)
    statement = models.TextField(
        _("Statement"),
        blank=True,
        help_text=_("What is missing or needed, and for whom."),
    )
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=pgettext_lazy("integration concept", "Field of action"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    target_groups = models.ManyToManyField(
        TargetGroup,
        verbose_name=_("Target groups"),
        blank=True,
        related_name="needs",
        db_table="concept_need_target_groups",
    )
    citywide = models.BooleanField(_("municipality-wide"), default=False)
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("Areas"),
        blank=True,
        related_name="concept_needs",
        db_table="concept_need_areas",
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.CANDIDATE
    )
    dismissal_reason = models.CharField(_("Reason for dismissing"), max_length=300, blank=True)
    # Set by the priority decision of a weighing round.
    priority = models.PositiveSmallIntegerField(
        _("Priority"), choices=NeedPriority.choices, null=True, blank=True
    )
    priority_rank = models.PositiveIntegerField(_("Rank"), null=True, blank=True)
    priority_score = models.DecimalField(
        _("Weighted score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    priority_round = models.ForeignKey(
        "needs.WeighingRound",
        verbose_name=_("decided in the weighing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prioritised_needs",
    )
    # What answers the need: ``need.recommendations`` and ``need.measures`` are declared by
    # the concept (``Recommendation.needs``, ``Measure.needs``), which sits above the needs.
    published_at = models.DateTimeField(_("approved for publication on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved for publication by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    history = history("concept_historicalneed")

    class Meta:
        db_table = "concept_need"
        verbose_name = _("Need")
        verbose_name_plural = _("Needs")
        ordering = ["priority_rank", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="need_unique_number")
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.field_id and self.field.municipality_id != self.municipality_id:
            errors["field"] = str(_("The field of action belongs to another municipality."))
        if self.status == NeedStatus.DISMISSED and not self.dismissal_reason.strip():
            errors["dismissal_reason"] = str(_("Give a reason why the need is dismissed."))
        if errors:
            raise ValidationError(errors)


class EvidenceKind(models.TextChoices):
    INDICATOR = "indicator", _("indicator finding")
    CONTRIBUTION = "contribution", _("contribution from participation")
    GAP = "gap", _("gap in the inventory")
    WAITING_LIST = "waiting_list", _("offer with a waiting list")
    STATEMENT = "statement", _("statement of experts or a working group")


class NeedEvidence(models.Model):
    """A typed link to what supports a need. An indicator finding keeps the values, the dataset
    version and "Quelle, Stand" it was taken from, so it still resolves after the dataset is
    replaced by a newer version."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("Kind"), max_length=15, choices=EvidenceKind.choices)
    summary = models.CharField(_("Finding"), max_length=500, blank=True)
    # indicator finding
    indicator = models.ForeignKey(
        "statistics.Indicator",
        verbose_name=pgettext_lazy("statistics", "Indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="need_evidence",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("Area"), null=True, blank=True, on_delete=models.SET_NULL
    )
    dataset = models.ForeignKey(
        "statistics.Dataset",
        verbose_name=_("Dataset"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="need_evidence",
    )
    dataset_version = models.PositiveIntegerField(_("Dataset version"), null=True, blank=True)
    citation = models.CharField(_("Source, as of"), max_length=400, blank=True)
    period = models.DateField(_("Reference date"), null=True, blank=True)
    value = models.FloatField(_("Value in the area"), null=True, blank=True)
    reference_value = models.FloatField(_("Value of the municipality"), null=True, blank=True)
    unit = models.CharField(_("Unit"), max_length=30, blank=True)
    # contribution
    contribution = models.ForeignKey(
        "participation.Contribution",
        verbose_name=pgettext_lazy("participation", "Contribution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="need_evidence",
    )
    # inventory: an empty cell (field × area) or an offer with a waiting list
    offer = models.ForeignKey(
        "inventory.Offer",
        verbose_name=pgettext_lazy("inventory", "Offer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="need_evidence",
    )
    offers_in_cell = models.PositiveIntegerField(_("Offers in the cell"), null=True, blank=True)
    population = models.PositiveIntegerField(_("Residents"), null=True, blank=True)
    waiting_list = models.PositiveIntegerField(_("Waiting list"), null=True, blank=True)
    # statement of experts or a working group
    text = models.TextField(_("Statement"), blank=True)
    stated_by = models.CharField(
        _("Stated by"), max_length=200, blank=True, help_text=_("e.g. working group Bildung")
    )
    stated_on = models.DateField(_("Stated on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    history = history("concept_historicalneedevidence")

    class Meta:
        db_table = "concept_needevidence"
        verbose_name = _("Evidence")
        verbose_name_plural = _("Evidence")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.summary or self.get_kind_display()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == EvidenceKind.INDICATOR and not self.indicator_id:
            errors["indicator"] = str(_("Choose the indicator."))
        if self.kind == EvidenceKind.CONTRIBUTION and not self.contribution_id:
            errors["contribution"] = str(_("Choose the contribution."))
        if self.kind == EvidenceKind.WAITING_LIST and not self.offer_id:
            errors["offer"] = str(_("Choose the offer."))
        if self.kind == EvidenceKind.STATEMENT:
            if not self.text.strip():
                errors["text"] = str(_("Give the statement."))
            if not self.stated_by.strip():
                errors["stated_by"] = str(_("Say who made the statement."))
        if errors:
            raise ValidationError(errors)


class NeedSettings(models.Model):
    """Per municipality: when the system proposes candidate needs."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="need_settings"
    )
    deviation_threshold = models.DecimalField(
        _("Deviation threshold (percentage points)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("10.0"),
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_(
            "An area is proposed when a rate differs from the municipality's value by at least "
            "this many percentage points."
        ),
    )
    min_area_population = models.PositiveIntegerField(
        _("Minimum residents of an area"),
        default=300,
        help_text=_("Smaller areas are never proposed (their rates are not reliable)."),
    )
    gap_min_population = models.PositiveIntegerField(
        _("Residents for an empty inventory cell"),
        default=20000,
        help_text=_("An area without an offer in a field of action is proposed from this size."),
    )
    waiting_list_min = models.PositiveIntegerField(
        _("Waiting list from"),
        default=10,
        help_text=_("Offers with at least this many people waiting are proposed."),
    )
    cluster_min = models.PositiveIntegerField(
        _("Contributions per cluster"),
        default=3,
        validators=[MinValueValidator(2)],
        help_text=_("Contributions on the same subject from this number on are proposed."),
    )

    history = history("concept_historicalneedsettings")

    class Meta:
        db_table = "concept_needsettings"
        verbose_name = _("Settings of the needs assessment")
        verbose_name_plural = _("Settings of the needs assessment")

    def __str__(self) -> str:
        return str(self.municipality)


class ProposalSource(models.TextChoices):
    INDICATOR = "indicator", _("indicator deviates")
    GAP = "gap", _("no offer in the area")
    WAITING_LIST = "waiting_list", _("waiting list")
    CLUSTER = "cluster", _("cluster of contributions")


class NeedProposalStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", pgettext_lazy("need", "accepted")
    DISMISSED = "dismissed", pgettext_lazy("need", "dismissed")


class NeedProposal(models.Model):
    """A candidate need the system suggests, with the reason. Accepting creates a need with
    the evidence attached; a dismissed proposal (same key) is not proposed again."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="need_proposals"
    )
    key = models.CharField(max_length=200)
    source = models.CharField(_("Why"), max_length=15, choices=ProposalSource.choices)
    title = models.CharField(_("Title"), max_length=300)
    reason = models.TextField(_("Reason"))
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=pgettext_lazy("integration concept", "Field of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL)
    strength = models.FloatField(_("Strength"), default=0)
    # The evidence the need gets when the proposal is accepted (NeedEvidence field values).
    evidence = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=NeedProposalStatus.choices,
        default=NeedProposalStatus.OPEN,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decision_note = models.CharField(_("Note"), max_length=300, blank=True)
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    history = history("concept_historicalneedproposal")

    class Meta:
        db_table = "concept_needproposal"
        verbose_name = _("Proposed need")
        verbose_name_plural = _("Proposed needs")
        ordering = ["status", "-strength", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="needproposal_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


# --- weighing ---------------------------------------------------------------------------------


DEFAULT_CRITERIA = [
    ("Dringlichkeit", 3),
    ("Zahl der Betroffenen", 3),
    ("Größe der Lücke", 2),
    ("Umsetzbarkeit", 2),
    ("Passung zu den Leitlinien", 1),
]
SCORE_MIN, SCORE_MAX = 1, 5


class WeighingCriterion(models.Model):
    """A criterion the municipality weighs needs by, with its weight."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="weighing_criteria"
    )
    name = models.CharField(_("Criterion"), max_length=120)
    description = models.CharField(_("Description"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("Weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    position = models.PositiveIntegerField(_("Order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    history = history("concept_historicalweighingcriterion")

    class Meta:
        db_table = "concept_weighingcriterion"
        verbose_name = _("Weighing criterion")
        verbose_name_plural = _("Weighing criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="criterion_unique_name",
                violation_error_message=_("This criterion exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class RoundStatus(models.TextChoices):
    OPEN = "open", _("open for scoring")
    CLOSED = "closed", _("closed")
    DECIDED = "decided", _("priorities decided")


class WeighingRound(models.Model):
    """A round in which steering group members score needs on their own. Scores stay private
    to each member until the round is closed; the priority decision is recorded with date and
    body."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="weighing_rounds"
    )
    title = models.CharField(_("Title"), max_length=200)
    needs = models.ManyToManyField(
        Need,
        verbose_name=_("Needs"),
        related_name="weighing_rounds",
        blank=True,
        db_table="concept_weighinground_needs",
    )
    # The criteria and weights when the round opened: later changes do not alter a round.
    criteria = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened on"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_body = models.CharField(_("decided by"), max_length=200, blank=True)
    decision_note = models.TextField(_("Note on the decision"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = history("concept_historicalweighinground")

    class Meta:
        db_table = "concept_weighinground"
        verbose_name = _("Weighing round")
        verbose_name_plural = _("Weighing rounds")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class NeedRating(models.Model):
    """One member's scores of one need in a round (criterion id → score), with a declared
    conflict of interest: a declared conflict excludes the scores from the ranking."""

    round = models.ForeignKey(WeighingRound, on_delete=models.CASCADE, related_name="ratings")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scores = models.JSONField(_("Scores"), default=dict, blank=True)
    conflict_of_interest = models.BooleanField(_("conflict of interest declared"), default=False)
    conflict_note = models.CharField(_("Conflict of interest"), max_length=300, blank=True)
    comment = models.TextField(_("Comment"), blank=True)
    updated_at = models.DateTimeField(_("changed on"), default=timezone.now)

    history = history("concept_historicalneedrating")

    class Meta:
        db_table = "concept_needrating"
        verbose_name = _("Scoring")
        verbose_name_plural = _("Scorings")
        ordering = ["need", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "need", "member"], name="needrating_once_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} – {self.member}"

    def clean(self) -> None:
        if self.conflict_of_interest and not self.conflict_note.strip():
            raise ValidationError({"conflict_note": _("Describe the conflict of interest.")})
        for value in (self.scores or {}).values():
            if not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
                raise ValidationError(
                    _("Scores are whole numbers from %(a)s to %(b)s.")
                    % {"a": SCORE_MIN, "b": SCORE_MAX}
                )
