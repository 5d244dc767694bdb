"""Portal benchmark: anonymous portal pages against a static file of the same size.

1. A fresh PostgreSQL database ``teilhabe_bench_portal`` with a large municipality: 1,000
   published measures, 3,000 published offers with locations, 100 areas with shapes, fields of
   action, a published concept and indicators with values.
2. gunicorn (2 workers) on 127.0.0.1 serves the application; in front of Django, in the same
   worker processes, WhiteNoise serves one static file as large as the portal's measure list.
3. wrk (64 connections, 30 s) loads the main portal pages in turn, then the static file.
4. Prints p50/p95/p99, requests/s and errors of both and their ratios; the exit status is
   non-zero when a target is missed: no errors, portal p95 ≤ 5 × static p95, portal
   throughput ≥ 25 % of the static file's.

Usage: .venv/bin/python bench/portal/portal_bench.py [--duration 30] [--connections 64]
Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(ROOT / ".venv/bin/gunicorn")
DB_NAME = os.environ.get("BENCH_DB", "teilhabe_bench_portal")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PORT = int(os.environ.get("BENCH_PORT", "8064"))
ARS = "053150000000"

# wrk prints the percentiles we need (p95 is not in its --latency table) from Lua.
WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT p50=%%.3f p95=%%.3f p99=%%.3f rps=%%.1f errors=%%d requests=%%d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), errors, summary.requests))
end
"""


def log(msg: str) -> None:
    print(msg, flush=True)


def pg_admin(sql: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def django_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/{DB_NAME}",
        DEBUG="false",
        DATABASE_CONN_MAX_AGE="600",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="config.settings",
        AXES_ENABLED="false",
    )
    return env


def setup_django() -> None:
    os.environ.update(django_env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def square(lon: float, lat: float, size: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
        ],
    }


def _schema_without_migration_records() -> bool:
    """A copy of the test database (the quick benchmarks' template) has every table, built
    from the models, but no record of the migrations: they are then only marked as applied."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    from teilhabe.core.models import Municipality

    has_tables = Municipality._meta.db_table in connection.introspection.table_names()
    return has_tables and not MigrationRecorder(connection).applied_migrations()


def generate(ars: str = ARS, name: str = "Stadt Köln", scale: float = 1.0) -> None:
    """The large demo, written with bulk inserts (like an import); ``scale`` multiplies the
    numbers of areas, measures, actors and offers."""
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    from teilhabe.concept.models import (
        Goal,
        Guideline,
        Measure,
        PoliticalState,
        StrategicGoal,
        Vision,
    )
    from teilhabe.core.models import Area, AreaKind, FieldOfAction, OrgUnit
    from teilhabe.core.services import municipality_create
    from teilhabe.inventory.models import Actor, Offer, OfferLocation
    from teilhabe.statistics.models import Dataset, Indicator, IndicatorValue, Level

    call_command("migrate", verbosity=0, fake=_schema_without_migration_records())
    rng = random.Random(7)
    now = timezone.now()
    m = municipality_create(ars=ars, name=name, kind="kreisfreie_stadt")
    names = ["Sprache", "Bildung", "Arbeit", "Gesundheit", "Wohnen", "Sport", "Kultur", "Teilhabe"]
    fields = [
        FieldOfAction.objects.create(municipality=m, name=n, position=i)
        for i, n in enumerate(names)
    ]
    units = [OrgUnit.objects.create(municipality=m, name=f"Amt {i}") for i in range(12)]
    parents = [
        Area.objects.create(
            municipality=m,
            key=f"{i}",
            name=f"Bezirk {i}",
            kind=AreaKind.STADTBEZIRK,
            geometry=square(6.8 + (i % 3) * 0.1, 50.85 + (i // 3) * 0.05, 0.1),
        )
        for i in range(1, 10)
    ]
    areas = Area.objects.bulk_create(
        Area(
            municipality=m,
            key=f"{100 + i}",
            name=f"Stadtteil {i + 1}",
            kind=AreaKind.STADTTEIL,
            parent=parents[i % 9],
            geometry=square(6.8 + (i % 10) * 0.03, 50.85 + (i // 10) * 0.015, 0.03),
        )
        for i in range(round(100 * scale))
    )
    Vision.objects.create(municipality=m, text="Köln hält zusammen.", published_at=now)
    Guideline.objects.bulk_create(
        Guideline(municipality=m, title=f"Leitlinie {i}", position=i, published_at=now)
        for i in range(8)
    )
    goals = []
    for f in fields:
        sg = StrategicGoal.objects.create(
            municipality=m, field=f, title=f"Leitziel {f.name}", published_at=now
        )
        goals += Goal.objects.bulk_create(
            Goal(municipality=m, strategic_goal=sg, title=f"Ziel {f.name} {j}", published_at=now)
            for j in range(5)
        )
    measures = Measure.objects.bulk_create(
        Measure(
            municipality=m,
            number=f"M-{i:04d}",
            title=f"Maßnahme {i}: Angebot für Zugewanderte im Stadtteil",
            description="Beschreibung der Maßnahme. " * 5,
            lead_unit=rng.choice(units),
            political_state=PoliticalState.ADOPTED,
            decided_on=date(2025, 6, 1),
            traffic_light=rng.choice(["green", "yellow", "red", ""]),
            implementation_state=rng.choice(["not_started", "in_progress", "implemented"]),
            published_at=now,
        )
        for i in range(round(1000 * scale))
    )
    Measure.fields.through.objects.bulk_create(
        Measure.fields.through(measure_id=x.pk, fieldofaction_id=rng.choice(fields).pk)
        for x in measures
    )
    Measure.goals.through.objects.bulk_create(
        Measure.goals.through(measure_id=x.pk, goal_id=rng.choice(goals).pk) for x in measures
    )
    actors = Actor.objects.bulk_create(
        Actor(municipality=m, name=f"Träger {i}", kind="verein", published_at=now)
        for i in range(round(300 * scale))
    )
    offers = Offer.objects.bulk_create(
        Offer(
            municipality=m,
            actor=rng.choice(actors),
            title=f"Angebot {i:04d}",
            description="Kurs und Beratung.",
            form=rng.choice(["kurs", "beratung", "gruppe"]),
            languages=rng.sample(["de", "en", "tr", "ar", "uk", "ru"], 2),
            target_groups=[rng.choice(["frauen", "kinder", "alle", "familien"])],
            published_at=now,
        )
        for i in range(round(3000 * scale))
    )
    Offer.fields_of_action.through.objects.bulk_create(
        Offer.fields_of_action.through(offer_id=o.pk, fieldofaction_id=rng.choice(fields).pk)
        for o in offers
    )
    OfferLocation.objects.bulk_create(
        OfferLocation(offer=o, area=rng.choice(areas), venue="Bürgerzentrum") for o in offers
    )
    dataset = Dataset(
        municipality=m,
        title="Bevölkerung",
        source="Stadt Köln",
        table_code="b",
        format="koeln",
        file_name="b.csv",
        sha256="b" * 64,
        period_start=date(2015, 12, 31),
        period_end=date(2024, 12, 31),
    )
    dataset.file.save("bench.csv", ContentFile(b"bench"), save=False)
    dataset.save()
    for k in range(6):
        ind = Indicator.objects.create(
            municipality=m,
            code=f"k{k}",
            name=f"Kennzahl {k}",
            definition="Anteil",
            kind="share",
            unit="%",
            field_of_action=fields[k],
            published_at=now,
        )
        rows = []
        for year in range(2015, 2025):
            period = date(year, 12, 31)
            rows.append(
                IndicatorValue(
                    indicator=ind,
                    dataset=dataset,
                    level=Level.MUNICIPALITY,
                    region_key=ars,
                    period=period,
                    numerator=1000,
                    denominator=5000,
                    value=20 + rng.random() * 5,
                )
            )
            for a in areas:
                rows.append(
                    IndicatorValue(
                        indicator=ind,
                        dataset=dataset,
                        level=Level.AREA,
                        area=a,
                        region_key=a.key,
                        period=period,
                        numerator=100,
                        denominator=500,
                        population=5000,
                        value=rng.random() * 40,
                    )
                )
        IndicatorValue.objects.bulk_create(rows)
    _ = timedelta  # dates above are absolute


def start_gunicorn(static_dir: str, ready_path: str = f"/portal/{ARS}/") -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            GUNICORN,
            "bench.portal.wsgi:application",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=str(ROOT),
        env=django_env() | {"BENCH_STATIC_DIR": static_dir},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{ready_path}", timeout=5).read()
            return proc
        except Exception:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])


def wrk(
    paths: list[str], duration: int, connections: int, lua: str = WRK_SCRIPT
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua % ", ".join(f'"{p}"' for p in paths))
        script = f.name
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "4",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "10s",
            "-s",
            script,
            f"http://127.0.0.1:{PORT}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script)
    match = re.search(r"RESULT (.*)", out)
    if not match:
        raise SystemExit("wrk printed no result:\n" + out)
    return {k: float(v) for k, v in (kv.split("=") for kv in match.group(1).split())}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench-portal does it)")
    pg_admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    pg_admin(f"CREATE DATABASE {DB_NAME}")
    setup_django()
    t0 = time.monotonic()
    generate()
    log(f"data: 1000 measures, 3000 offers, 100 areas generated in {time.monotonic() - t0:.1f} s")
    from teilhabe.concept.models import Measure
    from teilhabe.inventory.models import Offer

    measure = Measure.objects.filter(municipality__ars=ARS).order_by("pk").first()
    offer = Offer.objects.filter(municipality__ars=ARS).order_by("pk").first()
    base = f"/portal/{ARS}/"
    paths = [
        base,
        base + "konzept/",
        base + "massnahmen/",
        base + "massnahmen/?seite=2",
        base + "massnahmen/?ampel=red",
        base + f"massnahmen/{measure.pk}/",
        base + "angebote/",
        base + "angebote/?angebotssprache=tr",
        base + f"angebote/{offer.pk}/",
        base + "kennzahlen/",
        base + "daten/",
        base + "barrierefreiheit/",
    ]
    static_dir = tempfile.mkdtemp(prefix="bench-portal-")
    gunicorn = None
    try:
        # The static file is as large as the measure list (the largest of the main pages).
        gunicorn = start_gunicorn(static_dir)
        sizes = {}
        for p in paths:
            for _ in range(4):  # both workers render and cache every page
                body = urllib.request.urlopen(f"http://127.0.0.1:{PORT}{p}", timeout=30).read()
            sizes[p] = len(body)
        size = sizes[base + "massnahmen/"]
        Path(static_dir, "page.html").write_bytes(b"x" * size)
        gunicorn.terminate()
        gunicorn.wait(10)
        gunicorn = start_gunicorn(static_dir)
        for p in paths:
            for _ in range(4):
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}{p}", timeout=30).read()
        log(
            f"pages: {len(paths)}, mean size {sum(sizes.values()) / len(sizes) / 1024:.1f} KiB; "
            f"static file {size / 1024:.1f} KiB"
        )
        portal = wrk(paths, args.duration, args.connections)
        static = wrk(["/bench-static/page.html"], args.duration, args.connections)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(10)
        shutil.rmtree(static_dir, ignore_errors=True)
        from django.db import connections

        connections.close_all()
        pg_admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    for name, r in (("portal", portal), ("static", static)):
        log(
            f"{name}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, p99 {r['p99']:.1f} ms, "
            f"{r['rps']:.0f} requests/s, {int(r['errors'])} errors ({int(r['requests'])} requests)"
        )
    p95_ratio = portal["p95"] / max(static["p95"], 0.001)
    rps_ratio = portal["rps"] / max(static["rps"], 0.001)
    log(f"p95 ratio portal/static: {p95_ratio:.2f} (target ≤ 5)")
    log(f"throughput ratio portal/static: {rps_ratio:.2f} (target ≥ 0.25)")
    ok = portal["errors"] == 0 and static["errors"] == 0 and p95_ratio <= 5 and rps_ratio >= 0.25
    log("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
