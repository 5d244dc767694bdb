"""A generic table from a statistics office (CSV or Excel): one line per area, one column per
value. Title lines, a header of one or two rows (also merged cells), a "Summe" line and a
source footer are recognised; which column holds what is chosen in a mapping step."""

from __future__ import annotations

import hashlib
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
    repair_number,
    sniff_delimiter,
    split_symbol,
    unwrap_quoted_lines,
    where,
)
from teilhabe.statistics.importers.names import Places, normalise

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
    key_column: int  # -1: no key column, areas are matched by name
    value_columns: dict[int, str]  # column index → variable code
    period: date
    name_column: int = -1
    key_width: int = 0  # zero-pad numeric keys, e.g. 3 → "1" becomes "001"
    level: str = ""  # the area kind names are matched at ("" = any)
    resolved: dict[str, str] = field(default_factory=dict)  # normalised name → area key

    @classmethod
    def from_dict(cls, mapping: dict[str, Any]) -> TableMapping:
        """The mapping as kept in the session and handed to the import task (JSON)."""
        return cls(
            key_column=int(mapping["key_column"]),
            name_column=int(mapping.get("name_column", -1)),
            value_columns={int(k): v for k, v in mapping["value_columns"].items()},
            period=date.fromisoformat(mapping["period"]),
            key_width=int(mapping.get("key_width", 0)),
            level=str(mapping.get("level", "")),
            resolved=dict(mapping.get("resolved", {})),
        )


_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def guess_period(layout: TableLayout) -> str:
    """The reference date the file names in its title, header or footer ("Stand 31.12.2024",
    "Einwohner 2024" → 31.12.2024) as German text, or "" when it names none."""
    texts = [layout.title, *layout.columns, *layout.footer]
    for text in texts:
        if match := _DATE.search(text):
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day).strftime("%d.%m.%Y")
            except ValueError:
                continue
    for text in texts:
        if match := _YEAR.search(text):
            return f"31.12.{match.group(1)}"
    return ""


def column_profile(layout: TableLayout) -> list[dict[str, Any]]:
    """Per column of the sample: how many cells are filled, numbers, official symbols, and
    the first distinct examples – what the user needs to map the columns."""
    data = [r for r in layout.rows[layout.data_start : layout.data_end] if any(r)]
    profile = []
    for col, label in enumerate(layout.columns):
        cells = [r[col] for r in data if col < len(r) and r[col]]
        symbols = sum(1 for c in cells if split_symbol(c)[1] and not split_symbol(c)[0])
        numbers = sum(1 for c in cells if _is_number(c)) - symbols
        profile.append(
            {
                "label": label,
                "filled": len(cells),
                "numbers": numbers,
                "symbols": symbols,
                "examples": list(dict.fromkeys(cells))[:3],
            }
        )
    return profile


def table_shape(columns: list[str]) -> str:
    """What identifies a table's layout from year to year: its normalised column headers
    (a year in a header, "Einwohner 2023" → "Einwohner 2024", does not change the shape)."""
    labels = [re.sub(r"\b(19|20)\d\d\b", "", normalise(c)).strip() for c in columns]
    return hashlib.sha1("\x1f".join(labels).encode(), usedforsecurity=False).hexdigest()


@dataclass
class Cells:
    rows: list[list[str]]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_table_cells(data: bytes, *, filename: str) -> Cells:
    """All cells as text; Excel merged cells take the value of their top-left cell. Lines
    Excel wrapped in quotes as a whole are repaired, with a warning that says so."""
    if data[:4] == b"PK\x03\x04":
        rows, errors = _read_xlsx(data, filename)
        return Cells(rows, errors)
    text, _encoding = decode(data)
    text, wrapped = unwrap_quoted_lines(text)
    try:
        rows = read_rows(text, sniff_delimiter(text), filename=filename)
    except CsvError as exc:
        return Cells([], [str(exc)])
    warnings = []
    if wrapped:
        shown = ", ".join(str(n) for n in wrapped[:5]) + (" …" if len(wrapped) > 5 else "")
        warnings.append(
            _(
                "%(file)s, lines %(lines)s: %(n)s lines were wrapped in quotation marks as a "
                "whole (Excel does this when a CSV file was opened as one column and saved "
                "again); the quotation marks were removed. Check the preview, or save the "
                "original file in Excel as “CSV UTF-8 (comma delimited)” and upload it again."
            )
            % {"file": filename, "lines": shown, "n": len(wrapped)}
        )
    return Cells([[c.strip() for c in r] for r in rows], warnings=warnings)


def read_cells(data: bytes, *, filename: str) -> tuple[list[list[str]], list[str]]:
    """``read_table_cells`` for readers that need no warnings: (rows, errors)."""
    cells = read_table_cells(data, filename=filename)
    return cells.rows, cells.errors


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
    # Stray quotes Excel left in numbers (43",00) do not hide the decimal comma.
    comma = sum(
        1 for r in rows[data_start:data_end] for c in r if re.search(r"\d,\d", c.replace('"', ""))
    )
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


def parse_table(
    data: bytes,
    *,
    mapping: TableMapping,
    filename: str = "Datei",
    places: Places | None = None,
) -> ImportResult:
    """Read the table with the chosen mapping. With ``places`` (the municipality and its
    areas) a total line becomes the municipality's value and areas may be matched by name."""
    result = ImportResult()
    cells = read_table_cells(data, filename=filename)
    for error in cells.errors:
        result.error(error)
    if cells.errors:
        return result
    result.warnings.extend(cells.warnings)
    layout = analyse(cells.rows)
    if layout is None:
        result.error(
            _(
                "%(file)s: no data lines found (a line with a key or name and numbers). Check "
                "that the file is a table with one line per area."
            )
            % {"file": filename}
        )
        return result
    _file_meta(result, layout)
    width = len(layout.columns)
    for col in [mapping.key_column, mapping.name_column, *mapping.value_columns]:
        if col >= width:
            result.error(
                _("%(file)s: column %(n)s does not exist.") % {"file": filename, "n": col + 1}
            )
            return result
    if mapping.key_column < 0 and (mapping.name_column < 0 or places is None):
        result.error(
            _("%(file)s: choose a column with the area key or one with the area name.")
            % {"file": filename}
        )
        return result
    _TableReader(result, layout, mapping, filename, places).read()
    if not result.rows and not result.errors:
        result.error(_("%(file)s: The file contains no values.") % {"file": filename})
    return result


def _file_meta(result: ImportResult, layout: TableLayout) -> None:
    result.meta["title"] = layout.title
    if layout.footer:
        result.meta["source_footer"] = " ".join(layout.footer)[:300]
        source = next((f for f in layout.footer if FOOTER.match(f) and "quelle" in f.lower()), "")
        if source:
            result.meta["source"] = re.sub(r"^\s*(daten)?quelle:?\s*", "", source, flags=re.I)[:300]


class _TableReader:
    """The data lines of one table: keys or names to areas, the total line, the values."""

    def __init__(
        self,
        result: ImportResult,
        layout: TableLayout,
        mapping: TableMapping,
        filename: str,
        places: Places | None,
    ) -> None:
        self.result, self.layout, self.mapping = result, layout, mapping
        self.filename, self.places = filename, places
        self.totals: dict[int, float] = {}
        self.sums: dict[int, float] = dict.fromkeys(mapping.value_columns, 0.0)
        self.seen: set[str] = set()
        self.repaired: list[str] = []
        self.ambiguous: dict[str, dict[str, Any]] = {}

    def column(self, col: int) -> str:
        return self.layout.columns[col]

    def read(self) -> None:
        layout, mapping = self.layout, self.mapping
        for i in range(layout.data_start, layout.data_end):
            row = layout.rows[i]
            if not any(row):
                continue
            key = row[mapping.key_column].strip() if mapping.key_column >= 0 else ""
            name = row[mapping.name_column].strip() if mapping.name_column >= 0 else ""
            named_total = self.places is not None and self.places.is_total(name or key, key)
            if i in layout.total_rows or named_total:
                self.total_line(row, i + 1, name or key)
                continue
            region = self.region(key, name, i + 1)
            if region is None:
                continue
            key = region
            if key in self.seen:
                self.result.error(
                    _("%(where)s: key “%(key)s” occurs twice.")
                    % {"where": where(self.filename, i + 1), "key": key}
                )
                continue
            self.seen.add(key)
            self.result.lines_read += 1
            self.values(row, i + 1, key, name, add_to_sum=True)
        self.finish()

    def region(self, key: str, name: str, line: int) -> str | None:
        """The area key of a line: its key column, or the area its name stands for."""
        mapping = self.mapping
        if mapping.key_column >= 0:
            if not key:
                self.result.error(
                    _("%(where)s: the key is empty. Enter the area's key or remove the line.")
                    % {"where": where(self.filename, line, self.column(mapping.key_column))}
                )
                return None
            return key.zfill(mapping.key_width) if mapping.key_width and key.isdigit() else key
        places = self.places
        if places is None:  # parse_table refuses a mapping by name without places
            return None
        column = self.column(mapping.name_column)
        if not name:
            self.result.error(
                _("%(where)s: the area name is empty. Enter the name or remove the line.")
                % {"where": where(self.filename, line, column)}
            )
            return None
        found = places.matches(name, mapping.level)
        if len(found) == 1:
            return found[0].key
        if not found:
            self.result.warnings.append(
                _(
                    "%(where)s: no area of the chosen level is called “%(name)s”; the values are "
                    "kept as an unknown area. Check the spelling or the level in the mapping."
                )
                % {"where": where(self.filename, line, column), "name": name}
            )
            return name[:40]
        norm = normalise(name)
        entry = self.ambiguous.setdefault(
            norm,
            {"name": name, "lines": [], "options": [(p.key, p.name, p.kind_label) for p in found]},
        )
        entry["lines"].append(line)
        chosen = mapping.resolved.get(norm)
        if chosen in {p.key for p in found}:
            return chosen
        self.result.error(
            _(
                "%(where)s: “%(name)s” is the name of %(n)s areas (%(areas)s). Choose the "
                "right one below the mapping."
            )
            % {
                "where": where(self.filename, line, column),
                "name": name,
                "n": len(found),
                "areas": ", ".join(f"{p.key} {p.name} – {p.kind_label or p.kind}" for p in found),
            }
        )
        return None

    def total_line(self, row: list[str], line: int, name: str) -> None:
        """The line for the whole municipality: kept to check the sum, and (with ``places``)
        stored as the municipality's delivered value."""
        for col in self.mapping.value_columns:
            raw = self.number_text(row[col], line, col)
            value = parse_number(split_symbol(raw)[0], decimal_comma=self.layout.decimal_comma)
            if value is not None:
                self.totals[col] = value
        if self.places is None:
            return
        self.result.meta["delivered_total"] = {"line": line, "name": name}
        self.result.warnings.append(
            _(
                "%(where)s: “%(name)s” is the line for the whole municipality; its values are "
                "stored as the municipality's delivered total."
            )
            % {"where": where(self.filename, line), "name": name}
        )
        self.values(row, line, self.places.municipality_key, name, add_to_sum=False)

    def number_text(self, cell: str, line: int, col: int) -> str:
        """The cell with quotes Excel put into a number removed (noted for a warning)."""
        fixed = repair_number(cell)
        if fixed is None:
            return cell
        self.repaired.append(
            _("%(where)s: “%(value)s” was read as %(fixed)s")
            % {"where": where(self.filename, line, self.column(col)), "value": cell, "fixed": fixed}
        )
        return fixed

    def values(self, row: list[str], line: int, key: str, name: str, *, add_to_sum: bool) -> None:
        layout = self.layout
        for col, variable in self.mapping.value_columns.items():
            raw, flag = split_symbol(self.number_text(row[col], line, col))
            value = None
            if raw:
                value = parse_number(raw, decimal_comma=layout.decimal_comma)
                if value is None:
                    self.bad_number(raw, line, col)
                    continue
                if add_to_sum:
                    self.sums[col] += value
            elif not flag:
                flag = "."
            self.result.rows.append(
                ObservationRow(
                    region_key=key,
                    region_name=name,
                    period=self.mapping.period,
                    variable=variable or slugify(layout.columns[col])[:80],
                    variable_label=layout.columns[col],
                    value=value,
                    flag=flag,
                )
            )

    def bad_number(self, raw: str, line: int, col: int) -> None:
        spot = where(self.filename, line, self.column(col))
        if '"' in raw:
            self.result.error(
                _(
                    "%(where)s: “%(value)s” has a quotation mark inside the value – Excel changed "
                    "the file when it was saved. Open the original file, save it in Excel as "
                    "“CSV UTF-8 (comma delimited)” and upload it again."
                )
                % {"where": spot, "value": raw}
            )
            return
        example = "1.234,5" if self.layout.decimal_comma else "1,234.5"
        self.result.error(
            _(
                "%(where)s: “%(value)s” is not a number. Allowed are e.g. 1234 or %(example)s, "
                "or a sign for a missing value (-, ., x, /)."
            )
            % {"where": spot, "value": raw, "example": example}
        )

    def finish(self) -> None:
        result = self.result
        if self.ambiguous:
            result.meta["ambiguous"] = self.ambiguous
        if self.repaired:
            more = len(self.repaired) - 1
            result.warnings.append(
                _(
                    "%(first)s (Excel had put a quotation mark into the number; %(more)s more "
                    "such cells). Check these values in the preview."
                )
                % {"first": self.repaired[0], "more": more}
            )
        for col, total in self.totals.items():
            if abs(total - self.sums[col]) > 0.5:
                result.warnings.append(
                    _(
                        "Column “%(col)s”: the “Summe” line says %(total)s, the lines add up to "
                        "%(sum)s. Please check whether lines are missing."
                    )
                    % {"col": self.column(col), "total": f"{total:g}", "sum": f"{self.sums[col]:g}"}
                )
