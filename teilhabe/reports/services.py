"""Writes of the reports part: reports and their texts (no lost updates), editions with
their files, publication approval, and the council paper of a progress report."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import Municipality, User
from teilhabe.core.versioning import ConcurrentEditError, save_versioned
from teilhabe.reports.models import Edition, Report, ReportKind, ReportSettings

# Headings in the previous concept's text (concept part, ConceptSection) that fit a chapter.
SECTION_KEYWORDS = {
    "premise": ("bedeutung", "prämisse", "praemisse", "einleitung", "vorwort"),
    "partners": ("kooperation", "partner", "netzwerk"),
    "opening": ("öffnung", "oeffnung"),
    "implementation": ("umsetzung", "planung"),
}


def _texts_from_previous_concept(report: Report) -> None:
    from teilhabe.concept.models import ConceptSection

    sections = list(
        ConceptSection.objects.filter(cycle__municipality=report.municipality)
        .order_by("-cycle__year", "position")
        .only("heading", "text")
    )
    for attr, words in SECTION_KEYWORDS.items():
        if getattr(report, attr):
            continue
        for section in sections:
            if section.text.strip() and any(w in section.heading.lower() for w in words):
                setattr(report, attr, section.text.strip())
                break


@transaction.atomic
def report_create(
    *,
    municipality: Municipality,
    kind: str,
    title: str,
    user: User | None,
    period_start: Any = None,
    period_end: Any = None,
) -> Report:
    report = Report(
        municipality=municipality,
        kind=kind,
        title=title,
        period_start=period_start,
        period_end=period_end,
        created_by=user,
    )
    if kind == ReportKind.CONCEPT:
        _texts_from_previous_concept(report)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_save(*, report: Report, expected_version: int) -> Report:
    """Save the texts; refused when someone else saved since ``expected_version``."""
    try:
        return save_versioned(report, expected_version=expected_version)
    except ConcurrentEditError as exc:
        message = _(
            "Someone else has changed this report in the meantime. Reload the page and "
            "enter your changes again."
        )
        raise ConcurrentEditError(exc.current, message=message) from exc


@transaction.atomic
def report_settings_save(*, settings_obj: ReportSettings) -> ReportSettings:
    settings_obj.full_clean()
    settings_obj.save()
    return settings_obj


@transaction.atomic
def progress_draft_refresh(*, report: Report) -> Report:
    """Draft the information paper's text from the changes since the last report."""
    from teilhabe.reports import builders

    if report.kind != ReportKind.PROGRESS:
        raise ValidationError(_("Only a progress report has an information paper."))
    start, end = builders.progress_period(report)
    changes = builders.progress_changes(municipality=report.municipality, since=start, until=end)
    report.draft_text = builders.progress_draft_text(report=report, changes=changes)
    return report_save(report=report, expected_version=report.version)


@transaction.atomic
def edition_create(
    *,
    report: Report,
    user: User | None,
    snapshot: dict[str, Any],
    period_start: datetime | None,
    period_end: datetime | None,
    pdf: bytes,
    page_count: int,
    docx: bytes,
    xlsx: bytes | None = None,
) -> Edition:
    """Freeze a generation: the next number, the snapshot and the files."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    number = (report.editions.aggregate(n=Max("number"))["n"] or 0) + 1
    edition = Edition(
        report=report,
        number=number,
        created_by=user,
        created_at=timezone.now(),
        period_start=period_start,
        period_end=period_end,
        snapshot=snapshot,
        page_count=page_count,
        figure_count=int(snapshot.get("figure_count", 0)),
    )
    edition.full_clean(exclude=["pdf", "docx", "xlsx"])
    base = file_base(report, number)
    edition.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
    edition.docx.save(f"{base}.docx", ContentFile(docx), save=False)
    if xlsx:
        edition.xlsx.save(f"{base}-Anhang.xlsx", ContentFile(xlsx), save=False)
    edition.save()
    return edition


def file_base(report: Report, number: int) -> str:
    slug = re.sub(r"[^A-Za-z0-9ÄÖÜäöüß-]+", "-", report.title).strip("-")[:60] or "Bericht"
    return f"{slug}-{number}"


@transaction.atomic
def edition_publish(*, edition: Edition, approved: bool, user: User) -> Edition:
    """Record (or withdraw) the approval for publication; the history keeps both."""
    edition.published_at = timezone.now() if approved else None
    edition.published_by = user if approved else None
    edition.save(update_fields=["published_at", "published_by"])
    return edition


def _sections(text: str) -> list[tuple[str, str]]:
    """The draft text as numbered sections ("1. …" lines start a section)."""
    lines = text.replace("\r\n", "\n").split("\n")
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines[1:]:
        if line[:1].isdigit() and ". " in line[:4]:
            sections.append((line.split(". ", 1)[1].strip(), []))
        else:
            sections[-1][1].append(line)
    return [(h, "\n".join(body).strip()) for h, body in sections if "\n".join(body).strip()]


@transaction.atomic
def progress_paper_create(*, report: Report, user: User) -> Any:
    """Create the council paper (information kind, no resolution) from the reviewed text and
    link it back to the report."""
    from teilhabe.council import consequences
    from teilhabe.council import services as council_services
    from teilhabe.council.models import Paper

    if report.kind != ReportKind.PROGRESS:
        raise ValidationError(_("Only a progress report becomes an information paper."))
    if not report.draft_text.strip():
        raise ValidationError(_("Draft and review the text of the paper first."))
    if report.paper_id:
        raise ValidationError(_("The council paper of this report already exists."))
    types = council_services.paper_types_ensure(municipality=report.municipality)
    info = [t for t in types if not t.has_resolution and t.is_active]
    preferred = [t for t in info if t.name in ("Mitteilungsvorlage", "Informationsvorlage")]
    paper_type = (preferred or info or [None])[0]
    if paper_type is None:
        raise ValidationError(
            _(
                "There is no paper type without a resolution (e.g. Mitteilungsvorlage). Add one "
                "in the council settings."
            )
        )
    paper = Paper(
        municipality=report.municipality,
        paper_type=paper_type,
        subject=report.title[:500],
        author=user.get_full_name() or user.email,
        finance_none=True,
    )
    council_services.paper_save(paper=paper, sections=_sections(report.draft_text))
    ct = ContentType.objects.get_for_model(Report)
    consequences.link_add(paper=paper, key=f"{ct.pk}:{report.pk}")
    report.paper = paper
    report.save(update_fields=["paper"])
    return paper
