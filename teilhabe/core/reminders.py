"""Reminders of deadlines: an e-mail digest per person and a private calendar feed.

Both show the same deadlines as the Fristen page (``teilhabe.core.deadlines``), in every
municipality the person works in and only those their role lets them see. The digest
remembers the dates it told about, so the next one says which dates moved; the calendar feed
keys its events by the deadline's stable UID, so a moved date moves the event.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teilhabe.core.deadlines import HORIZON_DAYS, Deadline, by_week, deadlines_for, kind_label
from teilhabe.core.models import DigestFrequency, ReminderSettings, User
from teilhabe.core.permissions import access_for
from teilhabe.core.selectors import municipalities_for_user

logger = logging.getLogger(__name__)

DIGEST_DAYS = 14  # the digest names what is due in the next two weeks, and what is overdue
_UNSUBSCRIBE_SALT = "teilhabe.reminders.unsubscribe"


def absolute(path: str) -> str:
    return settings.TEILHABE_BASE_URL.rstrip("/") + path


def reminder_settings_for(user: User) -> ReminderSettings:
    """The person's settings, or the unsaved defaults (weekly, in their language)."""
    found = ReminderSettings.objects.filter(user=user).first()
    return found or ReminderSettings(user=user, language=user.preferred_language or "de")


def user_deadlines(user: User, *, until: date, today: date) -> list[Deadline]:
    """The deadlines of every municipality the person works in that they may see."""
    out: list[Deadline] = []
    for municipality in municipalities_for_user(user=user):
        access = access_for(user, municipality)
        if access is not None:
            out.extend(deadlines_for(access, until=until, today=today))
    out.sort(key=lambda d: (d.day, d.ars, d.title))
    return out


# --- the e-mail digest ------------------------------------------------------------------------


@dataclass
class Moved:
    deadline: Deadline
    before: date


@dataclass
class Digest:
    user: User
    settings: ReminderSettings
    today: date
    due: list[Deadline] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)  # what the next digest compares with

    @property
    def is_empty(self) -> bool:
        return not self.due and not self.moved


def digest_build(user: User, *, today: date) -> Digest:
    prefs = reminder_settings_for(user)
    items = user_deadlines(user, until=today + timedelta(days=HORIZON_DAYS), today=today)
    digest = Digest(user=user, settings=prefs, today=today)
    digest.dates = {d.uid: d.day.isoformat() for d in items}
    digest.due = [d for d in items if d.day <= today + timedelta(days=DIGEST_DAYS)]
    for d in items:
        before = prefs.last_dates.get(d.uid)
        if before and before != d.day.isoformat():
            digest.moved.append(Moved(deadline=d, before=date.fromisoformat(before)))
    return digest


def digest_is_due(prefs: ReminderSettings, today: date) -> bool:
    if prefs.frequency == DigestFrequency.OFF:
        return False
    if prefs.last_sent_on is None:
        return True
    days = 1 if prefs.frequency == DigestFrequency.DAILY else 7
    return (today - prefs.last_sent_on).days >= days


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=_UNSUBSCRIBE_SALT)


def user_for_unsubscribe(token: str) -> User | None:
    try:
        pk = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def digest_message(digest: Digest) -> EmailMultiAlternatives:
    """Plain text and HTML of the same content; no images, no tracking, plain links."""
    unsubscribe = absolute(
        reverse("core:digest_unsubscribe", args=[unsubscribe_token(digest.user)])
    )
    with translation.override(digest.settings.language or "de"):
        # Links in an e-mail must be absolute.
        due = [replace(d, url=absolute(d.url)) for d in digest.due]
        moved = [
            Moved(replace(m.deadline, url=absolute(m.deadline.url)), m.before) for m in digest.moved
        ]
        context: dict[str, Any] = {
            "user": digest.user,
            "language": digest.settings.language or "de",
            "groups": by_week(due, digest.today),
            "moved": moved,
            "settings_url": absolute(reverse("core:reminder_settings")),
            "unsubscribe_url": unsubscribe,
        }
        overdue = sum(1 for d in digest.due if d.is_overdue(digest.today))
        subject = _("Deadlines: %(due)s due, %(overdue)s overdue") % {
            "due": len(digest.due) - overdue,
            "overdue": overdue,
        }
        text = render_to_string("core/email/digest.txt", context)
        html = render_to_string("core/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[digest.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            # RFC 8058: the mail program may unsubscribe with one POST, without a page.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def digest_send(user: User, *, today: date) -> bool:
    """Send the person's digest if it has anything to say; retried on a passing mail-server
    error. True when a message went out. The dates it told about are remembered."""
    digest = digest_build(user, today=today)
    if digest.is_empty:
        return False
    message = digest_message(digest)
    attempts = max(1, settings.TEILHABE_DIGEST_ATTEMPTS)
    pause = settings.TEILHABE_DIGEST_RETRY_SECONDS
    for attempt in range(1, attempts + 1):
        try:
            message.send()
            break
        except (smtplib.SMTPException, OSError):
            logger.warning("digest to user %s failed (attempt %s)", user.pk, attempt)
            if attempt == attempts:
                raise
            time.sleep(pause * attempt)
    prefs = digest.settings
    prefs.last_sent_on = today
    prefs.last_dates = digest.dates
    prefs.save()
    return True


@dataclass
class DigestRun:
    sent: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)


def digests_send(*, today: date | None = None) -> DigestRun:
    """Send every due digest; a person whose mail server keeps failing is tried again on the
    next run (their digest counts as not sent)."""
    today = today or timezone.localdate()
    run = DigestRun()
    people = User.objects.filter(is_active=True, memberships__is_active=True).distinct()
    for user in people.order_by("pk"):
        if not digest_is_due(reminder_settings_for(user), today):
            run.skipped += 1
            continue
        try:
            with transaction.atomic():
                sent = digest_send(user, today=today)
        except (smtplib.SMTPException, OSError) as error:
            run.failed.append(f"{user.email}: {error}")
            continue
        if sent:
            run.sent += 1
        else:
            run.skipped += 1
    return run


# --- the calendar feed ------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_for_feed(token: str) -> User | None:
    if not token:
        return None
    prefs = (
        ReminderSettings.objects.filter(feed_token_hash=token_hash(token))
        .select_related("user")
        .first()
    )
    if prefs is None or not prefs.user.is_active:
        return None
    return prefs.user


def feed_ics(user: User, *, today: date, now: datetime | None = None) -> bytes:
    """An RFC 5545 calendar of the person's deadlines as all-day events."""
    from icalendar import Calendar, Event

    now = now or timezone.now()
    prefs = reminder_settings_for(user)
    calendar = Calendar()
    calendar.add("prodid", "-//Teilhabe//Fristen//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    with translation.override(prefs.language or "de"):
        calendar.add("x-wr-calname", _("Teilhabe deadlines"))
        # Calendar programs fetch the feed again after this time (Outlook: its own rhythm).
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
        for d in user_deadlines(user, until=today + timedelta(days=HORIZON_DAYS), today=today):
            event = Event()
            event.add("uid", d.uid)
            event.add("dtstamp", now)
            event.add("dtstart", d.day)
            event.add("dtend", d.day + timedelta(days=1))
            event.add("summary", f"{kind_label(d.kind)}: {d.title}")
            lines = [d.action, d.responsible, absolute(d.url)]
            event.add("description", "\n".join(x for x in lines if x))
            event.add("url", absolute(d.url))
            event.add("transp", "TRANSPARENT")  # a deadline does not block the day
            event.add("categories", [kind_label(d.kind)])
            calendar.add_component(event)
    return calendar.to_ical()
