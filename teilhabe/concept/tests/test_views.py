"""Pages: who may report, the htmx list, the federation, another municipality's objects."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.concept import services
from teilhabe.concept.models import Measure
from teilhabe.concept.tests.factories import concept, measure


def test_measure_page_shows_the_decision_and_the_chain(world):
    parts = concept(world)
    m = measure(world, _concept=parts)
    services.measure_set_political_state(
        measure=m,
        state="adopted",
        decided_on=date(2026, 6, 26),
        body_name="Rat der Stadt Köln",
        paper_reference="2154/2026",
        user=None,
    )
    client = login(Client(), world.users["reader"])
    page = client.get(
        reverse("concept:measure_detail", args=[world.municipality.ars, m.pk])
    ).content.decode()
    assert "26.06.2026" in page and "Rat der Stadt Köln" in page and "2154/2026" in page
    assert parts["rec"].title in page and parts["goal"].title in page
    rec_page = client.get(
        reverse("concept:recommendation_detail", args=[world.municipality.ars, parts["rec"].pk])
    )
    assert m.title in rec_page.content.decode()


def test_measure_list_filters_and_htmx_fragment(world):
    measure(world, number="SP-1", title="Sprachcafé", traffic_light="red")
    measure(world, number="SP-2", title="Elterncafé", traffic_light="green")
    client = login(Client(), world.users["reader"])
    url = reverse("concept:measure_list", args=[world.municipality.ars])
    page = client.get(url, {"ampel": "red"})
    assert [m.number for m in page.context["page"].object_list] == ["SP-1"]
    fragment = client.get(url, {"q": "Eltern"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "Elterncafé" in body and "Sprachcafé" not in body
    assert "<html" not in body  # only the results
    assert "q=Eltern" in body  # export links keep the filter state


def test_another_municipalitys_measure_answers_404(world):
    m = measure(world)
    foreign = login(Client(), world.users["foreign"])
    other_url = reverse("concept:measure_detail", args=[world.other.ars, m.pk])
    assert foreign.get(other_url).status_code == 404


def test_only_a_town_of_the_county_may_lead(world):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.measure_save(
            measure=Measure(
                municipality=world.municipality,
                number="X-1",
                title="x",
                lead_municipality=world.other,
            ),
            expected_version=None,
            m2m={"fields": [world.field]},
        )
    assert "lead_municipality" in exc.value.message_dict


def test_demo_is_idempotent(world):
    from teilhabe.concept.demo import demo_concept
    from teilhabe.core.demo import demo_koeln

    koeln = demo_koeln()
    demo_concept(koeln)
    count = Measure.objects.filter(municipality=koeln).count()
    assert 30 <= count <= 60
    demo_concept(koeln)
    assert Measure.objects.filter(municipality=koeln).count() == count
    states = set(
        Measure.objects.filter(municipality=koeln).values_list("implementation_state", flat=True)
    )
    assert states == {"not_started", "in_progress", "implemented", "permanent", "paused", "stopped"}


def test_the_chain_contribution_recommendation_measure_is_visible_both_ways(world):
    from teilhabe.participation.models import Contribution, ContributionChannel, WorkingGroup

    parts = concept(world)
    group = WorkingGroup.objects.create(
        municipality=world.municipality, name="AG Sprache", field_of_action=world.field
    )
    idea = Contribution.objects.create(
        municipality=world.municipality,
        text="Sprachkurse mit Kinderbetreuung am Vormittag",
        channel=ContributionChannel.choices[0][0],
        field_of_action=world.field,
    )
    m = measure(world, _concept=parts)
    client = login(Client(), world.users["editor"])
    url = reverse("concept:recommendation_edit", args=[world.municipality.ars, parts["rec"].pk])
    response = client.post(
        url,
        {
            "version": str(parts["rec"].version),
            "field": world.field.pk,
            "number": "SP-E1",
            "title": parts["rec"].title,
            "origin": "working_group",
            "working_group": group.pk,
            "contributions": [idea.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(idea.recommendations.all()) == [parts["rec"]]
    page = client.get(
        reverse("concept:recommendation_detail", args=[world.municipality.ars, parts["rec"].pk])
    )
    body = page.content.decode()
    assert idea.text in body and m.title in body and "AG Sprache" in body
