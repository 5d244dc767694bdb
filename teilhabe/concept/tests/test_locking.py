"""Two people editing the same measure: the second save is refused, never a silent overwrite."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.concept import services
from teilhabe.concept.models import Measure
from teilhabe.concept.tests.factories import measure
from teilhabe.core.versioning import ConcurrentEditError


def test_second_save_based_on_the_same_version_is_refused(world):
    m = measure(world)
    first = Measure.objects.get(pk=m.pk)
    second = Measure.objects.get(pk=m.pk)
    first.title = "Sprachcafés in allen Bibliotheken"
    services.measure_save(measure=first, expected_version=1)
    second.title = "Sprachcafés am Wochenende"
    with pytest.raises(ConcurrentEditError) as exc:
        services.measure_save(measure=second, expected_version=1)
    assert exc.value.current.title == "Sprachcafés in allen Bibliotheken"
    assert Measure.objects.get(pk=m.pk).title == "Sprachcafés in allen Bibliotheken"
    assert Measure.objects.get(pk=m.pk).version == 2


def test_edit_page_shows_the_other_change_and_keeps_the_input(world):
    m = measure(world, description="Alt")
    url = reverse("concept:measure_edit", args=[world.municipality.ars, m.pk])
    editor, admin = login(Client(), world.users["editor"]), login(Client(), world.users["admin"])
    form_page = editor.get(url)
    assert form_page.status_code == 200
    data = {
        "version": "1",
        "number": "SP-1",
        "title": m.title,
        "description": "Meine Fassung",
        "fields": [world.field.pk],
        "origin": "working_group",
        "financial_state": "open",
        "implementation_state": "not_started",
        "traffic_light": "",
        "citywide": "on",
    }
    assert admin.post(url, data | {"description": "Fassung der Kollegin"}).status_code == 302
    response = editor.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fassung der Kollegin" in page and "Meine Fassung" in page
    assert response.context["conflict"]["rows"][0]["theirs"] == "Fassung der Kollegin"
    assert Measure.objects.get(pk=m.pk).description == "Fassung der Kollegin"
    # The form now carries the current version: saving again is a conscious overwrite.
    assert response.context["form"].data["version"] == "2"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two concurrent PostgreSQL connections"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_on_two_connections_let_exactly_one_win():
    from teilhabe.core.models import FieldOfAction
    from teilhabe.core.services import municipality_create

    municipality = municipality_create(
        ars="053150000000", name="Stadt Köln", kind="kreisfreie_stadt"
    )
    field = FieldOfAction.objects.create(municipality=municipality, name="Sprache")
    m = services.measure_save(
        measure=Measure(municipality=municipality, number="SP-1", title="Sprachcafé"),
        expected_version=None,
        m2m={"fields": [field]},
    )
    first_saved = threading.Event()
    second_started = threading.Event()
    results: dict[str, str] = {}

    def editor(name: str, title: str, wait_before_commit: bool) -> None:
        try:
            with transaction.atomic():
                obj = Measure.objects.get(pk=m.pk)
                obj.title = title
                if not wait_before_commit:
                    second_started.wait(5)
                services.measure_save(measure=obj, expected_version=1)
                if wait_before_commit:
                    first_saved.set()
                    second_started.wait(5)
            results[name] = "saved"
        except ConcurrentEditError:
            results[name] = "refused"
        finally:
            connection.close()

    a = threading.Thread(target=editor, args=("a", "Fassung A", True))
    a.start()
    first_saved.wait(5)  # A holds the row lock, uncommitted
    b = threading.Thread(target=editor, args=("b", "Fassung B", False))
    b.start()
    second_started.set()  # B now blocks on the row until A commits, then sees version 2
    a.join(10)
    b.join(10)
    assert results == {"a": "saved", "b": "refused"}
    stored = Measure.objects.get(pk=m.pk)
    assert (stored.title, stored.version) == ("Fassung A", 2)


def test_stale_vision_save_is_refused_and_history_names_the_author(world):
    from teilhabe.concept.models import Vision

    editor, admin = world.users["editor"], world.users["admin"]
    vision = services.vision_save(
        municipality=world.municipality, text="Erste Fassung", expected_version=None, user=editor
    )
    loaded = vision.version
    services.vision_save(
        municipality=world.municipality,
        text="Fassung der Kollegin",
        expected_version=loaded,
        user=admin,
    )
    with pytest.raises(ConcurrentEditError) as exc:
        services.vision_save(
            municipality=world.municipality,
            text="Meine Fassung",
            expected_version=loaded,
            user=editor,
        )
    assert exc.value.current.text == "Fassung der Kollegin"
    stored = Vision.objects.get(municipality=world.municipality)
    assert (stored.text, stored.version) == ("Fassung der Kollegin", loaded + 1)
    assert [h.history_user for h in stored.history.order_by("history_date")] == [editor, admin]


def test_need_history_names_the_author_outside_a_request(world):
    from teilhabe.needs import services as needs_services
    from teilhabe.needs.models import Need

    editor = world.users["editor"]
    need = needs_services.need_save(
        need=Need(municipality=world.municipality, title="Kinderbetreuung", field=world.field),
        expected_version=None,
        user=editor,
    )
    assert need.history.first().history_user == editor


def test_conflict_with_an_object_deleted_meanwhile_is_not_found(world):
    from django.http import Http404

    from teilhabe.core.editing import stored_state

    m = measure(world)
    stale = Measure.objects.get(pk=m.pk)
    m.delete()
    with pytest.raises(ConcurrentEditError) as exc:
        services.measure_save(measure=stale, expected_version=stale.version)
    assert exc.value.current is None
    with pytest.raises(Http404):
        stored_state(exc.value)
