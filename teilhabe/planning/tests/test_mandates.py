from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import login
from teilhabe.core.lifecycle import lifecycle_status
from teilhabe.planning import selectors, services
from teilhabe.planning.models import Mandate, MandateStatus


def _mandate(world, **kwargs):
    values = {
        "municipality": world.municipality,
        "title": "Integrationskonzept erstellen",
        "description": "Die Verwaltung wird beauftragt, ein Integrationskonzept zu erstellen.",
        "ordered_on": date(2023, 9, 21),
        "report_due": date(2024, 11, 26),
        "source_reference": "Stadtrat 21.09.2023, Drucksache 0815/2023",
        "user": world.users["admin"],
        "body_name": "Stadtrat",
    }
    values.update(kwargs)
    return services.mandate_create(**values)


def test_mandate_create_records_author_in_history(world):
    mandate = _mandate(world, org_unit=world.org_unit)
    assert mandate.status == MandateStatus.OPEN
    assert mandate.history.first().history_user == world.users["admin"]


def test_report_due_before_order_is_rejected(world):
    with pytest.raises(ValidationError) as error:
        _mandate(world, report_due=date(2023, 1, 1))
    assert "report_due" in error.value.message_dict


def test_org_unit_of_another_municipality_is_rejected(world):
    from teilhabe.core.models import OrgUnit

    foreign_unit = OrgUnit.objects.create(municipality=world.other, name="Sozialamt")
    with pytest.raises(ValidationError):
        _mandate(world, org_unit=foreign_unit)


def test_open_mandate_past_its_report_date_is_overdue(world):
    mandate = _mandate(world)
    assert mandate.is_overdue(today=date(2024, 11, 27))
    assert not mandate.is_overdue(today=date(2024, 11, 26))
    assert list(
        selectors.mandates(municipality=world.municipality, overdue=True, today=date(2025, 1, 1))
    ) == [mandate]


def test_closing_a_mandate_ends_the_overdue_flag(world):
    mandate = _mandate(world)
    services.mandate_close(
        mandate=mandate,
        closed_on=date(2024, 11, 26),
        closing_reference="Sozialausschuss 26.11.2024",
        note="Berichtet.",
        user=world.users["admin"],
    )
    mandate.refresh_from_db()
    assert mandate.status == MandateStatus.CLOSED
    assert not mandate.is_overdue(today=date(2030, 1, 1))
    assert mandate.note == "Berichtet."
    with pytest.raises(ValidationError):
        services.mandate_close(
            mandate=mandate, closed_on=date(2024, 12, 1), closing_reference="x", note="", user=None
        )


def test_mandate_cannot_be_closed_before_it_was_ordered(world):
    mandate = _mandate(world)
    with pytest.raises(ValidationError) as error:
        services.mandate_close(
            mandate=mandate, closed_on=date(2020, 1, 1), closing_reference="x", note="", user=None
        )
    assert "closed_on" in error.value.message_dict


def test_editor_records_and_closes_a_mandate_through_the_pages(client, world):
    login(client, world.users["editor"])
    ars = world.municipality.ars
    response = client.post(
        reverse("planning:mandate_create", args=[ars]),
        {
            "title": "Bericht im Sozialausschuss",
            "description": "Darüber ist im Sozialausschuss zu berichten.",
            "ordered_on": "2023-09-21",
            "report_due": "2024-11-26",
            "source_reference": "Stadtrat 21.09.2023",
            "body_name": "Stadtrat",
            "org_unit": world.org_unit.pk,
            "note": "",
        },
    )
    mandate = Mandate.objects.get(title="Bericht im Sozialausschuss")
    assert response.status_code == 302
    response = client.post(
        reverse("planning:mandate_close", args=[ars, mandate.pk]),
        {"closed_on": "2024-11-26", "closing_reference": "Mitteilung 0456/2024", "note": ""},
    )
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.closing_reference == "Mitteilung 0456/2024"
    page = client.get(reverse("planning:mandate_detail", args=[ars, mandate.pk]))
    assert "Mitteilung 0456/2024" in page.content.decode()


def test_close_form_names_the_wrong_field(client, world):
    login(client, world.users["admin"])
    mandate = _mandate(world)
    response = client.post(
        reverse("planning:mandate_close", args=[world.municipality.ars, mandate.pk]),
        {"closed_on": "2020-01-01", "closing_reference": "x", "note": ""},
    )
    assert response.status_code == 200
    assert "closed_on" in response.context["form"].errors


def test_list_filters_by_status_and_search(client, world):
    login(client, world.users["reader"])
    _mandate(world, title="Konzept erstellen")
    other = _mandate(world, title="Beirat beteiligen")
    services.mandate_close(
        mandate=other, closed_on=date(2024, 1, 1), closing_reference="x", note="", user=None
    )
    url = reverse("planning:mandate_list", args=[world.municipality.ars])
    titles = [m.title for m in client.get(url, {"status": "open"}).context["page"].object_list]
    assert titles == ["Konzept erstellen"]
    titles = [m.title for m in client.get(url, {"q": "Beirat"}).context["page"].object_list]
    assert titles == ["Beirat beteiligen"]
    fragment = client.get(url, {"status": "closed"}, HTTP_HX_REQUEST="true")
    assert "<h1" not in fragment.content.decode()
    assert "Beirat beteiligen" in fragment.content.decode()


def test_lifecycle_shows_open_and_overdue_mandates(world):
    _mandate(world, report_due=date(2000 + 50, 1, 1), ordered_on=date(2023, 1, 1))
    _mandate(world, title="Alt", report_due=date(2024, 1, 1), ordered_on=date(2023, 1, 1))
    status = dict((step.key, s) for step, s in lifecycle_status(world.municipality))["mandate"]
    assert status.started
    assert any("2" in fact for fact in status.facts)
    assert any("1" in fact for fact in status.facts[1:])
    assert "Alt" in status.next_action


def test_concurrent_edit_is_refused_not_overwritten(client, world):
    mandate = _mandate(world)
    login(client, world.users["editor"])
    url = reverse("planning:mandate_edit", args=[world.municipality.ars, mandate.pk])
    seen = client.get(url).context["form"]["version_seen"].value()
    # Someone else saves in the meantime.
    services.mandate_update(
        mandate=Mandate.objects.get(pk=mandate.pk),
        title="Von anderer Person geändert",
        description=mandate.description,
        ordered_on=mandate.ordered_on,
        report_due=mandate.report_due,
        source_reference=mandate.source_reference,
        body_name=mandate.body_name,
        org_unit=None,
        note="",
        user=world.users["admin"],
    )
    response = client.post(
        url,
        {
            "title": "Meine Änderung",
            "description": mandate.description,
            "ordered_on": "2023-09-21",
            "report_due": "2024-11-26",
            "source_reference": "",
            "body_name": "",
            "note": "",
            "version_seen": seen,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Mandate.objects.get(pk=mandate.pk).title == "Von anderer Person geändert"
