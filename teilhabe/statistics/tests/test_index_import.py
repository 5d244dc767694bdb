"""Importing the statistics office's own district index (Sozialraum-Index) as a run."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import login
from teilhabe.core.models import Area, AreaKind
from teilhabe.statistics.importers.index import IndexMapping, parse_index
from teilhabe.statistics.models import Dataset, DatasetFormat, DistrictIndexRun, Observation
from teilhabe.statistics.services import district_index_import

OFFICE_CSV = (
    "Sozialraum-Index Köln 2024\r\n"
    "Stadtteil-Nr.;Stadtteil;Statusindex;Statusklasse;Dynamikindex;Dynamikklasse\r\n"
    "101;Altstadt/Süd;-0,42;2;0,10;3\r\n"
    "102;Neustadt/Süd;1,35;5;-0,8;1\r\n"
    "999;Unbekannt;0,5;3;;\r\n"
    "Quelle: Stadt Köln, Amt für Stadtentwicklung und Statistik\r\n"
).encode("cp1252")

MAPPING = IndexMapping(
    key_column=0,
    name_column=1,
    status_column=2,
    status_class_column=3,
    dynamics_column=4,
    dynamics_class_column=5,
)


def _area(world) -> None:
    Area.objects.create(
        municipality=world.municipality,
        key="102",
        name="Neustadt/Süd",
        kind=AreaKind.STADTTEIL,
        parent=world.area.parent,
    )


def test_parse_index_reads_values_classes_and_empty_cells():
    result = parse_index(OFFICE_CSV, mapping=MAPPING, filename="index.csv")
    assert result.ok, result.errors
    by_key = {r["key"]: r for r in result.results}
    assert by_key["101"]["status"] == -0.42 and by_key["101"]["status_class"] == 2
    assert by_key["102"]["dynamics"] == -0.8 and by_key["102"]["dynamics_class"] == 1
    assert by_key["999"]["dynamics"] is None and by_key["999"]["dynamics_class"] is None
    assert result.meta["title"] == "Sozialraum-Index Köln 2024"


def test_parse_index_names_line_and_column_of_bad_cells():
    broken = OFFICE_CSV.replace(b"1,35;5", b"hoch;fuenf")
    result = parse_index(broken, mapping=MAPPING, filename="index.csv")
    assert not result.ok
    assert any("index.csv" in e and " 4" in e and "Statusindex" in e for e in result.errors)
    assert any("Statusklasse" in e and "fuenf" in e for e in result.errors)


def test_parse_index_from_excel_with_classes_only():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Gebiet", "Name", "Statusklasse", "Dynamikklasse"])
    sheet.append(["0101", "Altstadt/Süd", 2, 3])
    sheet.append(["0102", "Neustadt/Süd", 5, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    mapping = IndexMapping(
        key_column=0, name_column=1, status_class_column=2, dynamics_class_column=3
    )
    result = parse_index(buffer.getvalue(), mapping=mapping, filename="index.xlsx")
    assert result.ok, result.errors
    assert [r["key"] for r in result.results] == ["0101", "0102"]  # leading zeros kept
    assert result.results[1]["status_class"] == 5 and result.results[1]["status"] is None


def test_import_stores_a_run_with_its_dataset_and_lists_unknown_keys(world):
    _area(world)
    run = district_index_import(
        municipality=world.municipality,
        data=OFFICE_CSV,
        filename="index.csv",
        mapping=MAPPING,
        name="Sozialraum-Index 2024",
        period=date(2024, 12, 31),
        metadata={"source": "Stadt Köln, Amt 15", "licence": "DL-DE-BY-2.0"},
        user=world.users["editor"],
    )
    assert run.source == "imported"
    dataset = run.dataset
    assert dataset.format == DatasetFormat.INDEX and dataset.source == "Stadt Köln, Amt 15"
    assert dataset.unknown_keys == ["999"]
    assert dataset.period_end == date(2024, 12, 31)
    assert run.parameters["mapping"]["status_column"] == 2
    areas = {r["key"]: r["area_id"] for r in run.results}
    assert areas["101"] == world.area.pk and areas["999"] is None
    assert Observation.objects.filter(dataset=dataset, variable="index_status").count() == 3
    assert dataset.row_count == 3 + 3 + 2 + 2
    with pytest.raises(ValidationError):  # the same file twice is recognised
        district_index_import(
            municipality=world.municipality,
            data=OFFICE_CSV,
            filename="index.csv",
            mapping=MAPPING,
            name="again",
            period=date(2024, 12, 31),
            metadata={},
            user=None,
        )
    assert DistrictIndexRun.objects.count() == 1


def test_corrected_index_file_becomes_a_new_version(world):
    kwargs = {
        "municipality": world.municipality,
        "filename": "index.csv",
        "mapping": MAPPING,
        "name": "Index",
        "period": date(2024, 12, 31),
        "metadata": {"source": "Amt 15"},
        "user": None,
    }
    first = district_index_import(data=OFFICE_CSV, **kwargs)
    second = district_index_import(data=OFFICE_CSV.replace(b"-0,42", b"-0,40"), **kwargs)
    first.dataset.refresh_from_db()
    assert second.dataset.version == 2 and second.dataset.replaces == first.dataset
    assert not first.dataset.is_current


def test_bad_index_file_writes_nothing(world):
    with pytest.raises(ValidationError) as exc:
        district_index_import(
            municipality=world.municipality,
            data=OFFICE_CSV.replace(b"0,10;3", b"0,10;drei"),
            filename="index.csv",
            mapping=MAPPING,
            name="Index",
            period=date(2024, 12, 31),
            metadata={},
            user=None,
        )
    assert "Dynamikklasse" in " ".join(exc.value.messages)
    assert not Dataset.objects.exists() and not DistrictIndexRun.objects.exists()


def test_index_import_pages_map_preview_and_show_the_run(world, client):
    _area(world)
    login(client, world.users["editor"])
    ars = world.municipality.ars
    response = client.post(
        reverse("statistics:index_import", args=[ars]),
        {
            "file": SimpleUploadedFile("index.csv", OFFICE_CSV, content_type="text/csv"),
            "name": "Sozialraum-Index 2024",
            "period": "31.12.2024",
            "source": "Stadt Köln, Amt für Stadtentwicklung und Statistik",
        },
    )
    assert response.status_code == 302
    check = client.get(reverse("statistics:index_import_check", args=[ars]))
    form = check.context["form"]
    assert form.initial["status_column"] == 2 and form.initial["dynamics_class_column"] == 5
    fields = {
        "key_column": 0,
        "name_column": 1,
        "status_column": 2,
        "status_class_column": 3,
        "dynamics_column": 4,
        "dynamics_class_column": 5,
        "key_width": 0,
    }
    preview = client.post(reverse("statistics:index_import_check", args=[ars]), fields)
    assert "999" in preview.context["unknown"]
    assert not DistrictIndexRun.objects.exists()  # nothing before confirm
    done = client.post(
        reverse("statistics:index_import_check", args=[ars]), fields | {"start": "1"}
    )
    run = DistrictIndexRun.objects.get()
    assert done.url == reverse("statistics:index_detail", args=[ars, run.pk])
    page = client.get(done.url).content.decode()
    assert "Neustadt/Süd" in page and run.dataset.title in page
    exported = client.get(done.url + "?format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported), delimiter=";"))
    assert rows[1][:6] == ["101", "Altstadt/Süd", "-0,42", "0,10", "2", "3"]
    assert "Amt für Stadtentwicklung" in rows[-1][0]


def test_mapping_without_value_columns_is_refused(world, client):
    login(client, world.users["editor"])
    ars = world.municipality.ars
    client.post(
        reverse("statistics:index_import", args=[ars]),
        {
            "file": SimpleUploadedFile("index.csv", OFFICE_CSV),
            "name": "Index",
            "period": "31.12.2024",
            "source": "Amt 15",
        },
    )
    fields = dict.fromkeys(
        ["status_column", "status_class_column", "dynamics_column", "dynamics_class_column"], -1
    )
    response = client.post(
        reverse("statistics:index_import_check", args=[ars]),
        fields | {"key_column": 0, "name_column": 1, "start": "1"},
    )
    assert response.context["form"].non_field_errors()
    assert not DistrictIndexRun.objects.exists()
