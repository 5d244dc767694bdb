"""Extension points: a higher part of Teilhabe adds to a lower part's page or query without the
lower part importing it (the layers point one way, see ARCHITECTURE.md).

Panels are pieces of a page. The lower part names a slot in its template and renders what was
registered for it::

    {% load extensions %}{% panels "concept.measure_detail.sections" measure %}

and the higher part registers, in its wiring, a template and a function that gives the
template its context (or None to show nothing)::

    from teilhabe.core import extensions

    extensions.register_panel(
        "concept.measure_detail.sections",
        "milestones",
        template="implementation/_measure_milestones.html",
        context=lambda request, measure: {"milestones": list(measure.milestones.all())},
        position=10,
    )

Annotations are values the higher part adds to the rows of a lower part's query, e.g. whether
a measure has an overdue milestone. The lower part declares the name with its default, so the
query reads the same whether or not a higher part is installed::

    qs.annotate(**extensions.annotations_for("concept.measure", overdue=Value(False)))

This module imports no models, so any part may register without new dependencies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

# Called with the request and the object; higher parts may narrow the types (WorkspaceRequest,
# their model), so the signature is not checked here.
PanelContext = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: PanelContext
    position: int


_panels: dict[str, dict[str, Panel]] = {}
_annotations: dict[str, dict[str, Callable[[], Any]]] = {}


def register_panel(
    slot: str, key: str, *, template: str, context: PanelContext, position: int = 50
) -> None:
    """Add a panel to a slot; panels of a slot are shown by position (then key)."""
    _panels.setdefault(slot, {})[key] = Panel(
        key=key, template=template, context=context, position=position
    )


def panels(slot: str) -> list[Panel]:
    return sorted(_panels.get(slot, {}).values(), key=lambda p: (p.position, p.key))


def panel_contexts(slot: str, request: HttpRequest, obj: Any) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of each panel of a slot that shows something for this object."""
    out = []
    for panel in panels(slot):
        context = panel.context(request, obj)
        if context is not None:
            out.append((panel.template, context))
    return out


def register_annotation(target: str, name: str, expression: Callable[[], Any]) -> None:
    """Give the rows of a lower part's query ``name``; ``expression`` builds the ORM
    expression at query time (so it may use today's date)."""
    _annotations.setdefault(target, {})[name] = expression


def annotations_for(target: str, **defaults: Any) -> dict[str, Any]:
    """The annotations of a query: the declared names with their defaults, replaced by what a
    higher part registered. Registered names the query does not declare are left out."""
    registered = _annotations.get(target, {})
    return {
        name: registered[name]() if name in registered else default
        for name, default in defaults.items()
    }
