"""This part's entries in the navigation, the lifecycle overview and the demo."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import demo, lifecycle, navigation
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.core.permissions import can_administer, can_read

for label, url_name, check, position in (
    (gettext_lazy("Surveys"), "participation:survey_list", can_read, 10),
    (gettext_lazy("Events"), "participation:event_list", can_read, 20),
    (gettext_lazy("Contributions"), "participation:contribution_list", can_read, 30),
    (gettext_lazy("Groups"), "participation:group_list", can_read, 40),
    (gettext_lazy("Reach"), "participation:reach", can_read, 50),
    (gettext_lazy("Participation settings"), "participation:settings", can_administer, 60),
):
    navigation.register(navigation.NavEntry("participation", label, url_name, check, position))


@lifecycle.register("participation")
def _participation_status(municipality: Municipality) -> StepStatus:
    from teilhabe.participation.models import Contribution, Event, Response, Survey, WorkingGroup

    surveys = Survey.objects.filter(municipality=municipality).count()
    events = Event.objects.filter(municipality=municipality).count()
    contributions = Contribution.objects.filter(municipality=municipality)
    if not (surveys or events or contributions.exists()):
        return StepStatus(
            next_action=_("Plan a survey or an event."),
            url=reverse("participation:survey_list", args=[municipality.ars]),
        )
    facts = [
        _("%(n)s surveys with %(r)s responses")
        % {"n": surveys, "r": Response.objects.filter(survey__municipality=municipality).count()},
        _("%(n)s events") % {"n": events},
        _("%(n)s contributions") % {"n": contributions.count()},
        _("%(n)s working groups")
        % {"n": WorkingGroup.objects.filter(municipality=municipality).count()},
    ]
    open_fields = contributions.filter(field_confirmed=False).count()
    return StepStatus(
        facts=facts,
        next_action=(
            _("Confirm the field of action of %(n)s contributions.") % {"n": open_fields}
            if open_fields
            else _("Take the contributions into the needs assessment.")
        ),
        url=reverse("participation:contribution_list", args=[municipality.ars])
        + ("?offen=1" if open_fields else ""),
        started=True,
    )


@demo.register
def _demo(koeln: Municipality) -> None:
    from teilhabe.participation.demo import demo_participation

    demo_participation(koeln)
