"""Writes of participation: surveys and questions, answers, retention, events, contributions
and groups. Typed, keyword-only, atomic."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import FieldOfAction, Municipality, User
from teilhabe.core.versioning import ConcurrentEditError, save_versioned
from teilhabe.participation import matcher
from teilhabe.participation.answers import Value
from teilhabe.participation.models import (
    DEFAULT_SURVEY_LANGUAGES,
    Answer,
    Channel,
    Contribution,
    ContributionChannel,
    FieldKeywords,
    ParticipationSettings,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyInvitation,
)


def _next_content_version(survey: Survey) -> int:
    current = (
        Survey.objects.filter(pk=survey.pk).values_list("content_version", flat=True).first()
        if survey.pk
        else None
    )
    return (current or survey.content_version or 0) + 1


def survey_touch(*, survey: Survey) -> None:
    """Mark the survey's content as changed (questions, texts): the public form is rebuilt."""
    from django.db.models import F

    Survey.objects.filter(pk=survey.pk).update(content_version=F("content_version") + 1)


@transaction.atomic
def settings_save(*, settings_obj: ParticipationSettings) -> ParticipationSettings:
    from django.db.models import F

    settings_obj.full_clean()
    settings_obj.save()
    Survey.objects.filter(municipality=settings_obj.municipality).update(
        content_version=F("content_version") + 1
    )
    return settings_obj


def settings_for(*, municipality: Municipality) -> ParticipationSettings:
    obj, _created = ParticipationSettings.objects.get_or_create(
        municipality=municipality, defaults={"languages": list(DEFAULT_SURVEY_LANGUAGES)}
    )
    return obj


# --- surveys ---------------------------------------------------------------------------------


@transaction.atomic
def survey_save(*, survey: Survey, expected_version: int | None = None) -> Survey:
    """Save a survey; a stale ``expected_version`` (someone else saved meanwhile) is refused."""
    survey.full_clean()
    if survey.opens_at and survey.pk:
        survey_check_can_open(survey=survey)
    survey.content_version = _next_content_version(survey)
    try:
        return save_versioned(survey, expected_version=expected_version, clean=False)
    except ConcurrentEditError as exc:
        message = _(
            "Someone else changed this survey in the meantime. Reload the page and "
            "make your change again."
        )
        raise ConcurrentEditError(exc.current, message=message) from exc


def survey_check_can_open(*, survey: Survey) -> None:
    """The privacy notice must exist (Art. 13 GDPR); questions on special categories need a
    recorded justification (Art. 9 GDPR)."""
    if not ((survey.texts or {}).get("de") or {}).get("privacy", "").strip():
        raise ValidationError(
            {
                "opens_at": _(
                    "The survey has no privacy notice yet. Write it under “Introduction and "
                    "privacy notice” before you open the survey."
                )
            }
        )
    sensitive = survey.questions.filter(special_category=True).exists()
    if sensitive and not (survey.art9_justification.strip() and survey.art9_recorded_at):
        raise ValidationError(
            {
                "opens_at": _(
                    "The survey asks for special categories of personal data (Art. 9 GDPR). "
                    "Record a justification under “Data protection” before you set an opening date."
                )
            }
        )


@transaction.atomic
def survey_record_justification(*, survey: Survey, text: str, user: User) -> Survey:
    if not text.strip():
        raise ValidationError({"art9_justification": _("Write the justification.")})
    survey.art9_justification = text.strip()
    survey.art9_recorded_by = user
    survey.art9_recorded_at = timezone.now()
    survey.save()
    return survey


@transaction.atomic
def survey_open_now(*, survey: Survey) -> Survey:
    survey_check_can_open(survey=survey)
    if not survey.questions.exclude(kind=QuestionKind.SECTION).exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    survey.opens_at = timezone.now()
    if survey.closes_at and survey.closes_at <= survey.opens_at:
        survey.closes_at = None
    survey.save()
    return survey


@transaction.atomic
def survey_close_now(*, survey: Survey) -> Survey:
    survey.closes_at = timezone.now()
    survey.save()
    return survey


@transaction.atomic
def survey_set_texts(
    *, survey: Survey, lang: str, texts: dict[str, str], status: str | None = None
) -> Survey:
    survey.texts = {**(survey.texts or {}), lang: {k: v for k, v in texts.items() if v}}
    if status and lang != "de":
        survey.translation_status = {**(survey.translation_status or {}), lang: status}
    survey.content_version = _next_content_version(survey)
    survey.save()
    return survey


@transaction.atomic
def survey_publish_results(*, survey: Survey, user: User, publish: bool) -> Survey:
    survey.results_published = publish
    survey.results_published_by = user if publish else None
    survey.save()
    return survey


@transaction.atomic
def question_save(*, question: Question) -> Question:
    if question.pk is None and not question.position:
        last = question.survey.questions.order_by("-position").first()
        question.position = (last.position + 10) if last else 10
    question.full_clean()
    question.save()
    survey_touch(survey=question.survey)
    return question


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    siblings = list(question.survey.questions.order_by("position", "pk"))
    index = siblings.index(question)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for pos, q in enumerate(siblings, start=1):
        if q.position != pos * 10:
            Question.objects.filter(pk=q.pk).update(position=pos * 10)
    survey_touch(survey=question.survey)


@transaction.atomic
def question_delete(*, question: Question) -> None:
    if question.answers.exists():
        raise ValidationError(
            _("This question already has answers and cannot be deleted. Close the survey instead.")
        )
    survey_touch(survey=question.survey)
    question.delete()


@transaction.atomic
def invitations_create(*, survey: Survey, recipients: list[str]) -> list[SurveyInvitation]:
    existing = set(survey.invitations.values_list("recipient", flat=True))
    created = []
    for name in recipients:
        name = name.strip()
        if name and name not in existing:
            created.append(SurveyInvitation.objects.create(survey=survey, recipient=name))
            existing.add(name)
    return created


# --- answers ---------------------------------------------------------------------------------


class AlreadyUsed(Exception):
    """The personal link was used before."""


def _insert_sql() -> str:
    qn = connection.ops.quote_name
    r, a = Response._meta, Answer._meta

    def column(meta: Any, name: str) -> str:
        return qn(meta.get_field(name).column)

    # Only table and column names from the models go into the text; values are parameters.
    return (
        f"WITH r AS (INSERT INTO {qn(r.db_table)} "  # noqa: S608
        f"({column(r, 'survey')}, {column(r, 'submitted_on')}, {column(r, 'language')}, "
        f"{column(r, 'channel')}, {column(r, 'idempotency_key')}) "
        f"VALUES (%s, %s, %s, %s, %s) "
        f"ON CONFLICT ({column(r, 'idempotency_key')}) DO NOTHING RETURNING {qn(r.pk.column)}), "
        f"a AS (INSERT INTO {qn(a.db_table)} "
        f"({column(a, 'response')}, {column(a, 'question')}, {column(a, 'row')}, "
        f"{column(a, 'choice')}, {column(a, 'number')}, {column(a, 'text')}) "
        f"SELECT r.{qn(r.pk.column)}, v.q, v.r, v.c, v.n, v.t FROM r, "
        f"UNNEST(%s::bigint[], %s::text[], %s::text[], %s::double precision[], %s::text[]) "
        f"AS v(q, r, c, n, t)) "
        f"SELECT {qn(r.pk.column)} FROM r"
    )


_INSERT_SQL: list[str] = []


def _response_insert_postgresql(
    *,
    survey_id: int,
    submitted_on: date,
    language: str,
    channel: str,
    key: uuid.UUID,
    values: list[Value],
) -> bool:
    """The response and all its answers in one statement (one round trip, one commit).
    ``ON CONFLICT DO NOTHING`` on the idempotency key makes a resent form store nothing, also
    when both copies arrive at the same moment: the second waits for the first and skips."""
    if not _INSERT_SQL:
        _INSERT_SQL.append(_insert_sql())
    params = [
        survey_id,
        submitted_on,
        language,
        channel,
        key,
        [v.question_id for v in values],
        [v.row for v in values],
        [v.choice for v in values],
        [v.number for v in values],
        [v.text for v in values],
    ]
    # One statement is one transaction by itself: no BEGIN/COMMIT round trips around it.
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SQL[0], params)
        return cursor.fetchone() is not None


def response_submit(
    *,
    survey: Survey,
    language: str,
    idempotency_key: str,
    values: list[Value],
    channel: str = Channel.ONLINE,
    invitation: SurveyInvitation | None = None,
    today: date | None = None,
) -> bool:
    """Store one questionnaire. Returns False if this form was already stored (same
    idempotency key): a double click or a resent form stores nothing twice."""
    try:
        key = uuid.UUID(idempotency_key)
    except (ValueError, TypeError):
        key = uuid.uuid4()
    submitted_on = today or timezone.localdate()
    if invitation is None and connection.vendor == "postgresql":
        return _response_insert_postgresql(
            survey_id=survey.pk,
            submitted_on=submitted_on,
            language=language,
            channel=channel,
            key=key,
            values=values,
        )
    if Response.objects.filter(idempotency_key=key).exists():
        return False
    try:
        with transaction.atomic():
            if invitation is not None:
                claimed = SurveyInvitation.objects.filter(
                    pk=invitation.pk, used_at__isnull=True
                ).update(used_at=timezone.now())
                if not claimed:
                    raise AlreadyUsed
            response = Response.objects.create(
                survey=survey,
                submitted_on=submitted_on,
                language=language,
                channel=channel,
                idempotency_key=key,
            )
            Answer.objects.bulk_create(
                [
                    Answer(
                        response=response,
                        question_id=v.question_id,
                        row=v.row,
                        choice=v.choice,
                        number=v.number,
                        text=v.text,
                    )
                    for v in values
                ]
            )
    except IntegrityError:
        if Response.objects.filter(idempotency_key=key).exists():
            return False
        raise
    return True


def archive_results(*, survey: Survey) -> dict[str, Any]:
    from teilhabe.participation.selectors import survey_results

    results = survey_results(survey=survey)
    return {
        "responses": results["responses"],
        "by_language": results["by_language"],
        "by_channel": results["by_channel"],
        "questions": [
            {k: v for k, v in item.items() if k not in ("question", "texts")}
            | {"question_id": item["question"].pk}
            for item in results["questions"]
        ],
    }


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    import calendar

    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def responses_purge_expired(*, now: datetime | None = None) -> list[int]:
    """Delete the raw answers of surveys closed longer than their municipality's retention
    period; the aggregated results are kept on the survey. Returns the survey ids."""
    now = now or timezone.now()
    done = []
    candidates = Survey.objects.filter(
        closes_at__isnull=False, closes_at__lte=now, raw_deleted_at__isnull=True
    ).select_related("municipality")
    for survey in candidates:
        months = settings_for(municipality=survey.municipality).retention_months
        if add_months(survey.closes_at, months) > now:
            continue
        with transaction.atomic():
            survey.archived_results = archive_results(survey=survey)
            Answer.objects.filter(response__survey=survey).delete()
            Response.objects.filter(survey=survey).delete()
            for export in survey.exports.all():
                export_delete_file(export=export)
            survey.exports.all().delete()
            survey.raw_deleted_at = now
            survey.save()
        done.append(survey.pk)
    return done


def export_delete_file(*, export: Any) -> None:
    from pathlib import Path

    from django.conf import settings

    if export.path:
        (Path(settings.MEDIA_ROOT) / export.path).unlink(missing_ok=True)


# --- contributions ---------------------------------------------------------------------------


def keywords_for(*, municipality: Municipality) -> list[matcher.Keyword]:
    pairs = []
    fields = FieldOfAction.objects.filter(municipality=municipality, is_active=True)
    own = {
        k.field_of_action_id: k.keywords
        for k in FieldKeywords.objects.filter(field_of_action__municipality=municipality)
    }
    for f in fields:
        text = own.get(f.pk) or matcher.DEFAULT_KEYWORDS.get(f.name, f.name)
        pairs.append((f.pk, text))
    return matcher.compile_keywords(pairs)


@transaction.atomic
def keywords_save(*, field_of_action: FieldOfAction, keywords: str) -> FieldKeywords:
    obj, _created = FieldKeywords.objects.get_or_create(
        field_of_action=field_of_action, defaults={"keywords": keywords}
    )
    obj.keywords = keywords
    obj.full_clean()
    obj.save()
    return obj


def _suggest_and_group(
    contribution: Contribution, keywords: list[matcher.Keyword] | None = None
) -> None:
    keywords = (
        keywords if keywords is not None else keywords_for(municipality=contribution.municipality)
    )
    suggestion = matcher.suggest(contribution.text, keywords)
    contribution.suggested_field_id = suggestion.field_id
    contribution.suggestion_terms = suggestion.explanation
    if not contribution.field_of_action_id and suggestion.field_id:
        contribution.field_of_action_id = suggestion.field_id
        contribution.field_confirmed = False
    if contribution.duplicate_of_id is None:
        others = Contribution.objects.filter(
            municipality=contribution.municipality, duplicate_of__isnull=True
        ).exclude(pk=contribution.pk)
        for other_pk, other_text in others.values_list("pk", "text")[:2000]:
            if matcher.similarity(contribution.text, other_text) >= matcher.DUPLICATE_THRESHOLD:
                contribution.duplicate_of_id = other_pk
                break


@transaction.atomic
def contribution_create(*, contribution: Contribution, user: User | None) -> Contribution:
    """Save a new contribution with a suggested field of action and its near-duplicate."""
    contribution.created_by = user
    if contribution.event_id and not contribution.channel:
        contribution.channel = ContributionChannel.EVENT
    contribution.full_clean()
    confirmed = contribution.field_of_action_id is not None
    _suggest_and_group(contribution)
    contribution.field_confirmed = confirmed
    contribution.save()
    return contribution


@transaction.atomic
def contribution_update(*, contribution: Contribution) -> Contribution:
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def contribution_confirm_field(
    *, contribution: Contribution, field_of_action: FieldOfAction | None
) -> Contribution:
    if (
        field_of_action is not None
        and field_of_action.municipality_id != contribution.municipality_id
    ):
        raise ValidationError(_("Belongs to another municipality."))
    contribution.field_of_action = field_of_action
    contribution.field_confirmed = field_of_action is not None
    contribution.save()
    return contribution


@transaction.atomic
def contributions_resuggest(*, municipality: Municipality) -> int:
    """Recompute the suggestions of unconfirmed contributions (after editing keywords)."""
    keywords = keywords_for(municipality=municipality)
    count = 0
    for c in Contribution.objects.filter(municipality=municipality, field_confirmed=False):
        c.field_of_action = None
        _suggest_and_group(c, keywords)
        c.save()
        count += 1
    return count


@transaction.atomic
def contribution_from_answer(*, answer: Answer, user: User, kind: str) -> Contribution:
    """Take a reviewed free-text answer of a survey over as a contribution."""
    survey = answer.response.survey
    return contribution_create(
        contribution=Contribution(
            municipality=survey.municipality,
            text=answer.text,
            kind=kind,
            channel=ContributionChannel.SURVEY,
            survey=survey,
        ),
        user=user,
    )


@transaction.atomic
def translation_save(*, survey: Survey, lang: str, data: dict[str, Any]) -> Survey:
    """Store the texts of one language (survey texts, questions, options, matrix rows)."""
    texts = {k: (data.get(f"s_{k}") or "").strip() for k in ("title", "intro", "privacy", "thanks")}
    survey.texts = {**(survey.texts or {}), lang: {k: v for k, v in texts.items() if v}}
    survey.translation_status = {**(survey.translation_status or {}), lang: data["status"]}
    survey.content_version = _next_content_version(survey)
    survey.save()
    for q in survey.questions.all():
        q.text = {**(q.text or {}), lang: (data.get(f"q{q.pk}") or "").strip()}
        for attr in ("options", "rows"):
            items = []
            for item in getattr(q, attr) or []:
                value = (data.get(f"q{q.pk}_{attr}_{item['key']}") or "").strip()
                items.append({**item, "text": {**(item.get("text") or {}), lang: value}})
            setattr(q, attr, items)
        q.save()
    return survey


@transaction.atomic
def event_save(*, event: Any) -> Any:
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def attachment_save(*, attachment: Any, user: User) -> Any:
    attachment.consent_recorded_by = user if attachment.consent.strip() else None
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def group_save(*, group: Any) -> Any:
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def member_save(*, member: Any) -> Any:
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_remove(*, member: Any) -> None:
    member.delete()


@transaction.atomic
def document_save(*, document: Any) -> Any:
    document.full_clean()
    document.save()
    return document
