"""Logged-in list pages and the portal's pages use a fixed number of queries: the same at
100 and at 1,000 measures and offers (no N+1)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login


def _grow(world, start: int, stop: int) -> None:
    """Add published measures and offers ``start``…``stop - 1`` (bulk, like an import)."""
    from django.utils import timezone

    from teilhabe.concept.models import Measure
    from teilhabe.inventory.models import Actor, Offer, OfferLocation

    m = world.municipality
    now = timezone.now()
    actor = Actor.objects.filter(
        municipality=m, name="Massenträger"
    ).first() or Actor.objects.create(
        municipality=m, name="Massenträger", kind="verein", published_at=now
    )
    measures = Measure.objects.bulk_create(
        Measure(
            municipality=m,
            number=f"Q-{i:05d}",
            title=f"Maßnahme {i}",
            lead_unit=world.org_unit,
            traffic_light=("green", "yellow", "red", "")[i % 4],
            published_at=now,
        )
        for i in range(start, stop)
    )
    Measure.fields.through.objects.bulk_create(
        Measure.fields.through(measure_id=x.pk, fieldofaction_id=world.field.pk) for x in measures
    )
    offers = Offer.objects.bulk_create(
        Offer(
            municipality=m,
            actor=actor,
            title=f"Angebot {i:05d}",
            form="kurs",
            languages=["de", "tr"],
            published_at=now,
        )
        for i in range(start, stop)
    )
    Offer.fields_of_action.through.objects.bulk_create(
        Offer.fields_of_action.through(offer_id=o.pk, fieldofaction_id=world.field.pk)
        for o in offers
    )
    OfferLocation.objects.bulk_create(
        OfferLocation(offer=o, area=world.area, venue="Zentrum") for o in offers
    )


PAGES = [
    ("concept:measure_list", True),
    ("inventory:offer_list", True),
    ("inventory:offer_map", True),
    ("inventory:offer_map_points", True),
    ("inventory:gaps", True),
    ("core:area_list", True),
    ("portal:settings", True),
    ("portal:feedback_list", True),
    ("portal:start", False),
    ("portal:measures", False),
    ("portal:offers", False),
    ("portal:concept", False),
    ("portal:open_data", False),
]


def _count(client: Client, url: str) -> int:
    cache.clear()  # measure the rendering, not the page cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "logged_in"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_does_not_grow_with_the_data(world, name, logged_in):
    client = login(Client(), world.users["admin"]) if logged_in else Client()
    url = reverse(name, args=[world.municipality.ars])
    _grow(world, 0, 100)
    client.get(url)  # warm-up: sessions, content types, language
    small = _count(client, url)
    _grow(world, 100, 1000)
    large = _count(client, url)
    assert large == small, f"{url}: {small} queries at 100, {large} at 1,000"
