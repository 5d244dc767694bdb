"""The public portal: its settings per municipality, the texts staff write for it (per
language), the feedback residents send through it, and the version number that keys the page
cache."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.languages import RESIDENT_LANGUAGES
from teilhabe.core.mixins import Versioned
from teilhabe.core.models import Municipality, history

# Languages the portal's static texts can be written in (the survey languages).
PORTAL_LANGUAGES = RESIDENT_LANGUAGES


def validate_portal_languages(value: object) -> None:
    if not isinstance(value, list) or "de" not in value:
        raise ValidationError(_("The list of portal languages must contain German (de)."))
    unknown = [code for code in value if code not in PORTAL_LANGUAGES]
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s. Allowed are: %(allowed)s."),
            params={"codes": ", ".join(map(str, unknown)), "allowed": ", ".join(PORTAL_LANGUAGES)},
        )


class Conformity(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class PortalSettings(Versioned):
    """What the portal of a municipality shows, in which languages, and the facts of its
    accessibility statement."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="portal_settings"
    )
    is_enabled = models.BooleanField(_("Portal is public"), default=True)
    languages = models.JSONField(
        _("Portal languages"),
        default=list,
        validators=[validate_portal_languages],
        help_text=_("Language codes of the static texts, German first, e.g. de, en, tr, ar."),
    )
    show_concept = models.BooleanField(_("Show the concept"), default=True)
    show_measures = models.BooleanField(_("Show the measures"), default=True)
    show_participation = models.BooleanField(_("Show what became of the input"), default=True)
    show_indicators = models.BooleanField(_("Show the indicators"), default=True)
    show_offers = models.BooleanField(_("Show the offers"), default=True)
    show_surveys = models.BooleanField(_("Show the surveys"), default=True)
    show_documents = models.BooleanField(_("Show reports and papers"), default=True)
    show_open_data = models.BooleanField(_("Offer open data"), default=True)
    contact_email = models.EmailField(_("Contact e-mail address"), blank=True)
    contact_phone = models.CharField(_("Contact phone"), max_length=40, blank=True)
    # The accessibility statement (BITV 2.0 § 7).
    conformity = models.CharField(
        _("Compliance with BITV 2.0"),
        max_length=10,
        choices=Conformity.choices,
        default=Conformity.PARTIAL,
    )
    known_issues = models.TextField(
        _("Content that is not accessible"),
        blank=True,
        help_text=_("One item per line, with the reason and the accessible alternative."),
    )
    statement_date = models.DateField(
        _("Statement prepared on"), default=timezone.localdate, null=True, blank=True
    )
    assessment_method = models.CharField(
        _("Method of assessment"),
        max_length=300,
        blank=True,
        default="Selbstbewertung mit automatischen Prüfungen (axe-core, WCAG 2.1 AA)",
    )
    enforcement_body = models.TextField(
        _("Enforcement procedure (Schlichtungsverfahren)"),
        blank=True,
        help_text=_(
            "The conciliation or enforcement body of your state with its address. Empty: the "
            "federal conciliation body is named."
        ),
    )

    history = history()

    class Meta:
        verbose_name = _("Portal settings")
        verbose_name_plural = _("Portal settings")

    def __str__(self) -> str:
        return str(self.municipality)

    @property
    def all_languages(self) -> list[str]:
        langs = [code for code in self.languages or ["de", "en"] if code in PORTAL_LANGUAGES]
        return langs if "de" in langs else ["de", *langs]


class TextKey(models.TextChoices):
    WELCOME = "welcome", _("Welcome text of the start page")
    EASY = "easy", _("Start page in Leichte Sprache")
    PRIVACY = "privacy", _("Addition to the privacy notice (controller, data protection officer)")
    IMPRINT = "imprint", _("Legal notice (Impressum)")


class PortalText(Versioned):
    """A text of the portal in one language, written by staff."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="portal_texts"
    )
    key = models.CharField(_("Text"), max_length=20, choices=TextKey.choices)
    language = models.CharField(_("Language"), max_length=5)
    title = models.CharField(_("Heading"), max_length=200, blank=True)
    body = models.TextField(_("Text"), help_text=_("Paragraphs are separated by an empty line."))
    updated_at = models.DateTimeField(_("changed on"), default=timezone.now)

    history = history()

    class Meta:
        verbose_name = _("Portal text")
        verbose_name_plural = _("Portal texts")
        ordering = ["key", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key", "language"],
                name="portaltext_unique_per_language",
                violation_error_message=_("This text exists already in this language."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.language})"

    @property
    def is_rtl(self) -> bool:
        return PORTAL_LANGUAGES.get(self.language, ("", False))[1]

    @property
    def html_lang(self) -> str:
        return "de" if self.language == "ls" else self.language

    def clean(self) -> None:
        if self.language not in PORTAL_LANGUAGES:
            raise ValidationError({"language": _("Unknown language code.")})
        if self.key == TextKey.EASY and self.language != "ls":
            raise ValidationError(
                {"language": _("The start page in Leichte Sprache has the language “ls”.")}
            )


class Feedback(models.Model):
    """A message sent through the portal's feedback form (accessibility or content). No
    address, no browser details: only what the person wrote."""

    class Topic(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("Barrier / accessibility")
        CONTENT = "content", _("Content")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="portal_feedback"
    )
    topic = models.CharField(
        _("Topic"), max_length=20, choices=Topic.choices, default=Topic.ACCESSIBILITY
    )
    message = models.TextField(_("Message"), max_length=5000)
    page = models.CharField(_("Page concerned"), max_length=300, blank=True)
    reply_to = models.EmailField(
        _("E-mail address for a reply"),
        blank=True,
        help_text=_("Optional. Only if you want an answer."),
    )
    created_at = models.DateTimeField(_("received on"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("Internal note"), blank=True)

    history = history()

    class Meta:
        verbose_name = _("Feedback")
        verbose_name_plural = _("Feedback")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message[:80]


class PortalVersion(models.Model):
    """A counter per municipality, raised whenever anything the portal shows changes. It is
    part of every cache key, so all app processes drop stale pages at once. Technical state,
    hence without history."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="portal_version"
    )
    number = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("Portal version")
        verbose_name_plural = _("Portal versions")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.number}"
