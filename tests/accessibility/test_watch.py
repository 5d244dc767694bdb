"""The watch on every browser context of this package notices a request to a third party
and a console error, without letting the request reach the network."""

from __future__ import annotations

from django.urls import reverse

from tests.accessibility.checks import PYTESTMARK, new_context, watch_requests_and_console

pytestmark = PYTESTMARK


def test_a_third_party_request_and_a_console_error_are_noticed(browser, live_server):
    context = new_context(browser, live_server.url)
    problems: list[str] = []
    watch_requests_and_console(context, live_server.url, problems)
    page = context.new_page()
    page.goto(reverse("core:login"))
    assert problems == []
    page.evaluate(
        """() => { const img = document.createElement("img");
                   img.src = "https://tracker.example/pixel.gif"; document.body.append(img);
                   console.error("Refused to load the script"); }"""
    )
    page.wait_for_timeout(300)
    context.close()
    assert any("third party: https://tracker.example/pixel.gif" in p for p in problems), problems
    assert any("Refused to load the script" in p for p in problems), problems
