"""The concept page lists every measure under its goal (and those without a goal) with a link
and its traffic light."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.concept.tests.factories import concept, measure


def test_tree_lists_measures_with_links_lights_and_escaped_titles(world):
    parts = concept(world)
    under_goal = measure(
        world, number="SP-1", _concept=parts, traffic_light="red", title="Sprache <b>& mehr</b>"
    )
    without_goal = measure(world, number="SP-2", traffic_light="")
    client = login(Client(), world.users["reader"])
    ars = world.municipality.ars
    html = client.get(reverse("concept:tree", args=[ars]), HTTP_ACCEPT_LANGUAGE="de").content
    page = html.decode()
    for m in (under_goal, without_goal):
        assert f'href="{reverse("concept:measure_detail", args=[ars, m.pk])}"' in page
    assert "SP-1 Sprache &lt;b&gt;&amp; mehr&lt;/b&gt;" in page
    assert "<b>&" not in page
    # Each measure's badge, in German.
    assert page.count("light light--red") == 1
    assert page.count("light light--none") == 1
    assert "nicht im Plan" in page and "nicht bewertet" in page
