"""Demo content that joins the concept to the needs assessment for Köln: the recommendations
and measures that answer the demo needs. Runs after the concept's demo content. Idempotent."""

from __future__ import annotations

from django.db import transaction

from teilhabe.concept.models import (
    EvaluationRecommendation,
    EvaluationStatus,
    Measure,
    Recommendation,
)
from teilhabe.core.models import FieldOfAction, Municipality
from teilhabe.needs.demo import NEEDS
from teilhabe.needs.models import Need


@transaction.atomic
def demo_need_answers(koeln: Municipality) -> None:
    """Most demo needs are answered by a recommendation and measures of their field; some stay
    open ("unbeantwortet")."""
    needs = Need.objects.filter(municipality=koeln)
    if needs.filter(recommendations__isnull=False).exists():
        return
    fields = {f.name: f for f in FieldOfAction.objects.filter(municipality=koeln)}
    by_title = {n.title: n for n in needs}
    for index, spec in enumerate(NEEDS):
        field_name, title, *_rest, link = spec
        field, need = fields.get(field_name), by_title.get(title)
        if field is None or need is None or not link or index % 5 == 4:
            continue
        recommendations = list(
            Recommendation.objects.filter(municipality=koeln, field=field, title__icontains=link)[
                :1
            ]
        ) or list(Recommendation.objects.filter(municipality=koeln, field=field)[:1])
        measures = list(
            Measure.objects.filter(municipality=koeln, fields=field, title__icontains=link)[:2]
        ) or list(Measure.objects.filter(municipality=koeln, fields=field).order_by("number")[:1])
        need.recommendations.set(recommendations)
        need.measures.set(measures)


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
