"""Session idle timeout and the two-factor requirement for admins and editors."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a logged-in user without a verified second factor may still reach.
_OPEN_PREFIXES = ("/konto/", "/static/", "/i18n/", "/media/", "/favicon")


def axes_username(request: HttpRequest, credentials: dict[str, str] | None) -> str:
    """The account name django-axes counts failures for: the e-mail address, lower-case."""
    source = credentials if credentials else request.POST
    return str(source.get("username") or "").strip().lower()


class SessionIdleTimeoutMiddleware:
    """Log a user out after SESSION_IDLE_TIMEOUT_MINUTES without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen")
            if last is not None and now - int(last) > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                return redirect(f"{reverse('core:login')}?timeout=1")
            # Write at most once a minute so that a busy page does not rewrite the session row.
            if last is None or now - int(last) > 60:
                request.session["last_seen"] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Admins and editors must set up and use TOTP before reaching the workspace."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from teilhabe.core.twofactor import has_confirmed_device, requires_two_factor

        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not user.is_verified()  # type: ignore[attr-defined]
        ):
            if has_confirmed_device(user):  # type: ignore[arg-type]
                return redirect(f"{reverse('core:otp_verify')}?next={request.get_full_path()}")
            if requires_two_factor(user):  # type: ignore[arg-type]
                return redirect("core:otp_setup")
        return self.get_response(request)


class LanguageMiddleware:
    """German unless the user picked another language (cookie). The browser's Accept-Language
    is ignored on purpose: the product is German first, English on request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
