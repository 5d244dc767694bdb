"""One mechanism against lost updates for every edited object (teilhabe.core.versioning)."""

from __future__ import annotations

from datetime import date

import pytest

from teilhabe.core.versioning import ConcurrentEditError, save_versioned
from teilhabe.inventory.models import Actor
from teilhabe.planning.models import Mandate


def _actor(world) -> Actor:  # type: ignore[no-untyped-def]
    return save_versioned(
        Actor(municipality=world.municipality, name="Caritas", kind="wohlfahrtsverband")
    )


def test_new_object_starts_at_version_one_and_each_save_raises_it(world):
    actor = _actor(world)
    assert actor.version == 1
    actor.name = "Caritas Köln"
    save_versioned(actor, expected_version=1)
    assert actor.version == 2
    assert Actor.objects.get(pk=actor.pk).version == 2


def test_second_save_from_the_same_form_state_is_refused(world):
    actor = _actor(world)
    first = Actor.objects.get(pk=actor.pk)
    second = Actor.objects.get(pk=actor.pk)
    first.name = "Caritas A"
    save_versioned(first, expected_version=1)
    second.name = "Caritas B"
    with pytest.raises(ConcurrentEditError) as info:
        save_versioned(second, expected_version=1)
    assert info.value.current.name == "Caritas A"
    assert Actor.objects.get(pk=actor.pk).name == "Caritas A"  # nothing overwritten


def test_conflict_is_a_validation_error_with_a_german_message(world):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    actor = _actor(world)
    save_versioned(actor, expected_version=1)
    with translation.override("de"), pytest.raises(ValidationError) as info:
        save_versioned(actor, expected_version=1)
    assert "inzwischen geändert" in str(info.value.messages[0])


def test_invalid_object_is_not_saved_and_keeps_its_version(world):
    from django.core.exceptions import ValidationError

    mandate = Mandate(
        municipality=world.municipality,
        title="Auftrag",
        description="Konzept erstellen",
        ordered_on=date(2024, 1, 1),
    )
    save_versioned(mandate)
    mandate.title = ""
    with pytest.raises(ValidationError):
        save_versioned(mandate, expected_version=1)
    assert Mandate.objects.get(pk=mandate.pk).version == 1


def test_history_names_the_author(world):
    actor = _actor(world)
    actor.name = "Caritas Köln"
    save_versioned(actor, expected_version=1, user=world.users["editor"])
    assert actor.history.first().history_user == world.users["editor"]
