"""A generic table from a statistics office (CSV or Excel): one line per area, one column per
value. Title lines, a header of one or two rows (also merged cells), a "Summe" line and a
source footer are recognised; which column holds what is chosen in a mapping step."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from teilhabe.core.spreadsheets import SpreadsheetError, clean_text, formula_errors, xlsx_guard
from teilhabe.statistics.importers.base import (
    CsvError,
    ImportResult,
    ObservationRow,
    decode,
    parse_number,
    read_rows,
    sniff_delimiter,
    split_symbol,
    where,
)

TOTAL = re.compile(r"^\s*(summe|insgesamt|gesamt|zusammen|stadt\s+gesamt|total)\b", re.IGNORECASE)
FOOTER = re.compile(r"^\s*(quelle|datenquelle|stand|hinweis|anmerkung|\*|©|\(c\))", re.IGNORECASE)


@dataclass
class TableLayout:
    rows: list[list[str]]
    header_start: int  # index of the first header row
    data_start: int  # index of the first data row
    data_end: int  # index after the last data row
    columns: list[str]  # combined header label per column
    title: str = ""
    footer: list[str] = field(default_factory=list)
    total_rows: list[int] = field(default_factory=list)
    decimal_comma: bool = True


@dataclass
class TableMapping:
    key_column: int
    value_columns: dict[int, str]  # column index → variable code
    period: date
    name_column: int = -1
    key_width: int = 0  # zero-pad numeric keys, e.g. 3 → "1" becomes "001"

    @classmethod
    def from_dict(cls, mapping: dict[str, Any]) -> TableMapping:
        """The mapping as kept in the session and handed to the import task (JSON)."""
        return cls(
            key_column=int(mapping["key_column"]),
            name_column=int(mapping.get("name_column", -1)),
            value_columns={int(k): v for k, v in mapping["value_columns"].items()},
            period=date.fromisoformat(mapping["period"]),
            key_width=int(mapping.get("key_width", 0)),
        )


def read_cells(data: bytes, *, filename: str) -> tuple[list[list[str]], list[str]]:
    """All cells as text; Excel merged cells take the value of their top-left cell."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, filename)
    text, _encoding = decode(data)
    try:
        rows = read_rows(text, sniff_delimiter(text), filename=filename)
    except CsvError as exc:
        return [], [str(exc)]
    return [[c.strip() for c in r] for r in rows], []


def _read_xlsx(data: bytes, filename: str) -> tuple[list[list[str]], list[str]]:
    import openpyxl

    try:
        archive = xlsx_guard(data, filename)
    except SpreadsheetError as exc:
        return [], [str(exc)]
    formulas = formula_errors(archive)
    if formulas:
        return [], [f"{filename}: {error}" for error in formulas]
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:
        return [], [_("%(file)s: the Excel file cannot be opened.") % {"file": filename}]
    sheet = book.worksheets[0]
    merged = {}
    for rng in sheet.merged_cells.ranges:
        top = sheet.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = top
    rows = []
    for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            value = merged.get((r, c), value)
            if value is None:
                cells.append("")
            elif isinstance(value, float) and value.is_integer():
                cells.append(str(int(value)))
            elif isinstance(value, float):
                cells.append(str(value).replace(".", ","))
            else:
                cells.append(clean_text(str(value)).strip())
        rows.append(cells)
    return rows, []


def _is_number(cell: str) -> bool:
    """A number in either convention (which one the file uses is decided afterwards)."""
    raw, flag = split_symbol(cell)
    return (
        bool(flag)
        or parse_number(raw, decimal_comma=True) is not None
        or parse_number(raw, decimal_comma=False) is not None
    )


def analyse(rows: list[list[str]]) -> TableLayout | None:
    """Find header, data, "Summe" lines and footer."""
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]

    def is_data(row: list[str]) -> bool:
        filled = [c for c in row if c]
        numbers = [c for c in row[1:] if c and _is_number(c)]
        return bool(row[0]) and len(filled) >= 2 and len(numbers) >= max(1, (len(filled) - 2) // 2)

    data_start = next((i for i, r in enumerate(rows) if is_data(r)), None)
    if data_start is None:
        return None
    header_start = data_start
    while header_start > 0 and any(rows[header_start - 1][1:]):
        header_start -= 1
        if data_start - header_start == 3:
            break
    title = next((c for r in rows[:header_start] for c in r if c), "")
    columns = []
    filled_headers = []
    for row in rows[header_start:data_start]:
        current, filled = "", []
        for c, cell in enumerate(row):
            # A merged header cell (empty in CSV) continues the label to its left, but only
            # over the value columns.
            current = cell or (current if c > 1 else "")
            filled.append(current)
        filled_headers.append(filled)
    for col in range(width):
        parts: list[str] = []
        for filled in filled_headers:
            if filled[col] and filled[col] not in parts:
                parts.append(filled[col])
        columns.append(" – ".join(parts) or _("Column %(n)s") % {"n": col + 1})
    data_end = data_start
    total_rows, footer = [], []
    for i in range(data_start, len(rows)):
        row = rows[i]
        first = next((c for c in row if c), "")
        if not first:
            continue
        if FOOTER.match(first) or (sum(1 for c in row if c) == 1 and i > data_start):
            footer.extend(" ".join(c for c in r if c) for r in rows[i:] if any(r))
            break
        if TOTAL.match(row[0]) or (len(row) > 1 and TOTAL.match(row[1])):
            total_rows.append(i)
        data_end = i + 1
    comma = sum(1 for r in rows[data_start:data_end] for c in r if re.search(r"\d,\d", c))
    dot = sum(1 for r in rows[data_start:data_end] for c in r if re.search(r"\d\.\d{1,2}$", c))
    return TableLayout(
        rows=rows,
        header_start=header_start,
        data_start=data_start,
        data_end=data_end,
        columns=columns,
        title=title,
        footer=footer,
        total_rows=total_rows,
        decimal_comma=comma >= dot,
    )


def parse_table(data: bytes, *, mapping: TableMapping, filename: str = "Datei") -> ImportResult:
    result = ImportResult()
    rows, errors = read_cells(data, filename=filename)
    for error in errors:
        result.error(error)
    if errors:
        return result
    layout = analyse(rows)
    if layout is None:
        result.error(
            _("%(file)s: no data lines found (a line with a key and numbers).") % {"file": filename}
        )
        return result
    result.meta["title"] = layout.title
    if layout.footer:
        result.meta["source_footer"] = " ".join(layout.footer)[:300]
        source = next((f for f in layout.footer if FOOTER.match(f) and "quelle" in f.lower()), "")
        if source:
            result.meta["source"] = re.sub(r"^\s*(daten)?quelle:?\s*", "", source, flags=re.I)[:300]
    width = len(layout.columns)
    for col in [mapping.key_column, mapping.name_column, *mapping.value_columns]:
        if col >= width:
            result.error(
                _("%(file)s: column %(n)s does not exist.") % {"file": filename, "n": col + 1}
            )
            return result
    totals: dict[int, float] = {}
    sums: dict[int, float] = dict.fromkeys(mapping.value_columns, 0.0)
    seen: set[str] = set()
    for i in range(layout.data_start, layout.data_end):
        row = layout.rows[i]
        line = i + 1
        if not any(row):
            continue
        if i in layout.total_rows:
            for col in mapping.value_columns:
                value = parse_number(split_symbol(row[col])[0], decimal_comma=layout.decimal_comma)
                if value is not None:
                    totals[col] = value
            continue
        key = row[mapping.key_column].strip()
        if not key:
            result.error(
                _("%(where)s: the key is empty.")
                % {"where": where(filename, line, layout.columns[mapping.key_column])}
            )
            continue
        if mapping.key_width and key.isdigit():
            key = key.zfill(mapping.key_width)
        if key in seen:
            result.error(
                _("%(where)s: key “%(key)s” occurs twice.")
                % {"where": where(filename, line), "key": key}
            )
            continue
        seen.add(key)
        result.lines_read += 1
        name = row[mapping.name_column] if mapping.name_column >= 0 else ""
        for col, variable in mapping.value_columns.items():
            raw, flag = split_symbol(row[col])
            value = None
            if raw:
                value = parse_number(raw, decimal_comma=layout.decimal_comma)
                if value is None:
                    example = "1.234,5" if layout.decimal_comma else "1,234.5"
                    result.error(
                        _(
                            "%(where)s: “%(value)s” is not a number. Allowed are e.g. 1234 or %(example)s."
                        )
                        % {
                            "where": where(filename, line, layout.columns[col]),
                            "value": raw,
                            "example": example,
                        }
                    )
                    continue
                sums[col] += value
            elif not flag:
                flag = "."
            result.rows.append(
                ObservationRow(
                    region_key=key,
                    region_name=name,
                    period=mapping.period,
                    variable=variable or slugify(layout.columns[col])[:80],
                    variable_label=layout.columns[col],
                    value=value,
                    flag=flag,
                )
            )
    for col, total in totals.items():
        if abs(total - sums[col]) > 0.5:
            result.warnings.append(
                _(
                    "Column “%(col)s”: the “Summe” line says %(total)s, the lines add up to "
                    "%(sum)s. Please check whether lines are missing."
                )
                % {"col": layout.columns[col], "total": f"{total:g}", "sum": f"{sums[col]:g}"}
            )
    if not result.rows and not result.errors:
        result.error(_("%(file)s: The file contains no values.") % {"file": filename})
    return result
