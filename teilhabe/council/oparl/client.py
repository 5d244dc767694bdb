"""Where OParl objects come from: an endpoint over HTTP, or a directory of saved JSON files.

A saved directory holds one file per fetched address, named by ``filename_for(url)``; files
with an ``id`` are also found by that id. Tests use saved directories only (no network).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Protocol

from django.utils.translation import gettext as _

USER_AGENT = "Teilhabe OParl-Import (+https://schema.oparl.org/)"
# One page of an OParl list is a few hundred kB; more is a broken or hostile server.
MAX_ANSWER_BYTES = 50 * 1024 * 1024


class FetchError(Exception):
    """The address could not be read; ``status`` is the HTTP status where there was one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Source(Protocol):
    def fetch(self, url: str) -> Any: ...


def filename_for(url: str) -> str:
    """ "https://ris.example/oparl/body/1/paper?page=2" → "ris.example_oparl_body_1_paper_page_2.json"."""
    bare = re.sub(r"^https?://", "", url)
    return re.sub(r"[^A-Za-z0-9]+", "_", bare).strip("_") + ".json"


class HttpSource:
    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout

    def fetch(self, url: str) -> Any:
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(_("Only http and https addresses can be read."))
        request = urllib.request.Request(  # noqa: S310  (scheme checked above)
            url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise FetchError(_("HTTP status %(code)s") % {"code": exc.code}, exc.code) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise FetchError(_("not reachable (%(reason)s)") % {"reason": exc}) from exc
        if len(body) > MAX_ANSWER_BYTES:
            raise FetchError(
                _("the answer is larger than %(mb)s MB") % {"mb": MAX_ANSWER_BYTES >> 20}
            )
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            raise FetchError(_("the answer is not JSON")) from exc


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
