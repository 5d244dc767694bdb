"""Workspace benchmark: the server time of every logged-in list page at 1,000 measures.

1. A fresh PostgreSQL database with the large municipality of the portal benchmark (1,000
   measures, 3,000 offers, 300 actors, 100 areas, indicators with values) plus 200 needs, and
   one admin with a verified second factor whose session is written into the session store.
2. gunicorn (2 workers) on 127.0.0.1, started by ``bench/portal/portal_bench.py``, serves the
   application and, through WhiteNoise in the same process, a static file of 50 KiB.
3. Every workspace page whose only URL argument is the municipality is requested (GET, not
   following redirects); downloads and pages that do not answer 200 are listed and left out.
   Each page is then requested ``--repeats`` times, one request at a time: its fastest time is
   its server time (the time to the first byte on loopback), hardly disturbed by other load.
4. Prints every page's server time and its ratio to the static file's, measured the same way
   in the same run, and exits non-zero when a page needs more than 50 ms.

``--quick`` (used by a test) takes a municipality with 2 % of the data and a few pages, and
checks that they answer, not their time.

Usage: .venv/bin/python -m bench.workspace [--repeats 7] [--quick [--template DATABASE]]
Only loopback addresses are used; the database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request

from bench.load.__main__ import add_needs, no_redirect_opener, staff_cookies, stop

TARGET_MS = 50.0
ARS = "053150000000"
STATIC_PATH = "/bench-static/page.html"


def log(msg: str) -> None:
    print(msg, flush=True)


def workspace_urls(ars: str) -> list[str]:
    """The workspace pages that take the municipality as their only argument, from the URL
    configuration (so a new list page is measured without being added here)."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse
    from django.urls.exceptions import NoReverseMatch

    names: list[str] = []

    def walk(patterns: list, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                converters = p.pattern.converters
                if str(p.pattern).startswith("k/") and list(converters) == ["ars"]:
                    names.append(namespace + p.name)

    walk(get_resolver().url_patterns, "")
    urls = []
    for name in sorted(set(names)):
        try:
            urls.append(reverse(name, args=[ars]))
        except NoReverseMatch:
            continue
    return sorted(set(urls))


def fetch(port: int, path: str, cookie: str) -> tuple[int, float, str]:
    """Status, seconds to the first byte, and the Content-Disposition of one GET."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if cookie:
        request.add_header("Cookie", cookie)
    t0 = time.perf_counter()
    try:
        with no_redirect_opener.open(request, timeout=120) as response:
            response.read(1)
            first_byte = time.perf_counter() - t0
            response.read()
            return response.status, first_byte, response.headers.get("Content-Disposition", "")
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - t0, ""


def server_time(port: int, path: str, cookie: str, repeats: int) -> float:
    return min(fetch(port, path, cookie)[1] for _ in range(repeats))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.workspace", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--repeats", type=int, default=7, help="requests per page (default 7)")
    parser.add_argument("--quick", action="store_true", help="2 %% of the data, a few pages")
    parser.add_argument(
        "--template",
        default="",
        help="copy this migrated PostgreSQL database instead of migrating an empty one",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault(
        "BENCH_DB", "teilhabe_bench_workspace_quick" if args.quick else "teilhabe_bench_workspace"
    )
    os.environ.setdefault("BENCH_PORT", "8068" if args.quick else "8067")
    from bench.portal import portal_bench as pb

    pb.pg_admin(f'DROP DATABASE IF EXISTS "{pb.DB_NAME}" WITH (FORCE)')
    template = f' TEMPLATE "{args.template}"' if args.template else ""
    pb.pg_admin(f'CREATE DATABASE "{pb.DB_NAME}"{template}')
    media = tempfile.mkdtemp(prefix="bench-workspace-media-")
    static_dir = tempfile.mkdtemp(prefix="bench-workspace-static-")
    os.environ["MEDIA_ROOT"] = media
    pb.setup_django()
    try:
        ok = run(pb, quick=args.quick, repeats=args.repeats, static_dir=static_dir)
    finally:
        from django.db import connections

        connections.close_all()
        pb.pg_admin(f'DROP DATABASE IF EXISTS "{pb.DB_NAME}" WITH (FORCE)')
        shutil.rmtree(media, ignore_errors=True)
        shutil.rmtree(static_dir, ignore_errors=True)
    log("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


def run(pb, *, quick: bool, repeats: int, static_dir: str) -> bool:  # type: ignore[no-untyped-def]
    from django.db import connection

    scale = 0.02 if quick else 1.0
    t0 = time.monotonic()
    pb.generate(ars=ARS, name="Stadt Köln", scale=scale)
    add_needs(ars=ARS, count=round(200 * scale), rng=random.Random(11))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    (cookie,) = staff_cookies(ars=ARS, count=1)
    log(
        f"data: {round(1000 * scale)} measures, {round(3000 * scale)} offers, "
        f"{round(100 * scale)} areas, {round(200 * scale)} needs ({time.monotonic() - t0:.1f} s)"
    )
    with open(os.path.join(static_dir, "page.html"), "w", encoding="utf-8") as f:
        f.write("<!doctype html><title>x</title>" + "<p>Teilhabe</p>\n" * 3400)  # 50 KiB
    urls = workspace_urls(ARS)
    if quick:
        urls = [u for u in urls if u.endswith(("/k/053150000000/", "/konzept/", "/karte/"))]
    gunicorn = pb.start_gunicorn(static_dir, ready_path=STATIC_PATH)
    try:
        pages, skipped = [], []
        for url in urls:
            # Twice: both workers have rendered the page once (templates, translations).
            status, _, disposition = fetch(pb.PORT, url, cookie)
            fetch(pb.PORT, url, cookie)
            if status != 200:
                skipped.append(f"{url} ({status})")
            elif disposition.startswith("attachment"):
                skipped.append(f"{url} (download)")
            else:
                pages.append(url)
        static = server_time(pb.PORT, STATIC_PATH, "", repeats * 3)
        times = {url: server_time(pb.PORT, url, cookie, repeats) for url in pages}
    finally:
        stop(gunicorn)
    log(f"static file (50 KiB): {static * 1000:.1f} ms")
    log(f"{'page':60} {'ms':>7} {'ratio':>7}")
    for url, seconds in sorted(times.items(), key=lambda kv: -kv[1]):
        mark = "" if seconds * 1000 <= TARGET_MS else "  > 50 ms"
        log(f"{url:60} {seconds * 1000:7.1f} {seconds / static:7.1f}{mark}")
    if skipped:
        log(f"not measured ({len(skipped)}): " + ", ".join(skipped))
    slow = [u for u, s in times.items() if s * 1000 > TARGET_MS]
    worst = max(times.values()) if times else 0.0
    # A few pages of a small municipality on a shared machine measure the machine: --quick
    # checks that every page answers, not the time.
    checked = "" if not quick else "; not checked with --quick"
    log(
        f"pages: {len(times)}, slowest {worst * 1000:.1f} ms, ratio to the static file "
        f"{worst / static:.1f}; {len(slow)} above {TARGET_MS:g} ms (target: none{checked})"
    )
    return bool(times) and (quick or not slow)


if __name__ == "__main__":
    sys.exit(main())
