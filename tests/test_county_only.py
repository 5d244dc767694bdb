"""Levels that end above the town: the demo town has foreigners only at the Kreis (as the
Ausländerzentralregister delivers them) and shows "nicht verfügbar" with the county's value as
comparison – in the workspace, the portal, the API and the documents."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.core.demo import TOWN_ARS, demo_federation
from teilhabe.core.models import Municipality, User
from teilhabe.reports.builders.common import DocumentBuilder
from teilhabe.reports.builders.sections import document_series, indicator_sections
from teilhabe.reports.models import Report, ReportKind
from teilhabe.statistics import selectors
from teilhabe.statistics.demo import _demo_county_only
from teilhabe.statistics.models import Indicator, IndicatorValue, Level

COMPARISON = "Kreis Beispielland: 12,4 %"


@pytest.fixture
def town(db):
    demo_federation()
    _demo_county_only()
    _demo_county_only()  # idempotent: the same files are recognised
    return Municipality.objects.get(ars=TOWN_ARS)


def test_the_town_has_no_value_of_its_own_and_the_county_as_comparison(town):
    indicator = Indicator.objects.get(municipality=town, code="anteil-auslaender-azr")
    assert not IndicatorValue.objects.filter(indicator=indicator, level=Level.MUNICIPALITY).exists()
    assert IndicatorValue.objects.filter(indicator=indicator, level=Level.KREIS).count() == 2
    shown = selectors.latest_value(indicator=indicator)
    assert shown is not None and not shown.available and shown.value is None
    assert shown.text == "nicht verfügbar" and shown.comparison == COMPARISON
    assert shown.sentence == (
        "Stadt Beispielstadt (Demo): nicht verfügbar – Vergleich Kreis Beispielland: 12,4 % "
        "(31.12.2023)"
    )


def test_workspace_portal_api_and_report_show_it(town, client):
    indicator = Indicator.objects.get(municipality=town, code="anteil-auslaender-azr")
    login(client, User.objects.get(email="stadt@beispielstadt.example"))
    listing = client.get(reverse("statistics:indicator_list", args=[town.ars])).content.decode()
    assert "nicht verfügbar" in listing and COMPARISON in listing
    detail = client.get(reverse("statistics:indicator_detail", args=[town.ars, indicator.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "nicht verfügbar – Vergleich " + COMPARISON in text
    public = Client()
    portal = public.get(reverse("portal:indicators", args=[town.ars])).content.decode()
    assert "nicht verfügbar" in portal and COMPARISON in portal
    page = public.get(reverse("portal:indicator_detail", args=[town.ars, indicator.pk]))
    assert COMPARISON in page.content.decode()
    api = public.get(reverse("api:indicator_detail", args=[town.ars, indicator.pk])).json()
    assert api["latest"]["available"] is False and api["latest"]["comparison"] == COMPARISON
    assert {v["level"] for v in api["values"]} == {"kreis", "land"}
    report = Report(municipality=town, kind=ReportKind.INTEGRATION, title="Bericht")
    doc = DocumentBuilder(report=report, title="Bericht", subtitle="")
    chapter = doc.chapter("Daten")
    facts = indicator_sections(chapter, all_series=document_series(municipality=town))
    assert facts["anteil-auslaender-azr"]["latest"] == "nicht verfügbar"
    texts = [i for b in chapter.blocks if b["type"] == "text" for i in b["items"]]
    assert any(COMPARISON in t for t in texts)
