"""Pages: who may report on a measure, and the federation (a town reports on the county
measure it leads without seeing the county)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import login, make_user
from teilhabe.concept import services
from teilhabe.concept.models import Measure
from teilhabe.concept.tests.factories import measure
from teilhabe.core.models import FieldOfAction, Membership, OrgUnit, Role
from teilhabe.implementation.models import StatusUpdate


def _report(client: Client, world, m: Measure):  # type: ignore[no-untyped-def]
    url = reverse("implementation:measure_report", args=[world.municipality.ars, m.pk])
    return client.post(
        url, {"reported_on": "2026-05-01", "traffic_light": "green", "text": "Läuft wie geplant."}
    )


def test_office_reports_only_on_the_measures_it_leads(world):
    own = measure(world, number="SP-1")
    other_unit = OrgUnit.objects.create(municipality=world.municipality, name="Gesundheitsamt")
    other = measure(world, number="SP-2", lead_unit=other_unit)
    office = login(Client(), world.users["office"])
    assert _report(office, world, own).status_code == 302
    assert _report(office, world, other).status_code == 403
    assert StatusUpdate.objects.filter(measure=own).count() == 1
    assert not StatusUpdate.objects.filter(measure=other).exists()
    # The measure's page offers the status update only where the office may post it.
    own_page = office.get(reverse("concept:measure_detail", args=[world.municipality.ars, own.pk]))
    other_page = office.get(
        reverse("concept:measure_detail", args=[world.municipality.ars, other.pk])
    )
    assert own_page.status_code == 200 and other_page.status_code == 200
    report_url = reverse("implementation:measure_report", args=[world.municipality.ars, own.pk])
    assert report_url in own_page.content.decode()
    assert "sachstand/" not in other_page.content.decode()
    edit = office.get(reverse("concept:measure_edit", args=[world.municipality.ars, own.pk]))
    assert edit.status_code == 403


def test_a_town_reports_on_the_county_measure_it_leads_without_seeing_the_county(world):
    from teilhabe.core.services import municipality_create

    county = municipality_create(ars="059990000000", name="Kreis Beispielland", kind="kreis")
    town = municipality_create(
        ars="059990001001", name="Stadt Beispielstadt", kind="gemeinde", parent=county
    )
    county_field = FieldOfAction.objects.create(municipality=county, name="Wohnen")
    led = services.measure_save(
        measure=Measure(
            municipality=county,
            number="K-1",
            title="Wohnungslotsen im Kreis",
            lead_municipality=town,
        ),
        expected_version=None,
        m2m={"fields": [county_field]},
    )
    services.measure_save(
        measure=Measure(municipality=county, number="K-2", title="Kreisweite Kampagne"),
        expected_version=None,
        m2m={"fields": [county_field]},
    )
    services.draft_freeze(municipality=county, title="Entwurf des Kreises", user=None)
    town_office_unit = OrgUnit.objects.create(municipality=town, name="Sozialamt")
    user = make_user("sozialamt@beispielstadt.example")
    Membership.objects.create(
        user=user, municipality=town, role=Role.OFFICE, org_unit=town_office_unit
    )
    client = login(Client(), user)
    listing = client.get(reverse("implementation:led_measure_list", args=[town.ars]))
    assert [m.number for m in listing.context["measures"]] == ["K-1"]
    detail_url = reverse("implementation:led_measure_detail", args=[town.ars, led.pk])
    assert client.get(detail_url).status_code == 200
    response = client.post(
        detail_url,
        {"reported_on": "2026-05-01", "traffic_light": "yellow", "text": "Zwei Lotsen gefunden."},
    )
    assert response.status_code == 302
    update = StatusUpdate.objects.get(measure=led)
    assert update.reporting_municipality == town
    # The county's drafts and its other measures stay invisible to the town.
    assert client.get(reverse("concept:draft_list", args=[county.ars])).status_code == 404
    assert (
        client.get(reverse("concept:measure_detail", args=[county.ars, led.pk])).status_code == 404
    )
    other = Measure.objects.get(number="K-2")
    assert (
        client.get(
            reverse("implementation:led_measure_detail", args=[town.ars, other.pk])
        ).status_code
        == 404
    )
