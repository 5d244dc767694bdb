"""The home page's lifecycle overview: first-time actions only for steps not yet begun."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import translation

from teilhabe.core.lifecycle import lifecycle_status
from teilhabe.core.models import Area
from teilhabe.statistics.models import Dataset


def _status(municipality, key: str):  # type: ignore[no-untyped-def]
    return next(status for step, status in lifecycle_status(municipality) if step.key == key)


def test_a_begun_step_no_longer_suggests_its_first_action(world):
    town = world.other  # has neither areas nor data yet
    with translation.override("de"):
        assert not _status(town, "data").started
        assert "GeoJSON" in _status(town, "data").next_action

        Area.objects.create(municipality=town, key="1", name="Altstadt")
        with_areas = _status(town, "data")
        assert with_areas.started
        assert "GeoJSON" not in with_areas.next_action
        assert "Bevölkerungsdaten" in with_areas.next_action

        dataset = Dataset(
            municipality=town,
            title="Bevölkerung",
            source="Statistikstelle",
            table_code="BEV",
            format="koeln",
            file_name="b.csv",
            sha256="2" * 64,
        )
        dataset.file.save("b.csv", ContentFile(b"x"), save=False)
        dataset.save()
        assert _status(town, "data").next_action == "Aktuellen Stand ansehen."
