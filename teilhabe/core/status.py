"""The core's status on the home page (areas, fields of action); registered in ``wiring.py``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Area, FieldOfAction, Municipality


def areas_status(municipality: Municipality) -> StepStatus:
    count = Area.objects.filter(municipality=municipality).count()
    if not count:
        return StepStatus(
            next_action=_("Import areas from a GeoJSON file."),
            url=reverse("core:area_import", args=[municipality.ars]),
        )
    return StepStatus(
        facts=[_("%(n)s areas with geometry") % {"n": count}],
        url=reverse("core:area_list", args=[municipality.ars]),
        started=True,
    )


def fields_status(municipality: Municipality) -> StepStatus:
    count = FieldOfAction.objects.filter(municipality=municipality, is_active=True).count()
    if not count:
        return StepStatus(
            next_action=_("Choose fields of action from the catalogue."),
            url=reverse("core:field_list", args=[municipality.ars]),
        )
    return StepStatus(
        facts=[_("%(n)s fields of action") % {"n": count}],
        url=reverse("core:field_list", args=[municipality.ars]),
        started=True,
    )
