"""The needs assessment at a glance: its state in the lifecycle overview and its open weighing
rounds on the handover page (registered in ``wiring``)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.core import handover
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.needs.models import Need, NeedProposal, NeedStatus, WeighingRound
from teilhabe.needs.selectors import open_rounds, unanswered_needs


def needs_step_status(municipality: Municipality) -> StepStatus:
    """Where the needs assessment stands, for the lifecycle overview."""
    url = reverse("needs:need_list", args=[municipality.ars])
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
            url=reverse("needs:need_proposals", args=[municipality.ars]),
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


def weighing_handover(municipality: Municipality) -> handover.Section:
    """The open weighing rounds, for the handover page."""
    items = [
        handover.Item(
            label=r.title,
            detail=_("%(n)s needs, %(r)s scorings so far") % {"n": r.n_needs, "r": r.n_ratings},  # type: ignore[attr-defined]
            day=r.opened_at.date(),
            url=reverse("needs:round_detail", args=[municipality.ars, r.pk]),
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
