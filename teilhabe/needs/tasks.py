"""Long work of the needs assessment as background tasks with progress (see teilhabe.core.tasks)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.core.models import Municipality
from teilhabe.core.tasks import Progress, tracked
from teilhabe.needs.services import proposals_refresh


@task()
@tracked
def need_proposals_task(progress: Progress, *, municipality_id: int) -> str:
    """Look for candidate needs in the data basis, the inventory and participation."""
    municipality = Municipality.objects.get(pk=municipality_id)
    progress.update(10, _("Comparing the areas with the municipality and the inventory …"))
    counts = proposals_refresh(municipality=municipality)
    progress.update(
        100,
        _("%(created)s new proposals (%(found)s found; decided ones are not proposed again).")
        % counts,
    )
    return reverse("needs:need_proposals", args=[municipality.ars])
