"""A platform administrator creates municipalities by ARS in the UI, city-states included, and
goes straight on to importing the areas."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import PASSWORD, login
from teilhabe.core.models import Municipality, User
from teilhabe.core.services import municipality_create

URL = reverse("core:municipality_create")


@pytest.fixture
def platform_admin(db, client):
    user = User.objects.create_superuser("plattform@teilhabe.example", PASSWORD)
    return login(client, user)


@pytest.mark.parametrize(
    ("ars", "name"),
    [("110000000000", "Berlin"), ("020000000000", "Hamburg"), ("040110000000", "Bremen")],
)
def test_city_states_are_created_and_lead_into_the_area_import(platform_admin, ars, name):
    response = platform_admin.post(URL, {"ars": ars, "name": name, "kind": "stadtstaat"})
    assert response.status_code == 302
    assert response.url == reverse("core:area_import", args=[ars])
    city = Municipality.objects.get(ars=ars)
    assert city.kind == "stadtstaat" and city.ags == ars[:5] + ars[9:]
    assert platform_admin.get(response.url).status_code == 200


def test_a_city_state_as_county_free_city_is_refused_with_what_to_do(platform_admin):
    response = platform_admin.post(
        URL, {"ars": "110000000000", "name": "Berlin", "kind": "kreisfreie_stadt"}
    )
    assert response.status_code == 200
    assert "Berlin ist ein Stadtstaat: Wählen Sie die Art „Stadtstaat" in response.content.decode()
    assert not Municipality.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ars": "11000000000", "kind": "stadtstaat"}, "genau 12 Ziffern"),
        ({"ars": "053150000001", "kind": "stadtstaat"}, "Ein Stadtstaat hat den ARS"),
        ({"ars": "170000000000", "kind": "land"}, "Länderschlüssel 01–16"),
        ({"ars": "053150000000", "kind": "gemeinde"}, "Gemeindekennzahl"),
    ],
)
def test_wrong_keys_get_german_messages(platform_admin, data, message):
    response = platform_admin.post(URL, {"name": "Irgendwo", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Municipality.objects.exists()


def test_a_town_needs_a_county_with_its_key(platform_admin):
    county = municipality_create(ars="059990000000", name="Kreis Beispielland", kind="kreis")
    wrong = platform_admin.post(
        URL,
        {"ars": "059980001001", "name": "Anderswo", "kind": "gemeinde", "parent": county.pk},
    )
    assert "liegt laut ARS nicht in diesem Kreis" in wrong.content.decode()
    ok = platform_admin.post(
        URL,
        {"ars": "059990001001", "name": "Beispielstadt", "kind": "gemeinde", "parent": county.pk},
    )
    assert ok.status_code == 302
    assert Municipality.objects.get(ars="059990001001").parent == county


def test_only_a_platform_administrator_may_create(world, client):
    login(client, world.users["admin"])
    assert client.get(URL).status_code == 403
    assert (
        client.post(URL, {"ars": "110000000000", "name": "B", "kind": "stadtstaat"}).status_code
        == 403
    )
    assert not Municipality.objects.filter(ars="110000000000").exists()


def test_the_service_refuses_a_county_for_a_city_state(db):
    county = municipality_create(ars="059990000000", name="Kreis Beispielland", kind="kreis")
    with pytest.raises(ValidationError) as error:
        municipality_create(ars="020000000000", name="Hamburg", kind="stadtstaat", parent=county)
    assert "parent" in error.value.message_dict
