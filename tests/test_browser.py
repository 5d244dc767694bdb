"""In a real browser: log in with two factors, the login and legal pages under axe-core (WCAG
2.1 A/AA), the map under the strict Content-Security-Policy, reflow on a narrow screen. Every
page in every role (axe-core, no third-party request, no console error) is walked by
``tests/accessibility/``. Debian's chromium through Playwright; skipped where it is missing
(CI installs it)."""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium"),
        reason="Debian's chromium is not installed (make browser-deps)",
    ),
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the test
    # itself run between browser steps, never concurrently with them.
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
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _log_in(page, base: str, user) -> None:
    device = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
    page.goto(base + reverse("core:login"))
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if "zwei-faktor" in page.url:
        page.fill("#id_token", f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}")
        page.click("main button[type=submit]")
        page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_login_page_and_public_pages_pass_axe(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    axe = Axe()
    for path in (reverse("core:login"), reverse("core:legal", args=["barrierefreiheit"])):
        page.goto(live_server.url + path)
        result = axe.run(page, options=WCAG)
        assert result.violations_count == 0, result.generate_report()


@pytest.mark.django_db(transaction=True)
def test_map_renders_under_the_strict_csp(world, live_server, browser, settings):
    settings.AXES_ENABLED = False
    square = {
        "type": "Polygon",
        "coordinates": [[[6.9, 50.9], [7.0, 50.9], [7.0, 51.0], [6.9, 51.0], [6.9, 50.9]]],
    }
    world.area.parent.geometry = square
    world.area.parent.save()
    page = browser.new_page()
    _log_in(page, live_server.url, world.users["reader"])
    page.goto(live_server.url + reverse("core:area_list", args=[world.municipality.ars]))
    page.wait_for_selector(".chart svg", timeout=15000)
    assert page.locator(".chart svg path").count() >= 1


@pytest.mark.django_db(transaction=True)
def test_narrow_screen_reflows_without_horizontal_scrolling(world, live_server, browser, settings):
    settings.AXES_ENABLED = False
    page = browser.new_page(viewport={"width": 320, "height": 640})
    _log_in(page, live_server.url, world.users["reader"])
    page.goto(live_server.url + reverse("core:home", args=[world.municipality.ars]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
