"""A document structure (see ``builders``) as accessible PDF, editable Word file and
spreadsheet appendix. Every chart is rendered once (JPEG at print resolution, from the same
Vega-Lite spec the web page shows) and used by PDF and Word."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from teilhabe.core import documents
from teilhabe.core.spreadsheets import safe_cell

CHART_WIDTH = 470  # px; fits the A4 text column


def figures(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for c in doc["chapters"] for b in c["blocks"] if b["type"] == "figure"]


def chart_images(doc: dict[str, Any]) -> dict[str, bytes]:
    """Figure id → JPEG, all drawn in one short-lived child process (see
    ``documents.charts_jpeg``), so the chart engine's memory is returned before the PDF."""
    items = figures(doc)
    images = documents.charts_jpeg([f["spec"] for f in items], width=CHART_WIDTH)
    return {f["id"]: image for f, image in zip(items, images, strict=True)}


def document_html(doc: dict[str, Any], images: dict[str, bytes]) -> str:
    """The print HTML; charts are referenced by URL (``documents.image_url``), not inlined."""
    with translation.override("de"):
        return render_to_string(
            "reports/document_pdf.html",
            {"doc": doc, "charts": images, "image_prefix": documents.image_url("")},
        )


def render_pdf(doc: dict[str, Any], images: dict[str, bytes]) -> documents.RenderedPdf:
    return documents.pdf_render(document_html(doc, images), images=images)


def render_docx(doc: dict[str, Any], images: dict[str, bytes]) -> bytes:
    """Title, Leichte-Sprache summary, chapters as Heading 1/2/3 (Word builds the table of
    contents from them), tables with header rows, charts as pictures with alt text."""
    from docx.enum.text import WD_BREAK

    with translation.override("de"):
        document = documents.docx_new(title=doc["title"], author=doc["municipality"])
        document.add_paragraph(doc["municipality"])
        document.add_heading(doc["title"], level=0)
        document.add_paragraph(doc["subtitle"])
        if doc.get("period"):
            document.add_paragraph(_("Period: %(p)s") % {"p": doc["period"]})
        document.add_paragraph(_("As of: %(d)s") % {"d": doc["date"]})
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if doc["summary_easy"]:
            document.add_heading(_("In Leichte Sprache"), level=1)
            for p in doc["summary_easy"]:
                document.add_paragraph(p)
        for chapter in doc["chapters"]:
            document.add_heading(f"{chapter['number']} {chapter['title']}", level=1)
            for block in chapter["blocks"]:
                _docx_block(document, block, images)
        if doc["sources"]:
            document.add_heading(_("Sources"), level=1)
            for source in doc["sources"]:
                document.add_paragraph(source, style="List Bullet")
        return documents.docx_bytes(document)


def _docx_block(document: Any, block: dict[str, Any], images: dict[str, bytes]) -> None:
    kind = block["type"]
    if kind == "heading":
        text = f"{block['number']} {block['text']}".strip()
        document.add_heading(text, level=2 if block["level"] == 3 else 3)
    elif kind == "text":
        for p in block["items"]:
            document.add_paragraph(p)
    elif kind == "list":
        for item in block["items"]:
            document.add_paragraph(item, style="List Bullet")
    elif kind == "table":
        documents.docx_table(
            document,
            columns=block["columns"],
            rows=block["rows"],
            caption=block["caption"],
            numeric=block["numeric"],
        )
        document.add_paragraph()
    elif kind == "figure":
        document.add_paragraph(
            _("Figure %(n)s: %(title)s") % {"n": block["number"], "title": block["title"]},
            style="Caption",
        )
        image = images.get(block["id"])
        if image:
            documents.docx_picture(document, image=image, alt=block["alt"])
        if block.get("source"):
            document.add_paragraph(block["source"])
        table = block.get("table")
        if table:
            documents.docx_table(
                document,
                columns=table["columns"],
                rows=table["rows"],
                caption=table["caption"],
                numeric=table["numeric"],
            )
            document.add_paragraph()


def render_xlsx(doc: dict[str, Any]) -> bytes:
    """The statistical appendix (every area and level), formula-injection safe."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet_data in doc.get("appendix", []):
        sheet = workbook.create_sheet(title=str(sheet_data["title"])[:31])
        from openpyxl.cell import WriteOnlyCell

        header = []
        for column in sheet_data["columns"]:
            cell = WriteOnlyCell(sheet, value=safe_cell(str(column)))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in sheet_data["rows"]:
            sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
