from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teilhabe.core.models import OrgUnit
from teilhabe.core.versioning import ConcurrentEditError
from teilhabe.council import services
from teilhabe.council.models import (
    ConsultationResult,
    ConsultationRole,
    CouncilSettings,
    PaperStatus,
    SignOffDecision,
    SignOffStep,
)
from teilhabe.council.tests.helpers import committee, meeting, paper

pytestmark = pytest.mark.django_db


def test_paper_deadline_counts_calendar_days_and_avoids_weekends(world):
    rule = CouncilSettings(municipality=world.municipality, deadline_days=14)
    assert rule.paper_deadline_for(date(2026, 12, 8)) == date(2026, 11, 24)  # Tuesday
    rule.deadline_days = 10  # 2026-11-28 is a Saturday → Friday before
    assert rule.paper_deadline_for(date(2026, 12, 8)) == date(2026, 11, 27)


def test_paper_deadline_in_working_days(world):
    rule = CouncilSettings(
        municipality=world.municipality, deadline_days=5, deadline_working_days=True
    )
    assert rule.paper_deadline_for(date(2026, 12, 8)) == date(2026, 12, 1)


def test_meeting_gets_deadline_from_rule_unless_set_by_hand(world):
    body = committee(world.municipality, "Integrationsrat", "integration_council")
    m = meeting(world.municipality, body, date(2026, 12, 8))
    assert m.paper_deadline == date(2026, 11, 24)
    m.deadline_overridden, m.paper_deadline = True, date(2026, 11, 20)
    services.meeting_save(meeting=m)
    m.refresh_from_db()
    assert m.paper_deadline == date(2026, 11, 20)
    rule = services.council_settings_ensure(municipality=world.municipality)
    rule.deadline_days = 21
    services.council_settings_save(settings_obj=rule)
    m.refresh_from_db()
    assert m.paper_deadline == date(2026, 11, 20)  # set by hand: kept


def test_renamed_body_keeps_old_name_for_earlier_consultations(world):
    body = committee(world.municipality, "Ausschuss für Soziales und Senioren")
    services.committee_rename(
        committee=body,
        new_name="Ausschuss für Soziales, Seniorinnen und Senioren",
        valid_from=date(2025, 11, 1),
    )
    assert body.name_on(date(2024, 5, 2)) == "Ausschuss für Soziales und Senioren"
    assert body.name_on(date(2025, 11, 1)) == "Ausschuss für Soziales, Seniorinnen und Senioren"
    with pytest.raises(ValidationError):
        services.committee_rename(committee=body, new_name="Neu", valid_from=date(2025, 6, 1))


def test_sections_are_numbered_and_replaced(world):
    p = paper(world.municipality)
    services.paper_save(
        paper=p,
        sections=[("Anlass", "Text A"), ("", ""), ("Weiteres Vorgehen", "Text B")],
        expected_version=p.version,
    )
    assert [(s.position, s.heading) for s in p.sections.all()] == [
        (1, "Anlass"),
        (2, "Weiteres Vorgehen"),
    ]


def test_concurrent_edit_is_detected(world):
    p = paper(world.municipality)
    stale = p.version
    services.paper_save(paper=p, expected_version=stale)
    with pytest.raises(ConcurrentEditError):
        services.paper_save(paper=p, expected_version=stale)


def test_information_paper_has_no_proposed_resolution(world):
    p = paper(world.municipality, "Mitteilungsvorlage")
    assert p.proposed_resolution == ""
    assert not p.has_resolution


def test_financial_impact_totals_and_consistency(world):
    p = paper(world.municipality)
    p.finance_none = False
    p.funds_available = Decimal("180000")
    p.required_amount = Decimal("210000")
    p.followup_staff = Decimal("80000")
    p.followup_other = Decimal("1500.50")
    p.cover_kind = "savings"
    services.paper_save(paper=p)
    assert p.shortfall == Decimal("30000")
    assert p.followup_total == Decimal("81500.50")
    p.finance_none = True
    with pytest.raises(ValidationError) as info:
        services.paper_save(paper=p)
    assert "finance_none" in info.value.message_dict


def test_signoffs_follow_conditions_and_deadline_of_first_meeting(world):
    m = world.municipality
    finance = OrgUnit.objects.create(municipality=m, name="Kämmerei")
    staff = OrgUnit.objects.create(municipality=m, name="Personalamt")
    SignOffStep.objects.create(municipality=m, org_unit=world.org_unit, position=1)
    SignOffStep.objects.create(
        municipality=m, org_unit=finance, condition=SignOffStep.Condition.FINANCE, position=2
    )
    SignOffStep.objects.create(
        municipality=m, org_unit=staff, condition=SignOffStep.Condition.STAFF, position=3
    )
    body = committee(m, "Integrationsrat", "integration_council")
    first = meeting(m, body, date(2026, 12, 8))  # paper deadline 24.11.
    p = paper(m, staff_plan_affected=True, staff_plan_note="1,0 Stelle EG 11")
    services.consultations_plan(
        paper=p, steps=[services.PlannedStep(committee=body, meeting=first)], replan=False
    )
    signoffs = services.signoffs_request(paper=p)
    assert [s.org_unit for s in signoffs] == [world.org_unit, staff]  # no financial impact
    assert all(s.due == date(2026, 11, 19) for s in signoffs)  # 5 days before the deadline
    assert p.status == PaperStatus.SIGNOFF
    services.signoff_decide(
        signoff=signoffs[0], decision=SignOffDecision.APPROVED, remark="", user=world.users["admin"]
    )
    services.signoff_decide(
        signoff=signoffs[1],
        decision=SignOffDecision.REFUSED,
        remark="Stellenbewertung fehlt",
        user=world.users["admin"],
    )
    p.refresh_from_db()
    assert p.status == PaperStatus.SIGNOFF
    services.signoff_decide(
        signoff=signoffs[1],
        decision=SignOffDecision.REMARK,
        remark="Stelle im Stellenplan 2027 anmelden",
        user=world.users["admin"],
    )
    p.refresh_from_db()
    assert p.status == PaperStatus.READY


def test_refusal_needs_a_reason(world):
    p = paper(world.municipality)
    from teilhabe.council.models import SignOff

    signoff = SignOff.objects.create(paper=p, org_unit=world.org_unit)
    with pytest.raises(ValidationError):
        services.signoff_decide(
            signoff=signoff, decision=SignOffDecision.REFUSED, remark=" ", user=world.users["admin"]
        )


LANDAU = [
    ("Stadtvorstand", date(2011, 11, 14), ConsultationRole.PRELIMINARY),
    ("Beirat für Migration und Integration", date(2011, 11, 17), ConsultationRole.PRELIMINARY),
    ("Sozialausschuss", date(2011, 11, 17), ConsultationRole.PRELIMINARY),
    ("Hauptausschuss", date(2011, 11, 29), ConsultationRole.PRELIMINARY),
    ("Jugendhilfe- und Sozialausschuss", date(2011, 12, 7), ConsultationRole.PRELIMINARY),
    ("Beirat für Migration und Integration", date(2011, 12, 8), ConsultationRole.PRELIMINARY),
    ("Stadtrat", date(2011, 12, 13), ConsultationRole.DECISION),
]


def _landau_steps(municipality) -> list[services.PlannedStep]:  # type: ignore[no-untyped-def]
    bodies: dict[str, object] = {}
    steps = []
    for name, day, role in LANDAU:
        body = bodies.get(name) or committee(municipality, name)
        bodies[name] = body
        steps.append(
            services.PlannedStep(
                committee=body,  # type: ignore[arg-type]
                planned_date=day,
                role=role,
                authoritative=role == ConsultationRole.DECISION,
            )
        )
    return steps


def test_landau_sequence_with_the_same_body_twice(world):
    p = paper(world.municipality)
    created = services.consultations_plan(
        paper=p, steps=_landau_steps(world.municipality), replan=False
    )
    assert [c.position for c in created] == list(range(1, 8))
    names = [c.committee_name for c in created]
    assert names.count("Beirat für Migration und Integration") == 2
    assert created[-1].authoritative


def test_replanning_keeps_the_old_plan_and_carries_results(world):
    p = paper(world.municipality)
    steps = _landau_steps(world.municipality)
    first = services.consultations_plan(paper=p, steps=steps[:3], replan=False)
    services.paper_hand_over(paper=p, reference="1204/2026", ris_url="")
    first[0].refresh_from_db()
    services.consultation_record_result(
        consultation=first[0], result=ConsultationResult.RECOMMENDED, unanimous=True
    )
    with pytest.raises(ValidationError):
        services.consultations_plan(paper=p, steps=steps, replan=False)
    services.consultations_plan(paper=p, steps=steps, replan=True)
    current = services.current_consultations(p)
    assert len(current) == 7 and current[0].plan_round == 2
    assert current[0].result == ConsultationResult.RECOMMENDED and current[0].unanimous
    assert p.consultations.filter(superseded_at__isnull=False).count() == 3


def test_only_one_authoritative_consultation(world):
    p = paper(world.municipality)
    steps = _landau_steps(world.municipality)
    steps[0].authoritative = True
    with pytest.raises(ValidationError):
        services.consultations_plan(paper=p, steps=steps, replan=False)


def test_authoritative_decision_finishes_the_paper(world):
    p = paper(world.municipality)
    body = committee(world.municipality, "Rat", "council")
    (decision,) = services.consultations_plan(
        paper=p,
        steps=[
            services.PlannedStep(
                committee=body,
                planned_date=date(2026, 10, 6),
                role=ConsultationRole.DECISION,
                authoritative=True,
            )
        ],
        replan=False,
    )
    services.paper_hand_over(paper=p, reference="1205/2026", ris_url="")
    decision.refresh_from_db()
    services.consultation_record_result(
        consultation=decision,
        result=ConsultationResult.ADOPTED,
        votes_yes=40,
        votes_no=3,
        votes_abstain=2,
        resolution_text="Der Rat beschließt.",
    )
    p.refresh_from_db()
    assert p.status == PaperStatus.DONE
    assert "40" in decision.vote_text


def test_drucksachen_nr_is_unique_per_municipality(world):
    a = paper(world.municipality)
    b = paper(world.municipality, subject="Anderes Thema")
    services.paper_hand_over(paper=a, reference="2871/2026", ris_url="https://ris.example/2871")
    assert a.status == PaperStatus.SUBMITTED
    with pytest.raises(ValidationError) as info:
        services.paper_hand_over(paper=b, reference="2871/2026", ris_url="")
    assert "2871/2026" in str(info.value)
