"""The workspace benchmark (``make bench-workspace``): which pages it measures, and its quick
form on PostgreSQL."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from bench.workspace.__main__ import workspace_urls
from teilhabe.core.tests.test_bench_load import DATABASE_URL, run_quick_bench

ARS = "053150000000"


def test_every_list_page_of_the_workspace_is_measured_and_no_detail_page():
    urls = workspace_urls(ARS)
    for name in (
        "core:home",
        "concept:tree",
        "concept:measure_list",
        "inventory:offer_list",
        "inventory:offer_map",
        "inventory:offer_map_points",
        "inventory:gaps",
        "core:area_list",
    ):
        assert reverse(name, args=[ARS]) in urls, name
    assert all(u.startswith(f"/k/{ARS}/") for u in urls)
    # Pages of one object need its pk: not in the list.
    assert reverse("concept:measure_detail", args=[ARS, 1]) not in urls
    assert len(urls) == len(set(urls)) > 50


@pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="the benchmark runs on PostgreSQL (DATABASE_URL=postgres://…)",
)
@pytest.mark.django_db
def test_quick_workspace_benchmark_prints_each_page_and_the_static_ratio():
    done = run_quick_bench("bench.workspace", "workspace")
    out = done.stdout
    assert done.returncode == 0, out + done.stderr[-3000:]
    assert re.search(r"static file \(50 KiB\): \d+\.\d ms", out), out
    assert re.search(rf"/k/{ARS}/konzept/ +\d+\.\d +\d+\.\d", out), out
    assert re.search(r"pages: 3, slowest \d+\.\d ms, ratio to the static file \d+\.\d", out), out
    # The time is the benchmark's business, on a quiet machine: --quick does not judge it.
    assert "not checked with --quick" in out
    assert "targets met" in out
