"""The core's entries in the lifecycle overview and the navigation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import lifecycle, navigation
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Area, FieldOfAction, Municipality
from teilhabe.core.permissions import can_administer, can_edit, can_read

navigation.register(
    navigation.NavEntry("data", gettext_lazy("Areas"), "core:area_list", can_read, 10)
)
navigation.register(
    navigation.NavEntry("setup", gettext_lazy("Fields of action"), "core:field_list", can_read, 10)
)
navigation.register(
    navigation.NavEntry("setup", gettext_lazy("Organisation"), "core:orgunit_list", can_read, 20)
)
navigation.register(
    navigation.NavEntry(
        "setup", gettext_lazy("People and roles"), "core:member_list", can_administer, 30
    )
)
navigation.register(
    navigation.NavEntry(
        "setup",
        gettext_lazy("Municipality and federation"),
        "core:municipality_settings",
        can_read,
        40,
    )
)
navigation.register(
    navigation.NavEntry("setup", gettext_lazy("Tasks"), "core:task_list", can_edit, 50)
)


@lifecycle.register("data")
def _areas_status(municipality: Municipality) -> StepStatus:
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


@lifecycle.register("concept")
def _fields_status(municipality: Municipality) -> StepStatus:
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
