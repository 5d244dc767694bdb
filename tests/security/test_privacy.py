"""Privacy (DSGVO): nothing identifying is stored with survey answers; raw answers and the
names in the history go after their retention periods; small figures are never published."""

from __future__ import annotations

import io
import logging
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import login
from teilhabe.participation import services as participation
from teilhabe.participation.models import Answer, Question, QuestionKind, Response, Survey

BERLIN = ZoneInfo("Europe/Berlin")
PROBE_IP = "203.0.113.77"
PROBE_PROXY_IP = "198.51.100.23"
PROBE_AGENT = "Mozilla/5.0 (X11; Teilhabe-Datenschutzsonde/7.3; Kennung-QX81)"
PROBE_TEXT = "Abendkurse mit Kinderbetreuung in Kalk"


def _survey(world, **extra) -> tuple[Survey, Question, Question]:
    survey = Survey.objects.create(
        municipality=world.municipality,
        title="Zusammenleben in Köln",
        opens_at=timezone.now() - timedelta(days=1),
        texts={"de": {"privacy": "Verantwortlich: Stadt Köln."}},
        **extra,
    )
    choice = Question.objects.create(
        survey=survey,
        position=10,
        kind=QuestionKind.SINGLE,
        text={"de": "Wie lange leben Sie schon in Köln?"},
        options=[
            {"key": "o1", "text": {"de": "weniger als 5 Jahre"}},
            {"key": "o2", "text": {"de": "5 Jahre und länger"}},
        ],
    )
    text = Question.objects.create(
        survey=survey, position=20, kind=QuestionKind.LONG_TEXT, text={"de": "Was fehlt?"}
    )
    return survey, choice, text


def _answer(client: Client, survey: Survey, data: dict[str, str], **headers: str):
    url = reverse("participation:public_form", args=[survey.public_token, "de"])
    return client.post(url, {"idempotency_key": str(uuid.uuid4())} | data, **headers)


def _every_stored_value() -> str:
    """Every row of every table of the database, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                chunks.append(" ".join(str(v) for v in row))
    return "\n".join(chunks)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record) + " " + repr(record.__dict__))


@pytest.fixture
def captured_logs():
    handler = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.django_db
def test_no_address_or_user_agent_is_stored_or_logged_with_an_answer(world, captured_logs):
    survey, choice, text = _survey(world)
    headers = {
        "HTTP_X_FORWARDED_FOR": f"{PROBE_IP}, {PROBE_PROXY_IP}",
        "HTTP_X_REAL_IP": PROBE_IP,
        "REMOTE_ADDR": PROBE_PROXY_IP,
        "HTTP_USER_AGENT": PROBE_AGENT,
    }
    client = Client()
    assert (
        client.get(
            reverse("participation:public_form", args=[survey.public_token, "de"]), **headers
        ).status_code
        == 200
    )
    response = _answer(
        client, survey, {f"q{choice.pk}": "o1", f"q{text.pk}": PROBE_TEXT}, **headers
    )
    assert response.status_code == 200
    # A second, rejected submission (unknown option) goes through the same code path.
    _answer(client, survey, {f"q{choice.pk}": "gibt-es-nicht"}, **headers)
    assert Response.objects.filter(survey=survey).exists()
    stored = _every_stored_value()
    assert PROBE_TEXT in stored  # the dump really contains the answer …
    for probe in (PROBE_IP, PROBE_PROXY_IP, "Datenschutzsonde", "Kennung-QX81"):
        assert probe not in stored, f"{probe} found in the database"  # … but not its sender
        assert not [line for line in captured_logs if probe in line], f"{probe} found in the logs"
    # The day is kept, not the time.
    assert Response._meta.get_field("submitted_on").get_internal_type() == "DateField"


@pytest.mark.django_db
def test_raw_answers_go_after_the_retention_period_by_the_daily_command(world):
    closing = datetime(2026, 3, 31, 18, 0, tzinfo=BERLIN)
    with time_machine.travel(closing - timedelta(days=10), tick=False):
        survey, choice, text = _survey(world, closes_at=closing)
        for i in range(9):
            _answer(
                Client(),
                survey,
                {f"q{choice.pk}": "o1" if i < 6 else "o2", f"q{text.pk}": PROBE_TEXT},
            )
    assert Answer.objects.filter(question__survey=survey).count() == 18
    settings_obj = participation.settings_for(municipality=world.municipality)
    assert settings_obj.retention_months == 12  # the default
    out = io.StringIO()
    with time_machine.travel(datetime(2027, 3, 30, 12, 0, tzinfo=BERLIN), tick=False):
        call_command("purge_survey_answers", stdout=out)
    assert Response.objects.filter(survey=survey).count() == 9  # not yet
    with time_machine.travel(datetime(2027, 4, 1, 12, 0, tzinfo=BERLIN), tick=False):
        call_command("purge_survey_answers", stdout=out)
    assert not Response.objects.filter(survey=survey).exists()
    assert PROBE_TEXT not in _every_stored_value()  # free text gone everywhere, history included
    survey.refresh_from_db()
    archived = {q["question_id"]: q for q in survey.archived_results["questions"]}
    assert [r["count"] for r in archived[choice.pk]["rows"]] == [6, 3]  # aggregates stay


@pytest.mark.django_db
def test_names_in_the_history_are_anonymised_after_the_retention_period(world, settings):
    from teilhabe.core.models import OrgUnit

    settings.TEILHABE_HISTORY_PERSON_RETENTION_DAYS = 730
    editor = login(Client(), world.users["admin"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response = editor.post(
            reverse("core:orgunit_create", args=[world.municipality.ars]),
            {"name": "Amt für Integration", "short_name": "IA", "kind": "amt"},
        )
        assert response.status_code == 302
    unit = OrgUnit.objects.get(name="Amt für Integration")
    entry = unit.history.get()
    assert entry.history_user == world.users["admin"]
    with time_machine.travel(start + timedelta(days=729), tick=False):
        call_command("anonymise_history", stdout=io.StringIO())
    entry.refresh_from_db()
    assert entry.history_user == world.users["admin"] and not entry.author_anonymised
    with time_machine.travel(start + timedelta(days=731), tick=False):
        call_command("anonymise_history", stdout=io.StringIO())
    entry.refresh_from_db()
    assert entry.history_user is None and entry.author_anonymised
    assert entry.name == "Amt für Integration"  # the change itself stays


# --- published figures ---------------------------------------------------------------------


def _patterns(patterns=None, prefix: str = "", namespace: str = ""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _text_of(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join(str(c) for c in row if c is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if "pdf" in kind:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(body)
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    return body.decode("utf-8", errors="replace")


def _fetch_all(client: Client, candidates: dict[str, object], words: tuple[str, ...]):
    """Every URL of the project whose arguments can be filled from ``candidates`` and whose
    name contains one of ``words``; yields (name, url, response)."""
    for name, pattern in _patterns():
        if not any(w in name for w in words):
            continue
        wanted = set(pattern.pattern.converters) or set(pattern.pattern.regex.groupindex)
        if not wanted <= set(candidates):
            continue
        url = reverse(name, kwargs={k: candidates[k] for k in wanted})
        yield name, url, client.get(url)


@pytest.mark.django_db
def test_published_survey_figures_below_five_answers_are_suppressed(world):
    """13 say "o1", 4 say "o2": 76,5 % may be published, the 4 answers (23,5 %) may not —
    on every public output that exists (pages, PDF, portal, API, open data)."""
    survey, choice, _text = _survey(world)
    for i in range(17):
        _answer(Client(), survey, {f"q{choice.pk}": "o1" if i < 13 else "o2"})
    survey.results_published = True
    survey.save()
    candidates = {
        "token": survey.public_token,
        "ars": world.municipality.ars,
        "pk": survey.pk,
        "survey": survey.pk,
        "survey_pk": survey.pk,
    }
    words = ("result", "ergebnis", "survey", "befragung", "open", "portal", "api")
    outputs = []
    for who, client in (
        ("anonymous", Client()),
        ("admin", login(Client(), world.users["admin"])),
    ):
        for name, url, response in _fetch_all(client, candidates, words):
            if response.status_code != 200:
                continue
            if who == "admin" and name not in ("participation:results_pdf",):
                continue  # staff pages show exact figures on purpose; only documents are published
            text = _text_of(response)
            outputs.append(name)
            for leak in ("23,5", "23.5", "23,53", "0.235"):
                assert leak not in text, f"{name} {url} publishes a suppressed figure ({leak})"
    assert "participation:public_results" in outputs and "participation:results_pdf" in outputs
    page = Client().get(reverse("participation:public_results", args=[survey.public_token]))
    assert "76,5" in page.content.decode()
    rows = next(q for q in page.context["results"]["questions"] if q.get("question") == choice)[
        "rows"
    ]
    assert [(r["count"], r["suppressed"]) for r in rows] == [(13, False), (None, True)]


@pytest.mark.django_db
def test_a_survey_with_fewer_than_five_answers_publishes_no_figure(world):
    survey, choice, _text = _survey(world)
    for _ in range(4):
        _answer(Client(), survey, {f"q{choice.pk}": "o1"})
    survey.results_published = True
    survey.save()
    page = Client().get(reverse("participation:public_results", args=[survey.public_token]))
    item = next(q for q in page.context["results"]["questions"] if q.get("question") == choice)
    assert item["suppressed"] and all(r["count"] is None for r in item["rows"])
    assert "100,0" not in page.content.decode()


@pytest.mark.django_db
def test_statistics_below_k_are_suppressed_in_every_output(world, settings):
    """k is raised to 10.000 so that the suppressed count has an unmistakable value (7.319
    people from Africa in Altstadt/Süd). Every page, download, portal page, API answer and
    open-data file of the project that can be reached with the indicator's or the
    municipality's key must not show it – found through the URL resolver, not a list."""
    from teilhabe.core.models import Area, AreaKind
    from teilhabe.statistics.models import Indicator
    from teilhabe.statistics.services import catalogue_seed, dataset_import

    settings.TEILHABE_MIN_COUNT = 10_000
    Area.objects.create(
        municipality=world.municipality,
        key="102",
        name="Neustadt/Süd",
        kind=AreaKind.STADTTEIL,
        parent=world.area.parent,
    )
    catalogue_seed(municipality=world.municipality)
    header = "id,tab_id,tabelle,jahr,raum_id,raum,zei_id,zeile,zahl\n"
    cells = [
        ("000", "005", "10", 1_086_000),
        ("001", "005", "10", 128_000),
        ("101", "005", "10", 27_000),
        ("102", "005", "10", 101_000),
        ("000", "030", "60", 48_211),
        ("001", "030", "60", 31_319),
        ("101", "030", "60", 7_319),
        ("102", "030", "60", 24_000),
    ]
    data = header + "".join(
        f"x,{tab},T{tab},2012,{raum},R{raum},{zei},Z{zei},{value}\n"
        for raum, tab, zei, value in cells
    )
    dataset_import(
        municipality=world.municipality,
        data=data.encode(),
        filename="k.csv",
        fmt="koeln",
        user=None,
    )
    indicator = Indicator.objects.get(municipality=world.municipality, code="herkunft-afrika")
    indicator.published_at = timezone.now()
    indicator.save()
    candidates = {
        "ars": world.municipality.ars,
        "pk": indicator.pk,
        "code": indicator.code,
        "indicator": indicator.pk,
    }
    words = ("indicator", "kennzahl", "open", "data", "statistic", "export", "csv", "xlsx")
    outputs = []
    for client in (Client(), login(Client(), world.users["admin"])):
        for name, url, response in _fetch_all(client, candidates, words):
            if response.status_code != 200:
                continue
            variants = [response]
            if name == "statistics:indicator_csv":
                variants += [client.get(url, {"tabelle": t}) for t in ("karte", "herkunft")]
            for variant in variants:
                text = _text_of(variant)
                outputs.append(name)
                for leak in ("7.319", "7319", "7,319", "7 319"):
                    assert leak not in text, f"{name} {url} shows a count below k ({leak})"
    assert {"statistics:indicator_detail", "statistics:indicator_csv"} <= set(outputs)
    shown = _text_of(
        login(Client(), world.users["admin"]).get(
            reverse("statistics:indicator_detail", args=[world.municipality.ars, indicator.pk])
        )
    )
    assert "48.211" in shown  # the municipality's total is above k and shown
