"""Background tasks with visible progress.

``task_enqueue`` records a ``TaskRun`` (what the user sees: percentage, message, errors, a link
to the result) and hands the work to django-tasks. A task function decorated with
``tracked`` receives a ``Progress`` and may call ``progress.update(percent, message)``.
Later parts of Teilhabe (imports, reports) use the same mechanism.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.core.models import Municipality, TaskRun, TaskStatus, User

logger = logging.getLogger(__name__)


class Progress:
    def __init__(self, run_id: str) -> None:
        self.run_id = run_id

    def update(self, percent: int, message: str = "") -> None:
        TaskRun.objects.filter(pk=self.run_id).update(
            progress=max(0, min(100, percent)), message=message[:500]
        )


def runs_mark_stale(*, now: Any = None) -> int:
    """Mark runs as failed whose worker died (killed, out of memory, server restarted): they
    would otherwise show "running" for ever. A run counts as dead when it started longer ago
    than ``TEILHABE_TASK_STALE_MINUTES``. Its work was one transaction, so nothing of it was
    saved and the user can simply start it again."""
    from datetime import timedelta

    limit = (now or timezone.now()) - timedelta(
        minutes=getattr(settings, "TEILHABE_TASK_STALE_MINUTES", 120)
    )
    return TaskRun.objects.filter(status=TaskStatus.RUNNING, started_at__lt=limit).update(
        status=TaskStatus.FAILED,
        finished_at=timezone.now(),
        message=_("Cancelled: nothing was saved."),
        errors=[
            _(
                "The background service stopped while working on this task. Nothing was "
                "saved. Please start the task again."
            )
        ],
    )


def tracked(func: Callable[..., str | None]) -> Callable[..., None]:
    """Run ``func(progress, **kwargs)``; its return value is the result URL. Failures are
    stored as German messages on the TaskRun, never lost."""

    @wraps(func)
    def wrapper(run_id: str, **kwargs: Any) -> None:
        runs_mark_stale()  # cheap; clears runs left behind by a worker that was killed
        TaskRun.objects.filter(pk=run_id).update(
            status=TaskStatus.RUNNING, started_at=timezone.now()
        )
        progress = Progress(run_id)
        try:
            result_url = func(progress, **kwargs)
        except ValidationError as exc:
            TaskRun.objects.filter(pk=run_id).update(
                status=TaskStatus.FAILED,
                errors=list(exc.messages),
                finished_at=timezone.now(),
                message=_("Cancelled: nothing was saved."),
            )
            return
        except Exception:
            logger.exception("task %s failed", run_id)
            TaskRun.objects.filter(pk=run_id).update(
                status=TaskStatus.FAILED,
                errors=[
                    _(
                        "Unexpected error. Nothing was saved. Please try again or contact your IT operations."
                    )
                ],
                finished_at=timezone.now(),
            )
            return
        TaskRun.objects.filter(pk=run_id).update(
            status=TaskStatus.DONE,
            progress=100,
            result_url=result_url or "",
            finished_at=timezone.now(),
        )

    return wrapper


def task_enqueue(
    task_obj: Any,
    *,
    title: str,
    municipality: Municipality | None,
    user: User | None,
    **kwargs: Any,
) -> TaskRun:
    """Record a TaskRun and enqueue the task once the surrounding transaction commits."""
    run = TaskRun.objects.create(title=title, municipality=municipality, user=user)
    transaction.on_commit(lambda: task_obj.enqueue(run_id=str(run.pk), **kwargs))
    return run


def upload_store(data: bytes | UploadedFile, suffix: str) -> str:
    """Keep an uploaded file for a task; returns the path relative to MEDIA_ROOT. An upload
    Django streamed to a temporary file is moved there, any other copied in chunks: a large
    file never lies in memory."""
    import shutil
    import uuid

    relative = Path("uploads") / f"{uuid.uuid4().hex}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        target.write_bytes(data)
    elif hasattr(data, "temporary_file_path"):
        shutil.move(data.temporary_file_path(), target)
    else:
        with target.open("wb") as out:
            for chunk in data.chunks():
                out.write(chunk)
    return str(relative)


@task()
@tracked
def import_areas_task(
    progress: Progress,
    *,
    municipality_id: int,
    upload: str,
    mapping: dict[str, Any],
    kind: str,
    valid_from: str | None,
) -> str:
    from datetime import date

    from django.urls import reverse

    from teilhabe.core.geo import AreaMapping, parse_area_features
    from teilhabe.core.services import areas_import

    municipality = Municipality.objects.get(pk=municipality_id)
    path = Path(settings.MEDIA_ROOT) / upload
    progress.update(10, _("Reading the file …"))
    parsed = parse_area_features(path.read_bytes(), AreaMapping(**mapping), filename=path.name)
    if not parsed.ok:
        raise ValidationError(parsed.errors)
    progress.update(50, _("Saving %(n)s areas …") % {"n": len(parsed.rows)})
    counts = areas_import(
        municipality=municipality,
        parsed=parsed,
        kind=kind,
        valid_from=date.fromisoformat(valid_from) if valid_from else None,
    )
    progress.update(
        100,
        _("%(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % counts,
    )
    path.unlink(missing_ok=True)
    return reverse("core:area_list", args=[municipality.ars])


@task()
@tracked
def deadline_digests_task(progress: Progress, *, day: str = "") -> str:
    """Send the due e-mail digests of deadlines (daily by cron). A message the mail server
    refuses is tried again a few times; a person it still fails for is tried on the next run."""
    from datetime import date

    from teilhabe.core.reminders import digests_send

    run = digests_send(today=date.fromisoformat(day) if day else None)
    if run.failed:
        TaskRun.objects.filter(pk=progress.run_id).update(errors=run.failed[:50])
    progress.update(
        100,
        _("%(sent)s e-mails sent, %(skipped)s people without news or not due, %(failed)s failed.")
        % {"sent": run.sent, "skipped": run.skipped, "failed": len(run.failed)},
    )
    return ""
