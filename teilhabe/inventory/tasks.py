"""Background work of the inventory: the spreadsheet import, with visible progress."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.core.models import Municipality
from teilhabe.core.tasks import Progress, tracked


@task()
@tracked
def import_spreadsheet_task(
    progress: Progress, *, municipality_id: int, upload: str, kind: str, filename: str
) -> str:
    from teilhabe.inventory.spreadsheets import parse_spreadsheet, spreadsheet_import

    municipality = Municipality.objects.get(pk=municipality_id)
    path = Path(settings.MEDIA_ROOT) / upload
    progress.update(10, _("Reading the file …"))
    result = parse_spreadsheet(
        path.read_bytes(), kind=kind, filename=filename, municipality=municipality
    )
    if not result.ok:
        raise ValidationError(result.errors)
    progress.update(40, _("Saving %(n)s rows …") % {"n": len(result.rows)})
    counts = spreadsheet_import(result=result, municipality=municipality)
    progress.update(
        100, _("%(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % counts
    )
    path.unlink(missing_ok=True)
    target = {
        "actors": "actor_list",
        "offers": "offer_list",
        "locations": "offer_list",
        "usage": "usage_list",
    }[kind]
    return reverse(f"inventory:{target}", args=[municipality.ars])
