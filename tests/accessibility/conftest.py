"""One chromium per test worker for the whole package, logged-in browser contexts per role
(session cookie from Django's test client instead of typing the password each time), and
the checks every page gets: axe-core (WCAG 2.1 A/AA), the heading outline, ``lang``/``dir``,
reflow at 320 px and a visible keyboard focus. Debian's chromium through Playwright; the
package is skipped where it is missing."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="package")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the tests run
    # between browser steps, never concurrently with them.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--headless",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            yield chromium
            chromium.close()


@pytest.fixture
def contexts(browser, live_server, settings):  # type: ignore[no-untyped-def]
    """``contexts(user_or_None, **options)`` → a fresh browser context, logged in if a user is
    given; all are closed after the test. Every request and console message of every context
    is watched: a request to another server than ours (privacy: no third party learns who
    reads what) or a console error (a blocked script or style, a Content-Security-Policy
    violation, a failed resource) fails the test."""
    from tests.accessibility.checks import new_context, watch_requests_and_console

    settings.AXES_ENABLED = False
    opened = []
    problems: list[str] = []

    def make(user=None, **options):  # type: ignore[no-untyped-def]
        context = new_context(browser, live_server.url, user, **options)
        watch_requests_and_console(context, live_server.url, problems)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()
    assert not problems, "\n".join(problems[:20])
