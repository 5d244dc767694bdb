"""This part's entries in the navigation, the lifecycle overview and the demo."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.concept import selectors
from teilhabe.concept.permissions import can_edit_concept
from teilhabe.core import demo, handover, lifecycle, navigation, related
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.core.permissions import can_read

related.register(
    "working_group.recommendations",
    lambda group: selectors.working_group_recommendations(group=group),
)

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


@demo.register
def _demo(koeln: Municipality) -> None:
    from teilhabe.concept.demo import demo_concept, demo_federation_concept

    demo_concept(koeln)
    demo_federation_concept()


# --- needs assessment -------------------------------------------------------------------------

for entry in (
    navigation.NavEntry("needs", gettext_lazy("Needs"), "concept:need_list", can_read, 10),
    navigation.NavEntry("needs", gettext_lazy("Needs matrix"), "concept:need_matrix", can_read, 20),
    navigation.NavEntry(
        "needs", gettext_lazy("Unanswered needs"), "concept:need_unanswered", can_read, 30
    ),
    navigation.NavEntry(
        "needs", gettext_lazy("Proposals from the data"), "concept:need_proposals", can_read, 40
    ),
    navigation.NavEntry("needs", gettext_lazy("Weighing"), "concept:round_list", can_read, 50),
):
    navigation.register(entry)


@lifecycle.register("needs")
def _needs_status(municipality: Municipality) -> StepStatus:
    from teilhabe.concept.models import Need, NeedProposal, NeedStatus, WeighingRound
    from teilhabe.concept.selectors_needs import unanswered_needs

    url = reverse("concept:need_list", args=[municipality.ars])
    counts = Need.objects.filter(municipality=municipality).aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=NeedStatus.ACCEPTED)),
        candidates=Count("pk", filter=Q(status=NeedStatus.CANDIDATE)),
        no_evidence=Count("pk", filter=Q(evidence__isnull=True)),
    )
    proposals = NeedProposal.objects.filter(municipality=municipality, status="open").count()
    if not counts["total"]:
        return StepStatus(
            facts=[_("%(n)s proposals from the data wait for a decision") % {"n": proposals}]
            if proposals
            else [],
            next_action=_(
                "Let Teilhabe propose candidate needs from the data, the inventory and "
                "participation, or record the first need."
            ),
            url=reverse("concept:need_proposals", args=[municipality.ars]),
        )
    unanswered = unanswered_needs(municipality, published_only=False).count()
    facts = [
        _("%(a)s accepted needs, %(c)s candidates")
        % {"a": counts["accepted"], "c": counts["candidates"]},
        _("%(n)s unanswered needs") % {"n": unanswered},
    ]
    decided = (
        WeighingRound.objects.filter(municipality=municipality, decided_on__isnull=False)
        .order_by("-decided_on")
        .first()
    )
    if decided is not None and decided.decided_on is not None:
        facts.append(
            _("Priorities decided: %(body)s, %(date)s")
            % {"body": decided.decision_body, "date": decided.decided_on.strftime("%d.%m.%Y")}
        )
    open_round = WeighingRound.objects.filter(municipality=municipality, status="open").exists()
    if counts["no_evidence"]:
        next_action = _("Add evidence to the needs without evidence.")
    elif open_round:
        next_action = _("Close the weighing round when the steering group has scored.")
    elif decided is None and counts["accepted"]:
        next_action = _("Open a weighing round for the steering group.")
    elif unanswered:
        next_action = _("Answer the unanswered needs with recommendations or measures.")
    else:
        next_action = ""
    return StepStatus(facts=facts, next_action=next_action, url=url, started=True)


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


@handover.register("weighing", position=46)
def _handover_weighing(municipality: Municipality):  # type: ignore[no-untyped-def]
    from teilhabe.concept.selectors_needs import open_rounds

    items = [
        handover.Item(
            label=r.title,
            detail=_("%(n)s needs, %(r)s scorings so far") % {"n": r.n_needs, "r": r.n_ratings},  # type: ignore[attr-defined]
            day=r.opened_at.date(),
            url=reverse("concept:round_detail", args=[municipality.ars, r.pk]),
            status=_("open for scoring"),
        )
        for r in open_rounds(municipality=municipality)
    ]
    return handover.Section(
        title=_("Open weighing rounds of the needs"),
        items=items,
        empty=_("No weighing round is open."),
        columns=(_("Round"), _("State"), _("opened on")),
    )


@demo.register
def _demo_needs(koeln: Municipality) -> None:
    from teilhabe.concept.demo_needs import demo_needs

    demo_needs(koeln)
