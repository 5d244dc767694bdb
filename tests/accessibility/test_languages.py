"""The public survey in every language it is offered in (Leichte Sprache and the
right-to-left languages included): axe-core finds nothing, the headings have no gaps, and
``<html>`` names the language and its direction."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from teilhabe.participation import selectors, services
from teilhabe.participation.demo import demo_participation
from teilhabe.participation.models import SURVEY_LANGUAGES, Survey
from tests.accessibility.checks import (
    PYTESTMARK,
    axe_violations,
    document_language,
    duplicate_ids,
    heading_problems,
)

pytestmark = PYTESTMARK


def _written_right_to_left(code: str) -> bool:
    """From the script of the language's own name, not from the application's flag."""
    name = SURVEY_LANGUAGES[code][0]
    return unicodedata.bidirectional(name.strip()[0]) in ("R", "AL")


def _problems(page, expected_lang: str, expected_dir: str) -> list[str]:  # type: ignore[no-untyped-def]
    problems = axe_violations(page) + heading_problems(page) + duplicate_ids(page)
    lang, direction = document_language(page)
    if (lang, direction) != (expected_lang, expected_dir):
        problems.append(
            f'<html lang="{lang}" dir="{direction}">, expected {expected_lang} {expected_dir}'
        )
    return problems


@pytest.mark.django_db(transaction=True)
def test_public_survey_in_every_language_with_lang_and_dir(world, contexts):
    demo_participation(world.municipality)
    survey = Survey.objects.get(municipality=world.municipality, audience="public")
    languages = selectors.offered_languages(
        survey=survey,
        languages=services.settings_for(municipality=world.municipality).all_languages,
    )
    assert {"de", "ls", "ar", "fa"} <= set(languages)
    assert _written_right_to_left("ar") and _written_right_to_left("fa")
    assert not _written_right_to_left("tr")
    page = contexts().new_page()
    failures = []
    page.goto(reverse("participation:public_start", args=[survey.public_token]))
    if found := _problems(page, "de", "ltr"):
        failures.append(f"start: {found}")
    for code in languages:
        page.goto(reverse("participation:public_form", args=[survey.public_token, code]))
        expected_lang = "de" if code == "ls" else code  # Leichte Sprache is German
        expected_dir = "rtl" if _written_right_to_left(code) else "ltr"
        if found := _problems(page, expected_lang, expected_dir):
            failures.append(f"{code}: {found}")
        # Every question is labelled in the page's language: no German left in Arabic.
        if code in ("ar", "fa"):
            assert page.locator("main [dir=ltr]:not([lang])").count() == 0, code
    assert not failures, "\n".join(failures)
