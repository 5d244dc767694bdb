"""Candidate needs the system proposes, each with the reason in words:

* an area where a rate of the data basis deviates from the municipality's value by at least
  the municipality's threshold (percentage points); areas below the minimum population and
  values withheld by disclosure control are left out;
* a cell of the inventory's gap view (field of action × area) without an offer where many
  people live, and offers with a long waiting list;
* clusters of contributions on the same subject (participation's near-duplicate grouping).

Pure reads: ``services.proposals_refresh`` stores what is new.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from teilhabe.core.models import Area, FieldOfAction, Municipality
from teilhabe.needs.models import EvidenceKind, NeedSettings, ProposalSource


@dataclass
class Candidate:
    key: str
    source: str
    title: str
    reason: str
    field: FieldOfAction | None = None
    area: Area | None = None
    strength: float = 0.0
    evidence: list[dict[str, Any]] = dataclasses.field(default_factory=list)


def _pct(value: float) -> str:
    from teilhabe.statistics.selectors import de_number

    return de_number(value, 1) + " %"


def indicator_candidates(*, municipality: Municipality, settings: NeedSettings) -> list[Candidate]:
    from teilhabe.statistics.models import Indicator, IndicatorKind, IndicatorValue, Level, Polarity
    from teilhabe.statistics.selectors import show

    threshold = float(settings.deviation_threshold)
    out: list[Candidate] = []
    indicators = Indicator.objects.filter(
        municipality=municipality, kind=IndicatorKind.SHARE
    ).select_related("field_of_action")
    for indicator in indicators:
        values = IndicatorValue.objects.filter(indicator=indicator)
        newest = values.filter(level=Level.AREA).aggregate(p=Max("period"))["p"]
        if newest is None:
            continue
        city = values.filter(level=Level.MUNICIPALITY, period=newest).first()
        if city is None or city.value is None:
            continue
        rows = values.filter(level=Level.AREA, period=newest, area__isnull=False).select_related(
            "area", "dataset"
        )
        for iv in rows:
            if iv.value is None or iv.population is None:
                continue
            if iv.population < settings.min_area_population:
                continue
            _text, hidden = show(indicator, iv)
            if hidden:
                continue
            deviation = iv.value - city.value
            if indicator.polarity == Polarity.HIGHER_BETTER:
                hit = deviation <= -threshold
            elif indicator.polarity == Polarity.LOWER_BETTER:
                hit = deviation >= threshold
            else:
                # A descriptive rate: a markedly higher share means many people concerned.
                hit = deviation >= threshold
            area = iv.area
            if not hit or area is None:
                continue
            direction = _("above") if deviation > 0 else _("below")
            reason = _(
                "%(indicator)s in %(area)s: %(value)s against %(city)s in %(municipality)s – "
                "%(diff)s percentage points %(direction)s the municipality's value (threshold "
                "%(threshold)s). %(citation)s."
            ) % {
                "indicator": indicator.name,
                "area": area.name,
                "value": _pct(iv.value),
                "city": _pct(city.value),
                "municipality": municipality.name,
                "diff": _pct(abs(deviation)).removesuffix(" %"),
                "direction": direction,
                "threshold": _pct(threshold).removesuffix(" %"),
                "citation": iv.dataset.citation,
            }
            out.append(
                Candidate(
                    key=f"indicator:{indicator.code}:{area.key}",
                    source=ProposalSource.INDICATOR,
                    title=_("%(indicator)s markedly %(direction)s average in %(area)s")
                    % {"indicator": indicator.name, "direction": direction, "area": area.name},
                    reason=reason,
                    field=indicator.field_of_action,
                    area=area,
                    strength=abs(deviation),
                    evidence=[
                        {
                            "kind": EvidenceKind.INDICATOR,
                            "indicator": indicator.pk,
                            "area": area.pk,
                        }
                    ],
                )
            )
    return out


def gap_candidates(*, municipality: Municipality, settings: NeedSettings) -> list[Candidate]:
    from teilhabe.inventory.models import Offer, OfferStatus, Usage
    from teilhabe.inventory.selectors import gap_areas, gap_matrix_by_area

    out: list[Candidate] = []
    matrix = gap_matrix_by_area(municipality=municipality)
    areas = {str(a.pk): a for a in gap_areas(municipality=municipality, level="")}
    if any(c.offers for c in matrix.cells.values()):
        for fld, cells in matrix.table():
            for key, cell in cells:
                area = areas.get(key)
                if area is None or cell.offers or not cell.population:
                    continue
                if cell.population < settings.gap_min_population:
                    continue
                residents = f"{cell.population:,}".replace(",", ".")
                out.append(
                    Candidate(
                        key=f"gap:{fld.pk}:{area.key}",
                        source=ProposalSource.GAP,
                        title=_("No offer for “%(field)s” in %(area)s")
                        % {"field": fld.name, "area": area.name},
                        reason=_(
                            "The inventory has no current offer in the field of action "
                            "“%(field)s” in %(area)s, where %(n)s people live. %(source)s."
                        )
                        % {
                            "field": fld.name,
                            "area": area.name,
                            "n": residents,
                            "source": matrix.population_source,
                        },
                        field=fld,
                        area=area,
                        strength=cell.population / 1000,
                        evidence=[{"kind": EvidenceKind.GAP, "field": fld.pk, "area": area.pk}],
                    )
                )
    # Offers with a long waiting list (newest usage record of each offer).
    newest: dict[int, Usage] = {}
    usages = (
        Usage.objects.filter(offer__municipality=municipality, waiting_list__isnull=False)
        .exclude(offer__status=OfferStatus.ENDED)
        .order_by("offer_id", "-period_start", "-pk")
    )
    for usage in usages:
        newest.setdefault(usage.offer_id, usage)
    newest = {k: u for k, u in newest.items() if (u.waiting_list or 0) >= settings.waiting_list_min}
    offers = Offer.objects.filter(pk__in=newest).select_related("actor")
    for offer in offers.prefetch_related("fields_of_action"):
        usage = newest[offer.pk]
        fields = list(offer.fields_of_action.all())
        out.append(
            Candidate(
                key=f"waiting:{offer.pk}",
                source=ProposalSource.WAITING_LIST,
                title=_("Not enough places: “%(offer)s”") % {"offer": offer.title},
                reason=_(
                    "%(n)s people were waiting for “%(offer)s” (%(actor)s) at the end of the "
                    "period %(start)s–%(end)s."
                )
                % {
                    "n": usage.waiting_list,
                    "offer": offer.title,
                    "actor": offer.actor.name,
                    "start": f"{usage.period_start:%d.%m.%Y}",
                    "end": f"{usage.period_end:%d.%m.%Y}",
                },
                field=fields[0] if fields else None,
                strength=float(usage.waiting_list or 0),
                evidence=[{"kind": EvidenceKind.WAITING_LIST, "offer": offer.pk}],
            )
        )
    return out


def cluster_candidates(*, municipality: Municipality, settings: NeedSettings) -> list[Candidate]:
    """Groups of near-duplicate contributions (participation marks each with the first similar
    one it found) with at least ``cluster_min`` members."""
    from teilhabe.participation.models import Contribution

    contributions = list(
        Contribution.objects.filter(municipality=municipality).select_related(
            "field_of_action", "area"
        )
    )
    by_pk = {c.pk: c for c in contributions}
    groups: dict[int, list[Any]] = defaultdict(list)
    for c in contributions:
        root_pk: int = c.pk
        seen = set()
        while (
            by_pk.get(root_pk) is not None
            and by_pk[root_pk].duplicate_of_id
            and root_pk not in seen
        ):
            seen.add(root_pk)
            root_pk = by_pk[root_pk].duplicate_of_id or root_pk
        groups[root_pk].append(c)
    out: list[Candidate] = []
    for root_pk, members in groups.items():
        if len(members) < settings.cluster_min or root_pk not in by_pk:
            continue
        root = by_pk[root_pk]
        areas = {m.area for m in members if m.area is not None}
        area = next(iter(areas)) if len(areas) == 1 else None
        text = root.text.strip().replace("\n", " ")
        out.append(
            Candidate(
                key=f"cluster:{root_pk}",
                source=ProposalSource.CLUSTER,
                title=(text[:117] + "…") if len(text) > 120 else text,
                reason=_("%(n)s contributions from participation say much the same: “%(text)s”")
                % {"n": len(members), "text": text[:300]},
                field=root.field_of_action,
                area=area,
                strength=float(len(members)),
                evidence=[
                    {"kind": EvidenceKind.CONTRIBUTION, "contribution": m.pk}
                    for m in sorted(members, key=lambda m: m.pk)
                ],
            )
        )
    return out


def candidates(*, municipality: Municipality, settings: NeedSettings) -> list[Candidate]:
    return [
        *indicator_candidates(municipality=municipality, settings=settings),
        *gap_candidates(municipality=municipality, settings=settings),
        *cluster_candidates(municipality=municipality, settings=settings),
    ]
