"""The working group's page in participation lists the recommendations the group drafted in the
concept, read through the relation the concept declares."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.concept.models import Recommendation
from teilhabe.participation.models import WorkingGroup


@pytest.mark.django_db
def test_group_page_lists_the_recommendations_the_group_drafted(world):
    m = world.municipality
    group = WorkingGroup.objects.create(
        municipality=m, name="AG Sprache", field_of_action=world.field
    )
    other = WorkingGroup.objects.create(
        municipality=m, name="AG Wohnen", field_of_action=world.field
    )
    Recommendation.objects.create(
        municipality=m,
        field=world.field,
        title="Sprachkurse mit Kinderbetreuung",
        working_group=group,
    )
    Recommendation.objects.create(
        municipality=m, field=world.field, title="Mehr Sozialwohnungen", working_group=other
    )
    client = login(Client(), world.users["reader"])
    page = client.get(reverse("participation:group_detail", args=[m.ars, "ag", group.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sprachkurse mit Kinderbetreuung" in text
    assert "Mehr Sozialwohnungen" not in text
