"""Excel and CSV in and out: German formats, formula injection, preview, errors, atomic, idempotent."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import login
from teilhabe.concept import imports, spreadsheets
from teilhabe.concept.models import ConceptCycle, Measure, PreviousMeasure
from teilhabe.concept.tests.factories import concept, measure
from teilhabe.needs.models import TargetGroup


def _csv(rows: list[list[str]]) -> bytes:
    return ("\n".join(";".join(r) for r in rows)).encode("utf-8")


HEADER = [
    "Nummer",
    "Titel",
    "Handlungsfelder",
    "Federführung",
    "Beginn",
    "Betrag pro Jahr (EUR)",
    "Zielgruppen",
    "Ampel",
]


def test_german_number_and_date_parsing():
    assert spreadsheets.parse_decimal("1.234,50") == Decimal("1234.50")
    assert spreadsheets.parse_decimal("1234,5") == Decimal("1234.50")
    assert spreadsheets.parse_decimal("12.000") == Decimal("12000.00")
    assert spreadsheets.parse_decimal(1234.5) == Decimal("1234.50")
    assert spreadsheets.parse_date("21.11.2026") == date(2026, 11, 21)
    for bad in ("1,2,3", "zwölf", "1.23,4"):
        try:
            spreadsheets.parse_decimal(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_export_is_safe_against_formula_injection_and_german(world):
    measure(
        world,
        number="SP-1",
        title='=HYPERLINK("http://x")',
        annual_amount=Decimal("1234.5"),
        start_date=date(2026, 3, 1),
    )
    client = login(Client(), world.users["reader"])
    csv_text = client.get(
        reverse("concept:measure_export", args=[world.municipality.ars, "csv"])
    ).content.decode("utf-8-sig")
    header, row = csv_text.splitlines()[:2]
    assert header.startswith("Nummer;Titel;Beschreibung;Handlungsfelder")
    cells = row.split(";")
    assert cells[1] == '\'=HYPERLINK(""http://x"")"' or cells[1].startswith("\"'=HYPERLINK")
    assert "1234,50" in cells and "01.03.2026" in cells
    response = client.get(reverse("concept:measure_export", args=[world.municipality.ars, "xlsx"]))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "Nummer"
    title = ws["B2"]
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")
    amount = ws.cell(row=2, column=[c.value for c in ws[1]].index("Betrag pro Jahr (EUR)") + 1)
    assert amount.value == Decimal("1234.50") or amount.value == 1234.5
    assert amount.number_format == "#,##0.00"


def test_parse_reports_errors_per_line_in_german(world):
    data = _csv(
        [
            HEADER,
            ["SP-1", "Sprachcafé", "Sprache", "51", "01.03.2026", "1.234,50", "", "im Plan"],
            ["SP-2", "", "Wohnen", "99", "31.02.2026", "zwölf", "Senioren", "lila"],
            ["SP-1", "Doppelt", "Sprache", "", "", "", "", ""],
        ]
    )
    result = imports.parse_measures(
        municipality=world.municipality, data=data, filename="liste.csv"
    )
    text = "\n".join(result.errors)
    assert not result.ok
    assert "Zeile 3" in text or "Line 3" in text
    assert (
        "Wohnen" in text
        and "99" in text
        and "zwölf" in text
        and "Senioren" in text
        and "lila" in text
    )
    assert "SP-1" in text  # duplicate number in line 4


def test_import_is_previewed_atomic_and_idempotent(world):
    TargetGroup.objects.create(municipality=world.municipality, name="Eltern")
    client = login(Client(), world.users["editor"])
    url = reverse("concept:measure_import", args=[world.municipality.ars])
    good = _csv(
        [
            HEADER,
            ["SP-1", "Sprachcafé", "Sprache", "51", "01.03.2026", "1.234,50", "Eltern", "im Plan"],
            ["SP-2", "Elterncafé", "Sprache", "Jugendamt", "", "", "", ""],
        ]
    )
    preview = client.post(url, {"file": SimpleUploadedFile("liste.csv", good)})
    assert preview.status_code == 200 and not preview.context["result"].errors
    assert Measure.objects.count() == 0  # nothing before the confirmation
    assert client.post(url, {"confirm": "1"}).status_code == 302
    sp1 = Measure.objects.get(number="SP-1")
    assert (sp1.annual_amount, sp1.lead_unit, sp1.traffic_light) == (
        Decimal("1234.50"),
        world.org_unit,
        "green",
    )
    assert [t.name for t in sp1.target_groups.all()] == ["Eltern"]
    version = sp1.version
    client.post(url, {"file": SimpleUploadedFile("liste.csv", good)})
    client.post(url, {"confirm": "1"})
    sp1.refresh_from_db()
    assert (
        Measure.objects.count() == 2 and sp1.version == version
    )  # same file twice: nothing changed
    bad = _csv(
        [
            HEADER,
            ["SP-3", "Neu", "Sprache", "", "", "", "", ""],
            ["SP-4", "Kaputt", "Unbekannt", "", "", "", "", ""],
        ]
    )
    response = client.post(url, {"file": SimpleUploadedFile("liste.csv", bad)})
    assert response.context["result"].errors
    client.post(url, {"confirm": "1"})
    assert not Measure.objects.filter(number="SP-3").exists()  # all or nothing


def test_exported_file_imports_back_unchanged(world):
    measure(
        world,
        number="SP-1",
        annual_amount=Decimal("500"),
        start_date=date(2026, 1, 15),
        voluntary_task=True,
    )
    client = login(Client(), world.users["admin"])
    content = client.get(
        reverse("concept:measure_export", args=[world.municipality.ars, "xlsx"])
    ).content
    result = imports.parse_measures(
        municipality=world.municipality, data=content, filename="export.xlsx"
    )
    assert result.ok, result.errors
    assert imports.measures_import(municipality=world.municipality, parsed=result) == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
    }


def test_word_headings_and_paragraphs():
    from docx import Document

    doc = Document()
    doc.add_paragraph("Vorwort ohne Überschrift")
    doc.add_heading("1. Präambel", level=1)
    doc.add_paragraph("Integration ist Querschnittsaufgabe.")
    doc.add_paragraph("Zweiter Absatz.")
    doc.add_heading("1.1 Sprache", level=2)
    doc.add_paragraph("Sprache ist der Schlüssel.")
    out = io.BytesIO()
    doc.save(out)
    sections = spreadsheets.parse_docx_sections(out.getvalue())
    assert [(s["level"], s["heading"]) for s in sections][1:] == [
        (1, "1. Präambel"),
        (2, "1.1 Sprache"),
    ]
    assert sections[1]["text"] == "Integration ist Querschnittsaufgabe.\n\nZweiter Absatz."


def test_tree_export_has_a_row_per_level_and_the_measures_sheet(world):
    parts = concept(world)
    measure(world, _concept=parts)
    client = login(Client(), world.users["reader"])
    url = reverse("concept:tree_export", args=[world.municipality.ars, "csv"])
    lines = client.get(url).content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Ebene;Handlungsfeld;Nummer;Titel")
    name = world.field.name
    assert any(line.startswith(f"Handlungsfeld;{name};;{name};") for line in lines)
    goal_row = next(line for line in lines if parts["goal"].title in line)
    assert goal_row.startswith(world.municipality.goal_label)
    assert goal_row.endswith(";85,00;2028;SP-1")
    assert any(line.startswith(f"Handlungsempfehlung;{name};SP-E1;") for line in lines)
    xlsx = client.get(reverse("concept:tree_export", args=[world.municipality.ars, "xlsx"]))
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["Konzept", "Maßnahmen"]


def test_previous_concepts_measures_are_previewed_then_imported(world):
    cycle = ConceptCycle.objects.create(municipality=world.municipality, title="IK 2012", year=2012)
    client = login(Client(), world.users["editor"])
    url = reverse("concept:cycle_import_measures", args=[world.municipality.ars, cycle.pk])
    data = _csv([["Nummer", "Titel"], ["A-1", "Sprachkurse"], ["A-2", "Lotsen"]])
    preview = client.post(url, {"file": SimpleUploadedFile("alt.csv", data)})
    assert preview.status_code == 200 and preview.context["cycle"] == cycle
    assert not preview.context["result"].errors and not PreviousMeasure.objects.exists()
    done = client.post(url, {"confirm": "1"})
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "concept:cycle_detail", args=[world.municipality.ars, cycle.pk]
    )
    assert sorted(cycle.old_measures.values_list("number", flat=True)) == ["A-1", "A-2"]
