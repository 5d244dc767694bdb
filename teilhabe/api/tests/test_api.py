"""The read API: publication rules, filters, pagination, the OpenAPI schema, and a bounded
schemathesis run in-process against the WSGI application (no network)."""

from __future__ import annotations

import pytest
import yaml
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.portal.tests.factories import MARKER, public_world


@pytest.fixture
def scene(world):
    cache.clear()
    public_world(world)
    return world


def test_lists_are_paginated_filterable_and_hold_only_published_items(scene):
    client = Client()
    ars = scene.municipality.ars
    measures = client.get(reverse("api:measures", args=[ars])).json()
    assert measures["count"] == 1 and measures["results"][0]["number"] == "PORTAL-1"
    assert measures["results"][0]["traffic_light_label"] == "im Plan"
    adopted = client.get(reverse("api:measures", args=[ars]), {"political_state": "adopted"})
    assert adopted.json()["count"] == 1
    proposed = client.get(reverse("api:measures", args=[ars]), {"political_state": "proposed"})
    assert proposed.json()["count"] == 0
    assert (
        client.get(reverse("api:measures", args=[ars]), {"political_state": "x"}).status_code == 400
    )
    assert client.get(reverse("api:measures", args=[ars]), {"page": 99}).status_code == 404
    offers = client.get(reverse("api:offers", args=[ars]), {"language": "ar"}).json()
    assert [o["title"] for o in offers["results"]] == ["Sprachkurs A1"]
    assert client.get(reverse("api:offers", args=[ars]), {"language": "tr"}).json()["count"] == 0
    assert (
        client.get(reverse("api:offers", args=[ars]), {"area": scene.area.parent.pk}).json()[
            "count"
        ]
        == 1
    )
    concept = client.get(reverse("api:concept", args=[ars])).json()
    assert concept["vision"] == "Köln hält zusammen."
    assert [g["title"] for g in concept["fields_of_action"][0]["strategic_goals"][0]["goals"]] == [
        "Mehr Sprachkurse"
    ]
    documents = client.get(reverse("api:documents", args=[ars])).json()
    assert [d["reference"] for d in documents["results"]] == ["2026/0815"]
    for name in ("api:concept", "api:measures", "api:offers", "api:indicators", "api:documents"):
        assert MARKER not in client.get(reverse(name, args=[ars])).content.decode()


def test_ids_that_no_database_key_can_hold_answer_400(scene):
    client = Client()
    ars = scene.municipality.ars
    for name, key in (("api:offers", "area"), ("api:offers", "field"), ("api:measures", "field")):
        for value in ("99999999999999999999", "1e30", "-5", "1.5"):
            response = client.get(reverse(name, args=[ars]), {key: value})
            assert response.status_code == 400, (name, key, value)
    workspace = login(Client(), scene.users["reader"])
    response = workspace.get(
        reverse("inventory:offer_list", args=[ars]), {"feld": "9" * 20, "gebiet": "9" * 20}
    )
    assert response.status_code == 200


def test_schema_is_openapi_3_and_docs_need_no_javascript(scene):
    client = Client()
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/{ars}/measures/" in schema["paths"]
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200 and "/api/v1/{ars}/offers/" in docs.content.decode()
    assert "<script>" not in docs.content.decode()


def test_no_serializer_uses_all_or_exclude():
    from rest_framework import serializers

    from teilhabe.api import serializers as module

    for obj in vars(module).values():
        if isinstance(obj, type) and issubclass(obj, serializers.ModelSerializer):
            meta = obj.Meta
            assert getattr(meta, "fields", None) not in (None, "__all__"), obj
            assert not hasattr(meta, "exclude"), obj


def test_schemathesis_finds_no_server_error_and_no_schema_violation(scene):
    from django.core import signals
    from django.db import close_old_connections

    # The test's transaction must survive each in-process request (as with Django's Client).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        ran = _run_schemathesis(scene.municipality.ars)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert ran >= 8


def _run_schemathesis(ars: str) -> int:
    import schemathesis
    from django.core.handlers.wsgi import WSGIHandler
    from hypothesis import HealthCheck, given, settings

    app = WSGIHandler()
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):  # type: ignore[no-untyped-def]
            # About half the cases ask the municipality that has data, the rest random keys.
            if case.path_parameters and "ars" in case.path_parameters and len(str(case.query)) % 2:
                case.path_parameters["ars"] = ars
            case.call_and_validate()

        check()
        ran += 1
    return ran
