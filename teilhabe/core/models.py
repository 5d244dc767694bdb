"""Tenants (municipalities and their federation), areas, fields of action, organisational
units, users, roles and memberships, invitations, and the progress of background tasks."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp.models import Device
from simple_history.models import HistoricalRecords

from teilhabe.core.history import DelegationHistoryModel
from teilhabe.core.uploads import StoredName, UploadGate

ARS_VALIDATOR = RegexValidator(
    r"^(0[1-9]|1[0-6])\d{10}$",
    _("The regional key (ARS) has exactly 12 digits and starts with the state key 01–16."),
)
COLOUR_VALIDATOR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Give the colour as #RRGGBB, e.g. #2f6f8f.")
)


def history(table_name: str | None = None) -> HistoricalRecords:
    """History for a domain model: who changed what, when, and for whom (delegation).
    ``table_name`` keeps the history table of a model that moved to another app."""
    return HistoricalRecords(bases=[DelegationHistoryModel], inherit=False, table_name=table_name)


class MunicipalityKind(models.TextChoices):
    LAND = "land", _("State (Land)")
    KREIS = "kreis", _("County (Kreis)")
    KREISFREIE_STADT = "kreisfreie_stadt", _("county-free city")
    GEMEINDE = "gemeinde", _("town in a county (kreisangehörige Gemeinde)")
    VERBAND = "verband", _("association of municipalities (Verbandsgemeinde / Amt)")
    CITY_STATE = "stadtstaat", _("city-state (municipality and Land at once)")


# The city-states by their ARS: Berlin and Hamburg are a Land with one municipality; Bremen
# is the city in the Land Bremen (Bremerhaven is a county-free city of its own).
CITY_STATES = {
    "110000000000": "Berlin",
    "020000000000": "Hamburg",
    "040110000000": "Bremen",
}


class GenderStyle(models.TextChoices):
    COLON = "colon", _("colon (Bürger:innen)")
    STAR = "star", _("asterisk (Bürger*innen)")
    PAIR = "pair", _("pair form (Bürgerinnen und Bürger)")
    NEUTRAL = "neutral", _("neutral (Einwohnende)")


class Municipality(models.Model):
    """A tenant, keyed by its 12-digit Amtlicher Regionalschlüssel (ARS)."""

    ars = models.CharField(
        _("Regional key (ARS)"), max_length=12, unique=True, validators=[ARS_VALIDATOR]
    )
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=20, choices=MunicipalityKind.choices)
    # The federation: a town's county. A Kreis and its towns share actors and measures.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("County (Kreis)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    # A town without its own staff may be administered by its county (delegated administration).
    administered_by_parent = models.BooleanField(_("administered by the county"), default=False)
    logo = models.FileField(
        _("Logo"),
        upload_to=StoredName("logos"),
        blank=True,
        validators=[UploadGate("png", "jpeg", "svg")],
    )
    is_demo = models.BooleanField(_("demo municipality"), default=False)
    gender_style = models.CharField(
        _("gender-fair language"),
        max_length=10,
        choices=GenderStyle.choices,
        default=GenderStyle.COLON,
    )
    # Configurable names of the concept's levels (Leitziel / Oberziel …; Handlungsziel …).
    strategic_goal_label = models.CharField(
        _("Name of the strategic goals"), max_length=60, default="Leitziel"
    )
    goal_label = models.CharField(_("Name of the goals"), max_length=60, default="Handlungsziel")

    history = history()

    class Meta:
        verbose_name = _("Municipality")
        verbose_name_plural = _("Municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def ags(self) -> str | None:
        """The 8-digit Amtlicher Gemeindeschlüssel, where one exists (towns and cities)."""
        if self.kind in (
            MunicipalityKind.KREISFREIE_STADT,
            MunicipalityKind.GEMEINDE,
            MunicipalityKind.CITY_STATE,
        ):
            return self.ars[:5] + self.ars[9:]
        return None

    @property
    def is_federation_head(self) -> bool:
        return self.kind == MunicipalityKind.KREIS

    def clean(self) -> None:
        if not self.ars or len(self.ars) != 12 or not self.ars.isdigit():
            return  # the field validator reports it
        errors: dict[str, str] = {}
        rules = {
            MunicipalityKind.LAND: (
                self.ars[2:] == "0" * 10,
                _("A state (Land) has only zeros after the state key in its ARS."),
            ),
            MunicipalityKind.KREIS: (
                self.ars[5:] == "0" * 7 and self.ars[3:5] != "00",
                _("A county has a county key (digits 4–5) followed by seven zeros."),
            ),
            MunicipalityKind.KREISFREIE_STADT: (
                self.ars[5:] == "0" * 7 and self.ars[3:5] != "00",
                _(
                    "A county-free city has a county key followed by seven zeros (e.g. 053150000000)."
                ),
            ),
            MunicipalityKind.GEMEINDE: (
                self.ars[9:] != "000",
                _("A town in a county has a municipality number (digits 10–12) other than 000."),
            ),
            MunicipalityKind.CITY_STATE: (
                self.ars in CITY_STATES,
                _(
                    "A city-state has the ARS 110000000000 (Berlin), 020000000000 (Hamburg) or 040110000000 (Bremen)."
                ),
            ),
            MunicipalityKind.VERBAND: (
                self.ars[5:9] != "0000" and self.ars[9:] == "000",
                _(
                    "An association has an association key (digits 6–9) and the municipality number 000."
                ),
            ),
        }
        ok, message = rules.get(MunicipalityKind(self.kind), (True, ""))
        if self.ars in CITY_STATES and self.kind != MunicipalityKind.CITY_STATE:
            ok, message = (
                False,
                _(
                    "%(name)s is a city-state: choose the kind “city-state” (municipality and Land at once)."
                )
                % {"name": CITY_STATES[self.ars]},
            )
        if not ok:
            errors["ars"] = str(message)
        if self.kind == MunicipalityKind.CITY_STATE and self.parent_id:
            errors["parent"] = str(_("A city-state has no county."))
        if self.parent_id:
            parent = self.parent
            if parent is not None and parent.kind != MunicipalityKind.KREIS:
                errors["parent"] = str(_("Only a county can be the parent."))
            elif parent is not None and parent.ars[:5] != self.ars[:5]:
                errors["parent"] = str(
                    _("According to its ARS the town does not lie in this county.")
                )
        elif self.administered_by_parent:
            errors["administered_by_parent"] = str(
                _("Only a town with a county can be administered by the county.")
            )
        if errors:
            raise ValidationError(errors)


class AreaKind(models.TextChoices):
    STADTBEZIRK = "stadtbezirk", _("Stadtbezirk (city borough)")
    STADTTEIL = "stadtteil", _("Stadtteil (city quarter)")
    SOZIALRAUM = "sozialraum", _("Sozialraum (social area)")
    STATISTISCHER_BEZIRK = "statistischer_bezirk", _("statistical district")
    GEMEINDE = "gemeinde", _("town of the county")
    ORTSTEIL = "ortsteil", _("Ortsteil (village part)")


class Area(models.Model):
    """An area below a tenant (Stadtbezirk → Stadtteil, Sozialraum, Gemeinde of a Kreis)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="areas")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    key = models.CharField(_("Key"), max_length=40)
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=30, choices=AreaKind.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    # GeoJSON geometry (Polygon or MultiPolygon) in WGS84.
    geometry = models.JSONField(_("Geometry"), null=True, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Area")
        verbose_name_plural = _("Areas")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key", "valid_from"], name="area_unique_key_per_validity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.name}"

    def is_valid_on(self, day) -> bool:  # type: ignore[no-untyped-def]
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("“valid until” lies before “valid from”.")})
        if self.parent_id and self.parent and self.parent.municipality_id != self.municipality_id:
            raise ValidationError({"parent": _("The parent area belongs to another municipality.")})


class FieldOfActionTemplate(models.Model):
    """The shared catalogue of fields of action, seeded from the five council papers."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    description = models.TextField(_("Description"), blank=True)
    colour = models.CharField(
        _("Colour"), max_length=7, validators=[COLOUR_VALIDATOR], default="#2f6f8f"
    )
    sources = models.CharField(_("named in"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("Order"), default=0)

    class Meta:
        verbose_name = _("Field of action template")
        verbose_name_plural = _("Catalogue of fields of action")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class FieldOfAction(models.Model):
    """A municipality's own field of action (picked from the catalogue or added), renamable."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="fields_of_action"
    )
    template = models.ForeignKey(
        FieldOfActionTemplate,
        verbose_name=_("from the catalogue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    name = models.CharField(_("Name"), max_length=120)
    description = models.TextField(_("Short description"), blank=True)
    colour = models.CharField(
        _("Colour"), max_length=7, validators=[COLOUR_VALIDATOR], default="#2f6f8f"
    )
    position = models.PositiveIntegerField(_("Order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("integration concept", "Field of action")
        verbose_name_plural = pgettext_lazy("integration concept", "Fields of action")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="field_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class OrgUnitKind(models.TextChoices):
    DEZERNAT = "dezernat", _("Department (Dezernat)")
    AMT = "amt", _("Office (Amt)")
    FACHBEREICH = "fachbereich", _("Division (Fachbereich)")
    ABTEILUNG = "abteilung", _("Section (Abteilung / Sachgebiet)")
    STABSSTELLE = "stabsstelle", _("Staff unit (Stabsstelle)")
    EXTERN = "extern", _("external body")


class OrgUnit(models.Model):
    """An organisational unit of the administration (Amt, Fachbereich …): leads measures."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="org_units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Abbreviation"), max_length=30, blank=True)
    kind = models.CharField(
        _("Kind"), max_length=20, choices=OrgUnitKind.choices, default=OrgUnitKind.AMT
    )
    email = models.EmailField(_("Shared mailbox"), blank=True)

    history = history()

    class Meta:
        verbose_name = _("Organisational unit")
        verbose_name_plural = _("Organisational units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="orgunit_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.short_name} – {self.name}" if self.short_name else self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in with an e-mail address."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("E-mail address"), unique=True)
    preferred_language = models.CharField(_("Language"), max_length=5, default="de")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("People")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    ADMIN = "admin", _("Administration (integration officer)")
    EDITOR = "editor", _("Editing (staff)")
    STEERING = "steering", _("Steering group")
    WORKING_GROUP = "working_group", _("Working group")
    OFFICE = "office", _("Responsible office")
    READER = "reader", _("Read access (council, integration council, advisory council)")
    MODERATOR = "moderator", _("External process moderation")


# Roles whose holders must use two-factor authentication.
ROLES_REQUIRING_2FA = frozenset({Role.ADMIN, Role.EDITOR})
# Roles that may write content of the workspace (beyond their own objects).
EDITING_ROLES = frozenset({Role.ADMIN, Role.EDITOR, Role.MODERATOR})


class Membership(models.Model):
    """A user's role in a municipality; several per user and municipality are allowed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("Role"), max_length=20, choices=Role.choices)
    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=pgettext_lazy("integration concept", "Field of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Only for the working group role."),
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Organisational unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Only for the responsible office role."),
    )
    valid_until = models.DateField(
        _("Access until"),
        null=True,
        blank=True,
        help_text=_("Required for external process moderation."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    history = history()

    class Meta:
        verbose_name = _("Membership")
        verbose_name_plural = _("Memberships")
        ordering = ["municipality", "role"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"

    def is_current(self, today=None) -> bool:  # type: ignore[no-untyped-def]
        today = today or timezone.localdate()
        return self.is_active and (self.valid_until is None or today <= self.valid_until)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.role == Role.WORKING_GROUP and not self.field_of_action_id:
            errors["field_of_action"] = str(_("A working group belongs to a field of action."))
        if self.role != Role.WORKING_GROUP and self.field_of_action_id:
            errors["field_of_action"] = str(
                _("A field of action is set only for the working group role.")
            )
        if self.role == Role.OFFICE and not self.org_unit_id:
            errors["org_unit"] = str(_("A responsible office belongs to an organisational unit."))
        if self.role != Role.OFFICE and self.org_unit_id:
            errors["org_unit"] = str(
                _("An organisational unit is set only for the responsible office role.")
            )
        if self.role == Role.MODERATOR and not self.valid_until:
            errors["valid_until"] = str(_("External process moderation requires an end date."))
        for field in ("field_of_action", "org_unit"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.municipality_id != self.municipality_id:
                errors[field] = str(_("Belongs to another municipality."))
        if errors:
            raise ValidationError(errors)


class Invitation(models.Model):
    """An invitation by e-mail to join a municipality in a role. Only the token's hash is kept."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("E-mail address"))
    role = models.CharField(_("Role"), max_length=20, choices=Role.choices)
    field_of_action = models.ForeignKey(
        FieldOfAction, null=True, blank=True, on_delete=models.CASCADE
    )
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE)
    valid_until = models.DateField(_("Access until"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Invitation")
        verbose_name_plural = _("Invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.municipality})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class BackupCodeDevice(Device):
    """Single-use backup codes for a user's second factor; only their hashes are stored."""

    class Meta:
        verbose_name = _("Backup codes")
        verbose_name_plural = _("Backup codes")

    def verify_token(self, token: str) -> bool:
        from teilhabe.core.twofactor import backup_code_matches

        return backup_code_matches(device=self, code=token)


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"backup code {self.pk} ({'used' if self.used_at else 'unused'})"


class TaskStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class TaskRun(models.Model):
    """What a user sees of a background task: progress, message, errors, result."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="task_runs"
    )
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="task_runs"
    )
    title = models.CharField(_("Task"), max_length=200)
    status = models.CharField(
        _("Status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("Progress (%)"), default=0)
    message = models.CharField(_("Message"), max_length=500, blank=True)
    errors = models.JSONField(_("Errors"), default=list, blank=True)
    result_url = models.CharField(_("Result"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Task")
        verbose_name_plural = _("Tasks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (TaskStatus.DONE, TaskStatus.FAILED)


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    OFF = "off", _("off")


class ReminderSettings(models.Model):
    """A person's reminders of deadlines: the e-mail digest and the private calendar feed."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="reminder_settings")
    frequency = models.CharField(
        _("E-mail reminders"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    language = models.CharField(_("Language of the e-mails"), max_length=5, default="de")
    # Only the SHA-256 of the calendar feed's token is kept; a new token revokes the old one.
    feed_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    feed_created_at = models.DateTimeField(null=True, blank=True)
    last_sent_on = models.DateField(null=True, blank=True)
    # The dates the last digest knew, by deadline UID: the next digest names the moved ones.
    last_dates = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("Reminder settings")
        verbose_name_plural = _("Reminder settings")

    def __str__(self) -> str:
        return str(self.user)
