"""Uploads through the real views: size limit, hostile files, formula cells and right-to-left
overrides end to end, and no half-written import after a failure."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import login
from tests.reliability.hostile import (
    CORPUS,
    FORMULA_CELLS,
    MEGABYTE_CELL,
    RTL_NAME,
    VARIANTS,
    to_csv,
    zip_bomb_xlsx,
)

MB = 1024 * 1024


class CountingReader(io.RawIOBase):
    """A request body of ``size`` bytes that counts what the server reads of it."""

    def __init__(self, head: bytes, size: int) -> None:
        self.head, self.size, self.read_bytes = head, size, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = min(len(buffer), self.size - self.read_bytes)
        chunk = (self.head[self.read_bytes :] + b"\0" * n)[:n]
        buffer[:n] = chunk
        self.read_bytes += n
        return n


UPLOAD_URLS = [
    ("statistics:index_import", {}),
    ("inventory:import", {}),
    ("core:area_import", {}),
    ("core:municipality_settings", {}),
    ("council:settings", {}),
    ("concept:measure_import", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), UPLOAD_URLS, ids=[n for n, _k in UPLOAD_URLS])
def test_200_mb_upload_is_refused_with_a_german_message_before_it_is_read(
    world, settings, name, kwargs
):
    assert settings.TEILHABE_MAX_UPLOAD_BYTES == 100 * MB  # the default of the settings
    client = login(Client(), world.users["admin"])
    url = reverse(name, args=[world.municipality.ars], kwargs=kwargs or None)
    boundary = "grenze"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="gross.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body = CountingReader(head, 200 * MB)
    response = client.generic(
        "POST",
        url,
        b"x",
        content_type=f"multipart/form-data; boundary={boundary}",
        CONTENT_LENGTH=str(200 * MB),
        **{"wsgi.input": body},
    )
    assert response.status_code == 303 and response["Location"] == url
    assert body.read_bytes == 0  # refused from the header alone
    page = client.get(url).content.decode()
    assert "Die Datei ist zu groß" in page and "100 MB" in page
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_dataset_import_takes_a_land_wide_file_and_refuses_more_than_1_gb(world, settings):
    """The statistics import has its own limit (a GENESIS flat file of a Land): 1 GB."""
    from teilhabe.core.uploads import max_upload_bytes

    assert max_upload_bytes("statistics:dataset_import") == 1024 * MB
    assert max_upload_bytes("statistics:index_import") == 100 * MB
    client = login(Client(), world.users["admin"])
    url = reverse("statistics:dataset_import", args=[world.municipality.ars])
    body = CountingReader(b"", 1100 * MB)
    response = client.generic(
        "POST",
        url,
        b"x",
        content_type="multipart/form-data; boundary=grenze",
        CONTENT_LENGTH=str(1100 * MB),
        **{"wsgi.input": body},
    )
    assert response.status_code == 303 and body.read_bytes == 0
    assert "1024 MB" in client.get(url).content.decode()


def test_api_gets_413_with_json(world):
    client = login(Client(), world.users["admin"])
    response = client.generic(
        "POST",
        "/api/v1/irgendwas/",
        b"x",
        content_type="application/json",
        CONTENT_LENGTH=str(200 * MB),
        **{"wsgi.input": CountingReader(b"", 200 * MB)},
    )
    assert response.status_code == 413
    assert "zu groß" in response.json()["detail"]


def test_file_over_the_limit_in_a_form_gets_a_german_error(world, settings):
    settings.TEILHABE_MAX_UPLOAD_BYTES = 1 * MB
    settings.TEILHABE_MAX_DATASET_UPLOAD_BYTES = 1 * MB  # this form's own limit
    client = login(Client(), world.users["admin"])
    url = reverse("statistics:dataset_import", args=[world.municipality.ars])
    data = b"x" * (3 * MB)
    response = client.post(
        url, {"file": SimpleUploadedFile("gross.csv", data), "format": "koeln"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Datei ist zu groß" in page and "1 MB" in page


# --- hostile files through the statistics and inventory upload views -----------------------------

VIEW_VARIANTS = [
    "cp1252",
    "nul_everywhere",
    "csv_renamed_xlsx",
    "xlsx_xml_bomb",
    "xlsx_truncated",
    "binary_garbage",
    "empty",
    "unbalanced_quote",
    "xlsx_formula_without_value",
]


def _statistics_upload(client: Client, ars: str, name: str, data: bytes, fmt: str):  # type: ignore[no-untyped-def]
    url = reverse("statistics:dataset_import", args=[ars])
    first = client.post(url, {"file": SimpleUploadedFile(name, data), "format": fmt}, follow=True)
    return first


@pytest.mark.parametrize("variant", VIEW_VARIANTS)
def test_hostile_statistics_upload_never_500_and_writes_nothing(world, variant):
    from teilhabe.statistics.models import Dataset, Observation

    client = login(Client(), world.users["admin"])
    path = CORPUS / "statistics_table" / f"{variant}{VARIANTS[variant][1]}"
    response = _statistics_upload(
        client, world.municipality.ars, path.name, path.read_bytes(), "table"
    )
    assert response.status_code == 200
    page = response.content.decode()
    if variant in ("cp1252", "csv_renamed_xlsx"):
        assert "Spalten zuordnen" in page or "Schlüssel" in page  # the mapping step
    else:
        assert "alert" in page or "Fehler" in page or "keine" in page
    assert Dataset.objects.count() == 0 and Observation.objects.count() == 0


@pytest.mark.parametrize("variant", VIEW_VARIANTS)
def test_hostile_inventory_upload_never_500_and_writes_nothing(world, variant):
    from teilhabe.inventory.models import Actor

    client = login(Client(), world.users["admin"])
    path = CORPUS / "inventory_actors" / f"{variant}{VARIANTS[variant][1]}"
    url = reverse("inventory:import", args=[world.municipality.ars])
    response = client.post(
        url, {"kind": "actors", "file": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    assert response.status_code == 200
    assert Actor.objects.count() == 0  # the preview writes nothing


# --- formula cells and RTL overrides end to end (inventory) ---------------------------------------


def test_formula_cells_are_imported_as_text_and_exported_escaped(
    world, django_capture_on_commit_callbacks
):
    from teilhabe.inventory.models import Actor, Offer
    from teilhabe.inventory.spreadsheets import export_csv, export_xlsx

    client = login(Client(), world.users["admin"])
    url = reverse("inventory:import", args=[world.municipality.ars])
    actors = to_csv(
        [
            ["Name", "Art", "Handlungsfelder", "Beschreibung"],
            [RTL_NAME, "Verein", "Sprache", FORMULA_CELLS[1]],
            [FORMULA_CELLS[0], "Verein", "Sprache", MEGABYTE_CELL[:5000]],
        ]
    ).encode()
    preview = client.post(url, {"kind": "actors", "file": SimpleUploadedFile("a.csv", actors)})
    assert preview.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirm": "1"}, follow=True)
    assert done.status_code == 200
    names = set(Actor.objects.values_list("name", flat=True))
    assert names == {"Sprachcaféfac", FORMULA_CELLS[0]}  # override removed, formula kept as text
    assert Actor.objects.get(name="Sprachcaféfac").description == FORMULA_CELLS[1]
    assert not Offer.objects.exists()
    # Exports write the formula texts with a leading apostrophe: Excel shows, never runs them.
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx("actors", world.municipality))).active
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'" + FORMULA_CELLS[0] in cells and "'" + FORMULA_CELLS[1] in cells
    assert not any(c.startswith(("=", "+")) for c in cells)
    rows = list(
        csv.reader(
            io.StringIO(export_csv("actors", world.municipality).decode("utf-8-sig")), delimiter=";"
        )
    )
    flat = [c for r in rows for c in r]
    assert "'" + FORMULA_CELLS[0] in flat and not any(c.startswith(("=", "+")) for c in flat)
    # The page shows the name as text (escaped, without the override).
    page = client.get(reverse("inventory:actor_list", args=[world.municipality.ars])).content
    assert "Sprachcaféfac".encode() in page and "\u202e".encode() not in page


def test_inventory_import_that_fails_midway_leaves_nothing(world, monkeypatch):
    from teilhabe.inventory import spreadsheets
    from teilhabe.inventory.models import Actor

    data = to_csv(
        [["Name", "Art", "Handlungsfelder"]]
        + [[f"Verein {i}", "Verein", "Sprache"] for i in range(20)]
    ).encode()
    parsed = spreadsheets.parse_spreadsheet(
        data, kind="actors", filename="a.csv", municipality=world.municipality
    )
    assert parsed.ok
    original, calls = spreadsheets._assign, {"n": 0}

    def failing_assign(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 11:
            raise RuntimeError("Stromausfall")
        return original(*args, **kwargs)

    monkeypatch.setattr(spreadsheets, "_assign", failing_assign)
    with pytest.raises(RuntimeError):
        spreadsheets.spreadsheet_import(result=parsed, municipality=world.municipality)
    assert Actor.objects.count() == 0  # ten rows were written, and rolled back


# --- statistics: a failed import leaves no rows and no kept file ----------------------------------


KOELN = (
    "id,tab_id,tabelle,jahr,raum_id,raum,zei_id,zeile,zahl\n"
    "1,005,Einwohner,2022,101,Altstadt/Süd,01,insgesamt,27000\n"
    "2,005,Einwohner,2022,102,Neustadt/Süd,01,insgesamt,38000\n"
)


def test_statistics_import_with_a_bad_line_writes_nothing(world):
    from django.utils import translation

    from teilhabe.statistics.models import Dataset, Observation
    from teilhabe.statistics.services import dataset_import

    broken = KOELN.replace("38000", "38000x").encode()
    with translation.override("de"), pytest.raises(ValidationError) as exc:
        dataset_import(
            municipality=world.municipality, data=broken, filename="k.csv", fmt="koeln", user=None
        )
    assert "k.csv, Zeile 3, Spalte „zahl“" in exc.value.messages[0]
    assert Dataset.objects.count() == 0 and Observation.objects.count() == 0


def test_statistics_import_failing_while_writing_rolls_back_rows_and_file(
    world, settings, monkeypatch
):
    from teilhabe.statistics import services
    from teilhabe.statistics.models import Dataset, Observation

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("Datenbank weg")

    monkeypatch.setattr(services, "indicator_values_compute", broken)
    with pytest.raises(RuntimeError):
        services.dataset_import(
            municipality=world.municipality,
            data=KOELN.encode(),
            filename="k.csv",
            fmt="koeln",
            user=None,
        )
    assert Dataset.objects.count() == 0 and Observation.objects.count() == 0
    kept = Path(settings.MEDIA_ROOT) / "statistics"
    assert not kept.exists() or not any(kept.iterdir())  # the stored copy was removed again
    monkeypatch.undo()
    outcome = services.dataset_import(
        municipality=world.municipality,
        data=KOELN.encode(),
        filename="k.csv",
        fmt="koeln",
        user=None,
    )
    assert outcome.created and Observation.objects.count() == 2


def test_decimal_comma_in_a_decimal_point_file_is_an_error_not_a_wrong_number(world):
    from django.utils import translation

    from teilhabe.statistics.importers.koeln import parse_koeln

    with translation.override("de"):
        result = parse_koeln(KOELN.replace("27000", '"27000,5"').encode(), filename="k.csv")
    assert not result.ok
    assert "Zeile 2, Spalte „zahl“" in result.errors[0] and "27000,5" in result.errors[0]
    ok = parse_koeln(KOELN.replace("27000", '"27,000.5"').encode(), filename="k.csv")
    assert ok.ok and ok.rows[0].value == 27000.5


def test_zip_bomb_upload_is_refused_quickly(world, limit):
    client = login(Client(), world.users["admin"])
    bomb = zip_bomb_xlsx([["Schlüssel", "Stadtteil", "Einwohner"], ["101", "A", "1"]])
    url = reverse("inventory:import", args=[world.municipality.ars])
    with limit(10):
        response = client.post(url, {"kind": "actors", "file": SimpleUploadedFile("b.xlsx", bomb)})
    assert response.status_code == 200
    # The upload gate refuses it before the importer opens it (core/uploads.py).
    assert "ZIP-Bombe" in response.content.decode()
