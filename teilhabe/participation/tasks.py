"""Background tasks of participation: answer exports and the deletion of expired raw answers."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.core.tasks import Progress, tracked
from teilhabe.participation import exports
from teilhabe.participation.models import SurveyExport


@task()
@tracked
def export_answers_task(progress: Progress, *, export_id: int) -> str:
    export = SurveyExport.objects.select_related("survey__municipality").get(pk=export_id)
    survey = export.survey
    relative = Path("exports") / f"befragung-{survey.pk}-{export.pk}.{export.format}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    progress.update(10, _("Writing the answers …"))
    if export.format == SurveyExport.Format.CSV:
        with target.open("w", encoding="utf-8", newline="") as fh:
            rows = exports.write_csv(survey, fh)
    else:
        rows = exports.write_xlsx(survey, target)
    export.path = str(relative)
    export.rows = rows
    export.finished_at = timezone.now()
    export.save(update_fields=["path", "rows", "finished_at"])
    progress.update(100, _("%(n)s responses exported.") % {"n": rows})
    return reverse("participation:export_download", args=[survey.municipality.ars, export.pk])


@task()
def purge_expired_answers_task() -> list[int]:
    from teilhabe.participation.services import responses_purge_expired

    return responses_purge_expired()
