"""The workspace's left navigation. Each part of Teilhabe registers its entries under a
lifecycle step (or "setup"), so the navigation follows the lifecycle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from teilhabe.core.permissions import Access, can_read


def url_prefix(name: str, *args: object) -> str:
    """The URL of ``name`` with ``args`` up to its last argument, a pk: the prefix plus
    ``f"{pk}/"`` is that object's URL. One reverse() for a list of thousands of links, where a
    reverse() each took tens of milliseconds."""
    url = reverse(name, args=[*args, 0])
    if not url.endswith("/0/"):
        raise ValueError(f"{name} does not end in a pk")
    return url.removesuffix("0/")


@dataclass(frozen=True)
class NavEntry:
    section: str  # a lifecycle step key or "setup"
    label: Promise
    url_name: str
    check: Callable[[Access], bool] = can_read
    position: int = 50


_entries: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def nav_for(access: Access, current_path: str) -> list[dict[str, object]]:
    from teilhabe.core.lifecycle import STEPS

    sections = [(s.key, s.title) for s in STEPS]
    from django.utils.translation import gettext_lazy as _

    sections.append(("setup", _("Setup")))
    out = []
    for key, title in sections:
        items = []
        for entry in sorted((e for e in _entries if e.section == key), key=lambda e: e.position):
            if not entry.check(access):
                continue
            url = reverse(entry.url_name, args=[access.municipality.ars])
            items.append(
                {"label": entry.label, "url": url, "current": current_path.startswith(url)}
            )
        if items:
            out.append({"title": title, "items": items})
    return out
