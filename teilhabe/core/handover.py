"""Sections of the handover view (planning shows it): one printable page for a successor or a stand-in.

Each part of Teilhabe contributes sections through a small registry, like the lifecycle
overview in ``teilhabe.core.lifecycle``::

    from teilhabe.core import handover

    @handover.register("surveys", position=50)
    def _running_surveys(municipality):
        return handover.Section(
            title=_("Running surveys"),
            items=[handover.Item(label=s.title, detail=..., day=s.ends_on, url=...)],
            empty=_("No survey is running."),
        )

A provider gets the municipality and returns a ``Section`` (or None to show nothing). This
module imports no models, so any part may register without new dependencies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise

from teilhabe.core.models import Municipality


@dataclass
class Item:
    label: str
    detail: str = ""
    day: date | None = None  # a deadline or the date the item refers to
    url: str = ""
    urgent: bool = False  # overdue or due soon: shown with a word, not only a colour
    status: str = ""  # a short word for the state ("überfällig", "offen" …)


@dataclass
class Section:
    title: str | Promise
    items: list[Item] = field(default_factory=list)
    empty: str | Promise = ""  # what the section says when it has no items
    intro: str | Promise = ""
    columns: tuple[str | Promise, ...] | None = None  # headers for label, detail (and date)
    dated: bool = True  # False for address lists: no date column
    key: str = ""


Provider = Callable[[Municipality], Section | None]


@dataclass(frozen=True)
class _Registration:
    key: str
    position: int
    provider: Provider


_providers: dict[str, _Registration] = {}


def register(key: str, position: int = 50) -> Callable[[Provider], Provider]:
    """Register a section provider under a unique key; sections are sorted by position."""

    def decorator(func: Provider) -> Provider:
        _providers[key] = _Registration(key=key, position=position, provider=func)
        return func

    return decorator


def registered_keys() -> list[str]:
    return [r.key for r in sorted(_providers.values(), key=lambda r: (r.position, r.key))]


def handover_sections(municipality: Municipality) -> list[Section]:
    out = []
    for registration in sorted(_providers.values(), key=lambda r: (r.position, r.key)):
        section = registration.provider(municipality)
        if section is not None:
            section.key = registration.key
            out.append(section)
    return out
