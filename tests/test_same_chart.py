"""A figure has the same Vega-Lite spec in the workspace, the public portal and the documents
(all three take it from ``statistics.charts``)."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login
from teilhabe.portal import charts as portal_charts
from teilhabe.portal.selectors import indicator_public_data
from teilhabe.reports import builders
from teilhabe.reports.models import Report, ReportKind
from teilhabe.statistics.models import Indicator
from teilhabe.statistics.services import catalogue_seed, dataset_import
from teilhabe.statistics.tests.test_services import _small


def _as_stored(spec: dict[str, Any]) -> dict[str, Any]:
    """A spec as a document snapshot keeps it (plain JSON)."""
    return json.loads(json.dumps(spec, cls=DjangoJSONEncoder))


def test_time_series_spec_is_the_same_in_workspace_portal_and_document(world, client, monkeypatch):
    catalogue_seed(municipality=world.municipality)
    dataset_import(
        municipality=world.municipality,
        data=_small(world),
        filename="bevoelkerung.csv",
        fmt="koeln",
        user=None,
    )
    indicator = Indicator.objects.get(municipality=world.municipality, code="einwohner")
    indicator.breaks = [{"date": "2012-01-01", "note": "Zensus 2022"}]
    indicator.published_at = timezone.now()
    indicator.save()

    login(client, world.users["reader"])
    page = client.get(
        reverse("statistics:indicator_detail", args=[world.municipality.ars, indicator.pk]),
        HTTP_ACCEPT_LANGUAGE="de",
    )
    workspace = _as_stored(page.context["series_spec"])

    drawn: list[tuple[dict[str, Any], int]] = []
    monkeypatch.setattr(
        portal_charts, "_render", lambda spec, *, width: drawn.append((spec, width)) or "<svg/>"
    )
    with translation.override("de"):
        portal_charts.time_series_svg(
            indicator=indicator, data=indicator_public_data(indicator=indicator)
        )
    (portal_spec, portal_width), *_rest = drawn
    portal = _as_stored(portal_spec)

    report = Report.objects.create(
        municipality=world.municipality, kind=ReportKind.CONCEPT, title="Konzept"
    )
    doc = builders.build(report)
    figures = [
        block["spec"]
        for chapter in doc["chapters"]
        for block in chapter["blocks"]
        if block["type"] == "figure" and block["title"] == workspace["title"]
    ]

    assert workspace["title"].startswith(indicator.name)  # the finding, not just the name
    assert len(workspace["layer"]) == 3  # the line, and the rule and note of the break
    # Same spec everywhere. Only the medium sets the size: the workspace and the documents
    # fill their container (the PDF's text column), the portal draws at a fixed width.
    assert workspace == portal == figures[0]
    assert workspace["width"] == "container" and portal_width == portal_charts.TIME_SERIES_WIDTH
