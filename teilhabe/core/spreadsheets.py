"""What every spreadsheet export and import shares: the formula-injection guard for exports,
and the checks of uploaded workbooks (zip bombs, XML bombs, formulas without values)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.http import HttpResponse

# A cell starting with one of these is run as a formula by Excel or LibreOffice (formula or
# CSV injection, e.g. "=HYPERLINK(…)", "+cmd|…"); such text is written with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A number as the app writes it ("-0,42", "+1.234,5 %") starts like a formula but is none.
_NUMBER = re.compile(r"[+-]?\d[\d.]*(,\d+)? ?%?")


def safe_cell(value: Any) -> Any:
    """Keep spreadsheet programs from running a text as a formula (a signed number stays a
    number)."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


# --- reading uploaded files safely ------------------------------------------------------------

# Bidirectional overrides and isolates turn text around on screen ("Trojan Source"); NUL
# bytes end strings in C libraries. Neither belongs in a name or title.
_INVISIBLE = dict.fromkeys(
    [0x00, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
)


def clean_text(value: str) -> str:
    """Remove NUL bytes and bidirectional override characters from imported text."""
    return value.translate(_INVISIBLE)


class SpreadsheetError(ValueError):
    """The upload is no readable workbook; the message is German and says what to do."""


def _xlsx_limit() -> int:
    return int(getattr(settings, "TEILHABE_XLSX_MAX_UNPACKED_BYTES", 300 * 1024 * 1024))


# Real workbooks compress 5–30:1; a sheet of one repeated cell reaches 1000:1 (a zip bomb).
_MAX_RATIO = 150
_ROOT = re.compile(rb"<(?![?!])")


def xlsx_guard(data: bytes, filename: str = "") -> zipfile.ZipFile:
    """Check an uploaded workbook before any XML of it is parsed: it must be a ZIP file, unpack
    to a sane size and ratio, and contain no XML entity declarations (billion laughs).
    Returns the opened archive; raises ``SpreadsheetError`` with a German message."""
    name = filename or _("The file")
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(
            _(
                "%(file)s is not an Excel workbook (.xlsx). If it is a CSV file, save it with "
                "the ending .csv; if it is an old .xls file, save it as .xlsx."
            )
            % {"file": name}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise SpreadsheetError(
            _("%(file)s is damaged or incomplete. Save it again in Excel and upload it anew.")
            % {"file": name}
        ) from exc
    unpacked = sum(m.file_size for m in members)
    bomb = any(
        m.file_size > 10 * 1024 * 1024 and m.file_size > _MAX_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if unpacked > _xlsx_limit() or bomb:
        raise SpreadsheetError(
            _(
                "%(file)s unpacks to %(mb)s MB and was refused (at most %(max)s MB, no extreme "
                "compression). Remove unused sheets or split the file."
            )
            % {"file": name, "mb": unpacked // (1024 * 1024), "max": _xlsx_limit() // (1024 * 1024)}
        )
    for member in members:
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(member) as fh:
                head = fh.read(1 << 20)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise SpreadsheetError(
                _("%(file)s is damaged or incomplete. Save it again in Excel and upload it anew.")
                % {"file": name}
            ) from exc
        root = _ROOT.search(head)
        prolog = head[: root.start()] if root else head
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog or (root is None and head):
            raise SpreadsheetError(
                _(
                    "%(file)s contains XML entity declarations, which Excel never writes; it "
                    "was refused. Save it again in Excel."
                )
                % {"file": name}
            )
    return archive


_SHEET = re.compile(rb'<sheet\b[^>]*\br:id="([^"]+)"')
_CELL_FORMULA = re.compile(
    rb'<c\b[^>]*\br="([A-Z]+)(\d+)"[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)


def formulas_without_values(archive: zipfile.ZipFile) -> list[tuple[int, str]]:
    """(line, column letter) of the first sheet's cells with a formula but no stored result:
    files written by scripts or web tools that Excel never recalculated. Read as values they
    would be empty, so the importers name them instead."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    first = _SHEET.search(book)
    if first is None:
        return []
    rel = re.search(rb'Id="' + re.escape(first.group(1)) + rb'"[^>]*Target="([^"]+)"', rels)
    rel = rel or re.search(rb'Target="([^"]+)"[^>]*Id="' + re.escape(first.group(1)) + rb'"', rels)
    if rel is None:
        return []
    target = rel.group(1).decode().lstrip("/")
    path = target if target.startswith("xl/") else f"xl/{target}"
    try:
        sheet = archive.read(path)
    except KeyError:
        return []
    return [(int(m.group(2)), m.group(1).decode()) for m in _CELL_FORMULA.finditer(sheet)]


def formula_errors(archive: zipfile.ZipFile) -> list[str]:
    """German errors for ``formulas_without_values``, at most ten."""
    cells = formulas_without_values(archive)
    errors = [
        _(
            "Line %(line)s, column %(col)s: the cell holds a formula without a stored result. "
            "Open the file in Excel or LibreOffice, let it calculate and save it again."
        )
        % {"line": line, "col": col}
        for line, col in cells[:10]
    ]
    if len(cells) > 10:
        errors.append(_("%(n)s more cells with formulas follow.") % {"n": len(cells) - 10})
    return errors


# --- reading a table from an upload -------------------------------------------------------------


def read_table(data: bytes, filename: str) -> list[list[Any]]:
    """The rows of the first sheet of a workbook or of a CSV file. What the file is, is told by
    its content, not its name (a CSV file renamed to .xlsx is read as CSV). Bad files end in a
    ``SpreadsheetError`` with a German message naming the line."""
    from openpyxl import load_workbook

    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        archive = xlsx_guard(data, filename)  # zip and XML bombs, not a workbook at all
        formulas = formula_errors(archive)
        if formulas:
            raise SpreadsheetError("\n".join(formulas))
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise SpreadsheetError(_("The file is not a readable Excel workbook (.xlsx).")) from exc
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    text = clean_text(decode_text(data)).replace("\r\n", "\n").replace("\r", "\n")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return [list(r) for r in reader]
    except csv.Error as exc:
        raise SpreadsheetError(
            _(
                "Line %(line)s: the line cannot be read: a field is longer than %(limit)s "
                "characters or a quotation mark is not closed."
            )
            % {"line": reader.line_num, "limit": f"{csv.field_size_limit():,}".replace(",", ".")}
        ) from exc


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 ("Unicode text"), else Windows-1252 as Excel
    writes "CSV (Trennzeichen-getrennt)" on German Windows."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _("The file is neither an Excel workbook nor a text file (CSV). Check the file.")
        ) from exc


# --- writing files ---------------------------------------------------------------------------


def german_decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".replace(".", ",")


def german_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def write_xlsx(*, sheets: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    """Workbook with one sheet per (title, headers, rows). Texts that look like formulas are
    stored as text; dates and amounts as real Excel values with German formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title[:31])
        ws.append([safe_cell(h) for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([None] * len(row))
            r = ws.max_row
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula
                    if value.startswith(FORMULA_START):
                        cell.quotePrefix = True
                elif isinstance(value, date):
                    cell.number_format = "DD.MM.YYYY"
                elif isinstance(value, Decimal):
                    cell.number_format = "#,##0.00"
        ws.freeze_panes = "A2"
        for c, header in enumerate(headers, start=1):
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = max(
                12, min(50, len(header) + 4)
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_csv(*, headers: list[str], rows: list[list[Any]]) -> bytes:
    """Semicolon-separated, UTF-8 with BOM (Excel opens it right), German dates and decimal
    commas, formula-like texts guarded."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in headers])  # a header may carry a name, too
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, bool):
                cells.append("ja" if value else "nein")
            elif isinstance(value, Decimal):
                cells.append(german_decimal(value))
            elif isinstance(value, date):
                cells.append(german_date(value))
            elif value is None:
                cells.append("")
            else:
                cells.append(str(safe_cell(str(value))))
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def spreadsheet_response(content: bytes, filename: str, fmt: str) -> HttpResponse:
    """The download of a file written by ``write_xlsx`` (fmt "xlsx") or ``write_csv`` ("csv")."""
    from django.http import HttpResponse

    types = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8",
    }
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
