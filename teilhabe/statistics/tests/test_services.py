"""Storing datasets (idempotent, versioned, atomic), indicators, disclosure control, index."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from teilhabe.core.models import Area, AreaKind
from teilhabe.statistics import disclosure, selectors
from teilhabe.statistics.models import Dataset, Indicator, IndicatorValue, Level, Observation
from teilhabe.statistics.services import (
    catalogue_seed,
    dataset_import,
    district_index_compute,
)

KOELN = Path(settings.BASE_DIR) / "data" / "koeln" / "bevoelkerung.csv"
HEADER = "id,tab_id,tabelle,jahr,raum_id,raum,zei_id,zeile,zahl\n"


def _koeln_csv(rows: list[tuple[str, str, str, str, float]]) -> bytes:
    """(year, raum_id, tab_id, zei_id, value) → a small file in the Köln long format."""
    lines = [
        f"x,{tab},T{tab},{year},{raum},R{raum},{zei},Z{zei},{value}"
        for year, raum, tab, zei, value in rows
    ]
    return (HEADER + "\n".join(lines) + "\n").encode()


def _small(world, foreign_101: float = 40.0, total_101: float = 1000.0) -> bytes:
    rows = []
    for year in ("2011", "2012"):
        rows += [
            (year, "000", "005", "10", 5000.0),
            (year, "000", "030", "50", 500.0),
            (year, "001", "005", "10", 5000.0),
            (year, "001", "030", "50", 500.0),
            (year, "101", "005", "10", total_101),
            (year, "101", "030", "50", foreign_101),
            (year, "102", "005", "10", 4000.0 - (0 if year == "2011" else 100)),
            (year, "102", "030", "50", 460.0),
            (year, "999", "005", "10", 1.0),
        ]
    return _koeln_csv(rows)


def _import_small(seeded):
    """The small Köln file, imported without a user."""
    return dataset_import(
        municipality=seeded.municipality,
        data=_small(seeded),
        filename="a.csv",
        fmt="koeln",
        user=None,
    )


@pytest.fixture
def seeded(world):
    Area.objects.create(
        municipality=world.municipality,
        key="102",
        name="Neustadt/Süd",
        kind=AreaKind.STADTTEIL,
        parent=world.area.parent,
    )
    catalogue_seed(municipality=world.municipality)
    return world


def test_same_file_twice_is_one_dataset(seeded):
    data = _small(seeded)
    first = dataset_import(
        municipality=seeded.municipality,
        data=data,
        filename="a.csv",
        fmt="koeln",
        user=seeded.users["admin"],
    )
    second = dataset_import(
        municipality=seeded.municipality, data=data, filename="b.csv", fmt="koeln", user=None
    )
    assert first.created and not second.created
    assert second.dataset == first.dataset
    assert Dataset.objects.count() == 1
    assert first.dataset.imported_by == seeded.users["admin"]
    assert len(first.dataset.sha256) == 64 and first.dataset.file.read() == data


def test_corrected_file_becomes_new_version_and_old_stays(seeded):
    first = _import_small(seeded)
    second = dataset_import(
        municipality=seeded.municipality,
        data=_small(seeded, foreign_101=45.0),
        filename="a-korrigiert.csv",
        fmt="koeln",
        user=None,
        version_of=first.dataset.pk,
    )
    first.dataset.refresh_from_db()
    assert second.dataset.version == 2 and second.replaced == first.dataset
    assert not first.dataset.is_current and second.dataset.is_current
    assert Observation.objects.filter(dataset=first.dataset).exists()  # old values kept
    share = Indicator.objects.get(municipality=seeded.municipality, code="anteil-auslaender")
    value = IndicatorValue.objects.get(indicator=share, region_key="101", period=date(2012, 12, 31))
    assert value.value == pytest.approx(4.5)  # computed from the current version only
    assert first.dataset.history.count() >= 2  # the replacement is in the history


def test_unconfirmed_upload_of_the_same_table_is_a_dataset_of_its_own(seeded):
    first = _import_small(seeded)
    second = dataset_import(
        municipality=seeded.municipality,
        data=_small(seeded, foreign_101=45.0),
        filename="andere.csv",
        fmt="koeln",
        user=None,
    )
    first.dataset.refresh_from_db()
    assert first.dataset.is_current and second.dataset.is_current
    assert second.dataset.version == 1 and second.replaced is None
    # Its own table code: the indicators keep counting the first table only, never both.
    assert second.dataset.table_code == f"{first.dataset.table_code}-2"
    share = Indicator.objects.get(municipality=seeded.municipality, code="anteil-auslaender")
    value = IndicatorValue.objects.get(indicator=share, region_key="101", period=date(2012, 12, 31))
    assert value.dataset == first.dataset


def test_failed_import_writes_nothing(seeded):
    broken = _small(seeded).replace(b"460.0", b"vierhundert")
    with pytest.raises(ValidationError) as exc:
        dataset_import(
            municipality=seeded.municipality,
            data=broken,
            filename="kaputt.csv",
            fmt="koeln",
            user=None,
        )
    assert "kaputt.csv, Zeile" in exc.value.messages[0]
    assert not Dataset.objects.exists() and not Observation.objects.exists()


def test_unknown_keys_are_listed_not_dropped(seeded):
    outcome = _import_small(seeded)
    assert outcome.dataset.unknown_keys == ["999"]
    assert Observation.objects.filter(region_key="999", area__isnull=True).count() == 2
    whole = Observation.objects.filter(region_key="*").first()
    assert whole.level == Level.MUNICIPALITY


def test_segregation_index_follows_the_formula(seeded):
    _import_small(seeded)
    seg = Indicator.objects.get(municipality=seeded.municipality, code="segregation-auslaender")
    value = IndicatorValue.objects.get(indicator=seg, period=date(2011, 12, 31))
    a, b = [40.0, 460.0], [960.0, 3540.0]
    expected = 50 * sum(abs(x / sum(a) - y / sum(b)) for x, y in zip(a, b, strict=True))
    assert value.value == pytest.approx(expected)
    assert value.level == Level.MUNICIPALITY


def test_latest_value_and_population_selectors(seeded):
    _import_small(seeded)
    share = Indicator.objects.get(municipality=seeded.municipality, code="anteil-auslaender")
    latest = selectors.latest_value(indicator=share)
    assert latest.period == date(2012, 12, 31) and latest.text == "10,0 %"
    assert "Stadt Köln" in latest.citation and "31.12.2011–31.12.2012" in latest.citation
    area_value = selectors.latest_value(indicator=share, area=seeded.area)
    assert area_value.text == "4,0 %"
    people = selectors.population(
        municipality=seeded.municipality, area=seeded.area, period=date(2011, 12, 31)
    )
    assert people.value == 1000
    no_data = Indicator.objects.get(municipality=seeded.municipality, code="einbuergerungsquote")
    assert selectors.latest_value(indicator=no_data) is None


def test_population_by_area_equals_population_of_each_area(seeded):
    _import_small(seeded)
    areas = list(Area.objects.filter(municipality=seeded.municipality))
    found = selectors.population_by_area(municipality=seeded.municipality, areas=areas)
    expected = {a.pk: selectors.population(municipality=seeded.municipality, area=a) for a in areas}
    assert found == {pk: shown for pk, shown in expected.items() if shown is not None}
    neustadt = next(a for a in areas if a.key == "102")
    assert found[neustadt.pk].value == 3900 and found[neustadt.pk].period == date(2012, 12, 31)


def test_rates_hidden_for_small_areas_and_small_denominators(seeded, settings):
    dataset_import(
        municipality=seeded.municipality,
        data=_small(seeded, foreign_101=2.0, total_101=250.0),
        filename="a.csv",
        fmt="koeln",
        user=None,
    )
    share = Indicator.objects.get(municipality=seeded.municipality, code="anteil-auslaender")
    assert selectors.latest_value(indicator=share, area=seeded.area).text == "."
    settings.TEILHABE_MIN_AREA_POPULATION = 200
    settings.TEILHABE_MIN_COUNT = 2
    assert selectors.latest_value(indicator=share, area=seeded.area).text == "0,8 %"
    stored = IndicatorValue.objects.get(
        indicator=share, region_key="101", period=date(2012, 12, 31)
    )
    assert stored.value == pytest.approx(0.8)  # stored exactly


def test_higher_levels_show_not_available_instead_of_derived_values(seeded):
    _import_small(seeded)
    ff = (
        b"statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
        b"1_variable_attribute_code;1_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label;value_q\n"
        b"12411;B;STAG;S;2012-12-31;DLAND;Land;05;NRW;17554329;Anzahl;EW;Einwohner;e\n"
    )
    outcome = dataset_import(
        municipality=seeded.municipality, data=ff, filename="f.csv", fmt="ffcsv", user=None
    )
    assert Observation.objects.get(dataset=outcome.dataset).level == Level.LAND
    people = Indicator.objects.get(municipality=seeded.municipality, code="einwohner")
    people.numerator = {"variable": ["005", "EW"], "category": ["10", ""]}
    people.save()
    from teilhabe.statistics.services import indicator_values_compute

    indicator_values_compute(municipality=seeded.municipality)
    series = selectors.indicator_series(indicator=people)
    land = next(r for r in series["comparison"] if r["level"] == Level.LAND.label)
    assert land["cells"] == [selectors.NOT_AVAILABLE, "17.554.329"]


def test_complementary_suppression_protects_the_total():
    cells = {"a": 2, "b": 10, "c": 50, "total": 62}
    hidden = disclosure.suppress_counts(cells, [["a", "b", "c"]], k=3)
    assert hidden == {"a", "b"}
    assert disclosure.suppress_counts({"a": 0, "b": 10}, [["a", "b"]], k=3) == set()
    # Two dimensions: hiding spreads until every row and column has 0 or ≥ 2 hidden cells.
    grid = {
        (r, c): v for r, row in enumerate([[1, 20, 30], [15, 25, 35]]) for c, v in enumerate(row)
    }
    rows = [[(r, c) for c in range(3)] for r in range(2)]
    cols = [[(r, c) for r in range(2)] for c in range(3)]
    hidden = disclosure.suppress_counts(grid, rows + cols, k=3)
    for group in rows + cols:
        assert sum(1 for key in group if key in hidden) != 1


def test_district_index_stores_parameters_and_excludes_small_areas(seeded):
    dataset_import(
        municipality=seeded.municipality,
        data=_small(seeded, total_101=250.0),
        filename="a.csv",
        fmt="koeln",
        user=None,
    )
    chosen = list(
        Indicator.objects.filter(
            municipality=seeded.municipality, code__in=["anteil-auslaender", "einwohner"]
        )
    )
    run = district_index_compute(
        municipality=seeded.municipality,
        name="Test",
        indicators=chosen,
        period=date(2012, 12, 31),
        base_period=date(2011, 12, 31),
        cutoffs=[-0.5, 0.5],
        min_population=300,
        user=None,
    )
    assert run.parameters["min_population"] == 300 and run.parameters["cutoffs"] == [-0.5, 0.5]
    by_key = {r["key"]: r for r in run.results}
    assert by_key["101"]["excluded"] and not by_key["102"]["excluded"]
    with pytest.raises(ValidationError):
        district_index_compute(
            municipality=seeded.municipality,
            name="x",
            indicators=chosen[:1],
            period=date(2012, 12, 31),
            base_period=date(2011, 12, 31),
            cutoffs=[0],
            min_population=0,
            user=None,
        )


@pytest.mark.django_db
def test_real_koeln_file_through_the_demo_function():
    from teilhabe.core.demo import demo_koeln
    from teilhabe.statistics.demo import demo_statistics

    koeln = demo_koeln()
    demo_statistics(koeln)
    demo_statistics(koeln)  # idempotent
    dataset = Dataset.objects.get(municipality=koeln)
    assert dataset.row_count == 29135 and dataset.unknown_keys == []
    mh = Indicator.objects.get(municipality=koeln, code="anteil-mh")
    assert selectors.latest_value(indicator=mh).text == "34,5 %"
    assert selectors.population(municipality=koeln).text == "1.044.555"
