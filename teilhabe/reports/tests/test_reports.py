"""The document builders with real, demo-like data: PDF/UA checks, Word structure,
disclosure control, the progress report's changes, editions, comparison, publication and
tenancy."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from conftest import login
from teilhabe.concept.models import Measure
from teilhabe.core.models import Area, AreaKind
from teilhabe.implementation.models import Milestone, StatusUpdate
from teilhabe.participation.models import Event, EventKind, WorkingGroup
from teilhabe.planning.models import FundingProgramme, Grant, ProofOfUse
from teilhabe.reports import builders, selectors, services
from teilhabe.reports.models import Edition, Report, ReportKind
from teilhabe.reports.tasks import generate
from teilhabe.statistics.models import Dataset, Indicator, IndicatorValue, Level

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[6.9, 50.9], [6.95, 50.9], [6.95, 50.95], [6.9, 50.95], [6.9, 50.9]]],
}


def _data(world) -> dict:
    m = world.municipality
    world.area.geometry = SQUARE
    world.area.save()
    other_area = Area.objects.create(
        municipality=m,
        key="102",
        name="Neustadt/Nord",
        kind=AreaKind.STADTTEIL,
        parent=world.area.parent,
        geometry={
            "type": "Polygon",
            "coordinates": [[[6.95, 50.9], [7.0, 50.9], [7.0, 50.95], [6.95, 50.95], [6.95, 50.9]]],
        },
    )
    dataset = Dataset.objects.create(
        municipality=m,
        title="Einwohner nach Stadtteilen",
        source="Stadt Köln, Amt für Stadtentwicklung und Statistik",
        table_code="EW-01",
        format="generic",
        file=ContentFile(b"x", name="ew.csv"),
        file_name="ew.csv",
        sha256="a" * 64,
        period_start=date(2022, 12, 31),
        period_end=date(2024, 12, 31),
    )
    people = Indicator.objects.create(
        municipality=m,
        code="gefluechtete",
        name="Geflüchtete Personen",
        definition="Personen mit Schutzstatus.",
        kind="count",
        unit="Personen",
    )
    for period, total in ((date(2022, 12, 31), 40), (date(2024, 12, 31), 55)):
        IndicatorValue.objects.create(
            indicator=people,
            dataset=dataset,
            level=Level.MUNICIPALITY,
            region_key="05315000",
            region_name="Köln",
            period=period,
            value=total,
        )
    # 2 people in one area: below k = 3, never printed; its neighbour is hidden as complement.
    IndicatorValue.objects.create(
        indicator=people,
        dataset=dataset,
        level=Level.AREA,
        area=world.area,
        region_key="101",
        region_name="Altstadt/Süd",
        period=date(2024, 12, 31),
        value=2,
    )
    IndicatorValue.objects.create(
        indicator=people,
        dataset=dataset,
        level=Level.AREA,
        area=other_area,
        region_key="102",
        region_name="Neustadt/Nord",
        period=date(2024, 12, 31),
        value=53,
    )
    measure = Measure.objects.create(
        municipality=m,
        number="M-01",
        title="Sprachcafé im Veedel",
        implementation_state="in_progress",
        political_state="adopted",
    )
    measure.fields.add(world.field)
    late = Measure.objects.create(
        municipality=m,
        number="M-02",
        title="Lotsenprojekt Gesundheit",
        end_date=timezone.localdate() - timedelta(days=30),
        implementation_state="in_progress",
    )
    Milestone.objects.create(
        measure=late, title="Konzept abgestimmt", due_on=timezone.localdate() - timedelta(days=10)
    )
    WorkingGroup.objects.create(municipality=m, name="AG Sprache", field_of_action=world.field)
    Event.objects.create(
        municipality=m,
        kind=EventKind.MARKET_STAND,
        title="Marktstand Kalk",
        date=date(2025, 5, 3),
        participants=2,
    )
    Event.objects.create(
        municipality=m,
        kind=EventKind.CONFERENCE,
        title="Integrationskonferenz",
        date=date(2025, 9, 29),
        participants=140,
    )
    programme = FundingProgramme.objects.create(
        municipality=m, name="KIM", funder="Land NRW", kind="land"
    )
    grant = Grant.objects.create(
        municipality=m,
        programme=programme,
        title="Kommunales Integrationsmanagement",
        notice_date=date(2025, 1, 10),
        period_start=date(2025, 1, 1),
        period_end=date(2027, 12, 31),
        amount=Decimal("120000"),
    )
    ProofOfUse.objects.create(
        grant=grant, kind="report", due_on=timezone.localdate() + timedelta(days=20)
    )
    return {"measure": measure, "late": late, "indicator": people}


def _pdf(edition: Edition) -> pikepdf.Pdf:
    with edition.pdf.open("rb") as handle:
        return pikepdf.open(io.BytesIO(handle.read()))


def _struct(pdf: pikepdf.Pdf) -> list[tuple[str, object]]:
    out = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        if "/S" in node:
            out.append((str(node.S), node.get("/Alt")))
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)
        elif isinstance(kids, pikepdf.Dictionary):
            walk(kids)

    walk(pdf.Root.StructTreeRoot)
    return out


@pytest.mark.django_db
def test_concept_document_is_accessible_pdf_and_word_with_real_data(world):
    _data(world)
    report = services.report_create(
        municipality=world.municipality,
        kind=ReportKind.CONCEPT,
        title="Integrationskonzept 2026",
        user=world.users["admin"],
    )
    report.summary_easy = "Köln will gute Teilhabe.\n\nDas Konzept sagt, wie."
    report.premise = "Integration ist eine Querschnittsaufgabe."
    services.report_save(report=report, expected_version=report.version)
    edition = generate(report, user=world.users["admin"])
    assert edition.number == 1 and edition.page_count >= 5 and edition.figure_count >= 3
    pdf = _pdf(edition)
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "de"
    assert str(pdf.docinfo.Title).startswith("Integrationskonzept 2026")
    struct = _struct(pdf)
    kinds = [k for k, _a in struct]
    assert "/H1" in kinds and "/H2" in kinds and "/H3" in kinds
    assert "/TH" in kinds and "/Table" in kinds
    figures = [alt for k, alt in struct if k == "/Figure"]
    assert figures and all(alt and str(alt).strip() for alt in figures)
    text = " ".join(" ".join(_pdfium_pages(edition)).split())
    assert "Sprachcafé im Veedel" in text
    assert "Köln will gute Teilhabe." in text
    assert "Quelle: Stadt Köln, Amt für Stadtentwicklung und Statistik" in text
    with edition.docx.open("rb") as handle:
        docx = Document(io.BytesIO(handle.read()))
    styles = {p.style.name for p in docx.paragraphs}
    assert {"Heading 1", "Heading 2"} <= styles
    assert docx.core_properties.title == "Integrationskonzept 2026"
    assert len(docx.tables) >= 3
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert any("Datenbasis" in h for h in headings)


def _pdfium_pages(edition: Edition):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    with edition.pdf.open("rb") as handle:
        document = pdfium.PdfDocument(handle.read())
    for page in document:
        yield page.get_textpage().get_text_range()


@pytest.mark.django_db
def test_small_counts_are_never_printed(world):
    _data(world)
    report = services.report_create(
        municipality=world.municipality, kind=ReportKind.CONCEPT, title="Konzept", user=None
    )
    doc = builders.build(report)
    tables = [
        b.get("table") or b
        for c in doc["chapters"]
        for b in c["blocks"]
        if b["type"] in ("figure", "table")
    ]
    area_table = next(t for t in tables if t and any("Altstadt" in r[0] for r in t["rows"]))
    cells = {row[0]: row[1] for row in area_table["rows"]}
    assert cells["101 Altstadt/Süd"] == "."
    assert cells["102 Neustadt/Nord"] == "."  # complement: total 55 is shown
    event_rows = [r for t in tables if t for r in t["rows"] if "Marktstand Kalk" in r]
    assert event_rows and event_rows[0][-1] == "."
    spec_values = [
        f["properties"]["wert"]
        for c in doc["chapters"]
        for b in c["blocks"]
        if b["type"] == "figure" and "geoshape" in str(b["spec"].get("mark"))
        for f in b["spec"]["data"]["values"]
    ]
    assert spec_values and all(v is None for v in spec_values)


@pytest.mark.django_db
def test_progress_report_lists_exactly_the_changes_since_the_last_report(world):
    objs = _data(world)
    m = world.municipality
    report = services.report_create(
        municipality=m, kind=ReportKind.PROGRESS, title="Sachstandsbericht 2025", user=None
    )
    first = generate(report, user=None)
    assert "M-01 Sprachcafé im Veedel" in first.snapshot["facts"]["changes"]["new"]
    # After the first report: one state change, one new measure, one status update.
    measure = objs["measure"]
    measure.implementation_state = "implemented"
    measure.save()
    Measure.objects.create(municipality=m, number="M-03", title="Willkommenspaten")
    StatusUpdate.objects.create(measure=measure, text="Zwölf Termine, gut besucht.")
    second_report = services.report_create(
        municipality=m, kind=ReportKind.PROGRESS, title="Sachstandsbericht 2026", user=None
    )
    start, _end = builders.progress_period(second_report)
    assert start == first.period_end
    changes = builders.progress_changes(municipality=m, since=start, until=timezone.now())
    assert [n["label"] for n in changes["new"]] == ["M-03 Willkommenspaten"]
    assert [(c["label"], c["from"], c["to"]) for c in changes["changes"]] == [
        ("M-01 Sprachcafé im Veedel", "in Umsetzung", "umgesetzt")
    ]
    assert [u["text"] for u in changes["updates"]] == ["Zwölf Termine, gut besucht."]
    assert [r["label"] for r in changes["late_measures"]] == ["M-02 Lotsenprojekt Gesundheit"]
    assert (
        changes["proofs"] and changes["grants"][0]["title"] == "Kommunales Integrationsmanagement"
    )
    text = builders.progress_draft_text(report=second_report, changes=changes)
    assert "M-03 Willkommenspaten" in text and "Lotsenprojekt" in text


@pytest.mark.django_db
def test_progress_report_becomes_an_information_paper_linked_back(client, world):
    _data(world)
    report = services.report_create(
        municipality=world.municipality,
        kind=ReportKind.PROGRESS,
        title="Sachstandsbericht",
        user=None,
    )
    login(client, world.users["editor"])
    base = [world.municipality.ars, report.pk]
    assert client.post(reverse("reports:progress_draft", args=base)).status_code == 302
    report.refresh_from_db()
    assert "Lotsenprojekt Gesundheit" in report.draft_text
    response = client.post(reverse("reports:progress_paper", args=base))
    report.refresh_from_db()
    paper = report.paper
    assert paper is not None and not paper.paper_type.has_resolution
    assert response.url == reverse("council:paper_detail", args=[world.municipality.ars, paper.pk])
    assert paper.sections.count() >= 3
    link = paper.links.get()
    assert link.target == report
    # A second click does not create a second paper.
    client.post(reverse("reports:progress_paper", args=base))
    from teilhabe.council.models import Paper

    assert Paper.objects.filter(municipality=world.municipality).count() == 1


@pytest.mark.django_db
def test_integration_report_editions_are_frozen_and_compared(client, world):
    objs = _data(world)
    m = world.municipality
    report = services.report_create(
        municipality=m, kind=ReportKind.INTEGRATION, title="Integrationsbericht", user=None
    )
    first = generate(report, user=world.users["admin"])
    assert first.xlsx
    measure = objs["measure"]
    measure.traffic_light = "red"
    measure.save()
    Measure.objects.create(municipality=m, number="M-09", title="Neue Maßnahme")
    IndicatorValue.objects.create(
        indicator=objs["indicator"],
        dataset=Dataset.objects.get(),
        level=Level.MUNICIPALITY,
        region_key="05315000",
        region_name="Köln",
        period=date(2025, 12, 31),
        value=61,
    )
    second = generate(report, user=world.users["admin"])
    assert second.number == 2
    first.refresh_from_db()
    assert "M-09" not in str(first.snapshot["facts"]["measures"])  # frozen
    diff = builders.compare(first.snapshot, second.snapshot)
    assert diff["added"] == ["M-09 Neue Maßnahme"]
    assert [(s["label"], s["after"]) for s in diff["states"]] == [
        ("M-01 Sprachcafé im Veedel", "nicht im Plan")
    ]
    assert diff["indicators"][0]["after"] == "61 (31.12.2025)"
    login(client, world.users["reader"])
    page = client.get(reverse("reports:edition_compare", args=[m.ars, second.pk]))
    assert page.status_code == 200 and "M-09 Neue Maßnahme" in page.content.decode()
    xlsx = client.get(reverse("reports:edition_file", args=[m.ars, second.pk, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in xlsx["Content-Disposition"]


@pytest.mark.django_db
def test_publication_approval_and_public_download(client, world):
    report = services.report_create(
        municipality=world.municipality, kind=ReportKind.CONCEPT, title="Konzept", user=None
    )
    edition = Edition.objects.create(report=report, number=1, snapshot=builders.build(report))
    edition.pdf.save("k.pdf", ContentFile(b"%PDF-1.7 test"))
    public = reverse("reports:public_file", args=[world.municipality.ars, edition.pk, "pdf"])
    assert client.get(public).status_code == 404
    assert selectors.published_editions(world.municipality) == []
    login(client, world.users["editor"])
    url = reverse("reports:edition_publish", args=[world.municipality.ars, edition.pk])
    assert client.post(url, {"approve": "1"}).status_code == 403
    login(client, world.users["admin"])
    client.post(url, {"approve": "1"})
    client.logout()
    response = client.get(public)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    [item] = selectors.published_editions(world.municipality)
    assert item.files["pdf"] == public and item.kind == ReportKind.CONCEPT
    edition.refresh_from_db()
    assert edition.published_by == world.users["admin"]
    assert edition.history.count() >= 2
    login(client, world.users["admin"])
    client.post(url, {"approve": "0"})
    client.logout()
    assert client.get(public).status_code == 404


@pytest.mark.django_db
def test_generation_runs_as_task_and_texts_are_not_lost(client, world):
    from teilhabe.core.models import TaskRun

    report = services.report_create(
        municipality=world.municipality, kind=ReportKind.CONCEPT, title="Konzept", user=None
    )
    login(client, world.users["editor"])
    args = [world.municipality.ars, report.pk]
    with _immediate_commit():
        response = client.post(reverse("reports:report_generate", args=args))
    run = TaskRun.objects.get()
    assert response.url == reverse("core:task_detail", args=[world.municipality.ars, run.pk])
    run.refresh_from_db()
    assert run.status == "done", run.errors
    assert report.editions.count() == 1
    edit = reverse("reports:report_edit", args=args)
    stale = report.version
    client.post(edit, {"title": "Konzept", "premise": "Erste Fassung", "version": stale})
    response = client.post(edit, {"title": "Konzept", "premise": "Überholt", "version": stale})
    assert response.status_code == 200
    assert (
        "in the meantime" in response.content.decode()
        or "zwischenzeitlich" in response.content.decode()
        or "inzwischen" in response.content.decode()
    )
    report.refresh_from_db()
    assert report.premise == "Erste Fassung"


def _immediate_commit():  # type: ignore[no-untyped-def]
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.mark.django_db
def test_foreign_reports_and_editions_answer_404(client, world):
    report = Report.objects.create(
        municipality=world.other, kind=ReportKind.CONCEPT, title="Düsseldorf"
    )
    edition = Edition.objects.create(report=report, number=1, snapshot={})
    login(client, world.users["admin"])
    ars = world.municipality.ars
    assert client.get(reverse("reports:report_detail", args=[ars, report.pk])).status_code == 404
    assert client.get(reverse("reports:edition_detail", args=[ars, edition.pk])).status_code == 404
    assert (
        client.get(reverse("reports:edition_file", args=[ars, edition.pk, "pdf"])).status_code
        == 404
    )
