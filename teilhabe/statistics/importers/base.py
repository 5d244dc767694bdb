"""Shared parts of the importers: result types, decoding, separators, numbers and the
official symbols of German statistics."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.core.spreadsheets import clean_text

# The symbols of official statistics (Zeichenerklärung, GENESIS): a value that is missing or
# withheld is never read as 0.
OFFICIAL_SYMBOLS: dict[str, str] = {
    "-": "nichts vorhanden (genau null)",
    ".": "Zahlenwert unbekannt oder geheim zu halten",
    "/": "keine Angaben, da Zahlenwert nicht sicher genug",
    "x": "Tabellenfach gesperrt, da Aussage nicht sinnvoll",
    "...": "Angabe fällt später an",
    "…": "Angabe fällt später an",
    "()": "Aussagewert eingeschränkt",
}

# What offices write instead of an official symbol: dashes of every length, a capital X,
# "k. A." (keine Angabe). Read as the official symbol they stand for.
SYMBOL_ALIASES: dict[str, str] = {
    "–": "-",
    "—": "-",
    "X": "x",
    "k.A.": ".",
    "k. A.": ".",
    "n.v.": ".",
    "n. v.": ".",
}

MAX_ERRORS = 50


@dataclass
class ObservationRow:
    region_key: str
    region_name: str
    period: date
    variable: str
    value: float | None
    variable_label: str = ""
    category: str = ""
    category_label: str = ""
    sex: str = ""
    age_band: str = ""
    flag: str = ""


@dataclass
class ImportResult:
    rows: list[ObservationRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # What the file says about itself: title, table_code, source, territorial_status …
    meta: dict[str, Any] = field(default_factory=dict)
    is_estimate: bool = False
    lines_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def error(self, message: str) -> bool:
        """Add an error; False once there are too many to be useful."""
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)
            return True
        if len(self.errors) == MAX_ERRORS:
            self.errors.append(_("More errors follow; correct the ones above first."))
        return False

    @property
    def periods(self) -> list[date]:
        return sorted({r.period for r in self.rows})


SAMPLE_LINES = 1000


def read_sample(path: Path, *, lines: int = SAMPLE_LINES + 50) -> bytes:
    """The beginning of an uploaded file for the preview: its first lines (the title and
    header lines and a thousand data lines), never more than 16 MB. A workbook is read
    whole (a ZIP archive cannot be cut)."""
    with path.open("rb") as fh:
        if fh.read(4) == b"PK\x03\x04":
            return path.read_bytes()
        fh.seek(0)
        chunks: list[bytes] = []
        size = 0
        while len(chunks) < lines and size < 16 << 20:
            line = fh.readline(1 << 20)  # a file with CR line ends is one long "line"
            if not line:
                break
            chunks.append(line)
            size += len(line)
    return b"".join(chunks)


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252, else latin-1. Line ends CR, LF, CRLF
    all become LF."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode text" from Excel: UTF-16
        try:
            text = data.decode("utf-16")
            return text.replace("\r\n", "\n").replace("\r", "\n"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def sniff_delimiter(text: str) -> str:
    """``;`` or ``,`` (or tab), decided on the first lines outside quotes."""
    sample = [line for line in text.split("\n", 20)[:20] if line.strip()]
    counts = {d: sum(_count_outside_quotes(line, d) for line in sample) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def _count_outside_quotes(line: str, delimiter: str) -> int:
    inside, count = False, 0
    for char in line:
        if char == '"':
            inside = not inside
        elif char == delimiter and not inside:
            count += 1
    return count


def _is_wrapped(line: str) -> bool:
    """A line Excel wrapped in quotes as a whole – ``"101;Altstadt;""1.234,5"";7"`` – one
    quoted field (inner quotes doubled) that holds separators."""
    text = line.strip()
    if len(text) < 3 or text[0] != '"' or text[-1] != '"':
        return False
    inner = text[1:-1]
    return '"' not in inner.replace('""', "") and any(d in inner for d in ";\t,")


def unwrap_quoted_lines(text: str) -> tuple[str, list[int]]:
    """Undo Excel's whole-line quoting (a file saved again after it was opened as one column):
    each such line loses its outer quotes and its doubled inner quotes. Returns the text and
    the numbers of the repaired lines (none when only a single line looks wrapped: that may
    be a quoted title)."""
    lines = text.split("\n")
    wrapped = [i for i, line in enumerate(lines) if _is_wrapped(line)]
    if len(wrapped) < 2:
        return text, []
    for i in wrapped:
        lines[i] = lines[i].strip()[1:-1].replace('""', '"')
    return "\n".join(lines), [i + 1 for i in wrapped]


# A number Excel broke with a stray quote: 43",00 or "1.234",5 (the decimal part cut off).
_MANGLED_NUMBER = re.compile(r'^"?[+-]?[\d.]+"?,"?\d+"?$')


def repair_number(text: str) -> str | None:
    """The number in a cell with stray quotation marks (``43",00`` → ``43,00``), or None when
    the cell is no such number."""
    if '"' not in text or not _MANGLED_NUMBER.match(text.strip()):
        return None
    return text.replace('"', "").strip()


class CsvError(ValueError):
    """The text cannot be split into fields; the message is German and names the line."""


def read_rows(text: str, delimiter: str, *, filename: str = "Datei") -> list[list[str]]:
    """The fields of every line. NUL bytes and bidirectional overrides are removed from the
    text (they only hide or turn around what a name says)."""
    reader = csv.reader(io.StringIO(clean_text(text)), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:
        raise CsvError(
            _(
                "%(file)s, line %(line)s: the line cannot be read: a field is longer than "
                "%(limit)s characters or a quotation mark is not closed."
            )
            % {
                "file": filename,
                "line": reader.line_num,
                "limit": f"{csv.field_size_limit():,}".replace(",", "."),
            }
        ) from exc


def parse_number(text: str, *, decimal_comma: bool) -> float | None:
    """German or English number text to float; None if it is not a number. Thousands
    separators (1.234,5 or 1 234) are accepted."""
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if not value:
        return None
    thousands, point = (".", ",") if decimal_comma else (",", ".")
    if thousands in value:
        # A thousands separator only between groups of three digits: "27000,5" in a file with
        # decimal points is not 270005, and "1.5" in a file with decimal commas is not 15.
        whole = value.split(point, 1)[0].lstrip("+-")
        groups = whole.split(thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        value = value.replace(thousands, "")
    value = value.replace(point, ".")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number == number else None  # NaN is not a value


def split_symbol(text: str) -> tuple[str, str]:
    """Separate an official symbol from a value: "." → ("", "."), "(12)" → ("12", "()")."""
    value = text.strip()
    value = SYMBOL_ALIASES.get(value, value)
    if value in OFFICIAL_SYMBOLS:
        return "", value
    if value.startswith("(") and value.endswith(")"):
        return value[1:-1], "()"
    return value, ""


def year_end(year: int) -> date:
    return date(year, 12, 31)


def parse_period(text: str) -> date | None:
    """Stichtag: "31.12.2022", "2022-12-31", or a year "2022" (→ 31.12.)."""
    value = text.strip()
    try:
        if len(value) == 4 and value.isdigit():
            return year_end(int(value))
        if len(value) == 10 and value[2] == "." and value[5] == ".":
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
        if len(value) == 10 and value[4] == "-":
            return date.fromisoformat(value)
    except ValueError:
        return None
    return None


def key_level(key: str) -> str:
    """The level of an official regional key: 2 digits Land, 5 Kreis, 8 AGS, 12 ARS;
    "DG" or "0" Germany."""
    if key in ("DG", "D", "0", "00"):
        return "bund"
    if key.isdigit():
        return {2: "land", 3: "regbez", 5: "kreis", 8: "gemeinde", 9: "verband", 12: "ars"}.get(
            len(key), ""
        )
    return ""


def ags_to_ars(ags: str) -> str:
    """8-digit AGS → 12-digit ARS with the association number 0000 (kreisfreie Stadt)."""
    return ags[:5] + "0000" + ags[5:] if len(ags) == 8 else ags


def where(filename: str, line: int, column: str = "") -> str:
    if column:
        return _("%(file)s, line %(line)s, column “%(col)s”") % {
            "file": filename,
            "line": line,
            "col": column,
        }
    return _("%(file)s, line %(line)s") % {"file": filename, "line": line}
