"""This part's entries in the navigation, the lifecycle overview and the demo."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.concept.permissions import can_edit_concept
from teilhabe.core import demo, handover, lifecycle, navigation
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.core.permissions import Access, can_read


def _is_town_of_county(access: Access) -> bool:
    return access.municipality.parent_id is not None


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
    navigation.NavEntry(
        "implementation",
        gettext_lazy("Implementation dashboard"),
        "concept:dashboard",
        can_read,
        10,
    ),
    navigation.NavEntry(
        "implementation",
        gettext_lazy("County measures we lead"),
        "concept:led_measure_list",
        _is_town_of_county,
        20,
    ),
):
    navigation.register(entry)


@lifecycle.register("concept")
def _concept_status(municipality: Municipality) -> StepStatus:
    from teilhabe.concept.models import ConceptDraft, Goal, Measure, Recommendation

    measures = Measure.objects.filter(municipality=municipality).count()
    goals = Goal.objects.filter(municipality=municipality).count()
    recs = Recommendation.objects.filter(municipality=municipality).count()
    draft = ConceptDraft.objects.filter(municipality=municipality).order_by("-number").first()
    url = reverse("concept:tree", args=[municipality.ars])
    if not (measures or goals or recs):
        return StepStatus(next_action=_("Write the vision and the first strategic goals."), url=url)
    facts = [
        _("%(g)s goals, %(r)s recommendations, %(m)s measures")
        % {"g": goals, "r": recs, "m": measures}
    ]
    if draft is not None:
        facts.append(
            _("Draft %(n)s of %(date)s")
            % {"n": draft.number, "date": draft.frozen_at.strftime("%d.%m.%Y")}
        )
    next_action = (
        _("Freeze the concept as a draft for the steering group.")
        if draft is None
        else _("Decide the open change proposals.")
        if draft.proposals.filter(decision="open").exists()
        else ""
    )
    return StepStatus(facts=facts, next_action=next_action, url=url, started=True)


@lifecycle.register("implementation")
def _implementation_status(municipality: Municipality) -> StepStatus:
    from teilhabe.concept.models import Measure, Milestone

    counts = Measure.objects.filter(municipality=municipality).aggregate(
        total=Count("pk"),
        red=Count("pk", filter=Q(traffic_light="red")),
        yellow=Count("pk", filter=Q(traffic_light="yellow")),
    )
    url = reverse("concept:dashboard", args=[municipality.ars])
    if not counts["total"]:
        return StepStatus(url=url)
    overdue = Milestone.objects.filter(
        measure__municipality=municipality, done_on__isnull=True, due_on__lt=timezone.localdate()
    ).count()
    return StepStatus(
        facts=[
            _("%(red)s measures off track, %(yellow)s at risk") % counts,
            _("%(n)s overdue milestones") % {"n": overdue},
        ],
        next_action=_("Ask the lead offices for their status updates.")
        if overdue or counts["red"]
        else "",
        url=url,
        started=True,
    )


@demo.register
def _demo(koeln: Municipality) -> None:
    from teilhabe.concept.demo import demo_concept, demo_federation_concept

    demo_concept(koeln)
    demo_federation_concept()


# --- evaluations ---------------------------------------------------------------------------

navigation.register(
    navigation.NavEntry(
        "report", gettext_lazy("Evaluations of measures"), "concept:evaluation_list", can_read, 30
    )
)


@handover.register("concept-proposals", position=40)
def _handover_change_proposals(municipality: Municipality):  # type: ignore[no-untyped-def]
    from teilhabe.concept.models import ChangeProposal, ProposalDecision

    items = []
    pending = (
        ChangeProposal.objects.filter(draft__municipality=municipality)
        .filter(Q(decision=ProposalDecision.OPEN) | Q(applied_at__isnull=True))
        .exclude(decision=ProposalDecision.REJECTED)
        .select_related("draft")
        .order_by("submitted_at")
    )
    for p in pending:
        undecided = p.decision == ProposalDecision.OPEN
        items.append(
            handover.Item(
                label=f"{p.get_kind_display()}: {p.item_label}",
                detail=_("Draft %(n)s, submitted by %(who)s")
                % {"n": p.draft.number, "who": p.submitted_by_name},
                day=p.submitted_at.date(),
                url=reverse("concept:proposal_detail", args=[municipality.ars, p.pk]),
                urgent=undecided,
                status=_("to be decided") if undecided else _("accepted, to be applied"),
            )
        )
    return handover.Section(
        title=_("Pending change proposals to the concept"),
        items=items,
        empty=_("No change proposal is pending."),
        columns=(_("Proposal"), _("Draft and submitter"), _("submitted on")),
    )


@demo.register
def _demo_evaluations(koeln: Municipality) -> None:
    from teilhabe.concept.demo_evaluations import demo_evaluations, demo_need_answers

    demo_need_answers(koeln)
    demo_evaluations(koeln)
