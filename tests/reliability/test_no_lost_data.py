"""No lost data: concurrent edits and imports, acknowledged survey answers, a worker killed in
the middle of an import. The concurrent cases need PostgreSQL (two real connections)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone, translation

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two concurrent PostgreSQL connections"
)

KOELN = (
    "id,tab_id,tabelle,jahr,raum_id,raum,zei_id,zeile,zahl\n"
    + "\n".join(
        f"{i},005,Einwohner,2022,{100 + i},Gebiet {i},01,insgesamt,{1000 + i}"
        for i in range(1, 201)
    )
    + "\n"
).encode()


def _municipality():  # type: ignore[no-untyped-def]
    from teilhabe.core.models import FieldOfAction
    from teilhabe.core.services import municipality_create

    municipality = municipality_create(
        ars="053150000000", name="Stadt Köln", kind="kreisfreie_stadt"
    )
    FieldOfAction.objects.create(municipality=municipality, name="Sprache")
    return municipality


def _two_editors(save_first, save_second) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A saves and holds its transaction open; B starts from the same version and must wait
    for A's row lock, then be refused. Returns {"a": …, "b": …} with "saved" or the message."""
    first_saved, second_started = threading.Event(), threading.Event()
    results: dict[str, str] = {}

    def run(name: str, save, hold: bool) -> None:  # type: ignore[no-untyped-def]
        try:
            with translation.override("de"), transaction.atomic():
                if not hold:
                    second_started.wait(5)
                save()
                if hold:
                    first_saved.set()
                    second_started.wait(5)
            results[name] = "saved"
        except ValidationError as exc:
            results[name] = " ".join(exc.messages)
        finally:
            connection.close()

    a = threading.Thread(target=run, args=("a", save_first, True))
    a.start()
    assert first_saved.wait(10)
    b = threading.Thread(target=run, args=("b", save_second, False))
    b.start()
    second_started.set()
    a.join(20)
    b.join(20)
    return results


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_offer_edits_lose_nothing():
    from teilhabe.inventory import services
    from teilhabe.inventory.models import Actor, Offer

    municipality = _municipality()
    actor = Actor.objects.create(municipality=municipality, name="Sprachtreff", kind="verein")
    offer = Offer.objects.create(
        municipality=municipality, actor=actor, title="Sprachcafé", form="gruppe"
    )

    def save(title: str):  # type: ignore[no-untyped-def]
        def inner() -> None:
            copy = Offer.objects.get(pk=offer.pk)
            copy.title = title
            services.offer_save(offer=copy, expected_version=offer.version)

        return inner

    results = _two_editors(save("Sprachcafé am Montag"), save("Sprachcafé am Freitag"))
    assert results["a"] == "saved"
    from teilhabe.core.versioning import CONFLICT_MESSAGE

    with translation.override("de"):
        assert results["b"] == str(CONFLICT_MESSAGE)  # the German message of every app
    stored = Offer.objects.get(pk=offer.pk)
    assert (stored.title, stored.version) == ("Sprachcafé am Montag", offer.version + 1)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_survey_edits_lose_nothing():
    from teilhabe.participation import services
    from teilhabe.participation.models import Survey

    municipality = _municipality()
    survey = Survey.objects.create(municipality=municipality, title="Zusammenleben")

    def save(title: str):  # type: ignore[no-untyped-def]
        def inner() -> None:
            copy = Survey.objects.get(pk=survey.pk)
            copy.title = title
            services.survey_save(survey=copy, expected_version=survey.version)

        return inner

    results = _two_editors(save("Zusammenleben 2026"), save("Zusammenleben in Köln"))
    assert results["a"] == "saved" and results["b"] != "saved", results
    assert Survey.objects.get(pk=survey.pk).title == "Zusammenleben 2026"


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_of_the_same_file_yield_one_dataset():
    from teilhabe.statistics import services
    from teilhabe.statistics.models import Dataset, Observation

    municipality = _municipality()
    both_parsed = threading.Barrier(2, timeout=20)
    outcomes: list[object] = []
    errors: list[BaseException] = []

    def progress(percent: int, message: str) -> None:
        if percent == 50:  # both have checked for the file and parsed it: now both write
            both_parsed.wait()

    def run() -> None:
        try:
            outcomes.append(
                services.dataset_import(
                    municipality=municipality,
                    data=KOELN,
                    filename="bevoelkerung.csv",
                    fmt="koeln",
                    user=None,
                    progress=progress,
                )
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sorted(o.created for o in outcomes) == [False, True]  # type: ignore[attr-defined]
    assert Dataset.objects.filter(municipality=municipality).count() == 1
    assert Observation.objects.filter(municipality=municipality).count() == 200
    assert outcomes[0].dataset.pk == outcomes[1].dataset.pk  # type: ignore[attr-defined]


# --- survey answers: what was acknowledged is stored ---------------------------------------------


def _open_survey(municipality):  # type: ignore[no-untyped-def]
    from teilhabe.participation.models import Question, QuestionKind, Survey

    survey = Survey.objects.create(
        municipality=municipality,
        title="Zusammenleben",
        opens_at=timezone.now() - timedelta(days=1),
        texts={"de": {"privacy": "Verantwortlich: Stadt Köln."}},
    )
    question = Question.objects.create(
        survey=survey,
        position=10,
        kind=QuestionKind.SINGLE,
        required=True,
        text={"de": "Wie lange leben Sie schon hier?"},
        options=[{"key": "o1", "text": {"de": "kurz"}}, {"key": "o2", "text": {"de": "lang"}}],
    )
    text = Question.objects.create(
        survey=survey, position=20, kind=QuestionKind.LONG_TEXT, text={"de": "Was fehlt?"}
    )
    return survey, question, text


def _answer(survey, question, text, key: str, note: str = "Abendkurse"):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    url = reverse("participation:public_form", args=[survey.public_token, "de"])
    return Client().post(
        url, {"idempotency_key": key, f"q{question.pk}": "o2", f"q{text.pk}": note}
    )


@pytest.mark.django_db
def test_acknowledged_answer_is_stored_and_hostile_text_is_no_500():
    from teilhabe.participation.models import Answer, Response

    survey, question, text = _open_survey(_municipality())
    key = str(uuid.uuid4())
    response = _answer(survey, question, text, key)
    assert response.status_code == 200
    assert Response.objects.filter(survey=survey, idempotency_key=key).count() == 1
    # An RTL override and 1 MB of text: never a 500.
    for note in ("Sprach\u202ekurse", "x" * 1_000_000):
        hostile = _answer(survey, question, text, str(uuid.uuid4()), note)
        assert hostile.status_code in (200, 400), hostile.status_code
    assert Answer.objects.filter(text__startswith="xxxx").count() <= 1


@pytest.mark.django_db
def test_answer_with_nul_byte_is_no_500_and_not_stored_raw():
    from teilhabe.participation.models import Answer

    survey, question, text = _open_survey(_municipality())
    response = _answer(survey, question, text, str(uuid.uuid4()), "Abend\x00kurse")
    assert response.status_code in (200, 400)
    # Checked in Python: SQLite's LIKE stops at a NUL byte and would match every row.
    texts = list(Answer.objects.values_list("text", flat=True))
    assert "Abendkurse" in texts
    assert not any("\x00" in t for t in texts)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_answers_acknowledged_under_concurrency_are_all_stored():
    from teilhabe.participation.models import Response

    survey, question, text = _open_survey(_municipality())
    acknowledged: list[str] = []
    lock = threading.Lock()

    def respondent(i: int) -> None:
        key = str(uuid.uuid4())
        try:
            for _attempt in range(2):  # a retry sends the same key (as the page does)
                if _answer(survey, question, text, key).status_code == 200:
                    with lock:
                        acknowledged.append(key)
                    break
        finally:
            connection.close()

    threads = [threading.Thread(target=respondent, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    stored = set(Response.objects.filter(survey=survey).values_list("idempotency_key", flat=True))
    assert acknowledged and {str(k) for k in stored} >= set(acknowledged)
    assert len(stored) == len(set(acknowledged))  # no answer twice


# --- a worker killed in the middle of an import --------------------------------------------------


def _worker(run_id: str, kwargs: dict, reached) -> None:  # type: ignore[no-untyped-def]
    """The task in a separate process, paused inside its transaction after the rows are
    written (progress 85), until it is killed."""
    import time

    from teilhabe.core import tasks as core_tasks
    from teilhabe.statistics.tasks import import_dataset_task

    original = core_tasks.Progress.update

    def update(self, percent: int, message: str = "") -> None:  # type: ignore[no-untyped-def]
        original(self, percent, message)
        if percent == 85:
            reached.set()
            time.sleep(120)

    core_tasks.Progress.update = update  # type: ignore[method-assign]
    import_dataset_task.call(run_id=run_id, **kwargs)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_import_leaves_no_half_state_and_the_task_can_be_rerun(settings):
    from teilhabe.core.models import TaskRun, TaskStatus
    from teilhabe.core.tasks import runs_mark_stale, upload_store
    from teilhabe.statistics.models import Dataset, Observation
    from teilhabe.statistics.tasks import import_dataset_task

    municipality = _municipality()
    upload = upload_store(KOELN, ".csv")
    kwargs = {
        "municipality_id": municipality.pk,
        "user_id": None,
        "upload": upload,
        "filename": "bevoelkerung.csv",
        "fmt": "koeln",
        "metadata": {},
    }
    run = TaskRun.objects.create(title="Import", municipality=municipality)
    connections.close_all()  # the child must open its own connection
    context = multiprocessing.get_context("fork")
    reached = context.Event()
    child = context.Process(target=_worker, args=(str(run.pk), kwargs, reached))
    child.start()
    try:
        assert reached.wait(60), "the import did not reach the writing stage"
        # 200 observations are written but not committed; now the worker dies.
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join(10)
    finally:
        if child.is_alive():
            child.kill()
    assert child.exitcode == -signal.SIGKILL
    assert Dataset.objects.count() == 0 and Observation.objects.count() == 0
    run.refresh_from_db()
    assert run.status == TaskStatus.RUNNING  # nobody is left to say otherwise …
    assert runs_mark_stale(now=timezone.now() + timedelta(hours=3)) == 1  # … until the check
    run.refresh_from_db()
    assert run.status == TaskStatus.FAILED
    with translation.override("de"):
        assert "erneut" in " ".join(run.errors) or run.errors
    assert (Path(settings.MEDIA_ROOT) / upload).exists()  # the upload is still there
    again = TaskRun.objects.create(title="Import, zweiter Versuch", municipality=municipality)
    import_dataset_task.call(run_id=str(again.pk), **kwargs)
    again.refresh_from_db()
    assert again.status == TaskStatus.DONE, again.errors
    assert Dataset.objects.count() == 1 and Observation.objects.count() == 200
