"""Reads of the reports part, always scoped to a municipality.

For the public portal: ``published_editions(municipality)`` returns the editions approved for
publication, newest first, each with the public download URLs of its files.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.urls import reverse

from teilhabe.core.models import Municipality
from teilhabe.reports.models import Edition, Report, ReportSettings

FILE_KINDS = ("pdf", "docx", "xlsx")


def report_settings(*, municipality: Municipality) -> ReportSettings:
    obj = ReportSettings.objects.filter(municipality=municipality).first()
    return obj or ReportSettings(municipality=municipality)


def reports_for(*, municipality: Municipality) -> QuerySet[Report]:
    return (
        Report.objects.filter(municipality=municipality)
        .select_related("paper")
        .annotate(edition_count=Count("editions"))
    )


def editions_for(*, municipality: Municipality) -> QuerySet[Edition]:
    return (
        Edition.objects.filter(report__municipality=municipality)
        .select_related("report", "created_by", "published_by")
        .defer("snapshot")
        .order_by("-created_at", "-pk")
    )


def editions_of(*, report: Report) -> QuerySet[Edition]:
    return (
        report.editions.select_related("created_by", "published_by")
        .defer("snapshot")
        .order_by("-number")
    )


def previous_edition(*, edition: Edition) -> Edition | None:
    return (
        Edition.objects.filter(report=edition.report, number__lt=edition.number)
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class PublishedEdition:
    edition: Edition
    title: str
    kind: str
    kind_label: str
    number: int
    created_at: object
    published_at: object
    files: dict[str, str]  # "pdf" | "docx" | "xlsx" → public URL


def public_file_url(edition: Edition, kind: str) -> str:
    return reverse(
        "reports:public_file",
        args=[edition.report.municipality.ars, edition.pk, kind],
    )


def published_editions(municipality: Municipality) -> list[PublishedEdition]:
    """Editions with a recorded publication approval, newest first, with file URLs."""
    editions = (
        Edition.objects.filter(report__municipality=municipality, published_at__isnull=False)
        .select_related("report", "report__municipality")
        .defer("snapshot")
        .order_by("-published_at", "-pk")
    )
    return [
        PublishedEdition(
            edition=e,
            title=e.report.title,
            kind=e.report.kind,
            kind_label=str(e.report.get_kind_display()),
            number=e.number,
            created_at=e.created_at,
            published_at=e.published_at,
            files={k: public_file_url(e, k) for k in FILE_KINDS if getattr(e, k)},
        )
        for e in editions
    ]


def published_edition(*, ars: str, pk: int) -> Edition | None:
    return (
        Edition.objects.filter(pk=pk, report__municipality__ars=ars, published_at__isnull=False)
        .select_related("report", "report__municipality")
        .first()
    )


def last_edition(*, municipality: Municipality, kind: str) -> Edition | None:
    """The newest edition of any report of ``kind`` of the municipality."""
    return (
        Edition.objects.filter(report__municipality=municipality, report__kind=kind)
        .order_by("-created_at")
        .first()
    )
