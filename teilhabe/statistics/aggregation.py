"""Area hierarchy aggregation: counts delivered for fine areas roll up the area tree to every
coarser level and to the whole municipality.

The sums of a series (``services._sums``: (level, region key, reference date) → total) are
completed here before an indicator is computed, so a share is always numerator sum ÷
denominator sum of the same areas (never an average of shares). Rules:

* A parent gets a sum only where every one of its children (valid on that reference date) has
  a value; a child without a value (a gap, a suppressed cell "x") leaves the parent empty,
  so a partial sum is never shown as a total.
* A value delivered for a parent or the municipality is the official value and is kept; the
  sum of its children is stored beside it (``area_sum``) so that a difference is shown.
* A delivered parent without a number (suppressed by the office) stays suppressed: summing
  its children would disclose what the office withheld.
* Derived entries are marked (``derived``) and name the datasets they were summed from.

Disclosure control runs afterwards, on output (``disclosure``, ``selectors.area_rows``), over
delivered and derived values alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from teilhabe.core.models import Area, AreaKind, Municipality
from teilhabe.statistics.importers.koeln import WHOLE_MUNICIPALITY
from teilhabe.statistics.models import Level

Key = tuple[str, str, date]
# Preferred partition of the municipality when several top levels exist (the coarsest first).
KIND_ORDER = [k.value for k in AreaKind]


@dataclass
class AreaTree:
    """The municipality's areas with their children, read once per computation."""

    areas: dict[int, Area]
    children: dict[int | None, list[Area]]
    depth: dict[int, int]

    @classmethod
    def of(cls, municipality: Municipality) -> AreaTree:
        areas = {a.pk: a for a in Area.objects.filter(municipality=municipality).defer("geometry")}
        children: dict[int | None, list[Area]] = defaultdict(list)
        for area in areas.values():
            children[area.parent_id if area.parent_id in areas else None].append(area)
        depth: dict[int, int] = {}
        stack = [(a, 0) for a in children[None]]
        while stack:
            area, level = stack.pop()
            depth[area.pk] = level
            stack.extend((c, level + 1) for c in children.get(area.pk, []))
        return cls(areas=areas, children=children, depth=depth)


def _valid(areas: list[Area], period: date) -> list[Area]:
    return [a for a in areas if a.is_valid_on(period)]


def roll_up(sums: dict[Key, dict[str, Any]], tree: AreaTree) -> dict[Key, dict[str, Any]]:
    """``sums`` completed with the sums of the areas: derived entries for parents and the
    municipality where none was delivered, ``area_sum`` beside delivered ones. Every entry
    gets ``derived`` (bool), ``area_sum`` (float or None) and ``datasets`` (ids)."""
    out: dict[Key, dict[str, Any]] = {}
    for (level, region, period), row in sorted(sums.items(), key=lambda item: item[0][1]):
        if level == Level.MUNICIPALITY:
            # One whole-municipality value per date, whichever key the file used for it
            # (ARS, AGS, "000", the Kreis key of a county-free city), so that a numerator
            # and a denominator from different files meet.
            region = WHOLE_MUNICIPALITY
            if (level, region, period) in out:
                continue
        entry = {**row, "derived": False, "area_sum": None, "datasets": {row["dataset"]}}
        out[(level, region, period)] = entry
    if not tree.areas:
        return out
    by_period: dict[date, dict[int, Key]] = defaultdict(dict)
    whole: dict[date, Key] = {}
    for key, row in out.items():
        level, _region, period = key
        if level == Level.AREA and row["area"] in tree.areas:
            by_period[period][row["area"]] = key
        elif level == Level.MUNICIPALITY:
            whole[period] = key
    # Deepest parents first, so a sum can feed the sum of its own parent.
    parents = sorted(
        (pk for pk in tree.areas if tree.children.get(pk)), key=lambda pk: -tree.depth.get(pk, 0)
    )
    for period, entries in by_period.items():
        for pk in parents:
            total, datasets = _sum_of(out, entries, _valid(tree.children[pk], period))
            if total is None:
                continue
            if pk in entries:
                _compare(out[entries[pk]], total)
                continue
            area = tree.areas[pk]
            key = (Level.AREA, area.key, period)
            out[key] = _derived(area.pk, area.name, total, datasets)
            entries[pk] = key
        total, datasets = _municipality_sum(out, entries, tree, period)
        if total is None:
            continue
        if period in whole:
            _compare(out[whole[period]], total)
        else:
            out[(Level.MUNICIPALITY, WHOLE_MUNICIPALITY, period)] = _derived(
                None, "", total, datasets
            )
    return out


def _sum_of(
    out: dict[Key, dict[str, Any]], entries: dict[int, Key], children: list[Area]
) -> tuple[float | None, set[int]]:
    """The sum of ``children`` where every one has a number, else None."""
    if not children:
        return None, set()
    total = 0.0
    datasets: set[int] = set()
    for child in children:
        key = entries.get(child.pk)
        value = out[key]["total"] if key else None
        if value is None:
            return None, set()
        total += value
        datasets |= out[key]["datasets"]
    return total, datasets


def _municipality_sum(
    out: dict[Key, dict[str, Any]], entries: dict[int, Key], tree: AreaTree, period: date
) -> tuple[float | None, set[int]]:
    """The sum over the first complete partition of the municipality: the top-level areas
    of one kind (several kinds at the top are alternative partitions, e.g. Stadtbezirke and
    Sozialräume)."""
    roots = _valid(tree.children.get(None, []), period)
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    for kind in sorted({a.kind for a in roots}, key=lambda k: (order.get(k, len(order)), k)):
        total, datasets = _sum_of(out, entries, [a for a in roots if a.kind == kind])
        if total is not None:
            return total, datasets
    return None, set()


def _derived(area_id: int | None, name: str, total: float, datasets: set[int]) -> dict[str, Any]:
    return {
        "total": total,
        "dataset": max(datasets),
        "area": area_id,
        "name": name,
        "derived": True,
        "area_sum": None,
        "datasets": datasets,
    }


def _compare(entry: dict[str, Any], total: float) -> None:
    """Keep the delivered value; note the sum of the areas beside it."""
    if entry["total"] is not None:
        entry["area_sum"] = total
