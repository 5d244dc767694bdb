"""One open deadline of every kind in the test world, overdue or due within the next two weeks
(the digest's reach), for the tests of the Fristen page, the e-mail digest and the calendar
feed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conftest import make_user
from teilhabe.concept.models import ConceptDraft, PoliticalState
from teilhabe.concept.tests.factories import measure
from teilhabe.core.models import Membership, Role
from teilhabe.council import services as council_services
from teilhabe.council.models import SignOff
from teilhabe.council.tests.helpers import committee, meeting, paper
from teilhabe.implementation import services as implementation_services
from teilhabe.implementation.models import Milestone as MeasureMilestone
from teilhabe.participation.models import Survey
from teilhabe.planning import services as planning_services
from teilhabe.planning.models import FunderKind, FundingProgramme, Grant, add_months
from teilhabe.planning.models import Milestone as PlanMilestone

KINDS = (
    "mandate",
    "paper_deadline",
    "signoff",
    "plan_milestone",
    "proof",
    "measure_milestone",
    "status_update",
    "survey_end",
    "integration_report",
    "moderator_access",
)


@dataclass
class DeadlineObjects:
    today: date
    objects: dict[str, Any] = field(default_factory=dict)


def build_deadlines(world: Any) -> DeadlineObjects:
    m = world.municipality
    today = timezone.localdate()
    out = DeadlineObjects(today=today)
    admin = world.users["admin"]

    out.objects["mandate"] = planning_services.mandate_create(
        municipality=m,
        title="Sachstand Sprachkitas berichten",
        description="Die Verwaltung berichtet dem Integrationsrat über die Sprachkitas.",
        ordered_on=today - timedelta(days=200),
        report_due=today - timedelta(days=5),  # overdue
        source_reference="Integrationsrat 12.05., TOP 4 – Drs. 1234/2026",
        body_name="Integrationsrat",
        org_unit=world.org_unit,
        user=admin,
    )
    plan = planning_services.plan_create(
        municipality=m,
        title="Integrationskonzept 2027",
        template="speyer",
        start_date=today - timedelta(days=20),
        user=admin,
    )
    out.objects["plan"] = plan
    out.objects["plan_milestone"] = planning_services.milestone_save(
        milestone=PlanMilestone(
            plan=plan,
            title="Integrationskonferenz im Rathaus",
            month=2,
            due_on=today + timedelta(days=11),
            responsible="A. Demir",
        ),
        user=admin,
    )
    programme = planning_services.programme_save(
        programme=FundingProgramme(
            municipality=m, name="KIM", funder="Land NRW", kind=FunderKind.LAND
        ),
        user=admin,
    )
    grant = planning_services.grant_save(
        grant=Grant(
            municipality=m,
            programme=programme,
            title="Kommunales Integrationsmanagement  ",
            notice_date=today - timedelta(days=300),
            period_start=today - timedelta(days=300),
            period_end=today + timedelta(days=10),
            amount=Decimal("120000.00"),
        ),
        user=admin,
    )
    out.objects["proofs"] = planning_services.proofs_schedule(
        grant=grant, final_due=today + timedelta(days=12), interim_dues=[], user=admin
    )

    body = committee(m, "Ausschuss für Soziales, Seniorinnen und Senioren")
    session = meeting(m, body, today + timedelta(days=24))
    out.objects["meeting"] = session
    doc = paper(m, subject="Förderrichtlinie Sprachmittlung  ", lead=world.org_unit)
    council_services.consultations_plan(
        paper=doc,
        steps=[council_services.PlannedStep(committee=body, meeting=session)],
        replan=False,
    )
    out.objects["paper"] = doc
    out.objects["signoff"] = SignOff.objects.create(
        paper=doc, org_unit=world.org_unit, due=today - timedelta(days=2)
    )

    adopted = measure(
        world,
        "SP-1",
        title="Sprachcafés in Kalk",
        political_state=PoliticalState.ADOPTED,
        decided_on=today - timedelta(days=200),
    )
    out.objects["measure"] = adopted
    out.objects["measure_milestone"] = implementation_services.milestone_save(
        milestone=MeasureMilestone(
            measure=adopted, title="Zweites Sprachcafé eröffnet", due_on=today + timedelta(days=9)
        )
    )
    out.objects["survey"] = Survey.objects.create(
        municipality=m,
        title="Befragung Ehrenamtliche 2026",
        opens_at=timezone.now() - timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=6),
    )
    out.objects["draft"] = ConceptDraft.objects.create(
        municipality=m,
        number=1,
        title="Integrationskonzept",
        decided_on=add_months(today + timedelta(days=13), -36),
        decision_body="Rat",
    )
    out.objects["moderation"] = Membership.objects.create(
        user=make_user("moderation-ende@koeln.example"),
        municipality=m,
        role=Role.MODERATOR,
        valid_until=today + timedelta(days=13),
    )
    return out
