"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.url_matrix import EDIT, POST_EDIT, READ, Row, ars


def setup(world: Any) -> None:
    """Create the objects the rows below need; store them in world.extra."""
    from teilhabe.planning import services
    from teilhabe.planning.models import (
        CostItem,
        CostKind,
        CostRate,
        Drawdown,
        FunderKind,
        FundingProgramme,
        Grant,
        ResourceOption,
        StaffPost,
    )

    m = world.municipality
    world.extra["mandate"] = services.mandate_create(
        municipality=m,
        title="Integrationskonzept erstellen",
        description="Die Verwaltung wird beauftragt, ein Integrationskonzept zu erstellen.",
        ordered_on=date(2023, 9, 21),
        report_due=date(2024, 11, 26),
        source_reference="Stadtrat 21.09.2023",
        user=None,
    )
    plan = services.plan_create(
        municipality=m, title="Integrationskonzept", template="speyer", start_date=None, user=None
    )
    world.extra["plan"] = plan
    world.extra["phase"] = plan.phases.first()
    world.extra["milestone"] = services.milestone_save(
        milestone=plan.milestones.model(plan=plan, title="Integrationskonferenz", month=10),
        user=None,
    )
    rate = services.cost_rate_save(
        rate=CostRate(municipality=m, pay_grade="EG 11", annual_cost=Decimal(80000), year=2025),
        user=None,
    )
    world.extra["rate"] = rate
    option = services.option_save(option=ResourceOption(plan=plan, name="Eigene Stelle"), user=None)
    world.extra["option"] = option
    world.extra["post"] = services.staff_post_save(
        post=StaffPost(option=option, title="Koordination", cost_rate=rate), user=None
    )
    world.extra["cost"] = services.cost_item_save(
        item=CostItem(
            option=option, kind=CostKind.MATERIAL, title="Konferenz", amount=Decimal(5000)
        ),
        user=None,
    )
    programme = services.programme_save(
        programme=FundingProgramme(
            municipality=m, name="KIM", funder="Land NRW", kind=FunderKind.LAND
        ),
        user=None,
    )
    world.extra["programme"] = programme
    grant = services.grant_save(
        grant=Grant(
            municipality=m,
            programme=programme,
            title="Prozessbegleitung",
            notice_date=date(2025, 3, 1),
            period_start=date(2025, 4, 1),
            period_end=date(2026, 12, 31),
            amount=Decimal(96000),
        ),
        user=None,
    )
    world.extra["grant"] = grant
    world.extra["drawdown"] = services.drawdown_save(
        drawdown=Drawdown(grant=grant, requested_on=date(2025, 5, 1), amount=Decimal(1000)),
        user=None,
    )
    world.extra["proof"] = services.proofs_schedule(
        grant=grant, final_due=date(2027, 6, 30), interim_dues=[], user=None
    )[0]


def _pk(key: str, name: str = "pk") -> Any:
    return lambda w: ars(w) | {name: w.extra[key].pk}


HANDOVER = EDIT

MATRIX: list[Row] = [
    Row("planning:mandate_list", ars, READ),
    Row("planning:mandate_create", ars, EDIT),
    Row("planning:mandate_detail", _pk("mandate"), READ),
    Row("planning:mandate_edit", _pk("mandate"), EDIT),
    Row("planning:mandate_close", _pk("mandate"), EDIT),
    Row("planning:mandate_reopen", _pk("mandate"), POST_EDIT),
    Row("planning:plan_list", ars, READ),
    Row("planning:plan_create", ars, EDIT),
    Row("planning:plan_detail", _pk("plan"), READ),
    Row("planning:plan_edit", _pk("plan"), EDIT),
    Row("planning:phase_create", _pk("plan", "plan"), EDIT),
    Row("planning:phase_edit", _pk("phase"), EDIT),
    Row("planning:milestone_create", _pk("plan", "plan"), EDIT),
    Row("planning:milestone_edit", _pk("milestone"), EDIT),
    Row(
        "planning:item_delete",
        lambda w: ars(w) | {"kind": "phase", "pk": w.extra["phase"].pk},
        POST_EDIT,
    ),
    Row("planning:resources", _pk("plan"), READ),
    Row("planning:option_create", _pk("plan", "plan"), EDIT),
    Row("planning:option_edit", _pk("option"), EDIT),
    Row("planning:staff_create", _pk("option", "option"), EDIT),
    Row("planning:staff_edit", _pk("post"), EDIT),
    Row("planning:cost_create", _pk("option", "option"), EDIT),
    Row("planning:cost_edit", _pk("cost"), EDIT),
    Row("planning:rate_list", ars, READ),
    Row("planning:rate_create", ars, EDIT),
    Row("planning:rate_edit", _pk("rate"), EDIT),
    Row("planning:funding_list", ars, READ),
    Row("planning:programme_create", ars, EDIT),
    Row("planning:programme_edit", _pk("programme"), EDIT),
    Row("planning:grant_create", ars, EDIT),
    Row("planning:grant_detail", _pk("grant"), READ),
    Row("planning:grant_edit", _pk("grant"), EDIT),
    Row("planning:grant_report", _pk("grant"), READ),
    Row("planning:drawdown_create", _pk("grant", "grant"), EDIT),
    Row("planning:drawdown_edit", _pk("drawdown"), EDIT),
    Row("planning:proof_create", _pk("grant", "grant"), EDIT),
    Row("planning:proof_edit", _pk("proof"), EDIT),
    Row("planning:handover", ars, HANDOVER),
]
