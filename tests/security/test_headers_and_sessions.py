"""Security headers on every page of the URL matrix, 2FA on every workspace URL, production
cookies and deploy checks. Login, lockout, backup codes, session rotation, idle timeout and
password change are proven in teilhabe/core/tests/test_accounts.py (see docs/security.md)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, login
from tests.url_matrix import MATRIX, setup_world

ROOT = Path(__file__).resolve().parents[2]
OPEN_PREFIXES = ("/konto/", "/static/", "/i18n/", "/media/", "/favicon")


def _header_problems(response, *, hsts: bool) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    if not csp:
        problems.append("no CSP")
    for word in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        if word in directives.get("script-src", directives.get("default-src", [])):
            problems.append(f"script-src allows {word}")
    if "'unsafe-inline'" in csp or "'unsafe-eval'" in csp:
        problems.append("unsafe-inline/unsafe-eval")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append("frame-ancestors is not 'none'")
    if directives.get("object-src") != ["'none'"]:
        problems.append("object-src is not 'none'")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{header}={response.get(header)!r}")
    if hsts:
        value = response.get("Strict-Transport-Security", "")
        if "max-age=31536000" not in value or "includeSubDomains" not in value:
            problems.append(f"HSTS={value!r}")
    return problems


def _urls(world) -> list[tuple[str, str]]:
    return [(row.name, reverse(row.name, kwargs=row.kwargs(world))) for row in MATRIX]


def test_security_headers_on_every_page_of_the_matrix(world, settings):
    """Every URL, as an anonymous visitor and as an admin, whatever the status (pages,
    redirects, 403/404, downloads): the same headers. HTTPS requests with production's HSTS
    settings (SecurityMiddleware sets HSTS only on secure requests)."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = False
    setup_world(world)
    clients = {"anonymous": Client(), "admin": login(Client(), world.users["admin"])}
    failures = []
    checked = 0
    for name, url in _urls(world):
        for who, client in clients.items():
            for secure in (False, True):
                response = client.get(url, secure=secure)
                problems = _header_problems(response, hsts=secure)
                checked += 1
                if problems:
                    failures.append(f"{who} {name} {url} [{response.status_code}]: {problems}")
    assert checked >= 4 * 100
    assert not failures, "\n".join(failures[:40])


def test_error_pages_carry_the_headers_too(world):
    client = login(Client(), world.users["reader"])
    for url in (
        "/k/999999999999/",
        "/gibt-es-nicht/",
        reverse("core:member_list", args=[world.municipality.ars]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert not _header_problems(response, hsts=False), url


@pytest.mark.parametrize("role", ["admin", "editor"])
@pytest.mark.parametrize("device", [False, True], ids=["no-device", "device-not-verified"])
def test_two_factor_is_enforced_on_every_workspace_url(world, role, device):
    """Logged in with the password only: every login-protected URL of the matrix sends an
    admin or editor to TOTP setup (no device yet) or to the code prompt (device exists)."""
    setup_world(world)
    user = world.users[role]
    if device:
        TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client = Client()
    client.force_login(user)
    target = reverse("core:otp_verify") if device else reverse("core:otp_setup")
    protected = [
        (name, url)
        for row, (name, url) in zip(MATRIX, _urls(world), strict=True)
        if row.expect["anonymous"] == 302 and not url.startswith(OPEN_PREFIXES)
    ]
    assert len(protected) >= 100
    leaks = []
    for name, url in protected:
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith(target):
            leaks.append(f"{name} {url}: {response.status_code}")
    assert not leaks, leaks
    # … and a POST does not get through either.
    response = client.post(
        reverse("core:field_create", args=[world.municipality.ars]), {"name": "X"}
    )
    assert response.status_code == 302 and response["Location"].startswith(target)


def test_roles_without_the_requirement_are_not_forced(world):
    client = Client()
    client.force_login(world.users["reader"])
    assert client.get(reverse("core:home", args=[world.municipality.ars])).status_code == 200


def _production(code: str) -> str:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TEILHABE_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "teilhabe.example",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_production_settings_use_host_cookies_hsts_and_https():
    out = _production(
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'SESSION_COOKIE_NAME','CSRF_COOKIE_NAME','LANGUAGE_COOKIE_NAME','SESSION_COOKIE_SECURE',"
        "'CSRF_COOKIE_SECURE','LANGUAGE_COOKIE_SECURE','SESSION_COOKIE_DOMAIN','CSRF_COOKIE_DOMAIN',"
        "'SESSION_COOKIE_PATH','CSRF_COOKIE_PATH','SESSION_COOKIE_HTTPONLY','SECURE_HSTS_SECONDS',"
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_SSL_REDIRECT','DEBUG','SESSION_COOKIE_SAMESITE')}))"
    )
    s = json.loads(out.strip().splitlines()[-1])
    for prefix in ("SESSION", "CSRF", "LANGUAGE"):
        assert s[f"{prefix}_COOKIE_NAME"].startswith("__Host-"), prefix
        assert s[f"{prefix}_COOKIE_SECURE"] is True, prefix
    # __Host- requires: Secure, Path=/ and no Domain.
    assert s["SESSION_COOKIE_DOMAIN"] is None and s["CSRF_COOKIE_DOMAIN"] is None
    assert s["SESSION_COOKIE_PATH"] == "/" and s["CSRF_COOKIE_PATH"] == "/"
    assert s["SESSION_COOKIE_HTTPONLY"] is True and s["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_SSL_REDIRECT"] is True and s["DEBUG"] is False


def test_the_session_cookie_of_a_login_follows_the_host_prefix_rules(world, settings):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Client()
    client.get(reverse("core:login"), secure=True)
    response = client.post(
        reverse("core:login"),
        {"username": world.users["reader"].email, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    cookie = SimpleCookie(response.cookies.output(header="", sep="\n"))["__Host-sessionid"]
    assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/"
    assert not cookie["domain"]
    assert cookie["samesite"] == "Lax"


def test_check_deploy_is_clean_at_warning_level():
    _production(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
