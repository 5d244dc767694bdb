"""The load benchmark (``make bench-load``) in its quick form, on PostgreSQL only.

It copies the test database (built from the models) as its template (migrating an empty database would take
longer than the whole run), starts gunicorn on a free loopback port and loads the workspace
and the portal for a few seconds with wrk.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parents[3]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="the load benchmark runs on PostgreSQL (DATABASE_URL=postgres://…)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_quick_bench(module: str, suffix: str) -> subprocess.CompletedProcess[str]:
    """``python -m <module> --quick`` on a copy of the migrated test database (migrating an
    empty one would take longer than the run) and a free loopback port."""
    template = settings.DATABASES["default"]["NAME"]
    connections.close_all()  # a template database must have no other sessions
    server = urlsplit(DATABASE_URL)
    env = os.environ | {
        "BENCH_PG": f"{server.scheme}://{server.netloc}",
        "BENCH_DB": f"{template}_{suffix}",
        "BENCH_PORT": str(free_port()),
    }
    return subprocess.run(
        [sys.executable, "-m", module, "--quick", "--template", template],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# The mark makes pytest-django create the migrated test database; the test itself writes
# nothing there and closes its connection so that PostgreSQL can copy the database.
@pytest.mark.django_db
def test_quick_load_benchmark_has_no_errors_and_prints_the_skew_ratio():
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (make bench-load installs it)")
    done = run_quick_bench("bench.load", "load")
    out = done.stdout
    assert done.returncode == 0, out + done.stderr[-3000:]
    main = re.search(r"workspace \+ portal: .* (\d+) errors .*; (\d+) requests\)", out)
    assert main, out
    assert int(main.group(1)) == 0
    assert int(main.group(2)) > 0
    ratio = re.search(r"service time ratio skewed/baseline \(others\): (\d+\.\d+)", out)
    assert ratio, out
    assert float(ratio.group(1)) <= 2
    assert re.search(r"p95 ratio skewed/baseline \(others, under load\): \d+\.\d+", out), out
    assert "targets met" in out
