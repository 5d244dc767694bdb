"""Writes of the portal: settings and texts (with optimistic locking), feedback from the
public (rate-limited, no address stored) and its handling in the workspace."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from teilhabe.core.models import Municipality, User
from teilhabe.core.versioning import save_versioned
from teilhabe.portal.models import Feedback, PortalSettings, PortalText

# Feedback rate limit: messages per client within the window, and per municipality per hour.
FEEDBACK_PER_CLIENT = 5
FEEDBACK_WINDOW_SECONDS = 10 * 60
FEEDBACK_PER_MUNICIPALITY_HOUR = 100


class TooManyMessages(Exception):
    """The feedback rate limit is reached."""


@transaction.atomic
def portal_settings_save(
    *, portal_settings: PortalSettings, languages: list[str], expected_version: int | None
) -> PortalSettings:
    portal_settings.languages = languages
    # A form without a version is checked against the state just loaded.
    expected = portal_settings.version if expected_version is None else expected_version
    return save_versioned(portal_settings, expected_version=expected)


@transaction.atomic
def portal_text_save(*, text: PortalText, expected_version: int | None) -> PortalText:
    text.updated_at = timezone.now()
    expected = text.version if expected_version is None else expected_version
    return save_versioned(text, expected_version=expected)


@transaction.atomic
def portal_text_delete(*, text: PortalText) -> None:
    text.delete()


def _client_key(municipality: Municipality, client: str) -> str:
    """A salted, short-lived hash of the client address, held only in the cache for the rate
    limit window; the address itself is never stored."""
    day = timezone.now().strftime("%Y%m%d")
    raw = f"{settings.SECRET_KEY}|{day}|{client}".encode()
    return f"portal-feedback:{municipality.pk}:{hashlib.sha256(raw).hexdigest()[:24]}"


def _count(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


@transaction.atomic
def feedback_submit(
    *,
    municipality: Municipality,
    topic: str,
    message: str,
    page: str,
    reply_to: str,
    client: str,
) -> Feedback:
    """Store a message from the portal. Raises ``TooManyMessages`` beyond the rate limit."""
    if _count(_client_key(municipality, client), FEEDBACK_WINDOW_SECONDS) > FEEDBACK_PER_CLIENT:
        raise TooManyMessages
    hour = timezone.now().strftime("%Y%m%d%H")
    if _count(f"portal-feedback-all:{municipality.pk}:{hour}", 3600) > (
        FEEDBACK_PER_MUNICIPALITY_HOUR
    ):
        raise TooManyMessages
    feedback = Feedback(
        municipality=municipality,
        topic=topic,
        message=message,
        page=page[:300],
        reply_to=reply_to,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def feedback_set_handled(*, feedback: Feedback, user: User, handled: bool, note: str) -> Feedback:
    """Mark a message as handled (or open again). A reply address is removed once handled:
    it was given only for the answer."""
    feedback.note = note
    if handled:
        feedback.handled_at = timezone.now()
        feedback.handled_by = user
        feedback.reply_to = ""
    else:
        feedback.handled_at = None
        feedback.handled_by = None
    feedback.full_clean()
    feedback.save()
    return feedback
