"""Serializers of the read API, each with an explicit field list (no ``__all__``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from teilhabe.concept.models import Goal, Measure
from teilhabe.inventory.models import Offer, OfferLocation
from teilhabe.statistics import selectors as stat_selectors
from teilhabe.statistics.models import Indicator


class FieldRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeasureSerializer(serializers.ModelSerializer):
    fields_of_action = serializers.SerializerMethodField()
    lead_office = serializers.SerializerMethodField()
    political_state_label = serializers.CharField(source="get_political_state_display")
    implementation_state_label = serializers.CharField(source="get_implementation_state_display")
    financial_state_label = serializers.CharField(source="get_financial_state_display")
    traffic_light_label = serializers.CharField(source="get_traffic_light_display")

    class Meta:
        model = Measure
        fields = [
            "id",
            "number",
            "title",
            "description",
            "fields_of_action",
            "lead_office",
            "political_state",
            "political_state_label",
            "decided_on",
            "financial_state",
            "financial_state_label",
            "implementation_state",
            "implementation_state_label",
            "traffic_light",
            "traffic_light_label",
            "progress_percent",
            "start_date",
            "end_date",
            "published_at",
        ]

    @extend_schema_field(FieldRefSerializer(many=True))
    def get_fields_of_action(self, obj: Measure) -> list[dict[str, Any]]:
        return [{"id": f.pk, "name": f.name} for f in obj.fields.all()]

    def get_lead_office(self, obj: Measure) -> str:
        if obj.lead_unit is not None:
            return obj.lead_unit.name
        return obj.lead_municipality.name if obj.lead_municipality is not None else ""


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = [
            "id",
            "title",
            "text",
            "indicator_text",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
        ]


class StrategicGoalNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()
    goals = GoalSerializer(many=True)


class FieldNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    measure_count = serializers.IntegerField()
    strategic_goals = StrategicGoalNodeSerializer(many=True)


class GuidelineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()


class ConceptSerializer(serializers.Serializer):
    municipality = serializers.CharField()
    ars = serializers.CharField()
    vision = serializers.CharField(allow_null=True)
    guidelines = GuidelineSerializer(many=True)
    fields_of_action = FieldNodeSerializer(many=True)


class LocationSerializer(serializers.ModelSerializer):
    address = serializers.CharField()
    area = serializers.SerializerMethodField()

    class Meta:
        model = OfferLocation
        fields = ["venue", "address", "area", "latitude", "longitude"]

    def get_area(self, obj: OfferLocation) -> str:
        return obj.area.name if obj.area_id and obj.area else ""


class OfferSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.name")
    fields_of_action = serializers.SerializerMethodField()
    target_groups = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())
    locations = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "title",
            "description",
            "actor",
            "fields_of_action",
            "target_groups",
            "languages",
            "form",
            "schedule",
            "fee",
            "step_free",
            "childcare",
            "start_date",
            "end_date",
            "locations",
        ]

    @extend_schema_field(FieldRefSerializer(many=True))
    def get_fields_of_action(self, obj: Offer) -> list[dict[str, Any]]:
        return [{"id": f.pk, "name": f.name} for f in obj.fields_of_action.all()]

    @extend_schema_field(LocationSerializer(many=True))
    def get_locations(self, obj: Offer) -> list[dict[str, Any]]:
        return list(LocationSerializer(obj.location_list(), many=True).data)


class IndicatorSerializer(serializers.ModelSerializer):
    field_of_action = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "definition", "unit", "kind", "field_of_action"]

    def get_field_of_action(self, obj: Indicator) -> str:
        return obj.field_of_action.name if obj.field_of_action_id and obj.field_of_action else ""


class IndicatorValueSerializer(serializers.Serializer):
    level = serializers.CharField()
    region_key = serializers.CharField()
    region_name = serializers.CharField()
    period = serializers.DateField()
    value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()
    derived = serializers.BooleanField(help_text="summed from the areas below")
    source = serializers.CharField()
    table_code = serializers.CharField()
    reference_date = serializers.CharField()
    licence = serializers.CharField()
    dataset_sha256 = serializers.CharField()


class LatestValueSerializer(serializers.Serializer):
    period = serializers.DateField()
    value = serializers.FloatField(allow_null=True)
    text = serializers.CharField()
    available = serializers.BooleanField(
        help_text="false: no value of the municipality's own; see comparison"
    )
    comparison = serializers.CharField(help_text="the level above, e.g. 'Kreis X: 12,4 %'")


class IndicatorDetailSerializer(IndicatorSerializer):
    values = serializers.SerializerMethodField()
    latest = serializers.SerializerMethodField()

    class Meta(IndicatorSerializer.Meta):
        fields = [*IndicatorSerializer.Meta.fields, "latest", "values"]

    @extend_schema_field(LatestValueSerializer(allow_null=True))
    def get_latest(self, obj: Indicator) -> dict[str, Any] | None:
        """The newest value for the whole municipality, or "nicht verfügbar" with the level
        above it as comparison."""
        shown = stat_selectors.latest_value(indicator=obj)
        if shown is None:
            return None
        return {
            "period": shown.period,
            "value": shown.value,
            "text": shown.text,
            "available": shown.available,
            "comparison": shown.comparison,
        }

    @extend_schema_field(IndicatorValueSerializer(many=True))
    def get_values(self, obj: Indicator) -> list[dict[str, Any]]:
        return list(self.context.get("values", {}).get(obj.code, []))


class DocumentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["report", "paper"])
    title = serializers.CharField()
    reference = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    url = serializers.CharField()
