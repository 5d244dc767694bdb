"""The core's entries in the lifecycle overview and the navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import deadlines, handover, lifecycle, navigation, status
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
navigation.register(
    navigation.NavEntry(
        "implementation", gettext_lazy("Deadlines"), "core:deadline_list", can_read, 80
    )
)


lifecycle.register("data")(status.areas_status)
lifecycle.register("concept")(status.fields_status)

deadlines.register_kind(
    "moderator_access",
    gettext_lazy("End of the external moderation's access"),
    check=can_administer,
    position=90,
)
deadlines.register("moderator_access")(status.moderator_access_deadlines)
# Before the other parts' sections: what is due comes first for a successor.
handover.register("deadlines", position=5)(status.handover_deadlines)
