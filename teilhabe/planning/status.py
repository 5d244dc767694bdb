"""Planning's status on the home page (mandates, process plan) and its sections of the handover
view; registered in ``wiring.py``."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core import handover
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Membership, Municipality, Role
from teilhabe.planning import selectors
from teilhabe.planning.models import GrantStatus, Milestone, PhaseStatus

# How far ahead deadlines count as "due soon" on the home page and in the handover view.
DUE_SOON = timedelta(days=60)


def _day(value) -> str:  # type: ignore[no-untyped-def]
    return value.strftime("%d.%m.%Y") if value else "–"


def mandate_status(municipality: Municipality) -> StepStatus:
    url = reverse("planning:mandate_list", args=[municipality.ars])
    if not selectors.mandates(municipality=municipality).exists():
        return StepStatus(
            next_action=_("Record the council decision that orders the concept."),
            url=reverse("planning:mandate_create", args=[municipality.ars]),
        )
    open_mandates = list(selectors.mandates_open(municipality=municipality))
    facts = [
        ngettext("%(n)s open mandate", "%(n)s open mandates", len(open_mandates))
        % {"n": len(open_mandates)}
    ]
    overdue = [m for m in open_mandates if m.overdue]
    if overdue:
        facts.append(
            ngettext("%(n)s report back overdue", "%(n)s reports back overdue", len(overdue))
            % {"n": len(overdue)}
        )
    next_action = ""
    dated = [m for m in open_mandates if m.report_due]
    if dated:
        first = dated[0]
        template = (
            _("The report on “%(title)s” has been due since %(day)s.")
            if first.overdue
            else _("Report back on “%(title)s” by %(day)s.")
        )
        next_action = template % {
            "title": first.title,
            "day": _day(first.report_due),
        }
    return StepStatus(facts=facts, next_action=next_action, url=url, started=True)


def plan_status(municipality: Municipality) -> StepStatus:
    plan = selectors.current_plan(municipality=municipality)
    if plan is None:
        return StepStatus(
            next_action=_("Create a process plan from a template."),
            url=reverse("planning:plan_create", args=[municipality.ars]),
        )
    today = timezone.localdate()
    chart = selectors.plan_chart(plan=plan, today=today)
    facts = [
        ngettext(
            "“%(title)s”: %(n)s building block",
            "“%(title)s”: %(n)s building blocks",
            len(chart.rows) + len(chart.unscheduled),
        )
        % {"title": plan.title, "n": len(chart.rows) + len(chart.unscheduled)}
    ]
    running = [r.phase.name for r in chart.rows if r.phase.status == PhaseStatus.RUNNING]
    if running:
        facts.append(_("running: %(names)s") % {"names": ", ".join(running)})
    late = [
        r
        for r in chart.rows
        if r.phase.status != PhaseStatus.DONE and (r.is_late or r.phase.delay_months)
    ]
    if late:
        facts.append(
            ngettext("%(n)s building block delayed", "%(n)s building blocks delayed", len(late))
            % {"n": len(late)}
        )
    # The single proofs are listed with every other deadline above the steps (core.deadlines).
    proofs = selectors.proofs_due(municipality=municipality, until=today + DUE_SOON).count()
    if proofs:
        facts.append(
            ngettext(
                "%(n)s proof of use due in the next 60 days",
                "%(n)s proofs of use due in the next 60 days",
                proofs,
            )
            % {"n": proofs}
        )
    upcoming = [m for m in chart.milestones if not m.done_on and m.due_date]
    next_action = ""
    if upcoming:
        first = min(upcoming, key=lambda m: m.due_date)  # type: ignore[arg-type, return-value]
        template = (
            _("Milestone overdue since %(day)s: %(title)s")
            if first.is_overdue(today)
            else _("Next milestone: %(title)s (%(day)s)")
        )
        next_action = template % {"title": first.title, "day": _day(first.due_date)}
    return StepStatus(
        facts=facts,
        next_action=next_action,
        url=reverse("planning:plan_detail", args=[municipality.ars, plan.pk]),
        started=True,
    )


# --- sections of the handover view ---------------------------------------------------------


def handover_mandates(municipality: Municipality) -> handover.Section:
    today = timezone.localdate()
    items = []
    for m in selectors.mandates_open(municipality=municipality):
        overdue = m.is_overdue(today)
        items.append(
            handover.Item(
                label=m.title,
                detail=", ".join(x for x in (m.body_name, m.source_reference) if x),
                day=m.report_due,
                url=reverse("planning:mandate_detail", args=[municipality.ars, m.pk]),
                urgent=overdue,
                status=_("report overdue") if overdue else _("open"),
            )
        )
    return handover.Section(
        title=_("Open mandates and report-back dates"),
        items=items,
        empty=_("No open mandates."),
        columns=(_("Mandate"), _("ordered by"), _("report back by")),
    )


def handover_plan(municipality: Municipality) -> handover.Section | None:
    plan = selectors.current_plan(municipality=municipality)
    if plan is None:
        return None
    today = timezone.localdate()
    chart = selectors.plan_chart(plan=plan, today=today)
    items = []
    for row in chart.rows:
        if row.phase.status == PhaseStatus.DONE:
            continue
        late = row.is_late or bool(row.phase.delay_months)
        items.append(
            handover.Item(
                label=_("Building block: %(name)s") % {"name": row.phase.name},
                detail=", ".join(
                    x for x in (row.phase.responsible, str(row.phase.org_unit or "")) if x
                ),
                day=row.expected_end or row.end,
                url=reverse("planning:plan_detail", args=[municipality.ars, plan.pk]),
                urgent=late,
                status=(row.note or _("delayed")) if late else row.phase.get_status_display(),
            )
        )
    milestones: list[Milestone] = [m for m in chart.milestones if not m.done_on]
    for m in milestones:
        overdue = m.is_overdue(today)
        items.append(
            handover.Item(
                label=_("Milestone: %(title)s") % {"title": m.title},
                detail=m.responsible,
                day=m.due_date,
                url=reverse("planning:plan_detail", args=[municipality.ars, plan.pk]),
                urgent=overdue,
                status=_("overdue") if overdue else _("open"),
            )
        )
    return handover.Section(
        title=_("Process plan: open building blocks and milestones"),
        intro=plan.title,
        items=items,
        empty=_("All building blocks and milestones are completed."),
        columns=(_("What"), _("responsible"), _("due")),
    )


def handover_funding(municipality: Municipality) -> handover.Section:
    today = timezone.localdate()
    items = [
        handover.Item(
            label=f"{p.get_kind_display()}{' (' + _('interim') + ')' if p.interim else ''}",
            detail=f"{p.grant.title} – {p.grant.programme.name}",
            day=p.due_on,
            url=reverse("planning:grant_detail", args=[municipality.ars, p.grant_id]),
            urgent=p.is_overdue(today) or p.due_on <= today + DUE_SOON,
            status=_("overdue")
            if p.is_overdue(today)
            else (_("due soon") if p.due_on <= today + DUE_SOON else _("open")),
        )
        for p in selectors.proofs_due(municipality=municipality)
    ]
    for g in selectors.grants(municipality=municipality).filter(
        status=GrantStatus.GRANTED, period_end__gte=today
    ):
        items.append(
            handover.Item(
                label=_("Running grant: %(title)s") % {"title": g.title},
                detail=_("%(programme)s, notice %(number)s; contact: %(contact)s")
                % {
                    "programme": g.programme.name,
                    "number": g.notice_number or "–",
                    "contact": g.contact or "–",
                },
                day=g.period_end,
                url=reverse("planning:grant_detail", args=[municipality.ars, g.pk]),
                status=_("funded until"),
            )
        )
    return handover.Section(
        title=_("Funding: due proofs of use and running grants"),
        items=items,
        empty=_("No proof of use is due and no grant is running."),
        columns=(_("What"), _("Grant"), _("due")),
    )


def handover_contacts(municipality: Municipality) -> handover.Section:
    today = timezone.localdate()
    roles = [
        Role.ADMIN,
        Role.EDITOR,
        Role.MODERATOR,
        Role.STEERING,
        Role.WORKING_GROUP,
        Role.OFFICE,
    ]
    memberships = (
        Membership.objects.filter(municipality=municipality, role__in=roles, is_active=True)
        .select_related("user", "field_of_action", "org_unit")
        .order_by("role", "user__last_name")
    )
    items = []
    for m in memberships:
        if not m.is_current(today):
            continue
        bound = m.field_of_action or m.org_unit
        items.append(
            handover.Item(
                label=str(m.user),
                detail=f"{m.get_role_display()}{' – ' + str(bound) if bound else ''}\n{m.user.email}",
                day=m.valid_until,
            )
        )
    return handover.Section(
        title=_("Contacts in Teilhabe"),
        intro=_(
            "People with a role in this municipality: integration office, process moderation, "
            "steering group, working groups and responsible offices."
        ),
        items=items,
        empty=_("No people with a role yet."),
        columns=(_("Name"), _("Role and e-mail"), _("access until")),
    )
