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
