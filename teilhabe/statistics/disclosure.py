"""Disclosure control on output (Geheimhaltung). Stored values stay exact; what is shown,
exported or served by the API passes through these functions.

* A count below k (``TEILHABE_MIN_COUNT``, default 3) is shown as ".".
* Complementary suppression: where cells add up to a total that is shown, a single hidden cell
  could be recomputed from the others; then the next smallest cell of that group is hidden too.
* A rate is not shown when its denominator is below ``TEILHABE_MIN_DENOMINATOR`` (default 30),
  the area has fewer than ``TEILHABE_MIN_AREA_POPULATION`` residents (default 300), or its
  numerator is a count below k.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

from django.conf import settings

SUPPRESSED = "."


def min_count() -> int:
    return int(getattr(settings, "TEILHABE_MIN_COUNT", 3))


def min_denominator() -> int:
    return int(getattr(settings, "TEILHABE_MIN_DENOMINATOR", 30))


def min_area_population() -> int:
    return int(getattr(settings, "TEILHABE_MIN_AREA_POPULATION", 300))


def is_small(value: float | None, k: int | None = None) -> bool:
    k = min_count() if k is None else k
    return value is not None and 0 < value < k


def suppress_counts(
    cells: Mapping[Hashable, float | None],
    groups: Iterable[Iterable[Hashable]],
    k: int | None = None,
) -> set[Hashable]:
    """The cells to hide: primary (0 < n < k) and complementary, so that no hidden cell can be
    recomputed from a group's shown total and its other shown cells."""
    hidden = {key for key, value in cells.items() if is_small(value, k)}
    group_list = [list(g) for g in groups]
    changed = True
    while changed:
        changed = False
        for group in group_list:
            members = [key for key in group if key in cells]
            hidden_here = [key for key in members if key in hidden]
            if len(hidden_here) != 1:
                continue
            candidates = sorted(
                (key for key in members if key not in hidden and (cells[key] or 0) > 0),
                key=lambda key: (cells[key] or 0, str(key)),
            )
            if candidates:
                hidden.add(candidates[0])
                changed = True
    return hidden


def rate_hidden(
    *,
    numerator: float | None,
    denominator: float | None,
    population: float | None = None,
) -> bool:
    if denominator is None or denominator < min_denominator():
        return True
    if population is not None and population < min_area_population():
        return True
    return is_small(numerator)
