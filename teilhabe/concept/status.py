"""The concept's line on the home page and its section of the handover view."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.concept.models import (
    ChangeProposal,
    ConceptDraft,
    Goal,
    Measure,
    ProposalDecision,
    Recommendation,
)
from teilhabe.core import handover
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality


def concept_status(municipality: Municipality) -> StepStatus:
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


def handover_change_proposals(municipality: Municipality) -> handover.Section:
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
