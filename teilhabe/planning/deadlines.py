"""Planning's deadlines: report-back dates of mandates, milestones of the process plan and the
due proofs of use of grants (Sachbericht, Verwendungsnachweis); registered in ``wiring.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.core.deadlines import Deadline
from teilhabe.core.models import Municipality
from teilhabe.planning import selectors
from teilhabe.planning.models import ProofKind


def mandate_deadlines(municipality: Municipality, today: date, until: date) -> Iterator[Deadline]:
    # A mandate stays open until a paper or report closes it: its date counts until then.
    for m in selectors.mandates_open(municipality=municipality).filter(report_due__lte=until):
        if m.report_due is None:  # excluded by the query; for the type checker
            continue
        yield Deadline(
            kind="mandate",
            key=f"mandate-{m.pk}",
            day=m.report_due,
            title=m.title,
            action=_("Report back to %(body)s") % {"body": m.body_name or _("the council")},
            url=reverse("planning:mandate_detail", args=[municipality.ars, m.pk]),
            responsible=str(m.org_unit or ""),
            org_unit_id=m.org_unit_id,
            escalate=True,
        )


def plan_milestone_deadlines(
    municipality: Municipality, today: date, until: date
) -> Iterator[Deadline]:
    plan = selectors.current_plan(municipality=municipality)
    if plan is None:
        return
    url = reverse("planning:plan_detail", args=[municipality.ars, plan.pk])
    for m in selectors.milestones_open(plan=plan):
        day = m.due_date
        if day is None or day > until:
            continue
        office = m.phase.org_unit if m.phase else None
        yield Deadline(
            kind="plan_milestone",
            key=f"plan-milestone-{m.pk}",
            day=day,
            title=m.title,
            action=_("Reach the milestone of the process plan “%(plan)s”") % {"plan": plan.title},
            url=url,
            responsible=m.responsible or str(office or ""),
            org_unit_id=office.pk if office else None,
        )


def proof_deadlines(municipality: Municipality, today: date, until: date) -> Iterator[Deadline]:
    # Submitting the proof (a date in "submitted on") takes it off every list.
    for p in selectors.proofs_due(municipality=municipality, until=until):
        what = (
            _("Submit the Sachbericht")
            if p.kind == ProofKind.REPORT
            else _("Submit the Verwendungsnachweis (statement of expenditure)")
        )
        if p.interim:
            what = _("%(what)s (interim proof)") % {"what": what}
        yield Deadline(
            kind="proof",
            key=f"proof-{p.pk}",
            day=p.due_on,
            title=f"{p.grant.title} ({p.grant.programme.name})",
            action=what,
            url=reverse("planning:grant_detail", args=[municipality.ars, p.grant_id]),
        )
