"""The read API: publication rules, filters, pagination, the OpenAPI schema, and a bounded
schemathesis run in-process against the WSGI application (no network)."""

from __future__ import annotations

import re

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


def test_a_page_size_the_schema_forbids_answers_400_in_german(scene):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    url = reverse("api:measures", args=[scene.municipality.ars])
    for value in ("null", "", "0", "-1", "501", "1000", "2.5", "٣", "10\x00"):
        response = client.get(url, {"page_size": value})
        assert response.status_code == 400, value
        assert "ganze Zahl von 1 bis 500" in " ".join(response.json()["page_size"]), value
    assert client.get(url, {"page_size": "500"}).status_code == 200
    assert len(client.get(url, {"page_size": "1"}).json()["results"]) == 1
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    parameters = schema["paths"]["/api/v1/{ars}/measures/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")
    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}


def test_schema_is_openapi_3_and_docs_need_no_javascript(scene):
    client = Client()
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/{ars}/measures/" in schema["paths"]
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200 and "/api/v1/{ars}/offers/" in docs.content.decode()
    assert "<script>" not in docs.content.decode()


def test_docs_forms_send_the_browser_to_the_endpoint(scene):
    """Every GET endpoint can be tried out from the docs page without JavaScript: the form
    goes through docs_try, which fills the path in and keeps the non-empty parameters."""
    client = Client()
    ars = scene.municipality.ars
    page = client.get(reverse("api:docs")).content.decode()
    assert page.count('action="/api/docs/ausprobieren/"') == 8
    filled = set(re.findall(r'name="ars" value="(\d*)"', page))
    assert len(filled) == 1 and filled <= {ars, scene.other.ars}  # a public portal's key
    try_url = reverse("api:docs_try")
    sent = client.get(
        try_url,
        {"operation": "measures_list", "ars": ars, "political_state": "adopted", "q": ""},
    )
    assert sent.status_code == 302
    assert sent["Location"] == f"/api/v1/{ars}/measures/?political_state=adopted"
    assert client.get(sent["Location"]).json()["count"] >= 1
    detail = client.get(try_url, {"operation": "offers_retrieve", "ars": ars, "id": "7"})
    assert detail["Location"] == f"/api/v1/{ars}/offers/7/"
    # A path value that is no number goes back to the form with a message, not into a URL.
    bad = client.get(try_url, {"operation": "measures_list", "ars": "../admin"}, follow=True)
    assert bad.redirect_chain[-1][0] == reverse("api:docs")
    assert "„ars“ muss eine Zahl mit höchstens 12 Ziffern sein." in bad.content.decode()
    arabic_digits = client.get(try_url, {"operation": "measures_list", "ars": "٠٥٣١٥"})
    assert arabic_digits["Location"] == reverse("api:docs")
    assert client.get(try_url, {"operation": "nothing"}).status_code == 404


def test_docs_describe_the_endpoints_in_the_reader_s_language(scene):
    from django.conf import settings

    german = Client().get(reverse("api:docs")).content.decode()
    picked = Client()
    picked.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = picked.get(reverse("api:docs")).content.decode()
    assert "Approved offers of approved actors that have not ended." in english
    assert "Approved offers of approved actors" not in german
    assert "Freigegebene Angebote" in german
    assert "Gebiet (ID), Teilgebiete eingeschlossen" in german  # an id filter's label too


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
