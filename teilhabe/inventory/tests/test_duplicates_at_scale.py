"""The duplicate and overlap searches compare only offers that can match (by area, field and
target group), so 3,000 offers no longer take minutes, and give the same pairs."""

from __future__ import annotations

from teilhabe.core.models import Area
from teilhabe.inventory import duplicate_search
from teilhabe.inventory.models import Actor, Offer, OfferLocation


def _offer(world, actor, title, areas, groups=("frauen",)):
    offer = Offer.objects.create(
        municipality=world.municipality,
        actor=actor,
        title=title,
        form="kurs",
        target_groups=list(groups),
    )
    offer.fields_of_action.set([world.field])
    for area in areas:
        OfferLocation.objects.create(offer=offer, area=area)
    return offer


def test_pairs_by_shared_area_once_and_never_between_area_and_none(world):
    m = world.municipality
    other_area = Area.objects.create(municipality=m, key="102", name="Neustadt", kind="stadtteil")
    vhs = Actor.objects.create(municipality=m, name="VHS Köln", kind="bildungstraeger")
    caritas = Actor.objects.create(municipality=m, name="Caritas", kind="wohlfahrtsverband")
    both = _offer(world, vhs, "Deutschkurs für Frauen", [world.area, other_area])
    twin = _offer(world, vhs, "Deutschkurs für Frauen", [world.area, other_area])
    _offer(world, vhs, "Deutschkurs für Frauen", [])  # no area: not compared with the two
    loose = _offer(world, vhs, "Deutschkurs Frauen", [])
    nowhere = _offer(world, vhs, "Deutschkurs für Frauen!", [])
    pairs = [
        frozenset((p.first.pk, p.second.pk))
        for p in duplicate_search.duplicate_offers(municipality=m)
    ]
    # Sharing two areas is still one pair; offers without an area pair among themselves only.
    assert pairs.count(frozenset((both.pk, twin.pk))) == 1
    assert frozenset((loose.pk, nowhere.pk)) in pairs
    assert frozenset((both.pk, nowhere.pk)) not in pairs
    # Overlaps: another actor's offer in the same area, field and group; not one without area.
    same_place = _offer(world, caritas, "Sprachtreff", [other_area])
    _offer(world, caritas, "Sprachtreff ohne Ort", [world.area], groups=("kinder",))
    found = {
        (o.first.pk, o.second.pk)
        for o in duplicate_search.overlapping_offers(municipality=m)
        if o.second.pk == same_place.pk
    }
    assert found == {(both.pk, same_place.pk), (twin.pk, same_place.pk)}


def test_duplicates_page_is_kept_until_the_federation_changes(db, client):
    """The page's tables are cached; a change in any tenant of the federation (here a town's
    shared actor seen by its neighbour) and a change of role show at once."""
    from django.test import Client
    from django.urls import reverse

    from conftest import login, make_user
    from teilhabe.core.models import Membership, Role
    from teilhabe.core.services import municipality_create

    county = municipality_create(ars="059990000000", name="Kreis Beispielland", kind="kreis")
    town = municipality_create(
        ars="059990001001", name="Beispielstadt", kind="gemeinde", parent=county
    )
    village = municipality_create(
        ars="059990002002", name="Musterdorf", kind="gemeinde", parent=county
    )
    Actor.objects.create(
        municipality=town, name="Caritasverband Beispielland", kind="wohlfahrtsverband"
    )
    admin, reader = make_user("admin@town.example"), make_user("reader@town.example")
    Membership.objects.create(user=admin, municipality=town, role=Role.ADMIN)
    Membership.objects.create(user=reader, municipality=town, role=Role.READER)
    url = reverse("inventory:duplicates", args=[town.ars])
    none_found, merge = (
        "Keine wahrscheinlich doppelten Akteure gefunden.",
        "Prüfen und zusammenführen",
    )
    login(client, admin)
    assert none_found in client.get(url).content.decode()
    assert none_found in client.get(url).content.decode()  # cached
    Actor.objects.create(
        municipality=village,
        name="Caritasverband Beispielland e. V.",
        kind="wohlfahrtsverband",
        shared_in_federation=True,
    )
    page = client.get(url).content.decode()
    assert "Caritasverband Beispielland e. V." in page and merge in page
    other = login(Client(), reader).get(url).content.decode()
    assert "Caritasverband Beispielland e. V." in other and merge not in other
    Actor.objects.get(municipality=village).delete()
    assert none_found in client.get(url).content.decode()


def test_actor_pairs_add_address_and_mailbox_to_the_name_score(world):
    """Names too far apart on their own make a pair with a same address and mailbox: each adds
    10 points, and the reasons say which."""
    from rapidfuzz import fuzz, utils

    m = world.municipality

    def actor(name, street="", postcode="", email=""):
        return Actor.objects.create(
            municipality=m, name=name, kind="verein", street=street, postcode=postcode, email=email
        )

    a = actor("Frauencafé Nippes", "Neusser Str. 1", "50733", "info@treff.example")
    b = actor("Frauentreff Nippes e.V.", "Neusser Str 1", "50733", "INFO@treff.example")
    c = actor("Frauentreff Nippes", "Venloer Str. 9", "50823")
    actor("Sportverein Ehrenfeld", "Neusser Str. 1", "50733")
    name_score = fuzz.token_set_ratio(utils.default_process(a.name), utils.default_process(b.name))
    assert name_score + 10 < 85  # one bonus would not be enough
    pairs = {
        frozenset((p.first.pk, p.second.pk)): p
        for p in duplicate_search.duplicate_actors(municipality=m)
    }
    assert set(pairs) == {frozenset((a.pk, b.pk)), frozenset((b.pk, c.pk))}
    assert pairs[frozenset((a.pk, b.pk))].reasons == ["name", "address", "email"]
    assert pairs[frozenset((a.pk, b.pk))].score == int(name_score + 20)
    assert pairs[frozenset((b.pk, c.pk))].reasons == ["name"]
    assert [p.score for p in duplicate_search.duplicate_actors(municipality=m)] == [100, 91]
