"""Charts for documents: drawn as JPEG in a child process, handed to WeasyPrint from memory
and copied into the PDF unchanged, with their alternative text in the structure tree."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from teilhabe.core import documents

BAR = {
    "data": {"values": [{"feld": "Sprache", "n": 12}, {"feld": "Bildung", "n": 7}]},
    "mark": "bar",
    "encoding": {
        "x": {"field": "n", "type": "quantitative"},
        "y": {"field": "feld", "type": "nominal"},
    },
}


def test_charts_are_drawn_as_jpeg_at_twice_the_requested_width():
    line = {**BAR, "mark": "line", "width": 300, "height": 100}
    images = documents.charts_jpeg([BAR, line], width=200)
    assert len(images) == 2
    for data in images:
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG" and image.mode == "RGB"
    with Image.open(io.BytesIO(images[1])) as image:
        # the plot is 300 px wide, axes and labels come on top; scale 2 for print
        assert image.width > 600 and image.height > 200


def test_a_chart_that_cannot_be_drawn_raises_with_the_reason():
    with pytest.raises(documents.ChartError, match="conversion failed"):
        documents.charts_jpeg([{"mark": "no-such-mark", "data": {"values": []}}])


def test_pdf_takes_chart_jpegs_from_memory_unchanged_and_keeps_alt_text():
    (jpeg,) = documents.charts_jpeg([BAR], width=200)
    html = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Bericht</title>'
        "</head><body><h1>Bericht</h1><figure>"
        f'<img src="{documents.image_url("abb-1")}" alt="Angebote nach Handlungsfeld">'
        "<figcaption>Abbildung 1</figcaption></figure></body></html>"
    )
    assert "data:" not in html
    rendered = documents.pdf_render(html, images={"abb-1": jpeg})
    assert rendered.pages == 1
    with pikepdf.open(io.BytesIO(rendered.data)) as pdf:
        xobjects = [
            x
            for page in pdf.pages
            for x in page.Resources.XObject.values()
            if x.Subtype == "/Image"
        ]
        assert [str(x.Filter) for x in xobjects] == ["/DCTDecode"]
        assert xobjects[0].read_raw_bytes() == jpeg  # embedded as drawn, not re-encoded
        alts = []
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if str(node.get("/S", "")) == "/Figure":
                alts.append(str(node.Alt))
            kids = node.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
        assert alts == ["Angebote nach Handlungsfeld"]
