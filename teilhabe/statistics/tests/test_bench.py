"""The benchmarks run in quick mode and check that both sides give the same output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_benchmarks_quick_mode(tmp_path):
    env = os.environ | {"BENCH_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench.statistics", "--quick"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stdout.splitlines() if "ratio" in line]
    assert len(lines) == 3  # ffcsv, the upload path, the grid
    assert all("output identical" in line for line in lines)
