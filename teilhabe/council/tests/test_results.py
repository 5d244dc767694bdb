"""Results follow the calendar and the sequence, and every result kind has one defined effect
on the paper, the linked draft, the measures' political state and mandates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import build_world, login, shared_data
from teilhabe.concept import services as concept_services
from teilhabe.concept.models import ConceptDraft, FinancialState, Measure
from teilhabe.council import consequences, services
from teilhabe.council.models import (
    Consultation,
    ConsultationResult,
    ConsultationRole,
    MeetingStatus,
    Paper,
    PaperStatus,
)
from teilhabe.council.tests.helpers import committee, meeting, paper

R = ConsultationResult
PAST = date(2026, 3, 10)  # both steps lie before "today" of every run of these tests

# result → (draft afterwards, draft "with changes", measure's political state, mandate possible)
EXPECTED = {
    R.ADOPTED: ("adopted", False, "adopted", True),
    R.ADOPTED_AMENDED: ("adopted", True, "adopted", True),
    R.REJECTED: ("open", False, "rejected", False),
    R.POSTPONED: ("open", False, "proposed", False),
    R.REFERRED: ("open", False, "proposed", False),
    R.NOTED: ("acknowledged", False, "acknowledged", False),
    R.FORWARDED: ("open", False, "proposed", False),
    R.RECOMMENDED: ("open", False, "proposed", False),
    R.WITHDRAWN: ("open", False, "proposed", False),
}
# Results after which the step still has to be dealt with: the paper stays open.
STAYS_OPEN = {R.POSTPONED, R.REFERRED}


@pytest.fixture(scope="module")
def results_world(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_data(django_db_blocker, tmp_path_factory.mktemp("media")):
        world = build_world()
        m = world.municipality
        world.extra["ausschuss"] = committee(m, "Ausschuss für Soziales und Integration")
        world.extra["rat"] = committee(m, "Rat der Stadt Köln", "council")
        yield world


@pytest.fixture
def w(results_world, db):  # type: ignore[no-untyped-def]
    return results_world


def _setup(w, state: str):  # type: ignore[no-untyped-def]
    """A paper in ``state`` deciding a draft and a measure: a preliminary step (recommended)
    and the authoritative step of the council, both in the past."""
    m = w.municipality
    measure = Measure.objects.create(
        municipality=m,
        number="SP-7",
        title="Sprachmittlerpool",
        financial_state=FinancialState.REGISTERED,
        budget_year=2027,
    )
    draft = concept_services.draft_freeze(municipality=m, title="Entwurf 2", user=None)
    p = paper(m)
    steps = services.consultations_plan(
        paper=p,
        steps=[
            services.PlannedStep(committee=w.extra["ausschuss"], planned_date=PAST),
            services.PlannedStep(
                committee=w.extra["rat"],
                planned_date=PAST + timedelta(days=14),
                role=ConsultationRole.DECISION,
                authoritative=True,
            ),
        ],
        replan=False,
    )
    for obj in (draft, measure):
        ct = ContentType.objects.get_for_model(obj)
        consequences.link_add(paper=p, key=f"{ct.pk}:{obj.pk}")
    if state in (PaperStatus.SIGNOFF, PaperStatus.READY):
        Paper.objects.filter(pk=p.pk).update(status=state)
    if state in (PaperStatus.SUBMITTED, PaperStatus.DONE):
        services.paper_hand_over(paper=p, reference="2950/2026", ris_url="")
        services.consultation_record_result(
            consultation=Consultation.objects.get(pk=steps[0].pk), result=R.RECOMMENDED
        )
    if state == PaperStatus.DONE:
        services.consultation_record_result(
            consultation=Consultation.objects.get(pk=steps[1].pk), result=R.NOTED
        )
        draft.refresh_from_db()
        measure.refresh_from_db()
    p = Paper.objects.get(pk=p.pk)
    assert p.status == state
    return p, Consultation.objects.get(pk=steps[1].pk), draft, measure


def _draft_state(draft: ConceptDraft) -> str:
    if not draft.decided_on:
        return "open"
    return "acknowledged" if draft.acknowledged else "adopted"


@pytest.mark.parametrize("state", list(PaperStatus.values))
@pytest.mark.parametrize("result", list(EXPECTED))
def test_every_result_kind_in_every_paper_state(w, result, state):
    assert set(EXPECTED) == set(R.values) - {R.OPEN}  # the table covers every result kind
    p, decision, draft, measure = _setup(w, state)
    before = (_draft_state(draft), draft.amended, measure.political_state)
    if state != PaperStatus.SUBMITTED:
        with pytest.raises(ValidationError) as refused:
            services.consultation_record_result(consultation=decision, result=result)
        text = " ".join(refused.value.messages)
        if state == PaperStatus.DONE:
            assert "abgeschlossen" in text and "Neuplanung" in text
        else:
            assert "Drucksachen-Nr." in text
        draft.refresh_from_db()
        measure.refresh_from_db()
        assert (_draft_state(draft), draft.amended, measure.political_state) == before
        assert Paper.objects.get(pk=p.pk).status == state
        return
    services.consultation_record_result(consultation=decision, result=result)
    draft.refresh_from_db()
    measure.refresh_from_db()
    p.refresh_from_db()
    draft_state, amended, political, mandate = EXPECTED[result]
    assert _draft_state(draft) == draft_state
    assert draft.amended is amended
    assert measure.political_state == political
    assert measure.decision_amended is amended
    # The council decides politics, never money: the financial state stays as it was.
    assert measure.financial_state == FinancialState.REGISTERED
    if political != "proposed":
        assert measure.decided_on == PAST + timedelta(days=14)
        assert measure.decision_body == "Rat der Stadt Köln"
        assert measure.paper_reference == "2950/2026"
    expected_status = PaperStatus.SUBMITTED if result in STAYS_OPEN else PaperStatus.DONE
    assert p.status == expected_status
    if mandate:
        given = consequences.mandate_create_from_paper(
            paper=p, title="Bericht", description="", report_due="2027-06-30", user=None
        )
        assert given.ordered_on == PAST + timedelta(days=14)
    else:
        with pytest.raises(ValidationError):
            consequences.mandate_create_from_paper(
                paper=p, title="Bericht", description="", report_due="2027-06-30", user=None
            )


def test_a_preliminary_step_never_reaches_draft_or_measures(w):
    p, _decision, draft, measure = _setup(w, PaperStatus.SUBMITTED)
    (preliminary,) = [c for c in services.current_consultations(p) if not c.authoritative]
    Consultation.objects.filter(pk=preliminary.pk).update(result="")
    preliminary.refresh_from_db()
    services.consultation_record_result(consultation=preliminary, result=R.ADOPTED)
    draft.refresh_from_db()
    measure.refresh_from_db()
    assert _draft_state(draft) == "open" and measure.political_state == "proposed"
    assert Paper.objects.get(pk=p.pk).status == PaperStatus.SUBMITTED  # the council is open


def test_no_result_for_a_meeting_that_has_not_taken_place(w):
    m = w.municipality
    soon = timezone.localdate() + timedelta(days=190)
    rat = w.extra["rat"]
    future = meeting(m, rat, soon)
    p = paper(m, subject="Dringende Unterbringung")
    services.paper_hand_over(paper=p, reference="3001/2026", ris_url="")
    (step,) = services.consultations_plan(
        paper=p,
        steps=[
            services.PlannedStep(
                committee=rat, meeting=future, role=ConsultationRole.DECISION, authoritative=True
            )
        ],
        replan=False,
    )
    with pytest.raises(ValidationError) as refused:
        services.consultation_record_result(consultation=step, result=R.ADOPTED)
    assert soon.strftime("%d.%m.%Y") in " ".join(refused.value.messages)
    assert "noch nicht stattgefunden" in " ".join(refused.value.messages)
    # An urgent decision needs its reason and a day that has come.
    with pytest.raises(ValidationError) as no_reason:
        services.consultation_record_result(
            consultation=step, result=R.ADOPTED, urgent=True, urgent_on=timezone.localdate()
        )
    assert "urgent_reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError):
        services.consultation_record_result(
            consultation=step,
            result=R.ADOPTED,
            urgent=True,
            urgent_on=soon,
            urgent_reason="Frist des Landes",
        )
    yesterday = timezone.localdate() - timedelta(days=1)
    services.consultation_record_result(
        consultation=step,
        result=R.ADOPTED,
        urgent=True,
        urgent_on=yesterday,
        urgent_reason="Die Frist des Landesprogramms endet vor der nächsten Ratssitzung.",
    )
    step.refresh_from_db()
    assert step.day == yesterday and step.urgent
    # A cancelled meeting has no result either.
    other = paper(m, subject="Abgesagt")
    services.paper_hand_over(paper=other, reference="3002/2026", ris_url="")
    held = meeting(m, rat, PAST)
    held.status = MeetingStatus.CANCELLED
    held.save()
    (cancelled,) = services.consultations_plan(
        paper=other, steps=[services.PlannedStep(committee=rat, meeting=held)], replan=False
    )
    with pytest.raises(ValidationError) as refused:
        services.consultation_record_result(consultation=cancelled, result=R.RECOMMENDED)
    assert "abgesagt" in " ".join(refused.value.messages)


def test_paper_is_finished_only_when_every_step_is_settled_and_replanning_reopens_it(w):
    m = w.municipality
    p = paper(m, subject="Sechzehn Beratungen")
    services.paper_hand_over(paper=p, reference="3003/2026", ris_url="")
    bodies = [committee(m, f"Bezirksvertretung {n}", "district") for n in range(1, 16)]
    steps = [services.PlannedStep(committee=b, planned_date=PAST) for b in bodies]
    steps.append(
        services.PlannedStep(
            committee=w.extra["rat"],
            planned_date=PAST + timedelta(days=30),
            role=ConsultationRole.DECISION,
            authoritative=True,
        )
    )
    planned = services.consultations_plan(paper=p, steps=steps, replan=False)
    services.consultation_record_result(consultation=planned[0], result=R.RECOMMENDED)
    services.consultation_record_result(consultation=planned[-1], result=R.ADOPTED)
    p.refresh_from_db()
    assert p.status == PaperStatus.SUBMITTED  # 14 of 16 steps are open
    for step in planned[1:-1]:
        services.consultation_record_result(consultation=step, result=R.FORWARDED)
    p.refresh_from_db()
    assert p.status == PaperStatus.DONE
    # Discussed again: the re-planning keeps the old plan and opens the paper.
    services.consultations_plan(
        paper=p,
        steps=[
            *steps,
            services.PlannedStep(committee=w.extra["ausschuss"], planned_date=PAST),
        ],
        replan=True,
    )
    p.refresh_from_db()
    assert p.status == PaperStatus.SUBMITTED
    assert p.consultations.filter(superseded_at__isnull=False).count() == 16


def test_measure_page_says_adopted_with_changes_on_the_day_by_the_body(w):
    p, decision, _draft, measure = _setup(w, PaperStatus.SUBMITTED)
    services.consultation_record_result(consultation=decision, result=R.ADOPTED_AMENDED)
    browser = login(Client(), w.users["editor"])
    page = browser.get(
        reverse("concept:measure_detail", args=[w.municipality.ars, measure.pk])
    ).content.decode()
    assert "geändert beschlossen am 24.03.2026 durch Rat der Stadt Köln" in page
    paper_page = browser.get(
        reverse("council:paper_detail", args=[w.municipality.ars, p.pk])
    ).content.decode()
    assert "Beratung abgeschlossen" in paper_page
    assert reverse("council:consultation_result", args=[w.municipality.ars, decision.pk]) not in (
        paper_page
    )
