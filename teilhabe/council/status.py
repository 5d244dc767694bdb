"""The council's status on the home page and its section of the handover view; registered in
``wiring.py``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.core import handover
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.council import selectors
from teilhabe.council.models import Committee, Paper, PaperStatus


def council_status(municipality: Municipality) -> StepStatus:
    papers = Paper.objects.filter(municipality=municipality)
    if not Committee.objects.filter(municipality=municipality).exists():
        return StepStatus(
            next_action=_("Create the bodies or import them from the RIS."),
            url=reverse("council:committee_list", args=[municipality.ars]),
        )
    facts = [
        _("%(n)s papers, %(d)s of them decided")
        % {"n": papers.count(), "d": papers.filter(status=PaperStatus.DONE).count()}
    ]
    missing = selectors.open_signoffs(municipality=municipality).count()
    if missing:
        facts.append(_("%(n)s sign-offs missing") % {"n": missing})
    deadline = selectors.upcoming_deadlines(municipality=municipality).first()
    next_action = (
        _("Next paper deadline: %(day)s (%(body)s)")
        % {"day": deadline.paper_deadline.strftime("%d.%m.%Y"), "body": deadline.committee.name}
        if deadline and deadline.paper_deadline
        else _("Draft the next paper.")
    )
    return StepStatus(
        facts=facts,
        next_action=next_action,
        url=reverse("council:paper_list", args=[municipality.ars]),
        started=papers.exists(),
    )


def handover_signoffs(municipality: Municipality) -> handover.Section:
    items = [
        handover.Item(
            label=signoff.paper.subject,
            detail=str(signoff.org_unit),
            day=signoff.due,
            url=reverse("council:paper_detail", args=[municipality.ars, signoff.paper_id]),
            urgent=signoff.is_overdue,
            status=_("overdue") if signoff.is_overdue else _("open"),
        )
        for signoff in selectors.open_signoffs(municipality=municipality)
    ]
    return handover.Section(
        title=_("Pending sign-offs of council papers"),
        items=items,
        empty=_("No sign-off is pending."),
        columns=(_("Paper"), _("Organisational unit"), _("due by")),
    )
