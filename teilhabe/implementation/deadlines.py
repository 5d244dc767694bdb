"""The implementation's deadlines: milestones of measures and the status updates their lead
offices owe; registered in ``wiring.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.core.deadlines import Deadline
from teilhabe.core.models import Municipality
from teilhabe.core.navigation import url_prefix
from teilhabe.implementation import selectors
from teilhabe.planning.models import add_months

# A lead office reports on each adopted measure at least this often (the annual progress
# report needs two states a year); the count starts at the last update, else at the decision.
STATUS_UPDATE_MONTHS = 6


def milestone_deadlines(municipality: Municipality, today: date, until: date) -> Iterator[Deadline]:
    measure_url = url_prefix("concept:measure_detail", municipality.ars)
    for m in selectors.milestones_open(municipality=municipality, until=until):
        measure = m.measure
        yield Deadline(
            kind="measure_milestone",
            key=f"measure-milestone-{m.pk}",
            day=m.due_on,
            title=f"{measure.number} {measure.title}".strip(),
            action=_("Reach the milestone “%(title)s”") % {"title": m.title},
            url=f"{measure_url}{measure.pk}/",
            responsible=str(measure.lead_unit or ""),
            org_unit_id=measure.lead_unit_id,
            field_ids=frozenset(f.pk for f in measure.fields.all()),
        )


def status_update_deadlines(
    municipality: Municipality, today: date, until: date
) -> Iterator[Deadline]:
    for measure in selectors.measures_reporting(municipality=municipality):
        since = measure.last_update or measure.decided_on or measure.start_date  # type: ignore[attr-defined]
        if since is None:
            continue
        # Reporting moves the date on by itself: the same deadline, a new day.
        due = add_months(since, STATUS_UPDATE_MONTHS)
        if due > until:
            continue
        yield Deadline(
            kind="status_update",
            key=f"status-update-{measure.pk}",
            day=due,
            title=f"{measure.number} {measure.title}".strip(),
            action=_("Report the state of the measure (traffic light, progress)"),
            url=reverse("implementation:measure_report", args=[municipality.ars, measure.pk]),
            responsible=str(measure.lead_unit or ""),
            org_unit_id=measure.lead_unit_id,
            field_ids=frozenset(f.pk for f in measure.fields.all()),
        )
