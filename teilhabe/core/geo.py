"""GeoJSON helpers: read area features with a column mapping, and simplify shapes for maps."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.core.cache import caches
from django.utils.translation import gettext as _

from teilhabe.core.spreadsheets import clean_text


@dataclass(frozen=True)
class AreaMapping:
    """Which feature properties hold key, name and parent, and how keys are written."""

    key_property: str
    name_property: str
    parent_property: str = ""
    # Take the parent's key from the first N characters of the key (e.g. Stadtteil 101 → Bezirk 1).
    parent_prefix_length: int = 0
    # Zero-pad keys to this width (e.g. Stadtbezirk "1" → "001"), 0 = keep as is.
    key_width: int = 0
    parent_key_width: int = 0


@dataclass
class AreaRow:
    line: int
    key: str
    name: str
    parent_key: str
    geometry: dict[str, Any] | None


@dataclass
class AreaParseResult:
    rows: list[AreaRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    properties: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _key(value: Any, width: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text.zfill(width) if width and text.isdigit() else text


def feature_properties(data: bytes) -> list[str]:
    """The property names of the first features, for the mapping form."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return []
    names: dict[str, None] = {}
    features = doc.get("features") if isinstance(doc, dict) else None
    for feature in features[:50] if isinstance(features, list) else []:
        props = feature.get("properties") if isinstance(feature, dict) else None
        for name in props if isinstance(props, dict) else {}:
            names[clean_text(str(name))] = None
    return list(names)


def parse_area_features(
    data: bytes, mapping: AreaMapping, *, filename: str = "Datei"
) -> AreaParseResult:
    """Read a GeoJSON FeatureCollection into rows; every problem names the feature."""
    result = AreaParseResult()
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        result.errors.append(
            _("%(file)s: the JSON is nested too deeply to be a GeoJSON file.") % {"file": filename}
        )
        return result
    except UnicodeDecodeError:
        result.errors.append(
            _("%(file)s: The file is not UTF-8 encoded. GeoJSON must be UTF-8.")
            % {"file": filename}
        )
        return result
    except json.JSONDecodeError as exc:
        result.errors.append(
            _("%(file)s, line %(line)s, column %(col)s: not valid JSON (%(msg)s).")
            % {"file": filename, "line": exc.lineno, "col": exc.colno, "msg": exc.msg}
        )
        return result
    if (
        not isinstance(doc, dict)
        or doc.get("type") != "FeatureCollection"
        or not isinstance(doc.get("features"), list)
    ):
        result.errors.append(
            _("%(file)s: A GeoJSON FeatureCollection is expected.") % {"file": filename}
        )
        return result
    result.properties = feature_properties(data)
    seen: set[str] = set()
    for number, feature in enumerate(doc["features"], start=1):
        where = _("%(file)s, object %(n)s") % {"file": filename, "n": number}
        props = feature.get("properties") or {} if isinstance(feature, dict) else {}
        if not isinstance(props, dict):
            props = {}
        key = clean_text(_key(props.get(mapping.key_property), mapping.key_width))
        name = clean_text(str(props.get(mapping.name_property) or "")).strip()
        if not key:
            result.errors.append(
                _("%(where)s: property “%(prop)s” (key) is missing or empty.")
                % {"where": where, "prop": mapping.key_property}
            )
            continue
        if not name:
            result.errors.append(
                _("%(where)s: property “%(prop)s” (name) is missing or empty.")
                % {"where": where, "prop": mapping.name_property}
            )
            continue
        if key in seen:
            result.errors.append(
                _("%(where)s: key “%(key)s” occurs twice.") % {"where": where, "key": key}
            )
            continue
        if len(key) > 40 or len(name) > 200:
            result.errors.append(
                _(
                    "%(where)s: the key may have at most 40 characters and the name at most 200 "
                    "(here %(key)s and %(name)s)."
                )
                % {"where": where, "key": len(key), "name": len(name)}
            )
            continue
        seen.add(key)
        parent_key = ""
        if mapping.parent_property:
            parent_key = _key(props.get(mapping.parent_property), mapping.parent_key_width)
        elif mapping.parent_prefix_length:
            parent_key = _key(key[: mapping.parent_prefix_length], mapping.parent_key_width)
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if geometry is not None and (
            not isinstance(geometry, dict)
            or geometry.get("type") not in ("Polygon", "MultiPolygon")
        ):
            result.errors.append(
                _("%(where)s: the geometry must be a Polygon or MultiPolygon.") % {"where": where}
            )
            continue
        if geometry is not None and not _valid_coordinates(geometry):
            result.errors.append(
                _(
                    "%(where)s: the coordinates are not valid: every ring needs at least four "
                    "points of longitude and latitude in degrees (WGS84)."
                )
                % {"where": where}
            )
            continue
        result.rows.append(
            AreaRow(line=number, key=key, name=name, parent_key=parent_key, geometry=geometry)
        )
    if not result.rows and not result.errors:
        result.errors.append(_("%(file)s: The file contains no areas.") % {"file": filename})
    return result


def _valid_ring(ring: Any) -> bool:
    return (
        isinstance(ring, list)
        and len(ring) >= 4
        and all(
            isinstance(p, list)
            and 2 <= len(p) <= 3
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in p)
            and all(math.isfinite(c) for c in p)
            and -180 <= p[0] <= 180
            and -90 <= p[1] <= 90
            for p in ring
        )
    )


def _valid_polygon(rings: Any) -> bool:
    return isinstance(rings, list) and bool(rings) and all(_valid_ring(r) for r in rings)


def _valid_coordinates(geometry: dict[str, Any]) -> bool:
    """Polygon rings of WGS84 positions; anything else would break the maps later."""
    coordinates = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        return _valid_polygon(coordinates)
    return (
        isinstance(coordinates, list)
        and bool(coordinates)
        and all(_valid_polygon(p) for p in coordinates)
    )


def _perpendicular(p: list[float], a: list[float], b: list[float]) -> float:
    if a == b:
        return math.dist(p, a)
    (x, y), (x1, y1), (x2, y2) = p[:2], a[:2], b[:2]
    return abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / math.hypot(x2 - x1, y2 - y1)


def _simplify_ring(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas–Peucker, iterative; keeps the ring closed and at least four points."""
    if len(ring) <= 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, -1
        for i in range(start + 1, end):
            d = _perpendicular(ring[i], ring[start], ring[end])
            if d > best:
                best, index = d, i
        if index != -1 and best > tolerance:
            keep[index] = True
            stack.extend([(start, index), (index, end)])
    out = [[round(c, 5) for c in pt[:2]] for pt, k in zip(ring, keep, strict=True) if k]
    return out if len(out) >= 4 else ring


def _signed_area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring)) / 2


def _polygon_for_d3(rings: list[list[list[float]]], tolerance: float) -> list[list[list[float]]]:
    """Simplify and wind rings the way d3-geo (and so Vega) expects: the outer ring clockwise,
    holes counter-clockwise. Otherwise a shape is drawn as the whole globe minus the area."""
    out = []
    for index, ring in enumerate(rings):
        simple = _simplify_ring(ring, tolerance)
        clockwise = _signed_area(simple) < 0
        if clockwise != (index == 0):
            simple = simple[::-1]
        out.append(simple)
    return out


def simplify_geometry(
    geometry: dict[str, Any] | None, tolerance: float = 0.0003
) -> dict[str, Any] | None:
    """A lighter copy of a (Multi)Polygon for maps; the stored geometry stays exact."""
    if not geometry:
        return None
    if geometry["type"] == "Polygon":
        return {
            "type": "Polygon",
            "coordinates": _polygon_for_d3(geometry["coordinates"], tolerance),
        }
    if geometry["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [_polygon_for_d3(poly, tolerance) for poly in geometry["coordinates"]],
        }
    return geometry


# How long a simplified shape stays in the cache. The key is a digest of the geometry itself
# (not the area's pk), so a changed geometry gets a new key and never a stale shape.
SHAPE_CACHE_SECONDS = 7 * 24 * 60 * 60


def _cached_shape(
    text: str, tolerance: float, load: Callable[[], dict[str, Any] | None]
) -> dict[str, Any] | None:
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    key = f"core:shape:{tolerance}:{digest}"
    cache = caches["shapes"]
    shape: dict[str, Any] | None = cache.get(key)
    if shape is None:
        shape = simplify_geometry(load(), tolerance)
        cache.set(key, shape, SHAPE_CACHE_SECONDS)
    return shape


def simplify_geometry_cached(
    geometry: dict[str, Any] | None, tolerance: float = 0.0003
) -> dict[str, Any] | None:
    """``simplify_geometry`` through the "shapes" cache, for a geometry already loaded:
    simplifying a Stadtbezirk takes ~13 ms, its digest ~1 ms."""
    if not geometry:
        return None
    return _cached_shape(json.dumps(geometry), tolerance, lambda: geometry)


def simplify_geometry_text(text: str | None, tolerance: float = 0.0003) -> dict[str, Any] | None:
    """``simplify_geometry`` of a geometry given as its stored JSON text, through the "shapes"
    cache: a hit costs a digest of the text, neither parsing nor simplifying."""
    if not text:
        return None
    return _cached_shape(text, tolerance, lambda: json.loads(text))
