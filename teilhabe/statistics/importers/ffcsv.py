"""GENESIS flat files (``ffcsv``) in both layouts:

* new (English columns): ``statistics_code;statistics_label;time_code;time_label;time;
  1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;…;
  value;value_unit;value_variable_code;value_variable_label;value_q``
* old (German columns): ``Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;
  1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;…;
  CODE__Label__Einheit;CODE__Label__q``

Land-wide files have millions of lines, so the file is scanned with DuckDB (columnar,
multi-threaded) and only the rows of the regions asked for (the city, its Kreis, its Land,
Germany) reach Python.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path

import duckdb
from django.utils.translation import gettext as _

from teilhabe.statistics.importers.base import (
    OFFICIAL_SYMBOLS,
    ImportResult,
    ObservationRow,
    parse_period,
    year_end,
)

REGIONAL_VARIABLES = {"DINSG", "DLAND", "REGBEZ", "KREISE", "GEMEINDE", "GEMVB", "GVB", "DG"}
SEX_VARIABLES = {"GES", "GESCH"}
NEW = {
    "prefix": "variable",
    "attr": "variable_attribute",
    "time": "time",
    "stat": "statistics_code",
}
OLD = {"prefix": "Merkmal", "attr": "Auspraegung", "time": "Zeit", "stat": "Statistik_Code"}
_OLD_VALUE = re.compile(r"^([A-Z0-9]+)__(.+?)__(.+)$")


@contextlib.contextmanager
def _as_path(source: bytes | Path) -> Iterator[Path]:
    if isinstance(source, Path):
        head = source.open("rb").read(65536)
        if b"\r" in head and b"\n" not in head:  # classic Mac line ends: DuckDB needs LF
            with tempfile.NamedTemporaryFile(suffix=".csv") as tmp:
                tmp.write(source.read_bytes().replace(b"\r", b"\n"))
                tmp.flush()
                yield Path(tmp.name)
            return
        yield source
        return
    data = source
    if b"\r" in data[:65536] and b"\n" not in data[:65536]:
        data = data.replace(b"\r", b"\n")
    with tempfile.NamedTemporaryFile(suffix=".csv") as tmp:
        tmp.write(data)
        tmp.flush()
        yield Path(tmp.name)


def _encoding(head: bytes) -> str:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut off at the sample's end
            return "latin-1"
    return "utf-8"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def parse_ffcsv(
    source: bytes | Path,
    *,
    filename: str = "Datei",
    keep_keys: Collection[str] | None = None,
    threads: int | None = None,
) -> ImportResult:
    """Read a flat file; with ``keep_keys`` only rows whose regional key is among them."""
    result = ImportResult()
    with _as_path(source) as path:
        head = path.open("rb").read(65536)
        encoding = _encoding(head)
        first = head.decode(encoding, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        header = [h.strip().strip('"') for h in first.strip("\r").split(delimiter)]
        layout = NEW if "statistics_code" in header else OLD if "Statistik_Code" in header else None
        if layout is None:
            result.error(
                _(
                    "%(file)s, line 1: this is not a GENESIS flat file. The first column must be "
                    "“statistics_code” (new layout) or “Statistik_Code” (old layout)."
                )
                % {"file": filename}
            )
            return result
        con = duckdb.connect()
        if threads:
            con.execute(f"SET threads={int(threads)}")
        with con:
            return _scan(
                con, path, encoding, delimiter, header, layout, keep_keys, filename, result
            )


def _scan(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    encoding: str,
    delimiter: str,
    header: list[str],
    layout: dict[str, str],
    keep_keys: Collection[str] | None,
    filename: str,
    result: ImportResult,
) -> ImportResult:
    dims = sorted(
        {
            int(h.split("_", 1)[0])
            for h in header
            if re.match(rf"^\d+_{layout['prefix']}_Code$", h, re.I)
        }
    )
    if not dims:
        result.error(
            _("%(file)s, line 1: no characteristic columns (1_…_Code) found.") % {"file": filename}
        )
        return result
    csv_args = (
        f"read_csv('{path.as_posix()}', delim='{delimiter}', header=true, all_varchar=true, "
        f"encoding='{encoding}', quote='\"', escape='\"', null_padding=false)"
    )
    try:
        sample = con.execute(f"SELECT * FROM {csv_args} LIMIT 1").fetchone()  # noqa: S608
    except duckdb.Error as exc:
        result.error(_duck_message(exc, filename))
        return result
    if sample is None:
        result.error(_("%(file)s: The file contains no values.") % {"file": filename})
        return result
    row = dict(zip(header, sample, strict=False))
    pfx, attr = layout["prefix"], layout["attr"]
    code_col = {d: _find(header, f"{d}_{pfx}_Code") for d in dims}
    attr_col = {d: _find(header, f"{d}_{attr}_Code") for d in dims}
    label_col = {d: _find(header, f"{d}_{attr}_Label") for d in dims}
    regional = next(
        (d for d in dims if (row.get(code_col[d]) or "").upper() in REGIONAL_VARIABLES), None
    )
    if regional is None:
        result.error(
            _(
                "%(file)s: no regional characteristic (e.g. GEMEINDE, KREISE, DLAND) found; "
                "Teilhabe needs values per region."
            )
            % {"file": filename}
        )
        return result
    roles: dict[int, str] = {}
    for d in dims:
        if d == regional:
            continue
        code = (row.get(code_col[d]) or "").upper()
        roles[d] = "sex" if code in SEX_VARIABLES else "age" if code.startswith("ALT") else "cat"
    # Value columns: one "value" (new) or several CODE__Label__Unit (old), unpivoted.
    if layout is NEW:
        value_selects = [
            (
                "value_variable_code",
                "value_variable_label",
                "value",
                "value_q" if "value_q" in header else "''",
            )
        ]
        value_selects = [tuple(_quote(c) if c != "''" else c for c in v) for v in value_selects]
    else:
        value_selects = []
        for h in header:
            match = _OLD_VALUE.match(h)
            if match and match.group(3) != "q":
                q = f"{match.group(1)}__{match.group(2)}__q"
                value_selects.append(
                    (
                        f"'{match.group(1)}'",
                        "'" + match.group(2).replace("_", " ").replace("'", "") + "'",
                        _quote(h),
                        _quote(q) if q in header else "''",
                    )
                )
        if not value_selects:
            result.error(
                _("%(file)s, line 1: no value column (CODE__Label__Unit) found.")
                % {"file": filename}
            )
            return result
    cats = [d for d, r in roles.items() if r == "cat"]
    sex = next((d for d, r in roles.items() if r == "sex"), None)
    age = next((d for d, r in roles.items() if r == "age"), None)

    def col(name: str | None) -> str:
        return _quote(name) if name else "''"

    cat_code = " || '/' || ".join(col(attr_col[d]) for d in cats) if cats else "''"
    cat_label = " || ' / ' || ".join(col(label_col[d]) for d in cats) if cats else "''"
    region = col(attr_col[regional])
    where_sql = ""
    params: list[object] = []
    if keep_keys is not None:
        where_sql = f"WHERE {region} IN (SELECT unnest(?))"
        params.append(list(keep_keys))
    # Identifiers from the header are quoted by _quote; the keys are passed as parameters.
    parts = [
        f"SELECT {region}, {col(label_col[regional])}, {col(_find(header, layout['time']))}, "  # noqa: S608
        f"{code} , {label}, {cat_code}, {cat_label}, "
        f"{col(attr_col[sex]) if sex else chr(39) * 2}, "
        f"{col(attr_col[age]) if age else chr(39) * 2}, {value}, {quality}, "
        f"{col(_find(header, layout['stat']))} "
        f"FROM {csv_args} {where_sql}"
        for code, label, value, quality in value_selects
    ]
    query = " UNION ALL ".join(parts)
    try:
        records = con.execute(query, params * len(parts)).fetchall()
    except duckdb.Error as exc:
        result.error(_duck_message(exc, filename))
        return result
    periods: dict[str, object] = {}
    for rec in records:
        (key, name, time, var, var_label, cat, cat_lbl, sex_v, age_v, raw, quality, stat) = rec
        result.meta.setdefault("table_code", stat or "")
        if time not in periods:
            periods[time] = parse_period(time or "") or (
                year_end(int(time)) if (time or "").isdigit() else None
            )
        period = periods[time]
        if period is None:
            result.error(
                _("%(file)s: “%(value)s” in the time column is not a reference date or year.")
                % {"file": filename, "value": time}
            )
            return result
        text = (raw or "").strip()
        flag = ""
        value: float | None = None
        if text in OFFICIAL_SYMBOLS or text == "":
            flag = text or "."
        else:
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                result.error(
                    _(
                        "%(file)s: region %(key)s, %(time)s: “%(value)s” is neither a number nor an "
                        "official symbol."
                    )
                    % {"file": filename, "key": key, "time": time, "value": text}
                )
                continue
        result.rows.append(
            ObservationRow(
                region_key=key,
                region_name=name or "",
                period=period,  # type: ignore[arg-type]
                variable=var or "",
                variable_label=var_label or "",
                category=(cat or "")[:80],
                category_label=(cat_lbl or "")[:200],
                sex={"GESM": "m", "GESW": "w"}.get(sex_v or "", sex_v or ""),
                age_band=age_v or "",
                value=value,
                flag=flag if value is None else ("()" if quality == "()" else ""),
            )
        )
    result.lines_read = len(records)
    if not result.rows and not result.errors:
        result.error(
            _("%(file)s: The file contains no values for the regions asked for (%(keys)s).")
            % {"file": filename, "keys": ", ".join(sorted(keep_keys or []))}
        )
    return result


def _find(header: list[str], name: str) -> str | None:
    lower = name.lower()
    return next((h for h in header if h.lower() == lower), None)


def _duck_message(exc: Exception, filename: str) -> str:
    text = str(exc)
    line = re.search(r"[Ll]ine:?\s*(\d+)", text)
    if line:
        return _(
            "%(file)s, line %(line)s: the line cannot be read (wrong number of fields or quotes)."
        ) % {"file": filename, "line": line.group(1)}
    return _("%(file)s: the file cannot be read as CSV (%(reason)s).") % {
        "file": filename,
        "reason": text.splitlines()[0][:200],
    }
