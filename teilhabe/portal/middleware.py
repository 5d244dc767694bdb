"""Serve cached portal pages before the rest of the middleware stack.

Sits right after Django's SecurityMiddleware (HTTPS redirect, HSTS, nosniff, Referrer-Policy
still apply). A portal page that was rendered for everyone is stored with all the headers the
inner middleware gave it (Content-Security-Policy, X-Frame-Options, …) and replayed as is; the
key holds the municipality's portal version read from the database, so a change anywhere
invalidates the copies of every process at once. Sessions, authentication and CSRF are not
touched on this path: portal pages depend on the URL only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

from teilhabe.portal import page_cache
from teilhabe.portal.models import PORTAL_LANGUAGES

PREFIX = "/portal/"
# Headers never replayed from the cache: they belong to one client.
_PRIVATE = {"set-cookie", "vary"}


def portal_key(request: HttpRequest) -> str | None:
    """The cache key of an anonymous portal GET, or None if the request is not one."""
    if request.method not in ("GET", "HEAD") or not request.path.startswith(PREFIX):
        return None
    ars = request.path[len(PREFIX) :].split("/", 1)[0]
    if len(ars) != 12 or not ars.isdigit():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.id, v.number FROM core_municipality m "
            "LEFT JOIN portal_portalversion v ON v.municipality_id = m.id WHERE m.ars = %s",
            [ars],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    language = request.GET.get("sprache", "de")
    if language not in PORTAL_LANGUAGES:
        language = "de"
    return page_cache.page_key(row[0], int(row[1] or 0), language, request.get_full_path())


def store(key: str, response: HttpResponse) -> None:
    headers = [(k, v) for k, v in response.items() if k.lower() not in _PRIVATE]
    page_cache.cache_set(key, (response.status_code, response.content, headers))


def replay(entry: tuple[int, bytes, list[tuple[str, str]]]) -> HttpResponse:
    status, content, headers = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class PortalCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = portal_key(request)
        if key is not None:
            hit: Any = page_cache.cache_get(key)
            if hit is not None:
                return replay(hit)
        response = self.get_response(request)
        # Only what the portal's own views declared cacheable (set by ``portal_view``).
        if key is not None and getattr(response, "portal_cacheable", False):
            store(key, response)
        return response
