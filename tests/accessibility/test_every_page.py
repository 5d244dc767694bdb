"""Every page of the URL × role matrix, in every role that may open it: axe-core (WCAG 2.1
A/AA) finds nothing, the heading outline has one h1 and no gaps, and ``<html>`` carries the
language and direction of the interface.

The rows are split into interleaved chunks so pytest-xdist can spread them over its workers.
Each (URL, role) is loaded once in a browser context logged in as that role, must answer 200
and gets the cheap checks (headings, ``lang``/``dir``, unique ids) on its own.

axe-core takes most of the time (its contrast rule above all), and most of what it would look
at repeats: the frame (header, the role's navigation, footer) is the same on every page of a
section, and the content of ``<main>`` is often the same for several roles. axe-core's verdict
on an element depends only on the element, its ancestors, the elements it references and the
style sheets, so a part of a page already checked in exactly this form (``dom_parts``) need
not be checked again: a page whose frame is new is checked whole; a page whose frame is known
but whose main is new is checked within ``<main>`` (references still resolved in the whole
document); a page made only of known parts is not run through axe again. Ids that clash
between the parts are caught by ``duplicate_ids`` on every load.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accessibility.checks import (
    PYTESTMARK,
    PageReport,
    axe_violations,
    document_language,
    dom_parts,
    duplicate_ids,
    heading_problems,
)
from tests.url_matrix import MATRIX, ROLES, setup_world

pytestmark = PYTESTMARK

CHUNKS = 12

# Defects found by these tests whose fix lies outside templates and style sheets (in Python
# code), each with the problem it causes. The test fails as soon as a listed defect is gone, so
# the entry is removed with the fix; any other problem fails it as usual.
KNOWN_DEFECTS: dict[str, tuple[str, str]] = {}

# Totals over all chunks, printed by the last test of a worker (see docs/security.md).
TALLY = {"loads": 0, "axe_whole": 0, "axe_main": 0, "downloads": 0}

# axe-core's findings per fingerprint of a frame or a main (``dom_parts``), kept for the whole
# test worker: a chunk reuses what an earlier chunk in the same worker already checked, since
# equal fingerprints mean equal elements under the same style sheets.
SEEN: dict[str, list[str]] = {}


def _rows_for(chunk: int) -> list:
    return [row for i, row in enumerate(MATRIX) if i % CHUNKS == chunk]


def check_page(page, path: str, role: str, user, seen: dict[str, list[str]]) -> list[str]:  # type: ignore[no-untyped-def]
    """Load ``path`` and return its problems; ``None`` for a download or non-HTML answer."""
    try:
        response = page.goto(path, wait_until="load")
    except Exception as error:  # a file download aborts the navigation
        if "Download is starting" in str(error):
            return None  # type: ignore[return-value]
        raise
    assert response is not None
    if not response.headers.get("content-type", "").startswith("text/html"):
        return None  # type: ignore[return-value]
    if response.status != 200:
        return [f"answered {response.status} instead of 200"]
    TALLY["loads"] += 1
    problems = heading_problems(page) + duplicate_ids(page)
    lang, direction = document_language(page)
    if (lang, direction) != ("de", "ltr"):
        problems.append(f'<html lang="{lang}" dir="{direction}">, expected lang="de" dir="ltr"')
    frame, main = dom_parts(page, user)
    if frame not in seen or main is None:
        TALLY["axe_whole"] += 1
        found = axe_violations(page)
        seen[frame] = found
        if main is not None:
            # Keep what lies in main apart, so a known frame does not carry main's findings.
            seen[main] = axe_violations(page, only="main") if found else []
            seen[frame] = [f for f in found if f not in seen[main]]
        return problems + found
    if main not in seen:
        TALLY["axe_main"] += 1
        seen[main] = axe_violations(page, only="main")
    return problems + seen[frame] + seen[main]


@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.django_db(transaction=True)
def test_every_page_in_every_role_passes_axe_and_the_heading_check(chunk, world, contexts):
    setup_world(world)
    rows = _rows_for(chunk)
    pages = {}
    reports: list[PageReport] = []
    loads = 0
    known_seen: set[str] = set()
    for row in rows:
        path = reverse(row.name, kwargs=row.kwargs(world))
        for role in ROLES:
            if row.expect[role] != 200:
                continue
            user = None if role == "anonymous" else world.users[role]
            if role not in pages:
                pages[role] = contexts(user).new_page()
            problems = check_page(pages[role], path, role, user, SEEN)
            if problems is None:
                TALLY["downloads"] += 1
                break  # a download for one role is a download for all
            loads += 1
            if row.name in KNOWN_DEFECTS:
                known = KNOWN_DEFECTS[row.name][0]
                if any(known in p for p in problems):
                    known_seen.add(row.name)
                problems = [p for p in problems if known not in p]
            if problems:
                reports.append(PageReport(path, role, problems))
    assert loads > 0
    print(f"chunk {chunk}: {loads} pages loaded, axe over {TALLY}")
    assert not reports, "\n".join(str(r) for r in reports)
    fixed = {row.name for row in rows if row.name in KNOWN_DEFECTS} - known_seen
    assert not fixed, f"fixed, remove from KNOWN_DEFECTS: {sorted(fixed)}"
