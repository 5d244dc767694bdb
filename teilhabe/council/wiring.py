"""This part's entries in the navigation, the lifecycle overview, the handover view and the
demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import deadlines, extensions, handover, lifecycle, navigation, seeding
from teilhabe.core.permissions import can_administer, can_edit, can_read
from teilhabe.council import deadlines as council_deadlines
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

deadlines.register_kind(
    "paper_deadline", gettext_lazy("Paper deadline (Vorlagenschluss)"), position=20
)
deadlines.register_kind("signoff", gettext_lazy("Sign-off of a paper"), position=25)
deadlines.register("paper_deadline")(council_deadlines.paper_deadlines)
deadlines.register("signoff")(council_deadlines.signoff_deadlines)

seeding.register("teilhabe.council.demo.load")

# Who decided a change proposal of the concept is one of the council's bodies (or a group).
extensions.register_panel(
    "concept.proposal_detail.decision",
    "council",
    template="council/_proposal_decision.html",
    context=decision_panel,
)
