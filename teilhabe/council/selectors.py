"""Reads of the council part, always scoped to a municipality."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.models import Municipality
from teilhabe.council.models import (
    Committee,
    Consultation,
    Meeting,
    MeetingStatus,
    OParlRun,
    Paper,
    PaperOrigin,
    PaperStatus,
    SignOff,
)


def committees(*, municipality: Municipality) -> QuerySet[Committee]:
    return (
        Committee.objects.filter(municipality=municipality)
        .select_related("election_period")
        .prefetch_related("former_names")
        .annotate(meeting_count=Count("meetings", distinct=True))
    )


def meetings(
    *, municipality: Municipality, committee: Committee | None = None, past: bool = False
) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(municipality=municipality).select_related("committee")
    qs = qs.prefetch_related("committee__former_names")
    if committee is not None:
        qs = qs.filter(committee=committee)
    today = timezone.localdate()
    if past:
        return qs.filter(start__date__lt=today).order_by("-start")
    return qs.filter(start__date__gte=today).order_by("start")


def papers(
    *,
    municipality: Municipality,
    q: str = "",
    paper_type_id: int | None = None,
    status: str = "",
    committee_id: int | None = None,
) -> QuerySet[Paper]:
    qs = Paper.objects.filter(municipality=municipality).select_related("paper_type", "lead")
    if q:
        qs = qs.filter(Q(subject__icontains=q) | Q(reference__icontains=q))
    if paper_type_id:
        qs = qs.filter(paper_type_id=paper_type_id)
    if status:
        qs = qs.filter(status=status)
    if committee_id:
        qs = qs.filter(
            consultations__committee_id=committee_id, consultations__superseded_at__isnull=True
        ).distinct()
    return qs.annotate(
        open_signoffs=Count("signoffs", filter=Q(signoffs__decision=""), distinct=True)
    ).order_by("-date", "-pk")


def paper_for_detail(*, municipality: Municipality, pk: int) -> Paper | None:
    return (
        Paper.objects.filter(municipality=municipality, pk=pk)
        .select_related("paper_type", "lead", "municipality")
        .prefetch_related(
            "sections",
            "attachments",
            Prefetch("signoffs", queryset=SignOff.objects.select_related("org_unit", "decided_by")),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.select_related("committee", "meeting")
                .prefetch_related("committee__former_names")
                .order_by("-plan_round", "position"),
            ),
        )
        .first()
    )


def open_signoffs(*, municipality: Municipality) -> QuerySet[SignOff]:
    return (
        SignOff.objects.filter(paper__municipality=municipality, decision="")
        .exclude(paper__status__in=[PaperStatus.SUBMITTED, PaperStatus.DONE])
        .select_related("paper", "org_unit")
        .order_by("due", "paper__subject")
    )


def upcoming_deadlines(*, municipality: Municipality, days: int = 42) -> QuerySet[Meeting]:
    today = timezone.localdate()
    return (
        Meeting.objects.filter(
            municipality=municipality,
            paper_deadline__gte=today,
            paper_deadline__lte=today + timedelta(days=days),
        )
        .exclude(status="cancelled")
        .select_related("committee")
        .prefetch_related("committee__former_names")
        .order_by("paper_deadline")
    )


def meetings_with_paper_deadline(
    *, municipality: Municipality, until: date, today: date
) -> QuerySet[Meeting]:
    """Planned meetings still ahead whose paper deadline (Vorlagenschluss) falls by ``until``."""
    return (
        Meeting.objects.filter(
            municipality=municipality,
            status=MeetingStatus.PLANNED,
            paper_deadline__lte=until,
            start__date__gte=today,
        )
        .select_related("committee")
        .prefetch_related("committee__former_names")
        .order_by("paper_deadline", "start")
    )


def papers_pending_for(*, meetings: list[Meeting]) -> dict[int, list[Paper]]:
    """Per meeting: the papers drafted here and planned for it that are not yet in the RIS."""
    out: dict[int, list[Paper]] = {}
    for c in (
        Consultation.objects.filter(
            meeting__in=meetings,
            superseded_at__isnull=True,
            paper__origin=PaperOrigin.TEILHABE,
            paper__status__in=[PaperStatus.DRAFT, PaperStatus.SIGNOFF, PaperStatus.READY],
        )
        .select_related("paper__lead")
        .order_by("paper__subject", "pk")
    ):
        if c.meeting_id is None:  # excluded by the query; for the type checker
            continue
        papers = out.setdefault(c.meeting_id, [])
        if c.paper not in papers:
            papers.append(c.paper)
    return out


def oparl_runs(*, municipality: Municipality) -> QuerySet[OParlRun]:
    return OParlRun.objects.filter(municipality=municipality).select_related("started_by")[:20]


def decision_bodies(*, municipality: Municipality) -> list[str]:
    """Who can decide a change proposal: the municipality's active bodies, then the steering
    group and the working groups of the participation."""
    from teilhabe.participation.selectors import group_names

    bodies = list(
        Committee.objects.filter(municipality=municipality, is_active=True).values_list(
            "name", flat=True
        )
    )
    return bodies + [g for g in group_names(municipality=municipality) if g not in bodies]


# The OParl types in the words of the interface, in the order of the report.
OPARL_TYPES = {
    "System": _("OParl system"),
    "Body": _("Corporate body (Körperschaft)"),
    "LegislativeTerm": _("Election period"),
    "Organization": _("Body"),
    "Person": _("Person"),
    "Membership": _("Membership"),
    "Meeting": _("Meeting"),
    "AgendaItem": _("Agenda item"),
    "Paper": pgettext_lazy("council", "Paper"),
    "Consultation": _("Consultation"),
    "File": _("File"),
    "Location": _("Place"),
    "Object": _("Object of unknown type"),
}
# Count keys are "<action>_<Type>" (or "<Type>" alone: taken over).
OPARL_ACTIONS = {
    "read": _("read"),
    "created": _("new"),
    "updated": _("updated"),
    "": _("taken over"),
    "result": _("results taken over"),
    "unchanged": _("unchanged"),
    "deleted": _("removed"),
    "skipped": _("skipped"),
}


def oparl_type_label(name: str) -> str:
    return str(OPARL_TYPES.get(name, name))


def oparl_report(*, run: OParlRun) -> dict[str, Any]:
    """The run's counts as a table (one row per type, one column per action) and its list
    of skipped objects and remarks, in German."""
    table: dict[str, dict[str, int]] = {}
    for key, value in run.counts.items():
        action, _sep, kind = key.rpartition("_")
        table.setdefault(kind, {})
        table[kind][action] = table[kind].get(action, 0) + int(value)
    used = [a for a in OPARL_ACTIONS if any(a in row for row in table.values())]
    order = list(OPARL_TYPES)
    rows = [
        {"type": oparl_type_label(kind), "values": [table[kind].get(a, 0) for a in used]}
        for kind in sorted(table, key=lambda k: order.index(k) if k in order else len(order))
    ]
    entries = [
        dict(entry, type_label=oparl_type_label(entry.get("type", ""))) for entry in run.skipped
    ]
    return {
        "columns": [str(OPARL_ACTIONS[a]) for a in used],
        "rows": rows,
        "skipped": [e for e in entries if not e.get("note")],
        "notes": [e for e in entries if e.get("note")],
    }
