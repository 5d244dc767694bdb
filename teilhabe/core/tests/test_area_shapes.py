"""Simplified area shapes come from the cache; a changed geometry never gets a stale shape."""

from __future__ import annotations

import json

import pytest
from django.core.cache import caches

from teilhabe.core import geo
from teilhabe.core.geo import simplify_geometry as plain_simplify
from teilhabe.core.models import Area
from teilhabe.core.selectors import area_map_spec, area_shapes


def _square(lon: float, lat: float, size: float) -> dict[str, object]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def counted(monkeypatch):
    """Counts the real simplifications (the cache is emptied first)."""
    caches["shapes"].clear()
    calls: list[float] = []
    simplify = geo.simplify_geometry

    def counting(geometry, tolerance=0.0003):
        calls.append(tolerance)
        return simplify(geometry, tolerance)

    monkeypatch.setattr(geo, "simplify_geometry", counting)
    return calls


def test_a_shape_is_simplified_once_per_geometry_and_tolerance(counted):
    square = _square(6.9, 50.9, 0.1)
    assert geo.simplify_geometry_cached(square) == plain_simplify(square)
    assert geo.simplify_geometry_cached(square) == plain_simplify(square)
    # The JSON text of the same geometry finds the same shape.
    assert geo.simplify_geometry_text(json.dumps(square)) == plain_simplify(square)
    assert counted == [0.0003]
    # Another tolerance is another shape.
    geo.simplify_geometry_cached(square, tolerance=0.0006)
    assert counted == [0.0003, 0.0006]


def test_area_map_spec_draws_a_changed_geometry_not_the_cached_shape(world, counted):
    top = world.area.parent
    top.geometry = _square(6.9, 50.9, 0.1)
    top.save()

    def drawn() -> object:
        spec = area_map_spec(areas=[top], title="Gebiete")
        assert spec is not None
        return spec["data"]["values"][0]["geometry"]

    assert drawn() == drawn() == plain_simplify(_square(6.9, 50.9, 0.1))
    assert len(counted) == 1
    # Changed even without save() (no hook to rely on): the text's digest differs.
    Area.objects.filter(pk=top.pk).update(geometry=_square(7.0, 51.0, 0.2))
    assert drawn() == plain_simplify(_square(7.0, 51.0, 0.2))
    assert len(counted) == 2


def test_area_shapes_leave_out_areas_without_geometry(world):
    top = world.area.parent
    top.geometry = _square(6.9, 50.9, 0.1)
    top.save()
    shapes = area_shapes(areas=Area.objects.filter(municipality=world.municipality))
    assert list(shapes) == [top.pk]
