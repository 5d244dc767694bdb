"""Writes of the planning part: mandates, process plans, resources and funding."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from teilhabe.core.models import Municipality, OrgUnit, User
from teilhabe.core.versioning import save_versioned
from teilhabe.planning.models import (
    CostItem,
    CostRate,
    Drawdown,
    FundingProgramme,
    Grant,
    Mandate,
    MandateStatus,
    Milestone,
    Phase,
    ProcessPlan,
    ProofKind,
    ProofOfUse,
    ResourceOption,
    StaffPost,
)
from teilhabe.planning.plan_templates import TEMPLATES


def _save(obj: models.Model, user: User | None, expected_version: int | None = None) -> None:
    """Validate and save, recording the author; a stale ``expected_version`` is refused."""
    save_versioned(obj, expected_version=expected_version, user=user)


def _check_tenant(municipality: Municipality, **objects: Any) -> None:
    for field, obj in objects.items():
        if obj is not None and obj.municipality_id != municipality.pk:
            raise ValidationError({field: _("This belongs to another municipality.")})


# --- mandates ------------------------------------------------------------------------------


@transaction.atomic
def mandate_create(
    *,
    municipality: Municipality,
    title: str,
    description: str,
    ordered_on: date,
    report_due: date | None,
    source_reference: str,
    user: User | None,
    body_name: str = "",
    org_unit: OrgUnit | None = None,
    note: str = "",
) -> Mandate:
    _check_tenant(municipality, org_unit=org_unit)
    mandate = Mandate(
        municipality=municipality,
        title=title,
        description=description,
        ordered_on=ordered_on,
        report_due=report_due,
        source_reference=source_reference,
        body_name=body_name,
        org_unit=org_unit,
        note=note,
    )
    _save(mandate, user)
    return mandate


@transaction.atomic
def mandate_update(
    *,
    mandate: Mandate,
    title: str,
    description: str,
    ordered_on: date,
    report_due: date | None,
    source_reference: str,
    body_name: str,
    org_unit: OrgUnit | None,
    note: str,
    user: User | None,
    expected_version: int | None = None,
) -> Mandate:
    _check_tenant(mandate.municipality, org_unit=org_unit)
    mandate.title = title
    mandate.description = description
    mandate.ordered_on = ordered_on
    mandate.report_due = report_due
    mandate.source_reference = source_reference
    mandate.body_name = body_name
    mandate.org_unit = org_unit
    mandate.note = note
    _save(mandate, user, expected_version)
    return mandate


@transaction.atomic
def mandate_close(
    *,
    mandate: Mandate,
    closed_on: date,
    closing_reference: str,
    note: str,
    user: User | None,
) -> Mandate:
    """Close a mandate: the body was reported to, or the order was otherwise fulfilled."""
    if mandate.status == MandateStatus.CLOSED:
        raise ValidationError(_("This mandate is already closed."))
    mandate.status = MandateStatus.CLOSED
    mandate.closed_on = closed_on
    mandate.closing_reference = closing_reference
    if note:
        mandate.note = f"{mandate.note}\n\n{note}".strip() if mandate.note else note
    _save(mandate, user)
    return mandate


@transaction.atomic
def mandate_reopen(*, mandate: Mandate, user: User | None) -> Mandate:
    """Reopen a closed mandate (e.g. closed by mistake); the closing is kept in the history."""
    if mandate.status != MandateStatus.CLOSED:
        raise ValidationError(_("This mandate is open."))
    mandate.status = MandateStatus.OPEN
    mandate.closed_on = None
    mandate.closing_reference = ""
    _save(mandate, user)
    return mandate


# --- process plan --------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    municipality: Municipality,
    title: str,
    template: str,
    start_date: date | None,
    user: User | None,
    description: str = "",
) -> ProcessPlan:
    """Create a process plan with the building blocks and milestones of a template."""
    if template not in TEMPLATES:
        raise ValidationError({"template": _("Choose one of the offered templates.")})
    source = TEMPLATES[template]
    plan = ProcessPlan(
        municipality=municipality,
        title=title,
        template=template,
        start_date=start_date,
        description=description or source.description,
    )
    _save(plan, user)
    phases: dict[str, Phase] = {}
    for position, item in enumerate(source.phases, start=1):
        phase = Phase(
            plan=plan,
            position=position,
            name=item.name,
            description=item.steps,
            start_month=item.start,
            end_month=item.end,
        )
        _save(phase, user)
        phases[item.name] = phase
    for milestone in source.milestones:
        _save(
            Milestone(
                plan=plan,
                phase=phases.get(milestone.phase),
                title=milestone.title,
                month=milestone.month,
            ),
            user,
        )
    return plan


@transaction.atomic
def plan_save(
    *, plan: ProcessPlan, user: User | None, expected_version: int | None = None
) -> ProcessPlan:
    _save(plan, user, expected_version)
    return plan


@transaction.atomic
def phase_save(*, phase: Phase, user: User | None, expected_version: int | None = None) -> Phase:
    _check_tenant(phase.plan.municipality, org_unit=phase.org_unit)
    if phase.pk is None and not phase.position:
        phase.position = phase.plan.phases.count() + 1
    _save(phase, user, expected_version)
    return phase


@transaction.atomic
def milestone_save(
    *, milestone: Milestone, user: User | None, expected_version: int | None = None
) -> Milestone:
    _save(milestone, user, expected_version)
    return milestone


# --- resources -----------------------------------------------------------------------------


@transaction.atomic
def cost_rate_save(
    *, rate: CostRate, user: User | None, expected_version: int | None = None
) -> CostRate:
    _save(rate, user, expected_version)
    return rate


@transaction.atomic
def option_save(
    *, option: ResourceOption, user: User | None, expected_version: int | None = None
) -> ResourceOption:
    """Save a resource option; choosing one un-chooses the plan's others."""
    if option.pk is None and not option.position:
        option.position = option.plan.options.count() + 1
    _save(option, user, expected_version)
    if option.is_chosen:
        for other in option.plan.options.exclude(pk=option.pk).filter(is_chosen=True):
            other.is_chosen = False
            _save(other, user)
    return option


@transaction.atomic
def staff_post_save(
    *, post: StaffPost, user: User | None, expected_version: int | None = None
) -> StaffPost:
    _check_tenant(post.option.plan.municipality, cost_rate=post.cost_rate)
    _save(post, user, expected_version)
    return post


@transaction.atomic
def cost_item_save(
    *, item: CostItem, user: User | None, expected_version: int | None = None
) -> CostItem:
    _save(item, user, expected_version)
    return item


# --- funding -------------------------------------------------------------------------------


@transaction.atomic
def programme_save(
    *, programme: FundingProgramme, user: User | None, expected_version: int | None = None
) -> FundingProgramme:
    _save(programme, user, expected_version)
    return programme


@transaction.atomic
def grant_save(*, grant: Grant, user: User | None, expected_version: int | None = None) -> Grant:
    _save(grant, user, expected_version)
    return grant


@transaction.atomic
def drawdown_save(
    *, drawdown: Drawdown, user: User | None, expected_version: int | None = None
) -> Drawdown:
    """Save a drawdown; the drawdowns of a grant may not exceed the granted amount."""
    drawdown.full_clean()
    others = drawdown.grant.drawdowns.exclude(pk=drawdown.pk).aggregate(s=models.Sum("amount"))
    if (others["s"] or 0) + drawdown.amount > drawdown.grant.amount:
        raise ValidationError(
            {
                "amount": _(
                    "Together with the earlier drawdowns this exceeds the granted amount of "
                    "%(amount)s EUR. Check the amount."
                )
                % {"amount": drawdown.grant.amount}
            }
        )
    _save(drawdown, user, expected_version)
    return drawdown


@transaction.atomic
def proof_save(
    *, proof: ProofOfUse, user: User | None, expected_version: int | None = None
) -> ProofOfUse:
    _save(proof, user, expected_version)
    return proof


@transaction.atomic
def proofs_schedule(
    *, grant: Grant, final_due: date, interim_dues: list[date], user: User | None
) -> list[ProofOfUse]:
    """Create the due dates of a grant's proof of use: for each interim date and the final date
    a Sachbericht and a zahlenmäßiger Nachweis (dates that exist are kept)."""
    created = []
    for due, interim in [*((d, True) for d in interim_dues), (final_due, False)]:
        for kind in ProofKind.values:
            if not grant.proofs.filter(kind=kind, due_on=due).exists():
                proof = ProofOfUse(grant=grant, kind=kind, due_on=due, interim=interim)
                _save(proof, user)
                created.append(proof)
    return created


@transaction.atomic
def item_delete(*, obj: models.Model, user: User | None) -> None:
    """Delete a part of a plan or a grant; the history keeps the deleted record and author."""
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user  # type: ignore[attr-defined]
    obj.delete()
