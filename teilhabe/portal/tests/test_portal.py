"""The public portal: nothing unapproved leaks, figures are disclosure-controlled, pages are
cached and the cache follows every change, feedback is stored without an address."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from teilhabe.portal.models import Feedback, PortalSettings, PortalText
from teilhabe.portal.tests.factories import MARKER, public_world
from tests.url_matrix import MATRIX


@pytest.fixture
def scene(world):
    cache.clear()
    public_world(world)
    return world


def _public_urls(world) -> list[str]:
    urls = []
    for row in MATRIX:
        if row.name.startswith(("portal:", "api:")) and row.expect["anonymous"] == 200:
            urls.append(reverse(row.name, kwargs=row.kwargs(world)))
    ars = world.municipality.ars
    for dataset in ("massnahmen", "angebote", "kennzahlen"):
        for fmt in ("csv", "json"):
            urls.append(reverse("portal:open_data_file", args=[ars, dataset, fmt]))
    return urls


def test_no_draft_or_unreviewed_text_reaches_any_page_api_or_file(scene):
    client = Client()
    seen: set[str] = set()
    queue = _public_urls(scene)
    queue += [u + ("&" if "?" in u else "?") + "sprache=en" for u in list(queue) if "/portal/" in u]
    prefix = f"/portal/{scene.municipality.ars}/"
    pages = 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8", errors="replace")
        assert MARKER not in body, url
        pages += 1
        if response["Content-Type"].startswith("text/html"):
            for link in re.findall(r'href="([^"#]+)"', body):
                link = link.replace("&amp;", "&")
                if link.startswith(prefix) and link not in seen and not link.endswith(".pdf"):
                    queue.append(link)
    assert pages > 40
    # What is approved does show.
    assert (
        "PORTAL-1"
        in client.get(reverse("portal:measures", args=[scene.municipality.ars])).content.decode()
    )
    participation = client.get(
        reverse("portal:participation", args=[scene.municipality.ars])
    ).content.decode()
    assert "Mehr Abendkurse für Berufstätige" in participation
    offers = client.get(reverse("portal:offers", args=[scene.municipality.ars])).content.decode()
    assert "Sprachkurs A1" in offers and "<svg" in offers


def test_foreign_and_unpublished_ids_answer_404(scene):
    client = Client()
    ars = scene.municipality.ars
    draft = scene.extra["portal_draft_measure"]
    secret = scene.extra["portal_secret_indicator"]
    assert client.get(reverse("portal:measure_detail", args=[ars, draft.pk])).status_code == 404
    assert client.get(reverse("api:measure_detail", args=[ars, draft.pk])).status_code == 404
    assert client.get(reverse("portal:indicator_detail", args=[ars, secret.pk])).status_code == 404
    assert client.get(reverse("api:indicator_detail", args=[ars, secret.pk])).status_code == 404
    measure = scene.extra["portal_measure"]
    other = scene.other.ars
    assert client.get(reverse("portal:measure_detail", args=[other, measure.pk])).status_code == 404
    assert client.get(reverse("api:measure_detail", args=[other, measure.pk])).status_code == 404
    assert (
        client.get(
            reverse("api:offer_detail", args=[other, scene.extra["portal_offer"].pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("portal:start", args=["999999999999"])).status_code == 404


def test_small_counts_are_suppressed_in_page_file_and_api(scene):
    client = Client()
    ars = scene.municipality.ars
    indicator = scene.extra["portal_indicator"]
    data = json.loads(
        client.get(reverse("portal:open_data_file", args=[ars, "kennzahlen", "json"])).content
    )
    small = [r for r in data["items"] if r["region_key"] == "101"]
    assert small and all(r["value"] is None and r["suppressed"] for r in small)
    assert data["licence"].startswith("Datenlizenz Deutschland")
    api = client.get(reverse("api:indicator_detail", args=[ars, indicator.pk])).json()
    area = [v for v in api["values"] if v["region_key"] == "101"]
    assert area and area[0]["value"] is None and area[0]["suppressed"] is True
    assert all(v["source"] == "Stadt Köln" for v in api["values"])
    page = client.get(reverse("portal:indicator_detail", args=[ars, indicator.pk])).content.decode()
    assert 'Altstadt/Süd</th><td class="kern-table__cell num">.</td>' in page
    assert "Quelle: Stadt Köln, Stand: 31.12.2023–31.12.2024" in page


def test_pages_are_cached_and_every_change_shows_at_once(scene):
    client = Client()
    url = reverse("portal:measures", args=[scene.municipality.ars])
    first = client.get(url)
    assert first["Cache-Control"].startswith("public, max-age=")
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url)
    assert again.content == first.content
    assert len(ctx.captured_queries) <= 2, [q["sql"] for q in ctx.captured_queries]
    measure = scene.extra["portal_measure"]
    measure.title = "Sprachcafé am Abend"
    measure.save()
    assert "Sprachcafé am Abend" in client.get(url).content.decode()
    measure.published_at = None
    measure.save()
    assert "PORTAL-1" not in client.get(url).content.decode()
    # A change of the texts of the portal, too.
    start = reverse("portal:start", args=[scene.municipality.ars])
    assert "Hallo Köln" in client.get(start).content.decode()
    text = PortalText.objects.get(municipality=scene.municipality, key="welcome", language="de")
    text.body = "Servus Köln"
    text.save()
    assert "Servus Köln" in client.get(start).content.decode()


def test_portal_languages_and_right_to_left_texts(scene):
    client = Client()
    ars = scene.municipality.ars
    PortalSettings.objects.create(municipality=scene.municipality, languages=["de", "en", "ar"])
    PortalText.objects.create(
        municipality=scene.municipality, key="welcome", language="ar", body="أهلاً وسهلاً"
    )
    english = client.get(reverse("portal:measures", args=[ars]) + "?sprache=en").content.decode()
    assert '<html lang="en"' in english and "Political state" in english
    german = client.get(reverse("portal:measures", args=[ars])).content.decode()
    assert '<html lang="de"' in german and "Politischer Status" in german
    arabic = client.get(reverse("portal:start", args=[ars]) + "?sprache=ar").content.decode()
    assert 'lang="ar" dir="rtl"' in arabic and "أهلاً وسهلاً" in arabic
    easy = client.get(reverse("portal:easy", args=[ars])).content.decode()
    assert "Leichte Sprache" in easy and "Maßnahmen" in easy


def test_feedback_is_stored_without_address_and_rate_limited(scene):
    client = Client(REMOTE_ADDR="203.0.113.77")
    url = reverse("portal:feedback", args=[scene.municipality.ars])
    assert client.get(url).status_code == 200
    for i in range(5):
        response = client.post(
            url, {"topic": "accessibility", "message": f"Kontrast zu schwach {i}"}
        )
        assert response.status_code == 302
    stored = Feedback.objects.filter(message__startswith="Kontrast")
    assert stored.count() == 5
    for fb in stored:
        assert "203.0.113.77" not in json.dumps(
            {f.name: str(getattr(fb, f.name)) for f in Feedback._meta.fields}
        )
    blocked = client.post(url, {"topic": "accessibility", "message": "Noch eine Nachricht"})
    assert blocked.status_code == 400 and "Zu viele" in blocked.content.decode()
    bad = Client(REMOTE_ADDR="198.51.100.1").post(url, {"topic": "accessibility", "message": ""})
    assert bad.status_code == 400
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(url, {"topic": "other", "message": "ohne Token"}).status_code == 403


def test_staff_handle_feedback_and_the_reply_address_goes(scene):
    client = login(Client(), scene.users["editor"])
    feedback = Feedback.objects.create(
        municipality=scene.municipality, message="Bitte größere Schrift", reply_to="a@b.example"
    )
    inbox = client.get(reverse("portal:feedback_list", args=[scene.municipality.ars]))
    assert "Bitte größere Schrift" in inbox.content.decode()
    response = client.post(
        reverse("portal:feedback_detail", args=[scene.municipality.ars, feedback.pk]),
        {"note": "Schriftgröße angepasst", "handled": "1"},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.handled_at is not None and feedback.reply_to == ""
    foreign = login(Client(), scene.users["foreign"])
    assert (
        foreign.get(
            reverse("portal:feedback_detail", args=[scene.municipality.ars, feedback.pk])
        ).status_code
        == 404
    )


def test_settings_switch_sections_and_detect_concurrent_edits(scene):
    client = login(Client(), scene.users["admin"])
    ars = scene.municipality.ars
    url = reverse("portal:settings", args=[ars])
    data = {
        "is_enabled": "on",
        "languages_text": "de, en, tr",
        "show_concept": "on",
        "show_measures": "",
        "conformity": "partial",
        "statement_date": "2026-01-15",
        "assessment_method": "Selbstbewertung",
        "version": "1",
    }
    assert client.post(url, data).status_code == 302
    stored = PortalSettings.objects.get(municipality=scene.municipality)
    assert stored.languages == ["de", "en", "tr"] and not stored.show_measures
    assert Client().get(reverse("portal:measures", args=[ars])).status_code == 404
    assert client.post(url, data | {"contact_phone": "0221 1"}).status_code == 302  # version 1 → 2
    stale = client.post(url, data | {"show_measures": "on"}, follow=True)
    assert "in der Zwischenzeit" in stale.content.decode()
    assert not PortalSettings.objects.get(municipality=scene.municipality).show_measures
    bad = client.post(url, data | {"languages_text": "de, xx", "version": "2"})
    assert bad.status_code == 200 and "xx" in bad.content.decode()
    client.post(url, data | {"is_enabled": "", "version": "2"})
    assert Client().get(reverse("portal:start", args=[ars])).status_code == 404
    assert Client().get(reverse("api:measures", args=[ars])).status_code == 404


def test_text_edit_based_on_an_old_version_is_refused(scene):
    text = PortalText.objects.get(municipality=scene.municipality, key="welcome", language="de")
    loaded = text.version
    client = login(Client(), scene.users["admin"])
    url = reverse("portal:text_edit", args=[scene.municipality.ars, text.pk])
    data = {"key": "welcome", "language": "de", "body": "Servus Köln", "version": str(loaded)}
    assert client.post(url, data).status_code == 302
    text.refresh_from_db()
    assert (text.body, text.version) == ("Servus Köln", loaded + 1)
    stale = client.post(url, data | {"body": "Moin Köln"}, follow=True)
    assert "diesen Text in der Zwischenzeit geändert" in stale.content.decode()
    text.refresh_from_db()
    assert (text.body, text.version) == ("Servus Köln", loaded + 1)


def test_indicator_approval_from_the_statistics_page(scene):
    client = login(Client(), scene.users["editor"])
    secret = scene.extra["portal_secret_indicator"]
    url = reverse("statistics:indicator_publication", args=[scene.municipality.ars, secret.pk])
    assert client.post(url, {"approve": "1"}).status_code == 302
    secret.refresh_from_db()
    assert secret.published_at is not None and secret.published_by == scene.users["editor"]
    page = Client().get(reverse("portal:indicators", args=[scene.municipality.ars]))
    assert "Kennzahl" in page.content.decode()
    client.post(url, {"approve": "0"})
    secret.refresh_from_db()
    assert secret.published_at is None
    reader = login(Client(), scene.users["reader"])
    assert reader.post(url, {"approve": "1"}).status_code == 403


def test_open_data_csv_is_german_excel_friendly(scene):
    response = Client().get(
        reverse("portal:open_data_file", args=[scene.municipality.ars, "massnahmen", "csv"])
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffid;number;title")
    assert "PORTAL-1" in text and "Datenlizenz Deutschland" in text
    assert response["Content-Disposition"].startswith("attachment;")
