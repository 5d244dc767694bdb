"""Shared document output: accessible PDF from HTML, Vega-Lite charts as SVG/PNG, small
Word helpers and download responses.

* ``pdf_render(html, base_url=None)`` – tagged PDF/UA-1 (WeasyPrint) and its page count. The
  HTML carries ``<html lang="de">`` and a ``<title>``; images need ``alt`` text, tables
  ``<th scope>`` cells: WeasyPrint turns them into the structure tree.
* ``chart_svg(spec, width=…)`` / ``chart_png(spec, width=…)`` – a Vega-Lite spec as SVG or PNG
  (vl-convert, offline), the same spec the browser shows; ``svg_png`` turns an SVG into PNG.
* ``docx_new``, ``docx_table``, ``docx_picture``, ``docx_bytes`` – editable Word files in
  German with real heading styles (Word builds its table of contents from them).
* ``file_response`` – a download with the right Content-Type and Content-Disposition.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def pdf_render(html: str, *, base_url: str | None = None) -> RenderedPdf:
    """HTML → tagged PDF/UA-1 (language, title, headings, alt texts, table headers)."""
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every layout step at INFO; a long document would flood the task log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    document = HTML(string=html, base_url=base_url).render(pdf_tags=True)
    data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return RenderedPdf(data=data, pages=len(document.pages))


def pdf_bytes(html: str, *, base_url: str | None = None) -> bytes:
    return pdf_render(html, base_url=base_url).data


def _fixed_width(spec: dict[str, Any], width: int) -> dict[str, Any]:
    """Specs for the browser use ``"width": "container"``; offline rendering needs pixels."""
    out = dict(spec)
    if out.get("width") in (None, "container"):
        out["width"] = width
    out["config"] = {**out.get("config", {}), "aria": False, "font": "DejaVu Sans"}
    return out


def chart_svg(spec: dict[str, Any], *, width: int = 460) -> str:
    import vl_convert

    return str(vl_convert.vegalite_to_svg(_fixed_width(spec, width)))


def chart_png(spec: dict[str, Any], *, width: int = 460, scale: float = 2.0) -> bytes:
    """The chart as PNG: WeasyPrint embeds a bitmap much faster than it draws a large SVG
    (maps have thousands of path points), and Word needs a bitmap anyway."""
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(_fixed_width(spec, width), scale=scale))


def png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def svg_data_uri(svg: str) -> str:
    """An SVG as a data: URI for <img src> (keeps the HTML self-contained)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def svg_png(svg: str, *, scale: float = 1.5) -> bytes:
    import vl_convert

    return bytes(vl_convert.svg_to_png(svg, scale=scale))


def pdf_page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


# --- Word ---------------------------------------------------------------------------------


def docx_new(*, title: str, author: str = "", language: str = "de-DE") -> Any:
    """An empty Word document with title, author and the document language set."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = language
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    return document


def docx_table(
    document: Any,
    *,
    columns: list[str],
    rows: list[list[Any]],
    caption: str = "",
    numeric: list[bool] | None = None,
) -> Any:
    """A table with a header row that repeats on every page (marked as header for screen
    readers); numeric columns right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if caption:
        document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    trpr.append(marker)
    for cell, text in zip(header.cells, columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
    numeric = numeric or [False] * len(columns)
    for values in rows:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = "" if value is None else str(value)
            if numeric[index]:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def docx_picture(document: Any, *, png: bytes, alt: str, width_cm: float = 15.5) -> None:
    """A picture with its alternative text (shown to screen readers as the description)."""
    from docx.shared import Cm

    document.add_picture(io.BytesIO(png), width=Cm(width_cm))
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", alt)
    inline.docPr.set("title", alt[:250])


def docx_bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- downloads ----------------------------------------------------------------------------


def file_response(
    data: bytes, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """A download with an ASCII fallback name and the UTF-8 name (RFC 6266)."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    disposition = "inline" if inline else "attachment"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
