"""What other parts link to a mandate, a process plan or a grant, shown on its page.

Planning may not import the later parts (council, concept), so they register a function that
lists their links to a planning object, e.g. the council part for the papers that gave or
closed a mandate, the concept part for the measures a grant funds::

    from teilhabe.planning import links

    @links.register("mandate")
    def _papers(mandate):
        return [
            links.Link(label=p.subject, url=..., relation=_("mandate given by"))
            for p in mandate.given_by_papers.all()
        ]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

KINDS = ("mandate", "plan", "grant")


@dataclass(frozen=True)
class Link:
    label: str
    url: str = ""
    relation: str | Promise = ""  # how it is linked, e.g. "mandate given by", "funds"
    detail: str = ""


Provider = Callable[[Any], list[Link]]

_providers: dict[str, list[Provider]] = {kind: [] for kind in KINDS}


def register(kind: str) -> Callable[[Provider], Provider]:
    if kind not in KINDS:
        raise ValueError(f"unknown planning object kind {kind!r}")

    def decorator(func: Provider) -> Provider:
        if func not in _providers[kind]:
            _providers[kind].append(func)
        return func

    return decorator


def links_for(kind: str, obj: Any) -> list[Link]:
    out: list[Link] = []
    for provider in _providers.get(kind, []):
        out.extend(provider(obj))
    return out
