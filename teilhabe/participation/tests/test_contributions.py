"""Contributions, events and groups: matcher, duplicates, capture, consent, membership rights."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from conftest import login
from teilhabe.core.models import FieldOfAction
from teilhabe.participation import matcher, selectors, services
from teilhabe.participation.demo import demo_participation
from teilhabe.participation.models import (
    Contribution,
    Event,
    EventAttachment,
    GroupMember,
    Survey,
    WorkingGroup,
)


def test_matcher_uses_stems_and_compound_words_and_explains_itself():
    keywords = matcher.compile_keywords(
        [(1, matcher.DEFAULT_KEYWORDS["Sprache"]), (2, matcher.DEFAULT_KEYWORDS["Wohnen"])]
    )
    suggestion = matcher.suggest("Es gibt zu wenige Sprachkurse mit Kinderbetreuung", keywords)
    assert suggestion.field_id == 1
    assert "Sprachkurse → Sprachkurs" in suggestion.explanation
    compound = matcher.suggest("Die Wohnungssuchenden brauchen Hilfe", keywords)
    assert compound.field_id == 2
    assert matcher.suggest("Schönes Wetter heute", keywords).field_id is None


def test_similarity_ignores_word_order_and_inflection():
    a = "Mehr Sprachkurse am Abend für Berufstätige"
    b = "Für Berufstätige mehr Sprachkurs am Abend"
    assert matcher.similarity(a, b) >= matcher.DUPLICATE_THRESHOLD
    assert (
        matcher.similarity(a, "Bezahlbare Wohnungen in Kalk fehlen") < matcher.DUPLICATE_THRESHOLD
    )


@pytest.mark.django_db
def test_contribution_gets_a_suggestion_staff_confirm_and_duplicates_group(world):
    FieldOfAction.objects.create(municipality=world.municipality, name="Wohnen", position=2)
    first = services.contribution_create(
        contribution=Contribution(
            municipality=world.municipality, text="Mehr Deutschkurse am Abend", channel="other"
        ),
        user=world.users["editor"],
    )
    assert first.field_of_action == world.field and not first.field_confirmed
    second = services.contribution_create(
        contribution=Contribution(
            municipality=world.municipality,
            text="Deutschkurse am Abend, bitte mehr!",
            channel="other",
        ),
        user=world.users["editor"],
    )
    assert second.duplicate_of == first
    client = login(Client(), world.users["working_group"])
    wohnen = FieldOfAction.objects.get(name="Wohnen")
    client.post(
        reverse("participation:contribution_confirm", args=[world.municipality.ars, first.pk]),
        {"field_of_action": wohnen.pk},
    )
    first.refresh_from_db()
    assert first.field_of_action == wohnen and first.field_confirmed
    counts = selectors.contribution_counts(municipality=world.municipality)
    assert {r["field_of_action__name"]: r["n"] for r in counts["by_field"]} == {
        "Wohnen": 1,
        "Sprache": 1,
    }
    listing = client.get(
        reverse("participation:contribution_list", args=[world.municipality.ars]),
        {"gruppiert": "1"},
    )
    assert listing.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_capture_form_saves_one_after_the_other(world):
    event = Event.objects.create(
        municipality=world.municipality,
        kind="market_stand",
        title="Marktstand Kalk",
        date="2026-05-09",
        area=world.area,
    )
    client = login(Client(), world.users["editor"])
    url = reverse("participation:event_capture", args=[world.municipality.ars, event.pk])
    for text in ("Sprachcafé im Bürgerhaus", "Mehr Dolmetscher beim Arzt"):
        response = client.post(url, {"text": text, "kind": "idea", "area": world.area.pk})
        assert response.status_code == 302 and response["Location"] == url
    assert event.contributions.count() == 2
    assert set(event.contributions.values_list("channel", flat=True)) == {"event"}


@pytest.mark.django_db
def test_photos_need_recorded_consent(world, settings, tmp_path):
    event = Event.objects.create(
        municipality=world.municipality, kind="conference", title="Konferenz", date="2026-04-01"
    )
    client = login(Client(), world.users["editor"])
    url = reverse("participation:attachment_add", args=[world.municipality.ars, event.pk])
    jpeg = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(jpeg, "JPEG")  # the upload gate opens images
    photo = SimpleUploadedFile("bild.jpg", jpeg.getvalue(), content_type="image/jpeg")
    refused = client.post(url, {"kind": "photo", "title": "Plenum", "file": photo, "consent": ""})
    assert refused.status_code == 200 and not EventAttachment.objects.exists()
    photo.seek(0)
    client.post(
        url,
        {
            "kind": "photo",
            "title": "Plenum",
            "file": photo,
            "consent": "Einwilligungserklärungen aller Abgebildeten liegen im Amt vor.",
        },
    )
    attachment = EventAttachment.objects.get()
    assert attachment.consent_recorded_by == world.users["editor"]


@pytest.mark.django_db
def test_working_group_member_edits_only_their_own_group(world):
    own = WorkingGroup.objects.create(
        municipality=world.municipality, name="AG Sprache", field_of_action=world.field
    )
    other_field = FieldOfAction.objects.create(municipality=world.municipality, name="Bildung")
    other = WorkingGroup.objects.create(
        municipality=world.municipality, name="AG Bildung", field_of_action=other_field
    )
    client = login(Client(), world.users["working_group"])
    ars = world.municipality.ars
    ok = client.post(
        reverse("participation:member_add", args=[ars, "ag", own.pk]),
        {"name": "Ahmet Yıldız", "organisation": "Elternverein", "role": "member"},
    )
    assert ok.status_code == 302
    assert GroupMember.objects.filter(working_group=own, name="Ahmet Yıldız").exists()
    assert (
        client.get(reverse("participation:member_add", args=[ars, "ag", other.pk])).status_code
        == 403
    )
    page = client.get(reverse("participation:group_detail", args=[ars, "ag", own.pk]))
    assert "Ahmet Yıldız" in page.content.decode()


@pytest.mark.django_db
def test_foreign_contribution_is_not_found(world):
    foreign = Contribution.objects.create(municipality=world.other, text="Fremd", channel="other")
    client = login(Client(), world.users["admin"])
    url = reverse("participation:contribution_detail", args=[world.municipality.ars, foreign.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_demo_is_idempotent_and_realistic(world):
    demo_participation(world.municipality)
    demo_participation(world.municipality)
    survey = Survey.objects.get(municipality=world.municipality, audience="public")
    assert Survey.objects.filter(municipality=world.municipality).count() == 2
    assert survey.responses.count() == 320
    languages = services.settings_for(municipality=world.municipality).all_languages
    assert set(selectors.offered_languages(survey=survey, languages=languages)) >= {
        "de",
        "ar",
        "fa",
        "ls",
    }
    assert Contribution.objects.filter(municipality=world.municipality).count() >= 15
