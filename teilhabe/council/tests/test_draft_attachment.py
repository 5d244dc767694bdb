"""The concept draft as a PDF attachment of the paper, and the preview of the paper's PDF."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pikepdf
import pypdfium2 as pdfium
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.concept.models import ConceptDraft
from teilhabe.council import consequences, documents, services
from teilhabe.council.tests.helpers import paper

pytestmark = pytest.mark.django_db

SNAPSHOT = [
    {"key": "vision", "kind": "vision", "label": "", "title": "Leitbild", "parent": "",
     "text": "Köln ist eine Stadt, in der alle Menschen gleichberechtigt teilhaben."},
    {"key": "guidelines", "kind": "guidelines", "label": "", "title": "Leitlinien", "text": "",
     "parent": ""},
    {"key": "guideline:1", "kind": "guideline", "label": "1", "title": "Vielfalt als Stärke",
     "text": "Vielfalt wird als Ressource der Stadtgesellschaft verstanden.",
     "parent": "guidelines"},
    {"key": "field:1", "kind": "field", "label": "", "title": "Sprache und Bildung",
     "text": "Sprache ist der Schlüssel zur Teilhabe.", "parent": ""},
    {"key": "strategic_goal:1", "kind": "strategic_goal", "label": "",
     "title": "Bildungschancen verbessern", "text": "", "parent": "field:1"},
    {"key": "goal:1", "kind": "goal", "label": "", "title": "Mehr Kinder in der Sprachförderung",
     "text": "Bis 2028 nehmen 80 % der Kinder mit Förderbedarf teil.",
     "parent": "strategic_goal:1"},
    {"key": "measure:1", "kind": "measure", "label": "SP-1",
     "title": "Sprachcafés in den Stadtteilbibliotheken",
     "text": "Wöchentliche Sprachcafés mit Ehrenamtlichen.", "parent": "goal:1"},
]  # fmt: skip


@pytest.fixture
def draft(world):
    return ConceptDraft.objects.create(
        municipality=world.municipality,
        number=2,
        title="Fassung für den Integrationsrat",
        frozen_at=datetime(2026, 3, 17, 10, 0, tzinfo=UTC),
        snapshot=SNAPSHOT,
    )


@pytest.fixture
def linked_paper(world, draft):
    p = paper(world.municipality, lead=world.org_unit)
    ct = ContentType.objects.get_for_model(ConceptDraft)
    consequences.link_add(paper=p, key=f"{ct.pk}:{draft.pk}")
    return p


def _text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_draft_pdf_is_tagged_german_titled_and_shows_the_frozen_draft(draft):
    data = documents.render_draft_pdf(draft)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "de"
        assert pdf.Root.MarkInfo.Marked
        with pdf.open_metadata() as meta:
            assert (
                meta["dc:title"]
                == "Integrationskonzept Stadt Köln – Entwurf 2: Fassung für den Integrationsrat"
            )
        assert len(pdf.pages) >= 2  # title page plus content
    text = _text(data)
    first_page = text.split("Leitbild")[0]
    assert "Stadt Köln" in first_page and "17.03.2026" in first_page
    assert "Entwurf 2: Fassung für den Integrationsrat" in first_page
    for expected in (
        "gleichberechtigt teilhaben",
        "Vielfalt als Stärke",
        "Sprache und Bildung",
        "Bildungschancen verbessern",
        "Mehr Kinder in der Sprachförderung",
        "SP-1",
        "Sprachcafés in den Stadtteilbibliotheken",
    ):
        assert expected in text, expected


def test_attach_stores_the_pdf_and_replaces_an_earlier_one(linked_paper, draft):
    first = services.draft_attach(paper=linked_paper)
    assert first.title == "Konzeptentwurf 2 (PDF)"
    assert first.file.name.endswith(".pdf")
    with first.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    # The draft is frozen: changing the live concept does not change the attachment.
    second = services.draft_attach(paper=linked_paper)
    assert list(linked_paper.attachments.filter(file__endswith=".pdf")) == [second]
    assert second.history.count() == 1


def test_attach_without_linked_draft_explains_what_to_do(world):
    p = paper(world.municipality)
    with pytest.raises(ValidationError) as exc:
        services.draft_attach(paper=p)
    assert "unter „Beschluss und Folgen“" in " ".join(exc.value.messages)
    assert not p.attachments.exists()


def test_attach_view_adds_the_attachment_and_the_page_offers_it(world, linked_paper):
    client = login(Client(), world.users["editor"])
    args = [linked_paper.municipality.ars, linked_paper.pk]
    page = client.get(reverse("council:paper_detail", args=args)).content.decode()
    assert reverse("council:paper_draft_attach", args=args) in page
    response = client.post(reverse("council:paper_draft_attach", args=args))
    assert response.status_code == 302
    assert linked_paper.attachments.filter(title="Konzeptentwurf 2 (PDF)").count() == 1


def test_preview_is_the_first_page_as_png_and_cached_by_version(world, linked_paper):
    cache.clear()
    client = login(Client(), world.users["reader"])
    args = [linked_paper.municipality.ars, linked_paper.pk]
    page = client.get(reverse("council:paper_detail", args=args)).content.decode()
    assert reverse("council:paper_preview", args=args) in page
    assert 'alt="Erste Seite der Vorlage „Integrationskonzept der Stadt – Beschluss“' in page
    response = client.get(reverse("council:paper_preview", args=args))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    png = response.content
    assert png.startswith(b"\x89PNG")
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.width == 600 and 800 < image.height < 900  # A4 portrait
    keys = [k for k in cache._cache if "council:paper-preview" in k]  # type: ignore[attr-defined]
    assert len(keys) == 1 and f":{linked_paper.pk}:{linked_paper.version}:" in keys[0]
    # The same version is served from the cache; a new version renders anew.
    assert client.get(reverse("council:paper_preview", args=args)).content == png
    linked_paper.subject = "Fortschreibung des Integrationskonzepts"
    services.paper_save(paper=linked_paper, expected_version=linked_paper.version)
    changed = client.get(reverse("council:paper_preview", args=args)).content
    assert changed != png
    keys = [k for k in cache._cache if "council:paper-preview" in k]  # type: ignore[attr-defined]
    assert len(keys) == 2
