"""Export of a survey's raw answers: one row per response, one column per question (and per
matrix row or ranked option), as CSV or XLSX.

The rows are pivoted in the database (one GROUP BY over the answers) and streamed to the file
chunk by chunk, so memory stays flat for 100,000 responses. Every text cell that a spreadsheet
would read as a formula (starting with =, +, -, @, tab or carriage return) gets a leading
apostrophe (formula injection, CWE-1236).
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from django.db import connection

from teilhabe.core.spreadsheets import safe_cell
from teilhabe.participation.models import Question, QuestionKind, Survey


def _label(question: Question, key: str, attr: str = "options") -> str:
    for item in getattr(question, attr) or []:
        if str(item["key"]) == key:
            return (item.get("text") or {}).get("de", key)
    return key


def _safe_key(key: object) -> str:
    """Option keys are generated as o1, o2 …; anything else is stripped before it reaches SQL."""
    return re.sub(r"[^A-Za-z0-9_-]", "", str(key))[:20]


def export_columns(survey: Survey) -> list[tuple[str, str, Question, str]]:
    """(header, SQL aggregate, question, part) per column, in questionnaire order."""
    vendor = connection.vendor
    sep = "'; '"

    def agg(expr: str, where: str) -> str:
        if vendor == "postgresql":
            return f"string_agg({expr}, {sep} ORDER BY a.id) FILTER (WHERE {where})"
        return f"group_concat(CASE WHEN {where} THEN {expr} END, {sep})"

    columns = []
    number = 0
    for q in survey.questions.order_by("position", "pk"):
        if q.kind == QuestionKind.SECTION:
            continue
        number += 1
        head = f"F{number} {q.text_in('de')}"
        qid = int(q.pk)
        if q.kind == QuestionKind.MATRIX:
            for row in q.rows or []:
                key = _safe_key(row["key"])
                columns.append(
                    (
                        f"{head} – {(row.get('text') or {}).get('de', key)}",
                        agg("a.choice", f"a.question_id = {qid} AND a.row = '{key}'"),
                        q,
                        "choice",
                    )
                )
        elif q.kind == QuestionKind.RANKING:
            for option in q.options or []:
                key = _safe_key(option["key"])
                columns.append(
                    (
                        f"{head} – {(option.get('text') or {}).get('de', key)} (Rang)",
                        agg(
                            "CAST(CAST(a.number AS INTEGER) AS TEXT)",
                            f"a.question_id = {qid} AND a.choice = '{key}'",
                        ),
                        q,
                        "rank",
                    )
                )
        elif q.kind == QuestionKind.NUMBER:
            columns.append(
                (head, agg("CAST(a.number AS TEXT)", f"a.question_id = {qid}"), q, "number")
            )
        elif q.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            columns.append((head, agg("a.text", f"a.question_id = {qid}"), q, "text"))
        else:
            columns.append((head, agg("a.choice", f"a.question_id = {qid}"), q, "choice"))
            if q.allow_other:
                columns.append(
                    (
                        f"{head} – Anderes",
                        agg("a.text", f"a.question_id = {qid} AND a.choice = '_other'"),
                        q,
                        "text",
                    )
                )
    return columns


def export_sql(survey: Survey) -> tuple[str, list[str], list[tuple[str, str, Question, str]]]:
    """The pivot query (id, day, language, channel, one column per question) and headers."""
    columns = export_columns(survey)
    select = ", ".join(sql for _h, sql, _q, _p in columns) or "NULL"
    # Only integers and keys reduced to [A-Za-z0-9_-] are interpolated into the query.
    sql = (
        "SELECT r.id, r.submitted_on, r.language, r.channel, "  # noqa: S608
        f"{select} FROM participation_response r "
        "LEFT JOIN participation_answer a ON a.response_id = r.id "
        f"WHERE r.survey_id = {int(survey.pk)} GROUP BY r.id, r.submitted_on, r.language, r.channel "
        "ORDER BY r.id"
    )
    headers = ["Nr.", "Datum", "Sprache", "Kanal", *[h for h, _s, _q, _p in columns]]
    return sql, headers, columns


def export_rows(survey: Survey, chunk: int = 5000) -> Iterator[list[Any]]:
    """Rows with the option keys replaced by their German labels (values formula-safe)."""
    sql, _headers, columns = export_sql(survey)
    labels: list[dict[str, str] | None] = []
    for _h, _s, q, part in columns:
        if part == "choice":
            if q.kind == QuestionKind.SCALE or q.kind == QuestionKind.AREA:
                labels.append(None)
            else:
                mapping = {
                    str(o["key"]): (o.get("text") or {}).get("de", o["key"])
                    for o in q.options or []
                }
                mapping["_other"] = "Anderes"
                labels.append(mapping)
        else:
            labels.append(None)
    channel = {"online": "online", "paper": "Papier"}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while True:
            batch = cursor.fetchmany(chunk)
            if not batch:
                break
            for rec in batch:
                row: list[Any] = [rec[0], str(rec[1]), rec[2], channel.get(rec[3], rec[3])]
                for value, mapping in zip(rec[4:], labels, strict=False):
                    if value is None:
                        row.append("")
                    elif mapping is not None:
                        row.append(
                            safe_cell("; ".join(mapping.get(v, v) for v in str(value).split("; ")))
                        )
                    else:
                        row.append(safe_cell(str(value)))
                yield row


def write_csv(survey: Survey, target: IO[str]) -> int:
    """German Excel CSV: semicolon, UTF-8 with BOM."""
    _sql, headers, _cols = export_sql(survey)
    target.write("\ufeff")
    writer = csv.writer(target, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in headers])
    n = 0
    for row in export_rows(survey):
        writer.writerow(row)
        n += 1
    return n


def _col_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _xml_text(value: str) -> str:
    # Characters XML 1.0 does not allow are dropped.
    cleaned = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
    return escape(cleaned)


def write_xlsx(survey: Survey, path: Path) -> int:
    """A minimal, valid XLSX written as a stream (inline strings; one sheet)."""
    _sql, headers, _cols = export_sql(survey)
    n = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                b'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'
            )
            cols = [_col_name(i) for i in range(len(headers))]

            def row_xml(r: int, values: list[Any]) -> str:
                cells = []
                for col, value in zip(cols, values, strict=False):
                    if value == "" or value is None:
                        continue
                    if isinstance(value, int | float) and not isinstance(value, bool):
                        cells.append(f'<c r="{col}{r}"><v>{value}</v></c>')
                    else:
                        cells.append(
                            f'<c r="{col}{r}" t="inlineStr"><is><t xml:space="preserve">'
                            f"{_xml_text(str(value))}</t></is></c>"
                        )
                return f'<row r="{r}">{"".join(cells)}</row>'

            buffer = [row_xml(1, [safe_cell(h) for h in headers])]
            for row in export_rows(survey):
                n += 1
                buffer.append(row_xml(n + 1, row))
                if len(buffer) >= 2000:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData></worksheet>")
    return n


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Antworten" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf/></cellXfs></styleSheet>"""
