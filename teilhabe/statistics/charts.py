"""The Vega-Lite specs of the data basis, one builder per figure. The workspace (vega-embed),
the portal (SVG drawn on the server) and the documents (PDF and Word) all take their charts
from here, so a figure has the same spec everywhere; only the size is the medium's (the specs
say ``"width": "container"``, a renderer without a container sets a width of its own).

* ``indicator_time_series(indicator=…, series=…)`` – the series of the municipality and the
  levels above it, titled with the finding, with the series breaks.
* ``indicator_area_map(indicator=…, rows=…, period=…, kind=…)`` – a choropleth of the areas
  of one level at one reference date.
* ``area_bar_spec(indicator=…, rows=…, period=…, kind=…)`` – the same areas as bars (where no
  map is drawn).
* ``bar_spec``, ``matrix_spec`` – a bar chart of groups, the district-index matrix.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.core.geo import simplify_geometry_cached
from teilhabe.core.models import AreaKind
from teilhabe.statistics import selectors
from teilhabe.statistics.models import DistrictIndexRun, Indicator

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# Colour-blind-safe, high-contrast palette (Okabe–Ito) for the levels of a time series.
PALETTE = ["#0b4f6c", "#d55e00", "#009e73", "#6a3d9a"]


def _by_date(labels: set[str]) -> list[str]:
    """Reference dates as printed ("31.12.2020") in the order of time, not of the text."""
    return sorted(labels, key=lambda label: datetime.strptime(label, "%d.%m.%Y"))  # noqa: DTZ007


def time_series_spec(
    *,
    title: str,
    rows: list[dict[str, Any]],
    unit: str,
    breaks: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Lines per level (``rows``: "jahr", "wert", "ebene") on an ordinal time axis, with a
    dashed rule and a note at every series break."""
    shown = [{"jahr": b["jahr"], "label": b["label"]} for b in breaks or [] if b["jahr"]]
    order = _by_date({r["jahr"] for r in rows} | {b["jahr"] for b in shown})
    x = {"field": "jahr", "type": "ordinal", "title": _("Reference date"), "sort": order}
    line = {
        "data": {"values": rows},
        "mark": {"type": "line", "point": True, "strokeWidth": 2.5},
        "encoding": {
            "x": x,
            "y": {"field": "wert", "type": "quantitative", "title": unit, "scale": {"zero": False}},
            "color": {
                "field": "ebene",
                "type": "nominal",
                "title": _("Level"),
                "scale": {"range": PALETTE},
                "legend": {"orient": "bottom"},
            },
            "strokeDash": {"field": "ebene", "type": "nominal"},
        },
    }
    layers: list[dict[str, Any]] = [line]
    if shown:
        layers += [
            {
                "data": {"values": shown},
                "mark": {"type": "rule", "color": "#555", "strokeDash": [6, 3], "size": 1.5},
                "encoding": {"x": x},
            },
            {
                "data": {"values": shown},
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "baseline": "top"},
                "encoding": {"x": x, "y": {"value": 0}, "text": {"field": "label"}},
            },
        ]
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 260,
        "layer": layers,
    }


def indicator_time_series(*, indicator: Indicator, series: dict[str, Any]) -> dict[str, Any] | None:
    """The time series of an indicator (``series`` from ``selectors.indicator_series``); None
    without values."""
    rows = selectors.series_rows(indicator=indicator, series=series)
    if not rows:
        return None
    return time_series_spec(
        title=selectors.finding(indicator=indicator, series=series),
        rows=rows,
        unit=indicator.unit,
        breaks=selectors.break_marks(indicator=indicator, periods=series["periods"]),
    )


def choropleth_spec(*, title: str, rows: list[dict[str, Any]], unit: str) -> dict[str, Any]:
    features = []
    for row in rows:
        area = row["area"]
        if area is None or not area.geometry:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "key": row["key"],
                    "name": row["name"],
                    "wert": row["value"],
                    "text": row["text"],
                },
                "geometry": simplify_geometry_cached(area.geometry),
            }
        )
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 420,
        "data": {"values": features},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6},
        "encoding": {
            "color": {
                "field": "properties.wert",
                "type": "quantitative",
                "title": unit,
                "scale": {"scheme": "blues"},
                "legend": {"format": ".1f"},
            },
            "tooltip": [
                {"field": "properties.name", "title": _("Area")},
                {"field": "properties.text", "title": unit},
            ],
        },
    }


def area_map_title(*, indicator: Indicator, period: date, kind: str) -> str:
    return _("%(name)s by %(level)s, %(date)s") % {
        "name": indicator.name,
        "level": AreaKind(kind).label,
        "date": period.strftime("%d.%m.%Y"),
    }


def indicator_area_map(
    *, indicator: Indicator, rows: list[dict[str, Any]], period: date, kind: str
) -> dict[str, Any]:
    """The map of the areas of level ``kind`` at ``period``; ``rows`` from
    ``selectors.area_rows`` (the table beside the map)."""
    title = area_map_title(indicator=indicator, period=period, kind=kind)
    return choropleth_spec(title=title, rows=rows, unit=indicator.unit)


def area_bar_spec(
    *, indicator: Indicator, rows: list[dict[str, Any]], period: date | None, kind: str
) -> dict[str, Any] | None:
    """The areas of level ``kind`` at ``period`` as bars, where no map is drawn; ``rows`` from
    ``selectors.area_rows``. None where every value is hidden."""
    bars = [{"gebiet": r["name"], "wert": r["value"]} for r in rows if not r["hidden"]]
    bars = [r for r in bars if r["wert"] is not None]
    if not bars or period is None:
        return None
    return {
        "$schema": SCHEMA,
        "title": area_map_title(indicator=indicator, period=period, kind=kind),
        "width": "container",
        "height": {"step": 14},
        "data": {"values": bars},
        "mark": {"type": "bar", "color": PALETTE[0]},
        "encoding": {
            "y": {"field": "gebiet", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "wert", "type": "quantitative", "title": indicator.unit},
        },
    }


def bar_spec(*, title: str, rows: list[dict[str, Any]], unit: str) -> dict[str, Any]:
    """Bars of groups (``rows``: "gruppe", "wert"), longest first."""
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": {"step": 22},
        "data": {"values": [r for r in rows if r["wert"] is not None]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "gruppe", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "wert", "type": "quantitative", "title": unit},
        },
    }


def matrix_spec(*, run: DistrictIndexRun) -> dict[str, Any]:
    """The district index: status against dynamics per area (z-values, or the classes)."""
    with_values = any(r["status"] is not None for r in run.results)
    x, y = ("status", "dynamics") if with_values else ("status_class", "dynamics_class")
    rows = [r for r in run.results if not r["excluded"] and r[x] is not None and r[y] is not None]
    x_title = _("Status (z)") if with_values else _("Status class")
    y_title = _("Dynamics (z)") if with_values else _("Dynamics class")
    return {
        "$schema": SCHEMA,
        "title": _("Status and dynamics per area"),
        "width": "container",
        "height": 380,
        "data": {"values": rows},
        "layer": [
            {
                "mark": {"type": "rule", "color": "#888"},
                "encoding": {"x": {"datum": 0}},
            },
            {
                "mark": {"type": "rule", "color": "#888"},
                "encoding": {"y": {"datum": 0}},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 60},
                "encoding": {
                    "x": {"field": x, "type": "quantitative", "title": x_title},
                    "y": {"field": y, "type": "quantitative", "title": y_title},
                    "shape": {
                        "field": "status_class",
                        "type": "nominal",
                        "title": _("Status class"),
                    },
                    "color": {
                        "field": "status_class",
                        "type": "nominal",
                        "title": _("Status class"),
                    },
                    "tooltip": [
                        {"field": "name", "title": _("Area")},
                        {"field": "status", "title": _("Status (z)")},
                        {"field": "dynamics", "title": _("Dynamics (z)")},
                    ],
                },
            },
        ],
    }
