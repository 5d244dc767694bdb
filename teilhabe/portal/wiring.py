"""This part's entries in the navigation and the demo, and the signals that keep the portal's
page cache current."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import navigation, seeding
from teilhabe.portal import page_cache
from teilhabe.portal.permissions import can_manage_portal

navigation.register(
    navigation.NavEntry(
        "report", gettext_lazy("Public portal"), "portal:settings", can_manage_portal, 80
    )
)
navigation.register(
    navigation.NavEntry(
        "report", gettext_lazy("Portal feedback"), "portal:feedback_list", can_manage_portal, 81
    )
)

page_cache.connect()

seeding.register("teilhabe.portal.demo.demo_portal")
