"""The decision on a change proposal of the concept by a body: shown as a panel on the
concept's proposal page (the concept part cannot know the council's bodies)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.concept import services as concept_services
from teilhabe.concept.models import ChangeProposal, ProposalDecision
from teilhabe.concept.permissions import can_edit_concept
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view
from teilhabe.council import selectors
from teilhabe.council.forms import ProposalDecisionForm


def _form(proposal: ChangeProposal, data: Any = None) -> ProposalDecisionForm:
    return ProposalDecisionForm(
        data,
        bodies=selectors.decision_bodies(municipality=proposal.draft.municipality),
        decisions=[c for c in ProposalDecision.choices if c[0] != ProposalDecision.OPEN],
        initial={
            "decision": proposal.decision if proposal.decision != ProposalDecision.OPEN else None,
            "body": proposal.decided_by_body,
            "decided_on": proposal.decided_on,
            "note": proposal.decision_note,
            "final_text": proposal.final_text,
        },
    )


def decision_panel(request: WorkspaceRequest, proposal: ChangeProposal) -> dict[str, Any] | None:
    """The panel's context: the form for those who may decide, until the proposal is applied."""
    if proposal.applied_at or not can_edit_concept(request.access):
        return None
    return {
        "decision_form": _form(proposal),
        "action": reverse(
            "council:proposal_decide", args=[proposal.draft.municipality.ars, proposal.pk]
        ),
    }


@municipality_view(can_edit_concept)
@require_POST
def proposal_decide(request: WorkspaceRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(ChangeProposal, pk=pk, draft__municipality=request.municipality)
    form = _form(proposal, request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    else:
        data = form.cleaned_data
        try:
            concept_services.proposal_decide(
                proposal=proposal,
                decision=data["decision"],
                body_name=data["body"],
                decided_on=data["decided_on"],
                note=data["note"],
                final_text=data["final_text"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("concept:proposal_detail", request.municipality.ars, proposal.pk)
