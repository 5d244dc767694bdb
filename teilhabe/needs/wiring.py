"""This part's entries in the navigation, the lifecycle overview, the handover page and the
demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import handover, lifecycle, navigation, seeding
from teilhabe.core.permissions import can_read
from teilhabe.needs import status

for entry in (
    navigation.NavEntry("needs", gettext_lazy("Needs"), "needs:need_list", can_read, 10),
    navigation.NavEntry("needs", gettext_lazy("Needs matrix"), "needs:need_matrix", can_read, 20),
    navigation.NavEntry(
        "needs", gettext_lazy("Unanswered needs"), "needs:need_unanswered", can_read, 30
    ),
    navigation.NavEntry(
        "needs", gettext_lazy("Proposals from the data"), "needs:need_proposals", can_read, 40
    ),
    navigation.NavEntry("needs", gettext_lazy("Weighing"), "needs:round_list", can_read, 50),
):
    navigation.register(entry)


lifecycle.register("needs")(status.needs_step_status)
handover.register("weighing", position=46)(status.weighing_handover)

seeding.register("teilhabe.needs.demo.demo_step")
