"""Demo content that joins the concept to the needs assessment for Köln: the recommendations
and measures that answer the demo needs. Runs after the concept's demo content. Idempotent."""

from __future__ import annotations

from django.db import transaction

from teilhabe.concept.models import Measure, Recommendation
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
