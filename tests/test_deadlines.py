"""Fristen: every part registers its deadlines in core; the Fristen page lists them by week
with filters, the dashboard lists those of the next 90 days and escalates overdue sign-offs and
report-backs, the handover view lists those of the next twelve months; done items drop out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import build_world, login, shared_data
from teilhabe.core import deadlines, handover
from teilhabe.core.permissions import access_for
from teilhabe.council import services as council_services
from teilhabe.council.models import SignOffDecision
from teilhabe.implementation import services as implementation_services
from teilhabe.planning import services as planning_services
from tests.deadline_world import KINDS, build_deadlines

# The data is built once for the module (shared_data), its files with it.
SHARED_MEDIA = True


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, module_media):
    with shared_data(django_db_blocker, module_media):
        world = build_world()
        yield world, build_deadlines(world)


def _all(world):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return deadlines.municipality_deadlines(
        world.municipality, until=today + timedelta(days=365), today=today
    )


def test_every_kind_is_registered_and_found_once(data, db):
    world, built = data
    assert {k.key for k in deadlines.kinds()} >= set(KINDS)
    items = _all(world)
    assert {d.kind for d in items} == set(KINDS)
    keys = [d.key for d in items]
    assert len(keys) == len(set(keys)), "a deadline is listed twice"
    # One per object: the paper deadline of the meeting names the paper not yet in the RIS.
    (meeting,) = [d for d in items if d.kind == "paper_deadline"]
    assert "Förderrichtlinie Sprachmittlung" in meeting.action
    assert meeting.day == built.objects["meeting"].paper_deadline
    (status,) = [d for d in items if d.kind == "status_update"]
    assert status.is_overdue(built.today)  # decided 200 days ago, never reported on
    assert len([d for d in items if d.kind == "proof"]) == 2  # Sachbericht and numbers


def test_fristen_page_lists_every_kind_by_week_with_links(data, db):
    world, built = data
    page = login(Client(), world.users["admin"]).get(
        reverse("core:deadline_list", args=[world.municipality.ars])
    )
    html = page.content.decode()
    assert page.status_code == 200
    for kind in deadlines.kinds():
        if kind.key in KINDS:
            assert str(kind.label) in html, kind.key
    assert "Überfällig" in html and ("Diese Woche" in html or "Nächste Woche" in html)
    assert (
        reverse(
            "planning:mandate_detail", args=[world.municipality.ars, built.objects["mandate"].pk]
        )
        in html
    )
    assert "Kalender abonnieren" in html


def test_filters_by_kind_office_field_and_overdue(data, db):
    world, _built = data
    client = login(Client(), world.users["editor"])
    url = reverse("core:deadline_list", args=[world.municipality.ars])
    only_proofs = client.get(url, {"art": "proof"}).content.decode()
    assert "Kommunales Integrationsmanagement" in only_proofs
    assert "Sachstand Sprachkitas berichten" not in only_proofs
    overdue = client.get(url, {"ueberfaellig": "on"}).content.decode()
    assert "Sachstand Sprachkitas berichten" in overdue
    assert "Befragung Ehrenamtliche 2026" not in overdue
    office = client.get(url, {"stelle": world.org_unit.pk}).content.decode()
    assert "Förderrichtlinie Sprachmittlung" in office
    assert "Befragung Ehrenamtliche 2026" not in office
    field = client.get(url, {"feld": world.field.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "Sprachcafés in Kalk" in field and "Kommunales Integrationsmanagement" not in field
    assert "<html" not in field  # the htmx request gets the results only
    bad = client.get(url, {"stelle": "kein-amt"})
    assert bad.status_code == 200  # an unknown filter value shows everything, never a 500


def test_office_sees_its_own_deadlines_and_its_overdue_escalations(data, db):
    world, _built = data
    office = access_for(world.users["office"], world.municipality)
    assert office is not None
    today = timezone.localdate()
    own = deadlines.deadlines_for(office, until=today + timedelta(days=365), today=today)
    assert {d.kind for d in own} >= {"mandate", "signoff", "status_update", "measure_milestone"}
    assert "survey_end" not in {d.kind for d in own}  # not the office's
    assert "moderator_access" not in {d.kind for d in own}
    home = login(Client(), world.users["office"]).get(
        reverse("core:home", args=[world.municipality.ars])
    )
    html = home.content.decode()
    assert "Überfällig: Mitzeichnungen und Berichte" in html
    assert "Sachstand Sprachkitas berichten" in html
    # The integration office sees the same escalation; the council's readers do not.
    admin_home = login(Client(), world.users["admin"]).get(
        reverse("core:home", args=[world.municipality.ars])
    )
    assert "Überfällig: Mitzeichnungen und Berichte" in admin_home.content.decode()
    reader_home = login(Client(), world.users["reader"]).get(
        reverse("core:home", args=[world.municipality.ars])
    )
    assert "Überfällig: Mitzeichnungen und Berichte" not in reader_home.content.decode()


def test_dashboard_lists_every_deadline_of_the_next_90_days(data, db):
    world, _built = data
    html = (
        login(Client(), world.users["admin"])
        .get(reverse("core:home", args=[world.municipality.ars]))
        .content.decode()
    )
    today = timezone.localdate()
    due = [d for d in _all(world) if d.day <= today + timedelta(days=90)]
    assert len(due) > 3  # more than the three the dashboard used to show
    for d in due:
        assert d.title.replace("&", "&amp;") in html or d.title in html, d.title
    assert "Alle Fristen" in html


def test_handover_lists_every_deadline_of_the_next_twelve_months(data, db):
    world, _built = data
    (section,) = [s for s in handover.handover_sections(world.municipality) if s.key == "deadlines"]
    assert len(section.items) == len(_all(world))
    assert any(i.urgent for i in section.items)


def test_done_items_drop_out_by_themselves(data, db):
    world, built = data
    admin = world.users["admin"]
    proof = built.objects["proofs"][0]
    proof.submitted_on = timezone.localdate()
    planning_services.proof_save(proof=proof, user=admin)
    council_services.signoff_decide(
        signoff=built.objects["signoff"], decision=SignOffDecision.APPROVED, remark="", user=admin
    )
    planning_services.mandate_close(
        mandate=built.objects["mandate"],
        closed_on=timezone.localdate(),
        closing_reference="Mitteilungsvorlage 0815/2026",
        note="",
        user=admin,
    )
    implementation_services.milestone_set_done(
        milestone=built.objects["measure_milestone"], done_on=timezone.localdate()
    )
    keys = {d.key for d in _all(world)}
    assert f"proof-{proof.pk}" not in keys
    assert f"proof-{built.objects['proofs'][1].pk}" in keys  # the other part is still due
    assert f"signoff-{built.objects['signoff'].pk}" not in keys
    assert f"mandate-{built.objects['mandate'].pk}" not in keys
    assert f"measure-milestone-{built.objects['measure_milestone'].pk}" not in keys
    # A status update moves the measure's next one six months on: same key, new day.
    implementation_services.status_update_create(
        measure=built.objects["measure"], traffic_light="green", text="Läuft gut.", user=admin
    )
    (status,) = [d for d in _all(world) if d.kind == "status_update"]
    assert status.day > timezone.localdate() + timedelta(days=150)


def test_other_municipality_has_none_of_them(data, db):
    world, _built = data
    assert _all(world.__class__(municipality=world.other, other=world.municipality)) == []
