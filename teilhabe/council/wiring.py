"""This part's entries in the navigation, the lifecycle overview and the demo."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import demo, handover, lifecycle, navigation
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.core.permissions import can_administer, can_edit, can_read

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


@lifecycle.register("council")
def _council_status(municipality: Municipality) -> StepStatus:
    from teilhabe.council import selectors
    from teilhabe.council.models import Committee, Paper, PaperStatus

    papers = Paper.objects.filter(municipality=municipality)
    if not Committee.objects.filter(municipality=municipality).exists():
        return StepStatus(
            next_action=_("Create the bodies or import them from the RIS."),
            url=reverse("council:committee_list", args=[municipality.ars]),
        )
    facts = [
        _("%(n)s papers, %(d)s of them decided")
        % {"n": papers.count(), "d": papers.filter(status=PaperStatus.DONE).count()}
    ]
    missing = selectors.open_signoffs(municipality=municipality).count()
    if missing:
        facts.append(_("%(n)s sign-offs missing") % {"n": missing})
    deadline = selectors.upcoming_deadlines(municipality=municipality).first()
    next_action = (
        _("Next paper deadline: %(day)s (%(body)s)")
        % {"day": deadline.paper_deadline.strftime("%d.%m.%Y"), "body": deadline.committee.name}
        if deadline and deadline.paper_deadline
        else _("Draft the next paper.")
    )
    return StepStatus(
        facts=facts,
        next_action=next_action,
        url=reverse("council:paper_list", args=[municipality.ars]),
        started=papers.exists(),
    )


@handover.register("signoffs", position=40)
def _handover_signoffs(municipality: Municipality) -> handover.Section:
    from teilhabe.council import selectors

    items = [
        handover.Item(
            label=signoff.paper.subject,
            detail=str(signoff.org_unit),
            day=signoff.due,
            url=reverse("council:paper_detail", args=[municipality.ars, signoff.paper_id]),
            urgent=signoff.is_overdue,
            status=_("overdue") if signoff.is_overdue else _("open"),
        )
        for signoff in selectors.open_signoffs(municipality=municipality)
    ]
    return handover.Section(
        title=_("Pending sign-offs of council papers"),
        items=items,
        empty=_("No sign-off is pending."),
        columns=(_("Paper"), _("Organisational unit"), _("due by")),
    )


@demo.register
def council_demo(koeln: Municipality) -> None:
    from teilhabe.council.demo import load

    load(koeln)
