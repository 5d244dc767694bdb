"""The login page with the single sign-on button passes axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse

from teilhabe.core.sso import BACKEND_PATH
from tests.test_browser import WCAG, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium"),
        reason="Debian's chromium is not installed (make browser-deps)",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_login_page_with_the_sso_button_passes_axe(live_server, browser, settings):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    settings.TEILHABE_OIDC_ENABLED = True
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://127.0.0.1:9/authorize"
    settings.OIDC_OP_JWKS_ENDPOINT = "http://127.0.0.1:9/jwks"
    settings.OIDC_RP_CLIENT_ID = "teilhabe"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND_PATH]
    settings.ROOT_URLCONF = "tests.security.urls_sso"
    page = browser.new_page()
    page.goto(live_server.url + reverse("core:login"))
    assert page.locator("a", has_text="Anmelden mit Dienstkonto").count() == 1
    result = Axe().run(page, options=WCAG)
    assert result.violations_count == 0, result.generate_report()
