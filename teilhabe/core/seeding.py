"""Which parts add demo content, and in which order.

A part's ``wiring.py`` registers the dotted path of its demo step, a function
``(koeln: Municipality) -> None`` that adds its demo content idempotently. The step's module is
imported only when ``manage.py load_demo`` runs (``teilhabe.core.demo.demo_load``), so no app
process holds the demo data in memory. Steps run in registration order, which is the order of
``INSTALLED_APPS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from teilhabe.core.models import Municipality

DemoStep = Callable[["Municipality"], None]
_steps: list[str | DemoStep] = []


def register(step: str | DemoStep) -> str | DemoStep:
    """Register a demo step by dotted path (preferred) or as a function."""
    if step not in _steps:
        _steps.append(step)
    return step


def demo_steps() -> list[DemoStep]:
    """The registered steps in order, their modules imported now."""
    return [import_string(step) if isinstance(step, str) else step for step in _steps]
