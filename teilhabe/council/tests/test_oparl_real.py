"""The OParl import against what real systems do: the specification's example objects as a
directory of saved objects, known schema gaps, failing and slow servers, internal addresses."""

from __future__ import annotations

import json
import re
import socket
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.council import services
from teilhabe.council.models import (
    AgendaItem,
    Attachment,
    Committee,
    Consultation,
    ElectionPeriod,
    Meeting,
    Paper,
)
from teilhabe.council.oparl.client import DirectorySource, FetchError, HttpSource, filename_for
from teilhabe.council.oparl.importer import oparl_run

pytestmark = pytest.mark.django_db

T = "https://schema.oparl.org/1.1/"
EX = "https://oparl.example.org"


def _location(n: int) -> dict:
    return {
        "id": f"{EX}/location/{n}",
        "type": T + "Location",
        "description": "Rathaus, Raum 136",
        "streetAddress": "Musterstraße 5",
        "room": "136",
        "postalCode": "11111",
        "locality": "Musterstadt",
    }


def _file(n: int, paper: str = "") -> dict:
    obj = {
        "id": f"{EX}/file/{n}",
        "type": T + "File",
        "name": "Anlage 1 zur Anfrage",
        "fileName": "anlage_1_zur_anfrage.pdf",
        "mimeType": "application/pdf",
        "date": "2013-01-04",
        "size": 82930,
        "sha1Checksum": "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "text": "Der Übersichtlichkeit halber werden hier nur die wichtigsten Punkte genannt.",
        "accessUrl": f"{EX}/file/{n}.pdf",
        "downloadUrl": f"{EX}/file/download/{n}.pdf",
        "license": "http://www.opendefinition.org/licenses/cc-by",
        "created": "2013-01-04T07:54:13+01:00",
        "modified": "2013-01-04T07:54:13+01:00",
    }
    if paper:
        obj["paper"] = [paper]
    return obj


def spec_examples() -> list[dict]:
    """The example objects of the OParl 1.1 specification (one per type), written after its
    text in ../shared/data/oparl-1.1-schema: a system, the body Köln, a committee with a
    membership and a person, a meeting with an agenda item (without ``order``, as in the
    example), a paper with its consultation and files, and the objects on their own."""
    agenda_item = {
        "id": f"{EX}/agendaitem/3271",
        "type": T + "AgendaItem",
        "meeting": f"{EX}/meeting/281",
        "number": "10.1",
        "name": "Satzungsänderung für Ausschreibungen",
        "public": True,
        "consultation": f"{EX}/consultation/1034",
        "result": "Geändert beschlossen",
        "resolutionText": "Der Beschluss weicht wie folgt vom Antrag ab: …",
        "start": "2013-01-04T08:00:00+01:00",
        "end": "2013-01-04T12:00:00+01:00",
        "created": "2012-01-06T12:01:00+01:00",
        "modified": "2012-01-08T14:05:27+01:00",
    }
    consultation = {
        "id": f"{EX}/consultation/47594",
        "type": T + "Consultation",
        "paper": f"{EX}/paper/2396",
        "agendaItem": f"{EX}/agendaitem/15569",
        "meeting": f"{EX}/meeting/243",
        "organization": [f"{EX}/organization/96"],
        "authoritative": False,
        "role": "Beschlussfassung",
        "created": "2012-01-06T12:01:00+01:00",
        "modified": "2012-01-08T14:05:27+01:00",
    }
    membership = {
        "id": f"{EX}/membership/34",
        "type": T + "Membership",
        "person": f"{EX}/person/29",
        "organization": f"{EX}/organization/34",
        "role": "Vorsitzende",
        "votingRight": True,
        "startDate": "2013-12-03",
    }
    return [
        {
            "id": f"{EX}/",
            "type": T + "System",
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "otherOparlVersions": [],
            "name": "Beispiel-System",
            "body": f"{EX}/bodies",
            "contactEmail": "info@example.org",
            "contactName": "Allgemeiner OParl Kontakt",
            "website": "http://www.example.org/",
            "vendor": "http://example-software.com/",
            "product": "http://example-software.com/oparl-server/",
            "created": "2012-01-06T12:01:00+01:00",
            "modified": "2012-01-08T14:05:27+01:00",
        },
        {
            "id": f"{EX}/body/0",
            "type": T + "Body",
            "system": f"{EX}/",
            "contactEmail": "ris@beispielstadt.de",
            "contactName": "RIS-Betreuung",
            "ags": "05315000",
            "rgs": "053150000000",
            "equivalent": ["http://d-nb.info/gnd/2015732-0"],
            "shortName": "Köln",
            "name": "Stadt Köln, kreisfreie Stadt",
            "website": "http://www.beispielstadt.de/",
            "license": "http://creativecommons.org/licenses/by/4.0/",
            "licenseValidSince": "2015-01-01T14:28:31.568+01:00",
            "oparlSince": "2014-01-01T14:28:31.568+01:00",
            "organization": f"{EX}/body/0/organizations/",
            "person": f"{EX}/body/0/persons/",
            "meeting": f"{EX}/body/0/meetings/",
            "paper": f"{EX}/body/0/papers/",
            "legislativeTerm": [
                {
                    "id": f"{EX}/term/21",
                    "type": T + "LegislativeTerm",
                    "body": f"{EX}/body/0",
                    "name": "21. Wahlperiode",
                    "startDate": "2010-12-03",
                    "endDate": "2013-12-03",
                }
            ],
            "classification": "Kreisfreie Stadt",
            "location": _location(0),
            "created": "2014-01-08T14:28:31.568+01:00",
            "modified": "2014-01-08T14:28:31.568+01:00",
        },
        {
            "id": f"{EX}/term/21",
            "type": T + "LegislativeTerm",
            "body": f"{EX}/body/0",
            "name": "21. Wahlperiode",
            "startDate": "2010-12-03",
            "endDate": "2013-12-03",
        },
        {
            "id": f"{EX}/organization/34",
            "type": T + "Organization",
            "body": f"{EX}/body/0",
            "name": "Ausschuss für Haushalt und Finanzen",
            "shortName": "Finanzausschuss",
            "membership": [f"{EX}/membership/34"],
            "meeting": f"{EX}/organization/34/meetings",
            "post": ["Vorsitzender", "1. Stellvertreter", "Mitglied"],
            "organizationType": "Gremium",
            "classification": "Ausschuss",
            "startDate": "2012-07-17",
            "location": _location(0),
            "created": "2012-07-16T00:00:00+02:00",
            "modified": "2012-08-16T12:34:56+02:00",
        },
        {
            "id": f"{EX}/person/29",
            "type": T + "Person",
            "body": f"{EX}/body/0",
            "name": "Prof. Dr. Max Mustermann",
            "familyName": "Mustermann",
            "givenName": "Max",
            "formOfAddress": "Ratsfrau",
            "title": ["Prof.", "Dr."],
            "gender": "male",
            "phone": ["+493012345678"],
            "email": ["max@mustermann.de"],
            "status": ["Bezirksbürgermeister"],
            "membership": [membership],
            "created": "2011-11-11T11:11:00+01:00",
            "modified": "2012-08-16T14:05:27+02:00",
        },
        membership,
        _location(0),
        {
            "id": f"{EX}/meeting/281",
            "type": T + "Meeting",
            "name": "4. Sitzung des Finanzausschusses",
            "meetingState": "terminiert",
            "cancelled": False,
            "start": "2013-01-04T08:00:00+01:00",
            "end": "2013-01-04T12:00:00+01:00",
            "location": _location(0),
            "organization": [f"{EX}/organization/34"],
            "participant": [f"{EX}/person/29"],
            "invitation": _file(57739),
            "agendaItem": [agenda_item],
            "created": "2012-01-06T12:01:00+01:00",
            "modified": "2012-01-08T14:05:27+01:00",
        },
        agenda_item,
        {
            "id": f"{EX}/paper/749",
            "type": T + "Paper",
            "body": f"{EX}/body/0",
            "name": "Antwort auf Anfrage 1200/2014",
            "reference": "1234/2014",
            "date": "2014-04-04",
            "paperType": "Beantwortung einer Anfrage",
            "relatedPaper": [f"{EX}/paper/699"],
            "mainFile": _file(57737, f"{EX}/paper/749"),
            "auxiliaryFile": [_file(57739, f"{EX}/paper/749")],
            "location": [_location(0)],
            "originatorPerson": [f"{EX}/person/29"],
            "originatorOrganization": [f"{EX}/organization/34"],
            "consultation": [consultation],
            "underDirectionOf": [f"{EX}/organization/34"],
            "created": "2013-01-08T12:05:27+01:00",
            "modified": "2013-01-08T12:05:27+01:00",
        },
        consultation,
        _file(57737, f"{EX}/paper/749"),
        _file(57738, f"{EX}/paper/2396"),
    ]


def _save(directory: Path, objects: list[dict]) -> Path:
    directory.mkdir(exist_ok=True)
    for obj in objects:
        (directory / filename_for(obj["id"])).write_text(json.dumps(obj), encoding="utf-8")
    return directory


GERMAN_ONLY = re.compile(r"\b(the|not|is|has|no|of|list|refers|belongs)\b")


def test_the_specifications_examples_are_created_or_listed_with_a_german_reason(world, tmp_path):
    objects = spec_examples()
    run = oparl_run(
        municipality=world.municipality, source=DirectorySource(_save(tmp_path / "ex", objects))
    )
    created = {
        "LegislativeTerm": set(ElectionPeriod.objects.values_list("oparl_id", flat=True)),
        "Organization": set(Committee.objects.values_list("oparl_id", flat=True)),
        "Meeting": set(Meeting.objects.values_list("oparl_id", flat=True)),
        "AgendaItem": set(AgendaItem.objects.values_list("oparl_id", flat=True)),
        "Paper": set(Paper.objects.values_list("oparl_id", flat=True)),
        "Consultation": set(Consultation.objects.values_list("oparl_id", flat=True)),
        "File": set(Attachment.objects.values_list("oparl_id", flat=True)),
    }
    reasons = {entry["url"]: entry["reason"] for entry in run.skipped if not entry.get("note")}
    for obj in objects:
        kind = obj["type"].rsplit("/", 1)[1]
        if kind in ("System", "Body"):
            assert run.counts[f"read_{kind}"] == 1
            continue
        assert obj["id"] in created.get(kind, set()) or obj["id"] in reasons, obj["id"]
    for entry in run.skipped:
        assert not GERMAN_ONLY.search(entry["reason"]), entry
    assert Committee.objects.get(oparl_id=f"{EX}/organization/34").short_name == "Finanzausschuss"
    item = AgendaItem.objects.get(oparl_id=f"{EX}/agendaitem/3271")
    assert item.result == "Geändert beschlossen" and item.meeting.committee.name.startswith(
        "Ausschuss für Haushalt"
    )
    assert any("order" in n["reason"] for n in run.skipped if n.get("note"))
    paper = Paper.objects.get(oparl_id=f"{EX}/paper/749")
    assert paper.reference == "1234/2014"
    assert paper.attachments.filter(is_main=True, oparl_id=f"{EX}/file/57737").exists()
    # Its own paper 2396 is not among the examples (and neither its meeting and body).
    assert reasons[f"{EX}/consultation/47594"] in (
        "gehört zu keiner bekannten Vorlage",
        "verweist auf kein bekanntes Gremium und keine bekannte Sitzung",
    )
    assert (
        reasons[f"{EX}/file/57738"]
        == "gehört zu keiner Vorlage; Teilhabe übernimmt nur Dateien von Vorlagen"
    )
    assert run.completed
    # The report page speaks German and shows no raw keys.
    page = login(Client(), world.users["admin"]).get(
        reverse("council:oparl_run", args=[world.municipality.ars, run.pk])
    )
    text = page.content.decode()
    assert "Vorlage" in text and "Gremium" in text and "übersprungen" in text
    assert "created_" not in text and "skipped_" not in text


def test_known_schema_gaps_are_imported_with_a_remark(world, tmp_path):
    base = "https://ris.koeln.example/oparl/v1"
    objects = [
        {  # no name, only a short name; a relative address for its meeting list
            "id": f"{base}/organization/7",
            "type": T + "Organization",
            "shortName": "Integrationsrat",
            "organizationType": "Gremium",
            "meeting": "organization/7/meetings",
        },
        {
            "id": f"{base}/meeting/70",
            "type": T + "Meeting",
            "name": "12. Sitzung des Integrationsrates",
            "start": "2026-03-12T17:00:00",  # no time zone
            "organization": ["../organization/7"],  # relative
            "agendaItem": [
                {
                    "id": f"{base}/agendaitem/701",
                    "type": T + "AgendaItem",
                    "number": "Ö 3",
                    "name": "Integrationskonzept – Anhörung",
                    "result": "einstimmig empfohlen",
                },  # no "order"
                {
                    "id": f"{base}/agendaitem/702",
                    "type": T + "AgendaItem",
                    "number": "Ö 4",
                    "name": "Verschiedenes",
                    "auxiliaryFile": None,  # null where a list belongs
                },
            ],
            "auxiliaryFile": None,
            "modified": "2026-03-13T08:00:00+01:00",
        },
    ]
    run = oparl_run(
        municipality=world.municipality, source=DirectorySource(_save(tmp_path / "gaps", objects))
    )
    notes = " | ".join(n["reason"] for n in run.skipped if n.get("note"))
    skipped = [n for n in run.skipped if not n.get("note")]
    assert skipped == []
    committee = Committee.objects.get(oparl_id=f"{base}/organization/7")
    assert committee.name == "Integrationsrat" and committee.kind == "integration_council"
    meeting = Meeting.objects.get(oparl_id=f"{base}/meeting/70")
    assert meeting.committee == committee
    assert meeting.start == datetime(2026, 3, 12, 16, 0, tzinfo=UTC)  # 17:00 in Köln (CET)
    items = list(meeting.agenda_items.order_by("position"))
    assert [i.number for i in items] == ["Ö 3", "Ö 4"]
    assert items[0].result == "einstimmig empfohlen"
    for expected in ("keine Zeitzone", "„order“", "„name“", "relative Adresse", "null statt"):
        assert expected in notes, expected


class _Server:
    """A local RIS: answers per path from a table; counts the requests."""

    def __init__(self, routes: dict[str, list[tuple[int, object]]]) -> None:
        self.routes = routes
        self.hits: dict[str, int] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                outer.hits[path] = outer.hits.get(path, 0) + 1
                answers = outer.routes.get(path, [(404, {})])
                status, body = answers[min(outer.hits[path], len(answers)) - 1]
                self.send_response(status)
                if status == 302:
                    self.send_header("Location", str(body))
                    body = {}
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(body).encode())

            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def ris(settings):  # type: ignore[no-untyped-def]
    settings.TEILHABE_OPARL_ALLOWED_HOSTS = ["127.0.0.1"]  # the test's own server
    servers: list[_Server] = []

    def start(routes: dict[str, list[tuple[int, object]]]) -> _Server:
        servers.append(_Server(routes))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_429_and_5xx_are_asked_again_after_a_pause(ris):
    server = ris(
        {
            "/busy": [(429, {}), (503, {}), (200, {"id": "x", "type": T + "System"})],
            "/down": [(500, {})],
        }
    )
    source = HttpSource(timeout=5, retries=3, backoff=0.01)
    assert source.fetch(f"{server.url}/busy")["id"] == "x"
    assert server.hits["/busy"] == 3
    with pytest.raises(FetchError) as failed:
        source.fetch(f"{server.url}/down")
    assert failed.value.status == 500 and server.hits["/down"] == 4  # first try + 3 retries


def _system_with_failing_meetings(url: str) -> dict[str, list[tuple[int, object]]]:
    body = {
        "id": f"{url}/body/1",
        "type": T + "Body",
        "name": "Stadt Köln",
        "rgs": "053150000000",
        "organization": f"{url}/body/1/organization",
        "person": f"{url}/body/1/person",
        "meeting": f"{url}/body/1/meeting",
        "paper": f"{url}/body/1/paper",
        "legislativeTerm": [],
        "modified": "2026-11-30T10:00:00+01:00",
    }
    organizations = {
        "data": [
            {
                "id": f"{url}/organization/1",
                "type": T + "Organization",
                "name": "Ausschuss für Soziales und Integration",
                "organizationType": "Gremium",
                "modified": "2026-12-01T10:00:00+01:00",
            }
        ],
        "links": {},
    }
    return {
        "/body/1": [(200, body)],
        "/body/1/organization": [(200, organizations)],
        "/body/1/meeting": [(502, {})],  # the RIS fails in the middle of the run
    }


def test_a_failing_or_unreachable_endpoint_leaves_the_last_import_time(world, ris):
    rule = services.council_settings_ensure(municipality=world.municipality)
    before = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    rule.oparl_last_sync = before
    rule.save()
    fast = HttpSource(timeout=5, retries=1, backoff=0.01)
    # Unreachable: a port nobody listens on.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/oparl/v1"
    run = oparl_run(municipality=world.municipality, source=fast, entry=dead)
    assert not run.completed
    assert "nicht erreichbar" in run.skipped[0]["reason"]
    # Failing half-way: the bodies were read (newer than the last import), the meetings not.
    server = ris({})
    server.routes.update(_system_with_failing_meetings(server.url))
    run = oparl_run(municipality=world.municipality, source=fast, entry=f"{server.url}/body/1")
    assert not run.completed
    assert Committee.objects.filter(oparl_id=f"{server.url}/organization/1").exists()
    assert any("HTTP-Status 502" in s["reason"] for s in run.skipped)
    rule.refresh_from_db()
    assert rule.oparl_last_sync == before
    # Once the RIS answers, the run completes and moves the time to the newest "modified".
    server.routes["/body/1/meeting"] = [(200, {"data": [], "links": {}})]
    server.routes["/body/1/paper"] = [(200, {"data": [], "links": {}})]
    run = oparl_run(municipality=world.municipality, source=fast, entry=f"{server.url}/body/1")
    assert run.completed
    rule.refresh_from_db()
    assert rule.oparl_last_sync == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_internal_addresses_are_refused_unless_allowed(world, ris, settings):
    server = ris({"/oparl": [(200, {"id": "x", "type": T + "System"})]})
    redirecting = ris({"/weiter": [(302, "http://10.1.2.3/oparl")]})
    source = HttpSource(timeout=5, retries=0)
    assert source.fetch(f"{server.url}/oparl")["id"] == "x"  # allowed in the settings
    with pytest.raises(FetchError) as redirected:
        source.fetch(f"{redirecting.url}/weiter")
    assert "10.1.2.3" in str(redirected.value)
    settings.TEILHABE_OPARL_ALLOWED_HOSTS = []
    for address in (
        f"{server.url}/oparl",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/oparl/v1",
        "http://[::1]:8000/oparl",
    ):
        with pytest.raises(FetchError) as refused:
            source.fetch(address)
        assert "interne Adresse" in str(refused.value)
        assert "TEILHABE_OPARL_ALLOWED_HOSTS" in str(refused.value)
    assert server.hits["/oparl"] == 1
    browser = login(Client(), world.users["admin"])
    page = browser.post(
        reverse("council:oparl_import", args=[world.municipality.ars]),
        {"endpoint": "http://169.254.169.254/oparl"},
    )
    assert page.status_code == 200
    assert "interne Adresse" in page.content.decode()


def test_members_of_the_bodies_only_when_switched_on_and_removable_on_request(world, tmp_path):
    from teilhabe.council.models import CouncilMembership, CouncilPerson, RemovedPerson

    directory = _save(tmp_path / "ex", spec_examples())
    off = oparl_run(municipality=world.municipality, source=DirectorySource(directory))
    assert not CouncilPerson.objects.exists()
    reasons = {s["url"]: s["reason"] for s in off.skipped if not s.get("note")}
    assert "Einstellungen" in reasons[f"{EX}/person/29"]
    rule = services.council_settings_ensure(municipality=world.municipality)
    rule.oparl_people = True
    rule.save()
    oparl_run(municipality=world.municipality, source=DirectorySource(directory), full=True)
    person = CouncilPerson.objects.get()
    assert person.name == "Prof. Dr. Max Mustermann"  # the name only: no e-mail, no phone
    seat = CouncilMembership.objects.get()
    assert (seat.committee.name, seat.role) == (
        "Ausschuss für Haushalt und Finanzen",
        "Vorsitzende",
    )
    browser = login(Client(), world.users["admin"])
    page = browser.get(
        reverse("council:committee_detail", args=[world.municipality.ars, seat.committee_id])
    ).content.decode()
    assert "Prof. Dr. Max Mustermann" in page and "Vorsitzende" in page
    browser.post(reverse("council:person_remove", args=[world.municipality.ars, person.pk]))
    assert not CouncilPerson.objects.exists() and not CouncilMembership.objects.exists()
    assert "Mustermann" not in str(list(RemovedPerson.objects.values()))
    again = oparl_run(municipality=world.municipality, source=DirectorySource(directory), full=True)
    assert not CouncilPerson.objects.exists()
    assert any("auf Antrag entfernt" in s["reason"] for s in again.skipped)
