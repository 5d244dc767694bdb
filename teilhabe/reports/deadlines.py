"""The reports' deadline: the next integration report, due every few years (Landshut: three)
after the last one or, before the first, after the concept's adoption; registered in
``wiring.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concept import selectors as concept_selectors
from teilhabe.core.deadlines import Deadline
from teilhabe.core.models import Municipality
from teilhabe.planning.models import add_months
from teilhabe.reports import selectors
from teilhabe.reports.models import ReportKind


def integration_report_deadlines(
    municipality: Municipality, today: date, until: date
) -> Iterator[Deadline]:
    years = selectors.report_settings(municipality=municipality).integration_period_years
    last = selectors.last_edition(municipality=municipality, kind=ReportKind.INTEGRATION)
    if last is not None:
        since = timezone.localdate(last.published_at or last.created_at)
        title = _("Integration report (the last one of %(day)s)") % {"day": f"{since:%d.%m.%Y}"}
    else:
        adopted = (
            concept_selectors.drafts(municipality=municipality)
            .filter(decided_on__isnull=False)
            .order_by("-decided_on")
            .first()
        )
        if adopted is None or adopted.decided_on is None:
            return  # no concept adopted yet: no cycle has begun
        since = adopted.decided_on
        title = _("First integration report after the concept's adoption on %(day)s") % {
            "day": f"{since:%d.%m.%Y}"
        }
    # Publishing the report starts the next cycle: the same deadline, years later.
    due = add_months(since, 12 * years)
    if due <= until:
        yield Deadline(
            kind="integration_report",
            key="integration-report",
            day=due,
            title=title,
            action=_("Publish the integration report (every %(n)s years)") % {"n": years},
            url=reverse("reports:report_list", args=[municipality.ars]),
        )
