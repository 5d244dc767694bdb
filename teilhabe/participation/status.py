"""Participation's status on the home page and its sections of the handover view; registered in
``wiring.py``."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core import handover
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.participation.models import (
    Contribution,
    Event,
    GroupMember,
    MemberRole,
    Response,
    Survey,
    WorkingGroup,
)


def participation_status(municipality: Municipality) -> StepStatus:
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


def handover_surveys(municipality: Municipality) -> handover.Section:
    now = timezone.now()
    surveys = (
        Survey.objects.filter(municipality=municipality, opens_at__isnull=False)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .annotate(answers=Count("responses"))
        .order_by("closes_at", "title")
    )
    items = [
        handover.Item(
            label=survey.title,
            detail=_("%(n)s answers so far") % {"n": survey.answers},
            day=timezone.localdate(survey.closes_at) if survey.closes_at else None,
            url=reverse("participation:survey_detail", args=[municipality.ars, survey.pk]),
            status=survey.get_state_display(),
        )
        for survey in surveys
    ]
    return handover.Section(
        title=_("Running and scheduled surveys"),
        items=items,
        empty=_("No survey is running or scheduled."),
        columns=(_("Survey"), _("Answers"), _("closes on")),
    )


def handover_groups(municipality: Municipality) -> handover.Section:
    """Who chairs each working group and the steering group: the first people to call."""
    members = (
        GroupMember.objects.filter(
            Q(working_group__municipality=municipality, working_group__is_active=True)
            | Q(steering_group__municipality=municipality),
            role__in=[MemberRole.CHAIR, MemberRole.DEPUTY],
        )
        .select_related("working_group", "steering_group", "user", "actor")
        .order_by("steering_group", "working_group__name", "role")
    )
    items = []
    for member in members:
        group = member.working_group or member.steering_group
        kind = "ag" if member.working_group_id else "sg"
        contact = (
            member.user.email if member.user_id else (member.actor.email if member.actor_id else "")
        )
        detail = ", ".join(
            x for x in (member.get_role_display(), member.organisation_name, contact) if x
        )
        items.append(
            handover.Item(
                label=f"{group}: {member.display_name}",
                detail=detail,
                url=reverse("participation:group_detail", args=[municipality.ars, kind, group.pk]),
            )
        )
    return handover.Section(
        title=_("Working groups and steering group: chairs"),
        items=items,
        empty=_("No group has a chair yet."),
        columns=(_("Group and person"), _("Role, organisation, e-mail")),
        dated=False,
    )
