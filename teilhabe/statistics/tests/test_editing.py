"""Editing the indicator catalogue and a dataset's provenance; series breaks in charts."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from conftest import login
from teilhabe.statistics.charts import time_series_spec
from teilhabe.statistics.models import Dataset, Indicator, IndicatorValue
from teilhabe.statistics.selectors import break_marks
from teilhabe.statistics.services import catalogue_seed, dataset_import
from teilhabe.statistics.tests.test_services import _small

FORM = {
    "name": "Anteil Ausländer:innen (eigene Abgrenzung)",
    "code": "anteil-ausl-eigen",
    "definition": "Ausländische Einwohner:innen je 100 Einwohner:innen.",
    "kind": "share",
    "unit": "%",
    "polarity": "neutral",
    "concept": "foreign_register",
    "comparability_note": "Nicht vergleichbar mit dem AZR.",
    "source_note": "Melderegister",
    "framework": "municipal",
    "numerator_table": "koeln-bevoelkerung",
    "numerator_variable": "030",
    "numerator_category": "50",
    "denominator_table": "koeln-bevoelkerung",
    "denominator_variable": "005",
    "denominator_category": "10",
    "breaks_text": "01.01.2012: Umstellung auf Zensus 2022",
}


def _imported(world) -> None:
    catalogue_seed(municipality=world.municipality)
    dataset_import(
        municipality=world.municipality,
        data=_small(world),
        filename="bevoelkerung.csv",
        fmt="koeln",
        user=None,
    )


def test_editor_creates_an_indicator_and_its_values_are_computed(world, client):
    _imported(world)
    login(client, world.users["editor"])
    ars = world.municipality.ars
    response = client.post(
        reverse("statistics:indicator_create", args=[ars]),
        FORM | {"field_of_action": world.field.pk},
    )
    indicator = Indicator.objects.get(code="anteil-ausl-eigen")
    assert response.url == reverse("statistics:indicator_detail", args=[ars, indicator.pk])
    assert indicator.numerator == {
        "table": "koeln-bevoelkerung",
        "variable": "030",
        "category": "50",
    }
    assert indicator.breaks == [{"date": "2012-01-01", "note": "Umstellung auf Zensus 2022"}]
    assert indicator.field_of_action == world.field
    value = IndicatorValue.objects.get(
        indicator=indicator, region_key="101", period=date(2011, 12, 31)
    )
    assert value.value == 4.0  # 40 of 1000


def test_edit_keeps_history_and_shows_it(world, client):
    _imported(world)
    indicator = Indicator.objects.get(municipality=world.municipality, code="anteil-mh")
    login(client, world.users["editor"])
    ars = world.municipality.ars
    url = reverse("statistics:indicator_edit", args=[ars, indicator.pk])
    form = client.get(url).context["form"]
    assert form.initial["numerator_variable"] == "030"
    data = {k: v for k, v in form.initial.items() if v is not None} | {
        "name": "Anteil mit Migrationshintergrund (MigraPro)",
        "field_of_action": "",
        "breaks_text": "15.05.2022: Zensus 2022",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    indicator.refresh_from_db()
    assert indicator.name == "Anteil mit Migrationshintergrund (MigraPro)"
    assert indicator.history.count() == 2
    page = client.get(reverse("statistics:indicator_detail", args=[ars, indicator.pk]))
    latest = page.context["history"][0]
    assert latest["who"] == str(world.users["editor"])
    assert "Name" in latest["changes"] and "Verlauf" in page.content.decode()


def test_indicator_form_explains_what_is_wrong(world, client):
    catalogue_seed(municipality=world.municipality)
    login(client, world.users["editor"])
    response = client.post(
        reverse("statistics:indicator_create", args=[world.municipality.ars]),
        FORM
        | {
            "code": "anteil-mh",
            "denominator_table": "",
            "denominator_variable": "",
            "denominator_category": "",
            "breaks_text": "2022 Zensus",
        },
    )
    errors = response.context["form"].errors
    assert "anteil-mh" in errors["code"][0]
    assert errors["denominator_variable"]
    assert "Line 1" in errors["breaks_text"][0] or "Zeile 1" in errors["breaks_text"][0]
    assert not Indicator.objects.filter(name=FORM["name"]).exists()


def test_breaks_are_marked_in_chart_table_and_csv(world, client):
    _imported(world)
    indicator = Indicator.objects.get(municipality=world.municipality, code="einwohner")
    indicator.breaks = [{"date": "2012-01-01", "note": "Zensus 2022"}]
    indicator.save()
    periods = [date(2011, 12, 31), date(2012, 12, 31)]
    marks = break_marks(indicator=indicator, periods=periods)
    assert marks[0]["jahr"] == "31.12.2012" and marks[0]["first"] == date(2012, 12, 31)
    spec = time_series_spec(title="t", rows=[], unit="%", breaks=marks)
    rule, text = spec["layer"][1], spec["layer"][2]
    assert rule["mark"]["type"] == "rule" and rule["data"]["values"][0]["jahr"] == "31.12.2012"
    assert "Zensus 2022" in text["data"]["values"][0]["label"]
    login(client, world.users["reader"])
    ars = world.municipality.ars
    page = client.get(reverse("statistics:indicator_detail", args=[ars, indicator.pk]))
    assert 'id="bruch"' in page.content.decode()
    assert page.context["break_periods"] == {date(2012, 12, 31)}
    exported = client.get(reverse("statistics:indicator_csv", args=[ars, indicator.pk]))
    assert "Bruch in der Zeitreihe am 01.01.2012: Zensus 2022" in exported.content.decode()


def test_break_after_the_last_date_is_listed_without_a_mark():
    indicator = Indicator(breaks=[{"date": "2030-01-01", "note": "später"}])
    marks = break_marks(indicator=indicator, periods=[date(2024, 12, 31)])
    assert marks[0]["jahr"] == ""
    assert len(time_series_spec(title="t", rows=[], unit="%", breaks=marks)["layer"]) == 1


def test_dataset_details_are_edited_with_history(world, client):
    _imported(world)
    dataset = Dataset.objects.get()
    login(client, world.users["editor"])
    ars = world.municipality.ars
    url = reverse("statistics:dataset_edit", args=[ars, dataset.pk])
    response = client.post(
        url,
        {
            "title": "Bevölkerung nach Migrationshintergrund",
            "source": "Stadt Köln, Amt für Stadtentwicklung und Statistik",
            "licence": "Datenlizenz Deutschland – Namensnennung – 2.0",
            "attribution": "© Stadt Köln 2024",
            "territorial_status": "01.01.2024",
        },
    )
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.source == "Stadt Köln, Amt für Stadtentwicklung und Statistik"
    assert dataset.citation.startswith("Quelle: © Stadt Köln 2024") or dataset.citation.startswith(
        "Source: © Stadt Köln 2024"
    )
    assert dataset.history.count() >= 2
    previous = dataset.history.all()[1]
    assert previous.title != dataset.title
    page = client.get(reverse("statistics:dataset_detail", args=[ars, dataset.pk])).content
    assert "Amt für Stadtentwicklung" in page.decode()
    empty = client.post(url, {"title": "", "source": ""})
    assert set(empty.context["form"].errors) == {"title", "source"}
