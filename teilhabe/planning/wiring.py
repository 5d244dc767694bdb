"""This part's entries in the navigation, the lifecycle overview, the handover view and the
demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import deadlines, handover, lifecycle, navigation, seeding
from teilhabe.core.permissions import can_read
from teilhabe.planning import deadlines as planning_deadlines
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

deadlines.register_kind("mandate", gettext_lazy("Report back on a mandate"), position=10)
deadlines.register_kind(
    "plan_milestone", gettext_lazy("Milestone of the process plan"), position=30
)
deadlines.register_kind("proof", gettext_lazy("Proof of use of a grant"), position=40)
deadlines.register("mandate")(planning_deadlines.mandate_deadlines)
deadlines.register("plan_milestone")(planning_deadlines.plan_milestone_deadlines)
deadlines.register("proof")(planning_deadlines.proof_deadlines)

seeding.register("teilhabe.planning.demo.demo_planning")
