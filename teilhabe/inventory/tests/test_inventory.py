"""Behaviour of the inventory: federation sharing, import, survey review, merging, gaps."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.core.models import Area, AreaKind, FieldOfAction
from teilhabe.core.services import municipality_create
from teilhabe.inventory import duplicate_search, selectors, services
from teilhabe.inventory.models import Actor, ChangeStatus, Offer, OfferLocation, Usage
from teilhabe.inventory.spreadsheets import (
    export_csv,
    parse_spreadsheet,
    safe_cell,
    spreadsheet_import,
)


@pytest.fixture
def federation(db):
    county = municipality_create(ars="059990000000", name="Kreis Beispielland", kind="kreis")
    town = municipality_create(
        ars="059990001001", name="Beispielstadt", kind="gemeinde", parent=county
    )
    village = municipality_create(
        ars="059990002002", name="Musterdorf", kind="gemeinde", parent=county
    )
    other = municipality_create(ars="059980000000", name="Kreis Anderswo", kind="kreis")
    return county, town, village, other


def test_shared_actor_is_seen_in_the_whole_federation_only(federation):
    county, town, village, other = federation
    shared = Actor.objects.create(
        municipality=county, name="Caritas", kind="wohlfahrtsverband", shared_in_federation=True
    )
    private = Actor.objects.create(municipality=town, name="Verein", kind="verein")
    assert shared in selectors.actors_visible(municipality=village)
    assert shared in selectors.actors_visible(municipality=town)
    assert private not in selectors.actors_visible(municipality=village)
    assert shared not in selectors.actors_visible(municipality=other)


def test_each_municipality_keeps_its_own_notes(federation):
    county, town, village, _other = federation
    shared = Actor.objects.create(
        municipality=county, name="Caritas", kind="wohlfahrtsverband", shared_in_federation=True
    )
    services.actor_note_save(actor=shared, municipality=town, text="Raum 112")
    services.actor_note_save(actor=shared, municipality=village, text="Außensprechstunde")
    assert selectors.actor_note(actor=shared, municipality=town).text == "Raum 112"
    assert selectors.actor_note(actor=shared, municipality=county) is None


def test_planted_duplicate_across_the_federation_is_found_and_merged(federation):
    county, town, _village, _other = federation
    keep = Actor.objects.create(
        municipality=county,
        name="Caritasverband für den Kreis Beispielland e. V.",
        kind="wohlfahrtsverband",
        street="Kirchplatz 3",
        postcode="59999",
        shared_in_federation=True,
    )
    dup = Actor.objects.create(
        municipality=town,
        name="Caritasverband Kreis Beispielland e.V.",
        kind="wohlfahrtsverband",
        street="Kirchplatz 3",
        postcode="59999",
        email="migration@caritas.example",
        shared_in_federation=True,
    )
    offer = Offer.objects.create(municipality=town, actor=dup, title="Beratung", form="beratung")
    pairs = duplicate_search.duplicate_actors(municipality=town)
    assert [(p.first.pk, p.second.pk) for p in pairs] in ([(keep.pk, dup.pk)], [(dup.pk, keep.pk)])
    services.actor_merge(keep=keep, duplicate=dup)
    dup.refresh_from_db()
    keep.refresh_from_db()
    offer.refresh_from_db()
    assert dup.merged_into == keep and offer.actor == keep
    assert keep.email == "migration@caritas.example"
    assert dup.history.count() >= 2 and keep.history.count() >= 2  # both histories kept
    assert dup not in selectors.actors_visible(municipality=town)


def test_contact_person_is_removed_also_from_history(world):
    actor = Actor.objects.create(
        municipality=world.municipality, name="VHS", kind="bildungstraeger", contact_person="Frau X"
    )
    services.actor_contact_person_remove(actor=actor)
    assert not actor.history.exclude(contact_person="").exists()


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_import_reports_errors_per_line_and_writes_nothing(world):
    data = _csv(
        "Name;Art;Handlungsfelder;PLZ\nCaritas;Wohlfahrtsverband;Sprache;5066\nVHS;Zauberei;Sprache;50667\n"
    )
    result = parse_spreadsheet(
        data, kind="actors", filename="a.csv", municipality=world.municipality
    )
    assert not result.ok
    assert any("Zeile 3" in e or "Line 3" in e for e in result.errors)
    assert any("Art" in e and "Zauberei" in e for e in result.errors)
    assert any("Zeile 2" in e or "Line 2" in e for e in result.errors)  # postcode
    assert Actor.objects.count() == 0


def test_import_is_idempotent_and_offers_follow_actors(world):
    m = world.municipality
    actors = _csv(
        "Name;Art;Handlungsfelder;Gebiet;Sprachen\nCaritas Köln;Wohlfahrtsverband;Sprache;101;de, ar\n"
    )
    first = spreadsheet_import(
        result=parse_spreadsheet(actors, kind="actors", filename="a.csv", municipality=m),
        municipality=m,
    )
    second = spreadsheet_import(
        result=parse_spreadsheet(actors, kind="actors", filename="a.csv", municipality=m),
        municipality=m,
    )
    assert first["created"] == 1 and second == {"created": 0, "updated": 0, "unchanged": 1}
    offers = _csv(
        "Akteur;Titel;Handlungsfelder;Form;Zielgruppen;Plätze;Beginn\n"
        "Caritas Köln;Sprachcafé;Sprache;Gruppe;Frauen, Familien;25;01.09.2025\n"
    )
    spreadsheet_import(
        result=parse_spreadsheet(offers, kind="offers", filename="o.csv", municipality=m),
        municipality=m,
    )
    offer = Offer.objects.get()
    assert offer.target_groups == ["frauen", "familien"] and offer.capacity == 25
    assert offer.start_date == date(2025, 9, 1)
    usage = _csv(
        "Akteur;Angebot;Zeitraum von;Zeitraum bis;Teilnehmende;davon Frauen\n"
        "Caritas Köln;Sprachcafé;01.01.2025;30.06.2025;20;25\n"
    )
    bad = parse_spreadsheet(usage, kind="usage", filename="u.csv", municipality=m)
    assert not bad.ok and any("Zeile 2" in e or "Line 2" in e for e in bad.errors)


def test_export_is_safe_against_formula_injection(world):
    Actor.objects.create(municipality=world.municipality, name="=HYPERLINK(1)", kind="verein")
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("Caritas") == "Caritas"
    text = export_csv("actors", world.municipality).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and text.startswith("Name;Art")


def test_actor_survey_changes_become_visible_only_when_accepted(world, settings):
    m = world.municipality
    actor = Actor.objects.create(
        municipality=m, name="VHS", kind="bildungstraeger", email="vhs@x.example"
    )
    offer = Offer.objects.create(
        municipality=m, actor=actor, title="Kurs", form="kurs", capacity=10
    )
    survey = services.survey_create(
        municipality=m,
        title="Befragung",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        deadline=date(2099, 1, 1),
        message="",
        user=world.users["admin"],
    )
    sent, skipped = services.survey_send(survey=survey, actors=[actor])
    assert len(sent) == 1 and not skipped and len(mail.outbox) == 1
    token = mail.outbox[0].body.split("/bestand/rueckmeldung/")[1].split("/")[0]
    client = Client()  # no account
    url = reverse("inventory:survey_answer", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and b"<script>" not in page.content
    data = {
        "akteur-name": "Volkshochschule",
        "akteur-email": "vhs@x.example",
        f"angebot-{offer.pk}-title": "Kurs",
        f"angebot-{offer.pk}-capacity": "12",
        f"angebot-{offer.pk}-status": "aktiv",
        f"angebot-{offer.pk}-participants": "11",
        f"angebot-{offer.pk}-women": "6",
    }
    assert client.post(url, data).status_code == 200
    actor.refresh_from_db()
    assert actor.name == "VHS"  # not visible before review
    invitation = survey.invitations.get()
    assert invitation.answered_at is not None
    fields = set(invitation.changes.values_list("target", "field"))
    assert {("actor", "name"), ("offer", "capacity"), ("usage", "participants")} <= fields
    staff = login(Client(), world.users["editor"])
    review = reverse("inventory:survey_review", args=[m.ars, survey.pk, invitation.pk])
    name_change = invitation.changes.get(field="name")
    staff.post(review, {f"change-{name_change.pk}": "reject"})
    staff.post(review, {"all": "accept"})
    actor.refresh_from_db()
    offer.refresh_from_db()
    assert actor.name == "VHS" and offer.capacity == 12
    usage = Usage.objects.get(offer=offer)
    assert (usage.participants, usage.women, usage.source) == (11, 6, "actor")
    assert not invitation.changes.filter(status=ChangeStatus.PENDING).exists()
    # A reminder replaces the link; the old one stops working.
    services.survey_remind(survey=survey)
    assert Client().get(url).status_code == 200  # answered: no reminder was sent
    assert invitation.reminders == 0


def test_gap_matrix_counts_offers_and_marks_empty_cells(world):
    m = world.municipality
    other_area = Area.objects.create(
        municipality=m, key="002", name="Rodenkirchen", kind=AreaKind.STADTBEZIRK
    )
    actor = Actor.objects.create(municipality=m, name="VHS", kind="bildungstraeger")
    offer = Offer.objects.create(
        municipality=m, actor=actor, title="Kurs", form="kurs", capacity=15
    )
    OfferLocation.objects.create(offer=offer, area=world.area)
    offer.fields_of_action.set([world.field])
    Usage.objects.create(
        offer=offer, period_start=date(2025, 1, 1), period_end=date(2025, 6, 30), participants=9
    )
    matrix = selectors.gap_matrix_by_area(municipality=m, year=2025)
    cell = matrix.cell(world.field, str(world.area.parent_id))
    assert (cell.offers, cell.capacity, cell.usage) == (1, 15, 9)
    assert matrix.cell(world.field, str(other_area.pk)).offers == 0
    assert matrix.empty_count == 1


def test_only_approved_items_are_published(world):
    m = world.municipality
    actor = Actor.objects.create(municipality=m, name="VHS", kind="bildungstraeger")
    offer = Offer.objects.create(municipality=m, actor=actor, title="Kurs", form="kurs")
    assert not selectors.published_offers(municipality=m).exists()
    services.publication_set(obj=offer, user=world.users["admin"], approved=True)
    assert not selectors.published_offers(municipality=m).exists()  # actor not approved yet
    services.publication_set(obj=actor, user=world.users["admin"], approved=True)
    assert list(selectors.published_offers(municipality=m)) == [offer]
    assert list(selectors.published_actors(municipality=m)) == [actor]


def test_stale_edit_is_refused(world):
    actor = Actor.objects.create(
        municipality=world.municipality, name="VHS", kind="bildungstraeger"
    )
    services.actor_save(actor=Actor.objects.get(pk=actor.pk), expected_version=1)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.actor_save(actor=actor, expected_version=1)


def test_foreign_admin_gets_404_for_an_actor(world):
    actor = Actor.objects.create(
        municipality=world.municipality, name="VHS", kind="bildungstraeger"
    )
    client = login(Client(), world.users["foreign"])
    url = reverse("inventory:actor_detail", args=[world.other.ars, actor.pk])
    assert client.get(url).status_code == 404


def test_demo_inventory_is_realistic_and_idempotent(db):
    from teilhabe.core.demo import demo_federation, demo_koeln
    from teilhabe.inventory.demo import demo_inventory

    koeln = demo_koeln()
    demo_federation()
    demo_inventory(koeln)
    demo_inventory(koeln)
    actors = Actor.objects.filter(municipality=koeln).count()
    offers = Offer.objects.filter(municipality=koeln).count()
    assert 40 <= actors <= 80 and 100 <= offers <= 200
    years = {u.period_start.year for u in Usage.objects.filter(offer__municipality=koeln)}
    assert years == {2024, 2025}
    town = koeln.__class__.objects.get(ars="059990001001")
    assert len(duplicate_search.duplicate_actors(municipality=town)) == 1
    assert FieldOfAction.objects.filter(municipality=koeln, offers__isnull=False).exists()
