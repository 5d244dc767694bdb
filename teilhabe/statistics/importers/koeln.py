"""The long format of the Köln open data (``bevoelkerung.csv``):
``id,tab_id,tabelle,jahr,raum_id,raum,zei_id,zeile,zahl`` – one value per line.

``raum_id`` 000 is the whole city, 001–009 the Stadtbezirke, 101–909 the Stadtteile. The year
is the reference date 31.12. of that year.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

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
    year_end,
)

WHOLE_MUNICIPALITY = "*"
COLUMNS = ["id", "tab_id", "tabelle", "jahr", "raum_id", "raum", "zei_id", "zeile", "zahl"]


def parse_koeln(data: bytes, *, filename: str = "Datei") -> ImportResult:
    result = ImportResult(
        meta={
            "title": "Bevölkerung nach Stadtteilen",
            "table_code": "koeln-bevoelkerung",
            "source": "Stadt Köln, Amt für Stadtentwicklung und Statistik",
            "licence": "CC BY",
            "attribution": "Stadt Köln – Amt für Stadtentwicklung und Statistik, Lizenz CC BY",
        }
    )
    text, _encoding = decode(data)
    try:
        rows = read_rows(text, sniff_delimiter(text), filename=filename)
    except CsvError as exc:
        result.error(str(exc))
        return result
    if not rows:
        result.error(_("%(file)s: The file is empty.") % {"file": filename})
        return result
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        result.error(
            _(
                "%(file)s, line 1: the columns %(missing)s are missing. Expected is the Köln long "
                "format with the columns %(expected)s."
            )
            % {"file": filename, "missing": ", ".join(missing), "expected": ", ".join(COLUMNS)}
        )
        return result
    idx = {name: header.index(name) for name in COLUMNS}
    width = len(header)
    out = result.rows
    seen: set[tuple[str, str, str, str]] = set()
    for number, cells in enumerate(rows[1:], start=2):
        if not cells or all(not c.strip() for c in cells):
            continue
        result.lines_read += 1
        if len(cells) != width:
            if not result.error(
                _("%(where)s: %(n)s fields instead of %(m)s. Check separators and quotes.")
                % {"where": where(filename, number), "n": len(cells), "m": width}
            ):
                break
            continue
        year = cells[idx["jahr"]].strip()
        if not (len(year) == 4 and year.isdigit()):
            result.error(
                _("%(where)s: “%(value)s” is not a year. Allowed are four digits, e.g. 2012.")
                % {"where": where(filename, number, "jahr"), "value": year}
            )
            continue
        raum = cells[idx["raum_id"]].strip()
        if not raum:
            result.error(
                _("%(where)s: the area key is empty.")
                % {"where": where(filename, number, "raum_id")}
            )
            continue
        raw, flag = split_symbol(cells[idx["zahl"]])
        value = None
        if raw:
            value = parse_number(raw, decimal_comma=False)
            if value is None:
                result.error(
                    _("%(where)s: “%(value)s” is not a number. Allowed are e.g. 1234 or 1234.0.")
                    % {"where": where(filename, number, "zahl"), "value": raw}
                )
                continue
        elif not flag:
            flag = "."
        tab, zei = cells[idx["tab_id"]].strip(), cells[idx["zei_id"]].strip()
        identity = (year, raum, tab, zei)
        if identity in seen:
            result.error(
                _(
                    "%(where)s: the value for year %(year)s, area %(area)s, table %(tab)s, line %(zei)s occurs twice."
                )
                % {
                    "where": where(filename, number),
                    "year": year,
                    "area": raum,
                    "tab": tab,
                    "zei": zei,
                }
            )
            continue
        seen.add(identity)
        out.append(
            ObservationRow(
                region_key=WHOLE_MUNICIPALITY if raum.strip("0") == "" else raum,
                region_name=cells[idx["raum"]].strip(),
                period=year_end(int(year)),
                variable=tab,
                variable_label=cells[idx["tabelle"]].strip(),
                category=zei,
                category_label=cells[idx["zeile"]].strip(),
                value=value,
                flag=flag,
            )
        )
    if not out and not result.errors:
        result.error(_("%(file)s: The file contains no values.") % {"file": filename})
    return result
