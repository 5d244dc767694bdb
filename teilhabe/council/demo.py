"""Demo content for Stadt Köln: bodies, meetings, the concept's Beschlussvorlage with its
Beratungsfolge, sign-offs and decision, and a progress report still in sign-off."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from teilhabe.core.models import Municipality, OrgUnit, User
from teilhabe.council import services
from teilhabe.council.models import (
    Committee,
    CommitteeKind,
    ConsultationResult,
    ConsultationRole,
    ElectionPeriod,
    Meeting,
    Paper,
    PaperType,
    SignOffDecision,
    SignOffStep,
)

CONCEPT_SUBJECT = "Integrationskonzept der Stadt Köln – Beschluss"
REPORT_SUBJECT = "Sachstandsbericht zur Umsetzung des Integrationskonzepts 2026"

BODIES = [
    ("Rat der Stadt Köln", "Rat", CommitteeKind.COUNCIL, True, 1),
    ("Integrationsrat", "IR", CommitteeKind.INTEGRATION_COUNCIL, False, 2),
    ("Ausschuss für Soziales, Seniorinnen und Senioren", "ASS", CommitteeKind.COMMITTEE, False, 3),
    ("Hauptausschuss", "HA", CommitteeKind.COMMITTEE, False, 4),
    ("Verwaltungskonferenz", "VK", CommitteeKind.ADMINISTRATIVE, False, 5),
]

MEETINGS = [  # body abbreviation, date, hour, place
    ("IR", date(2026, 9, 8), 17, "Rathaus, Spanischer Bau, Raum 13"),
    ("ASS", date(2026, 9, 17), 15, "Rathaus, Ratssaal"),
    ("HA", date(2026, 9, 28), 14, "Rathaus, Theodor-Heuss-Saal"),
    ("Rat", date(2026, 10, 6), 15, "Rathaus, Ratssaal"),
    ("VK", date(2026, 12, 1), 9, "Stadthaus Deutz, Raum 2.A.14"),
    ("IR", date(2026, 12, 8), 17, "Rathaus, Spanischer Bau, Raum 13"),
    ("ASS", date(2026, 12, 10), 15, "Rathaus, Ratssaal"),
    ("Rat", date(2026, 12, 17), 15, "Rathaus, Ratssaal"),
    ("IR", date(2027, 2, 9), 17, "Rathaus, Spanischer Bau, Raum 13"),
    ("ASS", date(2027, 2, 18), 15, "Rathaus, Ratssaal"),
]

SIGNOFF_UNITS = [
    ("Dezernat für Soziales, Gesundheit und Wohnen", SignOffStep.Condition.ALWAYS),
    ("Kämmerei", SignOffStep.Condition.FINANCE),
    ("Rechtsamt", SignOffStep.Condition.RESOLUTION),
    ("Gleichstellungsamt", SignOffStep.Condition.ALWAYS),
    ("Personal- und Verwaltungsmanagement", SignOffStep.Condition.STAFF),
]

CONCEPT_SECTIONS = [
    (
        "Anlass",
        "Der Rat hat die Verwaltung beauftragt, das Integrationskonzept der Stadt Köln "
        "fortzuschreiben und dabei die Migrantenselbstorganisationen, die Wohlfahrtsverbände "
        "und den Integrationsrat von Beginn an zu beteiligen.",
    ),
    (
        "Beteiligung und Vorgehen",
        "Auf der Grundlage der Bevölkerungsdaten nach Stadtteilen und einer Bestandserhebung "
        "der Angebote in acht Handlungsfeldern haben Arbeitsgruppen Bedarfe beschrieben und "
        "Handlungsempfehlungen erarbeitet. Eine Online-Befragung in sieben Sprachen und eine "
        "Integrationskonferenz haben die Ergebnisse ergänzt.\n\n"
        "Die Steuerungsgruppe hat die Maßnahmenvorschläge bewertet und priorisiert. Der "
        "Integrationsrat hat den Entwurf in seiner Sitzung am 08.09.2026 beraten.",
    ),
    (
        "Inhalt des Konzepts",
        "Das Konzept umfasst ein Leitbild, Leitlinien, Leitziele je Handlungsfeld, "
        "Handlungsziele mit Kennzahlen sowie Maßnahmen mit Federführung, Zeitraum und Kosten.",
    ),
    (
        "Weiteres Vorgehen",
        "Die Verwaltung berichtet dem Integrationsrat und dem Ausschuss für Soziales, "
        "Seniorinnen und Senioren jährlich über den Stand der Umsetzung. Maßnahmen mit "
        "Auswirkungen auf den Haushalt werden im Rahmen der Haushaltsberatungen gesondert "
        "zur Entscheidung vorgelegt; das Budgetrecht des Rates bleibt gewahrt.",
    ),
]


def _unit(koeln: Municipality, name: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(municipality=koeln, name=name).first()


def _meeting(koeln: Municipality, bodies: dict[str, Committee], abbr: str, day: date) -> Meeting:
    return Meeting.objects.get(municipality=koeln, committee=bodies[abbr], start__date=day)


@transaction.atomic
def load(koeln: Municipality) -> None:
    services.paper_types_ensure(municipality=koeln)
    services.council_settings_ensure(municipality=koeln)
    period = ElectionPeriod.objects.filter(municipality=koeln, name="Wahlperiode 2025–2030").first()
    if period is None:
        period = services.election_period_save(
            period=ElectionPeriod(
                municipality=koeln, name="Wahlperiode 2025–2030", start=date(2025, 11, 1)
            )
        )
    bodies: dict[str, Committee] = {}
    for name, short, kind, decides, position in BODIES:
        committee = Committee.objects.filter(municipality=koeln, short_name=short).first()
        if committee is None:
            first_name = "Ausschuss für Soziales und Senioren" if short == "ASS" else name
            committee = services.committee_save(
                committee=Committee(
                    municipality=koeln,
                    name=first_name,
                    short_name=short,
                    kind=kind,
                    may_decide=decides,
                    election_period=period,
                    meets_in_public=kind != CommitteeKind.ADMINISTRATIVE,
                    position=position,
                    competences="Alle Angelegenheiten nach § 41 Abs. 1 GO NRW." if decides else "",
                )
            )
            if first_name != name:
                services.committee_rename(
                    committee=committee, new_name=name, valid_from=date(2025, 11, 1)
                )
        bodies[short] = committee
    for abbr, day, hour, place in MEETINGS:
        if not Meeting.objects.filter(committee=bodies[abbr], start__date=day).exists():
            services.meeting_save(
                meeting=Meeting(
                    municipality=koeln,
                    committee=bodies[abbr],
                    start=services.meeting_datetime(day, hour),
                    location=place,
                    status="held" if day < timezone.localdate() else "planned",
                )
            )
    for position, (unit_name, condition) in enumerate(SIGNOFF_UNITS, start=1):
        unit = _unit(koeln, unit_name)
        if (
            unit is not None
            and not SignOffStep.objects.filter(municipality=koeln, org_unit=unit).exists()
        ):
            services.signoff_step_save(
                step=SignOffStep(
                    municipality=koeln, org_unit=unit, condition=condition, position=position
                )
            )
    officer = User.objects.filter(email="integration@koeln.example").first()
    if not Paper.objects.filter(municipality=koeln, subject=CONCEPT_SUBJECT).exists():
        _concept_paper(koeln, bodies, officer)
    if not Paper.objects.filter(municipality=koeln, subject=REPORT_SUBJECT).exists():
        _report_paper(koeln, bodies, officer)


def _concept_paper(koeln: Municipality, bodies: dict[str, Committee], officer: User | None) -> None:
    paper = services.paper_save(
        paper=Paper(
            municipality=koeln,
            paper_type=PaperType.objects.get(municipality=koeln, name="Beschlussvorlage"),
            subject=CONCEPT_SUBJECT,
            lead=_unit(koeln, "Amt für Integration und Vielfalt"),
            author="Aylin Demir",
            file_number="15/2-IK-2026",
            date=date(2026, 8, 20),
            proposed_resolution=(
                "Der Rat der Stadt Köln beschließt das als Anlage beigefügte "
                "Integrationskonzept der Stadt Köln.\n\n"
                "Die Verwaltung wird beauftragt, die Maßnahmen umzusetzen und dem Rat "
                "bis zum 30.06.2027 über den Stand der Umsetzung und die Personalausstattung "
                "zu berichten."
            ),
            impact_children=(
                "Das Handlungsfeld Bildung enthält Maßnahmen der frühen Sprachbildung in "
                "Kindertagesstätten und der Elternarbeit an Grundschulen."
            ),
            staff_plan_affected=True,
            staff_plan_note=(
                "Für die Koordinierung der Umsetzung wird eine Stelle (1,0 VZÄ, EG 11 TVöD) "
                "im Amt für Integration und Vielfalt benötigt."
            ),
            finance_none=False,
            booking_code="1502-0101 Integration und Vielfalt",
            funds_provided=Decimal("250000"),
            funds_available=Decimal("180000"),
            required_amount=Decimal("210000"),
            cover_kind="savings",
            cover_booking_code="1502-0105",
            followup_staff=Decimal("80000"),
            followup_operations=Decimal("15000"),
        ),
        sections=CONCEPT_SECTIONS,
    )
    services.attachment_add(
        paper=paper,
        title="Integrationskonzept der Stadt Köln – Entwurf vom 15.08.2026",
        url="https://ratsinformation.stadt-koeln.example/anlagen/integrationskonzept-2026.pdf",
        is_main=True,
    )
    steps = [
        ("IR", date(2026, 9, 8), ConsultationRole.HEARING, False),
        ("ASS", date(2026, 9, 17), ConsultationRole.PRELIMINARY, False),
        ("HA", date(2026, 9, 28), ConsultationRole.PRELIMINARY, False),
        ("Rat", date(2026, 10, 6), ConsultationRole.DECISION, True),
    ]
    planned = services.consultations_plan(
        paper=paper,
        steps=[
            services.PlannedStep(
                committee=bodies[abbr],
                meeting=_meeting(koeln, bodies, abbr, day),
                role=role,
                authoritative=authoritative,
            )
            for abbr, day, role, authoritative in steps
        ],
        replan=False,
    )
    signoffs = services.signoffs_request(paper=paper)
    if officer is not None:
        for signoff in signoffs:
            remark = (
                "Die Stelle ist im Stellenplan 2027 anzumelden."
                if signoff.org_unit.name == "Personal- und Verwaltungsmanagement"
                else ""
            )
            services.signoff_decide(
                signoff=signoff,
                decision=SignOffDecision.REMARK if remark else SignOffDecision.APPROVED,
                remark=remark,
                user=officer,
            )
    services.paper_hand_over(
        paper=paper,
        reference="2871/2026",
        ris_url="https://ratsinformation.stadt-koeln.example/vo0050.asp?__kvonr=2871",
    )
    _link_concept(paper)
    results = [
        (ConsultationResult.RECOMMENDED, True, None, ""),
        (ConsultationResult.RECOMMENDED, False, (14, 2, 1), ""),
        (ConsultationResult.RECOMMENDED, False, (15, 2, 0), ""),
        (
            ConsultationResult.ADOPTED,
            False,
            (71, 9, 6),
            "Der Rat beschließt das Integrationskonzept der Stadt Köln in der Fassung der "
            "Anlage. Die Verwaltung berichtet bis zum 30.06.2027 über den Stand der "
            "Umsetzung und die Personalausstattung.",
        ),
    ]
    for consultation, (result, unanimous, votes, text) in zip(planned, results, strict=True):
        yes, no, abstain = votes or (None, None, None)
        services.consultation_record_result(
            consultation=consultation,
            result=result,
            unanimous=unanimous,
            votes_yes=yes,
            votes_no=no,
            votes_abstain=abstain,
            resolution_text=text,
            user=officer,
        )
    _mandate(paper, officer)


def _link_concept(paper: Paper) -> None:
    """Link the latest concept draft (when the demo has one), so the decision adopts it."""
    from django.contrib.contenttypes.models import ContentType

    from teilhabe.concept.models import ConceptDraft
    from teilhabe.council import consequences

    draft = ConceptDraft.objects.filter(municipality=paper.municipality).order_by("-pk").first()
    if draft is not None:
        ct = ContentType.objects.get_for_model(ConceptDraft)
        consequences.link_add(paper=paper, key=f"{ct.pk}:{draft.pk}")


def _mandate(paper: Paper, officer: User | None) -> None:
    from teilhabe.council import consequences

    if officer is None:
        return
    consequences.mandate_create_from_paper(
        paper=paper,
        title="Bericht zum Stand der Umsetzung und zur Personalausstattung",
        description=(
            "Die Verwaltung berichtet dem Rat über den Stand der Umsetzung des "
            "Integrationskonzepts und die Personalausstattung der Koordinierung."
        ),
        report_due=date(2027, 6, 30),
        user=officer,
    )


def _report_paper(koeln: Municipality, bodies: dict[str, Committee], officer: User | None) -> None:
    paper = services.paper_save(
        paper=Paper(
            municipality=koeln,
            paper_type=PaperType.objects.get(municipality=koeln, name="Mitteilungsvorlage"),
            subject=REPORT_SUBJECT,
            lead=_unit(koeln, "Amt für Integration und Vielfalt"),
            author="Jonas Becker",
            date=date(2026, 11, 12),
        ),
        sections=[
            (
                "Stand der Umsetzung",
                "Von den 42 Maßnahmen des Integrationskonzepts sind 9 abgeschlossen, 27 in "
                "Umsetzung und 6 noch nicht begonnen. Verzögerungen betreffen vor allem das "
                "Handlungsfeld Wohnen.",
            ),
            (
                "Kennzahlen",
                "Die Zahl der Teilnehmenden an Integrationskursen ist gegenüber dem Vorjahr "
                "gestiegen; Quelle und Stand der Zahlen sind im Bericht angegeben.",
            ),
        ],
    )
    services.consultations_plan(
        paper=paper,
        steps=[
            services.PlannedStep(
                committee=bodies["VK"],
                meeting=_meeting(koeln, bodies, "VK", date(2026, 12, 1)),
                role=ConsultationRole.PRELIMINARY,
            ),
            services.PlannedStep(
                committee=bodies["IR"],
                meeting=_meeting(koeln, bodies, "IR", date(2027, 2, 9)),
                role=ConsultationRole.NOTICE,
            ),
            services.PlannedStep(
                committee=bodies["ASS"],
                meeting=_meeting(koeln, bodies, "ASS", date(2027, 2, 18)),
                role=ConsultationRole.NOTICE,
                authoritative=True,
            ),
        ],
        replan=False,
    )
    signoffs = services.signoffs_request(paper=paper)
    if officer is not None and signoffs:
        services.signoff_decide(
            signoff=signoffs[0], decision=SignOffDecision.APPROVED, remark="", user=officer
        )
