"""Main workflows with the keyboard alone (Tab, Shift+Tab, Space, Enter, arrow keys; no
click): every element the Tab key lands on must show its focus, and the work must land in the
database."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from teilhabe.participation.demo import demo_participation
from teilhabe.participation.models import Response, Survey
from tests.accessibility.checks import PYTESTMARK, horizontal_overflow, tab_to
from tests.url_matrix import setup_world

pytestmark = PYTESTMARK


def _enter(page) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.django_db(transaction=True)
def test_staff_log_in_open_a_measure_edit_and_save_by_keyboard(world, contexts):
    setup_world(world)
    user = world.users["editor"]
    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    measure = world.extra["concept_measure"]
    ars = world.municipality.ars
    page = contexts().new_page()
    page.goto(reverse("core:login"))

    tab_to(page, "#id_username")
    page.keyboard.type(user.email)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "main button[type=submit]")
    _enter(page)
    assert "zwei-faktor" in page.url or "2fa" in page.url or page.locator("#id_token").count()
    tab_to(page, "#id_token")
    page.keyboard.type(f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}")
    _enter(page)
    assert page.url.rstrip("/").endswith(reverse("core:home", args=[ars]).rstrip("/")) or (
        page.locator("nav.side-nav").count() == 1
    ), page.url

    # Side navigation → list of measures → the measure → edit.
    page.goto(reverse("core:home", args=[ars]))
    tab_to(page, f'nav.side-nav a[href="{reverse("concept:measure_list", args=[ars])}"]')
    _enter(page)
    tab_to(page, f'main a[href="{reverse("concept:measure_detail", args=[ars, measure.pk])}"]')
    _enter(page)
    assert page.locator("h1").inner_text().strip().endswith(measure.title)
    tab_to(page, f'main a[href="{reverse("concept:measure_edit", args=[ars, measure.pk])}"]')
    _enter(page)
    tab_to(page, "#id_title")
    page.keyboard.press("Control+A")
    page.keyboard.type("Sprachcafé am Abend")
    tab_to(page, "form.measure-form button[type=submit]")
    _enter(page)

    measure.refresh_from_db()
    assert measure.title == "Sprachcafé am Abend"
    assert "Sprachcafé am Abend" in page.locator("h1").inner_text()


@pytest.mark.django_db(transaction=True)
def test_respondent_completes_the_survey_in_arabic_at_320_px_by_keyboard(world, contexts):
    demo_participation(world.municipality)
    survey = Survey.objects.get(municipality=world.municipality, audience="public")
    page = contexts(viewport={"width": 320, "height": 640}, locale="ar").new_page()
    page.goto(reverse("participation:public_start", args=[survey.public_token]))
    assert horizontal_overflow(page) == 0

    tab_to(page, 'a[lang="ar"]')
    _enter(page)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    assert horizontal_overflow(page) == 0

    questions = list(survey.questions.order_by("position"))
    required = [q for q in questions if q.required]
    assert required, "the demo survey has required questions"
    for question in required:
        assert question.kind in ("single", "scale"), question.kind
        # A radio group is one Tab stop: Space picks the first option, the arrow keys move on.
        tab_to(page, f'input[name="q{question.pk}"]')
        page.keyboard.press("Space")
        if question.kind == "scale":
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")
        checked = page.locator(f'input[name="q{question.pk}"]:checked')
        assert checked.count() == 1
        assert page.evaluate("document.activeElement.checked")
    text_question = next((q for q in questions if q.kind == "long_text"), None)
    if text_question is not None:
        tab_to(page, f'textarea[name="q{text_question.pk}"]')
        page.keyboard.type("دورات لغة في المساء")
    tab_to(page, "button.survey-submit")
    assert horizontal_overflow(page) == 0
    before = Response.objects.filter(survey=survey, language="ar").count()
    _enter(page)

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert Response.objects.filter(survey=survey, language="ar").count() == before + 1
    response = Response.objects.filter(survey=survey, language="ar").latest("pk")
    answered = {a.question_id for a in response.answers.all()}
    assert {q.pk for q in required} <= answered
    if text_question is not None:
        assert response.answers.get(question=text_question).text == "دورات لغة في المساء"
