"""Background tasks of the council part."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.core.models import Municipality, User
from teilhabe.core.tasks import Progress, tracked


@task()
@tracked
def oparl_import_task(
    progress: Progress, *, municipality_id: int, endpoint: str, full: bool, user_id: int | None
) -> str:
    from teilhabe.council.oparl.client import HttpSource
    from teilhabe.council.oparl.importer import oparl_run

    municipality = Municipality.objects.get(pk=municipality_id)
    progress.update(5, _("Reading the RIS …"))
    run = oparl_run(
        municipality=municipality,
        source=HttpSource(),
        entry=endpoint,
        full=full,
        user=User.objects.filter(pk=user_id).first() if user_id else None,
    )
    if not run.completed:
        progress.update(
            100,
            _(
                "Not everything could be read; the time of the last import stays as it was. "
                "See the report for the addresses."
            ),
        )
        return reverse("council:oparl_run", args=[municipality.ars, run.pk])
    progress.update(
        100,
        _("%(papers)s papers and %(meetings)s meetings read; %(skipped)s objects skipped.")
        % {
            "papers": run.counts.get("created_Paper", 0) + run.counts.get("updated_Paper", 0),
            "meetings": run.counts.get("created_Meeting", 0) + run.counts.get("updated_Meeting", 0),
            "skipped": sum(v for k, v in run.counts.items() if k.startswith("skipped_")),
        },
    )
    return reverse("council:oparl_run", args=[municipality.ars, run.pk])
