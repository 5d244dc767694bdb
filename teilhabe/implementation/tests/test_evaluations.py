"""Evaluations of measures: the logic model and figures, suggestions from the measure's
records, the request link (hashed, one answer, expiry, review) and the reports selector."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from teilhabe.concept.tests.factories import measure
from teilhabe.implementation import services
from teilhabe.implementation.models import (
    Evaluation,
    EvaluationFigure,
    EvaluationStatus,
    FigureRequest,
    RequestStatus,
)
from teilhabe.implementation.selectors import evaluations_for_period, figure_suggestions


def _evaluation(world, **kwargs) -> Evaluation:  # type: ignore[no-untyped-def]
    m = kwargs.pop("measure", None) or measure(world, number="SP-1")
    return services.evaluation_save(
        evaluation=Evaluation(
            municipality=world.municipality, measure=m, report_year=2025, **kwargs
        ),
        expected_version=None,
    )


def test_complete_evaluation_needs_question_findings_and_recommendation(world):
    evaluation = _evaluation(world, question="Wirkt es?")
    evaluation.status = EvaluationStatus.COMPLETE
    with pytest.raises(ValidationError) as exc:
        services.evaluation_save(evaluation=evaluation, expected_version=evaluation.version)
    assert {"findings", "recommendation"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        _evaluation(world, measure=evaluation.measure)  # one per measure and year


def test_suggestions_come_from_status_updates_and_usage(world):
    m = measure(world, number="SP-2")
    services.status_update_create(
        measure=m,
        traffic_light="green",
        text="Läuft",
        user=None,
        reported_on=date(2025, 6, 30),
        participants=82,
        money_spent=Decimal("12000.50"),
        progress_percent=60,
    )
    suggestions = figure_suggestions(measure=m, year=2025)
    by_label = {s.label: s for s in suggestions}
    assert by_label["Erreichte Teilnehmende"].value == 82
    assert by_label["Erreichte Teilnehmende"].stage == "output"
    spent = next(s for s in suggestions if s.unit == "EUR")
    assert spent.value == Decimal("12000.50") and spent.stage == "input"
    assert any(s.unit == "%" and s.value == 60 for s in suggestions)


def test_request_link_is_hashed_answered_once_and_reviewed(world):
    evaluation = _evaluation(world)
    request, token = services.request_create(
        evaluation=evaluation, recipient="Amt 51", message="Bitte Zahlen", user=None
    )
    assert token not in request.token_hash and len(request.token_hash) == 64
    url = reverse("implementation:evaluation_request_answer", args=[token])
    anonymous = Client()
    page = anonymous.get(url)
    assert page.status_code == 200 and "Bitte Zahlen" in page.content.decode()
    data = {
        "name": "Frau Wagner, Amt 51",
        "comment": "",
        "zahl-TOTAL_FORMS": "5",
        "zahl-INITIAL_FORMS": "0",
        "zahl-0-label": "Teilnehmende 2025",
        "zahl-0-value": "1.234,5",
        "zahl-0-unit": "Personen",
        "zahl-0-as_of": "2025-12-31",
        "zahl-1-label": "Ohne Wert",
    }
    invalid = anonymous.post(url, data)
    assert invalid.status_code == 200 and invalid.context["formset"].errors[1]
    data.pop("zahl-1-label")
    done = anonymous.post(url, data)
    assert done.status_code == 200
    figure = EvaluationFigure.objects.get(evaluation=evaluation)
    assert figure.value == Decimal("1234.50") and not figure.reviewed
    assert figure.origin == "request" and "Amt 51" in figure.source
    # One answer per link.
    assert anonymous.post(url, data).status_code == 410
    assert EvaluationFigure.objects.filter(evaluation=evaluation).count() == 1

    staff = login(Client(), world.users["editor"])
    detail = staff.get(
        reverse("implementation:evaluation_detail", args=[world.municipality.ars, evaluation.pk])
    )
    assert detail.context["figures"] == [] and detail.context["pending"] == [figure]
    review = reverse(
        "implementation:evaluation_request_review", args=[world.municipality.ars, request.pk]
    )
    assert login(Client(), world.users["reader"]).post(review, {"accept": "1"}).status_code == 403
    assert staff.post(review, {"accept": "1"}).status_code == 302
    figure.refresh_from_db()
    request.refresh_from_db()
    assert figure.reviewed and request.status == RequestStatus.ACCEPTED


def test_expired_or_unknown_links_answer_gone(world):
    evaluation = _evaluation(world)
    request, token = services.request_create(
        evaluation=evaluation, recipient="Caritas", message="", user=None
    )
    FigureRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client = Client()
    assert (
        client.get(reverse("implementation:evaluation_request_answer", args=[token])).status_code
        == 410
    )
    assert (
        client.get(reverse("implementation:evaluation_request_answer", args=["x" * 20])).status_code
        == 410
    )
    with pytest.raises(ValidationError):
        services.request_submit(
            request=request, name="X", comment="", figures=[{"label": "a", "value": 1}]
        )


def test_staff_create_a_request_and_see_the_link_once(world):
    evaluation = _evaluation(world)
    staff = login(Client(), world.users["admin"])
    ars = world.municipality.ars
    url = reverse("implementation:evaluation_request_create", args=[ars, evaluation.pk])
    assert (
        staff.post(url, {"recipient": "Amt 51", "message": "", "valid_days": "0"}).status_code
        == 200
    )
    response = staff.post(url, {"recipient": "Amt 51", "message": "", "valid_days": "14"})
    assert response.status_code == 302
    detail_url = reverse("implementation:evaluation_detail", args=[ars, evaluation.pk])
    link = staff.get(detail_url).context["new_link"]
    assert "/kennzahlen-melden/" in link
    assert staff.get(detail_url).context["new_link"] == ""
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert services.request_for_token(token).evaluation == evaluation


def test_evaluations_for_period_gives_complete_ones_with_reviewed_figures(world):
    done = _evaluation(
        world,
        question="Wirkt es?",
        input_text="1,5 Stellen",
        output_text="82 Teilnehmerinnen",
        findings="Ja.",
        recommendation="continue",
        status=EvaluationStatus.COMPLETE,
    )
    services.figure_add(
        evaluation=done,
        label="Teilnehmende",
        value=Decimal(82),
        unit="Personen",
        source="Sachstand",
        as_of=date(2025, 12, 31),
        stage="output",
    )
    request, _token = services.request_create(
        evaluation=done, recipient="Amt 51", message="", user=None
    )
    services.request_submit(
        request=request, name="Amt 51", comment="", figures=[{"label": "Neu", "value": 5}]
    )
    _evaluation(world, measure=measure(world, number="SP-3"), question="Entwurf")
    other_year = _evaluation(
        world,
        measure=measure(world, number="SP-4"),
        question="?",
        findings="…",
        recommendation="end",
        status=EvaluationStatus.COMPLETE,
    )
    Evaluation.objects.filter(pk=other_year.pk).update(report_year=2019)

    found = evaluations_for_period(world.municipality, year_from=2023, year_to=2025)
    assert [e.evaluation for e in found] == [done]
    report = found[0]
    assert report.measure.number == "SP-1" and report.recommendation == "continue"
    assert report.recommendation_label == "fortführen"
    assert [f.label for f in report.figures] == ["Teilnehmende"]  # unreviewed left out
    stages = {s["stage"]: s for s in report.logic_model}
    assert stages["input"]["text"] == "1,5 Stellen"
    assert [f.label for f in stages["output"]["figures"]] == ["Teilnehmende"]
    assert evaluations_for_period(world.other, year_from=2000, year_to=2100) == []


def test_evaluation_pages(world):
    evaluation = _evaluation(world, question="Erreicht das Angebot Mütter?")
    reader = login(Client(), world.users["reader"])
    ars = world.municipality.ars
    listing = reader.get(reverse("implementation:evaluation_list", args=[ars]) + "?jahr=2025")
    assert [e.pk for e in listing.context["evaluations"]] == [evaluation.pk]
    detail = reader.get(reverse("implementation:evaluation_detail", args=[ars, evaluation.pk]))
    assert "Erreicht das Angebot Mütter?" in detail.content.decode()
    assert detail.context["suggestions"] == []  # only staff see suggestions
    page = reader.get(reverse("concept:measure_detail", args=[ars, evaluation.measure.pk]))
    assert "Evaluation 2025" in page.content.decode()
