"""A decision reaches what the paper decides: concept draft, measures, mandates."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from teilhabe.council import consequences, services
from teilhabe.council.models import ConsultationResult, ConsultationRole
from teilhabe.council.tests.helpers import committee, paper

concept_models = pytest.importorskip("teilhabe.concept.models")
concept_services = pytest.importorskip("teilhabe.concept.services")
planning_models = pytest.importorskip("teilhabe.planning.models")

pytestmark = pytest.mark.django_db


def _decided_paper(world):  # type: ignore[no-untyped-def]
    m = world.municipality
    p = paper(m)
    council = committee(m, "Rat der Stadt Köln", "council")
    (decision,) = services.consultations_plan(
        paper=p,
        steps=[
            services.PlannedStep(
                committee=council,
                planned_date=date(2026, 10, 6),
                role=ConsultationRole.DECISION,
                authoritative=True,
            )
        ],
        replan=False,
    )
    services.paper_hand_over(paper=p, reference="2871/2026", ris_url="")
    return p, decision


def _link(p, obj) -> None:  # type: ignore[no-untyped-def]
    consequences.link_add(paper=p, key=f"{ContentType.objects.get_for_model(obj).pk}:{obj.pk}")


def test_adoption_adopts_the_draft_and_changes_only_the_political_state(world):
    m = world.municipality
    measure = concept_models.Measure.objects.create(
        municipality=m, number="SP-1", title="Sprachcafé im Veedel"
    )
    financial_before = measure.financial_state
    draft = concept_services.draft_freeze(municipality=m, title="Entwurf 1", user=None)
    # Neither in the draft nor linked: the decision does not reach it.
    other = concept_models.Measure.objects.create(
        municipality=m, number="SP-2", title="Nicht verknüpft"
    )
    p, decision = _decided_paper(world)
    _link(p, draft)
    _link(p, measure)
    choices = dict(consequences.link_choices(paper=p))
    assert not any("Entwurf 1" in label for label in choices.values())  # linked already
    services.consultation_record_result(
        consultation=decision,
        result=ConsultationResult.ADOPTED_AMENDED,
        resolution_text="Der Rat beschließt das Integrationskonzept.",
        user=world.users["admin"],
    )
    draft.refresh_from_db()
    measure.refresh_from_db()
    other.refresh_from_db()
    assert draft.decided_on == date(2026, 10, 6)
    assert draft.decision_body == "Rat der Stadt Köln"
    assert draft.paper_reference == "2871/2026"
    assert not draft.acknowledged
    assert measure.political_state == "adopted"
    assert measure.decision_body == "Rat der Stadt Köln"
    assert measure.financial_state == financial_before
    assert other.political_state == "proposed"
    assert all(link["link"].applied_at for link in consequences.links_for(paper=p))


def test_a_recommendation_is_not_an_adoption(world):
    m = world.municipality
    measure = concept_models.Measure.objects.create(
        municipality=m, number="SP-3", title="Lotsenprojekt"
    )
    p, decision = _decided_paper(world)
    decision.authoritative = False
    decision.save()
    _link(p, measure)
    services.consultation_record_result(
        consultation=decision, result=ConsultationResult.RECOMMENDED
    )
    measure.refresh_from_db()
    assert measure.political_state == "proposed"


def test_taking_note_acknowledges(world):
    m = world.municipality
    draft = concept_services.draft_freeze(municipality=m, title="Strategie", user=None)
    p, decision = _decided_paper(world)
    _link(p, draft)
    services.consultation_record_result(consultation=decision, result=ConsultationResult.NOTED)
    draft.refresh_from_db()
    assert draft.acknowledged and draft.decided_on == date(2026, 10, 6)


def test_objects_of_another_municipality_cannot_be_linked(world):
    foreign = concept_models.Measure.objects.create(
        municipality=world.other, number="X-1", title="Fremd"
    )
    p, _decision = _decided_paper(world)
    with pytest.raises(ValidationError):
        _link(p, foreign)


def test_decision_gives_a_mandate_and_a_later_paper_closes_it(world):
    p, decision = _decided_paper(world)
    with pytest.raises(ValidationError):  # no decision yet
        consequences.mandate_create_from_paper(
            paper=p, title="Bericht", description="", report_due="2027-06-30", user=None
        )
    services.consultation_record_result(consultation=decision, result=ConsultationResult.ADOPTED)
    mandate = consequences.mandate_create_from_paper(
        paper=p,
        title="Personalausstattung prüfen und berichten",
        description="",
        report_due="2027-06-30",
        user=world.users["admin"],
    )
    assert mandate.report_due == date(2027, 6, 30)
    assert mandate.ordered_on == date(2026, 10, 6)
    assert mandate.source_reference == "2871/2026"
    assert mandate.body_name == "Rat der Stadt Köln"
    assert [m["label"] for m in consequences.mandates_for(paper=p)] == [str(mandate)]
    report = paper(
        world.municipality, "Mitteilungsvorlage", subject="Bericht zur Personalausstattung"
    )
    assert (mandate.pk, str(mandate)) in consequences.open_mandate_choices(paper=report)
    consequences.mandate_close_by_paper(
        paper=report, mandate_id=mandate.pk, note="Bericht erstattet", user=world.users["admin"]
    )
    mandate.refresh_from_db()
    assert mandate.status == "closed"
    assert mandate.closing_reference == report.subject
    assert list(report.mandates_closed.all()) == [mandate]
    assert list(mandate.given_by_papers.all()) == [p]
    assert consequences.open_mandate_choices(paper=report) == []
