"""The builders: from the data of a municipality to a document structure, one module per
document (``concept_document``, ``integration_report``, ``progress_report``) on the parts
they share (``common``: chapters, blocks, formatting; ``sections``: the shared sections).

A document is a plain, JSON-serialisable dict (stored as an edition's snapshot): title page
data, a Leichte-Sprache summary, numbered chapters made of blocks (``heading``, ``text``,
``list``, ``table``, ``figure``), the sources, and ``facts`` (the figures and states the
comparison of two editions looks at, ``comparison``). The same structure is rendered as web
page, PDF and Word file (``render.py``). The builders read through the selectors of the part
the data belongs to; every value leaves the data basis through its disclosure control, every
chart is the data basis's spec (``statistics.charts``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from teilhabe.reports.builders.common import (
    Chapter,
    DocumentBuilder,
    day,
    euro,
    paragraphs,
    shown_count,
    text_blocks,
)
from teilhabe.reports.builders.comparison import compare
from teilhabe.reports.builders.concept_document import build_concept
from teilhabe.reports.builders.integration_report import (
    appendix_sheets,
    build_integration,
    integration_period,
    trend_rows,
)
from teilhabe.reports.builders.progress_report import (
    build_progress,
    progress_changes,
    progress_draft_text,
    progress_period,
)
from teilhabe.reports.models import Report, ReportKind

__all__ = [
    "Chapter",
    "DocumentBuilder",
    "appendix_sheets",
    "build",
    "build_concept",
    "build_integration",
    "build_progress",
    "compare",
    "day",
    "euro",
    "integration_period",
    "paragraphs",
    "period_of",
    "progress_changes",
    "progress_draft_text",
    "progress_period",
    "shown_count",
    "text_blocks",
    "trend_rows",
]


def build(report: Report, *, now: datetime | None = None, appendix: bool = False) -> dict[str, Any]:
    """The document of a report as it stands now (the same for preview and edition), as
    plain JSON (lazy translations and numbers resolved, ready to be frozen). Documents are
    German whatever the language of the user's interface. ``appendix``: also collect the
    long tables for the spreadsheet appendix (for editions, not for the preview)."""
    with translation.override("de"):
        return _build(report, now=now, appendix=appendix)


def _build(report: Report, *, now: datetime | None, appendix: bool) -> dict[str, Any]:
    if report.kind == ReportKind.CONCEPT:
        doc = build_concept(report)
    elif report.kind == ReportKind.PROGRESS:
        start, end = progress_period(report, now=now)
        doc = build_progress(report, start=start, end=end)
    else:
        start, end = integration_period(report, now=now)
        doc = build_integration(report, start=start, end=end, appendix=appendix)
    return json.loads(json.dumps(doc, cls=DjangoJSONEncoder))


def period_of(
    report: Report, *, now: datetime | None = None
) -> tuple[datetime | None, datetime | None]:
    if report.kind == ReportKind.PROGRESS:
        return progress_period(report, now=now)
    if report.kind == ReportKind.INTEGRATION:
        return integration_period(report, now=now)
    return None, None
