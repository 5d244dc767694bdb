"""Demo content of the implementation: status updates and milestones of Köln's demo measures
(some milestones overdue), the town Beispielstadt's report on the county measure it leads, and
three evaluations of measures for the integration report. Runs after the concept's demo.
Idempotent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from teilhabe.concept.models import Measure
from teilhabe.core.models import Municipality, User
from teilhabe.implementation import services
from teilhabe.implementation.models import (
    Evaluation,
    EvaluationRecommendation,
    EvaluationStatus,
    Milestone,
    StatusUpdate,
)
from teilhabe.implementation.selectors import figure_suggestions

UPDATE_TEXTS = {
    "green": "Die Maßnahme läuft wie geplant. Die Termine für das kommende Halbjahr sind mit den Partnern abgestimmt.",
    "yellow": "Verzögerung, weil die Räume erst später zur Verfügung stehen. Der Start des zweiten Durchgangs verschiebt sich um etwa drei Monate.",
    "red": "Die Maßnahme kann ohne zusätzliche Mittel nicht wie beschlossen umgesetzt werden. Eine Entscheidung der Steuerungsgruppe ist nötig.",
}


@transaction.atomic
def demo_implementation(koeln: Municipality) -> None:
    """Two status updates for every started measure with a traffic light, two milestones for
    every measure (the second one overdue for some)."""
    measures = list(Measure.objects.filter(municipality=koeln).order_by("pk"))
    if not measures or Milestone.objects.filter(measure__municipality=koeln).exists():
        return
    today = timezone.localdate()
    admin = User.objects.filter(email="integration@koeln.example").first()
    office_user = User.objects.filter(email="jugendamt@koeln.example").first()
    for i, measure in enumerate(measures):
        if measure.implementation_state != "not_started" and measure.traffic_light:
            for k, days in enumerate((300, 120)):
                services.status_update_create(
                    measure=measure,
                    traffic_light=measure.traffic_light if k else "green",
                    text=UPDATE_TEXTS[measure.traffic_light if k else "green"],
                    user=office_user
                    if measure.lead_unit and measure.lead_unit.short_name == "Amt 51"
                    else admin,
                    reported_on=today - timedelta(days=days + i),
                    progress_percent=min(100, 20 + 25 * k + i),
                    participants=40 + 7 * i if k else None,
                    money_spent=(measure.annual_amount / 3).quantize(Decimal("1"))
                    if measure.annual_amount and k
                    else None,
                )
        Milestone.objects.create(
            measure=measure,
            title="Konzept mit den Partnern abgestimmt",
            due_on=today - timedelta(days=200 - i),
            done_on=today - timedelta(days=190 - i),
        )
        Milestone.objects.create(
            measure=measure,
            title="Erster Durchgang abgeschlossen"
            if i % 3
            else "Zwischenbericht an die Steuerungsgruppe",
            due_on=today + timedelta(days=(i % 7 - 2) * 30),
        )


@transaction.atomic
def demo_federation_implementation() -> None:
    """The town Beispielstadt reports on the county measure it leads, in its own workspace."""
    from teilhabe.core.demo import COUNTY_ARS, TOWN_ARS

    town = Municipality.objects.filter(ars=TOWN_ARS).first()
    led = Measure.objects.filter(
        municipality__ars=COUNTY_ARS, number="K-1", lead_municipality=town
    ).first()
    if town is None or led is None or StatusUpdate.objects.filter(measure=led).exists():
        return
    author = User.objects.filter(email="stadt@beispielstadt.example").first()
    services.status_update_create(
        measure=led,
        traffic_light="green",
        text="Die Börse ist online; 23 Patenschaften wurden vermittelt.",
        user=author,
        reporting_municipality=town,
        participants=23,
    )


EVALUATIONS = [
    (
        "SP-2",
        "Erreicht das Angebot Mütter mit kleinen Kindern, und verbessern sie ihre "
        "Deutschkenntnisse?",
        "1,5 Stellen Kursleitung, Räume im Familienzentrum, 48.000 € im Jahr.",
        "Sprachkurse an vier Vormittagen mit paralleler Kinderbetreuung; Lernbegleitung durch "
        "Ehrenamtliche.",
        "Sechs Kurse mit je 15 Plätzen im Jahr; 82 Teilnehmerinnen.",
        "Zwei Drittel der Teilnehmerinnen bestehen die Prüfung A2 oder B1; mehrere nehmen "
        "danach eine Beschäftigung auf.",
        "Die Kinderbetreuung ist der entscheidende Faktor: die Abbruchquote liegt bei 8 % "
        "statt 30 % in Kursen ohne Betreuung. Die Nachfrage übersteigt die Plätze deutlich.",
        EvaluationRecommendation.CONTINUE,
        EvaluationStatus.COMPLETE,
    ),
    (
        "WO-1",
        "Finden Familien aus Unterkünften durch die Wohnungslotsen schneller eine Wohnung?",
        "2 Stellen Wohnungslotsen, Kooperation mit der Wohnungsgesellschaft.",
        "Sprechstunden in den Unterkünften, Begleitung zu Besichtigungen, Vermittlung an "
        "Vermieter.",
        "410 beratene Haushalte, 96 vermittelte Wohnungen.",
        "Die durchschnittliche Verweildauer in den Unterkünften sank von 31 auf 24 Monate.",
        "Wirksam, aber von der Zahl der verfügbaren Wohnungen begrenzt. Die Sprechstunden "
        "sollten auf alle Unterkünfte ausgeweitet und mit der Mietrechtsberatung verbunden "
        "werden.",
        EvaluationRecommendation.ADAPT,
        EvaluationStatus.COMPLETE,
    ),
    (
        "KU-3",
        "Nutzen mehr Menschen mit Migrationsgeschichte die städtischen Kultureinrichtungen?",
        "Projektmittel 15.000 €, Museumsdienst.",
        "Mehrsprachige Führungen und Tage der offenen Tür mit Migrantenorganisationen.",
        "12 Veranstaltungen, rund 600 Besucherinnen und Besucher.",
        "",
        "",
        EvaluationRecommendation.NONE,
        EvaluationStatus.DRAFT,
    ),
]


@transaction.atomic
def demo_evaluations(koeln: Municipality) -> None:
    if Evaluation.objects.filter(municipality=koeln).exists():
        return
    admin = User.objects.filter(email="integration@koeln.example").first()
    year = 2025
    for number, question, inp, act, out, outcome, findings, rec, state in EVALUATIONS:
        measure = Measure.objects.filter(municipality=koeln, number=number).first()
        if measure is None or Evaluation.objects.filter(measure=measure, report_year=year):
            continue
        evaluation = services.evaluation_save(
            evaluation=Evaluation(
                municipality=koeln,
                measure=measure,
                report_year=year,
                selected_for_report=True,
                question=question,
                input_text=inp,
                activities_text=act,
                output_text=out,
                outcome_text=outcome,
                findings=findings,
                recommendation=rec,
                recommendation_note=findings[:200],
                status=EvaluationStatus.DRAFT,
            ),
            expected_version=None,
            user=admin,
        )
        for s in figure_suggestions(measure=measure, year=year)[:3]:
            services.figure_add(
                evaluation=evaluation,
                label=s.label,
                value=s.value,
                unit=s.unit,
                source=s.source,
                as_of=s.as_of,
                stage=s.stage,
                origin=s.origin,
            )
        services.figure_add(
            evaluation=evaluation,
            label="Zufriedenheit der Teilnehmenden (Befragung, Anteil „zufrieden“)",
            value=Decimal("87"),
            unit="%",
            source="Abschlussbefragung der Teilnehmenden",
            as_of=date(year, 12, 15),
            stage="outcome",
            origin="survey",
        )
        if state == EvaluationStatus.COMPLETE:
            evaluation.status = EvaluationStatus.COMPLETE
            services.evaluation_save(evaluation=evaluation, expected_version=evaluation.version)
        else:
            request, _token = services.request_create(
                evaluation=evaluation,
                recipient=str(measure.lead_unit or "Federführendes Amt"),
                message="Bitte melden Sie die Besucherzahlen 2025 je Veranstaltung.",
                user=admin,
            )
            services.request_submit(
                request=request,
                name="Museumsdienst Köln",
                comment="Zahlen laut Kassensystem.",
                figures=[
                    {
                        "label": "Besucherinnen und Besucher der Führungen",
                        "value": Decimal("612"),
                        "unit": "Personen",
                        "as_of": date(year, 12, 31),
                        "stage": "output",
                    }
                ],
            )


def demo_step(koeln: Municipality) -> None:
    """The implementation's demo step (registered in wiring.py): status updates and milestones
    in Köln and the county, then the evaluations."""
    demo_implementation(koeln)
    demo_federation_implementation()
    demo_evaluations(koeln)
