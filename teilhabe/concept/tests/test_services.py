"""Services of the concept: states, decisions, reports, drafts, proposals, the update."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teilhabe.concept import selectors, services
from teilhabe.concept.models import (
    FinancialState,
    Guideline,
    ImplementationState,
    Measure,
    PoliticalState,
    ProposalDecision,
)
from teilhabe.concept.tests.factories import concept, measure


def test_political_decision_never_changes_the_financial_state(world):
    m = measure(
        world,
        financial_state=FinancialState.REGISTERED,
        budget_year=2027,
        annual_amount=Decimal("45000"),
    )
    result = services.measure_set_political_state(
        measure=m,
        state=PoliticalState.ADOPTED,
        decided_on=date(2026, 6, 26),
        body_name="Rat der Stadt Köln",
        paper_reference="2154/2026",
        user=world.users["admin"],
    )
    result.refresh_from_db()
    assert result.political_state == PoliticalState.ADOPTED
    assert (result.decided_on, result.decision_body, result.paper_reference) == (
        date(2026, 6, 26),
        "Rat der Stadt Köln",
        "2154/2026",
    )
    assert result.financial_state == FinancialState.REGISTERED
    assert result.budget_year == 2027


def test_an_adopted_measure_needs_the_decision_date(world):
    m = measure(world)
    with pytest.raises(ValidationError) as exc:
        services.measure_set_political_state(
            measure=m,
            state=PoliticalState.ADOPTED,
            decided_on=None,
            body_name="Rat",
            paper_reference="",
            user=None,
        )
    assert "decided_on" in exc.value.message_dict


def test_paused_measure_needs_a_reason(world):
    m = measure(world)
    m.implementation_state = ImplementationState.PAUSED
    with pytest.raises(ValidationError) as exc:
        services.measure_save(measure=m, expected_version=m.version)
    assert "state_reason" in exc.value.message_dict


def test_budget_reminder_for_unsecured_costs(world):
    m = measure(world, annual_amount=Decimal("30000"), financial_state=FinancialState.OPEN)
    reminder = selectors.budget_reminder(measure=m, today=date(2026, 3, 1))
    assert reminder is not None
    assert (reminder.budget_year, reminder.deadline) == (2027, date(2026, 6, 30))
    late = selectors.budget_reminder(measure=m, today=date(2026, 11, 22))
    assert (late.budget_year, late.deadline) == (2028, date(2027, 6, 30))
    m.financial_state = FinancialState.BUDGETED
    m.budget_year = 2027
    assert selectors.budget_reminder(measure=m, today=date(2026, 3, 1)) is None
    m.financial_state = FinancialState.REGISTERED
    assert selectors.budget_reminder(measure=m, today=date(2026, 3, 1)) is None


def test_adopting_a_draft_adopts_its_proposed_measures_but_not_their_money(world):
    parts = concept(world)
    m = measure(
        world, _concept=parts, financial_state=FinancialState.OPEN, annual_amount=Decimal("1000")
    )
    draft = services.draft_freeze(municipality=world.municipality, title="Entwurf", user=None)
    later = measure(world, number="SP-2")  # created after the freeze: not part of the draft
    services.draft_adopt(
        draft=draft,
        decided_on=date(2026, 6, 26),
        body_name="Rat der Stadt Köln",
        paper_reference="1/2026",
        acknowledged=True,
        user=None,
    )
    m.refresh_from_db()
    later.refresh_from_db()
    assert m.political_state == PoliticalState.ACKNOWLEDGED
    assert m.financial_state == FinancialState.OPEN
    assert later.political_state == PoliticalState.PROPOSED
    draft.refresh_from_db()
    assert draft.is_adopted and draft.acknowledged


def test_drafts_are_numbered_and_frozen(world):
    parts = concept(world)
    d1 = services.draft_freeze(municipality=world.municipality, title="", user=None)
    parts["goal"].text = "Neu"
    services.goal_save(goal=parts["goal"], expected_version=parts["goal"].version)
    d2 = services.draft_freeze(municipality=world.municipality, title="", user=None)
    assert (d1.number, d2.number) == (1, 2)
    item = next(i for i in d1.snapshot if i["key"] == f"goal:{parts['goal'].pk}")
    assert item["text"] == ""
    changes = selectors.draft_compare(older=d1, newer=d2)
    assert [(c["key"], c["status"]) for c in changes] == [(f"goal:{parts['goal'].pk}", "changed")]


def test_change_proposals_are_decided_applied_and_compared(world):
    parts = concept(world)
    g = services.guideline_save(
        guideline=Guideline(municipality=world.municipality, title="Teilhabe", text="Alt"),
        expected_version=None,
    )
    d1 = services.draft_freeze(municipality=world.municipality, title="", user=None)
    replace = services.proposal_submit(
        draft=d1,
        item_key=f"guideline:{g.pk}",
        kind="replace",
        proposed_text="Neu und besser",
        justification="Klarer",
        submitted_by_name="Integrationsrat",
        user=None,
    )
    add = services.proposal_submit(
        draft=d1,
        item_key=f"goal:{parts['goal'].pk}",
        kind="add",
        proposed_title="Elterncafés",
        proposed_text="Wöchentlich",
        justification="Bedarf",
        submitted_by_name="Fraktion",
        user=None,
    )
    with pytest.raises(ValidationError):
        services.proposal_apply(proposal=replace, user=None)  # not decided yet
    services.proposal_decide(
        proposal=replace,
        decision=ProposalDecision.ACCEPTED,
        body_name="Gemeinsame Sitzung",
        decided_on=date(2026, 5, 1),
    )
    services.proposal_decide(
        proposal=add,
        decision=ProposalDecision.ACCEPTED_CHANGED,
        body_name="Gemeinsame Sitzung",
        decided_on=date(2026, 5, 1),
        final_text="Monatlich",
    )
    services.proposal_apply(proposal=replace, user=None)
    services.proposal_apply(proposal=add, user=None)
    g.refresh_from_db()
    assert g.text == "Neu und besser"
    new_measure = Measure.objects.get(municipality=world.municipality, title="Elterncafés")
    assert new_measure.description == "Monatlich"
    assert list(new_measure.goals.all()) == [parts["goal"]]
    d2 = services.draft_freeze(municipality=world.municipality, title="", user=None)
    changes = {c["key"]: c for c in selectors.draft_compare(older=d1, newer=d2)}
    assert changes[f"guideline:{g.pk}"]["status"] == "changed"
    assert changes[f"guideline:{g.pk}"]["proposals"] == [replace]
    assert changes[f"measure:{new_measure.pk}"]["status"] == "added"
    assert add in changes[f"measure:{new_measure.pk}"]["proposals"]


def test_proposal_needs_an_item_of_the_draft(world):
    d1 = services.draft_freeze(municipality=world.municipality, title="", user=None)
    with pytest.raises(ValidationError):
        services.proposal_submit(
            draft=d1,
            item_key="goal:999999",
            kind="delete",
            justification="x",
            submitted_by_name="x",
            user=None,
        )


def test_tree_rolls_up_counts_not_averages(world):
    parts = concept(world)
    for n, light in enumerate(["green", "green", "red", ""], start=1):
        measure(world, number=f"SP-{n}", _concept=parts, traffic_light=light)
    tree = selectors.concept_tree(municipality=world.municipality)
    field_node = tree.fields[0]
    assert field_node.rollup.total == 4
    assert dict(field_node.rollup.lights) == {"green": 2, "red": 1, "": 1}
    goal_node = field_node.strategic_goals[0].goals[0]
    assert goal_node.rollup.total == 4 and len(goal_node.measures) == 4


def test_published_selectors_return_only_approved_items(world):
    a = measure(world, number="SP-1")
    measure(world, number="SP-2")
    assert list(selectors.published_measures(municipality=world.municipality)) == []
    services.publication_set(obj=a, approved=True, user=world.users["admin"])
    assert [m.number for m in selectors.published_measures(municipality=world.municipality)] == [
        "SP-1"
    ]
    assert [
        m.number for m in selectors.published_tree(municipality=world.municipality)["measures"]
    ] == ["SP-1"]
    services.publication_set(obj=a, approved=False, user=world.users["admin"])
    assert list(selectors.published_measures(municipality=world.municipality)) == []


def test_previous_concept_import_is_idempotent_and_keeps_decisions(world):
    from teilhabe.concept.models import ConceptCycle

    cycle = ConceptCycle.objects.create(
        municipality=world.municipality, title="Integrationskonzept 2012", year=2012
    )
    rows = [{"number": "1.1", "title": "Deutschkurse für Mütter", "field_name": "Sprache"}]
    assert services.previous_measures_import(cycle=cycle, rows=rows)["created"] == 1
    old = cycle.old_measures.get()
    successor = measure(world)
    services.carry_over_decide(old=old, decision="continued", note="weiter", continued_as=successor)
    assert services.previous_measures_import(cycle=cycle, rows=rows) == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
    }
    old.refresh_from_db()
    assert (old.decision, old.continued_as) == ("continued", successor)
    assert list(successor.predecessors.all()) == [old]
    with pytest.raises(ValidationError):
        services.carry_over_decide(old=old, decision="dropped", note="", continued_as=successor)
