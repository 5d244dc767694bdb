"""The two implementations of "import a Land-wide flat file for one city" that the benchmark
compares. Both yield (stored values, indicator values) as sorted tuples."""

from __future__ import annotations

import io
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


class _Multipart(io.RawIOBase):
    """A multipart form body read from the file as the server reads it (never held whole)."""

    def __init__(self, path: Path, fields: dict[str, str], boundary: str) -> None:
        head = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{path.name}"\r\nContent-Type: text/csv\r\n\r\n'
        )
        self.parts = [
            io.BytesIO(head.encode()),
            path.open("rb"),
            io.BytesIO(f"\r\n--{boundary}--\r\n".encode()),
        ]
        self.length = sum(len(p.getvalue()) for p in (self.parts[0], self.parts[2]))
        self.length += path.stat().st_size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        while self.parts:
            n = self.parts[0].readinto(buffer)
            if n:
                return n
            self.parts.pop(0).close()
        return 0


def teilhabe_upload(path: Path, city: str) -> tuple[tuple[list[tuple], list[tuple]], dict]:
    """Upload, preview and import task through the pages, as an administrator does it; the
    times of each step and in total (from the upload to the stored values read back)."""
    import time

    from django.test import Client
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from teilhabe.core.models import Membership, Municipality, Role, User
    from teilhabe.statistics.models import Dataset, Observation

    ars = city[:5] + "0000" + city[5:]
    municipality = Municipality.objects.filter(ars=ars).first() or Municipality.objects.create(
        ars=ars, name="Benchmarkstadt", kind="gemeinde"
    )
    user = User.objects.create_user("bench@example.org", "x-bench-x-bench")
    Membership.objects.create(user=user, municipality=municipality, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    # Warm-up outside the clock: URLs, templates and middleware load on the first request.
    assert client.get(reverse("statistics:dataset_import", args=[ars])).status_code == 200
    steps = {}
    start = clock = time.perf_counter()
    body = _Multipart(path, {"format": "ffcsv", "source": "IT.NRW"}, "grenze")
    upload = client.generic(
        "POST",
        reverse("statistics:dataset_import", args=[ars]),
        b"",
        CONTENT_TYPE="multipart/form-data; boundary=grenze",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )
    assert upload.status_code == 302, upload.status_code
    steps["upload"], clock = time.perf_counter() - clock, time.perf_counter()
    check = reverse("statistics:dataset_import_check", args=[ars])
    preview = client.get(check)
    assert preview.status_code == 200 and "Jetzt importieren" in preview.content.decode()
    steps["preview"], clock = time.perf_counter() - clock, time.perf_counter()
    done = client.post(check, {"start": "1"})
    assert done.status_code == 302, done.status_code
    steps["task"] = time.perf_counter() - clock
    dataset = Dataset.objects.get(municipality=municipality)
    rows = sorted(
        (key, period.isoformat(), category, sex, age, value)
        for key, period, category, sex, age, value in Observation.objects.filter(
            dataset=dataset
        ).values_list("region_key", "period", "category", "sex", "age_band", "value")
    )
    out = (rows, _indicators(rows))
    steps["total"] = time.perf_counter() - start
    return out, steps


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
