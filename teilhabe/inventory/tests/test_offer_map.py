"""The offer map: points and list from plain values, the same as from the model instances."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.inventory import selectors, views
from teilhabe.inventory.models import Actor, Offer, OfferLocation


@pytest.fixture
def mapped(world):
    m = world.municipality
    actor = Actor.objects.create(
        municipality=m,
        name="VHS Köln",
        kind="bildungstraeger",
        street="Josef-Haubrich-Hof 1",
        postcode="50676",
        city="Köln",
        latitude=Decimal("50.934"),
        longitude=Decimal("6.952"),
    )
    far = Actor.objects.create(municipality=m, name="Ohne Adresse", kind="verein")
    located = Offer.objects.create(municipality=m, actor=actor, title="b Sprachcafé", form="kurs")
    later = OfferLocation.objects.create(
        offer=located, position=1, latitude=Decimal("50.9"), longitude=Decimal("6.9")
    )
    first = OfferLocation.objects.create(
        offer=located,
        position=0,
        venue="Bürgerhaus",
        street="Kalker Hauptstr. 1",
        area=world.area,
        latitude=Decimal("50.941"),
        longitude=Decimal("6.958"),
    )
    OfferLocation.objects.create(offer=located, position=2, venue="ohne Koordinaten")
    at_actor = Offer.objects.create(municipality=m, actor=actor, title="A Kurs", form="kurs")
    OfferLocation.objects.create(offer=at_actor, area=world.area)
    Offer.objects.create(municipality=m, actor=far, title="C nirgends", form="kurs")
    return located, at_actor, first, later


def test_map_points_from_values_equal_the_models_labels(world, mapped):
    located, at_actor, first, later = mapped
    offers = selectors.offers_query(municipality=world.municipality, flt=selectors.OfferFilter())
    points = selectors.map_features(offers=offers)
    # The offers' order (title, case-insensitive), then the locations' order.
    assert [(p["id"], p["lat"], p["lon"], p["area"], p["actor"]) for p in points] == [
        (at_actor.pk, 50.934, 6.952, at_actor.actor.address, "VHS Köln"),
        (located.pk, 50.941, 6.958, first.label, "VHS Köln"),
        (located.pk, 50.9, 6.9, later.label, "VHS Köln"),
    ]
    assert first.label == "Bürgerhaus – Kalker Hauptstr. 1 – Altstadt/Süd"
    assert later.label == str(OfferLocation(offer=located).label)  # "no details"


def test_map_list_shows_the_areas_like_the_offer(world, mapped):
    offers = selectors.offers_query(municipality=world.municipality, flt=selectors.OfferFilter())
    rows = selectors.offers_map_list(offers=offers, limit=2)
    expected = list(offers)[:2]
    assert [(r["pk"], r["title"], r["actor"], r["areas"]) for r in rows] == [
        (o.pk, o.title, o.actor.name, o.area_names) for o in expected
    ]


def test_offer_map_lists_the_first_offers_and_counts_all(world, mapped, monkeypatch):
    monkeypatch.setattr(views, "MAP_LIST_LIMIT", 1)
    ars = world.municipality.ars
    client = login(Client(), world.users["reader"])
    response = client.get(reverse("inventory:offer_map", args=[ars]) + "?status=aktiv")
    assert response.context["offer_count"] == 3
    (row,) = response.context["offers"]
    assert row["url"] == reverse("inventory:offer_detail", args=[ars, mapped[1].pk])
    # More offers than the list shows: a link to the table with the same filter.
    table = reverse("inventory:offer_list", args=[ars]) + "?status=aktiv"
    assert f'href="{table}"' in response.content.decode()
    # The points are not in the page; the map loads them with the same filter.
    points_url = reverse("inventory:offer_map_points", args=[ars]) + "?status=aktiv"
    assert response.context["points_url"] == points_url
    assert f'data-points-url="{points_url}"' in response.content.decode()
    assert "offer-points" not in response.content.decode()


def test_map_points_answer_json_with_links_and_the_filter(world, mapped):
    ars = world.municipality.ars
    client = login(Client(), world.users["reader"])
    url = reverse("inventory:offer_map_points", args=[ars])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    points = response.json()["points"]
    assert [(p["id"], p["url"]) for p in points] == [
        (o.pk, reverse("inventory:offer_detail", args=[ars, o.pk]))
        for o in (mapped[1], mapped[0], mapped[0])
    ]
    searched = client.get(url, {"q": "Sprachcafé"}).json()["points"]
    assert {p["id"] for p in searched} == {mapped[0].pk}


def test_map_points_of_another_municipality_are_not_served(world, mapped):
    client = login(Client(), world.users["foreign"])
    response = client.get(reverse("inventory:offer_map_points", args=[world.municipality.ars]))
    assert response.status_code in (403, 404)


def test_map_points_ignore_filter_values_that_are_no_ids(world, mapped):
    client = login(Client(), world.users["reader"])
    url = reverse("inventory:offer_map_points", args=[world.municipality.ars])
    for query in ({"gebiet": "abc"}, {"feld": "99999999999999999999"}, {"zielgruppe": "<x>"}):
        response = client.get(url, query)
        assert response.status_code == 200, query
        assert isinstance(response.json()["points"], list)
