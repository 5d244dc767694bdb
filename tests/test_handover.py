"""The handover page gathers what each part registers: a successor finds sign-offs, surveys,
group chairs, actors' contacts and the age of the data on one page."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from conftest import login
from teilhabe.core import handover
from teilhabe.council import services as council_services
from teilhabe.council.models import SignOff
from teilhabe.council.tests.helpers import paper
from teilhabe.inventory.models import Actor
from teilhabe.participation.models import GroupMember, MemberRole, Survey, WorkingGroup
from teilhabe.statistics.models import Dataset, Indicator, IndicatorValue


def _indicator(world, day: date) -> Indicator:  # type: ignore[no-untyped-def]
    dataset = Dataset(
        municipality=world.municipality,
        title="Bevölkerung",
        source="Amt für Statistik",
        table_code="BEV-01",
        format="koeln",
        file_name="b.csv",
        sha256="1" * 64,
        period_end=day,
    )
    dataset.file.save("b.csv", ContentFile(b"x"), save=False)
    dataset.save()
    indicator = Indicator.objects.create(
        municipality=world.municipality, code="anteil", name="Anteil Ausländer", definition="…"
    )
    for period in (day - timedelta(days=365), day):
        IndicatorValue.objects.create(
            indicator=indicator,
            dataset=dataset,
            level="municipality",
            region_key="05315",
            period=period,
            value=20.0,
        )
    return indicator


def test_every_part_contributes_its_section(client, world):
    m = world.municipality
    keys = handover.registered_keys()
    for key in ("signoffs", "surveys", "groups", "data", "actors"):
        assert key in keys

    p = paper(m, subject="Förderrichtlinie Sprachmittlung")
    SignOff.objects.create(paper=p, org_unit=world.org_unit, due=date(2020, 1, 10))
    council_services.paper_save(paper=p)
    Survey.objects.create(
        municipality=m,
        title="Befragung Vereine 2026",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=20),
    )
    group = WorkingGroup.objects.create(municipality=m, name="AG Sprache")
    GroupMember.objects.create(
        working_group=group, name="Dana Beispiel", organisation="VHS", role=MemberRole.CHAIR
    )
    Actor.objects.create(
        municipality=m,
        name="Caritas Beispiel",
        kind="wohlfahrtsverband",
        email="beratung@caritas.example",
    )
    _indicator(world, date(2019, 12, 31))

    login(client, world.users["editor"])
    page = client.get(reverse("planning:handover", args=[m.ars])).content.decode()
    assert "Förderrichtlinie Sprachmittlung" in page
    assert "Befragung Vereine 2026" in page
    assert "Dana Beispiel" in page and "VHS" in page
    assert "beratung@caritas.example" in page
    assert "Anteil Ausländer" in page and "31.12.2019" in page
    assert "älter als zwei Jahre" in page


def test_sections_show_only_the_own_municipality(world):
    WorkingGroup.objects.create(municipality=world.other, name="Fremde AG")
    GroupMember.objects.create(
        working_group=WorkingGroup.objects.get(name="Fremde AG"),
        name="Fremde Person",
        role=MemberRole.CHAIR,
    )
    sections = handover.handover_sections(world.municipality)
    texts = [item.label for section in sections for item in section.items]
    assert not any("Fremde" in text for text in texts)
