"""Never a 500 on a figure: datasets of every shape (only areas, only the total, gaps,
suppressed cells, one reference date, breaks, county-only, Land-only) are generated, and every
indicator page, chart spec, map, CSV, portal page, API answer and report section must render.

The world (a town in a county with a three-level area tree) is built once for the module;
each example writes its dataset in a savepoint that is rolled back afterwards."""

from __future__ import annotations

import hashlib
import os
from datetime import date

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import login, make_user, shared_data
from teilhabe.core.models import Area, AreaKind, Membership, Role
from teilhabe.core.services import municipality_create
from teilhabe.reports.builders.common import DocumentBuilder
from teilhabe.reports.builders.integration_report import appendix_sheets, trend_rows
from teilhabe.reports.builders.sections import document_series, indicator_sections
from teilhabe.reports.models import Report, ReportKind
from teilhabe.statistics.models import Dataset, Indicator, IndicatorValue, Level, Observation
from teilhabe.statistics.services import indicator_values_compute

COUNTY = "059990000000"
TOWN = "059990001001"
# key → (parent key, kind): districts, regions (prefix of the district), planning areas.
TREE = {
    "01": (None, AreaKind.STADTBEZIRK),
    "02": (None, AreaKind.STADTBEZIRK),
    "0101": ("01", AreaKind.STADTTEIL),
    "0102": ("01", AreaKind.STADTTEIL),
    "0201": ("02", AreaKind.STADTTEIL),
    "010101": ("0101", AreaKind.STATISTISCHER_BEZIRK),
    "010102": ("0101", AreaKind.STATISTISCHER_BEZIRK),
    "010201": ("0102", AreaKind.STATISTISCHER_BEZIRK),
    "020101": ("0201", AreaKind.STATISTISCHER_BEZIRK),
}
LEAVES = ["010101", "010102", "010201", "020101"]
SHAPES = {
    "areas": LEAVES,
    "mid": ["0101", "0102", "0201"],
    "total": [TOWN],
    "both": [TOWN, *LEAVES],
    "mixed": ["01", "0201", "010101"],  # delivered at several levels, partly overlapping
    "county": ["05999"],  # the Kreis only (e.g. Ausländerzentralregister)
    "county_and_land": ["05999", "05"],
    "gaps": [*LEAVES[:2], "0201"],
}
SYMBOLS = ["x", ".", "-", "/", "…"]


def _square(i: int) -> dict:
    x = 7.0 + 0.02 * i
    ring = [[x, 50.9], [x + 0.02, 50.9], [x + 0.02, 50.92], [x, 50.92], [x, 50.9]]
    return {"type": "Polygon", "coordinates": [ring]}


# The data is built once for the module (shared_data), its files with it.
SHARED_MEDIA = True


@pytest.fixture(scope="module")
def figures_world(django_db_setup, django_db_blocker, module_media):
    with shared_data(django_db_blocker, module_media):
        county = municipality_create(ars=COUNTY, name="Kreis Beispielland", kind="kreis")
        town = municipality_create(ars=TOWN, name="Stadt Beispielstadt", kind="gemeinde")
        town.parent = county
        town.save()
        areas: dict[str, Area] = {}
        for i, (key, (parent, kind)) in enumerate(TREE.items()):
            areas[key] = Area.objects.create(
                municipality=town,
                key=key,
                name=f"Gebiet {key}",
                kind=kind,
                parent=areas.get(parent) if parent else None,
                geometry=_square(i),
            )
        series = {"table": "T1"}
        specs = [
            ("einwohner", "count", {**series, "variable": "total"}, {}),
            ("anteil", "share", {**series, "variable": "group"}, {**series, "variable": "total"}),
            ("veraenderung", "change", {**series, "variable": "total"}, {}),
            (
                "segregation",
                "segregation",
                {**series, "variable": "group"},
                series | {"variable": "total"},
            ),
        ]
        now = timezone.now()
        for position, (code, kind, num, den) in enumerate(specs):
            Indicator.objects.create(
                municipality=town,
                code=code,
                name=f"Kennzahl {code}",
                definition="Test",
                kind=kind,
                unit="%" if kind in ("share", "segregation", "change") else "Personen",
                numerator=num,
                denominator=den,
                position=position,
                published_at=now,
            )
        editor = make_user("editor@beispielstadt.example")
        Membership.objects.create(user=editor, municipality=town, role=Role.EDITOR)
        client = login(Client(), editor)
        yield town, client


cells = st.one_of(
    st.integers(0, 4000).map(float),
    st.integers(0, 4).map(float),  # small counts: disclosure control
    st.sampled_from(SYMBOLS),
)


@st.composite
def datasets(draw, shape: str):  # type: ignore[no-untyped-def]
    years = draw(st.lists(st.integers(2018, 2023), min_size=1, max_size=3, unique=True))
    rows = []
    for year in years:
        for key in SHAPES[shape]:
            for variable in ("total", "group"):
                if draw(st.integers(0, 9)) == 0:
                    continue  # a gap: this cell is missing
                rows.append((key, date(year, 12, 31), variable, draw(cells)))
    breaks = draw(st.sampled_from([[], [{"date": f"{min(years)}-06-30", "note": "Zensus"}]]))
    return rows, breaks


def _level(key: str, town) -> tuple[str, Area | None]:  # type: ignore[no-untyped-def]
    if key == town.ars:
        return Level.MUNICIPALITY, None
    if key == "05999":
        return Level.KREIS, None
    if key == "05":
        return Level.LAND, None
    return Level.AREA, Area.objects.get(municipality=town, key=key)


def _store(town, rows, breaks) -> None:  # type: ignore[no-untyped-def]
    periods = sorted({r[1] for r in rows}) or [date(2020, 12, 31)]
    dataset = Dataset.objects.create(
        municipality=town,
        title="Bevölkerung",
        source="Statistikstelle",
        table_code="T1",
        format="table",
        period_start=periods[0],
        period_end=periods[-1],
        file="statistics/t1.csv",
        file_name="t1.csv",
        sha256=hashlib.sha256(repr(rows).encode()).hexdigest(),
    )
    observations = []
    for key, period, variable, cell in rows:
        level, area = _level(key, town)
        value, flag = (cell, "") if isinstance(cell, float) else (None, cell)
        observations.append(
            Observation(
                dataset=dataset,
                municipality=town,
                level=level,
                area=area,
                region_key=key,
                region_name="Kreis Beispielland" if level == Level.KREIS else "",
                period=period,
                variable=variable,
                value=value,
                flag=flag,
            )
        )
    Observation.objects.bulk_create(observations)
    Indicator.objects.filter(municipality=town).update(breaks=breaks)
    indicator_values_compute(municipality=town)


def _pages(town, client) -> None:  # type: ignore[no-untyped-def]
    ars = town.ars
    assert client.get(reverse("statistics:indicator_list", args=[ars])).status_code == 200
    public = Client()
    assert public.get(reverse("portal:indicators", args=[ars])).status_code == 200
    assert public.get(reverse("api:indicators", args=[ars])).status_code == 200
    for indicator in Indicator.objects.filter(municipality=town):
        detail = reverse("statistics:indicator_detail", args=[ars, indicator.pk])
        kinds = set(
            IndicatorValue.objects.filter(indicator=indicator, level=Level.AREA).values_list(
                "area__kind", flat=True
            )
        )
        for query in ["", *(f"?ebene={k}" for k in kinds)]:
            assert client.get(detail + query).status_code == 200, (indicator.code, query)
        csv = reverse("statistics:indicator_csv", args=[ars, indicator.pk])
        for table in ("zeitreihe", "karte"):
            assert client.get(csv, {"tabelle": table}).status_code == 200
        page = reverse("portal:indicator_detail", args=[ars, indicator.pk])
        assert public.get(page).status_code == 200, indicator.code
        # The portal draws the same specs as SVG on the server; drawing is slow, so only the
        # share (the spec with the most branches) is drawn in every example.
        for kind in ("zeitreihe", "gebiete") if indicator.code == "anteil" else ():
            chart = reverse("portal:indicator_chart", args=[ars, indicator.pk, kind])
            assert public.get(chart).status_code in (200, 404)  # 404: no figure to draw
        api = reverse("api:indicator_detail", args=[ars, indicator.pk])
        assert public.get(api).status_code == 200


def _report(town) -> None:  # type: ignore[no-untyped-def]
    report = Report(municipality=town, kind=ReportKind.INTEGRATION, title="Bericht")
    doc = DocumentBuilder(report=report, title="Bericht", subtitle="")
    all_series = document_series(municipality=town)
    facts = indicator_sections(doc.chapter("Daten"), all_series=all_series)
    trend_rows(facts, date(2019, 1, 1))
    appendix_sheets(municipality=town, all_series=all_series)


def _leaf_sum(rows, period) -> float | None:  # type: ignore[no-untyped-def]
    cells = {r[0]: r[3] for r in rows if r[1] == period and r[2] == "total"}
    values = [cells.get(key) for key in LEAVES]
    if all(isinstance(v, float) for v in values):
        return sum(values)  # type: ignore[arg-type]
    return None


# Every shape is tried (the simplest dataset and a random one, reproducible);
# TEILHABE_FIGURE_EXAMPLES raises the number of datasets per shape for a longer run.
EXAMPLES = int(os.environ.get("TEILHABE_FIGURE_EXAMPLES", "2"))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_figure_renders_for_every_shape_of_data(figures_world, db, shape):
    town, client = figures_world

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the failing input is printed
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=datasets(shape))
    def run(data) -> None:  # type: ignore[no-untyped-def]
        rows, breaks = data
        sid = transaction.savepoint()
        try:
            caches["default"].clear()
            _store(town, rows, breaks)
            _pages(town, client)
            _report(town)
            if shape == "areas":
                _assert_summed(rows)
        finally:
            transaction.savepoint_rollback(sid)

    run()


def _assert_summed(rows) -> None:  # type: ignore[no-untyped-def]
    """Counts delivered for the finest areas only add up to the town's value."""
    for period in {r[1] for r in rows}:
        expected = _leaf_sum(rows, period)
        whole = IndicatorValue.objects.filter(
            indicator__code="einwohner", level=Level.MUNICIPALITY, period=period
        ).first()
        if expected is not None:
            assert whole is not None and whole.value == expected and whole.derived
