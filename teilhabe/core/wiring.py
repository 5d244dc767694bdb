"""The core's entries in the lifecycle overview and the navigation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import lifecycle, navigation
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Area, FieldOfAction, Municipality
from teilhabe.core.permissions import can_administer, can_edit, can_read

navigation.register(navigation.NavEntry("data", gettext_lazy("Gebiete"), "core:area_list", can_read, 10))
navigation.register(navigation.NavEntry("setup", gettext_lazy("Handlungsfelder"), "core:field_list", can_read, 10))
navigation.register(navigation.NavEntry("setup", gettext_lazy("Organisation"), "core:orgunit_list", can_read, 20))
navigation.register(navigation.NavEntry("setup", gettext_lazy("Personen und Rollen"), "core:member_list", can_administer, 30))
navigation.register(navigation.NavEntry("setup", gettext_lazy("Kommune und Verbund"), "core:municipality_settings", can_read, 40))
navigation.register(navigation.NavEntry("setup", gettext_lazy("Aufgaben"), "core:task_list", can_edit, 50))


@lifecycle.register("data")
def _areas_status(municipality: Municipality) -> StepStatus:
    count = Area.objects.filter(municipality=municipality).count()
    if not count:
        return StepStatus(next_action=_("Gebiete aus einer GeoJSON-Datei importieren."), url=reverse("core:area_import", args=[municipality.ars]))
    return StepStatus(
        facts=[_("%(n)s Gebiete mit Geometrie") % {"n": count}],
        url=reverse("core:area_list", args=[municipality.ars]),
        started=True,
    )


@lifecycle.register("concept")
def _fields_status(municipality: Municipality) -> StepStatus:
    count = FieldOfAction.objects.filter(municipality=municipality, is_active=True).count()
    if not count:
        return StepStatus(next_action=_("Handlungsfelder aus dem Katalog wählen."), url=reverse("core:field_list", args=[municipality.ars]))
    return StepStatus(facts=[_("%(n)s Handlungsfelder") % {"n": count}], url=reverse("core:field_list", args=[municipality.ars]), started=True)
