"""Survey benchmark: simulated respondents against the real form endpoint, and the export.

1. A fresh PostgreSQL database (created here, dropped at the end) with a 20-question survey.
2. The app served by gunicorn (2 workers) on 127.0.0.1. N concurrent simulated respondents
   each load the form (CSRF token, idempotency key), wait a moment, and submit it; a share of
   them submit the same form twice (double click). POST latency is measured per submission.
3. In the same run, a raw psycopg loop (4 connections) inserts the same answers — the ceiling.
4. Every answer acknowledged with 2xx must be stored exactly once.
5. Export of many responses as CSV and XLSX against PostgreSQL ``COPY TO`` of the same rows,
   and the time of the results page's aggregation.

Usage: .venv/bin/python bench/participation/survey_bench.py [--quick]
Only loopback addresses are used; every phase is bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv/bin/python")
GUNICORN = str(ROOT / ".venv/bin/gunicorn")
DB_NAME = "teilhabe_bench_survey"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PORT = int(os.environ.get("BENCH_PORT", "8063"))


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
    )
    return env


def setup_django() -> None:
    os.environ.update(django_env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_survey() -> tuple[str, list[dict]]:
    """A 20-question survey; returns its token and the question plan for answers."""
    from datetime import timedelta

    from django.utils import timezone

    from teilhabe.core.services import municipality_create
    from teilhabe.participation.models import Question, QuestionKind, Survey

    m = municipality_create(ars="053150000000", name="Stadt Köln", kind="kreisfreie_stadt")
    survey = Survey.objects.create(
        municipality=m,
        title="Benchmark-Befragung",
        opens_at=timezone.now() - timedelta(hours=1),
        texts={"de": {"privacy": "Verantwortlich: Stadt Köln."}},
    )
    plan = []
    kinds = (
        [QuestionKind.SINGLE] * 8
        + [QuestionKind.MULTIPLE] * 3
        + [QuestionKind.SCALE] * 5
        + [
            QuestionKind.NUMBER,
            QuestionKind.SHORT_TEXT,
            QuestionKind.LONG_TEXT,
            QuestionKind.RANKING,
        ]
    )
    for i, kind in enumerate(kinds, start=1):
        options = [{"key": f"o{j}", "text": {"de": f"Antwort {j}"}} for j in range(1, 5)]
        q = Question.objects.create(
            survey=survey,
            position=i * 10,
            kind=kind,
            required=kind == QuestionKind.SINGLE,
            text={"de": f"Frage {i}"},
            options=options
            if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)
            else [],
        )
        plan.append({"id": q.pk, "kind": str(kind)})
    return survey.public_token, plan


def form_data(plan: list[dict], rng: random.Random) -> dict[str, object]:
    data: dict[str, object] = {}
    for q in plan:
        name = f"q{q['id']}"
        kind = q["kind"]
        if kind == "single":
            data[name] = f"o{rng.randint(1, 4)}"
        elif kind == "multiple":
            data[name] = [f"o{j}" for j in rng.sample(range(1, 5), 2)]
        elif kind == "scale":
            data[name] = str(rng.randint(1, 5))
        elif kind == "number":
            data[name] = str(rng.randint(18, 80))
        elif kind == "short_text":
            data[name] = "Köln-Kalk"
        elif kind == "long_text":
            data[name] = "Mehr Sprachkurse am Abend und kürzere Wartezeiten im Amt."
        elif kind == "ranking":
            for rank, j in enumerate(rng.sample(range(1, 5), 4), start=1):
                data[f"{name}_o{j}"] = str(rank)
    return data


def answer_rows(plan: list[dict], rng: random.Random) -> list[tuple]:
    """The same answers as rows (row, choice, number, text) for the raw ceiling."""
    rows: list[tuple] = []
    for q in plan:
        kind = q["kind"]
        if kind == "single":
            rows.append((q["id"], "", f"o{rng.randint(1, 4)}", None, ""))
        elif kind == "multiple":
            rows += [(q["id"], "", f"o{j}", None, "") for j in rng.sample(range(1, 5), 2)]
        elif kind == "scale":
            v = rng.randint(1, 5)
            rows.append((q["id"], "", str(v), float(v), ""))
        elif kind == "number":
            rows.append((q["id"], "", "", float(rng.randint(18, 80)), ""))
        elif kind in ("short_text", "long_text"):
            rows.append((q["id"], "", "", None, "Mehr Sprachkurse am Abend."))
        elif kind == "ranking":
            rows += [
                (q["id"], "", f"o{j}", float(r), "")
                for r, j in enumerate(rng.sample(range(1, 5), 4), start=1)
            ]
    return rows


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.acked: set[str] = set()
        self.errors: list[str] = []
        self.posts = 0
        self.double_posts = 0


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_INPUT = re.compile(rb'name="idempotency_key" value="([^"]+)"')


def respondent(
    token: str,
    plan: list[dict],
    stats: Stats,
    stop: float,
    seed: int,
    think: tuple[float, float],
    double_share: float,
) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    path = f"/befragung/{token}/de/"
    cookie = ""
    while time.monotonic() < stop:
        try:
            headers = {"Cookie": cookie} if cookie else {}
            conn.request("GET", path, headers=headers)
            res = conn.getresponse()
            body = res.read()
            for value in res.headers.get_all("Set-Cookie") or []:
                if value.startswith("csrftoken="):
                    cookie = value.split(";", 1)[0]
            if res.status != 200:
                with stats.lock:
                    stats.errors.append(f"GET {res.status}")
                continue
            csrf = CSRF_INPUT.search(body).group(1).decode()
            key = KEY_INPUT.search(body).group(1).decode()
            pause = rng.uniform(*think)
            time.sleep(pause)
            if pause >= 1.0:
                # After a longer pause a browser opens a new connection (keep-alive expired).
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            payload = urlencode(
                form_data(plan, rng) | {"csrfmiddlewaretoken": csrf, "idempotency_key": key},
                doseq=True,
            )
            sends = 2 if rng.random() < double_share else 1
            for _ in range(sends):
                started = time.perf_counter()
                conn.request(
                    "POST",
                    path,
                    body=payload,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie,
                        "Referer": f"http://127.0.0.1:{PORT}{path}",
                    },
                )
                res = conn.getresponse()
                res.read()
                elapsed = time.perf_counter() - started
                with stats.lock:
                    stats.posts += 1
                    stats.double_posts += sends - 1 if _ == 0 else 0
                    stats.latencies.append(elapsed)
                    if 200 <= res.status < 300:
                        stats.acked.add(key)
                    else:
                        stats.errors.append(f"POST {res.status}")
        except Exception as exc:  # a broken connection counts as an error
            with stats.lock:
                stats.errors.append(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)


def raw_ceiling(
    survey_id: int, plan: list[dict], counter: list[int], stop_event: threading.Event, seed: int
) -> None:
    rng = random.Random(seed)
    with psycopg.connect(f"{PG}/{DB_NAME}") as conn:
        while not stop_event.is_set():
            rows = answer_rows(plan, rng)
            with conn.transaction(), conn.cursor() as cur:
                cur.execute(
                    "INSERT INTO participation_response (survey_id, submitted_on, language, channel, idempotency_key) "
                    "VALUES (%s, CURRENT_DATE, 'rw', 'online', %s) RETURNING id",
                    (survey_id, uuid.uuid4()),
                )
                rid = cur.fetchone()[0]
                cur.executemany(
                    "INSERT INTO participation_answer (response_id, question_id, row, choice, number, text) VALUES (%s, %s, %s, %s, %s, %s)",
                    [(rid, *r) for r in rows],
                )
            counter[0] += 1


def peak_connections(stop_event: threading.Event, peak: list[int]) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        while not stop_event.is_set():
            n = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (DB_NAME,)
            ).fetchone()[0]
            peak[0] = max(peak[0], n)
            time.sleep(0.05)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def start_gunicorn(threads: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            GUNICORN,
            "config.wsgi:application",
            "-w",
            "2",
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{PORT}",
            "--backlog",
            "2048",
            "--timeout",
            "60",
            "--keep-alive",
            "5",
        ],
        cwd=ROOT,
        env=django_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            c.request("GET", "/konto/anmelden/")
            c.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])


def run_load(args: argparse.Namespace, token: str, plan: list[dict], survey_id: int) -> bool:
    from django.db import connection

    gunicorn = start_gunicorn(args.threads)
    ok = True
    try:
        # Warm-up: every worker imports its URLconf and views and compiles the templates, and
        # every worker thread opens its database connection. One keep-alive connection reaches
        # only one worker, which left the other cold (its first requests take seconds of CPU
        # and landed in the latency phase), so several respondents warm up concurrently.
        warm = Stats()
        warm_until = time.monotonic() + 3
        warmers = [
            threading.Thread(
                target=respondent,
                args=(token, plan, warm, warm_until, i, (0.0, 0.0), 0.0),
                daemon=True,
            )
            for i in range(4 * args.threads)
        ]
        for t in warmers:
            t.start()
        for t in warmers:
            t.join(60)
        with connection.cursor() as cur:
            cur.execute("DELETE FROM participation_answer; DELETE FROM participation_response;")

        stats = Stats()
        stop_event = threading.Event()
        peak = [0]
        watcher = threading.Thread(target=peak_connections, args=(stop_event, peak), daemon=True)
        watcher.start()

        def phase(
            seconds: float, think: tuple[float, float], seed: int
        ) -> tuple[int, int, float, list[float]]:
            before_acked, before_lat = len(stats.acked), len(stats.latencies)
            stop = time.monotonic() + seconds
            threads = [
                threading.Thread(
                    target=respondent,
                    args=(token, plan, stats, stop, seed + i, think, args.double_share),
                    daemon=True,
                )
                for i in range(args.respondents)
            ]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join(seconds + 60)
            return (
                len(stats.acked) - before_acked,
                len(stats.latencies) - before_lat,
                time.perf_counter() - t0,
                stats.latencies[before_lat:],
            )

        # Phase 1: respondents who read and click between loading and submitting (latency).
        _n1, _p1, _e1, lat1 = phase(args.seconds, (args.think_min, args.think_max), 1)
        # Phase 2: the same respondents without pause (throughput at saturation).
        app_count, _p2, app_elapsed, lat2 = phase(args.saturate_seconds, (0.0, 0.0), 100_000)

        # Raw ceiling on the same database, same answers, 4 connections.
        raw_stop = threading.Event()
        raw_counters = [[0] for _ in range(4)]
        raw_threads = [
            threading.Thread(
                target=raw_ceiling,
                args=(survey_id, plan, raw_counters[i], raw_stop, 100 + i),
                daemon=True,
            )
            for i in range(4)
        ]
        r0 = time.perf_counter()
        for t in raw_threads:
            t.start()
        time.sleep(args.raw_seconds)
        raw_stop.set()
        for t in raw_threads:
            t.join(30)
        raw_elapsed = time.perf_counter() - r0
        raw_count = sum(c[0] for c in raw_counters)
        stop_event.set()
        watcher.join(5)

        app_rate = app_count / app_elapsed
        raw_rate = raw_count / raw_elapsed
        lat = [x * 1000 for x in lat1]
        lat_sat = [x * 1000 for x in lat2]
        with connection.cursor() as cur:
            cur.execute(
                "SELECT idempotency_key::text FROM participation_response r "
                "WHERE r.survey_id = %s AND r.language <> 'rw'",
                [survey_id],
            )
            stored = [row[0].replace("-", "") for row in cur.fetchall()]
            cur.execute(
                "SELECT count(*) FROM (SELECT response_id, question_id, choice, row FROM participation_answer a "
                "JOIN participation_response r ON r.id = a.response_id WHERE r.survey_id = %s "
                "GROUP BY response_id, question_id, choice, row HAVING count(*) > 1) d",
                [survey_id],
            )
            duplicated_answers = cur.fetchone()[0]
        acked = {k.replace("-", "") for k in stats.acked}
        stored_set = set(stored)
        lost = len(acked - stored_set)
        duplicates = len(stored) - len(stored_set) + duplicated_answers
        unacked_stored = len(stored_set - acked)
        log(
            f"respondents: {args.respondents} concurrent; phase 1 {args.seconds:.0f} s with {args.think_min}–{args.think_max} s between loading and submitting ({len(lat1)} POSTs), phase 2 {args.saturate_seconds:.0f} s without pause; double submissions: {stats.double_posts}"
        )
        log(
            f"app:  {app_count} answers in {app_elapsed:.1f} s = {app_rate:.1f} answers/s at saturation ({app_rate * 26:.0f} answer rows/s)"
        )
        log(
            f"raw:  {raw_count} answers in {raw_elapsed:.1f} s = {raw_rate:.1f} answers/s (psycopg, 4 connections)"
        )
        ratio = app_rate / raw_rate if raw_rate else 0.0
        log(f"ratio app/raw: {ratio:.3f} (target >= 0.25)")
        log(
            f"POST latency ms (phase 1): p50 {pct(lat, 50):.1f}  p95 {pct(lat, 95):.1f}  p99 {pct(lat, 99):.1f}  max {max(lat) if lat else 0:.1f} (target p99 <= 200)"
        )
        log(
            f"POST latency ms (phase 2, saturated): p50 {pct(lat_sat, 50):.1f}  p95 {pct(lat_sat, 95):.1f}  p99 {pct(lat_sat, 99):.1f}"
        )
        log(f"errors: {len(stats.errors)} {sorted(set(stats.errors))[:5]}")
        log(f"peak database connections: {peak[0]} (target <= 20)")
        log(
            f"acknowledged {len(acked)}, stored {len(stored)}, lost {lost}, duplicated {duplicates}, stored without acknowledgement {unacked_stored}"
        )
        ok = (
            ratio >= 0.25
            and pct(lat, 99) <= 200
            and not stats.errors
            and lost == 0
            and duplicates == 0
            and peak[0] <= 20
        )
        if gunicorn.poll() is not None:
            log("gunicorn stopped during the run")
            ok = False
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(10)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    return ok


def run_export(args: argparse.Namespace, survey_id: int, plan: list[dict]) -> bool:
    from django.db import connection

    from teilhabe.participation import exports, selectors
    from teilhabe.participation.models import Survey

    survey = Survey.objects.get(pk=survey_id)
    n = args.export_responses
    with connection.cursor() as cur:
        cur.execute("DELETE FROM participation_answer; DELETE FROM participation_response;")
        cur.execute(
            "INSERT INTO participation_response (survey_id, submitted_on, language, channel, idempotency_key) "
            "SELECT %s, CURRENT_DATE - (g %% 30), (ARRAY['de','tr','ar','uk','en'])[1 + g %% 5], 'online', "
            "md5(g::text || clock_timestamp()::text)::uuid FROM generate_series(1, %s) g",
            [survey_id, n],
        )
        for q in plan:
            qid, kind = q["id"], q["kind"]
            if kind in ("single", "multiple"):
                cur.execute(
                    "INSERT INTO participation_answer (response_id, question_id, row, choice, number, text) "
                    "SELECT id, %s, '', 'o' || (1 + (id * %s) %% 4), NULL, '' FROM participation_response WHERE survey_id = %s",
                    [qid, qid, survey_id],
                )
            elif kind == "scale":
                cur.execute(
                    "INSERT INTO participation_answer (response_id, question_id, row, choice, number, text) "
                    "SELECT id, %s, '', (1 + (id * %s) %% 5)::text, 1 + (id * %s) %% 5, '' FROM participation_response WHERE survey_id = %s",
                    [qid, qid, qid, survey_id],
                )
            elif kind == "number":
                cur.execute(
                    "INSERT INTO participation_answer (response_id, question_id, row, choice, number, text) "
                    "SELECT id, %s, '', '', 18 + id %% 60, '' FROM participation_response WHERE survey_id = %s",
                    [qid, survey_id],
                )
            elif kind in ("short_text", "long_text"):
                cur.execute(
                    "INSERT INTO participation_answer (response_id, question_id, row, choice, number, text) "
                    "SELECT id, %s, '', '', NULL, CASE WHEN id %% 50 = 0 THEN '=HYPERLINK(\"x\")' ELSE 'Mehr Sprachkurse am Abend' END "
                    "FROM participation_response WHERE survey_id = %s",
                    [qid, survey_id],
                )
            elif kind == "ranking":
                for j in range(1, 5):
                    cur.execute(
                        "INSERT INTO participation_answer (response_id, question_id, row, choice, number, text) "
                        "SELECT id, %s, '', %s, 1 + (id + %s) %% 4, '' FROM participation_response WHERE survey_id = %s",
                        [qid, f"o{j}", j, survey_id],
                    )
        cur.execute("ANALYZE participation_answer; ANALYZE participation_response;")
        cur.execute(
            "SELECT count(*) FROM participation_answer a JOIN participation_response r ON r.id = a.response_id WHERE r.survey_id = %s",
            [survey_id],
        )
        rows = cur.fetchone()[0]
    log(f"export data: {n} responses, {rows} answer rows")

    sql, _headers, _cols = exports.export_sql(survey)
    raw = connection.connection  # psycopg connection behind Django
    best_copy = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        size = 0
        with raw.cursor() as cur, cur.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
            for chunk in copy:
                size += len(chunk)
        best_copy = min(best_copy, time.perf_counter() - t)
    log(f"COPY TO (same rows): {best_copy:.2f} s, {size / 1e6:.1f} MB")

    import tempfile

    out = Path(tempfile.mkdtemp(prefix="teilhabe_bench_export_"))
    t = time.perf_counter()
    with (out / "a.csv").open("w", encoding="utf-8", newline="") as fh:
        count = exports.write_csv(survey, fh)
    csv_time = time.perf_counter() - t
    t = time.perf_counter()
    count_x = exports.write_xlsx(survey, out / "a.xlsx")
    xlsx_time = time.perf_counter() - t
    log(
        f"CSV export: {csv_time:.2f} s ({count} rows) = {csv_time / best_copy:.2f}x COPY (target <= 3)"
    )
    log(
        f"XLSX export: {xlsx_time:.2f} s ({count_x} rows) = {xlsx_time / best_copy:.2f}x COPY (target <= 15)"
    )
    t = time.perf_counter()
    results = selectors.survey_results(survey=survey)
    results_time = time.perf_counter() - t
    log(f"results aggregation for {results['responses']} responses: {results_time * 1000:.0f} ms")
    return csv_time <= 3 * best_copy and xlsx_time <= 15 * best_copy


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small and short: a smoke run")
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--raw-seconds", type=float, default=10.0)
    parser.add_argument("--saturate-seconds", type=float, default=15.0)
    parser.add_argument("--think-min", type=float, default=3.0)
    parser.add_argument("--think-max", type=float, default=8.0)
    parser.add_argument("--double-share", type=float, default=0.05)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--export-responses", type=int, default=100_000)
    args = parser.parse_args()
    if args.quick:
        args.respondents, args.seconds, args.saturate_seconds = 50, 8.0, 5.0
        args.raw_seconds, args.export_responses = 4.0, 5_000

    pg_admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    pg_admin(f"CREATE DATABASE {DB_NAME}")
    try:
        subprocess.run(
            [PY, "manage.py", "migrate", "-v", "0"],
            cwd=ROOT,
            env=django_env(),
            check=True,
            timeout=600,
        )
        setup_django()
        token, plan = create_survey()
        from teilhabe.participation.models import Survey

        survey_id = Survey.objects.get(public_token=token).pk
        load_ok = run_load(args, token, plan, survey_id)
        export_ok = run_export(args, survey_id, plan) if args.export_responses else True
        from django.db import connections

        connections.close_all()
    finally:
        pg_admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    log(f"targets met: load {'yes' if load_ok else 'no'}, export {'yes' if export_ok else 'no'}")
    return 0 if (load_ok and export_ok) else 1


if __name__ == "__main__":
    sys.exit(main())
