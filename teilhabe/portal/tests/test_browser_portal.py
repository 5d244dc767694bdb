"""The portal's pages and the API documentation in a real browser, anonymous: axe-core
(WCAG 2.1 A/AA) finds nothing, nothing is loaded from elsewhere, no script is needed."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from tests.test_browser import WCAG, browser, pytestmark  # noqa: F401  (fixture, markers)
from tests.url_matrix import MATRIX


@pytest.mark.django_db(transaction=True)
def test_portal_pages_pass_axe_without_javascript(world, live_server, browser, settings):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    from teilhabe.portal.tests.factories import public_world

    public_world(world)
    base = live_server.url
    urls = [
        reverse(row.name, kwargs=row.kwargs(world))
        for row in MATRIX
        if row.name.startswith(("portal:", "api:")) and row.expect["anonymous"] == 200
    ]
    urls.append(reverse("portal:start", args=[world.municipality.ars]) + "?sprache=ar")
    page = browser.new_page(java_script_enabled=True, locale="de-DE")
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if urlparse(r.url).netloc not in ("", urlparse(base).netloc)
            else None
        ),
    )
    axe = Axe()
    failures = []
    for path in urls:
        head = page.request.get(base + path)
        if not head.headers.get("content-type", "").startswith("text/html"):
            continue
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert page.locator("script").count() == 0 or path.startswith("/api/"), path
        result = axe.run(page, options=WCAG)
        if result.violations_count:
            failures.append(f"{path}:\n{result.generate_report()}")
    assert not failures, "\n\n".join(failures)
    assert not foreign, foreign
