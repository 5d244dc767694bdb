"""Results kept in the cache until the data they were computed from changes.

The part that watches the data (the portal keeps a version number per municipality, raised in
the same transaction as every save of something it shows) registers how to read a stamp of
those numbers; any part may then keep a result without importing the watcher. Without a
registered stamp nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

# Seconds a kept result stays in the cache at most; a safety net for bulk writes that send no
# signals.
KEEP_SECONDS = 15 * 60

Stamp = Callable[[list[int]], str]

_stamp: Stamp | None = None


def register_stamp(stamp: Stamp) -> None:
    """Set how to read the data's state for some municipalities, as a short text that changes
    whenever anything watched changes in one of them."""
    global _stamp
    _stamp = stamp


def kept_until_changed(name: str, municipality_ids: list[int], compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache until anything watched changes in one of
    ``municipality_ids`` (for a result that reads several, e.g. a county and its towns).
    ``name`` tells apart what differs besides the data (page, role, language)."""
    if _stamp is None:
        return compute()
    key = f"kept:{name}:{_stamp(municipality_ids)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEEP_SECONDS)
    return value  # type: ignore[no-any-return]
