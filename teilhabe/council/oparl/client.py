"""Where OParl objects come from: an endpoint over HTTP (public addresses only, with retries),
or a directory of saved JSON files.

A saved directory holds one file per fetched address, named by ``filename_for(url)``; files
with an ``id`` are also found by that id. Tests use saved directories only (no network).
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.utils.translation import gettext as _

USER_AGENT = "Teilhabe OParl-Import (+https://schema.oparl.org/)"
# One page of an OParl list is a few hundred kB; more is a broken or hostile server.
MAX_ANSWER_BYTES = 50 * 1024 * 1024


class FetchError(Exception):
    """The address could not be read; ``status`` is the HTTP status where there was one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after: float | None = None


class Source(Protocol):
    def fetch(self, url: str) -> Any: ...


def filename_for(url: str) -> str:
    """ "https://ris.example/oparl/body/1/paper?page=2" → "ris.example_oparl_body_1_paper_page_2.json"."""
    bare = re.sub(r"^https?://", "", url)
    return re.sub(r"[^A-Za-z0-9]+", "_", bare).strip("_") + ".json"


def _is_internal(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def check_address(url: str, *, unresolved_ok: bool = False) -> None:
    """Refuse addresses inside the administration's own network (loopback, link-local,
    private ranges): an import form must not become a way to read internal services. Hosts
    an administrator lists in TEILHABE_OPARL_ALLOWED_HOSTS are exempt. With
    ``unresolved_ok`` (the form) an unknown host passes: the import itself reports it."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(_("Only http and https addresses can be read."))
    host = parts.hostname.lower()
    allowed = {h.strip().lower() for h in getattr(settings, "TEILHABE_OPARL_ALLOWED_HOSTS", [])}
    if host in allowed:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        if unresolved_ok:
            return
        raise FetchError(_("not reachable (%(reason)s)") % {"reason": _reason_text(exc)}) from exc
    for info in infos:
        address = str(info[4][0])
        if _is_internal(address):
            raise FetchError(
                _(
                    "%(host)s points to an internal address (%(ip)s). Teilhabe reads only "
                    "public addresses; an administrator can allow this host with the setting "
                    "TEILHABE_OPARL_ALLOWED_HOSTS."
                )
                % {"host": host, "ip": address}
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect must not lead to an internal address either."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# Answers worth asking again: too many requests, and the server's own trouble.
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class HttpSource:
    """Reads over HTTP(S). 429 and 5xx answers are asked again after a pause that doubles
    each time (or the server's Retry-After, up to ``max_wait`` seconds)."""

    def __init__(
        self,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 1.0,
        max_wait: float = 60.0,
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.opener = urllib.request.build_opener(_CheckedRedirects())

    def fetch(self, url: str) -> Any:
        check_address(url)
        attempt = 0
        while True:
            try:
                return self._fetch_once(url)
            except FetchError as exc:
                if exc.status not in RETRY_STATUS or attempt >= self.retries:
                    raise
                wait = exc.retry_after if exc.retry_after is not None else self.backoff * 2**attempt
                time.sleep(min(wait, self.max_wait))
                attempt += 1

    def _fetch_once(self, url: str) -> Any:
        request = urllib.request.Request(  # noqa: S310  (scheme checked in check_address)
            url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as exc:
            error = FetchError(_("HTTP status %(code)s") % {"code": exc.code}, exc.code)
            error.retry_after = _retry_after(exc.headers.get("Retry-After"))
            raise error from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, FetchError):  # a refused redirect
                raise reason from exc
            raise FetchError(
                _("not reachable (%(reason)s)") % {"reason": _reason_text(reason)}
            ) from exc
        if len(body) > MAX_ANSWER_BYTES:
            raise FetchError(
                _("the answer is larger than %(mb)s MB") % {"mb": MAX_ANSWER_BYTES >> 20}
            )
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            raise FetchError(_("the answer is not JSON")) from exc


def _reason_text(reason: Any) -> str:
    """Why a server could not be reached, in the interface's language."""
    if isinstance(reason, (socket.gaierror, UnicodeError)):
        return str(_("the host name is unknown"))
    if isinstance(reason, ConnectionRefusedError):
        return str(_("the connection was refused"))
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return str(_("no answer in time"))
    if isinstance(reason, ssl.SSLError):
        return str(_("the encrypted connection failed"))
    return str(_("network error"))


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the HTTP-date form is rare for APIs and read as absent)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


class DirectorySource:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._by_id: dict[str, Any] | None = None

    def _index(self) -> dict[str, Any]:
        if self._by_id is None:
            self._by_id = {}
            for path in sorted(self.directory.glob("*.json")):
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except ValueError:
                    continue
                if isinstance(data, dict) and isinstance(data.get("id"), str):
                    self._by_id.setdefault(data["id"], data)
        return self._by_id

    def fetch(self, url: str) -> Any:
        path = self.directory / filename_for(url)
        if not path.exists():
            # A filter the saved files do not have: read the unfiltered list instead.
            parts = urllib.parse.urlsplit(url)
            query = [
                (k, v)
                for k, v in urllib.parse.parse_qsl(parts.query)
                if k not in ("modified_since", "created_since")
            ]
            plain = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
            path = self.directory / filename_for(plain)
        if path.exists():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, RecursionError) as exc:
                raise FetchError(
                    _("%(file)s is not valid JSON (line %(line)s)")
                    % {"file": path.name, "line": getattr(exc, "lineno", "?")}
                ) from exc
        found = self._index().get(url)
        if found is not None:
            return found
        raise FetchError(_("HTTP status %(code)s") % {"code": 404}, 404)

    def files(self) -> Iterator[tuple[str, Any]]:
        """Every saved file as (name, content); unreadable ones as (name, FetchError)."""
        for path in sorted(self.directory.glob("*.json")):
            try:
                yield path.name, json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, RecursionError, UnicodeDecodeError) as exc:
                yield (
                    path.name,
                    FetchError(
                        _("%(file)s is not valid JSON (line %(line)s)")
                        % {"file": path.name, "line": getattr(exc, "lineno", "?")}
                    ),
                )
