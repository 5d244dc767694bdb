"""The private calendar feed (RFC 5545, read back with the icalendar package): a revocable
token of which only the hash is stored, the same deadlines as the Fristen page, stable UIDs so
a changed date moves the event, each event linking back."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conftest import build_world, login, shared_data
from teilhabe.core import reminders, services
from teilhabe.core.models import ReminderSettings
from teilhabe.planning import services as planning_services
from tests.deadline_world import KINDS, build_deadlines

BASE = "https://teilhabe.stadt-koeln.example"


# The data is built once for the module (shared_data), its files with it.
SHARED_MEDIA = True


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, module_media):
    with shared_data(django_db_blocker, module_media):
        world = build_world()
        yield world, build_deadlines(world)


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.TEILHABE_BASE_URL = BASE


def _feed(token: str):  # type: ignore[no-untyped-def]
    return Client().get(reverse("core:calendar_feed", args=[token]))


def _events(response) -> dict[str, object]:  # type: ignore[no-untyped-def]
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == len(calendar.walk("VEVENT")), "a UID appears twice"
    return events


def test_feed_has_every_deadline_once_with_a_link_back(data, db):
    world, _built = data
    admin = world.users["admin"]
    token = services.feed_token_create(user=admin)
    response = _feed(token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    events = _events(response)
    today = timezone.localdate()
    expected = reminders.user_deadlines(admin, until=today + timedelta(days=3 * 366), today=today)
    assert set(events) == {d.uid for d in expected}
    assert {d.kind for d in expected} == set(KINDS)
    for d in expected:
        event = events[d.uid]
        assert event.decoded("DTSTART") == d.day  # an all-day event on the due date
        assert isinstance(event.decoded("DTSTART"), date)
        assert str(event["URL"]) == f"{BASE}{d.url}"
        assert f"{BASE}{d.url}" in str(event["DESCRIPTION"])
        assert str(event["SUMMARY"]) == f"{d.kind_label}: {d.title}"


def test_only_the_hash_of_the_token_is_stored(data, db):
    world, _built = data
    token = services.feed_token_create(user=world.users["editor"])
    prefs = ReminderSettings.objects.get(user=world.users["editor"])
    assert prefs.feed_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ReminderSettings.objects.filter(pk=prefs.pk).values().first())


def test_a_changed_date_moves_the_event(data, db):
    world, built = data
    token = services.feed_token_create(user=world.users["admin"])
    proof = built.objects["proofs"][0]
    uid = f"{world.municipality.ars}-proof-{proof.pk}@teilhabe"
    before = _events(_feed(token))
    assert before[uid].decoded("DTSTART") == proof.due_on
    proof.due_on = proof.due_on + timedelta(days=30)  # the funder extended the deadline
    planning_services.proof_save(proof=proof, user=world.users["admin"])
    after = _events(_feed(token))
    assert set(after) == set(before)  # moved, not duplicated
    assert after[uid].decoded("DTSTART") == proof.due_on


def test_feed_shows_only_what_the_role_may_see(data, db):
    world, _built = data
    events = _events(_feed(services.feed_token_create(user=world.users["office"])))
    summaries = " ".join(str(e["SUMMARY"]) for e in events.values())
    assert "Förderrichtlinie Sprachmittlung" in summaries
    assert "Befragung Ehrenamtliche 2026" not in summaries
    assert "moderation-ende" not in summaries


def test_a_new_or_revoked_token_ends_the_old_link(data, db):
    world, _built = data
    user = world.users["steering"]
    old = services.feed_token_create(user=user)
    new = services.feed_token_create(user=user)
    assert _feed(old).status_code == 404
    assert _feed(new).status_code == 200
    services.feed_token_revoke(user=user)
    assert _feed(new).status_code == 404
    user.is_active = False
    user.save()
    assert _feed(services.feed_token_create(user=user)).status_code == 404


def test_settings_page_shows_the_link_once_and_how_to_subscribe(data, db):
    world, _built = data
    client = login(Client(), world.users["working_group"])
    url = reverse("core:reminder_settings")
    page = client.get(url).content.decode()
    assert "Kalender abonnieren" in page and "Outlook" in page and "Thunderbird" in page
    created = client.post(url, {"action": "feed_create"}).content.decode()
    assert f"{BASE}/kalender/" in created
    assert f"{BASE}/kalender/" not in client.get(url).content.decode()  # shown only once
    saved = client.post(url, {"action": "save", "frequency": "daily", "language": "en"})
    assert saved.status_code == 302
    prefs = ReminderSettings.objects.get(user=world.users["working_group"])
    assert (prefs.frequency, prefs.language) == ("daily", "en")
    bad = client.post(url, {"action": "save", "frequency": "stündlich", "language": "de"})
    assert bad.status_code == 200 and "kern-error" in bad.content.decode()
