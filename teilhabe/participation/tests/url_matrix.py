"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.url_matrix import ADMIN, EDIT, POST_ADMIN, POST_EDIT, PUBLIC, READ, ROLES, Row, ars

# Staff and working-group members capture contributions and minutes.
CAPTURE = EDIT | {"working_group": 200}
POST_CAPTURE = {r: (405 if s == 200 else s) for r, s in CAPTURE.items()}
NOT_FOUND = dict.fromkeys(ROLES, 404)


def setup(world) -> None:  # type: ignore[no-untyped-def]
    """Create the objects the rows below need; store them in world.extra."""
    from teilhabe.participation.models import (
        Answer,
        Contribution,
        Event,
        EventAttachment,
        GroupDocument,
        GroupMember,
        Question,
        QuestionKind,
        Response,
        SteeringGroup,
        Survey,
        SurveyExport,
        SurveyInvitation,
        WorkingGroup,
    )

    m = world.municipality
    now = timezone.now()
    survey = Survey.objects.create(
        municipality=m,
        title="Befragung",
        opens_at=now - timedelta(days=1),
        texts={"de": {"privacy": "Datenschutzhinweis"}},
        results_published=True,
    )
    question = Question.objects.create(
        survey=survey, position=10, kind=QuestionKind.LONG_TEXT, text={"de": "Was fehlt?"}
    )
    response = Response.objects.create(
        survey=survey, submitted_on=now.date(), language="de", idempotency_key=_uuid()
    )
    answer = Answer.objects.create(response=response, question=question, text="Sprachkurse")
    staff_survey = Survey.objects.create(
        municipality=m,
        title="Mitarbeitende",
        audience="staff",
        opens_at=now - timedelta(days=1),
        texts={"de": {"privacy": "Datenschutzhinweis"}},
        staff_council_note="Der Personalrat hat zugestimmt.",
    )
    invitation = SurveyInvitation.objects.create(survey=staff_survey, recipient="Bürgeramt")
    export = SurveyExport.objects.create(survey=survey, format="csv", finished_at=now)
    wg = WorkingGroup.objects.create(municipality=m, name="AG Sprache", field_of_action=world.field)
    sg = SteeringGroup.objects.create(municipality=m, name="Steuerungsgruppe")
    member = GroupMember.objects.create(working_group=wg, name="Olena Kovalenko")
    document = GroupDocument(working_group=wg, title="Protokoll")
    document.file.save("protokoll.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    event = Event.objects.create(
        municipality=m, kind="market_stand", title="Marktstand", date=now.date()
    )
    attachment = EventAttachment(event=event, kind="other", title="Plakat")
    attachment.file.save("plakat.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    contribution = Contribution.objects.create(
        municipality=m, text="Mehr Sprachkurse", channel="event", event=event
    )
    # Another municipality's objects: must answer 404 to everyone here.
    other_survey = Survey.objects.create(municipality=world.other, title="Fremd")
    world.extra.update(
        survey=survey,
        question=question,
        answer=answer,
        invitation=invitation,
        export=export,
        wg=wg,
        sg=sg,
        member=member,
        document=document,
        event=event,
        attachment=attachment,
        contribution=contribution,
        other_survey=other_survey,
    )


def _uuid():  # type: ignore[no-untyped-def]
    import uuid

    return uuid.uuid4()


def s(w):  # type: ignore[no-untyped-def]
    return ars(w) | {"pk": w.extra["survey"].pk}


def q(w):  # type: ignore[no-untyped-def]
    return s(w) | {"qpk": w.extra["question"].pk}


def pk(name):  # type: ignore[no-untyped-def]
    return lambda w: ars(w) | {"pk": w.extra[name].pk}


def group(kind, name):  # type: ignore[no-untyped-def]
    return lambda w: ars(w) | {"kind": kind, "pk": w.extra[name].pk}


MATRIX: list = [
    Row("participation:survey_list", ars, READ),
    Row("participation:survey_create", ars, EDIT),
    Row("participation:survey_detail", s, READ),
    Row(
        "participation:survey_detail",
        lambda w: ars(w) | {"pk": w.extra["other_survey"].pk},
        READ | {r: 404 for r in ROLES if r != "anonymous"},
    ),
    Row("participation:survey_edit", s, EDIT),
    Row("participation:survey_intro", s, EDIT),
    Row("participation:survey_translate", lambda w: s(w) | {"lang": "ar"}, EDIT),
    Row("participation:survey_justify", s, EDIT),
    Row("participation:survey_open", s, POST_EDIT),
    Row("participation:survey_close", s, POST_EDIT),
    Row("participation:survey_preview", lambda w: s(w) | {"lang": "de"}, READ),
    Row("participation:question_create", s, EDIT),
    Row("participation:question_edit", q, EDIT),
    Row("participation:question_move", q, POST_EDIT),
    Row("participation:question_delete", q, POST_EDIT),
    Row("participation:invitations", s, EDIT),
    Row("participation:paper_entry", s, EDIT),
    Row("participation:results", s, READ),
    Row("participation:results_pdf", s, READ),
    Row("participation:results_publish", s, POST_ADMIN),
    Row("participation:free_texts", s, EDIT),
    Row(
        "participation:free_text_adopt",
        lambda w: s(w) | {"apk": w.extra["answer"].pk},
        POST_EDIT,
    ),
    Row("participation:export_start", s, POST_EDIT),
    Row(
        "participation:export_download",
        pk("export"),
        EDIT | {r: 404 for r, v in EDIT.items() if v == 200},
    ),
    Row("participation:settings", ars, ADMIN),
    Row("participation:keywords", ars, EDIT),
    Row("participation:event_list", ars, READ),
    Row("participation:event_create", ars, CAPTURE),
    Row("participation:event_detail", pk("event"), READ),
    Row("participation:event_edit", pk("event"), CAPTURE | {"working_group": 403}),
    Row("participation:event_capture", pk("event"), CAPTURE),
    Row("participation:attachment_add", pk("event"), CAPTURE),
    Row("participation:attachment_download", pk("attachment"), EDIT),
    Row("participation:contribution_list", ars, READ),
    Row("participation:contribution_create", ars, CAPTURE),
    Row("participation:contribution_detail", pk("contribution"), READ),
    Row("participation:contribution_edit", pk("contribution"), CAPTURE),
    Row("participation:contribution_confirm", pk("contribution"), POST_CAPTURE),
    Row("participation:group_list", ars, READ),
    Row("participation:group_create", lambda w: ars(w) | {"kind": "ag"}, EDIT),
    Row("participation:group_detail", group("ag", "wg"), READ),
    Row("participation:group_detail", group("sg", "sg"), READ),
    Row("participation:group_edit", group("ag", "wg"), CAPTURE),
    Row("participation:member_add", group("ag", "wg"), CAPTURE),
    Row("participation:member_add", group("sg", "sg"), CAPTURE | {"working_group": 403}),
    Row("participation:member_remove", pk("member"), POST_CAPTURE),
    Row("participation:document_add", group("ag", "wg"), CAPTURE),
    Row("participation:document_download", pk("document"), READ),
    Row("participation:reach", ars, READ),
    Row("participation:public_start", lambda w: {"token": w.extra["survey"].public_token}, PUBLIC),
    Row(
        "participation:public_form",
        lambda w: {"token": w.extra["survey"].public_token, "lang": "de"},
        PUBLIC,
    ),
    Row(
        "participation:public_form",
        lambda w: {"token": w.extra["survey"].public_token, "lang": "ar"},
        NOT_FOUND,
    ),
    Row(
        "participation:public_results",
        lambda w: {"token": w.extra["survey"].public_token},
        PUBLIC,
    ),
    Row(
        "participation:public_start",
        lambda w: {"token": w.extra["other_survey"].public_token},
        PUBLIC,
    ),
    Row("participation:personal_start", lambda w: {"token": w.extra["invitation"].token}, PUBLIC),
    Row(
        "participation:personal_form",
        lambda w: {"token": w.extra["invitation"].token, "lang": "de"},
        PUBLIC,
    ),
]
