"""The checks of this package, each a plain function over a Playwright page."""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client

from conftest import login

PYTESTMARK = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium"),
        reason="Debian's chromium is not installed (make browser-deps)",
    ),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def new_context(browser: Any, base: str, user: Any = None, **options: Any) -> Any:
    """A browser context; logged in (both factors) through a session made by the test client."""
    options.setdefault("locale", "de-DE")
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(base_url=base, **options)
    if user is not None:
        client = login(Client(), user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base}]
        )
    return context


# Documents the browser draws itself when a URL is opened directly: its image viewer styles
# the image inline, which our Content-Security-Policy (sent with every response) refuses.
_BROWSER_VIEWERS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def watch_requests_and_console(context: Any, base: str, problems: list[str]) -> None:
    """Append to ``problems`` every request of ``context`` to another server than ``base``
    and every console error of its pages. Only network requests count: the browser's own
    resources (its PDF viewer: chrome://, chrome-extension://) and data:/blob: URLs do not."""
    own = urlparse(base).netloc

    def foreign(url: str) -> bool:
        parts = urlparse(url)
        return parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != own

    def on_request(request: Any) -> None:
        if foreign(request.url):
            problems.append(f"request to a third party: {request.url} (from {request.frame.url})")

    def on_console(message: Any) -> None:
        page = message.page.url if message.page else ""
        if message.type == "error" and not urlparse(page).path.endswith(_BROWSER_VIEWERS):
            problems.append(f"console error on {page}: {message.text}")

    context.on("request", on_request)
    context.on("console", on_console)
    # Recorded above, then stopped here: a test never reaches a server on the internet.
    context.route(foreign, lambda route: route.abort())


@cache
def _axe_source() -> str:
    from importlib.resources import files

    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any, *, only: str | None = None) -> list[str]:
    """axe-core with the WCAG 2.1 A/AA rules over the document, or only over the elements
    under the selector ``only`` (references such as ``aria-labelledby`` or ``<label for>`` are
    still resolved against the whole document); one line per violated rule."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    found = page.evaluate(
        """([tags, only]) => axe.run(only ? {include: [[only]]} : document,
                                       {runOnly: {type: "tag", values: tags},
                                        resultTypes: ["violations"]})
            .then(r => r.violations.map(v => v.id + " (" + v.impact + "): " + v.help + " – "
                  + v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(" | ")))""",
        [WCAG_TAGS, only],
    )
    return list(found)


def duplicate_ids(page: Any) -> list[str]:
    """Ids used more than once in the document (axe checks this only for ids that ARIA
    references; here for all, cheaply, on every load)."""
    return page.evaluate(
        """() => { const seen = new Map();
            for (const e of document.querySelectorAll("[id]")) seen.set(e.id, (seen.get(e.id) || 0) + 1);
            return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `id "${id}" ${n}×`); }"""
    )


def heading_problems(page: Any) -> list[str]:
    """Exactly one visible-to-assistive-technology h1; going down, never skip a level
    (h2 → h4); h1 comes first."""
    levels = page.evaluate(
        """() => Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6,[role=heading]"))
            .filter(h => !h.closest("[hidden],[aria-hidden=true],template")
                         && getComputedStyle(h).display !== "none")
            .map(h => [h.getAttribute("aria-level")
                       ? parseInt(h.getAttribute("aria-level"), 10)
                       : parseInt(h.tagName.substring(1), 10),
                       (h.textContent || "").trim().slice(0, 40)])"""
    )
    problems = []
    ones = [text for level, text in levels if level == 1]
    if len(ones) != 1:
        problems.append(f"{len(ones)} h1 instead of one")
    if levels and levels[0][0] != 1:
        problems.append(f"first heading is h{levels[0][0]} „{levels[0][1]}“, not the h1")
    previous = 0
    for level, text in levels:
        if level > previous + 1:
            problems.append(f"h{previous} → h{level} „{text}“ skips a level")
        previous = level
    return problems


def document_language(page: Any) -> tuple[str, str]:
    return page.evaluate("[document.documentElement.lang, document.documentElement.dir || 'ltr']")


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the viewport (0 = reflows)."""
    return max(
        0,
        page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - window.innerWidth",
        ),
    )


def focus_is_visible(page: Any) -> bool:
    """The focused element shows an outline, box shadow or border different from its unfocused
    state (WCAG 2.4.7) and is rendered (has a size). Date and time fields count as visible:
    the browser highlights the focused part (day, month, year) itself."""
    return bool(
        page.evaluate(
            """() => {
              const el = document.activeElement;
              if (!el || el === document.body) return false;
              const s = getComputedStyle(el);
              const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
              const shadow = s.boxShadow && s.boxShadow !== "none";
              const native = el.matches("input[type=date],input[type=time],input[type=datetime-local]");
              const r = el.getBoundingClientRect();
              return (outline || shadow || native) && r.width > 0 && r.height > 0;
            }"""
        )
    )


def tab_to(page: Any, selector: str, *, limit: int = 200, check_focus: bool = True) -> None:
    """Press Tab until an element matching ``selector`` has the focus; every element passed on
    the way must show its focus."""
    for _ in range(limit):
        if page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            if check_focus:
                assert focus_is_visible(page), f"focus not visible on {selector}"
            return
        page.keyboard.press("Tab")
        if check_focus and page.evaluate("document.activeElement !== document.body"):
            name = page.evaluate(
                "(() => { const e = document.activeElement;"
                " const s = getComputedStyle(e);"
                " return e.tagName + (e.id ? '#' + e.id : '') + ' ' + e.className + ' ' +"
                " (e.textContent || e.value || '').trim().slice(0, 30) +"
                " ' [outline ' + s.outlineStyle + ' ' + s.outlineWidth + ']'; })()"
            )
            assert focus_is_visible(page), f"focus not visible on {name} ({page.url})"
    raise AssertionError(f"{selector} not reachable with Tab on {page.url}")


_VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'), r"\1"),
    (re.compile(r"(X-CSRFToken(?:&quot;|\")\s*:\s*(?:&quot;|\"))[^&\"]*"), r"\1"),
    (re.compile(r'nonce="[^"]*"'), ""),
]


# What changes from page to page in the frame without changing what axe-core looks at: the
# page title's text (axe only asks that there is one), link targets and the language switch's
# return address (axe looks at names and roles, not at targets), and which navigation item is
# marked as the current page (one style for every item); and script elements, which are not
# rendered (what they do to the page is in the DOM that is fingerprinted).
_FRAME_PER_PAGE = [
    (re.compile(r"<script\b[^>]*>.*?</script>", re.S), ""),
    (re.compile(r"<title>[^<]*</title>"), "<title>T</title>"),
    (re.compile(r'(href|value)="/[^"]*"'), r'\1="/"'),
    (re.compile(r' aria-current="(page|true)"'), ""),
]


def _fingerprint(html: str, user: Any, *, frame: bool = False) -> str:
    for pattern, replacement in _VOLATILE + (_FRAME_PER_PAGE if frame else []):
        html = pattern.sub(replacement, html)
    if user is not None:
        for token in {str(user), user.email}:
            html = html.replace(token, "USER")
    return hashlib.sha256(html.encode()).hexdigest()


def dom_parts(page: Any, user: Any = None) -> tuple[str, str | None]:
    """Fingerprints of the rendered page's frame (the whole document with the content of
    ``<main>`` left out: header, navigation, footer) and of its ``<main>``, without what
    differs between two sessions of the same page (CSRF token, nonce, the name of the
    logged-in user). Equal fingerprints mean equal elements, attributes and text under the
    same style sheets, so axe-core finds the same there. ``None`` for a page without main."""
    frame, main = page.evaluate(
        """() => { const main = document.querySelector("main");
            if (!main) return [document.documentElement.outerHTML, null];
            const copy = document.documentElement.cloneNode(true);
            copy.querySelector("main").replaceChildren();
            return [copy.outerHTML, main.outerHTML]; }"""
    )
    return (
        _fingerprint(frame, user, frame=True),
        None if main is None else _fingerprint(main, user),
    )


@dataclass
class PageReport:
    path: str
    role: str
    problems: list[str]

    def __str__(self) -> str:
        return f"{self.path} [{self.role}]:\n  " + "\n  ".join(self.problems)
