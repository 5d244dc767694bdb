"""This part's entries in the navigation, the lifecycle overview, the handover view and the
demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, pgettext_lazy

from teilhabe.core import handover, lifecycle, navigation, seeding
from teilhabe.core.permissions import can_read
from teilhabe.inventory import status
from teilhabe.inventory.permissions import can_edit_inventory

navigation.register(
    navigation.NavEntry(
        "inventory", pgettext_lazy("inventory", "Actors"), "inventory:actor_list", can_read, 10
    )
)
navigation.register(
    navigation.NavEntry(
        "inventory", pgettext_lazy("inventory", "Offers"), "inventory:offer_list", can_read, 20
    )
)
navigation.register(
    navigation.NavEntry("inventory", gettext_lazy("Usage"), "inventory:usage_list", can_read, 25)
)
navigation.register(
    navigation.NavEntry("inventory", gettext_lazy("Offer map"), "inventory:offer_map", can_read, 30)
)
navigation.register(
    navigation.NavEntry("inventory", gettext_lazy("Gap view"), "inventory:gaps", can_read, 40)
)
navigation.register(
    navigation.NavEntry(
        "inventory", gettext_lazy("Duplicates and overlaps"), "inventory:duplicates", can_read, 50
    )
)
navigation.register(
    navigation.NavEntry(
        "inventory", gettext_lazy("Actor survey"), "inventory:survey_list", can_edit_inventory, 60
    )
)
navigation.register(
    navigation.NavEntry(
        "inventory", gettext_lazy("Excel import"), "inventory:import", can_edit_inventory, 70
    )
)


lifecycle.register("inventory")(status.inventory_status)

handover.register("actors", position=85)(status.handover_actors)

seeding.register("teilhabe.inventory.demo.demo_inventory")
