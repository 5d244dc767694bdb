"""The public form's hot path: few queries per request, one statement per stored answer set,
idempotent also under concurrent double submission, and no stale survey data."""

from __future__ import annotations

import re
import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teilhabe.participation import selectors, services
from teilhabe.participation.answers import Value
from teilhabe.participation.models import Answer, Question, QuestionKind, Response, Survey

KEY_INPUT = re.compile(r'name="idempotency_key" value="([^"]+)"')


def make_survey(municipality) -> Survey:
    survey = Survey.objects.create(
        municipality=municipality,
        title="Leben in Köln",
        opens_at=timezone.now() - timedelta(days=1),
        texts={"de": {"privacy": "Verantwortlich: Stadt Köln.", "thanks": "Danke fürs Mitmachen"}},
    )
    for position, kind in enumerate(
        [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.NUMBER, QuestionKind.LONG_TEXT],
        start=1,
    ):
        Question.objects.create(
            survey=survey,
            position=position * 10,
            kind=kind,
            required=kind == QuestionKind.SINGLE,
            allow_other=kind == QuestionKind.MULTIPLE,
            text={"de": f"Frage {position}"},
            options=[{"key": f"o{j}", "text": {"de": f"Antwort {j}"}} for j in (1, 2, 3)]
            if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
            else [],
        )
    return survey


@pytest.mark.django_db
def test_form_and_submission_need_few_queries(world, django_assert_max_num_queries):
    survey = make_survey(world.municipality)
    single, multiple, number, text = survey.questions.order_by("position")
    url = reverse("participation:public_form", args=[survey.public_token, "de"])
    client = Client()
    client.get(url)  # builds the per-version caches (questions, languages, page)
    with django_assert_max_num_queries(1):
        page = client.get(url)
    key = KEY_INPUT.search(page.content.decode()).group(1)
    data = {
        "idempotency_key": key,
        f"q{single.pk}": "o2",
        f"q{multiple.pk}": ["o1", "_other"],
        f"q{multiple.pk}_other": "Sportverein",
        f"q{number.pk}": "42",
        f"q{text.pk}": "Mehr Abendkurse",
    }
    # The survey lookup and one INSERT statement on PostgreSQL; the portable path elsewhere.
    with django_assert_max_num_queries(2 if connection.vendor == "postgresql" else 6):
        thanks = client.post(url, data)
    assert thanks.status_code == 200
    assert "Danke fürs Mitmachen" in thanks.content.decode()
    response = Response.objects.get(survey=survey)
    assert (response.language, response.channel) == ("de", "online")
    assert response.idempotency_key == uuid.UUID(key)
    assert sorted(
        response.answers.values_list("question_id", "row", "choice", "number", "text")
    ) == sorted(
        [
            (single.pk, "", "o2", None, ""),
            (multiple.pk, "", "o1", None, ""),
            (multiple.pk, "", "_other", None, "Sportverein"),
            (number.pk, "", "", 42.0, ""),
            (text.pk, "", "", None, "Mehr Abendkurse"),
        ]
    )
    # The same form again stores nothing and still thanks the respondent.
    assert client.post(url, data).status_code == 200
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == 5


@pytest.mark.django_db
def test_service_stores_matrix_rows_and_ranks_and_refuses_a_repeated_key(world):
    survey = make_survey(world.municipality)
    first = survey.questions.order_by("position").first()
    key = str(uuid.uuid4())
    values = [
        Value(first.pk, row="r1", choice="o1"),
        Value(first.pk, choice="o3", number=2.0),
        Value(first.pk, text="ä'\"\\{},;"),  # quoting inside the array parameters
    ]
    assert services.response_submit(
        survey=survey, language="ar", idempotency_key=key, values=values
    )
    assert not services.response_submit(
        survey=survey, language="ar", idempotency_key=key, values=values
    )
    assert services.response_submit(
        survey=survey, language="de", idempotency_key=str(uuid.uuid4()), values=[]
    )
    stored = Response.objects.get(idempotency_key=key)
    assert sorted(stored.answers.values_list("row", "choice", "number", "text")) == sorted(
        [("r1", "o1", None, ""), ("", "o3", 2.0, ""), ("", "", None, "ä'\"\\{},;")]
    )
    assert Response.objects.filter(survey=survey).count() == 2


@pytest.mark.django_db
def test_public_lookup_reads_the_current_survey_with_its_municipality(
    world, django_assert_num_queries
):
    survey = make_survey(world.municipality)
    assert selectors.public_survey(token="0" * 32) is None
    with django_assert_num_queries(1):
        found = selectors.public_survey(token=survey.public_token)
        assert found.municipality.name == "Stadt Köln"
    assert found.pk == survey.pk and found.texts == survey.texts
    assert found.opens_at == survey.opens_at and found.is_open()
    # A change is seen by the next request at once: nothing about the survey is cached.
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    assert not selectors.public_survey(token=survey.public_token).is_open()
    url = reverse("participation:public_form", args=[survey.public_token, "de"])
    assert "nicht geöffnet" in Client().get(url).content.decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent PostgreSQL connections"
)
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_the_same_moment_is_stored_once():
    from teilhabe.core.services import municipality_create

    municipality = municipality_create(
        ars="053150000000", name="Stadt Köln", kind="kreisfreie_stadt"
    )
    survey = make_survey(municipality)
    first = survey.questions.order_by("position").first()
    key = str(uuid.uuid4())
    start = threading.Barrier(4)
    results: list[bool] = []

    def send() -> None:
        try:
            start.wait(5)
            results.append(
                services.response_submit(
                    survey=survey,
                    language="de",
                    idempotency_key=key,
                    values=[Value(first.pk, choice="o1")],
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(results) == [False, False, False, True]
    assert Response.objects.filter(idempotency_key=key).count() == 1
    assert Answer.objects.filter(response__idempotency_key=key).count() == 1
