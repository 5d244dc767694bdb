"""This part's entries in the navigation, the lifecycle overview, the handover view and the
demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import deadlines, handover, lifecycle, navigation, seeding
from teilhabe.core.permissions import can_administer, can_read
from teilhabe.participation import deadlines as participation_deadlines
from teilhabe.participation import status

for label, url_name, check, position in (
    (gettext_lazy("Surveys"), "participation:survey_list", can_read, 10),
    (gettext_lazy("Events"), "participation:event_list", can_read, 20),
    (gettext_lazy("Contributions"), "participation:contribution_list", can_read, 30),
    (gettext_lazy("Groups"), "participation:group_list", can_read, 40),
    (gettext_lazy("Reach"), "participation:reach", can_read, 50),
    (gettext_lazy("Participation settings"), "participation:settings", can_administer, 60),
):
    navigation.register(navigation.NavEntry("participation", label, url_name, check, position))

lifecycle.register("participation")(status.participation_status)

seeding.register("teilhabe.participation.demo.demo_participation")

handover.register("surveys", position=50)(status.handover_surveys)
handover.register("groups", position=60)(status.handover_groups)

deadlines.register_kind("survey_end", gettext_lazy("End of a survey"), position=60)
deadlines.register("survey_end")(participation_deadlines.survey_end_deadlines)
