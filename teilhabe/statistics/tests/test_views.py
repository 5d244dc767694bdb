"""The pages: import in two steps, indicator page with charts, tables and CSV, district index."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import login
from teilhabe.core.models import Area, AreaKind, TaskRun
from teilhabe.statistics.models import Dataset, Indicator
from teilhabe.statistics.services import catalogue_seed, dataset_import
from teilhabe.statistics.tests.test_services import _small

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[6.9, 50.9], [7.0, 50.9], [7.0, 51.0], [6.9, 51.0], [6.9, 50.9]]],
}


def _prepare(world):
    Area.objects.create(
        municipality=world.municipality,
        key="102",
        name="Neustadt/Süd",
        kind=AreaKind.STADTTEIL,
        parent=world.area.parent,
        geometry=SQUARE,
    )
    world.area.geometry = SQUARE
    world.area.save()
    catalogue_seed(municipality=world.municipality)


def test_import_in_two_steps_creates_a_dataset_through_a_task(
    world, client, django_capture_on_commit_callbacks
):
    _prepare(world)
    login(client, world.users["editor"])
    ars = world.municipality.ars
    upload = SimpleUploadedFile("bevoelkerung.csv", _small(world), content_type="text/csv")
    response = client.post(
        reverse("statistics:dataset_import", args=[ars]),
        {"file": upload, "format": "koeln", "source": "Statistikstelle", "licence": "CC BY"},
    )
    assert response.status_code == 302
    check = client.get(reverse("statistics:dataset_import_check", args=[ars]))
    assert (
        "18 Werte erkannt" in check.content.decode()
        or "18 values understood" in check.content.decode()
    )
    assert not Dataset.objects.exists()  # nothing before confirm
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("statistics:dataset_import_check", args=[ars]), {"start": "1"}
        )
    run = TaskRun.objects.get()
    assert started.url == reverse("core:task_detail", args=[ars, run.pk])
    assert run.status == "done", run.errors
    dataset = Dataset.objects.get()
    assert dataset.source == "Statistikstelle" and dataset.licence == "CC BY"
    assert dataset.imported_by == world.users["editor"]
    page = client.get(reverse("statistics:dataset_detail", args=[ars, dataset.pk]))
    assert dataset.sha256 in page.content.decode()


def test_bad_file_shows_errors_by_line_and_imports_nothing(world, client):
    _prepare(world)
    login(client, world.users["admin"])
    ars = world.municipality.ars
    broken = _small(world).replace(b"460.0", b"vier")
    client.post(
        reverse("statistics:dataset_import", args=[ars]),
        {"file": SimpleUploadedFile("k.csv", broken), "format": "koeln"},
    )
    response = client.post(reverse("statistics:dataset_import_check", args=[ars]), {"start": "1"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "k.csv, Zeile" in text or "k.csv, line" in text
    assert not Dataset.objects.exists() and not TaskRun.objects.exists()


def test_table_import_with_column_mapping(world, client, django_capture_on_commit_callbacks):
    _prepare(world)
    login(client, world.users["admin"])
    ars = world.municipality.ars
    table = "Stadtteil-Tabelle\nNr.;Name;Einwohner;Ausländer\n101;Altstadt;1.000;40\n102;Neustadt;4.000;460\nSumme;;5.000;500\nQuelle: Statistikstelle Köln\n"
    client.post(
        reverse("statistics:dataset_import", args=[ars]),
        {
            "file": SimpleUploadedFile("tab.csv", table.encode("cp1252")),
            "format": "table",
            "table_code": "st-1",
        },
    )
    mapping = client.get(reverse("statistics:dataset_import_check", args=[ars]))
    assert "Einwohner" in mapping.content.decode()
    data = {
        "key_column": 0,
        "name_column": 1,
        "value_columns": [2, 3],
        "period": "31.12.2024",
        "key_width": 3,
    }
    preview = client.post(reverse("statistics:dataset_import_check", args=[ars]), data)
    assert "Altstadt" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("statistics:dataset_import_check", args=[ars]), data | {"start": "1"})
    dataset = Dataset.objects.get()
    assert dataset.table_code == "st-1" and dataset.period_end == date(2024, 12, 31)
    assert dataset.source == "Statistikstelle Köln"
    assert dataset.row_count == 6  # 2 areas × 2 values, and the "Summe" line as the city's


def test_indicator_page_charts_tables_and_csv_match(world, client):
    _prepare(world)
    dataset_import(
        municipality=world.municipality,
        data=_small(world),
        filename="a.csv",
        fmt="koeln",
        user=None,
    )
    login(client, world.users["reader"])
    ars = world.municipality.ars
    share = Indicator.objects.get(municipality=world.municipality, code="anteil-auslaender")
    page = client.get(reverse("statistics:indicator_detail", args=[ars, share.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-vega-spec="series-spec"' in text and 'data-vega-spec="map-spec"' in text
    assert "Quelle:" in text or "Source:" in text
    assert '"geoshape"' in text
    response = client.get(
        reverse("statistics:indicator_csv", args=[ars, share.pk]) + "?tabelle=karte"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:3] == ["101", "Altstadt/Süd", "4,0 %"]
    assert rows[2][:3] == ["102", "Neustadt/Süd", "11,8 %"]
    assert rows[-1][0].startswith("Quelle:")
    no_data = Indicator.objects.get(municipality=world.municipality, code="sgb2-quote-auslaender")
    empty = client.get(reverse("statistics:indicator_detail", args=[ars, no_data.pk]))
    assert "Noch keine Daten" in empty.content.decode() or "No data yet" in empty.content.decode()
    listing = client.get(reverse("statistics:indicator_list", args=[ars]))
    assert "10,0 %" in listing.content.decode()


def test_district_index_form_computes_and_shows_the_matrix(world, client):
    _prepare(world)
    dataset_import(
        municipality=world.municipality,
        data=_small(world),
        filename="a.csv",
        fmt="koeln",
        user=None,
    )
    login(client, world.users["admin"])
    ars = world.municipality.ars
    chosen = Indicator.objects.filter(
        municipality=world.municipality, code__in=["anteil-auslaender", "einwohner"]
    )
    response = client.post(
        reverse("statistics:index_create", args=[ars]),
        {
            "name": "Index 2012",
            "indicators": [i.pk for i in chosen],
            "period": "31.12.2012",
            "base_period": "31.12.2011",
            "cutoffs": "-0,5; 0,5",
            "min_population": 300,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    detail = client.get(response.url)
    assert 'data-vega-spec="matrix-spec"' in detail.content.decode()
    csv_text = client.get(response.url + "?format=csv").content.decode("utf-8-sig")
    assert "Neustadt/Süd" in csv_text


def test_other_municipality_objects_answer_404(world, client):
    _prepare(world)
    outcome = dataset_import(
        municipality=world.municipality,
        data=_small(world),
        filename="a.csv",
        fmt="koeln",
        user=None,
    )
    login(client, world.users["foreign"])
    other = world.other.ars
    assert (
        client.get(
            reverse("statistics:dataset_detail", args=[other, outcome.dataset.pk])
        ).status_code
        == 404
    )
    share = Indicator.objects.filter(municipality=world.municipality).first()
    assert (
        client.get(reverse("statistics:indicator_csv", args=[other, share.pk])).status_code == 404
    )
