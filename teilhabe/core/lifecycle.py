"""The lifecycle of an integration concept, as steps on the municipality's home page.

Each part of Teilhabe registers, for its step, a function that says what exists so far and
what is due next. Steps without a registered part show what to do first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from teilhabe.core.models import Municipality


@dataclass
class StepStatus:
    facts: list[str] = field(default_factory=list)  # what exists so far
    next_action: str = ""  # what is due next
    url: str = ""  # where to work on it
    started: bool = False


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    description: Promise


STEPS: tuple[Step, ...] = (
    Step(
        "mandate",
        _("Mandate"),
        _("The council's decision and the reports it asks for (decision tracking)."),
    ),
    Step("plan", _("Planning"), _("Building blocks, milestones, staff, costs and funding.")),
    Step("data", _("Data"), _("Population data and indicators by area, with source and date.")),
    Step(
        "inventory", _("Inventory"), _("Actors, offers and their use per field of action and area.")
    ),
    Step(
        "participation",
        _("Participation"),
        _("Surveys, events, working groups and steering group."),
    ),
    Step(
        "needs",
        _("Needs"),
        _("Needs drawn from data, participation and gaps in the inventory, weighed."),
    ),
    Step("concept", _("Concept"), _("Vision, guidelines, goals, recommendations and measures.")),
    Step("council", _("Council"), _("Papers, sign-offs, consultations and decisions.")),
    Step("implementation", _("Implementation"), _("State of the measures, milestones and budget.")),
    Step("report", _("Reports"), _("Progress report, evaluation and integration report.")),
)

_DEFAULT_NEXT: dict[str, Promise] = {
    "mandate": _("Record the council decision that orders the concept."),
    "plan": _("Create a process plan from a template."),
    "data": _("Import areas and population data."),
    "inventory": _("Record actors and offers or import a spreadsheet."),
    "participation": _("Plan a survey or an event."),
    "needs": _("Derive needs from data and participation."),
    "concept": _("Set the vision and the fields of action."),
    "council": _("Plan the consultations of the first paper."),
    "implementation": _("Create measures and assign responsibilities."),
    "report": _("Prepare the first progress report."),
}

_providers: dict[str, list[Callable[[Municipality], StepStatus]]] = {}


def register(
    step_key: str,
) -> Callable[[Callable[[Municipality], StepStatus]], Callable[[Municipality], StepStatus]]:
    """Register a provider for a step; several providers of one step are merged."""
    if step_key not in {s.key for s in STEPS}:
        raise ValueError(f"unknown lifecycle step {step_key!r}")

    def decorator(
        func: Callable[[Municipality], StepStatus],
    ) -> Callable[[Municipality], StepStatus]:
        _providers.setdefault(step_key, []).append(func)
        return func

    return decorator


def lifecycle_status(municipality: Municipality) -> list[tuple[Step, StepStatus]]:
    out = []
    for step in STEPS:
        merged = StepStatus()
        for provider in _providers.get(step.key, []):
            status = provider(municipality)
            merged.facts.extend(status.facts)
            merged.started = merged.started or status.started
            merged.next_action = merged.next_action or status.next_action
            merged.url = merged.url or status.url
        if not merged.next_action:
            # A step under way with nothing pressing points to its current state, not to the
            # first-time action it began with.
            merged.next_action = str(
                _("Review the current state.") if merged.started else _DEFAULT_NEXT[step.key]
            )
        out.append((step, merged))
    return out
