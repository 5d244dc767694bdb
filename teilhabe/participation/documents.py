"""The results of a survey as an accessible PDF (published form: suppressed, no free text)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from teilhabe.participation import selectors
from teilhabe.participation.models import Survey
from teilhabe.participation.public_texts import texts_for


def _svg(spec: dict[str, Any]) -> str:
    import vl_convert

    spec = dict(spec) | {"width": 420}
    return vl_convert.vegalite_to_svg(spec)


def results_pdf(*, survey: Survey, results: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    for item in results["questions"]:
        rows = [r for r in item.get("rows", []) if r.get("count") is not None]
        if rows and not item.get("suppressed"):
            item["svg"] = _svg(selectors.bar_spec(item={"rows": rows}, title=item["title"]))
    html = render_to_string(
        "participation/results_pdf.html",
        {
            "survey": survey,
            "results": results,
            "ui": texts_for("de"),
            "today": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
