"""The import as a background task with progress (see teilhabe.core.tasks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from teilhabe.core.models import Municipality, User
from teilhabe.core.tasks import Progress, tracked
from teilhabe.statistics.importers.table import TableMapping
from teilhabe.statistics.services import dataset_import


@task()
@tracked
def import_dataset_task(
    progress: Progress,
    *,
    municipality_id: int,
    user_id: int | None,
    upload: str,
    filename: str,
    fmt: str,
    metadata: dict[str, Any],
    mapping: dict[str, Any] | None = None,
    version_of: int | None = None,
) -> str:
    municipality = Municipality.objects.get(pk=municipality_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    path = Path(settings.MEDIA_ROOT) / upload
    table_mapping = TableMapping.from_dict(mapping) if mapping else None
    outcome = dataset_import(
        municipality=municipality,
        data=path,
        filename=filename,
        fmt=fmt,
        user=user,
        metadata=metadata,
        mapping=table_mapping,
        progress=progress.update,
        version_of=version_of,
    )
    path.unlink(missing_ok=True)  # the dataset keeps its own link or copy
    progress.update(
        100,
        (
            f"{outcome.dataset.row_count} Werte gespeichert (Version {outcome.dataset.version})."
            if outcome.created
            else "Diese Datei wurde bereits importiert; es wurde nichts geändert."
        ),
    )
    return reverse("statistics:dataset_detail", args=[municipality.ars, outcome.dataset.pk])
