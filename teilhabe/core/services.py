"""Writes of the core: municipalities, areas, fields of action, org units, members, history,
a person's reminder settings."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.geo import AreaParseResult
from teilhabe.core.models import (
    Area,
    DigestFrequency,
    FieldOfAction,
    FieldOfActionTemplate,
    Invitation,
    Membership,
    Municipality,
    OrgUnit,
    ReminderSettings,
    Role,
    User,
)
from teilhabe.core.reminders import reminder_settings_for, token_hash


@transaction.atomic
def municipality_create(
    *,
    ars: str,
    name: str,
    kind: str,
    parent: Municipality | None = None,
    administered_by_parent: bool = False,
    is_demo: bool = False,
) -> Municipality:
    municipality = Municipality(
        ars=ars,
        name=name,
        kind=kind,
        parent=parent,
        administered_by_parent=administered_by_parent,
        is_demo=is_demo,
    )
    municipality.full_clean()
    municipality.save()
    return municipality


@transaction.atomic
def areas_import(
    *,
    municipality: Municipality,
    parsed: AreaParseResult,
    kind: str,
    valid_from: date | None = None,
) -> dict[str, int]:
    """Create or update areas from parsed rows; all or nothing. Returns counts.

    A key that exists (for the same validity start) is updated, so importing the same file
    twice changes nothing. Parents are looked up among the municipality's areas by key.
    """
    if not parsed.ok:
        raise ValidationError(parsed.errors or [_("No areas to import.")])
    existing = {
        a.key: a for a in Area.objects.filter(municipality=municipality, valid_from=valid_from)
    }
    parents = {a.key: a for a in Area.objects.filter(municipality=municipality)}
    errors: list[str] = []
    created = updated = unchanged = 0
    for row in parsed.rows:
        parent = None
        if row.parent_key:
            parent = parents.get(row.parent_key)
            if parent is None:
                errors.append(
                    _(
                        "Object %(n)s (%(key)s): there is no parent area “%(parent)s”. Import the upper level first."
                    )
                    % {"n": row.line, "key": row.key, "parent": row.parent_key}
                )
                continue
        area = existing.get(row.key)
        if area is None:
            area = Area(municipality=municipality, key=row.key, valid_from=valid_from)
            created += 1
        elif (area.name, area.kind, area.parent_id, area.geometry) == (
            row.name,
            kind,
            parent.pk if parent else None,
            row.geometry,
        ):
            unchanged += 1
            continue
        else:
            updated += 1
        area.name, area.kind, area.parent, area.geometry = row.name, kind, parent, row.geometry
        area.full_clean(validate_constraints=False)
        area.save()
    if errors:
        raise ValidationError(errors)
    return {"created": created, "updated": updated, "unchanged": unchanged}


@transaction.atomic
def fields_of_action_adopt(
    *, municipality: Municipality, templates: list[FieldOfActionTemplate]
) -> list[FieldOfAction]:
    """Take fields from the catalogue; one already taken is kept as it is."""
    position = FieldOfAction.objects.filter(municipality=municipality).count()
    taken = set(
        FieldOfAction.objects.filter(municipality=municipality).values_list("name", flat=True)
    )
    adopted = []
    for template in templates:
        if template.name in taken:
            continue
        position += 1
        field = FieldOfAction(
            municipality=municipality,
            template=template,
            name=template.name,
            description=template.description,
            colour=template.colour,
            position=position,
        )
        field.full_clean()
        field.save()
        adopted.append(field)
    return adopted


@transaction.atomic
def field_of_action_save(*, field: FieldOfAction) -> FieldOfAction:
    if field.pk is None:
        field.position = FieldOfAction.objects.filter(municipality=field.municipality).count() + 1
    field.full_clean()
    field.save()
    return field


@transaction.atomic
def field_of_action_move(*, field: FieldOfAction, up: bool) -> None:
    """Swap a field with its neighbour; positions are renumbered 1..n first."""
    fields = list(
        FieldOfAction.objects.filter(municipality=field.municipality).order_by("position", "name")
    )
    index = next(i for i, f in enumerate(fields) if f.pk == field.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(fields):
        fields[index], fields[other] = fields[other], fields[index]
    for position, item in enumerate(fields, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def org_unit_save(*, unit: OrgUnit) -> OrgUnit:
    unit.full_clean()
    unit.save()
    return unit


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    municipality: Municipality,
    email: str,
    role: str,
    invited_by: User,
    field_of_action: FieldOfAction | None = None,
    org_unit: OrgUnit | None = None,
    valid_until: date | None = None,
) -> tuple[Invitation, str]:
    """Create an invitation and send its link by e-mail. Returns it with the plain link."""
    # Validate the role's binding the same way a membership would be validated.
    Membership(
        user=invited_by,
        municipality=municipality,
        role=role,
        field_of_action=field_of_action,
        org_unit=org_unit,
        valid_until=valid_until,
    ).clean()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        municipality=municipality,
        email=email.strip().lower(),
        role=role,
        field_of_action=field_of_action,
        org_unit=org_unit,
        valid_until=valid_until,
        token_hash=_token_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.TEILHABE_INVITATION_DAYS),
    )
    link = settings.TEILHABE_BASE_URL.rstrip("/") + reverse("core:invitation_accept", args=[token])
    send_mail(
        subject=_("Invitation to Teilhabe – %(name)s") % {"name": municipality.name},
        message=_(
            "Hello,\n\n%(inviter)s invites you to work in Teilhabe for %(name)s (role: %(role)s).\n\n"
            "Please open this link and set your password:\n%(link)s\n\n"
            "The link is valid for %(days)s days."
        )
        % {
            "inviter": invited_by,
            "name": municipality.name,
            "role": Role(role).label,
            "link": link,
            "days": settings.TEILHABE_INVITATION_DAYS,
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )
    return invitation, link


def invitation_for_token(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("municipality")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_open else None


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, password: str | None, first_name: str = "", last_name: str = ""
) -> User:
    """Create the user (or reuse an existing account) and the membership."""
    user = User.objects.filter(email=invitation.email).first()
    if user is None:
        user = User.objects.create_user(
            invitation.email, password, first_name=first_name, last_name=last_name
        )
    membership = Membership(
        user=user,
        municipality=invitation.municipality,
        role=invitation.role,
        field_of_action=invitation.field_of_action,
        org_unit=invitation.org_unit,
        valid_until=invitation.valid_until,
    )
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def membership_set_active(*, membership: Membership, active: bool) -> Membership:
    membership.is_active = active
    membership.save(update_fields=["is_active"])
    return membership


def history_models() -> list[type]:
    """All historical models (one per domain model that keeps history)."""
    return [
        m
        for m in apps.get_models()
        if m.__name__.startswith("Historical") and hasattr(m, "history_user")
    ]


@transaction.atomic
def history_anonymise(*, now: datetime | None = None) -> int:
    """Remove the author from history entries older than the retention period; keep the change."""
    cutoff = (now or timezone.now()) - timedelta(
        days=settings.TEILHABE_HISTORY_PERSON_RETENTION_DAYS
    )
    total = 0
    for model in history_models():
        total += model.objects.filter(history_date__lt=cutoff, author_anonymised=False).update(  # type: ignore[attr-defined]
            history_user=None, author_anonymised=True
        )
    return total


# --- reminders of deadlines ---------------------------------------------------------------


@transaction.atomic
def feed_token_create(*, user: User) -> str:
    """A new private feed token; the old link stops working. Only its hash is stored, so the
    link is shown once."""
    token = secrets.token_urlsafe(32)
    prefs = reminder_settings_for(user)
    prefs.feed_token_hash = token_hash(token)
    prefs.feed_created_at = timezone.now()
    prefs.save()
    return token


def feed_token_revoke(*, user: User) -> None:
    ReminderSettings.objects.filter(user=user).update(feed_token_hash="", feed_created_at=None)


@transaction.atomic
def reminder_settings_save(*, user: User, frequency: str, language: str) -> ReminderSettings:
    prefs = reminder_settings_for(user)
    prefs.frequency = frequency
    prefs.language = language
    prefs.full_clean()
    prefs.save()
    return prefs


@transaction.atomic
def digest_unsubscribe(*, user: User) -> None:
    prefs = reminder_settings_for(user)
    prefs.frequency = DigestFrequency.OFF
    prefs.save()
