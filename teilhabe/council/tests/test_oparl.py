"""OParl import from saved JSON written for the project (no network)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from teilhabe.council import services
from teilhabe.council.models import (
    Attachment,
    Committee,
    ConsultationResult,
    ConsultationRole,
    ElectionPeriod,
    Meeting,
    Paper,
    PaperOrigin,
    PaperStatus,
)
from teilhabe.council.oparl.client import DirectorySource, FetchError, filename_for
from teilhabe.council.oparl.importer import oparl_run, result_from_text
from teilhabe.council.oparl.validation import check_object, validate
from teilhabe.council.tests.helpers import committee, paper

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "oparl"
ENTRY = "https://ris.koeln.example/oparl/v1"


def _run(world, **kwargs):  # type: ignore[no-untyped-def]
    return oparl_run(
        municipality=world.municipality, source=DirectorySource(FIXTURES), entry=ENTRY, **kwargs
    )


def _reasons(run) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {s["url"]: s["reason"] for s in run.skipped if not s.get("note")}


def test_import_reads_bodies_meetings_and_papers(world):
    run = _run(world)
    m = world.municipality
    names = set(Committee.objects.filter(municipality=m).values_list("name", flat=True))
    assert names == {
        "Rat der Stadt Köln",
        "Integrationsrat",
        "Ausschuss für Soziales, Seniorinnen und Senioren",
    }
    assert Committee.objects.get(municipality=m, name="Integrationsrat").kind == (
        "integration_council"
    )
    assert ElectionPeriod.objects.get(municipality=m).start == date(2025, 11, 1)
    assert Meeting.objects.filter(municipality=m).count() == 2
    rat = Meeting.objects.get(municipality=m, oparl_id=f"{ENTRY}/meeting/12")
    assert rat.agenda_items.get().result == "mehrheitlich geändert beschlossen"
    assert rat.paper_deadline == date(2026, 9, 22)
    info = Paper.objects.get(municipality=m, reference="3010/2026")
    assert info.origin == PaperOrigin.RIS and not info.has_resolution
    (consultation,) = services.current_consultations(info)
    assert consultation.role == ConsultationRole.NOTICE
    assert consultation.result == ConsultationResult.NOTED
    assert run.counts["created_Paper"] == 3


def test_import_reports_what_was_skipped_and_why(world):
    run = _run(world)
    reasons = _reasons(run)
    assert "Fraktion" in reasons[f"{ENTRY}/organization/3"]
    assert "404" in reasons[f"{ENTRY}/organization/99"]
    assert "kein bekanntes Gremium" in reasons[f"{ENTRY}/meeting/13"]
    assert "start" in reasons[f"{ENTRY}/meeting/15"]
    assert "Paper.date" in reasons[f"{ENTRY}/paper/4"]
    assert "Gremium" in reasons[f"{ENTRY}/consultation/5001"]
    assert "rgs/ags" in reasons[f"{ENTRY}/body/2"]
    assert "public" in reasons[f"{ENTRY}/agendaitem/113"]  # embedded: left out, meeting kept
    notes = [s for s in run.skipped if s.get("note")]
    texts = " ".join(n["reason"] for n in notes)
    assert "„N/A“ als leer gelesen" in texts  # Organization.shortName and Meeting.location
    assert "einzelner Wert statt einer Liste" in texts  # Meeting.organization as a string
    assert "mit 404 beantwortet: als leer gelesen" in texts  # the empty third page of organisations
    assert "ein einzelnes Objekt statt einer Liste" in texts  # page 2 data is one object


def test_deleted_objects_are_removed(world):
    _run(world)
    m = world.municipality
    gone = Paper.objects.create(
        municipality=m,
        paper_type=services.paper_types_ensure(municipality=m)[0],
        subject="Im RIS gelöscht",
        origin=PaperOrigin.RIS,
        oparl_id=f"{ENTRY}/paper/3",
    )
    run = _run(world, full=True)
    assert not Paper.objects.filter(pk=gone.pk).exists()
    assert run.counts["deleted_Paper"] == 1


def test_teilhabe_paper_takes_its_results_from_the_ris(world):
    m = world.municipality
    integration = committee(m, "Integrationsrat", "integration_council")
    rat = committee(m, "Rat der Stadt Köln", "council")
    own = paper(m, subject="Integrationskonzept der Stadt Köln – Beschluss")
    services.consultations_plan(
        paper=own,
        steps=[
            services.PlannedStep(
                committee=integration,
                planned_date=date(2026, 9, 8),
                role=ConsultationRole.HEARING,
            ),
            services.PlannedStep(
                committee=rat,
                planned_date=date(2026, 10, 6),
                role=ConsultationRole.DECISION,
                authoritative=True,
            ),
        ],
        replan=False,
    )
    services.paper_hand_over(paper=own, reference="2871/2026", ris_url="")
    _run(world)
    own.refresh_from_db()
    assert own.oparl_id == f"{ENTRY}/paper/1"
    assert own.origin == PaperOrigin.TEILHABE
    assert own.subject == "Integrationskonzept der Stadt Köln – Beschluss"
    first, decision = services.current_consultations(own)
    assert (first.result, first.unanimous) == (ConsultationResult.RECOMMENDED, True)
    assert decision.result == ConsultationResult.ADOPTED_AMENDED
    assert "Handlungsfeld Wohnen" in decision.resolution_text
    assert own.status == PaperStatus.DONE
    assert Committee.objects.filter(municipality=m, name="Integrationsrat").count() == 1
    assert set(Attachment.objects.filter(paper=own).values_list("title", flat=True)) == {
        "Vorlage 2871/2026",
        "Anlage 1 – Integrationskonzept",
    }


def test_import_is_idempotent_and_incremental(world):
    _run(world)
    counts = (Paper.objects.count(), Meeting.objects.count(), Attachment.objects.count())
    # The last import is the newest "modified" received (not the clock): objects changed at
    # that very moment are asked for again, and nothing is created twice.
    second = _run(world)
    assert (Paper.objects.count(), Meeting.objects.count(), Attachment.objects.count()) == counts
    assert second.modified_since == datetime(2026, 10, 7, 7, 0, tzinfo=UTC)
    assert second.completed
    assert "created_Paper" not in second.counts
    third = _run(world, full=True)
    assert third.counts["updated_Paper"] == 3
    assert (Paper.objects.count(), Meeting.objects.count(), Attachment.objects.count()) == counts


def test_embedded_objects_are_validated_against_their_schema():
    paper_obj = json.loads((FIXTURES / filename_for(f"{ENTRY}/body/1/paper")).read_text())["data"][
        0
    ]
    assert validate(paper_obj, "Paper") == []
    broken = json.loads(json.dumps(paper_obj))
    broken["consultation"][1]["authoritative"] = "ja"
    broken["mainFile"]["type"] = "https://schema.oparl.org/1.1/Paper"
    errors = validate(broken, "Paper")
    assert any("Paper.consultation[1].authoritative" in e for e in errors)
    assert any("Paper.mainFile" in e and "File" in e for e in errors)


def test_repairs_are_reported_and_types_of_oparl_1_0_accepted():
    cleaned, check = check_object(
        {
            "id": "https://ris.example/org/1",
            "type": "https://schema.oparl.org/1.0/Organization",
            "name": "Integrationsrat",
            "shortName": "N/A",
            "membership": "https://ris.example/membership/1",
        },
        "Organization",
    )
    assert check.ok, check.errors
    assert cleaned is not None
    assert cleaned["type"].endswith("/1.1/Organization")
    assert "shortName" not in cleaned
    assert cleaned["membership"] == ["https://ris.example/membership/1"]
    assert len(check.notes) == 3


def test_missing_file_answers_404():
    with pytest.raises(FetchError) as info:
        DirectorySource(FIXTURES).fetch("https://ris.koeln.example/oparl/v1/nicht-da")
    assert info.value.status == 404


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("einstimmig beschlossen", (ConsultationResult.ADOPTED, True)),
        ("mehrheitlich geändert beschlossen", (ConsultationResult.ADOPTED_AMENDED, False)),
        ("abgelehnt", (ConsultationResult.REJECTED, False)),
        ("in den Hauptausschuss verwiesen", (ConsultationResult.REFERRED, False)),
        ("vertagt", (ConsultationResult.POSTPONED, False)),
        ("von der Tagesordnung abgesetzt", (ConsultationResult.WITHDRAWN, False)),
        ("zur Kenntnis genommen", (ConsultationResult.NOTED, False)),
        ("einstimmig empfohlen", (ConsultationResult.RECOMMENDED, True)),
        ("Sitzung unterbrochen", ("", False)),
    ],
)
def test_results_in_the_ris_words(text, expected):
    assert result_from_text(text) == expected


@pytest.fixture
def local_server():
    """A tiny HTTP server on the loopback interface (no outside network)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/oparl":
                body, status = json.dumps({"id": "x", "type": "t"}).encode(), 200
            elif self.path == "/kaputt":
                body, status = b"<html>Wartung</html>", 200
            else:
                body, status = b"{}", 404
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_http_source_reads_json_and_reports_errors(local_server, settings):
    from teilhabe.council.oparl.client import HttpSource

    settings.TEILHABE_OPARL_ALLOWED_HOSTS = ["127.0.0.1"]  # the test's own server

    source = HttpSource(timeout=5)
    assert source.fetch(f"{local_server}/oparl") == {"id": "x", "type": "t"}
    with pytest.raises(FetchError) as missing:
        source.fetch(f"{local_server}/leer")
    assert missing.value.status == 404
    with pytest.raises(FetchError):
        source.fetch(f"{local_server}/kaputt")
    with pytest.raises(FetchError):
        source.fetch("file:///etc/passwd")


def test_import_started_from_the_page_runs_as_a_task(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """The page starts a background task; the transport reads the saved files here."""
    from django.test import Client
    from django.urls import reverse

    from conftest import login
    from teilhabe.core.models import TaskRun
    from teilhabe.council.models import OParlRun
    from teilhabe.council.oparl import client

    saved = DirectorySource(FIXTURES)
    monkeypatch.setattr(client.HttpSource, "fetch", lambda self, url: saved.fetch(url))
    browser = login(Client(), world.users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            reverse("council:oparl_import", args=[world.municipality.ars]),
            {"endpoint": ENTRY},
        )
    assert response.status_code == 302
    task = TaskRun.objects.get(municipality=world.municipality)
    assert task.status == "done", task.errors
    run = OParlRun.objects.get(municipality=world.municipality)
    assert task.result_url.endswith(f"/{run.pk}/")
    page = browser.get(task.result_url).content.decode()
    assert "verweist auf kein bekanntes Gremium" in page
