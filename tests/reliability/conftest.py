"""Time bounds for the reliability tests: a parser that hangs fails the test instead of the run."""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Iterator

import pytest


class Hang(BaseException):  # not swallowed by a parser's "except Exception"
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[dict[str, float]]:
    """Fail with ``Hang`` after ``seconds`` (SIGALRM, main thread); yields the elapsed time."""

    def _alarm(signum: int, frame: object) -> None:
        raise Hang(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    timing = {"seconds": 0.0}
    started = time.perf_counter()
    try:
        yield timing
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        timing["seconds"] = time.perf_counter() - started


@pytest.fixture
def limit():
    return time_limit


@pytest.fixture
def mini_world(db):
    """A municipality with one field of action and one area: what the importers look up."""
    from types import SimpleNamespace

    from teilhabe.core.models import Area, AreaKind, FieldOfAction, Municipality

    municipality = Municipality.objects.create(
        ars="053150000000", name="Stadt Köln", kind="kreisfreie_stadt"
    )
    FieldOfAction.objects.create(municipality=municipality, name="Sprache", position=1)
    Area.objects.create(
        municipality=municipality, key="101", name="Altstadt/Süd", kind=AreaKind.STADTTEIL
    )
    return SimpleNamespace(municipality=municipality)
