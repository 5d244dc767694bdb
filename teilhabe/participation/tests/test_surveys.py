"""Surveys: building, answering (anonymous, idempotent), Art. 9, retention, results, export."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from teilhabe.participation import exports, selectors, services
from teilhabe.participation.models import (
    Answer,
    Channel,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyInvitation,
)

BERLIN = ZoneInfo("Europe/Berlin")


def make_survey(world, **extra) -> Survey:
    survey = Survey.objects.create(
        municipality=world.municipality,
        title="Zusammenleben in Köln",
        opens_at=timezone.now() - timedelta(days=1),
        texts={
            "de": {"privacy": "Verantwortlich: Stadt Köln."},
            "ar": {"title": "العيش المشترك", "privacy": "حماية البيانات: مدينة كولونيا."},
        },
        **extra,
    )
    years = Question.objects.create(
        survey=survey,
        position=10,
        kind=QuestionKind.SINGLE,
        required=True,
        text={"de": "Wie lange leben Sie schon in Köln?", "ar": "منذ متى تعيش في كولونيا؟"},
        options=[
            {"key": "o1", "text": {"de": "weniger als 1 Jahr", "ar": "أقل من سنة"}},
            {"key": "o2", "text": {"de": "länger", "ar": "أكثر"}},
        ],
    )
    Question.objects.create(
        survey=survey,
        position=20,
        kind=QuestionKind.SINGLE,
        text={"de": "Integrationskurs besucht?", "ar": "هل حضرت دورة اندماج؟"},
        options=[
            {"key": "o1", "text": {"de": "ja", "ar": "نعم"}},
            {"key": "o2", "text": {"de": "nein", "ar": "لا"}},
        ],
        condition_question=years,
        condition_values=["o1"],
    )
    Question.objects.create(
        survey=survey,
        position=30,
        kind=QuestionKind.LONG_TEXT,
        text={"de": "Was fehlt?", "ar": "ما الذي ينقص؟"},
    )
    return survey


def qs(survey):
    return list(survey.questions.order_by("position"))


def post_answers(client, survey, lang="de", key=None, **answers):
    url = reverse("participation:public_form", args=[survey.public_token, lang])
    data = {"idempotency_key": key or str(uuid.uuid4())} | answers
    return client.post(url, data)


@pytest.mark.django_db
def test_public_answer_is_stored_once_without_identifying_data(world):
    survey = make_survey(world)
    years, course, text = qs(survey)
    client = Client(enforce_csrf_checks=False)
    key = str(uuid.uuid4())
    data = {f"q{years.pk}": "o1", f"q{course.pk}": "o2", f"q{text.pk}": "Abendkurse"}
    first = post_answers(client, survey, key=key, **data)
    again = post_answers(client, survey, key=key, **data)
    assert first.status_code == 200 and again.status_code == 200
    assert Response.objects.filter(survey=survey).count() == 1
    response = Response.objects.get(survey=survey)
    assert {f.name for f in Response._meta.fields} == {
        "id",
        "survey",
        "submitted_on",
        "language",
        "channel",
        "idempotency_key",
    }
    assert set(response.answers.values_list("choice", "text")) == {
        ("o1", ""),
        ("o2", ""),
        ("", "Abendkurse"),
    }
    # No session cookie: only the CSRF token is set.
    assert "sessionid" not in first.cookies


@pytest.mark.django_db
def test_answer_to_hidden_question_is_dropped_and_required_is_enforced(world):
    survey = make_survey(world)
    years, course, _text = qs(survey)
    client = Client()
    missing = post_answers(client, survey, **{f"q{course.pk}": "o1"})
    assert missing.status_code == 400
    assert "Bitte beantworten Sie diese Frage." in missing.content.decode()
    assert not Response.objects.exists()
    post_answers(client, survey, **{f"q{years.pk}": "o2", f"q{course.pk}": "o1"})
    assert not Answer.objects.filter(question=course).exists()


@pytest.mark.django_db
def test_arabic_form_is_right_to_left_with_privacy_notice_before_first_question(world):
    survey = make_survey(world)
    html = Client().get(reverse("participation:public_form", args=[survey.public_token, "ar"]))
    text = html.content.decode()
    assert html.status_code == 200
    assert '<html lang="ar" dir="rtl">' in text
    assert text.index("حماية البيانات: مدينة كولونيا.") < text.index("منذ متى تعيش في كولونيا؟")


@pytest.mark.django_db
def test_incomplete_translation_is_not_offered(world):
    survey = make_survey(world)
    Question.objects.filter(survey=survey, kind=QuestionKind.LONG_TEXT).update(
        text={"de": "Was fehlt?"}
    )
    start = Client().get(reverse("participation:public_start", args=[survey.public_token]))
    assert "العربية" not in start.content.decode()
    assert (
        Client()
        .get(reverse("participation:public_form", args=[survey.public_token, "ar"]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_closed_survey_stores_nothing(world):
    survey = make_survey(world)
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    years = qs(survey)[0]
    response = post_answers(Client(), survey, **{f"q{years.pk}": "o1"})
    assert "nicht geöffnet" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_personal_link_allows_one_answer_and_is_not_linked_to_it(world):
    survey = make_survey(
        world, audience="staff", staff_council_note="Der Personalrat hat am 14.01.2026 zugestimmt."
    )
    invitation = SurveyInvitation.objects.create(survey=survey, recipient="Bürgeramt")
    years = qs(survey)[0]
    url = reverse("participation:personal_form", args=[invitation.token, "de"])
    page = Client().get(url).content.decode()
    assert "Der Personalrat hat am 14.01.2026 zugestimmt." in page
    Client().post(url, {"idempotency_key": str(uuid.uuid4()), f"q{years.pk}": "o1"})
    second = Client().post(url, {"idempotency_key": str(uuid.uuid4()), f"q{years.pk}": "o2"})
    assert "bereits benutzt" in second.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    # The public link of a staff survey does not exist.
    assert (
        Client().get(reverse("participation:public_start", args=[survey.public_token])).status_code
        == 404
    )


@pytest.mark.django_db
def test_special_category_needs_a_recorded_justification_before_opening(world):
    survey = make_survey(world)
    survey.opens_at = None
    survey.save()
    Question.objects.create(
        survey=survey,
        position=40,
        kind=QuestionKind.SINGLE,
        special_category=True,
        text={"de": "Religionszugehörigkeit"},
        options=[{"key": "o1", "text": {"de": "keine"}}, {"key": "o2", "text": {"de": "andere"}}],
    )
    with pytest.raises(ValidationError, match=r"Art\. 9"):
        services.survey_open_now(survey=survey)
    services.survey_record_justification(
        survey=survey,
        text="Erforderlich für die Planung religionssensibler Angebote; ausdrückliche Einwilligung (Art. 9 Abs. 2 lit. a).",
        user=world.users["admin"],
    )
    services.survey_open_now(survey=survey)
    assert survey.is_open()
    assert survey.art9_recorded_by == world.users["admin"]


@pytest.mark.django_db
def test_raw_answers_are_deleted_after_the_retention_period_and_aggregates_stay(world):
    closing = datetime(2026, 3, 31, 18, 0, tzinfo=BERLIN)
    with time_machine.travel(closing - timedelta(days=10), tick=False):
        survey = make_survey(world)
        survey.closes_at = closing
        survey.save()
        years = qs(survey)[0]
        for i in range(6):
            post_answers(Client(), survey, **{f"q{years.pk}": "o1" if i < 4 else "o2"})
    settings_obj = services.settings_for(municipality=world.municipality)
    settings_obj.retention_months = 6
    settings_obj.save()
    with time_machine.travel(datetime(2026, 9, 30, 12, 0, tzinfo=BERLIN), tick=False):
        assert services.responses_purge_expired() == []
    assert Response.objects.filter(survey=survey).count() == 6
    with time_machine.travel(datetime(2026, 10, 1, 12, 0, tzinfo=BERLIN), tick=False):
        assert services.responses_purge_expired() == [survey.pk]
    survey.refresh_from_db()
    assert not Response.objects.filter(survey=survey).exists()
    assert not Answer.objects.filter(question__survey=survey).exists()
    assert survey.raw_deleted_at is not None
    archived = {q["question_id"]: q for q in survey.archived_results["questions"]}
    assert [r["count"] for r in archived[years.pk]["rows"]] == [4, 2]
    client = login(Client(), world.users["reader"])
    page = client.get(reverse("participation:results", args=[world.municipality.ars, survey.pk]))
    assert page.status_code == 200 and "weniger als 1 Jahr" in page.content.decode()


@pytest.mark.django_db
def test_results_aggregate_in_the_database_and_suppress_small_counts(
    world, django_assert_max_num_queries
):
    survey = make_survey(world)
    years, course, _text = qs(survey)
    for i in range(60):
        response = Response.objects.create(
            survey=survey,
            submitted_on=timezone.localdate(),
            language="ar" if i % 3 == 0 else "de",
            idempotency_key=uuid.uuid4(),
        )
        Answer.objects.create(response=response, question=years, choice="o1" if i < 57 else "o2")
        if i < 57:
            Answer.objects.create(
                response=response, question=course, choice="o1" if i % 2 else "o2"
            )
    with django_assert_max_num_queries(12):
        results = selectors.survey_results(survey=survey)
    item = next(i for i in results["questions"] if i["question"] == years)
    assert [(r["count"], round(r["share"], 1)) for r in item["rows"]] == [(57, 95.0), (3, 5.0)]
    published = selectors.suppress(results)
    rows = next(i for i in published["questions"] if i["question"] == years)["rows"]
    assert rows[0]["count"] == 57 and rows[1]["count"] is None and rows[1]["suppressed"]
    assert all(i["kind"] != QuestionKind.LONG_TEXT for i in published["questions"])
    first = selectors.survey_results_cached(survey=survey)
    again = selectors.survey_results_cached(survey=survey)
    assert [i.get("answered") for i in first["questions"]] == [
        i.get("answered") for i in again["questions"]
    ]
    assert again["questions"][0]["question"] == years
    table = selectors.crosstab(survey=survey, question=years, by="language")
    assert table["columns"] == ["Deutsch", "العربية"] or table["columns"] == ["العربية", "Deutsch"]
    total = sum(sum(r["counts"]) for r in table["rows"])
    assert total == 60


@pytest.mark.django_db
def test_free_text_is_shown_to_staff_only(world):
    survey = make_survey(world)
    years, _course, text = qs(survey)
    post_answers(
        Client(),
        survey,
        **{f"q{years.pk}": "o2", f"q{text.pk}": "Ich bin Muslima und suche eine Ärztin."},
    )
    url = reverse("participation:free_texts", args=[world.municipality.ars, survey.pk])
    assert "Muslima" in login(Client(), world.users["editor"]).get(url).content.decode()
    assert login(Client(), world.users["steering"]).get(url).status_code == 403
    results = reverse("participation:results", args=[world.municipality.ars, survey.pk])
    assert "Muslima" not in login(Client(), world.users["steering"]).get(results).content.decode()


@pytest.mark.django_db
def test_export_is_formula_injection_safe_as_csv_and_xlsx(world, tmp_path):
    survey = make_survey(world)
    years, _course, text = qs(survey)
    post_answers(
        Client(), survey, **{f"q{years.pk}": "o1", f"q{text.pk}": '=HYPERLINK("http://x")'}
    )
    post_answers(Client(), survey, **{f"q{years.pk}": "o2", f"q{text.pk}": "+49 221 1234"})
    buffer = io.StringIO()
    assert exports.write_csv(survey, buffer) == 2
    rows = list(csv.reader(io.StringIO(buffer.getvalue().lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Nr.", "Datum", "Sprache", "Kanal"]
    cells = [c for row in rows[1:] for c in row]
    assert '\'=HYPERLINK("http://x")' in cells and "'+49 221 1234" in cells
    assert "weniger als 1 Jahr" in cells
    path = tmp_path / "a.xlsx"
    assert exports.write_xlsx(survey, path) == 2
    sheet = openpyxl.load_workbook(path).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert '\'=HYPERLINK("http://x")' in values and "länger" in values


@pytest.mark.django_db
def test_export_runs_as_a_task_and_the_file_is_downloadable(
    world, django_capture_on_commit_callbacks
):
    survey = make_survey(world)
    years = qs(survey)[0]
    post_answers(Client(), survey, **{f"q{years.pk}": "o1"})
    client = login(Client(), world.users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("participation:export_start", args=[world.municipality.ars, survey.pk]),
            {"format": "csv"},
        )
    assert response.status_code == 302
    export = survey.exports.get()
    assert export.rows == 1 and export.finished_at
    download = client.get(
        reverse("participation:export_download", args=[world.municipality.ars, export.pk])
    )
    assert b"weniger als 1 Jahr" in b"".join(download.streaming_content)


@pytest.mark.django_db
def test_paper_answers_are_marked(world):
    survey = make_survey(world)
    years = qs(survey)[0]
    client = login(Client(), world.users["editor"])
    url = reverse("participation:paper_entry", args=[world.municipality.ars, survey.pk])
    client.post(url, {"idempotency_key": str(uuid.uuid4()), "sprache": "tr", f"q{years.pk}": "o2"})
    response = Response.objects.get(survey=survey)
    assert response.channel == Channel.PAPER and response.language == "tr"


@pytest.mark.django_db
def test_builder_creates_questions_with_options_and_a_condition(world):
    survey = make_survey(world)
    client = login(Client(), world.users["editor"])
    url = reverse("participation:question_create", args=[world.municipality.ars, survey.pk])
    years = qs(survey)[0]
    response = client.post(
        url,
        {
            "kind": "multiple",
            "text": "Welche Angebote kennen Sie?",
            "options": "Sprachcafé\nMigrationsberatung\n",
            "allow_other": "on",
            "scale_min": 1,
            "scale_max": 5,
            "condition_question": years.pk,
            "condition_values": [f"{years.pk}:o2"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    q = survey.questions.get(text__de="Welche Angebote kennen Sie?")
    assert [o["text"]["de"] for o in q.options] == ["Sprachcafé", "Migrationsberatung"]
    assert q.allow_other and q.condition_question == years and q.condition_values == ["o2"]
    bad = client.post(
        url,
        {
            "kind": "single",
            "text": "Nur eine Option",
            "options": "ja",
            "scale_min": 1,
            "scale_max": 5,
        },
    )
    assert "options" in bad.context["form"].errors


@pytest.mark.django_db
def test_stale_edit_is_refused(world):
    survey = make_survey(world)
    client = login(Client(), world.users["editor"])
    url = reverse("participation:survey_edit", args=[world.municipality.ars, survey.pk])
    data = {"title": "Neu", "audience": "public", "version": survey.version}
    services.survey_save(survey=survey, expected_version=survey.version)  # someone else saved
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    survey.refresh_from_db()
    assert survey.title == "Zusammenleben in Köln"


@pytest.mark.django_db
def test_stale_survey_save_says_the_survey_changed_and_shows_the_stored_state(world):
    from django.utils import translation

    from teilhabe.core.versioning import ConcurrentEditError

    survey = make_survey(world)
    loaded = survey.version
    mine, theirs = Survey.objects.get(pk=survey.pk), Survey.objects.get(pk=survey.pk)
    theirs.title = "Zusammenleben 2026"
    services.survey_save(survey=theirs, expected_version=loaded)
    assert Survey.objects.get(pk=survey.pk).version == loaded + 1
    mine.title = "Leben in Köln"
    with translation.override("de"), pytest.raises(ConcurrentEditError) as info:
        services.survey_save(survey=mine, expected_version=loaded)
    assert "diese Befragung inzwischen geändert" in info.value.messages[0]
    assert info.value.current.title == "Zusammenleben 2026"
    assert Survey.objects.get(pk=survey.pk).title == "Zusammenleben 2026"


@pytest.mark.django_db
def test_survey_save_without_a_form_version_still_raises_the_version(world):
    survey = make_survey(world)
    loaded = survey.version
    services.survey_save(survey=survey)
    assert Survey.objects.get(pk=survey.pk).version == loaded + 1
    # so a form opened before that save is refused
    stale = Survey.objects.get(pk=survey.pk)
    with pytest.raises(ValidationError):
        services.survey_save(survey=stale, expected_version=loaded)
