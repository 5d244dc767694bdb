"""The two implementations of "import a Land-wide flat file for one city" that the benchmark
compares. Both yield (stored values, indicator values) as sorted tuples."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

KEEP = lambda city: {city, city[:5], city[:2], "DG"}  # noqa: E731


def _indicators(rows: list[tuple]) -> list[tuple]:
    """Share of foreign nationals per region and year with disclosure control: hidden
    ("." ) when the denominator is below 30 or the foreign count is 1 or 2."""
    from teilhabe.statistics import disclosure

    totals: dict[tuple, list[float]] = {}
    for key, period, cat, _sex, _age, value in rows:
        slot = totals.setdefault((key, period), [0.0, 0.0])
        if value is None or cat not in ("NATA", "NATD"):
            continue
        slot[1] += value
        if cat == "NATA":
            slot[0] += value
    out = []
    for (key, period), (n, d) in sorted(totals.items()):
        hidden = disclosure.rate_hidden(numerator=n, denominator=d)
        out.append((key, period, "." if hidden else f"{100 * n / d:.1f}"))
    return out


def teilhabe_import(path: Path, city: str) -> tuple[list[tuple], list[tuple]]:
    """The real service: parse with DuckDB, keep city/Kreis/Land, store, compute."""
    from teilhabe.core.models import Municipality
    from teilhabe.statistics.models import Observation
    from teilhabe.statistics.services import dataset_import

    ars = city[:5] + "0000" + city[5:]
    municipality = Municipality.objects.filter(ars=ars).first() or Municipality.objects.create(
        ars=ars, name="Benchmarkstadt", kind="gemeinde"
    )
    outcome = dataset_import(
        municipality=municipality, data=path, filename=path.name, fmt="ffcsv", user=None
    )
    rows = sorted(
        (key, period.isoformat(), category, sex, age, value)
        for key, period, category, sex, age, value in Observation.objects.filter(
            dataset=outcome.dataset
        ).values_list("region_key", "period", "category", "sex", "age_band", "value")
    )
    return rows, _indicators(rows)


def pandas_import(path: Path, city: str) -> tuple[list[tuple], list[tuple]]:
    """What an analyst would write with pandas."""

    df = pd.read_csv(
        path,
        sep=";",
        dtype=str,
        keep_default_na=False,
        usecols=[
            "time",
            "1_variable_attribute_code",
            "2_variable_attribute_code",
            "3_variable_attribute_code",
            "4_variable_attribute_code",
            "value",
        ],
    )
    df = df[df["1_variable_attribute_code"].isin(KEEP(city))]
    values = pd.to_numeric(df["value"].str.replace(",", "."), errors="coerce")
    sex = df["3_variable_attribute_code"].map({"GESM": "m", "GESW": "w"})
    rows = sorted(
        (k, t, c, s, a, None if pd.isna(v) else float(v))
        for k, t, c, s, a, v in zip(
            df["1_variable_attribute_code"],
            df["time"],
            df["2_variable_attribute_code"],
            sex,
            df["4_variable_attribute_code"],
            values,
            strict=True,
        )
    )
    return rows, _indicators(rows)
