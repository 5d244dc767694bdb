"""The frame of every public portal page: municipality lookup, the portal language, the
enabled sections, the page cache and the cache headers.

Anonymous pages depend only on the URL (language included, as ``?sprache=xx``), never on a
cookie or the user, so one rendered copy serves everyone until the portal version changes.
Pages with a form (feedback) are never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from teilhabe.core.models import Municipality
from teilhabe.core.permissions import anyone
from teilhabe.portal import selectors
from teilhabe.portal.models import PORTAL_LANGUAGES, PortalSettings

View = Callable[..., HttpResponse]

# Sections of the portal: key → (URL name, label, settings flag).
SECTIONS: list[tuple[str, str, Any, str]] = [
    ("concept", "portal:concept", _("Concept"), "show_concept"),
    ("measures", "portal:measures", _("Measures"), "show_measures"),
    ("participation", "portal:participation", _("Your input"), "show_participation"),
    ("indicators", "portal:indicators", _("Figures"), "show_indicators"),
    ("offers", "portal:offers", _("Offers"), "show_offers"),
    ("surveys", "portal:surveys", _("Surveys"), "show_surveys"),
    ("documents", "portal:documents", _("Reports and papers"), "show_documents"),
    ("open_data", "portal:open_data", _("Open data"), "show_open_data"),
]


@dataclass
class PortalContext:
    """What a portal view gets besides the request: set on ``request.portal``."""

    municipality: Municipality
    settings: PortalSettings
    language: str  # the portal language (de, en, ls, tr, ar, …)
    interface: str  # the gettext language (de or en)

    @property
    def query(self) -> str:
        """The language as a query string for links (empty for German)."""
        return "" if self.language == "de" else f"?sprache={self.language}"

    @property
    def query_and(self) -> str:
        return "" if self.language == "de" else f"&sprache={self.language}"


def interface_language(language: str) -> str:
    """The gettext catalogue for a portal language: German for German and Leichte Sprache,
    English for every other language (the static texts come in the language itself)."""
    return "de" if language in ("de", "ls") else "en"


def portal_view(section: str | None = None, *, cached: bool = True) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, ars: str, *args: Any, **kwargs: Any) -> HttpResponse:
            language = request.GET.get("sprache", "de")
            if language not in PORTAL_LANGUAGES:
                language = "de"
            use_cache = cached and request.method in ("GET", "HEAD")
            municipality = Municipality.objects.filter(ars=ars).first()
            if municipality is None:
                raise Http404
            portal_settings = selectors.portal_settings(municipality=municipality)
            if not portal_settings.is_enabled:
                raise Http404
            if language not in portal_settings.all_languages:
                language = "de"
            if section is not None and not _section_on(portal_settings, section):
                raise Http404
            ctx = PortalContext(
                municipality=municipality,
                settings=portal_settings,
                language=language,
                interface=interface_language(language),
            )
            request.portal = ctx  # type: ignore[attr-defined]
            with translation.override(ctx.interface):
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response.render()
            if use_cache and response.status_code == 200 and not response.streaming:
                # PortalCacheMiddleware stores it, with the headers the other middleware adds.
                response.portal_cacheable = True  # type: ignore[attr-defined]
            return _headers(response, language, cached=use_cache)

        wrapper.access_predicate = anyone  # type: ignore[attr-defined]
        return wrapper

    return decorator


def _section_on(portal_settings: PortalSettings, section: str) -> bool:
    for key, _name, _label, flag in SECTIONS:
        if key == section:
            return bool(getattr(portal_settings, flag))
    return True


def _headers(response: HttpResponse, language: str, *, cached: bool) -> HttpResponse:
    response["Content-Language"] = "de" if language == "ls" else language
    if cached:
        response["Cache-Control"] = f"public, max-age={settings.TEILHABE_PORTAL_MAX_AGE}"
    else:
        response["Cache-Control"] = "no-store"
    return response


def page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a portal page with the frame's context."""
    ctx: PortalContext = request.portal  # type: ignore[attr-defined]
    nav = [
        {
            "key": key,
            "url": reverse(name, args=[ctx.municipality.ars]) + ctx.query,
            "label": label,
            "current": request.path.startswith(reverse(name, args=[ctx.municipality.ars])),
        }
        for key, name, label, flag in SECTIONS
        if getattr(ctx.settings, flag)
    ]
    return render(
        request,
        template,
        {
            "portal": ctx,
            "municipality": ctx.municipality,
            "ars": ctx.municipality.ars,
            "lq": ctx.query,
            "lqa": ctx.query_and,
            "portal_nav": nav,
            "portal_languages": selectors.language_choices(ctx.settings),
            "easy_language": "ls" in ctx.settings.all_languages,
            **context,
        },
        status=status,
    )
