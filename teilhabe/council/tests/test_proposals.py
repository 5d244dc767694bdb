"""Change proposals of the concept: title, text and move are worked in; the deciding body is one
of the municipality's bodies or groups; the comparison names proposal, author and body."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from teilhabe.concept import services as concept_services
from teilhabe.concept.models import ChangeProposal, Goal, ProposalDecision
from teilhabe.concept.tests.factories import concept, measure
from teilhabe.council.tests.helpers import committee
from teilhabe.participation.models import SteeringGroup, WorkingGroup

pytestmark = pytest.mark.django_db


def test_a_proposal_decided_by_a_body_moves_and_renames_the_measure(world):
    m = world.municipality
    parts = concept(world)
    other_goal = concept_services.goal_save(
        goal=Goal(municipality=m, strategic_goal=parts["sg"], title="Eltern sprechen mit der Kita"),
        expected_version=None,
    )
    sprachcafe = measure(world, "SP-4", title="Sprachcafé", description="Alt", _concept=parts)
    committee(m, "Integrationsrat", "integration_council")
    WorkingGroup.objects.create(
        municipality=m, name="Bildung und Sprache", field_of_action=world.field
    )
    SteeringGroup.objects.create(municipality=m, name="Steuerungsgruppe Integration")
    draft = concept_services.draft_freeze(municipality=m, title="Entwurf 1", user=None)
    proposal = concept_services.proposal_submit(
        draft=draft,
        item_key=f"measure:{sprachcafe.pk}",
        kind="replace",
        proposed_title="Sprachcafé für Eltern",
        proposed_text="Wöchentlich in drei Familienzentren, mit Kinderbetreuung.",
        move_to_goal=other_goal,
        justification="Die Eltern erreichen wir über die Kitas.",
        submitted_by_name="Fraktion Bündnis 90/Die Grünen",
        user=None,
    )
    browser = login(Client(), world.users["editor"])
    page_url = reverse("concept:proposal_detail", args=[m.ars, proposal.pk])
    page = browser.get(page_url).content.decode()
    # The decision panel offers the bodies and the groups, nothing typed by hand.
    for choice in ("Integrationsrat", "Steuerungsgruppe Integration", "Arbeitsgruppe Bildung"):
        assert f'value="{choice}' in page, choice
    decide = reverse("council:proposal_decide", args=[m.ars, proposal.pk])
    refused = browser.post(
        decide,
        {"decision": "accepted", "body": "Stammtisch", "decided_on": "2026-05-12"},
        follow=True,
    )
    assert "keine gültige Auswahl" in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.decision == ProposalDecision.OPEN
    browser.post(
        decide, {"decision": "accepted", "body": "Integrationsrat", "decided_on": "2026-05-12"}
    )
    proposal.refresh_from_db()
    assert (proposal.decision, proposal.decided_by_body) == ("accepted", "Integrationsrat")
    assert proposal.decided_on == date(2026, 5, 12)
    # Working it in applies all of it: title, text and the move to the other goal.
    browser.post(reverse("concept:proposal_apply", args=[m.ars, proposal.pk]))
    sprachcafe.refresh_from_db()
    assert sprachcafe.title == "Sprachcafé für Eltern"
    assert sprachcafe.description.startswith("Wöchentlich in drei Familienzentren")
    assert list(sprachcafe.goals.all()) == [other_goal]
    # The comparison of the two drafts names the proposal, its author and the deciding body.
    concept_services.draft_freeze(municipality=m, title="Entwurf 2", user=None)
    compare = browser.get(reverse("concept:draft_compare", args=[m.ars])).content.decode()
    assert "Fraktion Bündnis 90/Die Grünen" in compare
    assert "durch Integrationsrat am 12.05.2026" in compare
    assert reverse("concept:proposal_detail", args=[m.ars, proposal.pk]) in compare


def test_only_a_measure_moves_to_a_goal(world):
    parts = concept(world)
    draft = concept_services.draft_freeze(municipality=world.municipality, title="", user=None)
    with pytest.raises(Exception) as refused:
        concept_services.proposal_submit(
            draft=draft,
            item_key=f"recommendation:{parts['rec'].pk}",
            kind="replace",
            move_to_goal=parts["goal"],
            justification="Passt besser",
            submitted_by_name="AG Sprache",
            user=None,
        )
    assert "move_to_goal" in refused.value.message_dict  # type: ignore[attr-defined]
    assert not ChangeProposal.objects.exists()
