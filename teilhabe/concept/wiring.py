"""This part's entries in the navigation, the lifecycle overview, the handover view and the
demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.concept import status
from teilhabe.concept.permissions import can_edit_concept
from teilhabe.core import handover, lifecycle, navigation, seeding
from teilhabe.core.permissions import can_read

for entry in (
    navigation.NavEntry("concept", gettext_lazy("Concept tree"), "concept:tree", can_read, 10),
    navigation.NavEntry(
        "concept", gettext_lazy("Recommendations"), "concept:recommendation_list", can_read, 20
    ),
    navigation.NavEntry("concept", gettext_lazy("Measures"), "concept:measure_list", can_read, 30),
    navigation.NavEntry(
        "concept", gettext_lazy("Drafts and proposals"), "concept:draft_list", can_read, 40
    ),
    navigation.NavEntry(
        "concept", gettext_lazy("Update (Fortschreibung)"), "concept:cycle_list", can_read, 50
    ),
    navigation.NavEntry(
        "concept", gettext_lazy("Target groups"), "concept:target_groups", can_edit_concept, 60
    ),
):
    navigation.register(entry)


lifecycle.register("concept")(status.concept_status)
handover.register("concept-proposals", position=40)(status.handover_change_proposals)

seeding.register("teilhabe.concept.demo.demo_step")
seeding.register("teilhabe.concept.demo_need_answers.demo_need_answers")
