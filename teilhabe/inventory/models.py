"""The inventory (Bestandserhebung): actors, their offers, the usage of the offers, notes per
municipality, the actor survey with its per-field review, and publication approvals."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.mixins import Publishable, Versioned
from teilhabe.core.models import Area, FieldOfAction, Municipality, OrgUnit, history


def address_text(street: str, postcode: str, city: str) -> str:
    """The address as "Street 1, 50667 Köln" from the parts that are given."""
    place = " ".join(p for p in (postcode, city) if p)
    return ", ".join(p for p in (street, place) if p)


def location_label(
    *, venue: str, street: str, postcode: str, city: str, area_name: str | None
) -> str:
    """A location's label; a function of plain values so that the offer map can build it from
    a values() query (``area_name`` is None for a location without an area)."""
    parts = [p for p in (venue, address_text(street, postcode, city)) if p]
    if area_name is not None:
        parts.append(area_name)
    return " – ".join(parts) or str(_("no details"))


def area_names_text(names: Iterable[str]) -> str:
    """The areas of an offer's locations in their order, each once."""
    return ", ".join(dict.fromkeys(names))


class ActorKind(models.TextChoices):
    OFFICE = "amt", _("Public office (Amt)")
    WELFARE = "wohlfahrtsverband", _("Welfare organisation (Wohlfahrtsverband)")
    MIGRANT_ORG = "migrantenorganisation", _("Migrant organisation")
    ASSOCIATION = "verein", _("Association (Verein)")
    EDUCATION = "bildungstraeger", _("Education provider (Bildungsträger)")
    RELIGIOUS = "religionsgemeinschaft", _("Religious community")
    COMPANY = "unternehmen", _("Company")
    JOBCENTER = "jobcenter", _("Jobcenter / employment agency")
    SCHOOL = "schule", _("School")
    DAYCARE = "kita", _("Day-care centre (Kita)")
    INITIATIVE = "initiative", _("Volunteer initiative")
    OTHER = "sonstige", _("Other")


class TargetGroup(models.TextChoices):
    ALL = "alle", _("everyone")
    CHILDREN = "kinder", _("children")
    YOUTH = "jugendliche", _("young people")
    WOMEN = "frauen", _("women")
    FAMILIES = "familien", _("families and parents")
    SENIORS = "senioren", _("older people")
    REFUGEES = "gefluechtete", _("refugees")
    NEWCOMERS = "neuzugewanderte", _("newly arrived immigrants")
    EU_CITIZENS = "eu_buerger", _("EU citizens")
    JOBSEEKERS = "arbeitsuchende", _("jobseekers")
    VOLUNTEERS = "ehrenamtliche", _("volunteers")
    PROFESSIONALS = "fachkraefte", _("professionals")


class OfferForm(models.TextChoices):
    COURSE = "kurs", _("course")
    COUNSELLING = "beratung", _("counselling")
    GROUP = "gruppe", _("group / meeting place")
    EVENT = "veranstaltung", _("event")
    ONLINE = "online", _("online")


class OfferStatus(models.TextChoices):
    ACTIVE = "aktiv", _("active")
    PLANNED = "geplant", _("planned")
    ENDED = "beendet", _("ended")


# Languages an actor or an offer works in (ISO 639-1), the usual languages of German
# municipalities' immigrants; the list is the choice offered in forms and imports.
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("fa", _("Persian (Farsi/Dari)")),
    ("ku", _("Kurdish")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("el", _("Greek")),
    ("sq", _("Albanian")),
    ("sr", _("Serbian/Croatian/Bosnian")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("ps", _("Pashto")),
    ("ur", _("Urdu")),
    ("vi", _("Vietnamese")),
    ("zh", _("Chinese")),
    ("dgs", _("German Sign Language")),
]
LANGUAGE_CODES = {code for code, _label in LANGUAGES}


class Actor(Versioned, Publishable):
    """An organisation active in integration (Akteur / Träger).

    Stored once: ``municipality`` is the tenant that keeps the record. With
    ``shared_in_federation`` the county and all its towns see and use the same record.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="actors", verbose_name=_("kept by")
    )
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=30, choices=ActorKind.choices)
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        verbose_name=pgettext_lazy("integration concept", "Fields of action"),
        blank=True,
        related_name="actors",
    )
    description = models.TextField(_("Short description"), blank=True)
    email = models.EmailField(
        _("Contact e-mail (role address)"),
        blank=True,
        help_text=_("A shared mailbox such as beratung@…, not a personal address."),
    )
    phone = models.CharField(_("Phone"), max_length=40, blank=True)
    contact_person = models.CharField(
        _("Contact person (personal data)"),
        max_length=120,
        blank=True,
        help_text=_("Optional. Personal data: record only with consent; removed on request."),
    )
    street = models.CharField(_("Street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("Postcode"), max_length=5, blank=True)
    city = models.CharField(_("City"), max_length=100, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("Area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("Latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    website = models.URLField(_("Website"), blank=True)
    languages = models.JSONField(_("Languages"), default=list, blank=True)
    shared_in_federation = models.BooleanField(
        _("shared with the county and its towns"), default=False
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Responsible office (org unit)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inventory_actors",
        help_text=_(
            "For a municipal office acting as provider: the staff of this org unit with the "
            "role “responsible office” maintain its offers and their usage."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("inventory", "Actor")
        verbose_name_plural = pgettext_lazy("inventory", "Actors")
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return address_text(self.street, self.postcode, self.city)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        unknown = [c for c in self.languages or [] if c not in LANGUAGE_CODES]
        if unknown:
            errors["languages"] = str(_("Unknown language code(s): %(codes)s.")) % {
                "codes": ", ".join(unknown)
            }
        if self.postcode and (len(self.postcode) != 5 or not self.postcode.isdigit()):
            errors["postcode"] = str(_("A German postcode has five digits, e.g. 50667."))
        if self.area_id and self.area and self.area.municipality_id != self.municipality_id:
            errors["area"] = str(_("The area belongs to another municipality."))
        if (
            self.org_unit_id
            and self.org_unit
            and self.org_unit.municipality_id != self.municipality_id
        ):
            errors["org_unit"] = str(_("The org unit belongs to another municipality."))
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = str(_("Give both latitude and longitude, or neither."))
        if errors:
            raise ValidationError(errors)


class ActorNote(models.Model):
    """A municipality's own notes on an actor (a shared actor has one per tenant)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="notes")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("Our notes"), blank=True)

    history = history()

    class Meta:
        verbose_name = _("Note on an actor")
        verbose_name_plural = _("Notes on actors")
        constraints = [
            models.UniqueConstraint(fields=["actor", "municipality"], name="actornote_unique")
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.municipality})"


class Offer(Versioned, Publishable):
    """A service of an actor (Angebot) in a municipality."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="offers")
    actor = models.ForeignKey(
        Actor,
        verbose_name=pgettext_lazy("inventory", "Actor"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        verbose_name=pgettext_lazy("integration concept", "Fields of action"),
        related_name="offers",
    )
    target_groups = models.JSONField(_("Target groups"), default=list, blank=True)
    languages = models.JSONField(_("Languages offered"), default=list, blank=True)
    form = models.CharField(_("Form"), max_length=20, choices=OfferForm.choices)
    schedule = models.CharField(
        _("Schedule"), max_length=200, blank=True, help_text=_("e.g. Tuesdays 17:00–18:30")
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("Capacity (places)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    fee = models.CharField(
        _("Cost for participants"), max_length=100, blank=True, help_text=_("e.g. free, 5 €")
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    childcare = models.BooleanField(_("childcare offered"), default=False)
    funding = models.CharField(_("Funding source"), max_length=200, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.ACTIVE
    )
    shared_in_federation = models.BooleanField(
        _("visible to the county and its towns"),
        default=False,
        help_text=_(
            "Lets the county count this offer in its gap view before it is approved for "
            "publication."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("inventory", "Offer")
        verbose_name_plural = pgettext_lazy("inventory", "Offers")
        ordering = ["title"]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title

    def location_list(self) -> list[OfferLocation]:
        """The offer's locations in their order (uses a prefetch if there is one)."""
        return sorted(self.locations.all(), key=lambda loc: (loc.position, loc.pk or 0))

    @property
    def area_names(self) -> str:
        return area_names_text(
            loc.area.name for loc in self.location_list() if loc.area_id and loc.area
        )

    def get_target_groups_display(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(g, g)) for g in self.target_groups or []]

    def get_languages_display(self) -> list[str]:
        labels = dict(LANGUAGES)
        return [str(labels.get(c, c)) for c in self.languages or []]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = str(_("“until” lies before “from”."))
        unknown = [g for g in self.target_groups or [] if g not in TargetGroup.values]
        if unknown:
            errors["target_groups"] = str(_("Unknown target group(s): %(v)s.")) % {
                "v": ", ".join(unknown)
            }
        unknown = [c for c in self.languages or [] if c not in LANGUAGE_CODES]
        if unknown:
            errors["languages"] = str(_("Unknown language code(s): %(codes)s.")) % {
                "codes": ", ".join(unknown)
            }
        if errors:
            raise ValidationError(errors)


class OfferLocation(models.Model):
    """One place where an offer takes place (Ort); an offer may have several."""

    offer = models.ForeignKey(
        Offer,
        on_delete=models.CASCADE,
        related_name="locations",
        verbose_name=pgettext_lazy("inventory", "Offer"),
    )
    position = models.PositiveSmallIntegerField(_("Order"), default=0)
    venue = models.CharField(
        _("Venue"), max_length=200, blank=True, help_text=_("e.g. Bürgerzentrum Nippes")
    )
    street = models.CharField(_("Street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("Postcode"), max_length=5, blank=True)
    city = models.CharField(_("City"), max_length=100, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("Area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("Latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    history = history()

    class Meta:
        verbose_name = _("Location")
        verbose_name_plural = _("Locations")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def address(self) -> str:
        return address_text(self.street, self.postcode, self.city)

    @property
    def label(self) -> str:
        area_name = self.area.name if self.area_id and self.area else None
        return location_label(
            venue=self.venue,
            street=self.street,
            postcode=self.postcode,
            city=self.city,
            area_name=area_name,
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.postcode and (len(self.postcode) != 5 or not self.postcode.isdigit()):
            errors["postcode"] = str(_("A German postcode has five digits, e.g. 50667."))
        if (
            self.area_id
            and self.area
            and self.offer_id
            and self.area.municipality_id != self.offer.municipality_id
        ):
            errors["area"] = str(_("The area belongs to another municipality."))
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = str(_("Give both latitude and longitude, or neither."))
        if errors:
            raise ValidationError(errors)


class UsageSource(models.TextChoices):
    STAFF = "staff", _("entered by staff")
    ACTOR = "actor", _("reported by the actor")
    IMPORT = "import", _("imported")


# The optional age bands of a usage record: (field name, label).
AGE_BANDS = [
    ("age_under_18", _("under 18")),
    ("age_18_26", _("18–26")),
    ("age_27_64", _("27–64")),
    ("age_65_plus", _("65 and older")),
]


class Usage(models.Model):
    """How much an offer was used in a period (Inanspruchnahme)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="usages")
    period_start = models.DateField(_("Period from"))
    period_end = models.DateField(_("Period until"))
    participants = models.PositiveIntegerField(_("Participants (total)"))
    women = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    age_under_18 = models.PositiveIntegerField(_("under 18"), null=True, blank=True)
    age_18_26 = models.PositiveIntegerField(_("18–26"), null=True, blank=True)
    age_27_64 = models.PositiveIntegerField(_("27–64"), null=True, blank=True)
    age_65_plus = models.PositiveIntegerField(_("65 and older"), null=True, blank=True)
    # Origin groups as the actor counts them, e.g. {"Syrien": 12, "Ukraine": 8}.
    origin_groups = models.JSONField(_("by origin group"), default=dict, blank=True)
    waiting_list = models.PositiveIntegerField(_("Waiting list"), null=True, blank=True)
    source = models.CharField(
        _("Source"), max_length=10, choices=UsageSource.choices, default=UsageSource.STAFF
    )
    note = models.CharField(_("Note"), max_length=300, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Usage")
        verbose_name_plural = _("Usage")
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "period_start", "period_end"], name="usage_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = str(_("The period ends before it starts."))
        total = self.participants or 0
        if self.women is not None and self.women > total:
            errors["women"] = str(_("More women than participants in total."))
        bands = [getattr(self, name) for name, _label in AGE_BANDS]
        if sum(b or 0 for b in bands) > total:
            errors["age_under_18"] = str(
                _("The age bands add up to more than the participants in total.")
            )
        groups = self.origin_groups or {}
        if not isinstance(groups, dict) or not all(
            isinstance(v, int) and v >= 0 for v in groups.values()
        ):
            errors["origin_groups"] = str(_("Origin groups need whole numbers of 0 or more."))
        elif sum(groups.values()) > total:
            errors["origin_groups"] = str(
                _("The origin groups add up to more than the participants in total.")
            )
        if errors:
            raise ValidationError(errors)


class SurveyRound(models.Model):
    """An actor survey (Akteursbefragung) for a reporting period."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="actor_surveys"
    )
    title = models.CharField(_("Title"), max_length=200)
    period_start = models.DateField(_("Usage period from"))
    period_end = models.DateField(_("Usage period until"))
    deadline = models.DateField(_("Answer by"))
    message = models.TextField(
        _("Message to the actors"),
        blank=True,
        help_text=_("Shown on the form and in the e-mail."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = history()

    class Meta:
        verbose_name = _("Actor survey")
        verbose_name_plural = _("Actor surveys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


class SurveyInvitation(models.Model):
    """One actor's personal link in a survey round. Only the token's hash is kept."""

    survey = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="survey_invitations")
    email = models.EmailField(_("sent to"))
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("link valid until"))
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)
    reminded_at = models.DateTimeField(_("last reminded on"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("Reminders"), default=0)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    confirmed_unchanged = models.BooleanField(_("confirmed without changes"), default=False)
    comment = models.TextField(_("Comment of the actor"), blank=True)

    history = history()

    class Meta:
        verbose_name = _("Survey link")
        verbose_name_plural = _("Survey links")
        ordering = ["actor__name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "actor"], name="surveyinvitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.actor}"

    @property
    def is_open(self) -> bool:
        return self.expires_at > timezone.now()


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("to review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class SurveyChange(models.Model):
    """One field an actor changed in the survey; visible only once the office accepts it."""

    invitation = models.ForeignKey(
        SurveyInvitation, on_delete=models.CASCADE, related_name="changes"
    )
    # What the change is about: the actor itself, one of its offers, or an offer's usage.
    offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.CASCADE)
    # "actor", "offer", "usage", or "proposal" (a new offer the actor proposes; ``proposal``
    # numbers the proposals of one answer, ``offer`` is set once the office accepts it).
    target = models.CharField(max_length=10)
    proposal = models.PositiveSmallIntegerField(null=True, blank=True)
    field = models.CharField(max_length=60)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Reported change")
        verbose_name_plural = _("Reported changes")
        ordering = ["invitation", "target", "proposal", "offer_id", "field"]

    def __str__(self) -> str:
        return f"{self.invitation}: {self.target}.{self.field}"
