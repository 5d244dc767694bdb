"""This part's entries in the navigation, the lifecycle overview, the handover page and the
demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import demo, handover, lifecycle, navigation
from teilhabe.core.models import Municipality
from teilhabe.core.permissions import can_read

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


@lifecycle.register("needs")
def _needs_status(municipality: Municipality) -> lifecycle.StepStatus:
    from teilhabe.needs.overview import needs_step_status

    return needs_step_status(municipality)


@handover.register("weighing", position=46)
def _handover_weighing(municipality: Municipality) -> handover.Section:
    from teilhabe.needs.overview import weighing_handover

    return weighing_handover(municipality)


@demo.register
def _demo_needs(koeln: Municipality) -> None:
    from teilhabe.needs.demo import demo_needs, demo_target_groups

    demo_target_groups(koeln)
    demo_needs(koeln)
