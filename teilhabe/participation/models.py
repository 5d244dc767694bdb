"""Participation (Beteiligung): surveys with their questions and answers, events and the
contributions captured there, working groups and the steering group.

Answers to surveys (``Response``, ``Answer``) are raw data of anonymous respondents. They carry
no history on purpose: a history table would keep copies of answers that must be deleted when
the retention period ends. Everything staff edit keeps its history.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.languages import RESIDENT_LANGUAGES
from teilhabe.core.mixins import Versioned
from teilhabe.core.models import Area, FieldOfAction, Municipality, history
from teilhabe.core.uploads import StoredName, UploadGate

# Languages a survey can be offered in.
SURVEY_LANGUAGES = RESIDENT_LANGUAGES
DEFAULT_SURVEY_LANGUAGES = ["de", "en", "tr", "ar", "uk", "ru", "fa"]


def html_lang(code: str) -> str:
    """The value of the HTML ``lang`` attribute for a survey language (Leichte Sprache is German)."""
    return "de" if code == "ls" else code


def is_rtl(code: str) -> bool:
    return SURVEY_LANGUAGES.get(code, ("", False))[1]


def validate_languages(value: object) -> None:
    if not isinstance(value, list) or not value or "de" not in value:
        raise ValidationError(_("The list of survey languages must contain German (de)."))
    unknown = [code for code in value if code not in SURVEY_LANGUAGES]
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s. Allowed are: %(allowed)s."),
            params={"codes": ", ".join(map(str, unknown)), "allowed": ", ".join(SURVEY_LANGUAGES)},
        )


class ParticipationSettings(models.Model):
    """Per-municipality settings of participation: survey languages and data protection."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="participation_settings"
    )
    languages = models.JSONField(
        _("Survey languages"),
        default=list,
        validators=[validate_languages],
        help_text=_("Language codes, German first, e.g. de, en, tr, ar, uk, ru, fa."),
    )
    offers_easy_language = models.BooleanField(_("Offer surveys in Leichte Sprache"), default=True)
    retention_months = models.PositiveSmallIntegerField(
        _("Delete raw answers after (months)"),
        default=12,
        help_text=_(
            "Months after a survey closes when its raw answers are deleted. The aggregated "
            "results stay."
        ),
    )
    controller = models.TextField(
        _("Controller (Art. 13 GDPR)"),
        blank=True,
        help_text=_("Name and address of the controller and of the data protection officer."),
    )

    history = history()

    class Meta:
        verbose_name = _("Participation settings")
        verbose_name_plural = _("Participation settings")

    def __str__(self) -> str:
        return str(self.municipality)

    @property
    def all_languages(self) -> list[str]:
        langs = list(self.languages or DEFAULT_SURVEY_LANGUAGES)
        if self.offers_easy_language and "ls" not in langs:
            langs.insert(1, "ls")
        if not self.offers_easy_language and "ls" in langs:
            langs.remove("ls")
        return langs


# --- surveys -------------------------------------------------------------------------------


class Audience(models.TextChoices):
    PUBLIC = "public", _("Residents (public link, anonymous)")
    ACTORS = "actors", _("Actors (personal links)")
    STAFF = "staff", _("Staff of the administration (personal links)")


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    MACHINE = "machine", _("machine-translated")
    CHECKED = "checked", _("checked")


class Survey(Versioned):
    """A questionnaire (Befragung) with its audience, languages and opening period."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("Title"), max_length=200)
    audience = models.CharField(
        _("Audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    opens_at = models.DateTimeField(_("Opens on"), null=True, blank=True)
    closes_at = models.DateTimeField(_("Closes on"), null=True, blank=True)
    # Texts per language: {"de": {"title": …, "intro": …, "privacy": …, "thanks": …}, …}
    texts = models.JSONField(_("Texts per language"), default=dict, blank=True)
    # Status per language: {"en": "machine", "ar": "checked"}; German is always the source.
    translation_status = models.JSONField(_("Translation status"), default=dict, blank=True)
    staff_council_note = models.TextField(
        _("Note on the staff council"),
        blank=True,
        help_text=_("Shown to staff before the first question, e.g. the date of its approval."),
    )
    art9_justification = models.TextField(
        _("Justification for special categories (Art. 9 GDPR)"), blank=True
    )
    art9_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Justification recorded by"),
    )
    art9_recorded_at = models.DateTimeField(_("Justification recorded on"), null=True, blank=True)
    public_token = models.CharField(max_length=32, unique=True, editable=False)
    results_published = models.BooleanField(_("Results published"), default=False)
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Publication approved by"),
    )
    # Once the raw answers are deleted, the aggregated results are kept here.
    archived_results = models.JSONField(_("Archived results"), null=True, blank=True)
    raw_deleted_at = models.DateTimeField(_("Raw answers deleted on"), null=True, blank=True)
    # Raised on every change of questions, texts or settings: the public form's cache key.
    content_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("participation", "Survey")
        verbose_name_plural = pgettext_lazy("participation", "Surveys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.public_token:
            self.public_token = uuid.uuid4().hex
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def is_open(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        now = now or timezone.now()
        return bool(
            self.opens_at and self.opens_at <= now and (not self.closes_at or now < self.closes_at)
        )

    @property
    def state(self) -> str:
        now = timezone.now()
        if self.raw_deleted_at:
            return "archived"
        if not self.opens_at or self.opens_at > now:
            return "draft" if not self.opens_at else "scheduled"
        if self.closes_at and self.closes_at <= now:
            return "closed"
        return "open"

    def get_state_display(self) -> str:
        return str(SURVEY_STATES[self.state])

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})


SURVEY_STATES = {
    "draft": _("draft"),
    "scheduled": _("scheduled"),
    "open": _("open"),
    "closed": _("closed"),
    "archived": _("raw answers deleted"),
}


class QuestionKind(models.TextChoices):
    SECTION = "section", _("Section heading")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    MATRIX = "matrix", _("Matrix")
    RANKING = "ranking", _("Ranking")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    AREA = "area", _("Area picker")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING}
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}


class Question(models.Model):
    """A question of a survey (or a section heading). Texts are kept per language."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("Order"), default=0)
    kind = models.CharField(_("Kind"), max_length=12, choices=QuestionKind.choices)
    # {"de": "Wie lange leben Sie schon in Köln?", "en": …}
    text = models.JSONField(_("Question text"), default=dict)
    help = models.JSONField(_("Hint"), default=dict, blank=True)
    required = models.BooleanField(_("Required"), default=False)
    # Choice kinds: [{"key": "a", "text": {"de": …}}]; matrix: the columns (answer scale).
    options = models.JSONField(_("Options"), default=list, blank=True)
    # Matrix only: [{"key": "r1", "text": {"de": …}}] (the rows = items rated).
    rows = models.JSONField(_("Matrix rows"), default=list, blank=True)
    allow_other = models.BooleanField(_("“Other” with free text"), default=False)
    scale_min = models.SmallIntegerField(_("Scale from"), default=1)
    scale_max = models.SmallIntegerField(_("Scale to"), default=5)
    scale_labels = models.JSONField(_("Scale end labels"), default=dict, blank=True)
    special_category = models.BooleanField(
        _("Special category of personal data (Art. 9 GDPR)"),
        default=False,
        help_text=_("Ethnic origin, religion, health and the like."),
    )
    condition_question = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependents",
        verbose_name=_("Show only if question"),
    )
    condition_values = models.JSONField(_("… was answered with"), default=list, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Question")
        verbose_name_plural = _("Questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text.get("de", "") if isinstance(self.text, dict) else str(self.text)

    def text_in(self, lang: str) -> str:
        return (self.text or {}).get(lang) or (self.text or {}).get("de", "")

    def clean(self) -> None:
        if self.condition_question_id and self.condition_question:
            cq = self.condition_question
            if cq.survey_id != self.survey_id:
                raise ValidationError(
                    {"condition_question": _("The condition must refer to the same survey.")}
                )
            if (cq.position, cq.pk or 0) >= (self.position, self.pk or 10**12):
                raise ValidationError(
                    {"condition_question": _("A condition can only refer to an earlier question.")}
                )


class SurveyInvitation(models.Model):
    """A personal one-answer link for an actor or a staff member. The answer is not linked to
    it: only the fact that the link was used is recorded."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    recipient = models.CharField(_("Recipient"), max_length=200)
    token = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(_("used on"), null=True, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Personal survey link")
        verbose_name_plural = _("Personal survey links")
        ordering = ["recipient"]

    def __str__(self) -> str:
        return self.recipient

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.token:
            self.token = uuid.uuid4().hex
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper (typed in by staff)")


class Response(models.Model):
    """One submitted questionnaire. No IP address, user agent or user is stored; the day is
    kept, not the time. ``idempotency_key`` comes from the form and prevents double storage."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(_("submitted on"))
    language = models.CharField(_("Language"), max_length=5)
    channel = models.CharField(
        _("Channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    idempotency_key = models.UUIDField(unique=True)

    class Meta:
        verbose_name = _("Response")
        verbose_name_plural = _("Responses")
        indexes = [models.Index(fields=["survey", "language"])]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """One value of a response: a chosen option (``choice``), a matrix cell (``row`` +
    ``choice``), a rank (``choice`` + ``number``), a number or a text. Several rows per
    question for multiple choice, matrix and ranking."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    row = models.CharField(max_length=20, blank=True)
    choice = models.CharField(max_length=40, blank=True)
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Answer")
        verbose_name_plural = _("Answers")
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice or self.number or self.text[:20]}"


class SurveyExport(models.Model):
    """A file of a survey's raw answers, written by a background task."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(_("Format"), max_length=4, choices=Format.choices)
    path = models.CharField(max_length=300, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Export")
        verbose_name_plural = _("Exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.survey} ({self.format})"


# --- groups ---------------------------------------------------------------------------------


class WorkingGroup(models.Model):
    """An Arbeitsgruppe, usually one per field of action."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="working_groups"
    )
    name = models.CharField(_("Name"), max_length=200)
    field_of_action = models.ForeignKey(
        FieldOfAction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_groups",
        verbose_name=pgettext_lazy("integration concept", "Field of action"),
    )
    description = models.TextField(_("Task"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("participation", "Working group")
        verbose_name_plural = pgettext_lazy("participation", "Working groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="workinggroup_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SteeringGroup(models.Model):
    """The Steuerungsgruppe: heads of offices, welfare and migrant organisations, council."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="steering_groups"
    )
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Task"), blank=True)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("participation", "Steering group")
        verbose_name_plural = pgettext_lazy("participation", "Steering groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY = "deputy", _("Deputy chair")
    MEMBER = "member", _("Member")
    GUEST = "guest", _("Permanent guest")


class GroupMember(models.Model):
    """A member of a working group or the steering group: a user of Teilhabe or a person of an
    actor (organisation)."""

    working_group = models.ForeignKey(
        WorkingGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="members"
    )
    steering_group = models.ForeignKey(
        SteeringGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation_groups",
        verbose_name=_("Person with access"),
    )
    actor = models.ForeignKey(
        "inventory.Actor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_memberships",
        verbose_name=_("Actor (organisation)"),
    )
    name = models.CharField(_("Name"), max_length=200, blank=True)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("Role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    interests = models.TextField(
        _("Declared interests"),
        blank=True,
        help_text=_("Conflicts of interest the member declared (e.g. as provider of offers)."),
    )

    history = history()

    class Meta:
        verbose_name = _("Member")
        verbose_name_plural = _("Members")
        ordering = ["role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_group__isnull=False, steering_group__isnull=True)
                | Q(working_group__isnull=True, steering_group__isnull=False),
                name="groupmember_one_group",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.user_id:
            return str(self.user)
        return str(self.actor) if self.actor_id else ""

    @property
    def organisation_name(self) -> str:
        return self.organisation or (str(self.actor) if self.actor_id else "")

    def clean(self) -> None:
        if not self.name and not self.user_id and not self.actor_id:
            raise ValidationError(
                {"name": _("Give a name, choose a person with access or an actor.")}
            )


class GroupDocument(models.Model):
    working_group = models.ForeignKey(
        WorkingGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    steering_group = models.ForeignKey(
        SteeringGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("Title"), max_length=200)
    file = models.FileField(
        _("File"),
        upload_to=StoredName("participation/documents"),
        validators=[UploadGate("pdf", "docx", "xlsx", "odt", "ods", "pptx", "png", "jpeg")],
    )
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    history = history()

    class Meta:
        verbose_name = _("Document")
        verbose_name_plural = _("Documents")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_group__isnull=False, steering_group__isnull=True)
                | Q(working_group__isnull=True, steering_group__isnull=False),
                name="groupdocument_one_group",
            )
        ]

    def __str__(self) -> str:
        return self.title


# --- events ---------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Integration conference")
    MARKET_STAND = "market_stand", _("Market stand")
    VISIONS_CAFE = "visions_cafe", _("VisionsCafé")
    WORKSHOP = "workshop", _("Workshop")
    WORKING_GROUP = "working_group", _("Working group meeting")
    STEERING_GROUP = "steering_group", _("Steering group meeting")


class Event(models.Model):
    """A participation event; also the meetings of working groups and the steering group."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("Kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("Title"), max_length=200)
    date = models.DateField(_("Date"))
    place = models.CharField(_("Place"), max_length=200, blank=True)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("Area")
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=pgettext_lazy("participation", "Working group"),
    )
    steering_group = models.ForeignKey(
        SteeringGroup,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=pgettext_lazy("participation", "Steering group"),
    )
    participants = models.PositiveIntegerField(_("Number of participants"), null=True, blank=True)
    participant_structure = models.TextField(
        _("Participants by group"),
        blank=True,
        help_text=_("Optional, e.g. “12 migrant organisations, 8 volunteers, 5 staff”."),
    )
    organisations = models.TextField(
        _("Organisations present"), blank=True, help_text=_("One per line.")
    )
    agenda = models.TextField(_("Agenda"), blank=True)
    minutes = models.TextField(_("Minutes"), blank=True)

    history = history()

    class Meta:
        verbose_name = _("Event")
        verbose_name_plural = _("Events")
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    @property
    def organisation_list(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]


class AttachmentKind(models.TextChoices):
    ATTENDANCE = "attendance", _("Attendance list")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other document")


class EventAttachment(models.Model):
    """An attendance list, a photo or another file of an event. Attendance lists and photos
    need recorded consent of the people on them."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("Kind"), max_length=12, choices=AttachmentKind.choices)
    title = models.CharField(_("Title"), max_length=200)
    file = models.FileField(
        _("File"),
        upload_to=StoredName("participation/events"),
        validators=[UploadGate("pdf", "jpeg", "png", "docx", "xlsx")],
    )
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    consent = models.TextField(
        _("Consent"),
        blank=True,
        help_text=_(
            "How and when the people on it agreed, e.g. “signed consent forms, kept in the office”."
        ),
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    history = history()

    class Meta:
        verbose_name = _("Attachment")
        verbose_name_plural = _("Attachments")
        ordering = ["kind", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.kind in (AttachmentKind.ATTENDANCE, AttachmentKind.PHOTO)
            and not self.consent.strip()
        ):
            raise ValidationError(
                {
                    "consent": _(
                        "Attendance lists and photos may only be stored with the consent of the "
                        "people on them. Describe how the consent was given."
                    )
                }
            )


# --- contributions --------------------------------------------------------------------------


class ContributionKind(models.TextChoices):
    NEED = "need", _("Need")
    IDEA = "idea", _("Idea")
    CRITICISM = "criticism", _("Criticism")
    PRAISE = "praise", _("Praise")


class ContributionChannel(models.TextChoices):
    SURVEY = "survey", _("Survey (free text)")
    EVENT = "event", _("Event")
    WORKING_GROUP = "working_group", pgettext_lazy("participation", "Working group")
    OTHER = "other", _("Other (letter, e-mail, consultation hours)")


class Contribution(models.Model):
    """A Beitrag: a need, idea, criticism or praise from any channel, assigned to a field of
    action. The concept links ideas, needs and recommendations to it (both ways visible)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="contributions"
    )
    text = models.TextField(_("Contribution"))
    kind = models.CharField(
        _("Kind"), max_length=10, choices=ContributionKind.choices, default=ContributionKind.IDEA
    )
    channel = models.CharField(_("Channel"), max_length=15, choices=ContributionChannel.choices)
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=_("Event"),
    )
    survey = models.ForeignKey(
        Survey,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=pgettext_lazy("participation", "Survey"),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=pgettext_lazy("participation", "Working group"),
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=pgettext_lazy("integration concept", "Field of action"),
    )
    field_confirmed = models.BooleanField(_("Field of action confirmed"), default=False)
    suggested_field = models.ForeignKey(
        FieldOfAction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Suggested field of action"),
    )
    # The words that led to the suggestion, e.g. ["Sprachkurs → sprachkurs"].
    suggestion_terms = models.JSONField(default=list, blank=True)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("Area")
    )
    target_group = models.CharField(_("Target group"), max_length=200, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="similar",
        verbose_name=_("Similar to"),
    )
    approved_for_publication = models.BooleanField(_("Reviewed for publication"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("participation", "Contribution")
        verbose_name_plural = pgettext_lazy("participation", "Contributions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "field_of_action"])]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        errors = {}
        for name in ("event", "survey", "working_group", "field_of_action", "area"):
            obj = getattr(self, name) if getattr(self, f"{name}_id") else None
            if obj is not None and obj.municipality_id != self.municipality_id:
                errors[name] = _("Belongs to another municipality.")
        if errors:
            raise ValidationError(errors)


class FieldKeywords(models.Model):
    """The keywords of the suggestion for one field of action (transparent, editable)."""

    field_of_action = models.OneToOneField(
        FieldOfAction, on_delete=models.CASCADE, related_name="participation_keywords"
    )
    keywords = models.TextField(
        _("Keywords"), help_text=_("Comma-separated, e.g. Sprachkurs, Deutsch, Dolmetscher.")
    )

    history = history()

    class Meta:
        verbose_name = _("Keywords of a field of action")
        verbose_name_plural = _("Keywords of the fields of action")

    def __str__(self) -> str:
        return str(self.field_of_action)
