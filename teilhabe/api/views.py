"""The read API: what a municipality's portal publishes, per municipality (ARS in the URL),
read-only, paginated and filterable. The same selectors as the portal decide what is public,
so publication rules and disclosure control are the same."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from teilhabe.api import serializers as s
from teilhabe.api.filters import MeasureFilter, OfferFilter
from teilhabe.concept.models import Measure
from teilhabe.core.models import Municipality
from teilhabe.inventory.models import Offer
from teilhabe.portal import selectors
from teilhabe.statistics.models import Indicator

ARS = OpenApiParameter(
    "ars",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="Amtlicher Regionalschlüssel (12 digits) of the municipality",
    pattern=r"^(0[1-9]|1[0-6])[0-9]{10}$",
)
ERRORS = {
    400: OpenApiResponse(description="Invalid filter or page parameter"),
    404: OpenApiResponse(description="Unknown municipality, object or page"),
}


class MunicipalityMixin:
    """Resolves the municipality of the URL; unknown or unpublished portals answer 404."""

    kwargs: dict[str, Any]

    def municipality(self) -> Municipality:
        cached = getattr(self, "_municipality", None)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        municipality = Municipality.objects.filter(ars=self.kwargs["ars"]).first()
        if municipality is None:
            raise NotFound
        if not selectors.portal_settings(municipality=municipality).is_enabled:
            raise NotFound
        self._municipality = municipality
        return municipality


@extend_schema(parameters=[ARS], responses={200: s.ConceptSerializer, **ERRORS})
class ConceptView(MunicipalityMixin, APIView):
    """The published concept tree: vision, guidelines, fields of action with their strategic
    goals and goals."""

    def get(self, request: Request, ars: str) -> Response:
        m = self.municipality()
        vision = selectors.published_vision(municipality=m)
        data = {
            "municipality": m.name,
            "ars": m.ars,
            "vision": vision.text if vision else None,
            "guidelines": [
                {"id": g.pk, "title": g.title, "text": g.text}
                for g in selectors.published_guidelines(municipality=m)
            ],
            "fields_of_action": [
                {
                    "id": node.field.pk,
                    "name": node.field.name,
                    "description": node.field.description,
                    "measure_count": node.measure_count,
                    "strategic_goals": [
                        {
                            "id": sg.pk,
                            "title": sg.title,
                            "text": sg.text,
                            "goals": s.GoalSerializer(goals, many=True).data,
                        }
                        for sg, goals in node.strategic_goals
                    ],
                }
                for node in selectors.published_concept(municipality=m)
            ],
        }
        return Response(s.ConceptSerializer(data).data)


@extend_schema(parameters=[ARS], responses={200: s.MeasureSerializer(many=True), **ERRORS})
class MeasureList(MunicipalityMixin, generics.ListAPIView):
    """Published measures with their political and implementation state and traffic light."""

    serializer_class = s.MeasureSerializer
    filterset_class = MeasureFilter

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Measure.objects.none()
        return selectors.public_measures(municipality=self.municipality())


@extend_schema(parameters=[ARS], responses={200: s.MeasureSerializer, 404: ERRORS[404]})
class MeasureDetail(MunicipalityMixin, generics.RetrieveAPIView):
    serializer_class = s.MeasureSerializer

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Measure.objects.none()
        return selectors.public_measures(municipality=self.municipality())


@extend_schema(parameters=[ARS], responses={200: s.OfferSerializer(many=True), **ERRORS})
class OfferList(MunicipalityMixin, generics.ListAPIView):
    """Approved offers of approved actors that have not ended."""

    serializer_class = s.OfferSerializer
    filterset_class = OfferFilter

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Offer.objects.none()
        return selectors.published_offers(municipality=self.municipality()).order_by("title", "pk")


@extend_schema(parameters=[ARS], responses={200: s.OfferSerializer, 404: ERRORS[404]})
class OfferDetail(MunicipalityMixin, generics.RetrieveAPIView):
    serializer_class = s.OfferSerializer

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Offer.objects.none()
        return selectors.published_offers(municipality=self.municipality())


@extend_schema(parameters=[ARS], responses={200: s.IndicatorSerializer(many=True), **ERRORS})
class IndicatorList(MunicipalityMixin, generics.ListAPIView):
    """Published indicators; their values are in the detail."""

    serializer_class = s.IndicatorSerializer

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Indicator.objects.none()
        return selectors.public_indicators(municipality=self.municipality())


@extend_schema(parameters=[ARS], responses={200: s.IndicatorDetailSerializer, 404: ERRORS[404]})
class IndicatorDetail(MunicipalityMixin, generics.RetrieveAPIView):
    """An indicator with every value and its provenance; suppressed values have no number."""

    serializer_class = s.IndicatorDetailSerializer

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Indicator.objects.none()
        return selectors.public_indicators(municipality=self.municipality())

    def get_serializer_context(self) -> dict[str, Any]:
        ctx = super().get_serializer_context()
        if "pk" in self.kwargs:
            values: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in selectors.indicator_values_for_export(municipality=self.municipality()):
                values[row["indicator"]].append(row)
            ctx["values"] = values
        return ctx


@extend_schema(parameters=[ARS], responses={200: s.DocumentSerializer(many=True), **ERRORS})
class DocumentList(MunicipalityMixin, generics.ListAPIView):
    """Published reports and public council papers."""

    serializer_class = s.DocumentSerializer

    def get_queryset(self) -> list[dict[str, Any]]:  # type: ignore[override]
        if getattr(self, "swagger_fake_view", False):  # schema generation: any model will do
            from teilhabe.council.models import Paper

            return Paper.objects.none()  # type: ignore[return-value]
        m = self.municipality()
        out: list[dict[str, Any]] = []
        for report in selectors.published_reports(municipality=m):
            url = report.files.get("pdf") or next(iter(report.files.values()), "")
            out.append(
                {
                    "kind": "report",
                    "title": f"{report.title} ({report.number})",
                    "reference": "",
                    "date": report.published_at.date() if report.published_at else None,
                    "url": self.request.build_absolute_uri(url) if url else "",
                }
            )
        for paper in selectors.public_papers(municipality=m):
            out.append(
                {
                    "kind": "paper",
                    "title": paper.subject,
                    "reference": paper.reference,
                    "date": paper.date,
                    "url": self.request.build_absolute_uri(
                        reverse("portal:paper_pdf", args=[m.ars, paper.pk])
                    ),
                }
            )
        return out


def docs(request: Any) -> Any:
    """Browsable documentation, drawn on the server from the OpenAPI schema: works without
    JavaScript and under the strict Content Security Policy."""
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            params = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                    "enum": p.get("schema", {}).get("enum", []),
                }
                for p in op.get("parameters", [])
            ]
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": (op.get("description") or "").strip(),
                    "params": params,
                    "id": op.get("operationId", path),
                }
            )
    return render(
        request,
        "api/docs.html",
        {"endpoints": endpoints, "info": schema.get("info", {})},
    )
