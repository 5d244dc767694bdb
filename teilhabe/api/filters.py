"""Filters of the API lists, named like the portal's list filters."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema_field

from teilhabe.concept.models import ImplementationState, Measure, PoliticalState, TrafficLight
from teilhabe.inventory.models import LANGUAGES, Offer, OfferForm
from teilhabe.inventory.models import TargetGroup as OfferTargetGroup
from teilhabe.inventory.selectors import offers_matching

MAX_ID = 2**31 - 1


ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


@extend_schema_field(ID_SCHEMA)
class IdFilter(django_filters.NumberFilter):
    """A filter by object id: a whole number a database key can hold, else 400 (never a 500
    from the database driver); the schema says so too."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=100, label=_("Full-text search"))
    field = IdFilter(field_name="fields", label=_("Field of action (id)"))
    political_state = django_filters.ChoiceFilter(choices=PoliticalState.choices)
    implementation_state = django_filters.ChoiceFilter(choices=ImplementationState.choices)
    traffic_light = django_filters.ChoiceFilter(choices=TrafficLight.choices[1:])

    class Meta:
        model = Measure
        fields = ["q", "field", "political_state", "implementation_state", "traffic_light"]

    def search(self, queryset: QuerySet[Measure], name: str, value: str) -> QuerySet[Measure]:
        for word in value.split()[:6]:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(number__iexact=word)
            )
        return queryset


class OfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=100, label=_("Full-text search"))
    field = IdFilter(field_name="fields_of_action", label=_("Field of action (id)"))
    area = IdFilter(method="in_area", label=_("Area (id), sub-areas included"))
    form = django_filters.ChoiceFilter(choices=OfferForm.choices)
    target_group = django_filters.ChoiceFilter(choices=OfferTargetGroup.choices, method="for_group")
    language = django_filters.ChoiceFilter(choices=LANGUAGES, method="in_language")

    class Meta:
        model = Offer
        fields = ["q", "field", "area", "form", "target_group", "language"]

    # The same SQL as the portal's and the workspace's offer lists.
    def search(self, queryset: QuerySet[Offer], name: str, value: str) -> QuerySet[Offer]:
        return offers_matching(queryset, q=value)

    def in_area(self, queryset: QuerySet[Offer], name: str, value: int) -> QuerySet[Offer]:
        return offers_matching(queryset, area=int(value))

    def for_group(self, queryset: QuerySet[Offer], name: str, value: str) -> QuerySet[Offer]:
        return offers_matching(queryset, target_group=value)

    def in_language(self, queryset: QuerySet[Offer], name: str, value: str) -> QuerySet[Offer]:
        return offers_matching(queryset, language=value)


def id_parameters(filterset: type[django_filters.FilterSet]) -> list[OpenApiParameter]:
    """The filterset's id filters for the schema, described by their labels: the schema that
    ``IdFilter`` fixes leaves the description out."""
    return [
        OpenApiParameter(name, ID_SCHEMA, OpenApiParameter.QUERY, description=f.label)
        for name, f in filterset.base_filters.items()
        if isinstance(f, IdFilter)
    ]
