"""Tenants, roles, delegated administration, invitations and history."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login, make_user
from teilhabe.core.models import Area, FieldOfAction, Invitation, Membership, Role, User
from teilhabe.core.selectors import municipalities_for_user, object_history
from teilhabe.core.services import history_anonymise, invitation_create, municipality_create


def test_another_municipalitys_objects_answer_404(world):
    client = login(Client(), world.users["foreign"])
    assert (
        client.get(
            reverse("core:area_detail", args=[world.municipality.ars, world.area.pk])
        ).status_code
        == 404
    )
    # Even through the user's own municipality, a foreign object id is not found.
    own = world.other.ars
    assert client.get(reverse("core:area_detail", args=[own, world.area.pk])).status_code == 404
    assert client.get(reverse("core:field_edit", args=[own, world.field.pk])).status_code == 404


def test_removed_member_loses_access_at_once(world):
    client = login(Client(), world.users["reader"])
    home = reverse("core:home", args=[world.municipality.ars])
    assert client.get(home).status_code == 200
    Membership.objects.filter(user=world.users["reader"]).update(is_active=False)
    assert client.get(home).status_code == 404


def test_moderator_access_ends_on_the_set_date(world):
    Membership.objects.filter(user=world.users["moderator"]).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    client = login(Client(), world.users["moderator"])
    assert client.get(reverse("core:home", args=[world.municipality.ars])).status_code == 404


def _federation():
    county = municipality_create(ars="059990000000", name="Kreis Beispielland", kind="kreis")
    town = municipality_create(
        ars="059990001001", name="Beispielstadt", kind="gemeinde", parent=county
    )
    village = municipality_create(
        ars="059990002002",
        name="Musterdorf",
        kind="gemeinde",
        parent=county,
        administered_by_parent=True,
    )
    admin = make_user("kreis@beispielland.example")
    Membership.objects.create(user=admin, municipality=county, role=Role.ADMIN)
    return county, town, village, admin


def test_county_administers_a_town_without_staff_and_history_says_so(db):
    county, town, village, admin = _federation()
    client = login(Client(), admin)
    # The town with its own staff stays closed to the county; the one without is open.
    assert client.get(reverse("core:home", args=[town.ars])).status_code == 404
    page = client.get(reverse("core:home", args=[village.ars]))
    assert page.status_code == 200
    assert "stellvertretend" in page.content.decode()
    assert {m.ars for m in municipalities_for_user(user=admin)} == {county.ars, village.ars}
    response = client.post(
        reverse("core:field_create", args=[village.ars]),
        {"name": "Sprache", "description": "", "colour": "#112233", "is_active": "on"},
    )
    assert response.status_code == 302
    field = FieldOfAction.objects.get(municipality=village, name="Sprache")
    entry = object_history(field)[0]
    assert entry["who"] == str(admin) and entry["delegated_by"] == "Kreis Beispielland"


def test_invitation_by_email_creates_account_and_role(world):
    admin = world.users["admin"]
    invitation, link = invitation_create(
        municipality=world.municipality,
        email="Neue.Kollegin@Koeln.example",
        role=Role.WORKING_GROUP,
        invited_by=admin,
        field_of_action=world.field,
    )
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    assert invitation.token_hash not in link  # only the hash is stored
    token = link.rstrip("/").rsplit("/", 1)[1]
    client = Client()
    page = client.get(reverse("core:invitation_accept", args=[token]))
    assert page.status_code == 200
    response = client.post(
        reverse("core:invitation_accept", args=[token]),
        {
            "first_name": "Olga",
            "last_name": "Neu",
            "new_password1": "ein-sicheres-Passwort-1",
            "new_password2": "ein-sicheres-Passwort-1",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="neue.kollegin@koeln.example")
    assert Membership.objects.get(user=user).field_of_action == world.field
    assert client.get(reverse("core:invitation_accept", args=[token])).status_code == 410  # used up


def test_invitation_form_checks_the_role_binding(world):
    client = login(Client(), world.users["admin"])
    response = client.post(
        reverse("core:member_invite", args=[world.municipality.ars]),
        {"email": "x@koeln.example", "role": "working_group"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["field_of_action"]
    response = client.post(
        reverse("core:member_invite", args=[world.municipality.ars]),
        {"email": "x@koeln.example", "role": "moderator"},
    )
    assert response.context["form"].errors["valid_until"]
    assert not Invitation.objects.exists()


def test_history_shows_who_changed_what(world):
    client = login(Client(), world.users["editor"])
    client.post(
        reverse("core:field_edit", args=[world.municipality.ars, world.field.pk]),
        {
            "name": "Sprache und Bildung",
            "description": "neu",
            "colour": "#2f6f8f",
            "is_active": "on",
        },
    )
    entry = object_history(world.field)[0]
    assert entry["who"] == str(world.users["editor"]) and entry["type"] == "geändert"
    assert set(entry["changes"]) == {"Name", "Kurzbeschreibung"}
    page = client.get(reverse("core:field_edit", args=[world.municipality.ars, world.field.pk]))
    assert str(world.users["editor"]) in page.content.decode()


def test_history_authors_are_anonymised_after_the_retention_period(world, settings):
    import time_machine

    settings.TEILHABE_HISTORY_PERSON_RETENTION_DAYS = 365
    client = login(Client(), world.users["editor"])
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        client.post(
            reverse("core:field_edit", args=[world.municipality.ars, world.field.pk]),
            {"name": "Alt", "description": "", "colour": "#2f6f8f", "is_active": "on"},
        )
    client = login(Client(), world.users["editor"])  # the old session ended by idle timeout
    client.post(
        reverse("core:field_edit", args=[world.municipality.ars, world.field.pk]),
        {"name": "Neu", "description": "", "colour": "#2f6f8f", "is_active": "on"},
    )
    assert history_anonymise() >= 1
    entries = object_history(world.field)
    assert entries[0]["who"] == str(world.users["editor"])  # recent: kept
    assert [e["who"] for e in entries].count("(anonymisiert)") == 1  # old: author gone …
    assert world.field.history.filter(
        name="Alt", history_user=None, author_anonymised=True
    ).exists()  # … change kept
    assert world.field.history.filter(history_user=world.users["editor"]).count() == 1


def test_home_shows_the_lifecycle_with_what_exists(world):
    client = login(Client(), world.users["reader"])
    content = client.get(reverse("core:home", args=[world.municipality.ars])).content.decode()
    for step in (
        "Auftrag",
        "Planung",
        "Daten",
        "Bestand",
        "Beteiligung",
        "Bedarfe",
        "Konzept",
        "Gremien",
        "Umsetzung",
        "Berichte",
    ):
        assert step in content
    assert f"{Area.objects.filter(municipality=world.municipality).count()} Gebiete" in content


def test_field_catalogue_is_seeded_from_the_seeds(db):
    from teilhabe.core.models import FieldOfActionTemplate

    names = set(FieldOfActionTemplate.objects.values_list("name", flat=True))
    assert {
        "Sprache",
        "Bildung",
        "Wohnen",
        "Ehrenamt",
        "Interkulturelle Öffnung der Verwaltung",
        "Abbau von Diskriminierung",
    } <= names
