"""Benchmarks of the data basis. ``python -m bench.statistics [--quick] [--only ffcsv|upload|grid]``

Each line printed contains ``ratio`` and the speed-up over the baseline measured in the same
run (median of 5 after a warm-up), the times and the peak memory of each implementation (each
run in its own process)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _run(name: str, *args: str) -> tuple[float, float, str, int]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.statistics.runners", name, *args],
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        print(done.stderr[-3000:], file=sys.stderr)
        done.check_returncode()
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return data["time"], data["peak_mb"], data["hash"], data["size"]


def _measure(name: str, args: tuple[str, ...], repeats: int) -> tuple[float, float, str, int]:
    if repeats > 1:  # a single run (--quick) checks answers, not times: no warm-up
        _run(name, *args)
    runs = [_run(name, *args) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2], runs[-1][3]


def bench_ffcsv(rows: int, repeats: int, workdir: Path) -> None:
    from bench.statistics.generate import ffcsv

    path, city = ffcsv(workdir / "land_flat.csv", rows)
    size_mb = path.stat().st_size / 1e6
    t_floor, _m_floor, _h, n = _measure("floor_ffcsv", (str(path),), repeats)
    t_pd, m_pd, out_pd, _n = _measure("pandas_ffcsv", (str(path), city), repeats)
    db = workdir / "bench.sqlite3"
    db.unlink(missing_ok=True)
    t_th, m_th, out_th, stored = _measure("teilhabe_ffcsv", (str(path), city, str(db)), repeats)
    if out_th != out_pd:
        print("ffcsv: OUTPUT DIFFERS between Teilhabe and pandas", file=sys.stderr)
        sys.exit(1)
    print(
        f"ffcsv {n} rows ({size_mb:.0f} MB) for one city: ratio {t_pd / t_th:.2f}x vs pandas "
        f"(teilhabe {t_th:.2f} s, pandas {t_pd:.2f} s, pyarrow parse floor {t_floor:.2f} s, "
        f"teilhabe/floor {t_th / t_floor:.2f}); peak memory teilhabe {m_th:.0f} MB, "
        f"pandas {m_pd:.0f} MB; {stored} values stored, output identical"
    )


def bench_upload(rows: int, repeats: int, workdir: Path) -> None:
    """The path of a real upload: the file streamed through the upload page, the preview of
    a sample and the import task, against pandas and the pyarrow parse floor of the same
    file in the same run."""
    from bench.statistics.generate import ffcsv

    path, city = ffcsv(workdir / "land_upload.csv", rows)
    size_mb = path.stat().st_size / 1e6
    t_floor, _m, _h, n = _measure("floor_ffcsv", (str(path),), repeats)
    t_pd, m_pd, out_pd, _n = _measure("pandas_ffcsv", (str(path), city), repeats)
    db = workdir / "upload.sqlite3"

    def fresh() -> tuple[str, ...]:
        db.unlink(missing_ok=True)
        return (str(path), city, str(db))

    runs = [_run("teilhabe_upload", *fresh()) for _ in range(max(1, repeats - 2))]
    t_th, m_th, out_th = (
        statistics.median(r[0] for r in runs),
        max(r[1] for r in runs),
        runs[-1][2],
    )
    if out_th != out_pd:
        print("upload: OUTPUT DIFFERS between Teilhabe and pandas", file=sys.stderr)
        sys.exit(1)
    print(
        f"upload path (upload, preview, task) ffcsv {n} rows ({size_mb:.0f} MB): ratio "
        f"{t_pd / t_th:.2f}x vs pandas (target >= 2), teilhabe/floor {t_th / t_floor:.2f} "
        f"(target <= 1.5); teilhabe {t_th:.2f} s, pandas {t_pd:.2f} s, pyarrow parse floor "
        f"{t_floor:.2f} s; peak memory teilhabe {m_th:.0f} MB, pandas {m_pd:.0f} MB; "
        "output identical"
    )


# --- grid ----------------------------------------------------------------------------------


def bench_grid(cells: int, polygons: int, repeats: int, workdir: Path) -> None:
    import numpy as np

    from bench.statistics.generate import grid

    path, polys = grid(workdir / "zensus_grid.csv", cells, polygons)
    polys_file = workdir / "polygons.npz"
    np.savez(polys_file, rings=np.array(polys))
    t_th, m_th, out_th, _n = _measure("teilhabe_grid", (str(path), str(polys_file)), repeats)
    t_gp, m_gp, out_gp, _m = _measure("geopandas_grid", (str(path), str(polys_file)), repeats)
    if out_th != out_gp:
        print("grid: OUTPUT DIFFERS between Teilhabe and geopandas", file=sys.stderr)
        sys.exit(1)
    print(
        f"zensus grid {cells} cells on {len(polys)} polygons: ratio {t_gp / t_th:.2f}x vs geopandas "
        f"(teilhabe {t_th:.2f} s, geopandas {t_gp:.2f} s); peak memory teilhabe {m_th:.0f} MB, "
        f"geopandas {m_gp:.0f} MB; output identical"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (seconds)")
    parser.add_argument("--only", choices=["ffcsv", "upload", "grid"])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    base = Path(os.environ.get("BENCH_DIR", "var/bench"))
    base.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        workdir = Path(tmp)
        repeats = 1 if args.quick else args.repeats
        if args.only in (None, "ffcsv"):
            bench_ffcsv(20_000 if args.quick else 2_000_000, repeats, workdir)
        if args.only in (None, "upload"):
            # BENCH_UPLOAD_MB=1024 measures a 1 GB file (about 210 bytes a line).
            size_mb = int(os.environ.get("BENCH_UPLOAD_MB", "0"))
            default = 20_000 if args.quick else 500_000
            bench_upload(size_mb * 1_000_000 // 210 if size_mb else default, repeats, workdir)
        if args.only in (None, "grid"):
            bench_grid(
                40_000 if args.quick else 3_000_000, 100 if args.quick else 1_000, repeats, workdir
            )


if __name__ == "__main__":
    main()
