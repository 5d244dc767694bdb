"""One measured run per process: ``python -m bench.statistics.runners NAME ARGS…`` prints
JSON with the time, the peak memory (RSS) and a hash of the output."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss would carry the parent's peak
    across exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- ffcsv ---------------------------------------------------------------------------------


def _django(db: str) -> None:
    """Django on a fresh SQLite database beside the input, tasks run at once (in process)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["MEDIA_ROOT"] = str(Path(db).parent / "media")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    # The benchmark measures the import, not the migrations: the tables are created straight
    # from the models (replaying every migration costs tens of seconds per fresh database).
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)


def _teilhabe_ffcsv(path: str, city: str, db: str) -> tuple[float, float, object]:
    _django(db)
    import teilhabe.statistics.services  # noqa: F401  (imports before the clock starts)
    from bench.statistics.pipeline import teilhabe_import
    from teilhabe.statistics.models import Dataset

    Dataset.objects.all().delete()
    start = time.perf_counter()
    out = teilhabe_import(Path(path), city)
    return time.perf_counter() - start, _peak_mb(), out


def _teilhabe_upload(path: str, city: str, db: str) -> tuple[float, float, object]:
    """The path a user takes: upload (streamed to disk), preview (a sample), the import task."""
    _django(db)
    import teilhabe.statistics.views  # noqa: F401  (imports before the clock starts)
    from bench.statistics.pipeline import teilhabe_upload

    out, steps = teilhabe_upload(Path(path), city)
    print(json.dumps({"steps": steps}), file=sys.stderr)
    return steps["total"], _peak_mb(), out


def _pandas_ffcsv(path: str, city: str) -> tuple[float, float, object]:
    from bench.statistics.pipeline import pandas_import

    start = time.perf_counter()
    out = pandas_import(Path(path), city)
    return time.perf_counter() - start, _peak_mb(), out


def _floor_ffcsv(path: str) -> tuple[float, float, object]:
    import pyarrow.csv as pacsv

    start = time.perf_counter()
    table = pacsv.read_csv(path, parse_options=pacsv.ParseOptions(delimiter=";"))
    return time.perf_counter() - start, _peak_mb(), table.num_rows


def _teilhabe_grid(path: str, polys_file: str) -> tuple[float, float, object]:
    import numpy as np

    from teilhabe.statistics.importers.zensus import rasterise, read_grid, sum_grid_by_polygon

    polys = list(np.load(polys_file)["rings"])
    start = time.perf_counter()
    table, _size, errors = read_grid(Path(path))
    assert not errors, errors
    raster = rasterise([[p] for p in polys], size=100.0)
    sums, cells, _withheld = sum_grid_by_polygon(table, raster, len(polys))
    elapsed = time.perf_counter() - start
    out = {i: int(v) for i, v in enumerate(sums["Einwohner"]) if cells[i]}
    return elapsed, _peak_mb(), out


def _geopandas_grid(path: str, polys_file: str) -> tuple[float, float, object]:
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    from shapely.geometry import Polygon

    gpd.sjoin  # noqa: B018  (imported before the clock starts, like the other side)

    polys = list(np.load(polys_file)["rings"])
    start = time.perf_counter()
    df = pd.read_csv(path, sep=";", na_values=["–"])
    points = gpd.GeoDataFrame(
        df, geometry=gpd.points_from_xy(df["x_mp_100m"], df["y_mp_100m"]), crs="EPSG:3035"
    )
    areas = gpd.GeoDataFrame(
        {"area": range(len(polys))}, geometry=[Polygon(p) for p in polys], crs="EPSG:3035"
    )
    joined = gpd.sjoin(points, areas, predicate="within")
    sums = joined.groupby("area")["Einwohner"].sum()
    elapsed = time.perf_counter() - start
    return elapsed, _peak_mb(), {int(k): int(v) for k, v in sums.items()}


RUNNERS = {
    "teilhabe_ffcsv": _teilhabe_ffcsv,
    "teilhabe_upload": _teilhabe_upload,
    "pandas_ffcsv": _pandas_ffcsv,
    "floor_ffcsv": _floor_ffcsv,
    "teilhabe_grid": _teilhabe_grid,
    "geopandas_grid": _geopandas_grid,
}

if __name__ == "__main__":
    elapsed, peak, out = RUNNERS[sys.argv[1]](*sys.argv[2:])
    digest = hashlib.sha256(repr(out).encode()).hexdigest()
    size = len(out[0]) if isinstance(out, tuple) else (len(out) if hasattr(out, "__len__") else out)
    print(json.dumps({"time": elapsed, "peak_mb": peak, "hash": digest, "size": size}))
