"""Tenants (municipalities and their federation), areas, fields of action, organisational
units, users, roles and memberships, invitations, and the progress of background tasks."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp.models import Device
from simple_history.models import HistoricalRecords

from teilhabe.core.history import DelegationHistoryModel

ARS_VALIDATOR = RegexValidator(
    r"^(0[1-9]|1[0-6])\d{10}$",
    _("Der Regionalschlüssel (ARS) hat genau 12 Ziffern und beginnt mit dem Länderschlüssel 01–16."),
)
COLOUR_VALIDATOR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Farbe als #RRGGBB angeben, z. B. #2f6f8f."))


def history() -> HistoricalRecords:
    """History for a domain model: who changed what, when, and for whom (delegation)."""
    return HistoricalRecords(bases=[DelegationHistoryModel], inherit=False)


class MunicipalityKind(models.TextChoices):
    LAND = "land", _("Land")
    KREIS = "kreis", _("Kreis")
    KREISFREIE_STADT = "kreisfreie_stadt", _("kreisfreie Stadt")
    GEMEINDE = "gemeinde", _("kreisangehörige Gemeinde")
    VERBAND = "verband", _("Verbandsgemeinde / Amt")


class GenderStyle(models.TextChoices):
    COLON = "colon", _("Doppelpunkt (Bürger:innen)")
    STAR = "star", _("Sternchen (Bürger*innen)")
    PAIR = "pair", _("Paarform (Bürgerinnen und Bürger)")
    NEUTRAL = "neutral", _("neutral (Einwohnende)")


class Municipality(models.Model):
    """A tenant, keyed by its 12-digit Amtlicher Regionalschlüssel (ARS)."""

    ars = models.CharField(_("Regionalschlüssel (ARS)"), max_length=12, unique=True, validators=[ARS_VALIDATOR])
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=MunicipalityKind.choices)
    # The federation: a town's county. A Kreis and its towns share actors and measures.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Kreis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    # A town without its own staff may be administered by its county (delegated administration).
    administered_by_parent = models.BooleanField(_("vom Kreis verwaltet"), default=False)
    logo = models.FileField(
        _("Logo"),
        upload_to="logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "svg"])],
    )
    is_demo = models.BooleanField(_("Demo-Kommune"), default=False)
    gender_style = models.CharField(
        _("geschlechtergerechte Sprache"), max_length=10, choices=GenderStyle.choices, default=GenderStyle.COLON
    )
    # Configurable names of the concept's levels (Leitziel / Oberziel …; Handlungsziel …).
    strategic_goal_label = models.CharField(_("Bezeichnung der strategischen Ziele"), max_length=60, default="Leitziel")
    goal_label = models.CharField(_("Bezeichnung der Ziele"), max_length=60, default="Handlungsziel")

    history = history()

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def ags(self) -> str | None:
        """The 8-digit Amtlicher Gemeindeschlüssel, where one exists (towns and cities)."""
        if self.kind in (MunicipalityKind.KREISFREIE_STADT, MunicipalityKind.GEMEINDE):
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
            MunicipalityKind.LAND: (self.ars[2:] == "0" * 10, _("Ein Land hat im ARS nach dem Länderschlüssel nur Nullen.")),
            MunicipalityKind.KREIS: (
                self.ars[5:] == "0" * 7 and self.ars[3:5] != "00",
                _("Ein Kreis hat einen Kreisschlüssel (Stellen 4–5) und danach sieben Nullen."),
            ),
            MunicipalityKind.KREISFREIE_STADT: (
                self.ars[5:] == "0" * 7 and self.ars[3:5] != "00",
                _("Eine kreisfreie Stadt hat einen Kreisschlüssel und danach sieben Nullen (z. B. 053150000000)."),
            ),
            MunicipalityKind.GEMEINDE: (
                self.ars[9:] != "000",
                _("Eine kreisangehörige Gemeinde hat eine Gemeindekennzahl (Stellen 10–12) ungleich 000."),
            ),
            MunicipalityKind.VERBAND: (
                self.ars[5:9] != "0000" and self.ars[9:] == "000",
                _("Ein Verband hat einen Verbandsschlüssel (Stellen 6–9) und die Gemeindekennzahl 000."),
            ),
        }
        ok, message = rules.get(MunicipalityKind(self.kind), (True, ""))
        if not ok:
            errors["ars"] = str(message)
        if self.parent_id:
            parent = self.parent
            if parent is not None and parent.kind != MunicipalityKind.KREIS:
                errors["parent"] = str(_("Übergeordnet kann nur ein Kreis sein."))
            elif parent is not None and parent.ars[:5] != self.ars[:5]:
                errors["parent"] = str(_("Die Gemeinde liegt laut ARS nicht in diesem Kreis."))
        elif self.administered_by_parent:
            errors["administered_by_parent"] = str(_("Nur eine Gemeinde mit Kreis kann vom Kreis verwaltet werden."))
        if errors:
            raise ValidationError(errors)


class AreaKind(models.TextChoices):
    STADTBEZIRK = "stadtbezirk", _("Stadtbezirk")
    STADTTEIL = "stadtteil", _("Stadtteil")
    SOZIALRAUM = "sozialraum", _("Sozialraum")
    STATISTISCHER_BEZIRK = "statistischer_bezirk", _("statistischer Bezirk")
    GEMEINDE = "gemeinde", _("Gemeinde im Kreis")
    ORTSTEIL = "ortsteil", _("Ortsteil")


class Area(models.Model):
    """An area below a tenant (Stadtbezirk → Stadtteil, Sozialraum, Gemeinde of a Kreis)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="areas")
    parent = models.ForeignKey(
        "self", verbose_name=_("übergeordnetes Gebiet"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    key = models.CharField(_("Schlüssel"), max_length=40)
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=AreaKind.choices)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_to = models.DateField(_("gültig bis"), null=True, blank=True)
    # GeoJSON geometry (Polygon or MultiPolygon) in WGS84.
    geometry = models.JSONField(_("Geometrie"), null=True, blank=True)

    history = history()

    class Meta:
        verbose_name = _("Gebiet")
        verbose_name_plural = _("Gebiete")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key", "valid_from"], name="area_unique_key_per_validity"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.name}"

    def is_valid_on(self, day) -> bool:  # type: ignore[no-untyped-def]
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("„gültig bis“ liegt vor „gültig ab“.")})
        if self.parent_id and self.parent and self.parent.municipality_id != self.municipality_id:
            raise ValidationError({"parent": _("Das übergeordnete Gebiet gehört zu einer anderen Kommune.")})


class FieldOfActionTemplate(models.Model):
    """The shared catalogue of fields of action, seeded from the five council papers."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    colour = models.CharField(_("Farbe"), max_length=7, validators=[COLOUR_VALIDATOR], default="#2f6f8f")
    sources = models.CharField(_("genannt in"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Vorlage für ein Handlungsfeld")
        verbose_name_plural = _("Katalog der Handlungsfelder")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class FieldOfAction(models.Model):
    """A municipality's own field of action (picked from the catalogue or added), renamable."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="fields_of_action")
    template = models.ForeignKey(
        FieldOfActionTemplate, verbose_name=_("aus dem Katalog"), null=True, blank=True, on_delete=models.SET_NULL
    )
    name = models.CharField(_("Name"), max_length=120)
    description = models.TextField(_("Kurzbeschreibung"), blank=True)
    colour = models.CharField(_("Farbe"), max_length=7, validators=[COLOUR_VALIDATOR], default="#2f6f8f")
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("integration concept", "Handlungsfeld")
        verbose_name_plural = pgettext_lazy("integration concept", "Handlungsfelder")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="field_unique_name")]

    def __str__(self) -> str:
        return self.name


class OrgUnitKind(models.TextChoices):
    DEZERNAT = "dezernat", _("Dezernat / Geschäftsbereich")
    AMT = "amt", _("Amt")
    FACHBEREICH = "fachbereich", _("Fachbereich")
    ABTEILUNG = "abteilung", _("Abteilung / Sachgebiet")
    STABSSTELLE = "stabsstelle", _("Stabsstelle")
    EXTERN = "extern", _("externe Stelle")


class OrgUnit(models.Model):
    """An organisational unit of the administration (Amt, Fachbereich …): leads measures."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="org_units")
    parent = models.ForeignKey(
        "self", verbose_name=_("gehört zu"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kürzel"), max_length=30, blank=True)
    kind = models.CharField(_("Art"), max_length=20, choices=OrgUnitKind.choices, default=OrgUnitKind.AMT)
    email = models.EmailField(_("Funktionspostfach"), blank=True)

    history = history()

    class Meta:
        verbose_name = _("Organisationseinheit")
        verbose_name_plural = _("Organisationseinheiten")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="orgunit_unique_name")]

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
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    preferred_language = models.CharField(_("Sprache"), max_length=5, default="de")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    ADMIN = "admin", _("Administration (Integrationsbeauftragte)")
    EDITOR = "editor", _("Redaktion (Mitarbeitende)")
    STEERING = "steering", _("Steuerungsgruppe")
    WORKING_GROUP = "working_group", _("Arbeitsgruppe")
    OFFICE = "office", _("zuständige Stelle")
    READER = "reader", _("Lesezugriff (Rat, Integrationsrat, Beirat)")
    MODERATOR = "moderator", _("externe Prozessmoderation")


# Roles whose holders must use two-factor authentication.
ROLES_REQUIRING_2FA = frozenset({Role.ADMIN, Role.EDITOR})
# Roles that may write content of the workspace (beyond their own objects).
EDITING_ROLES = frozenset({Role.ADMIN, Role.EDITOR, Role.MODERATOR})


class Membership(models.Model):
    """A user's role in a municipality; several per user and municipality are allowed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=pgettext_lazy("integration concept", "Handlungsfeld"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Nur für die Rolle Arbeitsgruppe."),
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Organisationseinheit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Nur für die Rolle zuständige Stelle."),
    )
    valid_until = models.DateField(
        _("Zugang bis"), null=True, blank=True, help_text=_("Pflicht für die externe Prozessmoderation.")
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    history = history()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["municipality", "role"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"

    def is_current(self, today=None) -> bool:  # type: ignore[no-untyped-def]
        today = today or timezone.localdate()
        return self.is_active and (self.valid_until is None or today <= self.valid_until)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.role == Role.WORKING_GROUP and not self.field_of_action_id:
            errors["field_of_action"] = str(_("Eine Arbeitsgruppe gehört zu einem Handlungsfeld."))
        if self.role != Role.WORKING_GROUP and self.field_of_action_id:
            errors["field_of_action"] = str(_("Ein Handlungsfeld gibt es nur bei der Rolle Arbeitsgruppe."))
        if self.role == Role.OFFICE and not self.org_unit_id:
            errors["org_unit"] = str(_("Eine zuständige Stelle gehört zu einer Organisationseinheit."))
        if self.role != Role.OFFICE and self.org_unit_id:
            errors["org_unit"] = str(_("Eine Organisationseinheit gibt es nur bei der Rolle zuständige Stelle."))
        if self.role == Role.MODERATOR and not self.valid_until:
            errors["valid_until"] = str(_("Für die externe Prozessmoderation ist ein Enddatum Pflicht."))
        for field in ("field_of_action", "org_unit"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.municipality_id != self.municipality_id:
                errors[field] = str(_("Gehört zu einer anderen Kommune."))
        if errors:
            raise ValidationError(errors)


class Invitation(models.Model):
    """An invitation by e-mail to join a municipality in a role. Only the token's hash is kept."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    field_of_action = models.ForeignKey(FieldOfAction, null=True, blank=True, on_delete=models.CASCADE)
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE)
    valid_until = models.DateField(_("Zugang bis"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.municipality})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class BackupCodeDevice(Device):
    """Single-use backup codes for a user's second factor; only their hashes are stored."""

    class Meta:
        verbose_name = _("Notfallcodes")
        verbose_name_plural = _("Notfallcodes")

    def verify_token(self, token: str) -> bool:
        from teilhabe.core.twofactor import backup_code_matches

        return backup_code_matches(device=self, code=token)


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)


class TaskStatus(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("läuft")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


class TaskRun(models.Model):
    """What a user sees of a background task: progress, message, errors, result."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="task_runs")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="task_runs")
    title = models.CharField(_("Aufgabe"), max_length=200)
    status = models.CharField(_("Status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    message = models.CharField(_("Meldung"), max_length=500, blank=True)
    errors = models.JSONField(_("Fehler"), default=list, blank=True)
    result_url = models.CharField(_("Ergebnis"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (TaskStatus.DONE, TaskStatus.FAILED)
