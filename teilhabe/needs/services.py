"""Writes of the needs assessment: needs and their evidence, the system's proposals, weighing
rounds and the priority decision. Typed, keyword-only, atomic, validated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import Area, FieldOfAction, Municipality, User
from teilhabe.core.versioning import save_versioned
from teilhabe.needs.models import (
    DEFAULT_CRITERIA,
    SCORE_MAX,
    SCORE_MIN,
    EvidenceKind,
    Need,
    NeedEvidence,
    NeedPriority,
    NeedProposal,
    NeedProposalStatus,
    NeedRating,
    NeedSettings,
    NeedStatus,
    RoundStatus,
    WeighingCriterion,
    WeighingRound,
)

NEED_M2M = ("target_groups", "areas", "recommendations", "measures")


def _next_number(municipality: Municipality) -> str:
    numbers = Need.objects.select_for_update().filter(municipality=municipality)
    highest = 0
    for number in numbers.values_list("number", flat=True):
        tail = number.rpartition("-")[2]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"B-{highest + 1}"


@transaction.atomic
def need_save(
    *,
    need: Need,
    expected_version: int | None,
    m2m: dict[str, Any] | None = None,
    user: User | None = None,
) -> Need:
    """Create or change a need (optimistic locking: a save based on an old version is
    refused with ``ConcurrentEditError``)."""
    m2m = m2m or {}
    unknown = set(m2m) - set(NEED_M2M)
    if unknown:
        raise ValueError(f"unknown relations {unknown}")
    for name, values in m2m.items():
        foreign = [
            v
            for v in values
            if getattr(v, "municipality_id", need.municipality_id) != need.municipality_id
        ]
        if foreign:
            raise ValidationError({name: _("Belongs to another municipality.")})
    if need.pk is None:
        need.number = _next_number(need.municipality)
        need.created_by = need.created_by or user
    return save_versioned(need, expected_version=expected_version, user=user, m2m=m2m)


@transaction.atomic
def need_set_status(*, need: Need, status: str, reason: str = "") -> Need:
    if status not in NeedStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    need = Need.objects.select_for_update().get(pk=need.pk)
    need.status = status
    need.dismissal_reason = reason if status == NeedStatus.DISMISSED else ""
    return save_versioned(need, expected_version=need.version)


@transaction.atomic
def need_publication_set(*, need: Need, approved: bool, user: User) -> Need:
    if approved and need.status != NeedStatus.ACCEPTED:
        raise ValidationError(_("Only accepted needs can be published."))
    need.published_at = timezone.now() if approved else None
    need.published_by = user if approved else None
    need.save(update_fields=["published_at", "published_by"])
    return need


# --- evidence ---------------------------------------------------------------------------------


def _save_evidence(evidence: NeedEvidence) -> NeedEvidence:
    evidence.full_clean()
    evidence.save()
    return evidence


def indicator_finding(
    *, municipality: Municipality, indicator: Any, area: Area | None
) -> dict[str, Any] | None:
    """The newest value of ``indicator`` for ``area`` and the municipality's value at the same
    reference date, disclosure-controlled, with the dataset it came from; None if there is
    no shown value."""
    from teilhabe.statistics.models import IndicatorValue, Level
    from teilhabe.statistics.selectors import de_number, show

    base = IndicatorValue.objects.filter(indicator=indicator).select_related("dataset")
    here = (
        base.filter(area=area) if area is not None else base.filter(level=Level.MUNICIPALITY)
    ).order_by("-period")
    iv = here.first()
    if iv is None:
        return None
    _text, hidden = show(indicator, iv)
    if hidden or iv.value is None:
        return None
    city = base.filter(level=Level.MUNICIPALITY, period=iv.period).first()
    unit = " %" if indicator.unit == "%" else (f" {indicator.unit}" if indicator.unit else "")
    digits = 1 if indicator.is_rate else 0
    where = area.name if area is not None else municipality.name
    summary = f"{indicator.name}: {where} {de_number(iv.value, digits)}{unit}"
    if area is not None and city is not None and city.value is not None:
        summary += _(" against %(value)s in %(municipality)s") % {
            "value": de_number(city.value, digits) + unit,
            "municipality": municipality.name,
        }
    summary += f" ({iv.period:%d.%m.%Y})"
    return {
        "indicator": indicator,
        "area": area,
        "dataset": iv.dataset,
        "dataset_version": iv.dataset.version,
        "citation": iv.dataset.citation[:400],
        "period": iv.period,
        "value": iv.value,
        "reference_value": city.value if city is not None and area is not None else None,
        "unit": indicator.unit[:30],
        "summary": summary[:500],
    }


@transaction.atomic
def evidence_add_indicator(
    *, need: Need, indicator: Any, area: Area | None, user: User | None
) -> NeedEvidence:
    if indicator.municipality_id != need.municipality_id or (
        area is not None and area.municipality_id != need.municipality_id
    ):
        raise ValidationError(_("Belongs to another municipality."))
    finding = indicator_finding(municipality=need.municipality, indicator=indicator, area=area)
    if finding is None:
        raise ValidationError(
            _(
                "The data basis has no value of “%(indicator)s” for %(area)s that may be shown. "
                "Choose another area or indicator."
            )
            % {"indicator": indicator.name, "area": area.name if area else need.municipality.name}
        )
    return _save_evidence(
        NeedEvidence(need=need, kind=EvidenceKind.INDICATOR, created_by=user, **finding)
    )


@transaction.atomic
def evidence_add_contribution(*, need: Need, contribution: Any, user: User | None) -> NeedEvidence:
    if contribution.municipality_id != need.municipality_id:
        raise ValidationError(_("Belongs to another municipality."))
    if need.evidence.filter(contribution=contribution).exists():
        raise ValidationError(_("This contribution is already linked."))
    source = contribution.event or contribution.survey or contribution.working_group
    summary = contribution.text[:300]
    if source is not None:
        summary = f"{summary} ({source})"
    return _save_evidence(
        NeedEvidence(
            need=need,
            kind=EvidenceKind.CONTRIBUTION,
            contribution=contribution,
            summary=summary[:500],
            created_by=user,
        )
    )


@transaction.atomic
def evidence_add_gap(
    *, need: Need, field: FieldOfAction, area: Area, user: User | None
) -> NeedEvidence:
    """A field × area cell of the inventory's gap view: the offers counted there now and the
    residents of the area."""
    from teilhabe.inventory.selectors import gap_matrix_by_area

    if (
        field.municipality_id != need.municipality_id
        or area.municipality_id != need.municipality_id
    ):
        raise ValidationError(_("Belongs to another municipality."))
    level = area.kind if area.parent_id else ""
    matrix = gap_matrix_by_area(municipality=need.municipality, level=level)
    cell = matrix.cell(field, str(area.pk))
    if cell.offers:
        summary = _("%(n)s offers in the field “%(field)s” in %(area)s") % {
            "n": cell.offers,
            "field": field.name,
            "area": area.name,
        }
    else:
        summary = _("No offer in the field “%(field)s” in %(area)s") % {
            "field": field.name,
            "area": area.name,
        }
    if cell.population:
        summary += _(" (%(n)s residents)") % {"n": f"{cell.population:,}".replace(",", ".")}
    return _save_evidence(
        NeedEvidence(
            need=need,
            kind=EvidenceKind.GAP,
            area=area,
            offers_in_cell=cell.offers,
            population=cell.population,
            citation=matrix.population_source[:400],
            period=timezone.localdate(),
            summary=summary[:500],
            created_by=user,
        )
    )


@transaction.atomic
def evidence_add_waiting_list(*, need: Need, offer: Any, user: User | None) -> NeedEvidence:
    if offer.municipality_id != need.municipality_id:
        raise ValidationError(_("Belongs to another municipality."))
    usage = offer.usages.filter(waiting_list__isnull=False).order_by("-period_start", "-pk").first()
    if usage is None or not usage.waiting_list:
        raise ValidationError(
            _("The inventory records no waiting list for “%(offer)s”.") % {"offer": offer.title}
        )
    summary = _("%(n)s people on the waiting list of “%(offer)s” (%(actor)s)") % {
        "n": usage.waiting_list,
        "offer": offer.title,
        "actor": offer.actor.name,
    }
    return _save_evidence(
        NeedEvidence(
            need=need,
            kind=EvidenceKind.WAITING_LIST,
            offer=offer,
            waiting_list=usage.waiting_list,
            period=usage.period_end,
            citation=_("Inventory, usage %(start)s–%(end)s")
            % {"start": f"{usage.period_start:%d.%m.%Y}", "end": f"{usage.period_end:%d.%m.%Y}"},
            summary=summary[:500],
            created_by=user,
        )
    )


@transaction.atomic
def evidence_add_statement(
    *, need: Need, text: str, stated_by: str, stated_on: date | None, user: User | None
) -> NeedEvidence:
    return _save_evidence(
        NeedEvidence(
            need=need,
            kind=EvidenceKind.STATEMENT,
            text=text,
            stated_by=stated_by,
            stated_on=stated_on,
            summary=text.strip().splitlines()[0][:300] if text.strip() else "",
            created_by=user,
        )
    )


def evidence_add(*, need: Need, kind: str, data: dict[str, Any], user: User | None) -> NeedEvidence:
    """Add evidence of one kind (the German word of its URL) from a form's cleaned data."""
    if kind == "indikator":
        return evidence_add_indicator(
            need=need, indicator=data["indicator"], area=data["area"], user=user
        )
    if kind == "beitrag":
        return evidence_add_contribution(need=need, contribution=data["contribution"], user=user)
    if kind == "luecke":
        return evidence_add_gap(need=need, field=data["field"], area=data["area"], user=user)
    if kind == "warteliste":
        return evidence_add_waiting_list(need=need, offer=data["offer"], user=user)
    return evidence_add_statement(
        need=need,
        text=data["text"],
        stated_by=data["stated_by"],
        stated_on=data["stated_on"],
        user=user,
    )


@transaction.atomic
def evidence_delete(*, evidence: NeedEvidence) -> None:
    evidence.delete()


# --- settings and proposals -------------------------------------------------------------------


def settings_for(*, municipality: Municipality) -> NeedSettings:
    from teilhabe.statistics.disclosure import min_area_population

    found = NeedSettings.objects.filter(municipality=municipality).first()
    if found is not None:
        return found
    return NeedSettings(municipality=municipality, min_area_population=min_area_population())


@transaction.atomic
def settings_save(*, need_settings: NeedSettings) -> NeedSettings:
    need_settings.full_clean()
    need_settings.save()
    return need_settings


@transaction.atomic
def proposals_refresh(*, municipality: Municipality) -> dict[str, int]:
    """Compute the candidate needs and store the new ones. A key seen before (open, accepted
    or dismissed) is never proposed again."""
    from teilhabe.needs.proposals import candidates

    known = set(
        NeedProposal.objects.filter(municipality=municipality).values_list("key", flat=True)
    )
    created = 0
    found = candidates(municipality=municipality, settings=settings_for(municipality=municipality))
    for c in found:
        if c.key in known:
            continue
        known.add(c.key)
        proposal = NeedProposal(
            municipality=municipality,
            key=c.key[:200],
            source=c.source,
            title=c.title[:300],
            reason=c.reason,
            field=c.field,
            area=c.area,
            strength=c.strength,
            evidence=c.evidence,
        )
        proposal.full_clean(validate_constraints=False)
        proposal.save()
        created += 1
    return {"found": len(found), "created": created}


def _evidence_from_payload(need: Need, payload: dict[str, Any], user: User | None) -> None:
    from teilhabe.inventory.models import Offer
    from teilhabe.participation.models import Contribution
    from teilhabe.statistics.models import Indicator

    kind = payload.get("kind")
    municipality = need.municipality
    area = Area.objects.filter(municipality=municipality, pk=payload.get("area") or 0).first()
    if kind == EvidenceKind.INDICATOR:
        indicator = Indicator.objects.filter(
            municipality=municipality, pk=payload.get("indicator") or 0
        ).first()
        if indicator is not None:
            evidence_add_indicator(need=need, indicator=indicator, area=area, user=user)
    elif kind == EvidenceKind.GAP:
        field = FieldOfAction.objects.filter(
            municipality=municipality, pk=payload.get("field") or 0
        ).first()
        if field is not None and area is not None:
            evidence_add_gap(need=need, field=field, area=area, user=user)
    elif kind == EvidenceKind.WAITING_LIST:
        offer = Offer.objects.filter(
            municipality=municipality, pk=payload.get("offer") or 0
        ).first()
        if offer is not None:
            evidence_add_waiting_list(need=need, offer=offer, user=user)
    elif kind == EvidenceKind.CONTRIBUTION:
        contribution = Contribution.objects.filter(
            municipality=municipality, pk=payload.get("contribution") or 0
        ).first()
        if contribution is not None:
            evidence_add_contribution(need=need, contribution=contribution, user=user)


@transaction.atomic
def proposal_accept(
    *,
    proposal: NeedProposal,
    user: User | None,
    title: str = "",
    field: FieldOfAction | None = None,
) -> Need:
    """Accept a proposal: a need (accepted) with the proposal's evidence attached."""
    proposal = NeedProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != NeedProposalStatus.OPEN:
        raise ValidationError(_("This proposal has already been decided."))
    field = field or proposal.field
    if field is None:
        raise ValidationError({"field": _("Choose the field of action of the need.")})
    need = need_save(
        need=Need(
            municipality=proposal.municipality,
            title=(title or proposal.title)[:300],
            statement=proposal.reason,
            field=field,
            status=NeedStatus.ACCEPTED,
        ),
        expected_version=None,
        m2m={"areas": [proposal.area]} if proposal.area is not None else {},
        user=user,
    )
    for payload in proposal.evidence:
        _evidence_from_payload(need, payload, user)
    proposal.status = NeedProposalStatus.ACCEPTED
    proposal.need = need
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save()
    return need


@transaction.atomic
def proposal_dismiss(*, proposal: NeedProposal, note: str, user: User | None) -> NeedProposal:
    if proposal.status != NeedProposalStatus.OPEN:
        raise ValidationError(_("This proposal has already been decided."))
    proposal.status = NeedProposalStatus.DISMISSED
    proposal.decision_note = note[:300]
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save()
    return proposal


# --- weighing ---------------------------------------------------------------------------------


@transaction.atomic
def criteria_ensure(*, municipality: Municipality) -> list[WeighingCriterion]:
    """The municipality's criteria; the defaults when it has none yet."""
    existing = list(WeighingCriterion.objects.filter(municipality=municipality))
    if existing:
        return existing
    for position, (name, weight) in enumerate(DEFAULT_CRITERIA, start=1):
        WeighingCriterion.objects.create(
            municipality=municipality, name=name, weight=weight, position=position
        )
    return list(WeighingCriterion.objects.filter(municipality=municipality))


@transaction.atomic
def criterion_save(*, criterion: WeighingCriterion) -> WeighingCriterion:
    if criterion.pk is None and not criterion.position:
        top = WeighingCriterion.objects.filter(municipality=criterion.municipality).aggregate(
            m=Max("position")
        )
        criterion.position = (top["m"] or 0) + 1
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def round_open(
    *, municipality: Municipality, title: str, needs: list[Need], user: User | None
) -> WeighingRound:
    if not needs:
        raise ValidationError({"needs": _("Choose at least one need to weigh.")})
    if any(n.municipality_id != municipality.pk for n in needs):
        raise ValidationError({"needs": _("Belongs to another municipality.")})
    criteria = [c for c in criteria_ensure(municipality=municipality) if c.is_active]
    if not criteria:
        raise ValidationError(_("Activate at least one weighing criterion first."))
    weighing = WeighingRound(
        municipality=municipality,
        title=title,
        created_by=user,
        criteria=[{"id": c.pk, "name": c.name, "weight": c.weight} for c in criteria],
    )
    weighing.full_clean()
    weighing.save()
    weighing.needs.set(needs)
    return weighing


@transaction.atomic
def rating_save(
    *,
    weighing: WeighingRound,
    need: Need,
    member: User,
    scores: dict[str, int],
    conflict_of_interest: bool,
    conflict_note: str = "",
    comment: str = "",
) -> NeedRating:
    """A member's own scores of a need; only while the round is open."""
    weighing = WeighingRound.objects.select_for_update().get(pk=weighing.pk)
    if not weighing.is_open:
        raise ValidationError(_("The round is closed; scores can no longer be changed."))
    if not weighing.needs.filter(pk=need.pk).exists():
        raise ValidationError(_("This need is not part of the round."))
    allowed = {str(c["id"]) for c in weighing.criteria}
    clean_scores: dict[str, int] = {}
    for key, value in scores.items():
        if str(key) not in allowed:
            raise ValidationError(_("Unknown criterion."))
        if value is None:
            continue
        if not SCORE_MIN <= int(value) <= SCORE_MAX:
            raise ValidationError(
                _("Scores are whole numbers from %(a)s to %(b)s.")
                % {"a": SCORE_MIN, "b": SCORE_MAX}
            )
        clean_scores[str(key)] = int(value)
    if not clean_scores and not conflict_of_interest:
        raise ValidationError(_("Give at least one score or declare a conflict of interest."))
    rating = NeedRating.objects.filter(round=weighing, need=need, member=member).first() or (
        NeedRating(round=weighing, need=need, member=member)
    )
    rating.scores = clean_scores
    rating.conflict_of_interest = conflict_of_interest
    rating.conflict_note = conflict_note
    rating.comment = comment
    rating.updated_at = timezone.now()
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def round_close(*, weighing: WeighingRound) -> WeighingRound:
    if not weighing.is_open:
        raise ValidationError(_("The round is closed already."))
    weighing.status = RoundStatus.CLOSED
    weighing.closed_at = timezone.now()
    weighing.save(update_fields=["status", "closed_at"])
    return weighing


@transaction.atomic
def round_decide(
    *,
    weighing: WeighingRound,
    decided_on: date,
    body_name: str,
    priorities: dict[int, int | None],
    note: str = "",
) -> WeighingRound:
    """Record the priority decision (date and body) and give each need of the round its
    priority, rank and weighted score from the combined ranking."""
    from teilhabe.needs.selectors import round_ranking

    if weighing.is_open:
        raise ValidationError(_("Close the round before recording the decision."))
    if not decided_on or not body_name.strip():
        raise ValidationError(_("Give the date and the body of the decision."))
    ranking = {row.need.pk: row for row in round_ranking(weighing=weighing)}
    for need in weighing.needs.select_for_update():
        priority = priorities.get(need.pk)
        if priority is not None and priority not in NeedPriority.values:
            raise ValidationError(_("Unknown priority."))
        row = ranking.get(need.pk)
        need.priority = priority
        need.priority_rank = row.rank if row else None
        need.priority_score = (
            Decimal(str(round(row.score, 2))) if row and row.score is not None else None
        )
        need.priority_round = weighing
        save_versioned(need, expected_version=need.version)
    weighing.status = RoundStatus.DECIDED
    weighing.decided_on = decided_on
    weighing.decision_body = body_name
    weighing.decision_note = note
    weighing.full_clean()
    weighing.save()
    return weighing
