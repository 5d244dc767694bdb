"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.url_matrix import ADMIN, EDIT, POST_ADMIN, POST_EDIT, PUBLIC, READ, Row, ars


def setup(world) -> None:  # type: ignore[no-untyped-def]
    """Create the objects the rows below need; store them in world.extra."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from teilhabe.reports import builders, services
    from teilhabe.reports.models import Edition, ReportKind

    m = world.municipality
    report = services.report_create(
        municipality=m, kind=ReportKind.PROGRESS, title="Sachstandsbericht 2026", user=None
    )
    doc = builders.build(report)
    edition = Edition(report=report, number=1, snapshot=doc, page_count=1)
    edition.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    edition.docx.save("matrix.docx", ContentFile(b"PK\x03\x04"), save=False)
    edition.published_at = timezone.now()
    edition.save()
    world.extra["report"] = report
    world.extra["edition"] = edition


def rep(w: Any) -> dict[str, Any]:
    return ars(w) | {"pk": w.extra["report"].pk}


def ed(w: Any) -> dict[str, Any]:
    return ars(w) | {"pk": w.extra["edition"].pk}


MATRIX: list = [
    Row("reports:report_list", ars, READ),
    Row("reports:report_create", ars, EDIT),
    Row("reports:settings", ars, ADMIN),
    Row("reports:report_detail", rep, READ),
    Row("reports:report_edit", rep, EDIT),
    Row("reports:report_generate", rep, POST_EDIT),
    Row("reports:progress_draft", rep, POST_EDIT),
    Row("reports:progress_paper", rep, POST_EDIT),
    Row("reports:edition_detail", ed, READ),
    Row("reports:edition_compare", ed, READ),
    Row("reports:edition_publish", ed, POST_ADMIN),
    Row("reports:edition_file", lambda w: ed(w) | {"kind": "pdf"}, READ),
    Row("reports:public_file", lambda w: ed(w) | {"kind": "pdf"}, PUBLIC),
]
