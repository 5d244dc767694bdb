"""The concept answers the needs: a measure linked to a need takes it off the unanswered
needs and shows it on the measure's page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.concept.tests.factories import measure
from teilhabe.needs import selectors, services
from teilhabe.needs.models import Need, NeedStatus


def _need(world, **kwargs) -> Need:  # type: ignore[no-untyped-def]
    return services.need_save(
        need=Need(municipality=world.municipality, field=world.field, **kwargs),
        expected_version=None,
    )


def test_unanswered_needs_and_needs_for_measures(world):
    answered = _need(world, title="Beantwortet", status=NeedStatus.ACCEPTED)
    open_need = _need(world, title="Offen", status=NeedStatus.ACCEPTED)
    _need(world, title="Kandidat")
    m = measure(world, number="SP-9")
    answered.measures.add(m)
    m_ = world.municipality
    assert list(selectors.unanswered_needs(m_, published_only=False)) == [open_need]
    assert list(selectors.unanswered_needs(m_)) == []  # nothing published yet
    assert selectors.needs_for_measures(m_, [m.pk]) == {}
    services.need_publication_set(need=answered, approved=True, user=world.users["admin"])
    services.need_publication_set(need=open_need, approved=True, user=world.users["admin"])
    assert selectors.needs_for_measures(m_, [m.pk]) == {m.pk: [answered]}
    assert list(selectors.unanswered_needs(m_)) == [open_need]
    # Another municipality's measure ids give nothing.
    assert selectors.needs_for_measures(world.other, [m.pk]) == {}
    client = login(Client(), world.users["reader"])
    page = client.get(reverse("concept:measure_detail", args=[m_.ars, m.pk]))
    assert "Beantwortet" in page.content.decode()
    listing = client.get(reverse("needs:need_unanswered", args=[m_.ars]))
    assert [n.title for n in listing.context["needs"]] == ["Offen"]


def test_need_form_links_recommendations_and_measures(world):
    from teilhabe.concept.models import Recommendation

    need = _need(world, title="Kinderbetreuung")
    rec = Recommendation.objects.create(
        municipality=world.municipality, field=world.field, title="Betreuung ausbauen"
    )
    m = measure(world, number="SP-8")
    client = login(Client(), world.users["admin"])
    url = reverse("needs:need_edit", args=[world.municipality.ars, need.pk])
    form = client.get(url).context["form"]
    assert {"recommendations", "measures"} <= set(form.fields)
    data = {
        "title": need.title,
        "field": world.field.pk,
        "recommendations": [rec.pk],
        "measures": [m.pk],
        "version": need.version,
    }
    assert client.post(url, data).status_code == 302
    assert list(need.recommendations.all()) == [rec] and list(m.needs.all()) == [need]
    assert list(rec.needs.all()) == [need]
