"""The core's status on the home page (areas, fields of action) and its deadlines; registered
in ``wiring.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core import deadlines, handover, selectors
from teilhabe.core.deadlines import Deadline
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Area, FieldOfAction, Municipality, Role


def areas_status(municipality: Municipality) -> StepStatus:
    count = Area.objects.filter(municipality=municipality).count()
    if not count:
        return StepStatus(
            next_action=_("Import areas from a GeoJSON file."),
            url=reverse("core:area_import", args=[municipality.ars]),
        )
    return StepStatus(
        facts=[_("%(n)s areas with geometry") % {"n": count}],
        url=reverse("core:area_list", args=[municipality.ars]),
        started=True,
    )


def fields_status(municipality: Municipality) -> StepStatus:
    count = FieldOfAction.objects.filter(municipality=municipality, is_active=True).count()
    if not count:
        return StepStatus(
            next_action=_("Choose fields of action from the catalogue."),
            url=reverse("core:field_list", args=[municipality.ars]),
        )
    return StepStatus(
        facts=[_("%(n)s fields of action") % {"n": count}],
        url=reverse("core:field_list", args=[municipality.ars]),
        started=True,
    )


def moderator_access_deadlines(
    municipality: Municipality, today: date, until: date
) -> Iterator[Deadline]:
    """The end of an external moderator's access: extend it or hand the work over in time.
    Once the date has passed the access is gone and so is the deadline."""
    member_list = reverse("core:member_list", args=[municipality.ars])
    for m in selectors.memberships(municipality=municipality).filter(
        role=Role.MODERATOR, is_active=True, valid_until__gte=today, valid_until__lte=until
    ):
        if m.valid_until is None:  # excluded by the query; for the type checker
            continue
        yield Deadline(
            kind="moderator_access",
            key=f"moderator-access-{m.pk}",
            day=m.valid_until,
            title=str(m.user),
            action=_("The external moderation's access ends: extend it or take the work over"),
            url=member_list,
            responsible=str(m.user),
        )


# The handover view lists every deadline of the coming year.
HANDOVER_DAYS = 365


def handover_deadlines(municipality: Municipality) -> handover.Section:
    today = timezone.localdate()
    items = [
        handover.Item(
            label=f"{deadlines.kind_label(d.kind)}: {d.title}",
            detail=", ".join(x for x in (d.action, d.responsible) if x),
            day=d.day,
            url=d.url,
            urgent=d.is_overdue(today),
            status=_("overdue") if d.is_overdue(today) else _("open"),
        )
        for d in deadlines.municipality_deadlines(
            municipality, until=today + timedelta(days=HANDOVER_DAYS), today=today
        )
    ]
    return handover.Section(
        title=_("Deadlines of the next twelve months"),
        intro=_(
            "Every open deadline of all parts, overdue ones first; the same list as “Fristen”."
        ),
        items=items,
        empty=_("No deadline in the next twelve months."),
        columns=(_("What"), _("to do, responsible"), _("due")),
    )
