"""This part's entries in the navigation, the lifecycle overview, the handover view and the
demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import handover, lifecycle, navigation, seeding
from teilhabe.core.permissions import can_read
from teilhabe.planning import status
from teilhabe.planning.permissions import can_see_handover

for entry in (
    navigation.NavEntry("mandate", gettext_lazy("Mandates"), "planning:mandate_list", can_read, 10),
    navigation.NavEntry("plan", gettext_lazy("Process plan"), "planning:plan_list", can_read, 10),
    navigation.NavEntry("plan", gettext_lazy("Funding"), "planning:funding_list", can_read, 20),
    navigation.NavEntry("plan", gettext_lazy("Cost rates"), "planning:rate_list", can_read, 30),
    navigation.NavEntry(
        "implementation", gettext_lazy("Handover"), "planning:handover", can_see_handover, 90
    ),
):
    navigation.register(entry)

lifecycle.register("mandate")(status.mandate_status)
lifecycle.register("plan")(status.plan_status)

handover.register("mandates", position=10)(status.handover_mandates)
handover.register("plan", position=20)(status.handover_plan)
handover.register("proofs", position=30)(status.handover_funding)
handover.register("contacts", position=80)(status.handover_contacts)

seeding.register("teilhabe.planning.demo.demo_planning")
