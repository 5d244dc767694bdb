"""The paper as a document for the RIS: editable DOCX (docxtpl, replaceable Word template) and
accessible PDF (WeasyPrint, PDF/UA-1), both laid out like the councils' own papers."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teilhabe.council.models import CoverKind, InvestmentState, Paper
from teilhabe.council.services import council_settings_ensure, current_consultations

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "word" / "vorlage.docx"


def money(value: Decimal | None) -> str:
    """12000 → "12.000,00 €"; empty for no value."""
    if value is None:
        return ""
    text = f"{value:,.2f}".replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")
    return f"{text} €"


def _day(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def paper_context(paper: Paper) -> dict[str, Any]:
    """Everything a paper document shows, as plain strings (shared by DOCX and PDF)."""
    consultations = [
        {
            "position": c.position,
            "body": c.committee_name,
            "date": _day(c.day),
            "role": c.get_role_display(),
            "authoritative": _("yes") if c.authoritative else "",
            "result": c.get_result_display() if c.result else "",
            "vote": c.vote_text,
        }
        for c in current_consultations(paper)
    ]
    finance: list[dict[str, str]] = []
    if not paper.finance_none:
        finance = [
            {
                "number": "1.",
                "label": _("Booking code, funds provided, funds still available"),
                "text": paper.booking_code or "–",
                "amount": " / ".join(
                    m for m in (money(paper.funds_provided), money(paper.funds_available)) if m
                ),
            },
            {
                "number": "2.",
                "label": _("Funds needed and cover of a shortfall"),
                "text": (
                    f"{CoverKind(paper.cover_kind).label}"
                    + (f" ({paper.cover_booking_code})" if paper.cover_booking_code else "")
                )
                if paper.cover_kind
                else str(_("The available funds suffice.")),
                "amount": " / ".join(
                    m for m in (money(paper.required_amount), money(paper.shortfall)) if m
                ),
            },
            {
                "number": "3.",
                "label": _("Investment"),
                "text": str(InvestmentState(paper.investment_state).label),
                "amount": money(paper.investment_increase),
            },
            {
                "number": "4.",
                "label": _("Follow-up costs in coming budget years"),
                "text": _("staff %(staff)s; operation %(ops)s; financing %(fin)s; other %(other)s")
                % {
                    "staff": money(paper.followup_staff) or "–",
                    "ops": money(paper.followup_operations) or "–",
                    "fin": money(paper.followup_financing) or "–",
                    "other": money(paper.followup_other) or "–",
                }
                if paper.has_followup
                else str(_("The measure causes no follow-up costs in coming budget years.")),
                "amount": money(paper.followup_total) if paper.has_followup else "",
            },
        ]
    return {
        "municipality": paper.municipality.name,
        "type": paper.paper_type.name,
        "reference": paper.reference,
        "public": _("public") if paper.is_public else _("not public"),
        "lead": str(paper.lead) if paper.lead else "",
        "author": paper.author,
        "file_number": paper.file_number,
        "date": _day(paper.date),
        "subject": paper.subject,
        "has_resolution": paper.has_resolution,
        "resolution": paper.proposed_resolution,
        "resolution_paragraphs": [p for p in paper.proposed_resolution.split("\n\n") if p.strip()],
        "sections": [
            {
                "number": s.position,
                "heading": s.heading,
                "text": s.text,
                "paragraphs": [p.strip() for p in s.text.split("\n\n") if p.strip()],
            }
            for s in paper.sections.all()
        ],
        "consultations": consultations,
        "finance_none": paper.finance_none,
        "finance": finance,
        "children": paper.impact_children.strip() or str(_("none")),
        "staff_plan": paper.staff_plan_note.strip()
        if paper.staff_plan_affected
        else str(_("The staff plan is not affected.")),
        "attachments": [a.title for a in paper.attachments.all()],
        "labels": {
            "consultations": _("Sequence of consultations (Beratungsfolge)"),
            "step": _("Step"),
            "body": _("Body"),
            "date": _("Date of the meeting"),
            "role": pgettext("council", "Role"),
            "result": _("Result"),
            "lead": _("Lead office"),
            "author": _("Author"),
            "file_number": _("File number"),
            "paper_date": _("Date"),
            "subject": _("Subject"),
            "resolution": _("Proposed resolution"),
            "justification": _("Justification"),
            "finance": _("Financial impact on the municipal budget"),
            "finance_none": _("No financial impact"),
            "item": _("No."),
            "description": _("Description"),
            "amount": _("Amount"),
            "children": _("Impact on children and young people"),
            "staff": _("Staff plan"),
            "attachments": _("Attachments"),
            "reference": _("Drucksachen-Nr."),
            "not_assigned": _("assigned by the RIS"),
        },
    }


def render_pdf(paper: Paper) -> bytes:
    """The paper as tagged PDF/UA-1: language de, title, headings, tables with header cells."""
    from weasyprint import HTML

    with translation.override("de"):
        html = render_to_string("council/paper_document.html", {"doc": paper_context(paper)})
    return HTML(string=html, base_url=str(Path(__file__).resolve().parent)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )


def template_path(paper: Paper) -> Path | io.BytesIO:
    rule = council_settings_ensure(municipality=paper.municipality)
    if rule.docx_template:
        with rule.docx_template.open("rb") as handle:
            return io.BytesIO(handle.read())
    return DEFAULT_TEMPLATE


def render_docx(paper: Paper) -> bytes:
    """The paper as an editable Word file, filled into the municipality's template."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(template_path(paper))
    with translation.override("de"):
        document.render(paper_context(paper), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def document_filename(paper: Paper, extension: str) -> str:
    base = paper.reference.replace("/", "-") if paper.reference else f"Vorlage-{paper.pk}"
    return f"{base}.{extension}"


# --- the concept draft as an attachment ----------------------------------------------------

DRAFT_KINDS_WITH_HEADING = {"vision", "guidelines", "field"}


def linked_draft(paper: Paper) -> Any:
    """The concept draft (Konzeptentwurf) the paper links, or None."""
    from django.contrib.contenttypes.models import ContentType

    from teilhabe.concept.models import ConceptDraft

    link = paper.links.filter(content_type=ContentType.objects.get_for_model(ConceptDraft)).first()
    if link is None:
        return None
    return ConceptDraft.objects.filter(municipality=paper.municipality, pk=link.object_id).first()


def draft_context(draft: Any) -> dict[str, Any]:
    """The frozen draft as headings and paragraphs in tree order: vision, guidelines, then per
    field of action its strategic goals, goals, measures and recommendations."""
    kind_labels = {
        "strategic_goal": pgettext("integration concept", "Strategic goal"),
        "goal": pgettext("integration concept", "Goal"),
        "measure": pgettext("integration concept", "Measure"),
        "recommendation": pgettext("integration concept", "Recommendation"),
    }
    blocks: list[dict[str, Any]] = []
    for item in draft.snapshot:
        kind = item.get("kind", "")
        text = item.get("text") or ""
        blocks.append(
            {
                "kind": kind,
                "level": 2 if kind in DRAFT_KINDS_WITH_HEADING else 3,
                "kind_label": kind_labels.get(kind, ""),
                "label": item.get("label") or "",
                "title": item.get("title") or "",
                "paragraphs": [p.strip() for p in text.split("\n\n") if p.strip()],
            }
        )
    return {
        "municipality": draft.municipality.name,
        "title": _("Integration concept"),
        "draft_title": draft.title,
        "number": draft.number,
        "draft_label": _("Draft %(n)s") % {"n": draft.number},
        "date": _day(draft.frozen_at),
        "blocks": blocks,
        "labels": {
            "draft": _("Draft of the integration concept"),
            "number": _("Draft number"),
            "frozen": _("frozen on"),
            "contents": _("Contents"),
            "empty": _("The draft contains no items."),
        },
    }


def render_draft_pdf(draft: Any) -> bytes:
    """The frozen concept draft as tagged PDF/UA-1 with a title page."""
    from weasyprint import HTML

    with translation.override("de"):
        html = render_to_string("council/draft_document.html", {"doc": draft_context(draft)})
    return HTML(string=html, base_url=str(Path(__file__).resolve().parent)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )


def draft_filename(draft: Any) -> str:
    return f"Konzeptentwurf-{draft.number}.pdf"


# --- preview of the paper's first page ------------------------------------------------------


def first_page_png(pdf: bytes, *, width: int = 600) -> bytes:
    """Page 1 of a PDF as PNG, ``width`` pixels wide (pdfium, no external program)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        scale = width / page.get_width()
        bitmap = page.render(scale=scale)
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        page.close()
        return out.getvalue()
    finally:
        document.close()


def paper_preview_png(paper: Paper) -> bytes:
    """The first page of the paper's PDF, cached by paper version and document content."""
    import hashlib

    from django.core.cache import cache

    with translation.override("de"):
        html = render_to_string("council/paper_document.html", {"doc": paper_context(paper)})
    digest = hashlib.sha256(html.encode()).hexdigest()[:16]
    key = f"council:paper-preview:{paper.pk}:{paper.version}:{digest}"
    png = cache.get(key)
    if png is None:
        png = first_page_png(render_pdf(paper))
        cache.set(key, png, 60 * 60 * 24)
    return png
