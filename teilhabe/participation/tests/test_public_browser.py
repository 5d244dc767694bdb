"""The public survey in a real browser at 320 px: axe-core in every offered language, and the
Arabic questionnaire completed with the keyboard alone."""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse

from teilhabe.participation import selectors, services
from teilhabe.participation.demo import demo_participation
from teilhabe.participation.models import Response, Survey

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def page(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser.new_page(viewport={"width": 320, "height": 640})
        browser.close()


def _tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reachable with the keyboard")


@pytest.mark.django_db(transaction=True)
def test_public_survey_passes_axe_in_every_language_and_works_by_keyboard_in_arabic(
    world, live_server, page
):
    from axe_playwright_python.sync_playwright import Axe

    demo_participation(world.municipality)
    survey = Survey.objects.get(municipality=world.municipality, audience="public")
    languages = selectors.offered_languages(
        survey=survey,
        languages=services.settings_for(municipality=world.municipality).all_languages,
    )
    assert {"de", "ls", "ar", "fa", "tr", "uk"} <= set(languages)
    axe = Axe()
    failures = []
    start = live_server.url + reverse("participation:public_start", args=[survey.public_token])
    page.goto(start)
    result = axe.run(page, options=WCAG)
    if result.violations_count:
        failures.append(f"start:\n{result.generate_report()}")
    for lang in languages:
        page.goto(
            live_server.url + reverse("participation:public_form", args=[survey.public_token, lang])
        )
        assert page.locator("h1").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, (
            f"{lang}: no horizontal scrolling"
        )
        result = axe.run(page, options=WCAG)
        if result.violations_count:
            failures.append(f"{lang}:\n{result.generate_report()}")
    assert not failures, "\n\n".join(failures)

    # Arabic, keyboard only: language choice, then the required questions, then send.
    page.goto(start)
    _tab_to(page, 'a[lang="ar"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    questions = list(survey.questions.order_by("position"))
    years = next(q for q in questions if q.required and q.kind == "single")
    scale = next(q for q in questions if q.kind == "scale")
    _tab_to(page, f'input[name="q{years.pk}"]')
    page.keyboard.press("Space")
    _tab_to(page, f'input[name="q{scale.pk}"]')
    page.keyboard.press("Space")
    _tab_to(page, "button.survey-submit")
    before = Response.objects.filter(survey=survey).count()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "شكرًا لمشاركتك" in page.content()
    assert Response.objects.filter(survey=survey, language="ar").count() >= 1
    assert Response.objects.filter(survey=survey).count() == before + 1
