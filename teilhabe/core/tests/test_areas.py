from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.core.geo import AreaMapping, parse_area_features, simplify_geometry
from teilhabe.core.models import Area, TaskRun, TaskStatus
from teilhabe.core.services import areas_import

DATA = Path(settings.BASE_DIR) / "data" / "koeln"
BEZIRKE = AreaMapping("STB_NR", "STB_NAME", key_width=3)
STADTTEILE = AreaMapping(
    "STT_NR", "STT_NAME", parent_prefix_length=1, key_width=3, parent_key_width=3
)


def _clear(municipality):
    Area.objects.filter(municipality=municipality, parent__isnull=False).delete()
    Area.objects.filter(municipality=municipality).delete()


def test_koeln_geojson_parses_into_9_bezirke_and_86_stadtteile():
    bezirke = parse_area_features((DATA / "stadtbezirke.geojson").read_bytes(), BEZIRKE)
    teile = parse_area_features((DATA / "stadtteile.geojson").read_bytes(), STADTTEILE)
    assert bezirke.ok and teile.ok
    assert len(bezirke.rows) == 9 and len(teile.rows) == 86
    assert {r.key for r in bezirke.rows} == {f"00{i}" for i in range(1, 10)}
    chorweiler = next(r for r in teile.rows if r.name == "Chorweiler")
    assert (chorweiler.key, chorweiler.parent_key) == ("609", "006")


def test_import_builds_the_tree_and_is_idempotent(world):
    municipality = world.municipality
    _clear(municipality)
    first = areas_import(
        municipality=municipality,
        parsed=parse_area_features((DATA / "stadtbezirke.geojson").read_bytes(), BEZIRKE),
        kind="stadtbezirk",
    )
    areas_import(
        municipality=municipality,
        parsed=parse_area_features((DATA / "stadtteile.geojson").read_bytes(), STADTTEILE),
        kind="stadtteil",
    )
    again = areas_import(
        municipality=municipality,
        parsed=parse_area_features((DATA / "stadtbezirke.geojson").read_bytes(), BEZIRKE),
        kind="stadtbezirk",
    )
    assert first["created"] == 9
    assert again == {"created": 0, "updated": 0, "unchanged": 9}
    assert Area.objects.filter(municipality=municipality).count() == 95
    assert Area.objects.get(municipality=municipality, key="609").parent.name == "Chorweiler"


def test_unknown_parent_rolls_back_the_whole_import(world):
    _clear(world.municipality)
    parsed = parse_area_features((DATA / "stadtteile.geojson").read_bytes(), STADTTEILE)
    with pytest.raises(ValidationError) as exc:
        areas_import(municipality=world.municipality, parsed=parsed, kind="stadtteil")
    assert "Importieren Sie zuerst die obere Ebene" in " ".join(
        exc.value.messages
    ) or "Import the upper level first" in " ".join(exc.value.messages)
    assert not Area.objects.filter(municipality=world.municipality).exists()


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda doc: doc.__setitem__("type", "Feature"), "FeatureCollection"),
        (lambda doc: doc["features"][3]["properties"].pop("STB_NAME"), "Objekt 4"),
        (lambda doc: doc["features"][1]["properties"].__setitem__("STB_NR", "7"), "doppelt"),
        (
            lambda doc: doc["features"][0].__setitem__(
                "geometry", {"type": "Point", "coordinates": [7, 50]}
            ),
            "Polygon",
        ),
    ],
)
def test_broken_geojson_is_answered_with_a_german_message(mutate, fragment):
    doc = json.loads((DATA / "stadtbezirke.geojson").read_text())
    mutate(doc)
    from django.utils import translation

    with translation.override("de"):
        result = parse_area_features(json.dumps(doc).encode(), BEZIRKE, filename="bezirke.geojson")
    assert not result.ok
    assert any(fragment in e for e in result.errors), result.errors


def test_not_json_names_line_and_column():
    from django.utils import translation

    with translation.override("de"):
        result = parse_area_features(
            b'{"type": "FeatureCollection",\n "features": [,]}', BEZIRKE, filename="kaputt.geojson"
        )
    assert (
        result.errors == [result.errors[0]]
        and "kaputt.geojson, Zeile 2, Spalte" in result.errors[0]
    )


def test_simplified_outer_rings_are_clockwise_for_d3():
    doc = json.loads((DATA / "stadtteile.geojson").read_text())
    for feature in doc["features"]:
        simple = simplify_geometry(feature["geometry"])
        polygons = (
            simple["coordinates"] if simple["type"] == "MultiPolygon" else [simple["coordinates"]]
        )
        for rings in polygons:
            outer = rings[0]
            area = sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(outer))
            assert area < 0  # clockwise in lon/lat
            assert len(outer) >= 4 and outer[0] == outer[-1]


def test_upload_mapping_preview_and_task(world, django_capture_on_commit_callbacks):
    client = login(Client(), world.users["editor"])
    ars = world.municipality.ars
    _clear(world.municipality)
    with (DATA / "stadtbezirke.geojson").open("rb") as fh:
        response = client.post(
            reverse("core:area_import", args=[ars]), {"file": fh, "kind": "stadtbezirk"}
        )
    assert response.status_code == 302
    mapping = {
        "key_property": "STB_NR",
        "name_property": "STB_NAME",
        "key_width": 3,
        "parent_prefix_length": 0,
        "parent_key_width": 0,
    }
    preview = client.post(
        reverse("core:area_import_mapping", args=[ars]), mapping | {"preview": "1"}
    )
    assert preview.status_code == 200 and "Innenstadt" in preview.content.decode()
    assert not Area.objects.filter(
        municipality=world.municipality
    ).exists()  # nothing before confirm
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("core:area_import_mapping", args=[ars]), mapping | {"start": "1"}
        )
    run = TaskRun.objects.get(municipality=world.municipality)
    assert started["Location"] == reverse("core:task_detail", args=[ars, run.pk])
    assert run.status == TaskStatus.DONE and run.progress == 100
    assert Area.objects.filter(municipality=world.municipality).count() == 9
    page = client.get(reverse("core:area_list", args=[ars]))
    assert "area-map-spec" in page.content.decode()
