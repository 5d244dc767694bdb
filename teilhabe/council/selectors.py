"""Reads of the council part, always scoped to a municipality."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

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
