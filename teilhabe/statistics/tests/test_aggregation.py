"""Area hierarchy aggregation: a city table with values for its finest areas only gives every
coarser level and the city a value; a delivered total stays the official value with the sum of
the areas beside it; disclosure control runs on the summed values."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from conftest import login
from teilhabe.core.geo import AreaMapping, parse_area_features
from teilhabe.core.models import AreaKind
from teilhabe.core.services import areas_import, municipality_create
from teilhabe.statistics import selectors
from teilhabe.statistics.importers.table import TableMapping
from teilhabe.statistics.models import Dataset, Indicator, IndicatorValue, Level, Observation
from teilhabe.statistics.services import _region, dataset_import, indicator_values_compute

YEAR = date(2023, 12, 31)


def _square(i: int) -> list:
    x = 9.9 + 0.01 * i
    return [[[x, 53.5], [x + 0.01, 53.5], [x + 0.01, 53.51], [x, 53.51], [x, 53.5]]]


def _geojson(features: list[tuple[str, str]]) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"SCHLUESSEL": key, "NAME": name},
                    "geometry": {"type": "Polygon", "coordinates": _square(i)},
                }
                for i, (key, name) in enumerate(features)
            ],
        }
    ).encode()


def _import_level(municipality, features, kind, prefix: int) -> None:  # type: ignore[no-untyped-def]
    mapping = AreaMapping(
        key_property="SCHLUESSEL", name_property="NAME", parent_prefix_length=prefix
    )
    parsed = parse_area_features(_geojson(features), mapping, filename="gebiete.geojson")
    areas_import(municipality=municipality, parsed=parsed, kind=kind)


# A city whose keys encode the parent: districts (1 digit), regions (3 digits), planning
# areas (5 digits), as many statistics offices write them ("10101" lies in "101" in "1").
PLANNING = {"10101": 1200, "10102": 800, "10201": 450, "20101": 2, "20102": 1500}
TABLE = (
    "Einwohnerinnen und Einwohner nach Planungsräumen, 31.12.2023\n"
    "Planungsraum;Name;Einwohner insgesamt;darunter Ausländer:innen\n"
    "10101;Altstadt Nord;1.200;300\n"
    "10102;Altstadt Süd;800;120\n"
    "10201;Hafen;450;90\n"
    "20101;Weiler;2;1\n"
    "20102;Neubau;1.500;600\n"
    "Quelle: Statistikstelle\n"
).encode("cp1252")


@pytest.fixture
def city(world):
    m = world.other  # Düsseldorf: no areas yet
    _import_level(m, [("1", "Mitte"), ("2", "Nord")], AreaKind.STADTBEZIRK, 0)
    _import_level(
        m, [("101", "Altstadt"), ("102", "Hafen"), ("201", "Nordfeld")], AreaKind.STADTTEIL, 1
    )
    _import_level(
        m,
        [(k, f"Planungsraum {k}") for k in PLANNING],
        AreaKind.STATISTISCHER_BEZIRK,
        3,
    )
    for code, kind, num, den in [
        ("einwohner", "count", {"table": "ew", "variable": "ew"}, {}),
        (
            "anteil-auslaender",
            "share",
            {"table": "ew", "variable": "aus"},
            {"table": "ew", "variable": "ew"},
        ),
    ]:
        Indicator.objects.create(
            municipality=m,
            code=code,
            name=code,
            definition="Test",
            kind=kind,
            unit="%" if kind == "share" else "Personen",
            numerator=num,
            denominator=den,
        )
    dataset_import(
        municipality=m,
        data=TABLE,
        filename="planungsraeume.csv",
        fmt="table",
        user=None,
        metadata={"table_code": "ew", "source": "Statistikstelle"},
        mapping=TableMapping(
            key_column=0, name_column=1, value_columns={2: "ew", 3: "aus"}, period=YEAR
        ),
    )
    return world


def _value(code: str, level: str, key: str) -> IndicatorValue:
    return IndicatorValue.objects.get(
        indicator__code=code, level=level, region_key=key, period=YEAR
    )


def test_prefix_keys_build_the_tree_and_counts_roll_up_to_every_level(city):
    m = city.other
    assert m.areas.get(key="10201").parent.key == "102"
    assert m.areas.get(key="102").parent.key == "1"
    assert _value("einwohner", Level.AREA, "101").value == 2000
    assert _value("einwohner", Level.AREA, "1").value == 2450
    whole = _value("einwohner", Level.MUNICIPALITY, "*")
    assert whole.value == 3952 and whole.derived
    assert whole.sources == [Dataset.objects.get(municipality=m).pk]
    # The share of a summed area is the sum of numerators over the sum of denominators,
    # never the mean of the shares: (300 + 120 + 90) / 2450, not (25 + 15 + 20) / 3.
    share = _value("anteil-auslaender", Level.AREA, "1")
    assert share.value == pytest.approx(100 * 510 / 2450) and share.derived
    city_share = _value("anteil-auslaender", Level.MUNICIPALITY, "*")
    assert city_share.value == pytest.approx(100 * 1111 / 3952)


def test_every_level_has_a_map_and_the_city_a_value_on_the_page(city, client):
    m = city.other
    login(client, city.users["foreign"])
    indicator = Indicator.objects.get(municipality=m, code="einwohner")
    url = reverse("statistics:indicator_detail", args=[m.ars, indicator.pk])
    page = client.get(url).content.decode()
    assert "3.952" in page and "aus Gebieten summiert" in page
    for kind in (AreaKind.STADTBEZIRK, AreaKind.STADTTEIL, AreaKind.STATISTISCHER_BEZIRK):
        response = client.get(url, {"ebene": kind})
        assert response.status_code == 200
        assert 'data-vega-spec="map-spec"' in response.content.decode()
    # the summed district is marked in the table beside the map
    districts = client.get(url, {"ebene": AreaKind.STADTBEZIRK}).content.decode()
    assert '2.450 <span class="muted">(aus Gebieten summiert)</span>' in districts
    listing = client.get(reverse("statistics:indicator_list", args=[m.ars])).content.decode()
    assert "3.952" in listing


def test_a_delivered_total_stays_official_and_the_difference_is_shown(city, client):
    m = city.other
    dataset = Dataset.objects.get(municipality=m)
    # The file's total row ("Stadt insgesamt"; 8 residents without a planning area).
    for variable, value in (("ew", 3960.0), ("aus", 1111.0)):
        Observation.objects.create(
            dataset=dataset,
            municipality=m,
            level=Level.MUNICIPALITY,
            region_key=m.ars,
            region_name="Stadt insgesamt",
            period=YEAR,
            variable=variable,
            value=value,
        )
    indicator_values_compute(municipality=m)
    whole = _value("einwohner", Level.MUNICIPALITY, "*")
    assert whole.value == 3960 and not whole.derived and whole.area_sum == 3952
    indicator = Indicator.objects.get(municipality=m, code="einwohner")
    notes = selectors.indicator_series(indicator=indicator)["notes"]
    assert notes == ["31.12.2023: amtlicher Wert 3.960, Summe der Gebiete 3.952 (Abweichung +8)"]
    login(client, city.users["foreign"])
    page = client.get(reverse("statistics:indicator_detail", args=[m.ars, indicator.pk]))
    assert "Summe der Gebiete 3.952" in page.content.decode()


def test_a_gap_leaves_the_parent_empty_instead_of_a_partial_sum(city):
    m = city.other
    Observation.objects.filter(municipality=m, region_key="10201", variable="ew").update(
        value=None, flag="x"
    )
    indicator_values_compute(municipality=m)
    assert not IndicatorValue.objects.filter(
        indicator__code="einwohner", region_key__in=["102", "1", "*"]
    ).exists()
    assert _value("einwohner", Level.AREA, "2").value == 1502


def test_disclosure_control_runs_on_the_summed_values(city):
    m = city.other
    indicator = Indicator.objects.get(municipality=m, code="einwohner")
    series = selectors.indicator_series(indicator=indicator)
    planning = [v for v in series["areas"][YEAR] if v.area.kind == AreaKind.STATISTISCHER_BEZIRK]
    rows = {r["key"]: r for r in selectors.area_rows(indicator=indicator, values=planning)}
    # 20101 (2 residents) is hidden; its parent 201 = 1502 is shown as a summed value, so
    # its sibling 20102 must be hidden too, or 2 = 1502 − 1500 could be recomputed.
    assert rows["20101"]["hidden"] and rows["20102"]["hidden"]
    assert not rows["10101"]["hidden"]


def test_a_city_state_is_its_own_land_but_bremen_is_not_the_land_bremen(db):
    berlin = municipality_create(ars="110000000000", name="Berlin", kind="stadtstaat")
    for key in ("11", "11000", "110000000000", "11000000"):
        assert _region(key, berlin, {}) == (Level.MUNICIPALITY, None), key
    bremen = municipality_create(ars="040110000000", name="Bremen", kind="stadtstaat")
    assert _region("04011", bremen, {}) == (Level.MUNICIPALITY, None)
    assert _region("04", bremen, {}) == (Level.LAND, None)  # with Bremerhaven
