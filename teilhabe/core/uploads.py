"""One upper limit for every upload, checked before the request body is read.

Django streams large uploads into temporary files (FILE_UPLOAD_MAX_MEMORY_SIZE) and limits
only the non-file part of a form (DATA_UPLOAD_MAX_MEMORY_SIZE). Without a central limit a
200 MB file would be written to disk and reach every form, including those that keep the
file. ``UploadLimitMiddleware`` refuses a request whose declared body is larger than
``TEILHABE_MAX_UPLOAD_BYTES`` (plus room for the other form fields) with a German message,
without reading the body. Each upload form also checks the size of its own file.

A form that takes larger files (the statistics import of a Land-wide flat file) registers its
URL name with the setting of its own limit (``register_limit``); Django streams such a body
to a temporary file, so the limit bounds disk use, not memory.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# The other fields of an upload form (title, CSRF token, multipart boundaries).
FORM_OVERHEAD = 1024 * 1024


# URL name → (setting, default) of the forms that take larger files than the rest.
_LIMITS: dict[str, tuple[str, int]] = {}


def register_limit(url_name: str, setting: str, default: int) -> None:
    _LIMITS[url_name] = (setting, default)


def max_upload_bytes(url_name: str = "") -> int:
    setting, default = _LIMITS.get(url_name, ("TEILHABE_MAX_UPLOAD_BYTES", 100 * 1024 * 1024))
    return int(getattr(settings, setting, default))


def too_large_message(url_name: str = "") -> str:
    return _(
        "The file is too large: at most %(mb)s MB can be uploaded. Split the file or ask your "
        "IT operations to raise the limit."
    ) % {"mb": max_upload_bytes(url_name) // (1024 * 1024)}


def _url_name(request: HttpRequest) -> str:
    if not _LIMITS:
        return ""
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_upload_bytes() + FORM_OVERHEAD:
            url_name = _url_name(request)
            if length > max_upload_bytes(url_name) + FORM_OVERHEAD:
                return self.refuse(request, url_name)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, url_name: str = "") -> HttpResponse:
        message = too_large_message(url_name)
        wants_json = request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")
        if wants_json or request.method not in ("POST",):
            return JsonResponse({"detail": message}, status=413)
        # Back to the form (a GET), where the message is shown; the body is never read.
        messages.error(request, message)
        response = HttpResponseRedirect(request.get_full_path())
        response.status_code = 303
        return response
