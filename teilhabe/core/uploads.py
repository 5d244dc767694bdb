"""One upper limit for every upload, checked before the request body is read.

Django streams large uploads into temporary files (FILE_UPLOAD_MAX_MEMORY_SIZE) and limits
only the non-file part of a form (DATA_UPLOAD_MAX_MEMORY_SIZE). Without a central limit a
200 MB file would be written to disk and reach every form, including those that keep the
file. ``UploadLimitMiddleware`` refuses a request whose declared body is larger than
``TEILHABE_MAX_UPLOAD_BYTES`` (plus room for the other form fields) with a German message,
without reading the body. Each upload form also checks the size of its own file.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _

# The other fields of an upload form (title, CSRF token, multipart boundaries).
FORM_OVERHEAD = 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "TEILHABE_MAX_UPLOAD_BYTES", 100 * 1024 * 1024))


def too_large_message() -> str:
    return _(
        "The file is too large: at most %(mb)s MB can be uploaded. Split the file or ask your "
        "IT operations to raise the limit."
    ) % {"mb": max_upload_bytes() // (1024 * 1024)}


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_upload_bytes() + FORM_OVERHEAD:
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest) -> HttpResponse:
        message = too_large_message()
        wants_json = request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")
        if wants_json or request.method not in ("POST",):
            return JsonResponse({"detail": message}, status=413)
        # Back to the form (a GET), where the message is shown; the body is never read.
        messages.error(request, message)
        response = HttpResponseRedirect(request.get_full_path())
        response.status_code = 303
        return response
