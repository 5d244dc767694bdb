"""The core's entries in the lifecycle overview and the navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import lifecycle, navigation, status
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


lifecycle.register("data")(status.areas_status)
lifecycle.register("concept")(status.fields_status)
