"""The council's deadlines: the paper deadline (Vorlagenschluss) of the coming meetings and the
due sign-offs (Mitzeichnung) of papers; registered in ``wiring.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.deadlines import Deadline
from teilhabe.core.models import Municipality
from teilhabe.council import selectors


def paper_deadlines(municipality: Municipality, today: date, until: date) -> Iterator[Deadline]:
    meetings = list(
        selectors.meetings_with_paper_deadline(municipality=municipality, until=until, today=today)
    )
    pending = selectors.papers_pending_for(meetings=meetings)
    for meeting in meetings:
        if meeting.paper_deadline is None:  # excluded by the query; for the type checker
            continue
        papers = pending.get(meeting.pk, [])
        # A passed paper deadline matters only while a paper planned for the meeting is not
        # yet in the RIS; otherwise it has simply passed.
        if meeting.paper_deadline < today and not papers:
            continue
        if papers:
            action = ngettext(
                "Submit the paper to the RIS: %(papers)s",
                "Submit the papers to the RIS: %(papers)s",
                len(papers),
            ) % {"papers": "; ".join(p.subject for p in papers)}
        else:
            action = _("Last day to submit papers for this meeting")
        leads = {p.lead for p in papers if p.lead is not None}
        lead = leads.pop() if len(leads) == 1 else None
        yield Deadline(
            kind="paper_deadline",
            key=f"meeting-{meeting.pk}",
            day=meeting.paper_deadline,
            title=str(meeting),
            action=action,
            url=reverse("council:meeting_detail", args=[municipality.ars, meeting.pk]),
            responsible=str(lead or ""),
            org_unit_id=lead.pk if lead else None,
        )


def signoff_deadlines(municipality: Municipality, today: date, until: date) -> Iterator[Deadline]:
    # A recorded decision, or the paper reaching the RIS, takes the sign-off off every list.
    for s in selectors.open_signoffs(municipality=municipality).filter(due__lte=until):
        if s.due is None:  # excluded by the query; for the type checker
            continue
        yield Deadline(
            kind="signoff",
            key=f"signoff-{s.pk}",
            day=s.due,
            title=s.paper.subject,
            action=_("Sign off the paper (%(unit)s)") % {"unit": s.org_unit},
            url=reverse("council:paper_detail", args=[municipality.ars, s.paper_id]),
            responsible=str(s.org_unit),
            org_unit_id=s.org_unit_id,
            escalate=True,
        )
