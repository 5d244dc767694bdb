"""Filters of the API lists, named like the portal's list filters."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from teilhabe.concept.models import ImplementationState, Measure, PoliticalState, TrafficLight
from teilhabe.inventory.models import LANGUAGES, Offer, OfferForm
from teilhabe.inventory.models import TargetGroup as OfferTargetGroup


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=100, label="Full-text search")
    field = django_filters.NumberFilter(field_name="fields", label="Field of action (id)")
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
    q = django_filters.CharFilter(method="search", max_length=100, label="Full-text search")
    field = django_filters.NumberFilter(field_name="fields_of_action", label="Field of action (id)")
    area = django_filters.NumberFilter(method="in_area", label="Area (id), sub-areas included")
    form = django_filters.ChoiceFilter(choices=OfferForm.choices)
    target_group = django_filters.ChoiceFilter(choices=OfferTargetGroup.choices, method="for_group")
    language = django_filters.ChoiceFilter(choices=LANGUAGES, method="in_language")

    class Meta:
        model = Offer
        fields = ["q", "field", "area", "form", "target_group", "language"]

    def search(self, queryset: QuerySet[Offer], name: str, value: str) -> QuerySet[Offer]:
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(actor__name__icontains=value)
        )

    def in_area(self, queryset: QuerySet[Offer], name: str, value: int) -> QuerySet[Offer]:
        return queryset.filter(
            Q(locations__area_id=value)
            | Q(locations__area__parent_id=value)
            | Q(locations__area__parent__parent_id=value)
        ).distinct()

    def for_group(self, queryset: QuerySet[Offer], name: str, value: str) -> QuerySet[Offer]:
        return queryset.filter(
            Q(target_groups__icontains=f'"{value}"')
            | Q(target_groups__icontains=f'"{OfferTargetGroup.ALL}"')
        )

    def in_language(self, queryset: QuerySet[Offer], name: str, value: str) -> QuerySet[Offer]:
        return queryset.filter(languages__icontains=f'"{value}"')
