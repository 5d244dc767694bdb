"""Writes of the inventory: actors, notes, offers, usage, publication, merging, the survey."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import FieldOfAction, Municipality, User
from teilhabe.core.versioning import save_versioned
from teilhabe.inventory.models import (
    Actor,
    ActorNote,
    ChangeStatus,
    Offer,
    OfferLocation,
    SurveyChange,
    SurveyInvitation,
    SurveyRound,
    Usage,
    UsageSource,
)

# --- actors and offers --------------------------------------------------------------------


@transaction.atomic
def actor_save(
    *,
    actor: Actor,
    fields_of_action: list[FieldOfAction] | None = None,
    expected_version: int | None = None,
) -> Actor:
    save_versioned(
        actor,
        expected_version=expected_version,
        m2m={"fields_of_action": fields_of_action} if fields_of_action is not None else None,
    )
    return actor


@transaction.atomic
def actor_note_save(*, actor: Actor, municipality: Municipality, text: str) -> ActorNote:
    note, _created = ActorNote.objects.get_or_create(actor=actor, municipality=municipality)
    note.text = text.strip()
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def actor_contact_person_remove(*, actor: Actor) -> Actor:
    """Remove the named contact person on request; the history entries lose the name too."""
    actor.contact_person = ""
    actor.version += 1
    actor.save()
    actor.history.exclude(contact_person="").update(contact_person="")
    return actor


@transaction.atomic
def offer_save(
    *,
    offer: Offer,
    fields_of_action: list[FieldOfAction] | None = None,
    expected_version: int | None = None,
    locations: list[OfferLocation] | None = None,
    removed_locations: list[OfferLocation] | None = None,
) -> Offer:
    """Save an offer; ``locations`` (in order) are saved with it, ``removed_locations``
    deleted (their history keeps them)."""
    if fields_of_action is not None and not fields_of_action:
        raise ValidationError({"fields_of_action": _("Choose at least one field of action.")})
    save_versioned(
        offer,
        expected_version=expected_version,
        m2m={"fields_of_action": fields_of_action} if fields_of_action is not None else None,
    )
    for location in removed_locations or []:
        if location.pk and location.offer_id == offer.pk:
            location.delete()
    for position, location in enumerate(locations or []):
        location_save(location=location, offer=offer, position=position)
    return offer


@transaction.atomic
def location_save(
    *, location: OfferLocation, offer: Offer, position: int | None = None
) -> OfferLocation:
    location.offer = offer
    if position is not None:
        location.position = position
    elif location.pk is None:
        last = offer.locations.order_by("-position").values_list("position", flat=True).first()
        location.position = 0 if last is None else last + 1
    location.full_clean()
    location.save()
    return location


@transaction.atomic
def publication_set(*, obj: Actor | Offer, user: User, approved: bool) -> Actor | Offer:
    """Record (or withdraw) the approval for the public portal."""
    obj.published_at = timezone.now() if approved else None
    obj.published_by = user if approved else None
    obj.save(update_fields=["published_at", "published_by"])
    return obj


@transaction.atomic
def usage_save(*, usage: Usage) -> Usage:
    usage.full_clean()
    usage.save()
    return usage


# --- merging ------------------------------------------------------------------------------

_ACTOR_FILL_FIELDS = [
    "description",
    "email",
    "phone",
    "contact_person",
    "street",
    "postcode",
    "city",
    "area",
    "latitude",
    "longitude",
    "website",
]


@transaction.atomic
def actor_merge(*, keep: Actor, duplicate: Actor) -> Actor:
    """Merge ``duplicate`` into ``keep``: offers, notes, survey links and fields of action move
    over, empty fields are filled, languages united. The duplicate stays as a merged record, so
    both histories are kept and its page points to the surviving actor."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("An actor cannot be merged with itself."))
    if duplicate.merged_into_id or keep.merged_into_id:
        raise ValidationError(_("One of the two actors has already been merged."))
    for name in _ACTOR_FILL_FIELDS:
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    keep.languages = sorted(set(keep.languages or []) | set(duplicate.languages or []))
    keep.shared_in_federation = keep.shared_in_federation or duplicate.shared_in_federation
    keep.version += 1
    keep.save()
    keep.fields_of_action.add(*duplicate.fields_of_action.all())
    for offer in duplicate.offers.all():
        offer.actor = keep
        offer.version += 1
        offer.save()
    for note in ActorNote.objects.filter(actor=duplicate):
        mine = ActorNote.objects.filter(actor=keep, municipality=note.municipality).first()
        if mine is None:
            note.actor = keep
            note.save()
        else:
            mine.text = "\n\n".join(t for t in (mine.text, note.text) if t)
            mine.save()
            note.delete()
    for invitation in duplicate.survey_invitations.all():
        if not SurveyInvitation.objects.filter(survey=invitation.survey, actor=keep).exists():
            invitation.actor = keep
            invitation.save()
    duplicate.merged_into = keep
    duplicate.published_at = None
    duplicate.published_by = None
    duplicate.save()
    return keep


@transaction.atomic
def offer_merge(*, keep: Offer, duplicate: Offer) -> Offer:
    """Merge a duplicate offer: usage of periods the kept offer lacks moves over."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("An offer cannot be merged with itself."))
    if keep.municipality_id != duplicate.municipality_id:
        raise ValidationError(_("Only offers of the same municipality can be merged."))
    if duplicate.merged_into_id or keep.merged_into_id:
        raise ValidationError(_("One of the two offers has already been merged."))
    periods = set(keep.usages.values_list("period_start", "period_end"))
    for usage in duplicate.usages.all():
        if (usage.period_start, usage.period_end) not in periods:
            usage.offer = keep
            usage.save()
    for name in ("description", "schedule", "capacity", "fee", "funding"):
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    # Locations the kept offer lacks (by area and venue) move over.
    known = {(loc.area_id, loc.venue.casefold()) for loc in keep.locations.all()}
    position = keep.locations.count()
    for location in duplicate.locations.order_by("position", "pk"):
        if (location.area_id, location.venue.casefold()) in known:
            continue
        location.offer = keep
        location.position = position
        location.save()
        position += 1
    keep.target_groups = sorted(set(keep.target_groups or []) | set(duplicate.target_groups or []))
    keep.languages = sorted(set(keep.languages or []) | set(duplicate.languages or []))
    keep.version += 1
    keep.save()
    keep.fields_of_action.add(*duplicate.fields_of_action.all())
    duplicate.merged_into = keep
    duplicate.published_at = None
    duplicate.published_by = None
    duplicate.save()
    return keep


# --- the actor survey ---------------------------------------------------------------------

# Fields the actor may change about itself and its offers in the survey form.
SURVEY_ACTOR_FIELDS = ["name", "description", "email", "phone", "street", "postcode", "city"]
SURVEY_ACTOR_FIELDS += ["website", "languages"]
SURVEY_OFFER_FIELDS = ["title", "description", "schedule", "capacity", "fee", "status"]
SURVEY_OFFER_FIELDS += ["languages"]
SURVEY_USAGE_FIELDS = ["participants", "women", "age_under_18", "age_18_26", "age_27_64"]
SURVEY_USAGE_FIELDS += ["age_65_plus", "origin_groups", "waiting_list"]
# A proposed new offer: the title creates it, together with these core fields.
PROPOSAL_CORE_FIELDS = ["form", "fields_of_action", "status"]
PROPOSAL_LOCATION_FIELDS = ["venue", "street", "postcode", "city"]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def qr_svg(text: str, *, title: str) -> str:
    """A QR code as inline SVG (no image file, no script; allowed by the CSP)."""
    import segno

    return segno.make(text, error="m").svg_inline(scale=5, border=2, title=title)


def survey_link(token: str) -> str:
    return settings.TEILHABE_BASE_URL.rstrip("/") + reverse("inventory:survey_answer", args=[token])


def _send_survey_mail(invitation: SurveyInvitation, token: str, *, reminder: bool) -> None:
    survey = invitation.survey
    subject = (
        _("Reminder: please check your data – %(title)s")
        if reminder
        else _("Please check your data – %(title)s")
    ) % {"title": survey.title}
    body = _(
        "Hello,\n\n%(municipality)s keeps an overview of the integration offers in the city "
        "(inventory). Please check the data of %(actor)s and your offers and report how many "
        "people used them from %(start)s to %(end)s.\n\n%(message)s\n\n"
        "Your personal link (no account needed), valid until %(deadline)s:\n%(link)s\n\n"
        "Thank you!"
    ) % {
        "municipality": survey.municipality.name,
        "actor": invitation.actor.name,
        "start": survey.period_start.strftime("%d.%m.%Y"),
        "end": survey.period_end.strftime("%d.%m.%Y"),
        "message": survey.message,
        "deadline": invitation.expires_at.strftime("%d.%m.%Y"),
        "link": survey_link(token),
    }
    send_mail(
        subject=subject,
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def survey_create(
    *,
    municipality: Municipality,
    title: str,
    period_start: date,
    period_end: date,
    deadline: date,
    message: str,
    user: User | None,
) -> SurveyRound:
    survey = SurveyRound(
        municipality=municipality,
        title=title,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        message=message,
        created_by=user,
    )
    survey.full_clean()
    survey.save()
    return survey


def _expiry(survey: SurveyRound) -> timezone.datetime:
    end_of_deadline = timezone.make_aware(
        timezone.datetime.combine(
            survey.deadline + timedelta(days=14), timezone.datetime.min.time()
        )
    )
    return max(end_of_deadline, timezone.now() + timedelta(days=7))


@transaction.atomic
def survey_send(
    *, survey: SurveyRound, actors: list[Actor]
) -> tuple[list[SurveyInvitation], list[str]]:
    """Create a personal link per actor and send it; actors without an address are named."""
    sent: list[SurveyInvitation] = []
    skipped: list[str] = []
    for actor in actors:
        if not actor.email:
            skipped.append(actor.name)
            continue
        if SurveyInvitation.objects.filter(survey=survey, actor=actor).exists():
            continue
        token = secrets.token_urlsafe(24)
        invitation = SurveyInvitation.objects.create(
            survey=survey,
            actor=actor,
            email=actor.email,
            token_hash=_hash(token),
            expires_at=_expiry(survey),
        )
        _send_survey_mail(invitation, token, reminder=False)
        sent.append(invitation)
    return sent, skipped


@transaction.atomic
def survey_invitation_create(*, survey: SurveyRound, actor: Actor) -> tuple[SurveyInvitation, str]:
    """A link without sending an e-mail (for handing over in person); returns the token."""
    token = secrets.token_urlsafe(24)
    invitation, _created = SurveyInvitation.objects.update_or_create(
        survey=survey,
        actor=actor,
        defaults={
            "email": actor.email or "",
            "token_hash": _hash(token),
            "expires_at": _expiry(survey),
        },
    )
    return invitation, token


@transaction.atomic
def survey_remind_one(*, invitation: SurveyInvitation) -> bool:
    """Send one actor a reminder with a new link (the old link stops working). False if
    there is no address to send it to."""
    address = invitation.email or invitation.actor.email
    if not address:
        return False
    token = secrets.token_urlsafe(24)
    invitation.email = address
    invitation.token_hash = _hash(token)
    invitation.expires_at = _expiry(invitation.survey)
    invitation.reminded_at = timezone.now()
    invitation.reminders += 1
    invitation.save()
    _send_survey_mail(invitation, token, reminder=True)
    return True


@transaction.atomic
def survey_remind(*, survey: SurveyRound) -> int:
    """Send a new link to every actor that has not answered; the old link stops working."""
    count = 0
    for invitation in survey.invitations.filter(answered_at__isnull=True).select_related(
        "actor", "survey__municipality"
    ):
        count += survey_remind_one(invitation=invitation)
    return count


def survey_invitations_due(
    *, today: date, every_days: int, max_reminders: int
) -> list[SurveyInvitation]:
    """Unanswered links of running surveys (deadline not passed) whose last e-mail is at
    least ``every_days`` old and that have had fewer than ``max_reminders`` reminders."""
    cutoff = timezone.now() - timedelta(days=every_days)
    due = []
    for invitation in (
        SurveyInvitation.objects.filter(
            answered_at__isnull=True,
            survey__deadline__gte=today,
            reminders__lt=max_reminders,
        )
        .exclude(email="")
        .select_related("actor", "survey__municipality")
    ):
        last = invitation.reminded_at or invitation.sent_at
        if last <= cutoff:
            due.append(invitation)
    return due


def survey_remind_due(*, today: date, every_days: int = 7, max_reminders: int = 2) -> int:
    """Automatic reminders (run daily by cron or the worker, see docs/inventory.md)."""
    count = 0
    for invitation in survey_invitations_due(
        today=today, every_days=every_days, max_reminders=max_reminders
    ):
        count += survey_remind_one(invitation=invitation)
    return count


def survey_invitation_for_token(token: str) -> SurveyInvitation | None:
    invitation = (
        SurveyInvitation.objects.select_related("survey__municipality", "actor")
        .filter(token_hash=_hash(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_open else None


def _comparable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return sorted(value)
    if value is None:
        return ""
    return value


@transaction.atomic
def survey_answer_record(
    *,
    invitation: SurveyInvitation,
    actor_data: dict[str, Any],
    offer_data: dict[int, dict[str, Any]],
    usage_data: dict[int, dict[str, Any]],
    comment: str,
    proposals: list[dict[str, Any]] | None = None,
) -> int:
    """Store what the actor changed as pending changes, one per field. Nothing becomes visible
    before the office accepts it. Answering again replaces the pending changes."""
    invitation.changes.filter(status=ChangeStatus.PENDING).delete()
    count = 0
    actor = invitation.actor
    for name, value in actor_data.items():
        old = getattr(actor, name)
        if _comparable(old) != _comparable(value):
            SurveyChange.objects.create(
                invitation=invitation,
                target="actor",
                field=name,
                old_value=_comparable(old),
                new_value=_comparable(value),
            )
            count += 1
    offers = {o.pk: o for o in actor.offers.filter(municipality=invitation.survey.municipality)}
    for offer_id, data in offer_data.items():
        offer = offers.get(offer_id)
        if offer is None:
            continue
        for name, value in data.items():
            old = getattr(offer, name)
            if _comparable(old) != _comparable(value):
                SurveyChange.objects.create(
                    invitation=invitation,
                    offer=offer,
                    target="offer",
                    field=name,
                    old_value=_comparable(old),
                    new_value=_comparable(value),
                )
                count += 1
    survey = invitation.survey
    for offer_id, data in usage_data.items():
        offer = offers.get(offer_id)
        if offer is None:
            continue
        current = Usage.objects.filter(
            offer=offer, period_start=survey.period_start, period_end=survey.period_end
        ).first()
        for name, value in data.items():
            if value in (None, {}):
                continue
            old = getattr(current, name) if current else None
            if _comparable(old) != _comparable(value):
                SurveyChange.objects.create(
                    invitation=invitation,
                    offer=offer,
                    target="usage",
                    field=name,
                    old_value=_comparable(old),
                    new_value=value,
                )
                count += 1
    for number, proposal in enumerate(p for p in proposals or [] if p.get("title")):
        for name, value in proposal.items():
            SurveyChange.objects.create(
                invitation=invitation,
                target="proposal",
                proposal=number + 1,
                field=name,
                old_value=None,
                new_value=value,
            )
            count += 1
    invitation.answered_at = timezone.now()
    invitation.confirmed_unchanged = count == 0
    invitation.comment = comment.strip()
    invitation.save()
    return count


def _convert(model_field: Any, value: Any) -> Any:
    if value in ("", None) and getattr(model_field, "null", False):
        return None
    if model_field.get_internal_type() == "DecimalField" and value not in ("", None):
        try:
            return Decimal(str(value))
        except InvalidOperation as exc:
            raise ValidationError(_("“%(v)s” is not a number.") % {"v": value}) from exc
    return value


@transaction.atomic
def survey_change_decide(*, change: SurveyChange, accept: bool, user: User) -> SurveyChange:
    """Accept (apply to the record) or reject one reported field."""
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(_("This change has already been decided."))
    if accept:
        if change.target == "actor":
            actor = change.invitation.actor
            setattr(
                actor,
                change.field,
                _convert(Actor._meta.get_field(change.field), change.new_value),
            )
            actor_save(actor=actor)
        elif change.target == "offer" and change.offer is not None:
            offer = change.offer
            setattr(
                offer,
                change.field,
                _convert(Offer._meta.get_field(change.field), change.new_value),
            )
            offer_save(offer=offer)
        elif change.target == "usage" and change.offer is not None:
            survey = change.invitation.survey
            usage = Usage.objects.filter(
                offer=change.offer,
                period_start=survey.period_start,
                period_end=survey.period_end,
            ).first() or Usage(
                offer=change.offer,
                period_start=survey.period_start,
                period_end=survey.period_end,
                participants=0,
                source=UsageSource.ACTOR,
            )
            setattr(usage, change.field, change.new_value)
            usage.source = UsageSource.ACTOR
            usage_save(usage=usage)
        elif change.target == "proposal":
            _proposal_accept(change, user)
    elif change.target == "proposal" and change.field == "title":
        # Without its title there is no offer: the whole proposal is rejected.
        for other in _proposal_changes(change).filter(status=ChangeStatus.PENDING):
            _decided(other, accept=False, user=user)
    return _decided(change, accept=accept, user=user)


def _decided(change: SurveyChange, *, accept: bool, user: User) -> SurveyChange:
    change.status = ChangeStatus.ACCEPTED if accept else ChangeStatus.REJECTED
    change.decided_by = user
    change.decided_at = timezone.now()
    change.save()
    return change


def _proposal_changes(change: SurveyChange) -> Any:
    return SurveyChange.objects.filter(
        invitation=change.invitation, target="proposal", proposal=change.proposal
    ).exclude(pk=change.pk)


def _proposal_accept(change: SurveyChange, user: User) -> None:
    """Accepting the title creates the offer (with form, fields of action and status);
    every other field of the proposal then applies to that offer."""
    invitation = change.invitation
    if change.field == "title":
        others = {c.field: c for c in _proposal_changes(change)}
        core = {name: others[name].new_value for name in PROPOSAL_CORE_FIELDS if name in others}
        offer = Offer(
            municipality=invitation.survey.municipality,
            actor=invitation.actor,
            title=change.new_value,
            form=core.get("form", ""),
            status=core.get("status") or "geplant",
        )
        fields = list(
            FieldOfAction.objects.filter(
                municipality=offer.municipality, pk__in=core.get("fields_of_action") or []
            )
        )
        offer_save(offer=offer, fields_of_action=fields)
        _proposal_changes(change).update(offer=offer)
        change.offer = offer
        for name in PROPOSAL_CORE_FIELDS:
            if name in others and others[name].status == ChangeStatus.PENDING:
                _decided(others[name], accept=True, user=user)
        return
    if change.field in PROPOSAL_CORE_FIELDS:
        if change.offer is None:
            raise ValidationError(_("Accept the title first: it creates the offer."))
        return
    offer = change.offer
    if offer is None:
        raise ValidationError(_("Accept the title first: it creates the offer."))
    if change.field in PROPOSAL_LOCATION_FIELDS:
        location = offer.locations.order_by("position", "pk").first() or OfferLocation(
            offer=offer, position=0
        )
        setattr(location, change.field, change.new_value or "")
        location_save(location=location, offer=offer, position=location.position)
        return
    setattr(offer, change.field, _convert(Offer._meta.get_field(change.field), change.new_value))
    offer_save(offer=offer)
