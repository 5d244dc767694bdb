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

import io
import os
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

import filetype
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.urls import Resolver404, resolve
from django.utils.deconstruct import deconstructible
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


# --- the upload gate: a file is what its content says, not what its name claims ----------------
#
# Every file field runs ``check_upload`` (model fields through ``UploadGate``, form fields
# through ``GatedFileField``). It reads the file through its own handle in small pieces (a path,
# an UploadedFile or any seekable binary stream), so a large file is never held in memory.

# Office files (ZIP containers): what one file may unpack to.
MAX_MEMBERS = 5_000
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
# Real XLSX/DOCX compress 5-20x; a ZIP bomb compresses 1000x and more.
MAX_RATIO = 100
# Members smaller than this may compress far better (empty sheets, repeated styles).
RATIO_FLOOR_BYTES = 1024 * 1024

HEAD_BYTES = 8192
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str  # what the German message calls it
    extensions: tuple[str, ...]
    content_type: str


KINDS = {
    k.key: k
    for k in (
        FileKind("pdf", "PDF", (".pdf",), "application/pdf"),
        FileKind(
            "docx",
            "Word (.docx)",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileKind(
            "xlsx",
            "Excel (.xlsx)",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        FileKind(
            "pptx",
            "PowerPoint (.pptx)",
            (".pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        FileKind(
            "odt", "OpenDocument (.odt)", (".odt",), "application/vnd.oasis.opendocument.text"
        ),
        FileKind(
            "ods",
            "OpenDocument (.ods)",
            (".ods",),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        FileKind("png", "PNG", (".png",), "image/png"),
        FileKind("jpeg", "JPEG", (".jpg", ".jpeg"), "image/jpeg"),
        FileKind("svg", "SVG", (".svg",), "image/svg+xml"),
        FileKind("csv", "CSV", (".csv", ".txt", ".ffcsv"), "text/csv"),
        FileKind("geojson", "GeoJSON", (".geojson", ".json"), "application/geo+json"),
    )
}

# The first member names that tell the OOXML and OpenDocument files apart.
_OOXML_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


class UploadRefused(ValidationError):
    """The file is not what the field accepts; the message says why, in German."""


@contextmanager
def _binary(source: Any) -> Iterator[IO[bytes]]:
    """A binary handle on ``source`` at its start, without reading it into memory."""
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            yield handle
        return
    handle = getattr(source, "file", None) or source
    if hasattr(source, "open") and getattr(source, "closed", False):
        source.open("rb")
        handle = source.file
    handle.seek(0)
    try:
        yield handle
    finally:
        handle.seek(0)


def _size(handle: IO[bytes]) -> int:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def detect_kind(handle: IO[bytes]) -> str | None:
    """The kind of file by its content: magic bytes, the members of a ZIP container, or text
    that parses as what it claims; None for anything else."""
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(handle)
    guessed = filetype.guess(head)
    if guessed is not None:
        return {"pdf": "pdf", "png": "png", "jpg": "jpeg"}.get(guessed.extension)
    if head.startswith(UTF16_BOMS):
        return "csv"  # "Unicode text" as Excel saves it
    if b"\x00" in head:
        return None
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith(("<?xml", "<svg", "<!--")) and "<svg" in text:
        return "svg"
    if text.startswith("<"):
        return None  # HTML or other markup is no data file
    if text.startswith("{"):
        return "geojson"
    return "csv"


def _zip_kind(handle: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            for part, kind in _OOXML_PARTS.items():
                if part in names and "[Content_Types].xml" in names:
                    return kind
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    return _ODF_MIMETYPES.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        handle.seek(0)
    return None


def _refuse(message: str, **values: Any) -> UploadRefused:
    return UploadRefused(message % values if values else message, code="upload_refused")


def _check_container(handle: IO[bytes]) -> None:
    """Open an office file within limits; parse its XML parts without DTDs or entities."""
    too_big = _(
        "The file unpacks to more than %(mb)s MB or is packed suspiciously tightly (a ZIP "
        "bomb?). Save it again from the office program and upload that copy."
    ) % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
    with zipfile.ZipFile(handle) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _refuse(
                _(
                    "The file has more than %(n)s parts; office files have far fewer. Save it "
                    "again from the office program and upload that copy."
                ),
                n=MAX_MEMBERS,
            )
        declared = 0
        for info in members:
            declared += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if declared > MAX_UNPACKED_BYTES or (
                info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO
            ):
                raise UploadRefused(too_big, code="upload_refused")
        unpacked = 0
        for info in members:
            if info.is_dir():
                continue
            # The sizes in the directory may lie: count what actually comes out.
            with archive.open(info) as member:
                stream = _CountingReader(member, MAX_UNPACKED_BYTES - unpacked, too_big)
                if info.filename.endswith((".xml", ".rels")) or info.filename == "content.xml":
                    _parse_xml(stream)
                else:
                    while stream.read(1024 * 1024):
                        pass
                unpacked += stream.count


class _CountingReader(io.RawIOBase):
    """Reads a ZIP member and refuses once more than ``limit`` bytes came out."""

    def __init__(self, member: IO[bytes], limit: int, message: str) -> None:
        self.member, self.limit, self.message, self.count = member, limit, message, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.member.read(size if size and size > 0 else 1024 * 1024)
        self.count += len(chunk)
        if self.count > self.limit:
            raise UploadRefused(self.message, code="upload_refused")
        return chunk

    def readinto(self, buffer: Any) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _parse_xml(stream: IO[bytes]) -> None:
    try:
        for _event, element in DefusedET.iterparse(stream, events=("end",)):
            element.clear()
    except DefusedXmlException as exc:
        raise _refuse(
            _(
                "The file contains XML with entity or DTD declarations (%(what)s), which office "
                "programs never write; such files can paralyse the server. Save it again from "
                "the office program and upload that copy."
            ),
            what=type(exc).__name__,
        ) from exc
    except ParseError as exc:
        raise _refuse(
            _(
                "The file is damaged: a part of it is no valid XML. Save it again and upload that copy."
            )
        ) from exc


def _check_pdf(handle: IO[bytes]) -> None:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(handle)
        pages = len(document)
        document.close()
    except pypdfium2.PdfiumError as exc:
        raise _refuse(
            _(
                "The PDF cannot be opened (damaged or encrypted). Save it again and upload that copy."
            )
        ) from exc
    if pages < 1:
        raise _refuse(_("The PDF has no pages."))


def _check_image(handle: IO[bytes]) -> None:
    from PIL import Image

    handle.seek(-12, os.SEEK_END)
    tail = handle.read(12)
    handle.seek(0)
    if handle.read(8) == b"\x89PNG\r\n\x1a\n" and tail[4:8] != b"IEND":
        # Data after the end of the image: a file disguised as a picture (polyglot).
        raise _refuse(
            _("The image has data after its end. Save the image again and upload that copy.")
        )
    handle.seek(0)
    try:
        with Image.open(handle) as image:
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse(
            _("The image is far too large in pixels. Scale it down and upload it again.")
        ) from exc
    except Exception as exc:  # Pillow raises many kinds for broken images
        raise _refuse(_("The image is damaged. Save it again and upload that copy.")) from exc


def _check_svg(handle: IO[bytes]) -> None:
    _parse_xml(handle)
    handle.seek(0)
    text = handle.read(5 * 1024 * 1024).decode("utf-8", errors="replace").lower()
    if re.search(r"<script|<foreignobject|javascript:|\son[a-z]+\s*=", text):
        raise _refuse(
            _("The SVG contains scripts or event handlers. Export it again without them.")
        )


def _check_text(handle: IO[bytes]) -> None:
    if handle.read(2) in UTF16_BOMS:
        return
    handle.seek(0)
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        if b"\x00" in chunk:
            raise _refuse(_("The file contains binary data, it is no text file."))


def check_upload(source: Any, *, kinds: Iterable[str], name: str | None = None) -> FileKind:
    """Check a file against the kinds a field accepts, by content; returns its kind or raises
    ``UploadRefused`` with a German message. ``source`` is a path, an UploadedFile, a FieldFile
    or a seekable binary stream; it is read in pieces, never as a whole."""
    allowed = [KINDS[k] for k in kinds]
    name = name or getattr(source, "name", None) or str(source)
    accepted = ", ".join(k.label for k in allowed)
    with _binary(source) as handle:
        if _size(handle) == 0:
            raise _refuse(_("The file is empty. Choose the file again."))
        key = detect_kind(handle)
        kind = KINDS.get(key or "")
        if kind is None or kind not in allowed:
            raise _refuse(
                _(
                    "This file is no %(accepted)s file (checked by its content, not its name). Upload one of these kinds."
                ),
                accepted=accepted,
            )
        if Path(name).suffix.lower() not in kind.extensions:
            raise _refuse(
                _(
                    "The file is a %(kind)s file but its name ends in “%(suffix)s”. Rename it to %(extension)s or upload the right file."
                ),
                kind=kind.label,
                suffix=Path(name).suffix or "–",
                extension=kind.extensions[0],
            )
        if key in ("docx", "xlsx", "pptx", "odt", "ods"):
            _check_container(handle)
        elif key == "pdf":
            _check_pdf(handle)
        elif key in ("png", "jpeg"):
            _check_image(handle)
        elif key == "svg":
            _check_svg(handle)
        else:
            _check_text(handle)
    return kind


@deconstructible
class UploadGate:
    """Validator for a model's FileField: the file must be one of ``kinds`` by content."""

    def __init__(self, *kinds: str) -> None:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown file kinds {sorted(unknown)}")
        self.kinds = kinds

    def __call__(self, value: Any) -> None:
        # A file already stored was checked when it came in; only new uploads are read.
        if getattr(value, "_committed", True) and not hasattr(value, "content_type"):
            return
        check_upload(value, kinds=self.kinds, name=getattr(value, "name", None))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadGate) and self.kinds == other.kinds

    def __hash__(self) -> int:
        return hash(self.kinds)


class GatedFileField(forms.FileField):
    """A form's file field that runs the gate (for forms that are no ModelForm)."""

    def __init__(self, *, kinds: Iterable[str], **kwargs: Any) -> None:
        self.kinds = tuple(kinds)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload is not None and upload is not initial:
            check_upload(upload, kinds=self.kinds, name=upload.name)
        return upload


@deconstructible
class StoredName:
    """``upload_to`` that stores a file under a generated name (``prefix/<uuid>.<ext>``): a
    name chosen by the uploader never reaches the disk. The name the user gave is kept in the
    model's ``original_name`` field, if it has one, for the download."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        original = Path(filename).name
        if hasattr(instance, "original_name") and not instance.original_name:
            instance.original_name = original[:255]
        suffix = Path(original).suffix.lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
            suffix = ""
        return f"{self.prefix}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoredName) and self.prefix == other.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def file_download(stored: Any, filename: str | None = None) -> FileResponse:
    """A stored upload as a download: always an attachment (never shown inline by the
    browser), under the name the user gave it, with the content type of its kind;
    ``X-Content-Type-Options: nosniff`` is set on every response."""
    name = filename or getattr(stored.instance, "original_name", "") or Path(stored.name).name
    kind = next(
        (k for k in KINDS.values() if Path(stored.name).suffix.lower() in k.extensions), None
    )
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
