"""This part's entries in the navigation, the lifecycle overview, the handover view and the
demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import extensions, handover, lifecycle, navigation, seeding
from teilhabe.core.permissions import can_administer, can_edit, can_read
from teilhabe.council import status
from teilhabe.council.views_proposals import decision_panel

navigation.register(
    navigation.NavEntry("council", gettext_lazy("Papers"), "council:paper_list", can_read, 10)
)
navigation.register(
    navigation.NavEntry("council", gettext_lazy("Meetings"), "council:meeting_list", can_read, 20)
)
navigation.register(
    navigation.NavEntry("council", gettext_lazy("Bodies"), "council:committee_list", can_read, 30)
)
navigation.register(
    navigation.NavEntry(
        "council", gettext_lazy("Import from the RIS"), "council:oparl_import", can_edit, 40
    )
)
navigation.register(
    navigation.NavEntry(
        "setup", gettext_lazy("Council settings"), "council:settings", can_administer, 60
    )
)


lifecycle.register("council")(status.council_status)

handover.register("signoffs", position=40)(status.handover_signoffs)

seeding.register("teilhabe.council.demo.load")

# Who decided a change proposal of the concept is one of the council's bodies (or a group).
extensions.register_panel(
    "concept.proposal_detail.decision",
    "council",
    template="council/_proposal_decision.html",
    context=decision_panel,
)
