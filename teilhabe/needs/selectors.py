"""Reads of the needs assessment, always scoped to a municipality.

For other parts of Teilhabe (the portal):

* ``needs_for_measures(municipality, measure_ids)`` – measure id → the accepted needs it
  addresses (only needs approved for publication unless ``published_only=False``).
* ``unanswered_needs(municipality)`` – accepted needs that no recommendation and no measure
  answers (likewise only published ones by default).
"""

from __future__ import annotations

import statistics as stats
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import QueryDict

from teilhabe.core.models import Area, FieldOfAction, Municipality
from teilhabe.needs.models import (
    EvidenceKind,
    Need,
    NeedEvidence,
    NeedProposal,
    NeedProposalStatus,
    NeedRating,
    NeedStatus,
    RoundStatus,
    TargetGroup,
    WeighingRound,
)

# A standard deviation of the members' weighted scores from this value on (scale 1–5) is
# shown as disagreement.
DISAGREEMENT_SD = 1.0


def needs_base(*, municipality: Municipality) -> QuerySet[Need]:
    return (
        Need.objects.filter(municipality=municipality)
        .select_related("field", "priority_round")
        .prefetch_related("areas", "target_groups")
        .annotate(
            n_evidence=Count("evidence", distinct=True),
            n_measures=Count("measures", distinct=True),
            n_recommendations=Count("recommendations", distinct=True),
        )
    )


@dataclass
class NeedFilters:
    status: str = ""
    field: str = ""
    area: str = ""
    priority: str = ""
    q: str = ""
    no_evidence: bool = False
    unanswered: bool = False

    @classmethod
    def from_params(cls, params: QueryDict) -> NeedFilters:
        return cls(
            status=params.get("status", ""),
            field=params.get("feld", ""),
            area=params.get("gebiet", ""),
            priority=params.get("prioritaet", ""),
            q=params.get("q", "").strip()[:100],
            no_evidence=params.get("ohne_beleg") == "1",
            unanswered=params.get("unbeantwortet") == "1",
        )


def needs_filtered(*, municipality: Municipality, filters: NeedFilters) -> QuerySet[Need]:
    qs = needs_base(municipality=municipality)
    if filters.status in NeedStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.field.isdigit():
        qs = qs.filter(field_id=int(filters.field))
    if filters.area.isdigit():
        area_id = int(filters.area)
        qs = qs.filter(Q(areas__pk=area_id) | Q(areas__parent_id=area_id)).distinct()
    if filters.priority.isdigit():
        qs = qs.filter(priority=int(filters.priority))
    elif filters.priority == "keine":
        qs = qs.filter(priority__isnull=True)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(statement__icontains=filters.q))
    if filters.no_evidence:
        qs = qs.filter(n_evidence=0)  # type: ignore[misc]
    if filters.unanswered:
        qs = qs.filter(n_measures=0, n_recommendations=0)  # type: ignore[misc]
    return qs.order_by("priority", "priority_rank", "field__position", "number")


def need_for_page(*, municipality: Municipality, pk: int) -> Need | None:
    return (
        Need.objects.filter(municipality=municipality, pk=pk)
        .select_related("field", "priority_round", "created_by", "published_by")
        .annotate(n_evidence=Count("evidence", distinct=True))
        .prefetch_related(
            "areas",
            "target_groups",
            "recommendations__field",
            "measures",
            Prefetch(
                "evidence",
                queryset=NeedEvidence.objects.select_related(
                    "indicator",
                    "area",
                    "dataset",
                    "contribution__event",
                    "contribution__survey",
                    "offer__actor",
                ),
            ),
        )
        .first()
    )


@dataclass
class Newer:
    """A newer value of an indicator finding than the one the evidence was made from."""

    citation: str
    version: int
    period: Any
    text: str
    replaced: bool  # the evidence's dataset version itself was replaced


def evidence_newer(evidence: NeedEvidence) -> Newer | None:
    """For an indicator finding: whether the data basis now has a newer dataset version or a
    newer reference date for the same indicator and area."""
    if evidence.kind != EvidenceKind.INDICATOR or evidence.indicator is None:
        return None
    from teilhabe.statistics.models import IndicatorValue, Level
    from teilhabe.statistics.selectors import show

    qs = IndicatorValue.objects.filter(indicator=evidence.indicator).select_related("dataset")
    qs = qs.filter(area=evidence.area) if evidence.area_id else qs.filter(level=Level.MUNICIPALITY)
    current = qs.order_by("-period", "-dataset__version").first()
    replaced = evidence.dataset is not None and not evidence.dataset.is_current
    if current is None:
        return None
    newer = (
        replaced
        or current.dataset_id != evidence.dataset_id
        or (evidence.period is not None and current.period > evidence.period)
    )
    if not newer:
        return None
    text, _hidden = show(evidence.indicator, current)
    return Newer(
        citation=current.dataset.citation,
        version=current.dataset.version,
        period=current.period,
        text=text,
        replaced=replaced,
    )


def evidence_rows(need: Need) -> list[tuple[NeedEvidence, Newer | None]]:
    return [(e, evidence_newer(e)) for e in need.evidence.all()]


# --- for the portal and the measure pages -----------------------------------------------------


def unanswered_needs(municipality: Municipality, *, published_only: bool = True) -> QuerySet[Need]:
    """Accepted needs that no recommendation and no measure answers."""
    qs = needs_base(municipality=municipality).filter(  # type: ignore[misc]
        status=NeedStatus.ACCEPTED, n_measures=0, n_recommendations=0
    )
    if published_only:
        qs = qs.filter(published_at__isnull=False)
    return qs.order_by("priority", "priority_rank", "field__position", "number")


def needs_for_measures(
    municipality: Municipality, measure_ids: Iterable[int], *, published_only: bool = True
) -> dict[int, list[Need]]:
    """Measure id → the accepted needs it addresses (by priority)."""
    ids = list(measure_ids)
    if not ids:
        return {}
    through = Need.measures.through
    links = through.objects.filter(
        measure_id__in=ids,
        need__municipality=municipality,
        need__status=NeedStatus.ACCEPTED,
    )
    if published_only:
        links = links.filter(need__published_at__isnull=False)
    pairs = list(links.values_list("measure_id", "need_id"))
    needs = {
        n.pk: n for n in Need.objects.filter(pk__in={n for _m, n in pairs}).select_related("field")
    }
    out: dict[int, list[Need]] = defaultdict(list)
    for measure_id, need_id in pairs:
        out[measure_id].append(needs[need_id])
    for values in out.values():
        values.sort(key=lambda n: (n.priority or 9, n.priority_rank or 9999, n.number))
    return dict(out)


# --- proposals --------------------------------------------------------------------------------


def proposals_for(*, municipality: Municipality, status: str = "open") -> QuerySet[NeedProposal]:
    qs = NeedProposal.objects.filter(municipality=municipality).select_related(
        "field", "area", "need", "decided_by"
    )
    if status in NeedProposalStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("source", "-strength", "pk")


# --- weighing ---------------------------------------------------------------------------------


def rounds_for(*, municipality: Municipality) -> QuerySet[WeighingRound]:
    return WeighingRound.objects.filter(municipality=municipality).annotate(
        n_needs=Count("needs", distinct=True), n_ratings=Count("ratings", distinct=True)
    )


def open_rounds(*, municipality: Municipality) -> QuerySet[WeighingRound]:
    return rounds_for(municipality=municipality).filter(status=RoundStatus.OPEN)


@dataclass
class RankRow:
    need: Need
    rank: int | None = None
    score: float | None = None
    criterion_means: list[float | None] = field(default_factory=list)
    criterion_sds: list[float | None] = field(default_factory=list)
    member_totals: list[float] = field(default_factory=list)
    ratings: list[NeedRating] = field(default_factory=list)
    conflicts: list[NeedRating] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return len(self.member_totals)

    @property
    def spread(self) -> float | None:
        if len(self.member_totals) < 2:
            return None
        return stats.pstdev(self.member_totals)

    @property
    def range(self) -> float | None:
        if len(self.member_totals) < 2:
            return None
        return max(self.member_totals) - min(self.member_totals)

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT_SD


def _weighted(scores: dict[str, int], criteria: list[dict[str, Any]]) -> float | None:
    total = weight = 0.0
    for c in criteria:
        value = scores.get(str(c["id"]))
        if value is None:
            continue
        total += c["weight"] * value
        weight += c["weight"]
    return total / weight if weight else None


def round_ranking(*, weighing: WeighingRound) -> list[RankRow]:
    """The combined ranking: per need the mean score per criterion over the members without a
    declared conflict, weighted by the criteria's weights; the spread of the members'
    weighted scores shows where they disagree."""
    criteria = weighing.criteria
    needs = list(weighing.needs.select_related("field").order_by("number"))
    ratings = defaultdict(list)
    for r in NeedRating.objects.filter(round=weighing).select_related("member").order_by("pk"):
        ratings[r.need_id].append(r)
    rows = []
    for need in needs:
        row = RankRow(need=need)
        own = ratings.get(need.pk, [])
        row.ratings = own
        counted = [r for r in own if not r.conflict_of_interest]
        row.conflicts = [r for r in own if r.conflict_of_interest]
        for c in criteria:
            values = [r.scores[str(c["id"])] for r in counted if str(c["id"]) in r.scores]
            row.criterion_means.append(sum(values) / len(values) if values else None)
            row.criterion_sds.append(stats.pstdev(values) if len(values) > 1 else None)
        total = weight = 0.0
        for c, mean in zip(criteria, row.criterion_means, strict=True):
            if mean is not None:
                total += c["weight"] * mean
                weight += c["weight"]
        row.score = total / weight if weight else None
        row.member_totals = [
            t for t in (_weighted(r.scores, criteria) for r in counted) if t is not None
        ]
        rows.append(row)
    ranked = sorted(rows, key=lambda r: (r.score is None, -(r.score or 0), r.need.number))
    rank = 0
    for row in ranked:
        if row.score is not None:
            rank += 1
            row.rank = rank
    return ranked


def suggested_priority(rows: list[RankRow]) -> dict[int, int | None]:
    """Thirds of the ranking: high, medium, low (a starting point for the decision)."""
    scored = [r for r in rows if r.rank is not None]
    out: dict[int, int | None] = {r.need.pk: None for r in rows}
    n = len(scored)
    for i, row in enumerate(scored):
        out[row.need.pk] = 1 if i < n / 3 else (2 if i < 2 * n / 3 else 3)
    return out


def own_ratings(*, weighing: WeighingRound, member: Any) -> dict[int, NeedRating]:
    return {r.need_id: r for r in NeedRating.objects.filter(round=weighing, member=member)}


def round_progress(*, weighing: WeighingRound) -> dict[int, int]:
    """Need id → how many members scored it so far (only while the round is open)."""
    if not weighing.is_open:
        return {}
    return dict(
        weighing.ratings.values_list("need_id").annotate(n=Count("pk")).values_list("need_id", "n")
    )


def rating_initial(rating: NeedRating | None) -> dict[str, Any]:
    """The scoring form's values from a member's earlier scores."""
    if rating is None:
        return {}
    return {f"c{k}": v for k, v in rating.scores.items()} | {
        "conflict_of_interest": rating.conflict_of_interest,
        "conflict_note": rating.conflict_note,
        "comment": rating.comment,
    }


def decision_initial(
    *, weighing: WeighingRound, ranking: list[RankRow], today: date
) -> dict[str, Any]:
    """The decision form's values: the recorded decision, or priorities suggested from the
    ranking."""
    suggested = suggested_priority(ranking)
    initial: dict[str, Any] = {
        "decided_on": weighing.decided_on or today,
        "body_name": weighing.decision_body,
        "note": weighing.decision_note,
    }
    for row in ranking:
        value = row.need.priority if weighing.decided_on else suggested.get(row.need.pk)
        initial[f"p{row.need.pk}"] = str(value) if value else ""
    return initial


# --- the needs matrix -------------------------------------------------------------------------


@dataclass
class NeedsMatrix:
    by: str
    rows: list[FieldOfAction]
    columns: list[tuple[str, str]]
    cells: dict[tuple[int, str], list[Need]] = field(default_factory=dict)

    def table(self) -> list[tuple[FieldOfAction, list[tuple[str, list[Need]]]]]:
        return [
            (r, [(key, self.cells.get((r.pk, key), [])) for key, _label in self.columns])
            for r in self.rows
        ]

    @property
    def total(self) -> int:
        return len({n.pk for needs in self.cells.values() for n in needs})


CITYWIDE = "gesamt"


def _top(area: Area, by_pk: dict[int, Area]) -> Area:
    seen = set()
    while area.parent_id and area.parent_id in by_pk and area.pk not in seen:
        seen.add(area.pk)
        area = by_pk[area.parent_id]
    return area


def needs_matrix(*, municipality: Municipality, by: str = "area") -> NeedsMatrix:
    """Fields of action × areas (top level; needs in sub-areas count in their area) or ×
    target groups, with the needs (not dismissed) by priority."""
    from django.utils.translation import gettext as _

    # The needs' areas and target groups are read as links: as prefetched instances they
    # took most of the page's time at 200 needs.
    needs = list(
        needs_base(municipality=municipality)
        .prefetch_related(None)
        .exclude(status=NeedStatus.DISMISSED)
        .order_by("priority", "priority_rank", "number")
    )
    fields = list(FieldOfAction.objects.filter(municipality=municipality, is_active=True))
    used = {n.field_id for n in needs}
    fields += list(
        FieldOfAction.objects.filter(municipality=municipality, is_active=False, pk__in=used)
    )
    need_ids = [n.pk for n in needs]
    links: dict[int, list[int]] = defaultdict(list)
    if by == "zielgruppe":
        groups = list(TargetGroup.objects.filter(municipality=municipality))
        columns = [(str(g.pk), g.name) for g in groups] + [(CITYWIDE, _("no target group"))]
        for need_id, group_id in Need.target_groups.through.objects.filter(
            need_id__in=need_ids
        ).values_list("need_id", "targetgroup_id"):
            links[need_id].append(group_id)
    else:
        by = "area"
        all_areas = {
            a.pk: a
            for a in Area.objects.filter(municipality=municipality).only(
                "pk", "parent_id", "key", "name"
            )
        }
        tops = sorted((a for a in all_areas.values() if a.parent_id is None), key=lambda a: a.key)
        columns = [(str(a.pk), a.name) for a in tops] + [(CITYWIDE, _("municipality-wide"))]
        for need_id, area_id in Need.areas.through.objects.filter(need_id__in=need_ids).values_list(
            "need_id", "area_id"
        ):
            if area_id in all_areas:  # another municipality's area has no column here
                links[need_id].append(area_id)
    matrix = NeedsMatrix(by=by, rows=fields, columns=columns)
    for need in needs:
        linked = links.get(need.pk, [])
        if by == "zielgruppe":
            keys = [str(pk) for pk in linked] or [CITYWIDE]
        else:
            keys = (
                [CITYWIDE]
                if need.citywide or not linked
                else list(dict.fromkeys(str(_top(all_areas[pk], all_areas).pk) for pk in linked))
            )
        for key in keys:
            matrix.cells.setdefault((need.field_id, key), []).append(need)
    return matrix


def matrix_rows(matrix: NeedsMatrix) -> tuple[list[str], list[list[Any]]]:
    """The matrix as a flat list for XLSX/CSV: one row per need and cell."""
    labels = dict(matrix.columns)
    headers = [
        "Handlungsfeld",
        "Gebiet" if matrix.by == "area" else "Zielgruppe",
        "Nummer",
        "Bedarf",
        "Status",
        "Priorität",
        "Rang",
        "Belege",
        "Beantwortet durch",
    ]
    rows: list[list[Any]] = []
    for fld, cells in matrix.table():
        for key, needs in cells:
            for n in needs:
                rows.append(
                    [
                        fld.name,
                        labels[key],
                        n.number,
                        n.title,
                        str(n.get_status_display()),
                        str(n.get_priority_display()) if n.priority else "",
                        n.priority_rank,
                        n.n_evidence,  # type: ignore[attr-defined]
                        n.n_measures + n.n_recommendations,  # type: ignore[attr-defined]
                    ]
                )
    return headers, rows
