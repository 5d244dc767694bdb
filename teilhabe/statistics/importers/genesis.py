"""GENESIS-Online / Regionalstatistik tables in the "classic" CSV layout: title lines, a header
of one or more rows (merged cells are empty and continue the cell to their left), data rows
starting with the regional key and name, and a footer (``__________``, ``Stand:``,
``(C)opyright …``). Latin-1 or UTF-8, ``;``, decimal comma, official symbols."""

from __future__ import annotations

import re

from django.utils.text import slugify
from django.utils.translation import gettext as _

from teilhabe.statistics.importers.base import (
    OFFICIAL_SYMBOLS,
    CsvError,
    ImportResult,
    ObservationRow,
    decode,
    key_level,
    parse_number,
    parse_period,
    read_rows,
    sniff_delimiter,
    split_symbol,
    where,
)

SEXES = {"männlich": "m", "weiblich": "w", "insgesamt": ""}
_CODE = re.compile(r"GENESIS-Tabelle:\s*([\w\-]+)", re.IGNORECASE)
_FOOTER = ("____", "stand:", "(c)", "©", "quelle:", "zeichenerklärung", "hinweis")


def _is_key(cell: str) -> bool:
    value = cell.strip()
    return bool(key_level(value)) or value in ("DG",)


def parse_genesis(data: bytes, *, filename: str = "Datei") -> ImportResult:
    result = ImportResult()
    text, _encoding = decode(data)
    try:
        rows = read_rows(text, sniff_delimiter(text), filename=filename)
    except CsvError as exc:
        result.error(str(exc))
        return result
    first_data = next(
        (i for i, r in enumerate(rows) if len(r) >= 3 and _is_key(r[0]) and r[1].strip()), None
    )
    if first_data is None:
        result.error(
            _(
                "%(file)s: no data lines found. A GENESIS table has lines that start with a "
                "regional key (e.g. 05315) and a name."
            )
            % {"file": filename}
        )
        return result
    # Title lines and header rows above the data.
    header_rows: list[list[str]] = []
    for row in rows[:first_data]:
        line = ";".join(row)
        match = _CODE.search(line)
        if match:
            result.meta["table_code"] = match.group(1)
            continue
        cells = [c.strip() for c in row]
        if len(cells) >= 3 and any(cells[2:]):
            header_rows.append(cells)
        elif cells and cells[0] and "title" not in result.meta:
            result.meta["title"] = cells[0]
    width = max(len(r) for r in rows[first_data : first_data + 50])
    columns = _column_labels(header_rows, width)
    period_all = next((p for r in header_rows for c in r if (p := parse_period(c))), None)
    table = result.meta.get("table_code", "genesis")
    number = first_data
    for number, row in enumerate(rows[first_data:], start=first_data + 1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if cells[0].lower().startswith(_FOOTER):
            _read_footer(result, rows[number - 1 :])
            break
        if not _is_key(cells[0]):
            result.error(
                _("%(where)s: “%(value)s” is not a regional key (2, 5, 8 or 12 digits, or DG).")
                % {"where": where(filename, number, "1"), "value": cells[0]}
            )
            continue
        result.lines_read += 1
        for col in range(2, min(len(cells), width)):
            label_parts = columns[col]
            period = next((p for part in label_parts if (p := parse_period(part))), period_all)
            if period is None:
                result.error(
                    _("%(where)s: no reference date found in the header of this column.")
                    % {"where": where(filename, number, str(col + 1))}
                )
                break
            sex = next((SEXES[p.lower()] for p in label_parts if p.lower() in SEXES), "")
            rest = [p for p in label_parts if not parse_period(p) and p.lower() not in SEXES]
            category_label = " / ".join(rest)
            raw, flag = split_symbol(cells[col])
            value = None
            if raw:
                value = parse_number(raw, decimal_comma=True)
                if value is None:
                    result.error(
                        _(
                            "%(where)s: “%(value)s” is neither a number nor an official symbol "
                            "(%(symbols)s)."
                        )
                        % {
                            "where": where(filename, number, str(col + 1)),
                            "value": raw,
                            "symbols": " ".join(OFFICIAL_SYMBOLS),
                        }
                    )
                    continue
            elif not flag:
                continue  # an empty cell outside the table
            result.rows.append(
                ObservationRow(
                    region_key=cells[0],
                    region_name=cells[1],
                    period=period,
                    variable=table,
                    variable_label=result.meta.get("title", table),
                    category=slugify(category_label)[:80],
                    category_label=category_label,
                    sex=sex,
                    value=value,
                    flag=flag,
                )
            )
    if not result.rows and not result.errors:
        result.error(_("%(file)s: The file contains no values.") % {"file": filename})
    return result


def _column_labels(header_rows: list[list[str]], width: int) -> list[list[str]]:
    """Combine the header rows per column; an empty cell continues the one to its left
    (merged cells)."""
    labels: list[list[str]] = [[] for _ in range(width)]
    for row in header_rows:
        current = ""
        for col in range(2, width):
            cell = row[col] if col < len(row) else ""
            if cell:
                current = cell
            if current and current not in ("Stichtag", "Jahr"):
                labels[col].append(current)
    return labels


def _read_footer(result: ImportResult, rows: list[list[str]]) -> None:
    for row in rows:
        line = " ".join(c.strip() for c in row if c.strip())
        if line.lower().startswith("stand:"):
            result.meta["territorial_status"] = line.split(":", 1)[1].strip()
        elif line.startswith(("(C)", "(c)", "©")):
            result.meta.setdefault("source", line.replace("(C)opyright", "©").strip())
