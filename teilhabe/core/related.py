"""Objects of a later part listed on an earlier part's page.

An earlier part may not import a later one (the layers in ``docs/development.md``). Where its
page shows what a later part made of one of its objects – the recommendations a working group
drafted – the earlier part asks this registry for a named list, and the later part registers
the function that reads it, in its ``wiring.py``::

    # teilhabe/concept/wiring.py
    related.register("working_group.recommendations", selectors.working_group_recommendations)

    # teilhabe/participation/selectors.py
    if related.provided("working_group.recommendations"):
        objects = related.objects("working_group.recommendations", group)

The names are listed in ``NAMES`` (with the part that asks and the part that answers), so a
misspelt name fails when it is registered. This module imports no models.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

NAMES = (
    # participation's working group page ← concept: the recommendations the group drafted
    "working_group.recommendations",
)

Provider = Callable[[Any], list[Any]]

_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> Provider:
    """Register the function that lists the objects for ``name``; one per name."""
    if name not in NAMES:
        raise ValueError(f"unknown related list {name!r}")
    _providers[name] = provider
    return provider


def provided(name: str) -> bool:
    """Whether a part has registered a function for ``name``."""
    return name in _providers


def objects(name: str, obj: Any) -> list[Any]:
    """The objects a later part lists for ``obj``; empty when no part provides them."""
    provider = _providers.get(name)
    return provider(obj) if provider is not None else []
