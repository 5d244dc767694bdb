"""Charts and the offer map of the portal, drawn on the server as SVG so that they need no
JavaScript. Charts are the data basis's Vega-Lite specs (``statistics.charts``, the same as in
the workspace and the documents) rendered by vl-convert at a fixed width; the map is plain SVG
paths of the areas. Every chart stands beside a table with the same numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.geo import simplify_geometry_cached
from teilhabe.core.models import Area
from teilhabe.statistics import charts as stat_charts
from teilhabe.statistics.models import Indicator

FONT = "Fira Sans, Arial, sans-serif"
TIME_SERIES_WIDTH = 620  # px; the portal draws without a container to fit
AREA_BARS_WIDTH = 560


def _render(spec: dict[str, Any], *, width: int) -> str:
    import vl_convert as vlc

    spec = {
        **spec,
        "width": width,
        "config": {"font": FONT, "aria": False, "background": "white"},
    }
    return str(vlc.vegalite_to_svg(spec))


def time_series_svg(*, indicator: Indicator, data: dict[str, Any]) -> str | None:
    """The time series of ``selectors.indicator_public_data`` (the data basis's spec)."""
    spec = stat_charts.indicator_time_series(indicator=indicator, series=data["series"])
    return _render(spec, width=TIME_SERIES_WIDTH) if spec else None


def area_bar_svg(*, indicator: Indicator, data: dict[str, Any]) -> str | None:
    """The areas of the newest reference date as bars (the data basis's spec)."""
    spec = stat_charts.area_bar_spec(
        indicator=indicator,
        rows=data["area_rows"],
        period=data["area_period"],
        kind=data["area_kind"],
    )
    return _render(spec, width=AREA_BARS_WIDTH) if spec else None


# --- the offer map -------------------------------------------------------------------------

# Sequential blues with enough contrast between classes and against the white border.
MAP_CLASSES = ["#f1f5f9", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]


@dataclass
class AreaMap:
    svg: str
    legend: list[dict[str, str]]
    rows: list[dict[str, Any]]


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    return []


def _classes(max_count: int) -> list[tuple[int, int]]:
    """Count ranges per colour class: 0, then up to four ranges up to the maximum."""
    if max_count <= 0:
        return [(0, 0)]
    step = max(1, math.ceil(max_count / 4))
    out = [(0, 0)]
    low = 1
    while low <= max_count and len(out) < len(MAP_CLASSES):
        out.append((low, min(max_count, low + step - 1)))
        low += step
    return out


def area_map(*, areas: list[Area], counts: dict[int, int]) -> AreaMap | None:
    """An SVG choropleth of the number of published offers per area (no JavaScript)."""
    shapes = []
    for area in areas:
        geometry = simplify_geometry_cached(area.geometry, tolerance=0.0006)
        rings = _rings(geometry) if geometry else []
        if rings:
            shapes.append((area, rings))
    if not shapes:
        return None
    lons = [p[0] for _a, rings in shapes for ring in rings for p in ring]
    lats = [p[1] for _a, rings in shapes for ring in rings for p in ring]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    width = 640.0
    span_x = max((max_lon - min_lon) * kx, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = width / span_x
    height = span_y * scale
    classes = _classes(max(counts.values(), default=0))

    def colour(n: int) -> str:
        for i, (low, high) in enumerate(classes):
            if low <= n <= high:
                return MAP_CLASSES[i]
        return MAP_CLASSES[-1]

    paths = []
    rows = []
    for area, rings in shapes:
        n = counts.get(area.pk, 0)
        d = " ".join(
            "M"
            + " L".join(
                f"{(lon - min_lon) * kx * scale:.1f},{(max_lat - lat) * scale:.1f}"
                for lon, lat in ring
            )
            + " Z"
            for ring in rings
        )
        label = ngettext("%(area)s: %(n)s offer", "%(area)s: %(n)s offers", n) % {
            "area": area.name,
            "n": n,
        }
        paths.append(
            f'<path d="{d}" fill="{colour(n)}" fill-rule="evenodd" stroke="#ffffff" '
            f'stroke-width="0.8"><title>{escape(label)}</title></path>'
        )
        rows.append({"area": area, "count": n})
    title = escape(_("Offers per area"))
    desc = escape(
        _("Map of the areas, coloured by the number of offers; the table has the same numbers.")
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'class="portal-map" role="img" aria-labelledby="karte-titel karte-text" focusable="false">'
        f'<title id="karte-titel">{title}</title><desc id="karte-text">{desc}</desc>'
        + "".join(paths)
        + "</svg>"
    )
    legend = []
    for i, (low, high) in enumerate(classes):
        text = str(low) if low == high else f"{low}–{high}"
        legend.append({"colour_class": f"map-class-{i}", "text": text})
    rows.sort(key=lambda r: (-r["count"], r["area"].name))
    return AreaMap(svg=svg, legend=legend, rows=rows)
