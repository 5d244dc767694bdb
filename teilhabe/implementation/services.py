"""Writes of the implementation: status updates (the measure follows the newest one) and
milestones; the evaluations of measures (optimistic locking), their figures, and requests for
figures by a personal link (only the token's hash is stored; one answer per link; the answer
counts after staff review)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concept.models import ImplementationState, Measure
from teilhabe.core.models import Municipality, User
from teilhabe.core.versioning import save_versioned
from teilhabe.implementation.models import (
    Evaluation,
    EvaluationFigure,
    FigureOrigin,
    FigureRequest,
    FigureStage,
    Milestone,
    RequestStatus,
    StatusUpdate,
)

# --- status updates and milestones ----------------------------------------------------------


@transaction.atomic
def status_update_create(
    *,
    measure: Measure,
    traffic_light: str,
    text: str,
    user: User | None,
    reported_on: date | None = None,
    progress_percent: int | None = None,
    participants: int | None = None,
    money_spent: Decimal | None = None,
    reporting_municipality: Municipality | None = None,
) -> StatusUpdate:
    """Post a status update; the measure takes its traffic light (and progress) from the
    newest update, and a measure not yet started counts as started."""
    update = StatusUpdate(
        measure=measure,
        traffic_light=traffic_light,
        text=text,
        author=user,
        reported_on=reported_on or timezone.localdate(),
        progress_percent=progress_percent,
        participants=participants,
        money_spent=money_spent,
        reporting_municipality=reporting_municipality,
    )
    update.full_clean()
    update.save()
    _measure_follow_latest_update(measure)
    return update


def _measure_follow_latest_update(measure: Measure) -> None:
    latest = (
        StatusUpdate.objects.filter(measure_id=measure.pk)
        .order_by("-reported_on", "-created_at", "-pk")
        .first()
    )
    if latest is None:
        return
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    changed = False
    if current.traffic_light != latest.traffic_light:
        current.traffic_light = latest.traffic_light
        changed = True
    if latest.progress_percent is not None and current.progress_percent != latest.progress_percent:
        current.progress_percent = latest.progress_percent
        changed = True
    if current.implementation_state == ImplementationState.NOT_STARTED:
        current.implementation_state = ImplementationState.IN_PROGRESS
        changed = True
    if changed:
        save_versioned(current, expected_version=current.version)
        measure.version = current.version


@transaction.atomic
def milestone_save(*, milestone: Milestone) -> Milestone:
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_set_done(*, milestone: Milestone, done_on: date | None) -> Milestone:
    milestone.done_on = done_on
    milestone.full_clean()
    milestone.save(update_fields=["done_on"])
    return milestone


# --- evaluations -----------------------------------------------------------------------------

REQUEST_DAYS_DEFAULT = 21


@transaction.atomic
def evaluation_save(
    *, evaluation: Evaluation, expected_version: int | None, user: User | None = None
) -> Evaluation:
    if evaluation.pk is None:
        evaluation.created_by = evaluation.created_by or user
    return save_versioned(evaluation, expected_version=expected_version, user=user)


@transaction.atomic
def figure_add(
    *,
    evaluation: Evaluation,
    label: str,
    value: Decimal,
    unit: str,
    source: str,
    as_of: date,
    stage: str = FigureStage.NONE,
    origin: str = FigureOrigin.MANUAL,
) -> EvaluationFigure:
    figure = EvaluationFigure(
        evaluation=evaluation,
        label=label,
        value=value,
        unit=unit,
        source=source,
        as_of=as_of,
        stage=stage,
        origin=origin,
        reviewed=True,
    )
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def figure_delete(*, figure: EvaluationFigure) -> None:
    figure.delete()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def request_create(
    *,
    evaluation: Evaluation,
    recipient: str,
    message: str,
    valid_days: int = REQUEST_DAYS_DEFAULT,
    user: User | None,
) -> tuple[FigureRequest, str]:
    """A request for figures; returns the request and the token (shown once, never stored)."""
    if not 1 <= valid_days <= 120:
        raise ValidationError({"valid_days": _("A link is valid for 1 to 120 days.")})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    request = FigureRequest(
        evaluation=evaluation,
        recipient=recipient,
        message=message,
        token_hash=_token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
        created_by=user,
    )
    request.full_clean()
    request.save()
    return request, token


def request_for_token(token: str) -> FigureRequest | None:
    if not token or len(token) > 100:
        return None
    return (
        FigureRequest.objects.select_related("evaluation__measure", "evaluation__municipality")
        .filter(token_hash=_token_hash(token))
        .first()
    )


@transaction.atomic
def request_submit(
    *,
    request: FigureRequest,
    name: str,
    comment: str,
    figures: list[dict[str, Any]],
) -> list[EvaluationFigure]:
    """The recipient's one answer: the figures are stored unreviewed and count only after
    staff accept them."""
    request = FigureRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_answerable:
        raise ValidationError(_("This link has already been used or has expired."))
    if not figures:
        raise ValidationError(_("Enter at least one figure."))
    now = timezone.now()
    source = _("%(recipient)s (answer of %(date)s)") % {
        "recipient": request.recipient,
        "date": timezone.localdate(now).strftime("%d.%m.%Y"),
    }
    created = []
    for row in figures:
        figure = EvaluationFigure(
            evaluation=request.evaluation,
            label=row["label"],
            value=row["value"],
            unit=row.get("unit", ""),
            source=source[:300],
            as_of=row.get("as_of") or timezone.localdate(now),
            stage=row.get("stage", ""),
            origin=FigureOrigin.REQUEST,
            reviewed=False,
            request=request,
        )
        figure.full_clean()
        figure.save()
        created.append(figure)
    request.status = RequestStatus.SUBMITTED
    request.submitted_at = now
    request.submitted_by_name = name[:200]
    request.submitted_comment = comment
    request.save()
    return created


@transaction.atomic
def request_review(*, request: FigureRequest, accept: bool, user: User | None) -> FigureRequest:
    request = FigureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.SUBMITTED:
        raise ValidationError(_("Only an answered request can be reviewed."))
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.REJECTED
    request.reviewed_by = user
    request.reviewed_at = timezone.now()
    request.save()
    if accept:
        for figure in request.figures.all():
            figure.reviewed = True
            figure.save(update_fields=["reviewed"])
    return request
