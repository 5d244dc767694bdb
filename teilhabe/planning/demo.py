"""Demo content of the planning part for Stadt Köln (idempotent)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from teilhabe.core.models import Municipality, OrgUnit
from teilhabe.planning import services
from teilhabe.planning.models import (
    CostItem,
    CostKind,
    CostRate,
    Drawdown,
    FunderKind,
    FundingProgramme,
    Grant,
    GrantStatus,
    Mandate,
    Milestone,
    PhaseStatus,
    PlanTemplate,
    ProcessPlan,
    ResourceOption,
    StaffPost,
)

MANDATE_TITLE = "Integrationskonzept erstellen"
MANDATE_TEXT = (
    "Die Verwaltung wird beauftragt, ein Integrationskonzept für die Stadt Köln zu erstellen.\n"
    "In Ergänzung ist vorab zu prüfen, wie dies personell und konzeptionell umgesetzt werden "
    "kann.\n"
    "Darüber ist in einer späteren Sitzung des Sozialausschusses zu berichten."
)


@transaction.atomic
def demo_planning(koeln: Municipality) -> None:
    unit = OrgUnit.objects.filter(municipality=koeln, name__icontains="Integration").first()
    _mandates(koeln, unit)
    plan = _plan(koeln, unit)
    _resources(koeln, plan)
    _funding(koeln, plan)
    post = StaffPost.objects.filter(
        option__plan=plan, title="Koordination Integrationskonzept", grant__isnull=True
    ).first()
    kim_grant = Grant.objects.filter(municipality=koeln, programme__name__startswith="Kommunales")
    if post is not None and kim_grant.exists():
        post.grant = kim_grant.first()
        services.staff_post_save(post=post, user=None)


def _mandates(koeln: Municipality, unit: OrgUnit | None) -> None:
    if not Mandate.objects.filter(municipality=koeln, title=MANDATE_TITLE).exists():
        services.mandate_create(
            municipality=koeln,
            title=MANDATE_TITLE,
            description=MANDATE_TEXT,
            ordered_on=date(2023, 9, 21),
            report_due=date(2026, 12, 31),
            source_reference="Rat der Stadt Köln, Sitzung vom 21.09.2023, Drucksache 2417/2023",
            body_name="Rat der Stadt Köln",
            org_unit=unit,
            user=None,
        )
        staffing = services.mandate_create(
            municipality=koeln,
            title="Personelle und konzeptionelle Umsetzung prüfen",
            description=(
                "Vorab ist zu prüfen, wie das Integrationskonzept personell und konzeptionell "
                "umgesetzt werden kann (eigene Stelle oder externe Vergabe). Darüber ist im "
                "Sozialausschuss zu berichten."
            ),
            ordered_on=date(2023, 9, 21),
            report_due=date(2024, 11, 26),
            source_reference="Rat der Stadt Köln, Sitzung vom 21.09.2023, Drucksache 2417/2023",
            body_name="Ausschuss für Soziales, Seniorinnen und Senioren",
            org_unit=unit,
            user=None,
        )
        services.mandate_close(
            mandate=staffing,
            closed_on=date(2024, 11, 26),
            closing_reference=(
                "Sozialausschuss 26.11.2024, Mitteilung 3981/2024 „Integrationskonzept – "
                "personelle und konzeptionelle Umsetzung“"
            ),
            note="Berichtet: 1,0 Stelle für mindestens 2 Jahre (ca. 160.000 Euro) oder externe "
            "Vergabe.",
            user=None,
        )
        services.mandate_create(
            municipality=koeln,
            title="Jährlicher Sachstandsbericht zum Integrationskonzept",
            description=(
                "Die Verwaltung berichtet dem Integrationsrat jährlich über den Stand der "
                "Erarbeitung des Integrationskonzepts und der Umsetzung der Maßnahmen."
            ),
            ordered_on=date(2025, 2, 10),
            report_due=date(2026, 3, 31),
            source_reference="Integrationsrat 10.02.2025, Antrag AN/0211/2025",
            body_name="Integrationsrat",
            org_unit=unit,
            user=None,
        )


PLAN_TITLE = "Erarbeitung des Integrationskonzepts 2025–2026"
RATE_SOURCE = (
    "Beispielwert in Anlehnung an den KGSt-Bericht „Kosten eines Arbeitsplatzes“ – vor "
    "Verwendung durch den aktuellen Wert ersetzen"
)
RATES = [("EG 9c TVöD", 72000), ("EG 10 TVöD", 76000), ("EG 11 TVöD", 80000), ("EG 12 TVöD", 86000)]

# Building block → (status, expected end month or None, responsible person)
PHASE_STATE = {
    "Einarbeitung/Vernetzung": (PhaseStatus.DONE, None, "Aylin Demir"),
    "Vorbereitung/Bestandserhebung": (PhaseStatus.DONE, 10, "Aylin Demir"),
    "Bedarfsermittlung": (PhaseStatus.DONE, 18, "Lena Hoffmann (Prozessmoderation)"),
    "Maßnahmenplanung": (PhaseStatus.RUNNING, 24, "Arbeitsgruppen der Handlungsfelder"),
    "Maßnahmenumsetzung": (PhaseStatus.PLANNED, None, "federführende Fachämter"),
    "Evaluation": (PhaseStatus.PLANNED, None, ""),
}

MILESTONES = [
    # title, month, building block, reached on
    ("Auftaktgespräch mit Schlüsselpersonen", 2, "Einarbeitung/Vernetzung", date(2025, 2, 20)),
    ("Bestandserhebung abgeschlossen", 8, "Vorbereitung/Bestandserhebung", date(2025, 10, 17)),
    ("Integrationskonferenz", 11, "Bedarfsermittlung", date(2025, 11, 15)),
    ("Entwurf der Maßnahmen in der Steuerungsgruppe", 20, "Maßnahmenplanung", None),
    ("Beschluss des Integrationskonzepts im Rat", 24, "Maßnahmenplanung", None),
]


def _plan(koeln: Municipality, unit: OrgUnit | None) -> ProcessPlan:
    plan = ProcessPlan.objects.filter(municipality=koeln, title=PLAN_TITLE).first()
    if plan is not None:
        return plan
    plan = services.plan_create(
        municipality=koeln,
        title=PLAN_TITLE,
        template=PlanTemplate.SPEYER,
        start_date=date(2025, 1, 1),
        user=None,
    )
    for phase in plan.phases.all():
        status, expected, person = PHASE_STATE[phase.name]
        phase.status = status
        phase.expected_end_month = expected
        phase.responsible = person
        phase.org_unit = unit if phase.start_month else None
        if phase.name == "Bedarfsermittlung":
            phase.note = "Auswertung der Online-Befragung dauerte länger als geplant."
        services.phase_save(phase=phase, user=None)
    phases = {p.name: p for p in plan.phases.all()}
    for title, month, phase_name, done in MILESTONES:
        services.milestone_save(
            milestone=Milestone(
                plan=plan,
                phase=phases[phase_name],
                title=title,
                month=month,
                done_on=done,
                responsible="Aylin Demir",
            ),
            user=None,
        )
    return plan


def _resources(koeln: Municipality, plan: ProcessPlan) -> None:
    for grade, cost in RATES:
        CostRate.objects.get_or_create(
            municipality=koeln,
            pay_grade=grade,
            year=2025,
            defaults={"annual_cost": Decimal(cost), "source": RATE_SOURCE},
        )
    if plan.options.exists():
        return
    eg11 = CostRate.objects.get(municipality=koeln, pay_grade="EG 11 TVöD", year=2025)
    own = services.option_save(
        option=ResourceOption(
            plan=plan,
            name="Eigene Stelle: 1,0 Stelle für 2 Jahre",
            description="Koordinationsstelle Integrationskonzept im Amt für Integration und "
            "Vielfalt, befristet auf 24 Monate.",
            is_chosen=True,
        ),
        user=None,
    )
    services.staff_post_save(
        post=StaffPost(
            option=own,
            title="Koordination Integrationskonzept",
            cost_rate=eg11,
            share=Decimal("1.0"),
            start_month=1,
            months=24,
        ),
        user=None,
    )
    external = services.option_save(
        option=ResourceOption(
            plan=plan,
            name="Externe Vergabe der Prozessbegleitung",
            description="Vergabe der Moderation und Redaktion an ein Institut; die Steuerung "
            "bleibt mit einer Viertelstelle im Amt.",
        ),
        user=None,
    )
    services.staff_post_save(
        post=StaffPost(
            option=external,
            title="Steuerung und Vergabebegleitung",
            cost_rate=eg11,
            share=Decimal("0.25"),
            start_month=1,
            months=24,
        ),
        user=None,
    )
    services.cost_item_save(
        item=CostItem(
            option=external,
            kind=CostKind.EXTERNAL,
            title="Prozessbegleitung und Redaktion (Institut)",
            amount=Decimal("118000"),
            start_month=1,
            end_month=24,
        ),
        user=None,
    )
    for option in (own, external):
        services.cost_item_save(
            item=CostItem(
                option=option,
                kind=CostKind.MATERIAL,
                title="Integrationskonferenz, Marktstände, Übersetzungen",
                amount=Decimal("14500"),
                start_month=6,
                end_month=18,
            ),
            user=None,
        )


def _funding(koeln: Municipality, plan: ProcessPlan) -> None:
    programmes = [
        (
            "Kommunales Integrationsmanagement NRW (KIM)",
            "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration NRW",
            FunderKind.LAND,
            "Personal- und Sachkosten für das Case- und Strukturmanagement in den Kreisen und "
            "kreisfreien Städten.",
        ),
        (
            "WIR – Vielfalt und Teilhabe",
            "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales",
            FunderKind.LAND,
            "Landesprogramm Hessen: u. a. WIR-Koordination und Prozessmoderation "
            "kommunaler Integrationsstrategien (nur für hessische Kommunen).",
        ),
        (
            "Asyl-, Migrations- und Integrationsfonds (AMIF)",
            "Bundesamt für Migration und Flüchtlinge (zuständige Behörde)",
            FunderKind.EU,
            "EU-Fonds; Projekte zur Integration von Drittstaatsangehörigen.",
        ),
    ]
    for name, funder, kind, description in programmes:
        if not FundingProgramme.objects.filter(municipality=koeln, name=name).exists():
            services.programme_save(
                programme=FundingProgramme(
                    municipality=koeln,
                    name=name,
                    funder=funder,
                    kind=kind,
                    description=description,
                ),
                user=None,
            )
    if Grant.objects.filter(municipality=koeln).exists():
        return
    kim = FundingProgramme.objects.get(municipality=koeln, name__startswith="Kommunales")
    grant = services.grant_save(
        grant=Grant(
            municipality=koeln,
            programme=kim,
            plan=plan,
            title="Strukturmanagement: Erarbeitung des Integrationskonzepts",
            status=GrantStatus.GRANTED,
            notice_number="52.03-KIM-2025/0417",
            notice_date=date(2025, 3, 14),
            period_start=date(2025, 4, 1),
            period_end=date(2026, 12, 31),
            amount=Decimal("96000"),
            own_share=Decimal("24000"),
            contact="Bezirksregierung Arnsberg, Dezernat 36",
            note="Förderquote 80 %; Mittel sind jeweils zum Halbjahr abzurufen.",
        ),
        user=None,
    )
    for requested, amount, received in [
        (date(2025, 5, 2), "30000", date(2025, 5, 20)),
        (date(2025, 11, 3), "30000", date(2025, 11, 25)),
        (date(2026, 5, 4), "20000", date(2026, 5, 22)),
    ]:
        services.drawdown_save(
            drawdown=Drawdown(
                grant=grant, requested_on=requested, amount=Decimal(amount), received_on=received
            ),
            user=None,
        )
    proofs = services.proofs_schedule(
        grant=grant, final_due=date(2027, 6, 30), interim_dues=[date(2026, 3, 31)], user=None
    )
    for proof in proofs:
        if proof.interim:
            proof.submitted_on = date(2026, 3, 27)
            services.proof_save(proof=proof, user=None)
    amif = FundingProgramme.objects.get(municipality=koeln, name__startswith="Asyl")
    survey = services.grant_save(
        grant=Grant(
            municipality=koeln,
            programme=amif,
            plan=plan,
            title="Mehrsprachige Online-Befragung zum Integrationskonzept",
            status=GrantStatus.GRANTED,
            notice_number="AMIF-2025-NW-0093",
            notice_date=date(2025, 5, 12),
            period_start=date(2025, 6, 1),
            period_end=date(2026, 5, 31),
            amount=Decimal("18000"),
            own_share=Decimal("2000"),
            contact="BAMF, Referat 82A",
        ),
        user=None,
    )
    services.drawdown_save(
        drawdown=Drawdown(
            grant=survey,
            requested_on=date(2025, 7, 1),
            amount=Decimal("18000"),
            received_on=date(2025, 7, 24),
        ),
        user=None,
    )
    services.proofs_schedule(grant=survey, final_due=date(2026, 11, 30), interim_dues=[], user=None)
