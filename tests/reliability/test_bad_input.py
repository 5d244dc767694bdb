"""Every importer against the hostile corpus: a clear German error or a correct import, never
an exception, never a hang.

The corpus in tests/corpus/<importer>/ is written from the valid tables in parsers.py by
``python -m tests.reliability.hostile``; the large files (1 MB cells, zip bombs) are built here.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.reliability.hostile import (
    CORPUS,
    GEOJSON_VARIANTS,
    LARGE_VARIANTS,
    RTL_NAME,
    VARIANTS,
)
from tests.reliability.parsers import PARSERS

# Files that hold the valid table in another dress: they must import completely.
MUST_IMPORT = {"utf8", "utf8_bom", "cp1252", "latin1", "comma_separated", "rtl_override"}
XLSX_READERS = {"statistics_table", "statistics_index", "inventory_actors", "inventory_usage"}
XLSX_READERS_OTHERS = {"concept_measures", "concept_previous"}
# German words one of which every message contains (the English msgids contain none).
GERMAN = (
    "Zeile",
    "Datei",
    "Spalte",
    "nicht",
    "kein",
    "ist ",
    "enthält",
    "Excel",
    "fehlt",
    "Erwartet",
    "Objekt",
    "muss",
)

CASES = [(p, v) for p in PARSERS for v in VARIANTS]


def _expected_rows(parser: str) -> int:
    return PARSERS[parser].expected


def _check(parser: str, variant: str, ok: bool, errors: list[str], rows: int) -> None:
    assert ok or errors, "neither an import nor an error"
    for error in errors:
        assert isinstance(error, str) and error.strip()
        assert any(word in error for word in GERMAN), f"not a German message: {error!r}"
        assert "Traceback" not in error
    readers = XLSX_READERS | XLSX_READERS_OTHERS
    if variant in MUST_IMPORT or (variant == "xlsx" and parser in readers):
        assert ok, errors[:3]
        assert rows >= _expected_rows(parser)
    if variant == "xlsx_formula_without_value" and parser in readers:
        # Read as values the cell would silently be empty: it must be named instead.
        assert not ok and any("Formel" in e and "Zeile 2" in e for e in errors), errors


@pytest.mark.parametrize(
    ("parser", "variant"),
    [pytest.param(p, v, id=f"{p}-{v}") for p, v in CASES],
)
def test_corpus_file_ends_in_german_error_or_import(request, db, limit, parser, variant):
    spec = PARSERS[parser]
    suffix = VARIANTS[variant][1]
    path = CORPUS / parser / f"{variant}{suffix}"
    data = path.read_bytes()
    world = request.getfixturevalue("mini_world") if spec.needs_db else None
    with limit(10), translation.override("de"):
        ok, errors, rows = spec.run(world, data, path.name)
    _check(parser, variant, ok, errors, rows)


LARGE = [(p, v) for p in PARSERS for v in LARGE_VARIANTS]


@pytest.mark.parametrize(
    ("parser", "variant"),
    [pytest.param(p, v, id=f"{p}-{v}") for p, v in LARGE],
)
def test_large_hostile_file_is_bounded(request, db, limit, parser, variant):
    spec = PARSERS[parser]
    build, suffix = LARGE_VARIANTS[variant]
    data = build(spec.table, spec.text_col, spec.number_col)
    world = request.getfixturevalue("mini_world") if spec.needs_db else None
    with limit(5), translation.override("de"):
        ok, errors, rows = spec.run(world, data, f"{variant}{suffix}")
    _check(parser, variant, ok, errors, rows)
    if variant == "xlsx_zip_bomb" and parser in XLSX_READERS | XLSX_READERS_OTHERS:
        assert any("MB" in e for e in errors), errors  # refused for its unpacked size


# --- areas (GeoJSON) -----------------------------------------------------------------------------

AREAS_MUST_IMPORT = {"valid", "utf8_bom", "rtl_override_name", "nul_in_name"}


@pytest.mark.parametrize("variant", list(GEOJSON_VARIANTS))
def test_area_file_ends_in_german_error_or_import(limit, variant):
    from teilhabe.core.geo import AreaMapping, feature_properties, parse_area_features

    data = GEOJSON_VARIANTS[variant]
    with limit(10), translation.override("de"):
        feature_properties(data)  # the mapping step reads the file first
        result = parse_area_features(data, AreaMapping("NR", "NAME"), filename=f"{variant}.geojson")
    assert result.ok or result.errors
    for error in result.errors:
        assert any(word in error for word in GERMAN), error
        assert f"{variant}.geojson" in error  # names the file (and the object where there is one)
    if variant in AREAS_MUST_IMPORT:
        assert result.ok, result.errors
    for row in result.rows:
        assert "\u202e" not in row.name and "\x00" not in row.name
        assert len(row.name) <= 200 and len(row.key) <= 40


def test_area_import_of_hostile_names_stores_clean_names(world):
    from teilhabe.core.geo import AreaMapping, parse_area_features
    from teilhabe.core.models import Area
    from teilhabe.core.services import areas_import

    data = _areas_with_names(RTL_NAME, "Alt\x00stadt")
    parsed = parse_area_features(data, AreaMapping("NR", "NAME"), filename="a.geojson")
    areas_import(municipality=world.municipality, parsed=parsed, kind="stadtteil")
    names = set(Area.objects.filter(municipality=world.municipality).values_list("name", flat=True))
    assert "Sprachcaféfac" in names and "Altstadt" in names
    assert not any("\u202e" in n or "\x00" in n for n in names)


def _areas_with_names(*names: str) -> bytes:
    import json

    from tests.reliability.hostile import SQUARE

    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"NR": f"90{i}", "NAME": name},
                    "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
                }
                for i, name in enumerate(names)
            ],
        }
    ).encode()
