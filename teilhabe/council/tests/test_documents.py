"""The paper for the RIS: accessible PDF (PDF/UA-1) and editable DOCX."""

from __future__ import annotations

import io
from datetime import date

import pikepdf
import pytest
from docx import Document

from teilhabe.council import documents, services
from teilhabe.council.models import ConsultationRole
from teilhabe.council.tests.helpers import committee, paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned_paper(world):
    p = paper(world.municipality, lead=world.org_unit, author="Aylin Demir")
    p.finance_none = False
    p.booking_code = "1502-0101"
    p.funds_provided = 250000
    p.funds_available = 180000
    services.paper_save(paper=p)
    integration = committee(world.municipality, "Integrationsrat", "integration_council")
    council = committee(world.municipality, "Rat der Stadt", "council")
    services.consultations_plan(
        paper=p,
        steps=[
            services.PlannedStep(committee=integration, planned_date=date(2026, 9, 8)),
            services.PlannedStep(
                committee=council,
                planned_date=date(2026, 10, 6),
                role=ConsultationRole.DECISION,
                authoritative=True,
            ),
        ],
        replan=False,
    )
    return p


def _structure_types(pdf: pikepdf.Pdf) -> list[str]:
    found: list[str] = []

    def walk(node, depth: int = 0) -> None:  # type: ignore[no-untyped-def]
        if depth > 60:
            return
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child, depth + 1)
            return
        if not isinstance(node, pikepdf.Dictionary):
            return
        if "/S" in node:
            found.append(str(node.S))
        if "/K" in node:
            walk(node.K, depth + 1)

    walk(pdf.Root.StructTreeRoot)
    return found


def test_pdf_is_tagged_german_titled_with_headings_and_table_headers(planned_paper):
    data = documents.render_pdf(planned_paper)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "de"
        assert pdf.Root.MarkInfo.Marked
        with pdf.open_metadata() as meta:
            assert "Integrationskonzept der Stadt" in meta["dc:title"]
        assert str(pdf.Root.ViewerPreferences.DisplayDocTitle) == "True"
        types = _structure_types(pdf)
    assert "/H1" in types and "/H2" in types
    assert "/Table" in types and "/TH" in types and "/TD" in types


def test_pdf_speaks_german_even_from_an_english_request(planned_paper):
    from django.utils import translation

    with translation.override("en"):
        context_labels = documents.paper_context(planned_paper)["labels"]
        pdf = documents.render_pdf(planned_paper)
    assert pdf.startswith(b"%PDF")
    assert context_labels["body"]  # labels exist in both languages


def test_docx_contains_the_beratungsfolge_as_a_table(planned_paper):
    data = documents.render_docx(planned_paper)
    doc = Document(io.BytesIO(data))
    texts = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    flat = " ".join(" ".join(r) for r in texts)
    assert "Integrationsrat" in flat and "Rat der Stadt" in flat
    assert "08.09.2026" in flat and "06.10.2026" in flat
    consultation_table = next(
        t for t in doc.tables if any("Integrationsrat" in c.text for c in t.rows[1].cells)
    )
    assert len(consultation_table.rows) == 3  # header + two consultations
    body = "\n".join(p.text for p in doc.paragraphs)
    assert planned_paper.subject in body
    assert "{{" not in body and "{%" not in body
    assert "250.000,00 €" in flat


def test_municipality_can_replace_the_word_template(planned_paper, tmp_path):
    from django.core.files.base import ContentFile

    custom = Document()
    custom.add_paragraph("Eigenes Layout: {{ subject }} ({{ reference }})")
    buffer = io.BytesIO()
    custom.save(buffer)
    rule = services.council_settings_ensure(municipality=planned_paper.municipality)
    rule.docx_template.save("eigene.docx", ContentFile(buffer.getvalue()))
    doc = Document(io.BytesIO(documents.render_docx(planned_paper)))
    assert doc.paragraphs[0].text.startswith("Eigenes Layout: Integrationskonzept")


def test_paper_without_financial_impact_says_so(world):
    p = paper(world.municipality, "Mitteilungsvorlage")
    doc = Document(io.BytesIO(documents.render_docx(p)))
    body = "\n".join(par.text for par in doc.paragraphs)
    assert "Keine finanziellen Auswirkungen" in body
    assert "Beschlussvorschlag" not in body
