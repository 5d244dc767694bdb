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
    Step("mandate", _("Auftrag"), _("Der Ratsbeschluss und seine Berichtspflichten (Beschlusskontrolle).")),
    Step("plan", _("Planung"), _("Bausteine, Meilensteine, Personal, Kosten und Förderung.")),
    Step("data", _("Daten"), _("Bevölkerungsdaten und Indikatoren nach Gebieten, mit Quelle und Stand.")),
    Step("inventory", _("Bestand"), _("Akteure, Angebote und ihre Nutzung je Handlungsfeld und Gebiet.")),
    Step("participation", _("Beteiligung"), _("Befragungen, Veranstaltungen, Arbeitsgruppen und Steuerungsgruppe.")),
    Step("needs", _("Bedarfe"), _("Bedarfe aus Daten, Beteiligung und Lücken im Bestand, gewichtet.")),
    Step("concept", _("Konzept"), _("Leitbild, Leitlinien, Ziele, Handlungsempfehlungen und Maßnahmen.")),
    Step("council", _("Gremien"), _("Vorlagen, Mitzeichnung, Beratungsfolge und Beschlüsse.")),
    Step("implementation", _("Umsetzung"), _("Stand der Maßnahmen, Meilensteine und Haushalt.")),
    Step("report", _("Berichte"), _("Sachstandsbericht, Evaluation und Integrationsbericht.")),
)

_DEFAULT_NEXT: dict[str, Promise] = {
    "mandate": _("Den Ratsbeschluss erfassen, der das Konzept beauftragt."),
    "plan": _("Einen Projektplan aus einer Vorlage anlegen."),
    "data": _("Gebiete und Bevölkerungsdaten importieren."),
    "inventory": _("Akteure und Angebote erfassen oder eine Excel-Liste importieren."),
    "participation": _("Eine Befragung oder Veranstaltung planen."),
    "needs": _("Bedarfe aus Daten und Beteiligung ableiten."),
    "concept": _("Leitbild und Handlungsfelder festlegen."),
    "council": _("Die Beratungsfolge der ersten Vorlage planen."),
    "implementation": _("Maßnahmen anlegen und Zuständigkeiten festlegen."),
    "report": _("Den ersten Sachstandsbericht vorbereiten."),
}

_providers: dict[str, list[Callable[[Municipality], StepStatus]]] = {}


def register(step_key: str) -> Callable[[Callable[[Municipality], StepStatus]], Callable[[Municipality], StepStatus]]:
    """Register a provider for a step; several providers of one step are merged."""
    if step_key not in {s.key for s in STEPS}:
        raise ValueError(f"unknown lifecycle step {step_key!r}")

    def decorator(func: Callable[[Municipality], StepStatus]) -> Callable[[Municipality], StepStatus]:
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
            merged.next_action = str(_DEFAULT_NEXT[step.key])
        out.append((step, merged))
    return out
