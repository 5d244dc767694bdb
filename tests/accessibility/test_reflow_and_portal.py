"""Reflow at 320 px on the main pages of the workspace and the portal, tables that scroll
reachable by keyboard, the portal in English, and a barrier reported through the portal's
feedback form with the keyboard alone."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from teilhabe.inventory.models import Actor, Offer
from teilhabe.portal.models import Feedback
from teilhabe.portal.tests.factories import public_world
from tests.accessibility.checks import (
    PYTESTMARK,
    axe_violations,
    document_language,
    duplicate_ids,
    heading_problems,
    horizontal_overflow,
    tab_to,
)

pytestmark = PYTESTMARK

NARROW = {"width": 320, "height": 640}

WORKSPACE_PAGES = [
    "core:home",
    "concept:tree",
    "concept:measure_list",
    "implementation:dashboard",
    "inventory:offer_list",
    "inventory:actor_list",
    "statistics:indicator_list",
    "council:paper_list",
    "planning:handover",
]

PORTAL_PAGES = [
    "portal:start",
    "portal:concept",
    "portal:measures",
    "portal:offers",
    "portal:indicators",
    "portal:documents",
    "portal:open_data",
    "portal:accessibility",
    "portal:feedback",
]

# What a box around a scrolling table must be: a tab stop with a name, so that keyboard users
# can scroll it (WCAG 2.1.1) and screen readers announce what it holds.
SCROLLING_BOXES = """() => Array.from(document.querySelectorAll(".table-wrap"))
    .filter(b => b.scrollWidth > b.clientWidth + 1)
    .map(b => ({tabindex: b.getAttribute("tabindex"), role: b.getAttribute("role"),
                name: b.getAttribute("aria-label")
                      || (b.getAttribute("aria-labelledby")
                          && document.getElementById(b.getAttribute("aria-labelledby"))
                             ?.textContent.trim())
                      || ""}))"""


def _offers(world) -> None:  # type: ignore[no-untyped-def]
    """Offers with long words, so the offer table must scroll at 320 px."""
    actor = Actor.objects.create(
        municipality=world.municipality, name="Volkshochschule Köln", kind="bildungstraeger"
    )
    for i in range(3):
        Offer.objects.create(
            municipality=world.municipality,
            actor=actor,
            title=f"Integrationskursbegleitungsangebot {i}",
            form="kurs",
            capacity=20 + i,
        )


@pytest.mark.django_db(transaction=True)
def test_workspace_and_portal_reflow_at_320_px_and_scrolling_tables_take_the_focus(world, contexts):
    public_world(world)
    _offers(world)
    cache.clear()
    ars = world.municipality.ars
    failures = []
    scrolling = 0
    pages = [(contexts(world.users["editor"], viewport=NARROW).new_page(), WORKSPACE_PAGES)]
    pages.append((contexts(viewport=NARROW).new_page(), PORTAL_PAGES))
    for page, names in pages:
        for name in names:
            response = page.goto(reverse(name, args=[ars]))
            assert response is not None and response.status == 200, name
            if overflow := horizontal_overflow(page):
                failures.append(f"{name}: the page is {overflow} px wider than 320 px")
            for box in page.evaluate(SCROLLING_BOXES):
                scrolling += 1
                if box["tabindex"] != "0" or box["role"] != "region" or not box["name"]:
                    failures.append(f"{name}: scrolling table box {box}")
    assert not failures, "\n".join(failures)
    assert scrolling, "no table scrolls at 320 px: the check above checked nothing"


@pytest.mark.django_db(transaction=True)
def test_a_scrolling_table_is_scrolled_with_the_arrow_keys_and_stops_being_a_tab_stop_when_wide(
    world, contexts
):
    _offers(world)
    page = contexts(world.users["editor"], viewport=NARROW).new_page()
    page.goto(reverse("inventory:offer_list", args=[world.municipality.ars]))
    box = "main .table-wrap[role=region]"
    assert page.locator(box).get_attribute("aria-label") == "Angebote"
    tab_to(page, box)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("s => document.querySelector(s).scrollLeft > 0", arg=box, timeout=5_000)
    assert not axe_violations(page, only="main")
    # Wide enough for the table: no scrolling, so no extra tab stop (checked after a resize).
    page.set_viewport_size({"width": 1600, "height": 900})
    page.wait_for_function(
        "() => !document.querySelector('main .table-wrap').hasAttribute('tabindex')",
        timeout=5_000,
    )


@pytest.mark.django_db(transaction=True)
def test_portal_in_english_names_its_language_and_keeps_it_on_every_link(world, contexts):
    public_world(world)
    cache.clear()
    ars = world.municipality.ars
    page = contexts(locale="en-GB").new_page()
    failures = []
    checked = 0
    for name in PORTAL_PAGES:
        page.goto(reverse(name, args=[ars]) + "?sprache=en")
        if tuple(document_language(page)) != ("en", "ltr"):
            failures.append(f"{name}: <html> says {document_language(page)}")
        if found := axe_violations(page) + heading_problems(page) + duplicate_ids(page):
            failures.append(f"{name}: {found}")
        # Links to portal pages keep the language (it is part of the URL); the language
        # switch (links with their own lang) and file downloads are left out.
        portal_links = page.evaluate(
            """ars => Array.from(document.querySelectorAll(
                    "a[href^='/portal/" + ars + "/']:not([lang])"))
                .map(a => a.getAttribute("href"))
                .filter(h => !/[.](pdf|csv|json|xlsx|docx|svg)([?]|$)/.test(h))""",
            ars,
        )
        checked += len(portal_links)
        if lost := [h for h in portal_links if "sprache=en" not in h]:
            failures.append(f"{name}: links without the language: {lost[:3]}")
    assert not failures, "\n".join(failures)
    assert checked > len(PORTAL_PAGES) * 5, checked
    assert page.locator("h1").inner_text() == "Report a barrier or send feedback"


@pytest.mark.django_db(transaction=True)
def test_a_barrier_is_reported_through_the_portal_feedback_form_by_keyboard(world, contexts):
    public_world(world)
    cache.clear()
    ars = world.municipality.ars
    page = contexts(viewport=NARROW).new_page()
    page.goto(reverse("portal:accessibility", args=[ars]))
    tab_to(page, f'main a[href^="{reverse("portal:feedback", args=[ars])}"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The topic is a select: the arrow keys choose "Barrier / accessibility".
    tab_to(page, "#id_topic")
    page.keyboard.press("Home")
    tab_to(page, "#id_message")
    page.keyboard.type("Die Tabelle der Angebote lässt sich mit der Tastatur nicht verschieben.")
    tab_to(page, "#id_page")
    page.keyboard.type("Angebote")
    tab_to(page, "main button[type=submit]")
    assert horizontal_overflow(page) == 0
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.rstrip("/").endswith(
        reverse("portal:feedback_thanks", args=[ars]).rstrip("/")
    ), page.url
    feedback = Feedback.objects.get(municipality=world.municipality, page="Angebote")
    assert feedback.topic == Feedback.Topic.ACCESSIBILITY
    assert "Tastatur" in feedback.message
    assert not axe_violations(page) and not heading_problems(page)
