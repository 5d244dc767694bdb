"""The council pages: tenancy, the fast Beratungsfolge form, sign-offs, documents."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.council import services
from teilhabe.council.models import (
    Committee,
    ConsultationRole,
    Paper,
    PaperStatus,
    PaperType,
    SignOff,
    SignOffStep,
)
from teilhabe.council.tests.helpers import committee, meeting, paper
from teilhabe.council.tests.test_services import LANDAU

pytestmark = pytest.mark.django_db


def _admin(world) -> Client:  # type: ignore[no-untyped-def]
    return login(Client(), world.users["admin"])


def test_objects_of_another_municipality_answer_404(world):
    foreign_body = committee(world.other, "Integrationsrat Düsseldorf")
    foreign_paper = paper(world.other)
    foreign_meeting = meeting(world.other, foreign_body, date(2026, 12, 8))
    signoff = SignOff.objects.create(
        paper=foreign_paper,
        org_unit=world.other.org_units.create(name="Kämmerei Düsseldorf"),
    )
    client = _admin(world)
    ars = world.municipality.ars
    urls = [
        reverse("council:paper_detail", args=[ars, foreign_paper.pk]),
        reverse("council:paper_edit", args=[ars, foreign_paper.pk]),
        reverse("council:paper_pdf", args=[ars, foreign_paper.pk]),
        reverse("council:paper_docx", args=[ars, foreign_paper.pk]),
        reverse("council:paper_consultations", args=[ars, foreign_paper.pk]),
        reverse("council:committee_detail", args=[ars, foreign_body.pk]),
        reverse("council:meeting_detail", args=[ars, foreign_meeting.pk]),
        reverse("council:signoff_decide", args=[ars, signoff.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_paper_is_drafted_through_the_form(world):
    services.paper_types_ensure(municipality=world.municipality)
    kind = PaperType.objects.get(municipality=world.municipality, name="Beschlussvorlage")
    response = _admin(world).post(
        reverse("council:paper_create", args=[world.municipality.ars]),
        {
            "paper_type": kind.pk,
            "subject": "Integrationskonzept – Fortschreibung 2027",
            "lead": world.org_unit.pk,
            "date": "2026-11-20",
            "is_public": "on",
            "proposed_resolution": "Der Rat beschließt die Fortschreibung.",
            "abschnitt-TOTAL_FORMS": "2",
            "abschnitt-INITIAL_FORMS": "0",
            "abschnitt-0-heading": "Anlass",
            "abschnitt-0-text": "Der Rat hat 2023 die Fortschreibung beauftragt.",
            "abschnitt-1-heading": "Vorgehen",
            "abschnitt-1-text": "Vier Phasen.",
        },
    )
    created = Paper.objects.get(subject="Integrationskonzept – Fortschreibung 2027")
    assert response.status_code == 302
    assert [s.heading for s in created.sections.all()] == ["Anlass", "Vorgehen"]


def test_stale_edit_is_refused_with_a_message(world):
    p = paper(world.municipality, lead=world.org_unit)
    client = _admin(world)
    data = {
        "paper_type": p.paper_type_id,
        "subject": "Geänderter Betreff",
        "lead": world.org_unit.pk,
        "date": "2026-11-20",
        "version": p.version,
        "abschnitt-TOTAL_FORMS": "0",
        "abschnitt-INITIAL_FORMS": "0",
    }
    services.paper_save(paper=p)  # someone else saves in between
    response = client.post(reverse("council:paper_edit", args=[p.municipality.ars, p.pk]), data)
    assert response.status_code == 200
    assert "Jemand anderes hat dies inzwischen geändert" in response.content.decode()


def test_landau_sequence_in_one_form(world):
    """Landau's seven steps: one row each, body + date + role; the decision row becomes
    authoritative by itself. Twenty-one choices are well within two minutes."""
    m = world.municipality
    p = paper(m)
    bodies: dict[str, Committee] = {}
    for name, _day, _role in LANDAU:
        bodies.setdefault(name, committee(m, name))
    client = _admin(world)
    url = reverse("council:paper_consultations", args=[m.ars, p.pk])
    page = client.get(url).content.decode()
    assert page.count('name="schritt-') >= 7 * 5  # seven empty rows ready to fill
    data = {"schritt-TOTAL_FORMS": "7", "schritt-INITIAL_FORMS": "0"}
    for index, (name, day, role) in enumerate(LANDAU):
        data[f"schritt-{index}-committee"] = str(bodies[name].pk)
        data[f"schritt-{index}-planned_date"] = day.isoformat()
        data[f"schritt-{index}-role"] = role
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    steps = services.current_consultations(p)
    assert len(steps) == 7
    assert [s.authoritative for s in steps] == [False] * 6 + [True]
    assert steps[6].role == ConsultationRole.DECISION


def test_step_without_date_or_meeting_is_explained(world):
    p = paper(world.municipality)
    body = committee(world.municipality, "Hauptausschuss")
    response = _admin(world).post(
        reverse("council:paper_consultations", args=[world.municipality.ars, p.pk]),
        {
            "schritt-TOTAL_FORMS": "1",
            "schritt-INITIAL_FORMS": "0",
            "schritt-0-committee": str(body.pk),
            "schritt-0-role": ConsultationRole.PRELIMINARY,
        },
    )
    assert response.status_code == 200
    assert "Wählen Sie eine Sitzung oder tragen Sie ein Datum ein." in response.content.decode()


def test_meeting_is_found_from_the_date(world):
    p = paper(world.municipality)
    body = committee(world.municipality, "Integrationsrat", "integration_council")
    held = meeting(world.municipality, body, date(2026, 12, 8))
    _admin(world).post(
        reverse("council:paper_consultations", args=[world.municipality.ars, p.pk]),
        {
            "schritt-TOTAL_FORMS": "1",
            "schritt-INITIAL_FORMS": "0",
            "schritt-0-committee": str(body.pk),
            "schritt-0-planned_date": "2026-12-08",
            "schritt-0-role": ConsultationRole.HEARING,
        },
    )
    (step,) = services.current_consultations(p)
    assert step.meeting == held


def test_office_signs_off_for_its_own_unit_only(world):
    p = paper(world.municipality)
    own = SignOff.objects.create(paper=p, org_unit=world.org_unit)
    other_unit = world.municipality.org_units.create(name="Rechtsamt")
    other = SignOff.objects.create(paper=p, org_unit=other_unit)
    client = login(Client(), world.users["office"])
    ars = world.municipality.ars
    assert client.get(reverse("council:signoff_decide", args=[ars, other.pk])).status_code == 403
    response = client.post(
        reverse("council:signoff_decide", args=[ars, own.pk]),
        {"decision": "remark", "remark": "Bitte Kita-Plätze ergänzen."},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.decision == "remark" and own.decided_by == world.users["office"]


def test_hand_over_records_the_number(world):
    p = paper(world.municipality)
    response = _admin(world).post(
        reverse("council:paper_hand_over", args=[world.municipality.ars, p.pk]),
        {"reference": "0183/2026", "ris_url": "https://ris.example/vo0050.asp?__kvonr=183"},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.reference == "0183/2026" and p.status == PaperStatus.SUBMITTED


def test_documents_download(world):
    p = paper(world.municipality)
    client = _admin(world)
    pdf = client.get(reverse("council:paper_pdf", args=[world.municipality.ars, p.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("council:paper_docx", args=[world.municipality.ars, p.pk]))
    assert docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]


def test_paper_list_filters_and_serves_the_fragment_to_htmx(world):
    paper(world.municipality, subject="Integrationskonzept – Beschluss")
    paper(world.municipality, "Mitteilungsvorlage", subject="Sachstandsbericht Sprachkurse")
    client = _admin(world)
    url = reverse("council:paper_list", args=[world.municipality.ars])
    page = client.get(url, {"q": "Sprachkurse"}).content.decode()
    assert "Sachstandsbericht Sprachkurse" in page and "Integrationskonzept – Beschluss" not in page
    fragment = client.get(url, {"q": "Integrationskonzept"}, HTTP_HX_REQUEST="true").content
    assert b"<html" not in fragment and "Integrationskonzept – Beschluss".encode() in fragment


def test_settings_page_adds_paper_types_and_sign_offs_through_its_prefixed_forms(world):
    client = _admin(world)
    ars = world.municipality.ars
    page = client.get(reverse("council:settings", args=[ars])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'for="id_art-position"' in page and 'for="id_mitz-position"' in page

    client.post(
        reverse("council:paper_type_add", args=[ars]),
        {"art-name": "Stellungnahme des Beirats", "art-position": "7", "art-is_active": "on"},
    )
    added = PaperType.objects.get(municipality=world.municipality, name="Stellungnahme des Beirats")
    assert added.position == 7 and added.is_active
    client.post(
        reverse("council:signoff_step_add", args=[ars]),
        {"mitz-org_unit": world.org_unit.pk, "mitz-condition": "always", "mitz-position": "2"},
    )
    step = SignOffStep.objects.get(municipality=world.municipality)
    assert (step.org_unit, step.position) == (world.org_unit, 2)
