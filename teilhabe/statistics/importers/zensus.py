"""Zensus 2022 grid files (``GITTER_ID_100m;x_mp_100m;y_mp_100m;<value>;…``, EPSG:3035)
assigned to the municipality's area polygons and summed.

The grid is regular, so instead of a point-in-polygon test per cell the polygons are
rasterised onto the grid once (scanline, cell centres, even–odd rule) and every cell is looked
up in that raster. Area geometries are stored in WGS84 and projected into ETRS89-LAEA
(EPSG:3035) with the formulas of the Lambert azimuthal equal-area projection on the GRS80
ellipsoid (Snyder, Map Projections – A Working Manual, 1987, pp. 187–190).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from django.utils.translation import gettext as _

from teilhabe.statistics.importers.base import ImportResult, ObservationRow

ZENSUS_DAY = date(2022, 5, 15)

# EPSG:3035 parameters.
_A = 6378137.0
_F = 1 / 298.257222101
_E2 = 2 * _F - _F * _F
_E = math.sqrt(_E2)
_LAT0 = math.radians(52.0)
_LON0 = math.radians(10.0)
_FE, _FN = 4321000.0, 3210000.0


def _q(sin_phi: Any) -> Any:
    return (1 - _E2) * (
        sin_phi / (1 - _E2 * sin_phi**2)
        - (1 / (2 * _E)) * np.log((1 - _E * sin_phi) / (1 + _E * sin_phi))
    )


_QP = float(_q(np.float64(1.0)))
_RQ = _A * math.sqrt(_QP / 2)
_BETA0 = math.asin(float(_q(np.float64(math.sin(_LAT0)))) / _QP)
_D = _A * (math.cos(_LAT0) / math.sqrt(1 - _E2 * math.sin(_LAT0) ** 2)) / (_RQ * math.cos(_BETA0))


def wgs84_to_laea(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude in degrees (arrays) → easting/northing in metres (EPSG:3035)."""
    lam = np.radians(np.asarray(lon, dtype=float))
    phi = np.radians(np.asarray(lat, dtype=float))
    beta = np.arcsin(_q(np.sin(phi)) / _QP)
    dlam = lam - _LON0
    b = _RQ * np.sqrt(
        2 / (1 + math.sin(_BETA0) * np.sin(beta) + math.cos(_BETA0) * np.cos(beta) * np.cos(dlam))
    )
    x = _FE + b * _D * np.cos(beta) * np.sin(dlam)
    y = _FN + (b / _D) * (
        math.cos(_BETA0) * np.sin(beta) - math.sin(_BETA0) * np.cos(beta) * np.cos(dlam)
    )
    return x, y


def geometry_to_laea(geometry: dict[str, Any]) -> list[np.ndarray]:
    """All rings of a GeoJSON (Multi)Polygon in WGS84 as (n, 2) arrays in EPSG:3035."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    rings = []
    for polygon in polygons:
        for ring in polygon:
            coords = np.asarray(ring, dtype=float)[:, :2]
            x, y = wgs84_to_laea(coords[:, 0], coords[:, 1])
            rings.append(np.column_stack([x, y]))
    return rings


@dataclass
class Raster:
    """Polygon index per grid cell (−1 outside every polygon)."""

    ix0: int
    iy0: int
    cells: np.ndarray  # shape (rows, cols), int32
    size: float

    def lookup(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        ix = np.floor(x / self.size).astype(np.int64) - self.ix0
        iy = np.floor(y / self.size).astype(np.int64) - self.iy0
        rows, cols = self.cells.shape
        inside = (ix >= 0) & (ix < cols) & (iy >= 0) & (iy < rows)
        out = np.full(x.shape, -1, dtype=np.int32)
        out[inside] = self.cells[iy[inside], ix[inside]]
        return out


def rasterise(polygons: Sequence[list[np.ndarray]], size: float = 100.0) -> Raster:
    """Burn each polygon (a list of rings in metres) into a grid of ``size`` cells: a cell
    belongs to a polygon when its centre lies inside (even–odd over all rings)."""
    all_pts = np.concatenate([ring for rings in polygons for ring in rings])
    ix0 = math.floor(all_pts[:, 0].min() / size) - 1
    iy0 = math.floor(all_pts[:, 1].min() / size) - 1
    ix1 = math.ceil(all_pts[:, 0].max() / size) + 1
    iy1 = math.ceil(all_pts[:, 1].max() / size) + 1
    cells = np.full((iy1 - iy0, ix1 - ix0), -1, dtype=np.int32)
    half = size / 2
    for index, rings in enumerate(polygons):
        edges = np.concatenate([np.column_stack([r[:-1], r[1:]]) for r in rings if len(r) > 1])
        x1, y1, x2, y2 = edges[:, 0], edges[:, 1], edges[:, 2], edges[:, 3]
        lo, hi = np.minimum(y1, y2), np.maximum(y1, y2)
        # Rows whose centre line y = iy*size + half satisfies lo <= y < hi.
        first = np.ceil((lo - half) / size).astype(np.int64)
        last = np.ceil((hi - half) / size).astype(np.int64)
        counts = np.maximum(last - first, 0)
        if not counts.sum():
            continue
        edge_of = np.repeat(np.arange(len(edges)), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        row = first[edge_of] + offsets
        yc = row * size + half
        t = (yc - y1[edge_of]) / (y2[edge_of] - y1[edge_of])
        xc = x1[edge_of] + t * (x2[edge_of] - x1[edge_of])
        order = np.lexsort((xc, row))
        row, xc = row[order], xc[order]
        starts = np.ceil((xc[0::2] - half) / size).astype(np.int64) - ix0
        ends = np.ceil((xc[1::2] - half) / size).astype(np.int64) - ix0
        rows = row[0::2] - iy0
        for r, a, b in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True):
            if b > a:
                cells[r, a:b] = index
    return Raster(ix0=ix0, iy0=iy0, cells=cells, size=size)


_GRID_ID = re.compile(r"^GITTER_ID_(\d+)m$", re.IGNORECASE)


def read_grid(
    source: bytes | Path, *, filename: str = "Datei"
) -> tuple[pa.Table | None, str, list[str]]:
    """The grid file as a table (x, y and value columns as float, missing values null)."""
    head = source.open("rb").read(4096) if isinstance(source, Path) else source[:4096]
    text = head.decode("utf-8-sig", errors="replace")
    first = text.replace("\r\n", "\n").replace("\r", "\n").split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    columns = [c.strip().strip('"') for c in first.split(delimiter)]
    if not columns or not _GRID_ID.match(columns[0]) or len(columns) < 4:
        return (
            None,
            "",
            [
                _(
                    "%(file)s, line 1: a Zensus grid file starts with the columns GITTER_ID_100m; "
                    "x_mp_100m; y_mp_100m and at least one value column."
                )
                % {"file": filename}
            ],
        )
    size = _GRID_ID.match(columns[0]).group(1)  # type: ignore[union-attr]
    values = columns[3:]
    try:
        encoding = "utf8"
        raw = (
            source.read_bytes()
            if isinstance(source, Path) and b"\r" in head and b"\n" not in head
            else source
        )
        if isinstance(raw, bytes):
            if b"\r" in raw[:4096] and b"\n" not in raw[:4096]:
                raw = raw.replace(b"\r", b"\n")
            try:
                raw[: 1 << 20].decode("utf-8")
            except UnicodeDecodeError:
                encoding = "latin1"
            stream: Any = io.BytesIO(raw)
        else:
            stream = str(raw)
        table = pacsv.read_csv(
            stream,
            read_options=pacsv.ReadOptions(encoding=encoding),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types={columns[1]: pa.float64(), columns[2]: pa.float64()}
                | {v: pa.float64() for v in values},
                null_values=["", "–", "-", ".", "/", "x", "…", "..."],
                decimal_point="," if delimiter == ";" else ".",
                include_columns=columns[1:],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        message = str(exc)
        row = re.search(r"[Rr]ow #(\d+)", message)
        where = (
            _("%(file)s, line %(line)s") % {"file": filename, "line": int(row.group(1)) + 1}
            if row
            else filename
        )
        return (
            None,
            size,
            [
                _("%(where)s: the line cannot be read (%(reason)s). Values must be numbers or “–”.")
                % {"where": where, "reason": message.splitlines()[-1][:160]}
            ],
        )
    return table, size, []


def _floats(column: pa.ChunkedArray) -> np.ndarray:
    """A float column as a numpy array, missing values as NaN (straight from the Arrow
    buffers: no pandas involved)."""
    parts = []
    for chunk in column.chunks:
        validity, data = chunk.buffers()[:2]
        values = np.frombuffer(data, dtype=np.float64, count=len(chunk) + chunk.offset)
        values = values[chunk.offset :]
        if validity is not None and chunk.null_count:
            bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
            values = np.where(
                bits[chunk.offset : chunk.offset + len(chunk)].astype(bool), values, np.nan
            )
        parts.append(values)
    return np.concatenate(parts) if parts else np.empty(0)


def sum_grid_by_polygon(
    table: pa.Table, raster: Raster, n_polygons: int
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Per polygon: the sum of every value column, the number of cells and of withheld cells."""
    columns = table.column_names
    x = _floats(table.column(columns[0]))
    y = _floats(table.column(columns[1]))
    owner = raster.lookup(x, y)
    inside = owner >= 0
    owner_in = owner[inside]
    cells = np.bincount(owner_in, minlength=n_polygons)
    sums: dict[str, np.ndarray] = {}
    withheld = np.zeros(n_polygons, dtype=np.int64)
    for name in columns[2:]:
        values = _floats(table.column(name))[inside]
        missing = np.isnan(values)
        withheld += np.bincount(owner_in[missing], minlength=n_polygons)
        sums[name] = np.bincount(owner_in[~missing], weights=values[~missing], minlength=n_polygons)
    return sums, cells, withheld


def parse_zensus_grid(
    source: bytes | Path,
    *,
    areas: Sequence[tuple[str, str, dict[str, Any]]],
    filename: str = "Datei",
    period: date = ZENSUS_DAY,
) -> ImportResult:
    """Sum a grid file per area; ``areas`` are (key, name, WGS84 geometry)."""
    result = ImportResult(
        is_estimate=True,
        meta={
            "title": "Zensus 2022 – Gitterzellen je Gebiet",
            "table_code": "zensus2022-gitter",
            "source": "Statistische Ämter des Bundes und der Länder, Zensus 2022",
            "licence": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            "attribution": "© Statistische Ämter des Bundes und der Länder, Zensus 2022",
        },
    )
    usable = [(k, n, g) for k, n, g in areas if g]
    if not usable:
        result.error(_("No areas with a geometry. Import the areas with their shapes first."))
        return result
    table, size, errors = read_grid(source, filename=filename)
    for error in errors:
        result.error(error)
    if table is None:
        return result
    raster = rasterise([geometry_to_laea(g) for _k, _n, g in usable], size=float(size))
    sums, cells, withheld = sum_grid_by_polygon(table, raster, len(usable))
    result.lines_read = table.num_rows
    outside = table.num_rows - int(cells.sum())
    if outside:
        result.warnings.append(
            _("%(n)s grid cells lie outside all areas and were not counted.") % {"n": outside}
        )
    for index, (key, name, _g) in enumerate(usable):
        for variable, values in sums.items():
            result.rows.append(
                ObservationRow(
                    region_key=key,
                    region_name=name,
                    period=period,
                    variable=variable,
                    variable_label=f"{variable} (Summe der Gitterzellen)",
                    value=float(values[index]),
                    flag="()" if withheld[index] else "",
                )
            )
    return result
