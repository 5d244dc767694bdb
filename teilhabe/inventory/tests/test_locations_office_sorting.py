"""Several locations per offer, the responsible office's rights, sortable lists."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.core.models import Area, AreaKind
from teilhabe.inventory import duplicate_search, selectors
from teilhabe.inventory.models import Actor, Offer, OfferLocation, Usage
from teilhabe.inventory.spreadsheets import export_csv, parse_spreadsheet, spreadsheet_import


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


@pytest.fixture
def two_boroughs(world):
    m = world.municipality
    second = Area.objects.create(
        municipality=m, key="002", name="Rodenkirchen", kind=AreaKind.STADTBEZIRK
    )
    quarter = Area.objects.create(
        municipality=m, key="201", name="Sürth", kind=AreaKind.STADTTEIL, parent=second
    )
    actor = Actor.objects.create(municipality=m, name="VHS Köln", kind="bildungstraeger")
    offer = Offer.objects.create(municipality=m, actor=actor, title="Deutschkurs", form="kurs")
    offer.fields_of_action.set([world.field])
    OfferLocation.objects.create(
        offer=offer,
        position=0,
        venue="Bürgerhaus Altstadt",
        area=world.area,
        latitude=Decimal("50.93"),
        longitude=Decimal("6.95"),
    )
    OfferLocation.objects.create(
        offer=offer,
        position=1,
        venue="Bürgerhaus Sürth",
        area=quarter,
        latitude=Decimal("50.87"),
        longitude=Decimal("7.01"),
    )
    return offer, second, quarter


def test_gap_view_counts_an_offer_in_every_area_of_its_locations(world, two_boroughs):
    _offer, second, _quarter = two_boroughs
    matrix = selectors.gap_matrix_by_area(municipality=world.municipality)
    assert matrix.cell(world.field, str(world.area.parent_id)).offers == 1
    assert matrix.cell(world.field, str(second.pk)).offers == 1


def test_list_filter_and_map_use_all_locations(world, two_boroughs):
    offer, second, _quarter = two_boroughs
    found = selectors.offers_filtered(
        municipality=world.municipality, flt=selectors.OfferFilter(area=second.pk)
    )
    assert found == [offer]
    points = selectors.map_features(offers=Offer.objects.filter(pk=offer.pk))
    assert [p["area"].split(" – ")[0] for p in points] == [
        "Bürgerhaus Altstadt",
        "Bürgerhaus Sürth",
    ]


def test_overlap_and_duplicates_compare_all_locations(world, two_boroughs):
    offer, _second, quarter = two_boroughs
    m = world.municipality
    other_actor = Actor.objects.create(municipality=m, name="Caritas", kind="wohlfahrtsverband")
    other = Offer.objects.create(
        municipality=m, actor=other_actor, title="Sprachtreff", form="gruppe"
    )
    other.fields_of_action.set([world.field])
    OfferLocation.objects.create(offer=other, area=quarter)
    offer.target_groups = other.target_groups = ["frauen"]
    offer.save()
    other.save()
    overlaps = duplicate_search.overlapping_offers(municipality=m)
    assert len(overlaps) == 1 and [a.name for a in overlaps[0].areas] == ["Sürth"]
    twin = Offer.objects.create(
        municipality=m, actor=offer.actor, title="Deutsch-Kurs", form="kurs"
    )
    OfferLocation.objects.create(offer=twin, area=quarter)
    pairs = duplicate_search.duplicate_offers(municipality=m)
    assert [{p.first.pk, p.second.pk} for p in pairs] == [{offer.pk, twin.pk}]


def test_locations_import_is_idempotent_and_exported(world, two_boroughs):
    m = world.municipality
    data = _csv(
        "Akteur;Angebot;Ort;Straße;PLZ;Stadt;Gebiet\n"
        "VHS Köln;Deutschkurs;Stadtbibliothek;Josef-Haubrich-Hof 1;50676;Köln;101\n"
    )
    first = spreadsheet_import(
        result=parse_spreadsheet(data, kind="locations", filename="o.csv", municipality=m),
        municipality=m,
    )
    second = spreadsheet_import(
        result=parse_spreadsheet(data, kind="locations", filename="o.csv", municipality=m),
        municipality=m,
    )
    assert first["created"] == 1 and second == {"created": 0, "updated": 0, "unchanged": 1}
    offer = two_boroughs[0]
    assert [loc.venue for loc in offer.location_list()][-1] == "Stadtbibliothek"
    exported = export_csv("locations", m).decode("utf-8-sig")
    assert exported.count("VHS Köln;Deutschkurs;") == 3
    bad = parse_spreadsheet(
        _csv("Akteur;Angebot;Ort;PLZ\nVHS Köln;Deutschkurs;Halle;123\n"),
        kind="locations",
        filename="o.csv",
        municipality=m,
    )
    assert not bad.ok and any(
        "PLZ" in e or "Postcode" in e or "Postleitzahl" in e for e in bad.errors
    )


def test_offers_table_sets_the_first_location(world):
    m = world.municipality
    Actor.objects.create(municipality=m, name="Caritas Köln", kind="wohlfahrtsverband")
    data = _csv(
        "Akteur;Titel;Handlungsfelder;Form;Ort;Gebiet\n"
        "Caritas Köln;Sprachcafé;Sprache;Gruppe;Pfarrsaal St. Maria;101\n"
    )
    for _round in range(2):
        counts = spreadsheet_import(
            result=parse_spreadsheet(data, kind="offers", filename="o.csv", municipality=m),
            municipality=m,
        )
    assert counts == {"created": 0, "updated": 0, "unchanged": 1}
    location = Offer.objects.get().locations.get()
    assert (location.venue, location.area) == ("Pfarrsaal St. Maria", world.area)


def test_offer_form_saves_several_locations_with_history(world):
    m = world.municipality
    actor = Actor.objects.create(municipality=m, name="VHS Köln", kind="bildungstraeger")
    client = login(Client(), world.users["editor"])
    url = reverse("inventory:offer_create", args=[m.ars])
    base = {
        "actor": actor.pk,
        "title": "Integrationskurs",
        "fields_of_action": [world.field.pk],
        "form": "kurs",
        "status": "aktiv",
        "orte-TOTAL_FORMS": "1",
        "orte-INITIAL_FORMS": "0",
        "orte-MIN_NUM_FORMS": "0",
        "orte-MAX_NUM_FORMS": "1000",
        "orte-0-venue": "VHS-Studienhaus",
        "orte-0-area": world.area.pk,
    }
    assert client.post(url, base).status_code == 302
    offer = Offer.objects.get()
    location = offer.locations.get()
    edit = reverse("inventory:offer_edit", args=[m.ars, offer.pk])
    response = client.post(
        edit,
        base
        | {
            "version": offer.version,
            "orte-TOTAL_FORMS": "2",
            "orte-INITIAL_FORMS": "1",
            "orte-0-id": location.pk,
            "orte-0-offer": offer.pk,
            "orte-1-venue": "Bürgerzentrum Nippes",
            "orte-1-postcode": "50733",
        },
    )
    assert response.status_code == 302
    assert [loc.venue for loc in offer.location_list()] == [
        "VHS-Studienhaus",
        "Bürgerzentrum Nippes",
    ]
    history = OfferLocation.history.filter(offer_id=offer.pk)
    assert history.values("id").distinct().count() == 2
    assert history.filter(history_type="+").count() == 2
    page = client.get(reverse("inventory:offer_detail", args=[m.ars, offer.pk]))
    assert "Bürgerzentrum Nippes" in page.content.decode()


def test_location_data_migration_is_reversible(tmp_path):
    """Forwards each offer's single location becomes an OfferLocation, backwards it returns to
    the offer (in a database of its own, see location_migration.py)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "teilhabe.inventory.tests.location_migration",
            str(tmp_path / "m.db"),
        ],
        cwd=settings.BASE_DIR,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.splitlines()[-1])
    area = result["area"]
    assert result["moved"] == ["Begegnungszentrum", area]
    assert result["bare_has_location"] is False
    assert result["restored"] == ["Begegnungszentrum", area, "50.940000"]


# --- the responsible office ---------------------------------------------------------------


@pytest.fixture
def office_setup(world):
    m = world.municipality
    office_actor = Actor.objects.create(
        municipality=m, name="Jugendamt", kind="amt", org_unit=world.org_unit
    )
    own = Offer.objects.create(
        municipality=m, actor=office_actor, title="Elterncafé", form="gruppe"
    )
    own.fields_of_action.set([world.field])
    foreign = Actor.objects.create(municipality=m, name="Caritas", kind="wohlfahrtsverband")
    theirs = Offer.objects.create(municipality=m, actor=foreign, title="Sprachcafé", form="gruppe")
    theirs.fields_of_action.set([world.field])
    return office_actor, own, foreign, theirs


def test_office_maintains_only_the_offers_of_its_org_unit(world, office_setup):
    m = world.municipality
    office_actor, own, foreign, theirs = office_setup
    client = login(Client(), world.users["office"])
    assert client.get(reverse("inventory:offer_edit", args=[m.ars, own.pk])).status_code == 200
    assert client.get(reverse("inventory:offer_edit", args=[m.ars, theirs.pk])).status_code == 403
    assert client.get(reverse("inventory:usage_create", args=[m.ars, theirs.pk])).status_code == 403
    assert (
        client.get(reverse("inventory:actor_edit", args=[m.ars, office_actor.pk])).status_code
        == 403
    )
    assert client.get(reverse("inventory:import", args=[m.ars])).status_code == 403
    form_page = client.get(reverse("inventory:offer_create", args=[m.ars]))
    assert list(form_page.context["form"].fields["actor"].queryset) == [office_actor]
    # Offering another actor is refused by the form.
    response = client.post(
        reverse("inventory:offer_create", args=[m.ars]),
        {
            "actor": foreign.pk,
            "title": "Untergeschoben",
            "fields_of_action": [world.field.pk],
            "form": "kurs",
            "status": "aktiv",
            "orte-TOTAL_FORMS": "0",
            "orte-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and not Offer.objects.filter(title="Untergeschoben").exists()
    response = client.post(
        reverse("inventory:usage_create", args=[m.ars, own.pk]),
        {"period_start": "2025-01-01", "period_end": "2025-06-30", "participants": "14"},
    )
    assert response.status_code == 302
    assert Usage.objects.get(offer=own).participants == 14
    detail = client.get(reverse("inventory:offer_detail", args=[m.ars, theirs.pk])).content.decode()
    assert reverse("inventory:offer_edit", args=[m.ars, theirs.pk]) not in detail


def test_actor_org_unit_must_belong_to_the_municipality(world):
    from django.core.exceptions import ValidationError

    from teilhabe.core.models import OrgUnit

    foreign_unit = OrgUnit.objects.create(municipality=world.other, name="Amt 1", short_name="1")
    actor = Actor(municipality=world.municipality, name="Amt", kind="amt", org_unit=foreign_unit)
    with pytest.raises(ValidationError) as exc:
        actor.full_clean()
    assert "org_unit" in exc.value.message_dict


# --- sorting ------------------------------------------------------------------------------


def test_lists_sort_by_column_with_state_in_the_url(world):
    m = world.municipality
    for name in ("AWO", "Caritas", "Bürgerverein"):
        Actor.objects.create(municipality=m, name=name, kind="verein")
    client = login(Client(), world.users["reader"])
    url = reverse("inventory:actor_list", args=[m.ars])
    page = client.get(url, {"sortierung": "-name"})
    names = [a.name for a in page.context["page"]]
    assert names == ["Caritas", "Bürgerverein", "AWO"]
    html = page.content.decode()
    assert 'aria-sort="descending"' in html and "sortierung=name" in html
    partial = client.get(url, {"sortierung": "name"}, headers={"HX-Request": "true"})
    assert [a.name for a in partial.context["page"]] == ["AWO", "Bürgerverein", "Caritas"]
    assert "<html" not in partial.content.decode()
    # An unknown column falls back to the default order.
    assert client.get(url, {"sortierung": "x"}).context["sort"] == "name"


def test_usage_list_sorts_numbers_and_keeps_empty_values_last(world):
    m = world.municipality
    actor = Actor.objects.create(municipality=m, name="VHS", kind="bildungstraeger")
    offer = Offer.objects.create(municipality=m, actor=actor, title="Kurs", form="kurs")
    for month, total, women in ((1, 20, None), (7, 35, 10), (10, 5, 3)):
        Usage.objects.create(
            offer=offer,
            period_start=date(2025, month, 1),
            period_end=date(2025, month, 28),
            participants=total,
            women=women,
        )
    client = login(Client(), world.users["reader"])
    url = reverse("inventory:usage_list", args=[m.ars])
    assert [
        u.participants for u in client.get(url, {"sortierung": "-teilnehmende"}).context["page"]
    ] == [35, 20, 5]
    assert [u.women for u in client.get(url, {"sortierung": "frauen"}).context["page"]] == [
        3,
        10,
        None,
    ]
    assert [u.women for u in client.get(url, {"sortierung": "-frauen"}).context["page"]] == [
        10,
        3,
        None,
    ]


def test_offer_list_filters_sorts_and_pages_in_the_database(world, two_boroughs):
    """Every column sorts in SQL with empty values last in both directions; the filters of
    target group and language (JSON lists) are SQL too, so only the shown page is loaded."""
    m = world.municipality
    offer, second, _quarter = two_boroughs
    offer.capacity, offer.languages, offer.target_groups = 12, ["de", "ar"], ["frauen"]
    offer.save()
    actor = Actor.objects.create(municipality=m, name="AWO", kind="wohlfahrtsverband")
    planned = Offer.objects.create(
        municipality=m,
        actor=actor,
        title="Beratung",
        form="beratung",
        status="geplant",
        capacity=40,
        languages=["tr"],
        target_groups=["alle"],
    )
    OfferLocation.objects.create(offer=planned, area=second, position=0)
    bare = Offer.objects.create(municipality=m, actor=actor, title="Café", form="treff")
    client = login(Client(), world.users["reader"])
    url = reverse("inventory:offer_list", args=[m.ars])

    def titles(**params: str) -> list[str]:
        return [o.title for o in client.get(url, params).context["page"]]

    assert titles() == ["Beratung", "Café", "Deutschkurs"]
    assert titles(sortierung="-plaetze") == ["Beratung", "Deutschkurs", "Café"]
    assert titles(sortierung="plaetze") == ["Deutschkurs", "Beratung", "Café"]
    # Areas by the first location's area (Altstadt/Süd < Rodenkirchen); no area comes last.
    assert titles(sortierung="gebiet") == ["Deutschkurs", "Beratung", "Café"]
    assert titles(sortierung="-gebiet") == ["Beratung", "Deutschkurs", "Café"]
    assert titles(sortierung="akteur") == ["Beratung", "Café", "Deutschkurs"]
    assert titles(sortierung="status")[-1] == "Beratung"
    # "alle" (everyone) counts for every target group.
    assert titles(zielgruppe="frauen") == ["Beratung", "Deutschkurs"]
    assert titles(sprache="ar") == ["Deutschkurs"]
    assert titles(sprache="a") == []  # a code, not a part of one
    assert titles(gebiet=str(second.pk)) == ["Beratung", "Deutschkurs"]
    assert client.get(url, {"sprache": "tr"}).context["count"] == 1
    page = client.get(url, {"sortierung": "gebiet"}).context["page"]
    assert [o.area_names for o in page] == ["Altstadt/Süd, Sürth", "Rodenkirchen", ""]
    assert bare.pk in {o.pk for o in page}
