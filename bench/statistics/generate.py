"""Seeded synthetic inputs: a Land-wide GENESIS flat file and a Zensus 100 m grid with polygons."""

from __future__ import annotations

from pathlib import Path

import numpy as np

NATS = [("NATA", "Ausländer"), ("NATD", "Deutsche")] + [
    (f"NAT{i:02d}", f"Gruppe {i}") for i in range(8)
]
SEXES = [("GESM", "männlich"), ("GESW", "weiblich")]
AGES = [(f"ALT{a:03d}B{a + 5:02d}", f"{a} bis unter {a + 5} Jahre") for a in range(0, 100, 5)]
YEARS = [2019, 2020, 2021, 2022, 2023]
HEADER = (
    "statistics_code;statistics_label;time_code;time_label;time;"
    "1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;"
    "2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;"
    "3_variable_code;3_variable_label;3_variable_attribute_code;3_variable_attribute_label;"
    "4_variable_code;4_variable_label;4_variable_attribute_code;4_variable_attribute_label;"
    "value;value_unit;value_variable_code;value_variable_label;value_q\n"
)


def regions(n_rows: int) -> list[tuple[str, str, str]]:
    """(variable code, key, name): the Land, its Kreise and its Gemeinden."""
    per_region = len(NATS) * len(SEXES) * len(AGES) * len(YEARS)
    n = max(3, n_rows // per_region)
    out = [("DLAND", "05", "Nordrhein-Westfalen")]
    kreise = max(1, n // 20)
    for k in range(kreise):
        out.append(("KREISE", f"05{k + 100:03d}", f"Kreis {k}"))
    g = 0
    while len(out) < n:
        kreis = 100 + g % kreise
        out.append(("GEMEINDE", f"05{kreis:03d}{g:03d}", f"Gemeinde {g}"))
        g += 1
    return out


def ffcsv(path: Path, n_rows: int, seed: int = 42) -> tuple[Path, str]:
    """Write the flat file; returns it and the AGS of the city to import."""
    rng = np.random.default_rng(seed)
    regs = regions(n_rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        for code, key, name in regs:
            counts = rng.integers(0, 400, size=(len(YEARS), len(NATS), len(SEXES), len(AGES)))
            lines = []
            for yi, year in enumerate(YEARS):
                stem = (
                    f"12411;Fortschreibung des Bevölkerungsstandes: Bevölkerung nach Nationalität, Geschlecht, Altersgruppen;STAG;Stichtag;{year}-12-31;"
                    f"{code};Region;{key};{name};"
                )
                for ni, (nc, nl) in enumerate(NATS):
                    for si, (sc, sl) in enumerate(SEXES):
                        for ai, (ac, al) in enumerate(AGES):
                            v = int(counts[yi, ni, si, ai])
                            value = "-" if v == 0 else ("." if v == 1 else str(v))
                            lines.append(
                                f"{stem}NAT;Nationalität;{nc};{nl};GES;Geschlecht;{sc};{sl};"
                                f"ALTX20;Altersgruppen;{ac};{al};{value};Anzahl;BEVSTD;Bevölkerungsstand;e\n"
                            )
            fh.write("".join(lines))
    city = next(k for c, k, _n in regs if c == "GEMEINDE")
    return path, city


def grid(path: Path, n_cells: int, n_polygons: int, seed: int = 7) -> tuple[Path, list[np.ndarray]]:
    """A square block of 100 m cells in EPSG:3035 and a jittered lattice of quadrilaterals
    covering it; returns the file and the polygons (one ring each, in metres)."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n_cells)))
    x0, y0 = 4_100_000, 3_000_000
    ix, iy = np.divmod(np.arange(side * side)[:n_cells], side)
    x = x0 + ix * 100 + 50
    y = y0 + iy * 100 + 50
    values = rng.integers(0, 60, size=n_cells)
    text = np.where(values < 3, "–", values.astype(str))
    with path.open("w", encoding="utf-8") as fh:
        fh.write("GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner\n")
        ids = np.char.add(
            np.char.add(np.char.add("CRS3035RES100mN", (y - 50).astype(str)), "E"),
            (x - 50).astype(str),
        )
        rows = np.char.add(
            np.char.add(
                np.char.add(
                    np.char.add(np.char.add(np.char.add(ids, ";"), x.astype(str)), ";"),
                    y.astype(str),
                ),
                ";",
            ),
            text,
        )
        fh.write("\n".join(rows.tolist()))
        fh.write("\n")
    m = int(np.sqrt(n_polygons))
    while n_polygons % m:
        m -= 1
    n = n_polygons // m
    step_x, step_y = side * 100 / m, side * 100 / n
    gx = x0 + np.arange(m + 1) * step_x
    gy = y0 + np.arange(n + 1) * step_y
    vx, vy = np.meshgrid(gx, gy, indexing="ij")
    inner = (slice(1, m), slice(1, n))
    vx[inner] += rng.uniform(-0.3 * step_x, 0.3 * step_x, size=(m - 1, n - 1)) + 0.123
    vy[inner] += rng.uniform(-0.3 * step_y, 0.3 * step_y, size=(m - 1, n - 1)) + 0.321
    polys = []
    for i in range(m):
        for j in range(n):
            ring = np.array(
                [
                    [vx[i, j], vy[i, j]],
                    [vx[i + 1, j], vy[i + 1, j]],
                    [vx[i + 1, j + 1], vy[i + 1, j + 1]],
                    [vx[i, j + 1], vy[i, j + 1]],
                    [vx[i, j], vy[i, j]],
                ]
            ) - np.array([0.37, 0.41])  # no vertex or edge on a cell centre
            polys.append(ring)
    return path, polys
