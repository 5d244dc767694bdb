"""The e-mail digest of deadlines, delivered by the task to a real SMTP server (aiosmtpd) on
127.0.0.1: plain text and HTML, List-Unsubscribe, no tracking, only what the role may see,
retried when the server answers "try again later", and it names the dates that moved."""

from __future__ import annotations

import email
import socket
from collections import Counter
from datetime import timedelta
from email.message import Message
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.utils import timezone

from conftest import build_world, shared_data
from teilhabe.core import reminders
from teilhabe.core.models import DigestFrequency, ReminderSettings, TaskRun, TaskStatus
from teilhabe.core.tasks import deadline_digests_task, task_enqueue
from teilhabe.planning import services as planning_services
from tests.deadline_world import build_deadlines


class Mailbox:
    """An SMTP handler that keeps what it receives; it can refuse the next messages with a
    temporary error, as a busy mail server does."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self.refuse_next = 0

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.refuse_next:
            self.refuse_next -= 1
            return "451 4.3.0 Mailbox busy, try again later"
        parsed = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def for_address(self, address: str) -> list[Message]:
        return [m for rcpt, m in self.messages if address in rcpt]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield mailbox, controller.port
    controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp):
    mailbox, port = smtp
    mailbox.messages.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.TEILHABE_DIGEST_RETRY_SECONDS = 0
    settings.TEILHABE_BASE_URL = "https://teilhabe.stadt-koeln.example"
    return mailbox


# The data is built once for the module (shared_data), its files with it.
SHARED_MEDIA = True


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, module_media):
    with shared_data(django_db_blocker, module_media):
        world = build_world()
        built = build_deadlines(world)
        for role, frequency, language in (
            ("admin", DigestFrequency.DAILY, "de"),
            ("office", DigestFrequency.DAILY, "de"),
            ("editor", DigestFrequency.WEEKLY, "en"),
            ("reader", DigestFrequency.OFF, "de"),
        ):
            ReminderSettings.objects.create(
                user=world.users[role], frequency=frequency, language=language
            )
        yield world, built


def _run_task(django_capture_on_commit_callbacks) -> TaskRun:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        run = task_enqueue(
            deadline_digests_task, title="Fristen-Erinnerungen", municipality=None, user=None
        )
    run.refresh_from_db()
    return run


def _parts(message: Message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    # SMTP sends CRLF line ends.
    return text.get_content().replace("\r\n", "\n"), html.get_content()


def test_digest_reaches_the_smtp_server_with_every_kind_once(
    data, db, smtp_settings, django_capture_on_commit_callbacks
):
    world, _built = data
    mailbox = smtp_settings
    mailbox.refuse_next = 1  # the first attempt is refused; the task tries again
    run = _run_task(django_capture_on_commit_callbacks)
    assert run.status == TaskStatus.DONE, run.errors
    (message,) = mailbox.for_address("admin@koeln.example")
    assert message["Subject"].startswith("Fristen:")
    assert (
        str(message["List-Unsubscribe"])
        .strip()
        .startswith("<https://teilhabe.stadt-koeln.example/")
    )
    assert str(message["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"
    text, html = _parts(message)
    assert "<img" not in html.lower() and "utm_" not in html  # no tracking pixels or tags
    today = timezone.localdate()
    due = reminders.user_deadlines(
        world.users["admin"], until=today + timedelta(days=14), today=today
    )
    assert {d.kind for d in due} >= {
        "mandate",
        "paper_deadline",
        "signoff",
        "plan_milestone",
        "proof",
        "measure_milestone",
        "status_update",
        "survey_end",
        "integration_report",
        "moderator_access",
    }
    lines = Counter(f"{d.kind_label}: {d.title}" for d in due)  # the two parts of a proof
    for d in due:
        # Each deadline once in the text, linked absolutely in both parts.
        assert text.count(f"{d.kind_label}: {d.title}\n") == lines[f"{d.kind_label}: {d.title}"]
        assert f"https://teilhabe.stadt-koeln.example{d.url}\n" in text
        assert f"https://teilhabe.stadt-koeln.example{d.url}" in html
        assert d.action in text
    assert "Überfällig" in text


def test_digest_shows_only_what_the_role_may_see_and_respects_the_settings(
    data, db, smtp_settings, django_capture_on_commit_callbacks
):
    mailbox = smtp_settings
    _run_task(django_capture_on_commit_callbacks)
    (office,) = mailbox.for_address("office@koeln.example")
    text, _html = _parts(office)
    assert "Förderrichtlinie Sprachmittlung" in text  # its own sign-off
    assert "Befragung Ehrenamtliche 2026" not in text  # not the office's
    assert "moderation-ende" not in text  # only the administration sees this
    (editor,) = mailbox.for_address("editor@koeln.example")
    assert editor["Subject"].startswith("Deadlines:")  # the language the editor chose
    assert not mailbox.for_address("reader@koeln.example")  # switched off
    # Without news since today's digest, nobody gets a second one today.
    mailbox.messages.clear()
    _run_task(django_capture_on_commit_callbacks)
    assert not mailbox.messages


def test_next_digest_says_which_date_moved(
    data, db, smtp_settings, django_capture_on_commit_callbacks
):
    world, built = data
    mailbox = smtp_settings
    today = timezone.localdate()
    reminders.digests_send(today=today)
    mandate = built.objects["mandate"]
    before = mandate.report_due
    planning_services.mandate_update(
        mandate=mandate,
        title=mandate.title,
        description=mandate.description,
        ordered_on=mandate.ordered_on,
        report_due=today + timedelta(days=3),  # the council granted three more days
        source_reference=mandate.source_reference,
        body_name=mandate.body_name,
        org_unit=mandate.org_unit,
        note=mandate.note,
        user=world.users["admin"],
        expected_version=mandate.version,
    )
    mailbox.messages.clear()
    tomorrow = today + timedelta(days=1)
    run = reminders.digests_send(today=tomorrow)
    assert run.sent >= 1 and not run.failed
    (message,) = mailbox.for_address("admin@koeln.example")
    text, html = _parts(message)
    moved = f"jetzt {today + timedelta(days=3):%d.%m.%Y} (vorher: {before:%d.%m.%Y})"
    assert moved in text and moved in html
    assert "Sachstand Sprachkitas berichten" in text.split(moved)[0]
    assert not mailbox.for_address("editor@koeln.example")  # weekly: not again tomorrow


def test_one_click_unsubscribe_from_the_header(
    data, db, smtp_settings, django_capture_on_commit_callbacks
):
    world, _built = data
    mailbox = smtp_settings
    _run_task(django_capture_on_commit_callbacks)
    (message,) = mailbox.for_address("office@koeln.example")
    url = (
        str(message["List-Unsubscribe"])
        .strip()
        .strip("<>")
        .removeprefix("https://teilhabe.stadt-koeln.example")
    )
    client = Client(enforce_csrf_checks=True)
    assert "abbestellen" in client.get(url).content.decode()
    assert ReminderSettings.objects.get(user=world.users["office"]).frequency == "daily"
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert ReminderSettings.objects.get(user=world.users["office"]).frequency == "off"
    assert client.post(url[:-3] + "xyz/").status_code == 404  # a forged token


def test_a_server_that_keeps_refusing_fails_the_person_not_the_run(data, db, smtp_settings):
    mailbox = smtp_settings
    mailbox.refuse_next = 100
    run = reminders.digests_send(today=timezone.localdate())
    mailbox.refuse_next = 0
    assert run.sent == 0 and run.failed
    assert any("admin@koeln.example" in f for f in run.failed)
    # Nothing counts as sent: the next run tries again.
    assert reminders.digest_is_due(
        ReminderSettings.objects.get(user__email="admin@koeln.example"), timezone.localdate()
    )
