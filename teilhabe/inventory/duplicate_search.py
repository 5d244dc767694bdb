"""Duplicates and overlaps in the inventory: actors and offers that look alike across the
federation, offers of the same kind in the same area at the same time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from django.db.models import (
    QuerySet,
)
from rapidfuzz import fuzz, process, utils

from teilhabe.core.models import Municipality
from teilhabe.inventory.models import (
    Offer,
    OfferLocation,
    OfferStatus,
    TargetGroup,
    area_names_text,
)
from teilhabe.inventory.selectors import actors_visible, federation_ids, offers_for_municipality


@dataclass
class Pair:
    first: Any
    second: Any
    score: int
    reasons: list[str]


def _norm(text: str) -> str:
    return utils.default_process(text or "")


def _score_matrix(texts: list[str], scorer: Any, cutoff: float) -> np.ndarray:
    """The scores of all pairs of ``texts`` at least ``cutoff`` (else 0), computed at once in
    rapidfuzz's compiled code (3,000 offers are 4.5 million pairs, a minute in a Python loop)."""
    return process.cdist(
        texts, texts, scorer=scorer, score_cutoff=cutoff, dtype=np.float64, workers=1
    )


def _similar_pairs(texts: list[str], scorer: Any, cutoff: float) -> list[tuple[int, int, float]]:
    """Index pairs ``i < j`` whose texts score at least ``cutoff``, with the score."""
    if len(texts) < 2:
        return []
    scores = _score_matrix(texts, scorer, cutoff)
    rows, cols = np.nonzero(np.triu(scores, k=1))
    return [(int(i), int(j), float(scores[i, j])) for i, j in zip(rows, cols, strict=True)]


def _same_in_groups(keys: list[str], n: int) -> np.ndarray:
    """``n`` × ``n``: True where both have the same non-empty key."""
    same = np.zeros((n, n), dtype=bool)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key:
            groups[key].append(i)
    for members in groups.values():
        if len(members) > 1:
            same[np.ix_(members, members)] = True
    return same


# Points a same address and a same mailbox each add to the name's similarity of two actors.
_ACTOR_BONUS = 10


def duplicate_actors(*, municipality: Municipality, threshold: int = 85) -> list[Pair]:
    """Likely duplicates among the actors the municipality sees (own and federation): similar
    names, raised by a same address and a same mailbox. Scored as matrices, as a few
    hundred actors with similar names (“Träger 1”, “Träger 2”) make thousands of pairs."""
    actors = list(actors_visible(municipality=municipality).prefetch_related(None))
    n = len(actors)
    if n < 2:
        return []
    # Only names close enough to reach the threshold with both bonuses count.
    names = [_norm(a.name) for a in actors]
    scores = _score_matrix(names, fuzz.token_set_ratio, threshold - 2 * _ACTOR_BONUS)
    # Same address: the same postcode (or none) and streets alike by 90 %.
    same_address = np.zeros((n, n), dtype=bool)
    by_postcode: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(actors):
        if a.street:
            by_postcode[a.postcode].append(i)
    for members in by_postcode.values():
        if len(members) > 1:
            streets = [_norm(actors[i].street) for i in members]
            same_address[np.ix_(members, members)] = _score_matrix(streets, fuzz.ratio, 90) > 0
    same_email = _same_in_groups([(a.email or "").lower() for a in actors], n)
    # Bonuses as small integers: only the sum is a second float matrix (72 MB at 3,000 actors).
    total = scores + _ACTOR_BONUS * (same_address.astype(np.uint8) + same_email)
    np.minimum(total, 100, out=total)
    keep = np.triu((scores > 0) & (total >= threshold), k=1)
    rows, cols = np.nonzero(keep)
    pair_scores = total[rows, cols].astype(int)
    order = np.lexsort((cols, rows, -pair_scores))
    rows, cols, pair_scores = rows[order], cols[order], pair_scores[order]
    pairs = []
    for i, j, score, address, email in zip(
        rows.tolist(),
        cols.tolist(),
        pair_scores.tolist(),
        same_address[rows, cols].tolist(),
        same_email[rows, cols].tolist(),
        strict=True,
    ):
        reasons = ["name", *(["address"] if address else []), *(["email"] if email else [])]
        pairs.append(Pair(actors[i], actors[j], score, reasons))
    return pairs


@dataclass(slots=True)
class AreaRef:
    pk: int
    name: str


@dataclass(slots=True)
class OfferFacts:
    """What the duplicate and overlap searches compare and show of an offer, read as plain
    values: 3,000 offers as model instances with prefetched locations and fields took ~0.6 s."""

    pk: int
    title: str
    actor_id: int
    actor_name: str
    municipality_id: int
    municipality_name: str
    status: str
    target_groups: list[str]
    start_date: date | None
    end_date: date | None
    fields: set[str] = field(default_factory=set)
    areas: list[AreaRef] = field(default_factory=list)  # of the locations, in their order

    @property
    def area_ids(self) -> set[int]:
        return {a.pk for a in self.areas}

    @property
    def area_names(self) -> str:
        return area_names_text(a.name for a in self.areas)


def offer_facts(offers: QuerySet[Offer]) -> list[OfferFacts]:
    """``offers`` (ordered by title) as ``OfferFacts``, in three queries."""
    offers = offers.select_related(None).prefetch_related(None).order_by("title", "pk")
    facts = [
        OfferFacts(*row)
        for row in offers.values_list(
            "pk",
            "title",
            "actor_id",
            "actor__name",
            "municipality_id",
            "municipality__name",
            "status",
            "target_groups",
            "start_date",
            "end_date",
        )
    ]
    by_pk = {f.pk: f for f in facts}
    ids = offers.values("pk")
    for offer_id, area_id, name in (
        OfferLocation.objects.filter(offer_id__in=ids, area__isnull=False)
        .order_by("offer_id", "position", "pk")
        .values_list("offer_id", "area_id", "area__name")
    ):
        by_pk[offer_id].areas.append(AreaRef(area_id, name))
    for offer_id, name in Offer.fields_of_action.through.objects.filter(
        offer_id__in=ids
    ).values_list("offer_id", "fieldofaction__name"):
        by_pk[offer_id].fields.add(name)
    return facts


def own_offer_facts(*, municipality: Municipality) -> list[OfferFacts]:
    """The municipality's offers (not merged away) for the duplicate and overlap searches."""
    return offer_facts(offers_for_municipality(municipality=municipality))


def duplicate_offers(
    *, municipality: Municipality, threshold: int = 88, offers: list[OfferFacts] | None = None
) -> list[Pair]:
    """Likely duplicate offers: similar title, same actor (or a similar one) and area.
    ``offers``: the municipality's ``own_offer_facts``, if already loaded."""
    if offers is None:
        offers = own_offer_facts(municipality=municipality)
    titles = [_norm(o.title) for o in offers]
    # Two offers are compared only if they share an area or neither has one: by groups.
    groups: dict[int | None, list[int]] = defaultdict(list)
    for i, offer in enumerate(offers):
        for area_id in offer.area_ids or {None}:
            groups[area_id].append(i)
    found: dict[tuple[int, int], Pair] = {}
    for members in groups.values():
        for x, y, score in _similar_pairs(
            [titles[i] for i in members], fuzz.token_sort_ratio, threshold
        ):
            i, j = members[x], members[y]
            a, b = offers[i], offers[j]
            if (i, j) in found:
                continue
            if a.actor_id != b.actor_id and fuzz.token_set_ratio(a.actor_name, b.actor_name) < 85:
                continue
            found[(i, j)] = Pair(a, b, int(score), ["title", "area"])
    return [found[k] for k in sorted(found, key=lambda k: (-found[k].score, k))]


def _periods_overlap(a: OfferFacts, b: OfferFacts) -> bool:
    start_a, end_a = a.start_date or date.min, a.end_date or date.max
    start_b, end_b = b.start_date or date.min, b.end_date or date.max
    return start_a <= end_b and start_b <= end_a


@dataclass
class Overlap:
    first: OfferFacts
    second: OfferFacts
    fields: list[str]
    target_groups: list[str]
    areas: list[AreaRef]


def overlapping_offers(
    *, municipality: Municipality, offers: list[OfferFacts] | None = None
) -> list[Overlap]:
    """Offers of different actors in the same field, target group and area at the same time,
    here and in the federation's other tenants (to coordinate with the county's process).
    ``offers``: the municipality's ``own_offer_facts``, if already loaded."""
    ids = federation_ids(municipality)
    if offers is None:
        offers = own_offer_facts(municipality=municipality)
    own = [o for o in offers if o.status != OfferStatus.ENDED]
    others = offer_facts(
        Offer.objects.filter(municipality_id__in=ids, merged_into__isnull=True)
        .exclude(municipality=municipality)
        .exclude(status=OfferStatus.ENDED)
    )
    labels = dict(TargetGroup.choices)
    candidates = own + others
    area_ids = [o.area_ids for o in candidates]
    # Which candidates can overlap at all, by (field, target group) and area (None: none
    # recorded): a pair must share both, so only these buckets are compared, not all pairs.
    own_by: dict[tuple[str, str, int | None], list[int]] = defaultdict(list)
    others_by: dict[tuple[str, str, int | None], list[int]] = defaultdict(list)
    others_by_topic: dict[tuple[str, str], list[int]] = defaultdict(list)
    for idx, offer in enumerate(candidates):
        for topic in _topics(offer):
            if idx < len(own):
                for area_id in area_ids[idx] or {None}:
                    own_by[(*topic, area_id)].append(idx)
            else:
                others_by_topic[topic].append(idx)
                if not area_ids[idx]:
                    others_by[(*topic, None)].append(idx)
    found: list[Overlap] = []
    for i, a in enumerate(own):
        a_areas = area_ids[i]
        near: set[int] = set()
        for topic in _topics(a):
            # Same tenant: a shared area, or neither has one.
            for area_id in a_areas or {None}:
                near.update(own_by[(*topic, area_id)])
            # Other tenants' areas cannot be compared: one of the two must have none.
            near.update(others_by[(*topic, None)] if a_areas else others_by_topic[topic])
        for idx in sorted(k for k in near if k > i):
            b = candidates[idx]
            if a.actor_id == b.actor_id:
                continue
            shared_areas = a_areas & area_ids[idx]
            fields = sorted(a.fields & b.fields)
            groups = sorted(set(a.target_groups or []) & set(b.target_groups or []))
            if fields and groups and _periods_overlap(a, b):
                areas = [area for area in a.areas if area.pk in shared_areas]
                found.append(Overlap(a, b, fields, [str(labels.get(g, g)) for g in groups], areas))
    return found


def _topics(offer: OfferFacts) -> list[tuple[str, str]]:
    """(field of action, target group) of an offer: what an overlap must share."""
    return [(f, g) for f in offer.fields for g in offer.target_groups or []]
