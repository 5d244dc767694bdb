"""The progress report: what happened to the measures since the last one, drafted as the
information paper for the council, with the changes in detail."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teilhabe.concept import selectors as concept_selectors
from teilhabe.concept.models import (
    FinancialState,
    ImplementationState,
    PoliticalState,
    TrafficLight,
)
from teilhabe.core.models import Municipality
from teilhabe.implementation import selectors as implementation_selectors
from teilhabe.planning import selectors as planning_selectors
from teilhabe.reports.builders.common import DocumentBuilder, day, euro, text_blocks
from teilhabe.reports.models import Report, ReportKind
from teilhabe.reports.selectors import last_edition

STATE_FIELDS = (
    ("political_state", PoliticalState, _("Political state")),
    ("financial_state", FinancialState, _("Financial state")),
    ("implementation_state", ImplementationState, _("Implementation state")),
    ("traffic_light", TrafficLight, _("Traffic light")),
)


def progress_period(report: Report, *, now: datetime | None = None) -> tuple[datetime, datetime]:
    """From the last progress report's edition (or the report's start, or a year back) to
    now."""
    now = now or timezone.now()
    last = last_edition(municipality=report.municipality, kind=ReportKind.PROGRESS)
    if last is not None:
        start = last.period_end or last.created_at
    elif report.period_start:
        start = timezone.make_aware(datetime.combine(report.period_start, time.min))
    else:
        start = now - timedelta(days=365)
    return start, now


def progress_changes(
    *, municipality: Municipality, since: datetime, until: datetime
) -> dict[str, Any]:
    """What happened to the measures between ``since`` and ``until``: new measures, net
    changes of their states (from the history), status updates, milestones reached, what is
    overdue now, and the funding status."""
    records = concept_selectors.measure_history(
        municipality=municipality, until=until, fields=[f for f, _c, _l in STATE_FIELDS]
    )
    before: dict[int, dict[str, Any]] = {}
    after: dict[int, dict[str, Any]] = {}
    touched: set[int] = set()
    for r in records:
        if r["history_date"] <= since:
            before[r["id"]] = r
        else:
            touched.add(r["id"])
        after[r["id"]] = r
    new, changes, removed = [], [], []
    for mid in sorted(touched, key=lambda i: (after[i]["number"], i)):
        old, now_ = before.get(mid), after[mid]
        label = f"{now_['number']} {now_['title']}".strip()
        if now_["history_type"] == "-":
            if old is not None and old["history_type"] != "-":
                removed.append(label)
            continue
        if old is None or old["history_type"] == "-":
            new.append(
                {
                    "label": label,
                    "state": str(ImplementationState(now_["implementation_state"]).label),
                }
            )
            continue
        for field, choices, field_label in STATE_FIELDS:
            if old[field] != now_[field]:
                changes.append(
                    {
                        "label": label,
                        "what": str(field_label),
                        "from": str(choices(old[field]).label),
                        "to": str(choices(now_[field]).label),
                    }
                )
    today = timezone.localdate()
    since_day, until_day = timezone.localtime(since).date(), timezone.localtime(until).date()
    updates = list(
        implementation_selectors.status_updates_between(
            municipality=municipality, since=since, until=until
        )
    )
    reached = list(
        implementation_selectors.milestones_reached_between(
            municipality=municipality, after=since_day, until=until_day
        )
    )
    late_milestones = list(
        implementation_selectors.milestones_overdue(municipality=municipality, today=today)
    )
    late_measures = list(
        concept_selectors.measures_past_end(municipality=municipality, today=today)
    )
    grants = list(
        planning_selectors.grants_running_since(municipality=municipality, since=since.date())
    )
    drawdowns = list(
        planning_selectors.drawdowns_between(
            municipality=municipality, after=since_day, until=until_day
        )
    )
    proofs = list(
        planning_selectors.proofs_due(municipality=municipality, until=today + timedelta(days=180))
    )
    return {
        "since": since,
        "until": until,
        "new": new,
        "changes": changes,
        "removed": removed,
        "updates": [
            {
                "label": f"{u.measure.number} {u.measure.title}".strip(),
                "date": day(u.reported_on),
                "light": u.get_traffic_light_display() if u.traffic_light else "",
                "text": u.text,
            }
            for u in updates
        ],
        "reached": [
            {
                "label": f"{m.measure.number} {m.measure.title}".strip(),
                "title": m.title,
                "date": day(m.done_on),
            }
            for m in reached
        ],
        "late_milestones": [
            {
                "label": f"{m.measure.number} {m.measure.title}".strip(),
                "title": m.title,
                "date": day(m.due_on),
            }
            for m in late_milestones
        ],
        "late_measures": [
            {
                "label": f"{m.number} {m.title}".strip(),
                "date": day(m.end_date),
                "state": m.get_implementation_state_display(),
            }
            for m in late_measures
        ],
        "grants": [
            {
                "title": g.title,
                "programme": g.programme.name,
                "status": g.get_status_display(),
                "period": f"{day(g.period_start)} – {day(g.period_end)}",
                "amount": euro(g.amount),
                "drawn": euro(g.drawn or 0),
            }
            for g in grants
        ],
        "drawdowns": [
            {"grant": d.grant.title, "date": day(d.requested_on), "amount": euro(d.amount)}
            for d in drawdowns
        ],
        "proofs": [
            {
                "grant": p.grant.title,
                "kind": p.get_kind_display(),
                "date": day(p.due_on),
                "overdue": p.due_on < today,
            }
            for p in proofs
        ],
    }


def progress_draft_text(*, report: Report, changes: dict[str, Any]) -> str:
    """The information paper's text, drafted from the changes; staff review it."""
    m = report.municipality
    lines = [
        _("Progress report on the integration concept of %(m)s") % {"m": m.name},
        "",
        _("This report covers the period from %(from)s to %(to)s.")
        % {"from": day(changes["since"]), "to": day(changes["until"])},
        "",
        _("1. What changed"),
    ]
    if changes["new"]:
        lines.append(_("New measures:"))
        lines += [f"– {n['label']} ({n['state']})" for n in changes["new"]]
    if changes["changes"]:
        lines.append(_("Changed states:"))
        lines += [
            f"– {c['label']}: {c['what']} {c['from']} → {c['to']}" for c in changes["changes"]
        ]
    if changes["removed"]:
        lines.append(_("Removed measures:"))
        lines += [f"– {r}" for r in changes["removed"]]
    if not (changes["new"] or changes["changes"] or changes["removed"]):
        lines.append(_("No measure changed its state in this period."))
    lines += ["", _("2. Reports from the measures")]
    if changes["updates"]:
        lines += [
            f"– {u['label']}, {u['date']}: {u['text']}".replace("\n", " ")
            for u in changes["updates"]
        ]
    else:
        lines.append(_("No status updates in this period."))
    if changes["reached"]:
        lines.append(_("Milestones reached:"))
        lines += [f"– {r['label']}: {r['title']} ({r['date']})" for r in changes["reached"]]
    lines += ["", _("3. Overdue")]
    if changes["late_milestones"] or changes["late_measures"]:
        lines += [
            "– " + _("%(label)s: milestone “%(title)s” due on %(date)s") % r
            for r in changes["late_milestones"]
        ]
        lines += [
            "– " + _("%(label)s: planned end %(date)s, still %(state)s") % r
            for r in changes["late_measures"]
        ]
    else:
        lines.append(_("Nothing is overdue."))
    lines += ["", _("4. Funding")]
    if changes["grants"]:
        lines += [
            "– "
            + _(
                "%(title)s (%(programme)s, %(status)s, %(period)s): %(amount)s granted, %(drawn)s drawn"
            )
            % g
            for g in changes["grants"]
        ]
    else:
        lines.append(_("No grants in this period."))
    for p in changes["proofs"]:
        template = (
            _("Proof of use “%(kind)s” for %(grant)s was due on %(date)s.")
            if p["overdue"]
            else _("Proof of use “%(kind)s” for %(grant)s is due on %(date)s.")
        )
        lines.append("– " + template % p)
    return "\n".join(str(line) for line in lines)


def build_progress(report: Report, *, start: datetime, end: datetime) -> dict[str, Any]:
    municipality = report.municipality
    changes = progress_changes(municipality=municipality, since=start, until=end)
    doc = DocumentBuilder(
        report=report,
        title=report.title,
        subtitle=_("Progress report %(from)s to %(to)s") % {"from": day(start), "to": day(end)},
    )
    c1 = doc.chapter(_("Summary"))
    text = report.draft_text or progress_draft_text(report=report, changes=changes)
    for block in text_blocks(text):
        if block[0] == "heading":
            c1.section(block[1], level=4)
        elif block[0] == "list":
            c1.bullets(block[1])
        else:
            c1.text(block[1])
    c2 = doc.chapter(_("Changes in detail"))
    c2.section(_("New measures"))
    c2.table(
        caption=_("New measures"),
        columns=[pgettext("integration concept", "Measure"), _("Implementation state")],
        rows=[[n["label"], n["state"]] for n in changes["new"]],
        empty=_("No new measures."),
    )
    c2.section(_("Changed states"))
    c2.table(
        caption=_("Changed states"),
        columns=[pgettext("integration concept", "Measure"), _("State"), _("before"), _("now")],
        rows=[[c["label"], c["what"], c["from"], c["to"]] for c in changes["changes"]],
        empty=_("No measure changed its state in this period."),
    )
    c2.section(_("Status updates"))
    c2.table(
        caption=_("Status updates"),
        columns=[
            pgettext("integration concept", "Measure"),
            _("Date"),
            _("Traffic light"),
            _("Status report"),
        ],
        rows=[[u["label"], u["date"], u["light"] or "–", u["text"]] for u in changes["updates"]],
        empty=_("No status updates in this period."),
    )
    c2.section(_("Overdue"))
    c2.table(
        caption=_("Overdue milestones"),
        columns=[pgettext("integration concept", "Measure"), _("Milestone"), _("due on")],
        rows=[[r["label"], r["title"], r["date"]] for r in changes["late_milestones"]],
        empty=_("No overdue milestones."),
    )
    c2.table(
        caption=_("Measures past their planned end"),
        columns=[pgettext("integration concept", "Measure"), _("End"), _("Implementation state")],
        rows=[[r["label"], r["date"], r["state"]] for r in changes["late_measures"]],
    )
    c2.section(_("Funding"))
    c2.table(
        caption=_("Grants"),
        columns=[
            _("Purpose"),
            _("Funding programme"),
            _("Status"),
            _("Funded period"),
            _("Granted"),
            _("Drawn"),
        ],
        rows=[
            [g["title"], g["programme"], g["status"], g["period"], g["amount"], g["drawn"]]
            for g in changes["grants"]
        ],
        numeric=[False, False, False, False, True, True],
        empty=_("No grants in this period."),
    )
    c2.table(
        caption=_("Drawdowns in the period"),
        columns=[_("Grant"), _("requested on"), _("Amount")],
        rows=[[d["grant"], d["date"], d["amount"]] for d in changes["drawdowns"]],
        numeric=[False, False, True],
    )
    c2.table(
        caption=_("Proofs of use due"),
        columns=[_("Grant"), _("Kind"), _("due on")],
        rows=[[p["grant"], p["kind"], p["date"]] for p in changes["proofs"]],
    )
    doc.facts["changes"] = {
        "new": [n["label"] for n in changes["new"]],
        "changes": [
            f"{c['label']}: {c['what']} {c['from']} → {c['to']}" for c in changes["changes"]
        ],
        "updates": len(changes["updates"]),
    }
    return doc.as_dict(period_start=start, period_end=end)
