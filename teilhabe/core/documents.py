"""Shared document output: accessible PDF from HTML, Vega-Lite charts as SVG/PNG/JPEG, small
Word helpers and download responses.

* ``pdf_render(html, base_url=None, images=None)`` – tagged PDF/UA-1 (WeasyPrint) and its page
  count. The HTML carries ``<html lang="de">`` and a ``<title>``; images need ``alt`` text,
  tables ``<th scope>`` cells: WeasyPrint turns them into the structure tree. Pictures made in
  the same process are passed as ``images`` and referenced by ``image_url(name)`` instead of
  being inlined as ``data:`` URIs (which make the HTML megabytes long).
* ``chart_svg(spec, width=…)`` / ``chart_png(spec, width=…)`` / ``chart_jpeg(spec, width=…)`` –
  a Vega-Lite spec as SVG, PNG or JPEG (vl-convert, offline), the same spec the browser shows;
  ``charts_jpeg(specs, width=…)`` draws many in a short-lived child process; ``svg_png`` turns
  an SVG into PNG.
* ``docx_new``, ``docx_table``, ``docx_picture``, ``docx_bytes`` – editable Word files in
  German with real heading styles (Word builds its table of contents from them).
* ``file_response`` – a download with the right Content-Type and Content-Disposition.
"""

from __future__ import annotations

import base64
import gc
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:  # Django is imported lazily: the chart process (see below) runs without it.
    from django.http import HttpResponse

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


IMAGE_SCHEME = "teilhabe-image"
# While WeasyPrint lays out a document it allocates a great many short-lived objects; with the
# default threshold (700) the cyclic collector runs very often, and its passes over the older
# generations walk every object of the process (Django, the document data, the box tree).
# A larger first-generation threshold while rendering saves about a fifth of the PDF time
# (demo integration report: 2.0 → 1.6 s CPU); cycles are still collected, in larger batches.
GC_THRESHOLD_WHILE_RENDERING = 50_000


def image_url(name: str) -> str:
    """The ``src`` of a picture passed to ``pdf_render(images={name: …})``."""
    return f"{IMAGE_SCHEME}:{name}"


def _image_type(data: bytes) -> str:
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    return "image/svg+xml"


def _fetcher(images: Mapping[str, bytes]) -> Any:
    """A WeasyPrint URL fetcher that serves ``image_url(name)`` from memory and leaves every
    other URL to WeasyPrint's default fetcher."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class InMemoryFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme, _, name = url.partition(":")
            if scheme != IMAGE_SCHEME:
                return super().fetch(url, headers)
            data = images[name]
            return URLFetcherResponse(url, data, {"Content-Type": _image_type(data)})

    return InMemoryFetcher()


@contextmanager
def _fewer_gc_passes() -> Iterator[None]:
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], GC_THRESHOLD_WHILE_RENDERING), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def pdf_render(
    html: str, *, base_url: str | None = None, images: Mapping[str, bytes] | None = None
) -> RenderedPdf:
    """HTML → tagged PDF/UA-1 (language, title, headings, alt texts, table headers).

    The document is laid out once; the page count comes from that layout."""
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every layout step at INFO; a long document would flood the task log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    fetcher = _fetcher(images or {})
    with _fewer_gc_passes():
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(pdf_tags=True)
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


def chart_jpeg(
    spec: dict[str, Any], *, width: int = 460, scale: float = 2.0, quality: int = 90
) -> bytes:
    """The chart as JPEG, for PDF and Word. WeasyPrint copies a JPEG into the PDF as it is,
    whereas it decodes every PNG, splits off the alpha channel and compresses both again
    (about 70 ms per chart). Full colour resolution (4:4:4) and quality 90 at twice the CSS
    size (about 200 dpi on paper) keep lines and labels sharp."""
    from PIL import Image

    png = chart_png(spec, width=width, scale=scale)
    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("RGBA")
    if picture.getchannel("A").getextrema()[0] == 255:  # opaque (Vega draws a white background)
        flat = picture.convert("RGB")
    else:
        flat = Image.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A"))
    out = io.BytesIO()
    flat.save(out, format="JPEG", quality=quality, subsampling=0)
    return out.getvalue()


class ChartError(RuntimeError):
    """The chart process failed; the message carries the end of its error output."""


CHART_TIMEOUT_S = 600


def charts_jpeg(
    specs: list[dict[str, Any]], *, width: int = 460, scale: float = 2.0, quality: int = 90
) -> list[bytes]:
    """Several charts as JPEG (see ``chart_jpeg``), drawn in a short-lived child process.

    vl-convert runs Vega in an embedded JavaScript engine whose heap (100–150 MB after a few
    dozen charts) is never given back to the operating system. In a child process that
    memory is returned as soon as the charts are drawn – before WeasyPrint lays out the PDF –
    and a long-running worker does not carry it from one report to the next."""
    if not specs:
        return []
    from django.core.serializers.json import DjangoJSONEncoder

    request = {"specs": specs, "width": width, "scale": scale, "quality": quality}
    root = str(Path(__file__).resolve().parents[2])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [sys.executable, "-m", "teilhabe.core.documents"],
        input=json.dumps(request, cls=DjangoJSONEncoder).encode(),
        capture_output=True,
        env=env,
        timeout=CHART_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise ChartError(result.stderr.decode(errors="replace")[-2000:])
    images, data, offset = [], result.stdout, 0
    while offset < len(data):
        size = int.from_bytes(data[offset : offset + 8], "big")
        images.append(data[offset + 8 : offset + 8 + size])
        offset += 8 + size
    if len(images) != len(specs):
        raise ChartError(f"{len(images)} of {len(specs)} charts drawn")
    return images


def _chart_process() -> None:
    """The child of ``charts_jpeg``: JSON request on stdin, length-prefixed JPEGs on stdout.
    One chart after the other: vl-convert has a single JavaScript worker anyway, and a second
    thread only adds memory (about 25 MB of malloc arenas)."""
    request = json.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    for spec in request["specs"]:
        image = chart_jpeg(
            spec, width=request["width"], scale=request["scale"], quality=request["quality"]
        )
        out.write(len(image).to_bytes(8, "big"))
        out.write(image)
    out.flush()


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


def docx_picture(document: Any, *, image: bytes, alt: str, width_cm: float = 15.5) -> None:
    """A picture (PNG or JPEG) with its alternative text (shown to screen readers as the
    description)."""
    from docx.shared import Cm

    document.add_picture(io.BytesIO(image), width=Cm(width_cm))
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
    from django.http import HttpResponse

    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    disposition = "inline" if inline else "attachment"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


if __name__ == "__main__":
    _chart_process()
