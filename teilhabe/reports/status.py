"""The reports' status on the home page; registered in ``wiring.py``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.reports.models import Edition, ReportKind


def report_status(municipality: Municipality) -> StepStatus:
    url = reverse("reports:report_list", args=[municipality.ars])
    editions = list(
        Edition.objects.filter(report__municipality=municipality)
        .select_related("report")
        .defer("snapshot")
        .order_by("-created_at")
    )
    if not editions:
        return StepStatus(next_action=_("Prepare the first progress report."), url=url)
    facts = [
        ngettext("%(n)s edition", "%(n)s editions", len(editions)) % {"n": len(editions)},
        _("Newest: %(title)s, %(day)s")
        % {"title": editions[0].report.title, "day": editions[0].created_at.strftime("%d.%m.%Y")},
    ]
    published = sum(1 for e in editions if e.published_at)
    if published:
        facts.append(ngettext("%(n)s published", "%(n)s published", published) % {"n": published})
    next_action = ""
    if not any(e.report.kind == ReportKind.PROGRESS for e in editions):
        next_action = _("Prepare the first progress report.")
    return StepStatus(facts=facts, next_action=next_action, url=url, started=True)
