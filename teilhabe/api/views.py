"""The read API: what a municipality's portal publishes, per municipality (ARS in the URL),
read-only, paginated and filterable. The same selectors as the portal decide what is public,
so publication rules and disclosure control are the same."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from teilhabe.api import serializers as s
from teilhabe.api.filters import MeasureFilter, OfferFilter, id_parameters
from teilhabe.concept.models import Measure
from teilhabe.core.models import Municipality
from teilhabe.core.permissions import anyone
from teilhabe.core.tenancy import admits
from teilhabe.inventory.models import Offer
from teilhabe.portal import selectors
from teilhabe.statistics.models import Indicator

ARS = OpenApiParameter(
    "ars",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=gettext_lazy("Regional key (ARS, 12 digits) of the municipality"),
    pattern=r"^(0[1-9]|1[0-6])[0-9]{10}$",
)
ERRORS = {
    400: OpenApiResponse(description=gettext_lazy("Invalid filter or page parameter")),
    404: OpenApiResponse(description=gettext_lazy("Unknown municipality, object or page")),
}


class MunicipalityMixin:
    """Resolves the municipality of the URL; unknown or unpublished portals answer 404."""

    # Published content only: anyone may read it.
    access_predicate = staticmethod(anyone)
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


@extend_schema(
    description=gettext_lazy(
        "The published concept tree: vision, guidelines, fields of action with their "
        "strategic goals and goals."
    ),
    parameters=[ARS],
    responses={200: s.ConceptSerializer, **ERRORS},
)
class ConceptView(MunicipalityMixin, APIView):
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


@extend_schema(
    description=gettext_lazy(
        "Published measures with their political and implementation state and traffic light."
    ),
    parameters=[ARS, *id_parameters(MeasureFilter)],
    responses={200: s.MeasureSerializer(many=True), **ERRORS},
)
class MeasureList(MunicipalityMixin, generics.ListAPIView):
    serializer_class = s.MeasureSerializer
    filterset_class = MeasureFilter

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Measure.objects.none()
        return selectors.public_measures(municipality=self.municipality())


@extend_schema(
    description=gettext_lazy("One published measure."),
    parameters=[ARS],
    responses={200: s.MeasureSerializer, 404: ERRORS[404]},
)
class MeasureDetail(MunicipalityMixin, generics.RetrieveAPIView):
    serializer_class = s.MeasureSerializer

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Measure.objects.none()
        return selectors.public_measures(municipality=self.municipality())


@extend_schema(
    description=gettext_lazy("Approved offers of approved actors that have not ended."),
    parameters=[ARS, *id_parameters(OfferFilter)],
    responses={200: s.OfferSerializer(many=True), **ERRORS},
)
class OfferList(MunicipalityMixin, generics.ListAPIView):
    serializer_class = s.OfferSerializer
    filterset_class = OfferFilter

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Offer.objects.none()
        return selectors.published_offers(municipality=self.municipality()).order_by("title", "pk")


@extend_schema(
    description=gettext_lazy("One approved offer."),
    parameters=[ARS],
    responses={200: s.OfferSerializer, 404: ERRORS[404]},
)
class OfferDetail(MunicipalityMixin, generics.RetrieveAPIView):
    serializer_class = s.OfferSerializer

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Offer.objects.none()
        return selectors.published_offers(municipality=self.municipality())


@extend_schema(
    description=gettext_lazy("Published indicators; their values are in the detail."),
    parameters=[ARS],
    responses={200: s.IndicatorSerializer(many=True), **ERRORS},
)
class IndicatorList(MunicipalityMixin, generics.ListAPIView):
    serializer_class = s.IndicatorSerializer

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Indicator.objects.none()
        return selectors.public_indicators(municipality=self.municipality())


@extend_schema(
    description=gettext_lazy(
        "An indicator with every value and its provenance; suppressed values have no number."
    ),
    parameters=[ARS],
    responses={200: s.IndicatorDetailSerializer, 404: ERRORS[404]},
)
class IndicatorDetail(MunicipalityMixin, generics.RetrieveAPIView):
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


@extend_schema(
    description=gettext_lazy("Published reports and public council papers."),
    parameters=[ARS],
    responses={200: s.DocumentSerializer(many=True), **ERRORS},
)
class DocumentList(MunicipalityMixin, generics.ListAPIView):
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


@functools.lru_cache(maxsize=8)
def _operations_in(language: str) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """The schema's operations by operationId: (method, path, operation). The schema follows
    from the code, so it is built once per process and language, not on every visit."""
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    return {
        op.get("operationId", path): (method.upper(), path, op)
        for path, operations in schema.get("paths", {}).items()
        for method, op in operations.items()
    }


def _operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    return _operations_in(get_language() or "")


def _example_ars() -> str:
    """A municipality with a public portal, to fill in the forms of the docs page."""
    found = selectors.public_portals().order_by("name").values_list("ars", flat=True).first()
    return found or ""


# How drf-spectacular lists an enum's choices in a parameter's description (Markdown).
_CHOICE = re.compile(r"^\* `([^`]*)` - (.*)$", re.MULTILINE)


def _param(p: dict[str, Any], example: dict[str, str]) -> dict[str, Any]:
    """A parameter for the docs page: its choices as (value, label) in the enum's order, and
    its description without the Markdown list of them."""
    description = str(p.get("description") or "")
    labels = dict(_CHOICE.findall(description))
    if labels:
        description = description.split("* `", 1)[0].strip()
    return {
        "name": p["name"],
        "where": p["in"],
        "required": p.get("required", False),
        "description": description,
        "choices": [(v, labels.get(v, v)) for v in p.get("schema", {}).get("enum", [])],
        "example": example.get(p["name"], ""),
    }


@admits(anyone)
def docs(request: HttpRequest) -> HttpResponse:
    """Browsable documentation, drawn on the server from the OpenAPI schema: works without
    JavaScript and under the strict Content Security Policy. Each GET endpoint has a form
    that sends a request to it (through ``docs_try``)."""
    example = {"ars": _example_ars()}
    endpoints = [
        {
            "method": method,
            "path": path,
            "summary": str(op.get("description") or "").strip(),
            "id": operation_id,
            # The path's parameters first: they are what every request needs.
            "params": [
                _param(p, example)
                for p in sorted(op.get("parameters", []), key=lambda p: p["in"] != "path")
            ],
        }
        for operation_id, (method, path, op) in _operations().items()
    ]
    return render(request, "api/docs.html", {"endpoints": endpoints})


@admits(anyone)
def docs_try(request: HttpRequest) -> HttpResponse:
    """The docs page's forms: fills the endpoint's path with the values given and sends the
    browser there with the query parameters that are not empty."""
    found = _operations().get(request.GET.get("operation", ""))
    if found is None or found[0] != "GET":
        raise Http404
    _method, path, op = found
    query = {}
    for p in op.get("parameters", []):
        value = request.GET.get(p["name"], "").strip()
        if p["in"] == "path":
            # Path values are numbers (regional key, id): anything else cannot be a URL part.
            if not (value.isascii() and value.isdigit() and len(value) <= 12):
                messages.error(
                    request,
                    _("“%(name)s” must be a number of up to 12 digits.") % {"name": p["name"]},
                )
                return redirect("api:docs")  # the message stands at the top
            path = path.replace("{" + p["name"] + "}", value)
        elif value:
            query[p["name"]] = value
    return redirect(path + (f"?{urlencode(query)}" if query else ""))
