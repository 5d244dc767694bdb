"""The public portal's pages (no login, no JavaScript needed). Every read goes through
``portal.selectors``, which lets only approved items through."""

from __future__ import annotations

import json
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from teilhabe.core.http import csv_download
from teilhabe.portal import charts, selectors, services
from teilhabe.portal.forms import FeedbackForm
from teilhabe.portal.models import TextKey
from teilhabe.portal.public import PortalContext, page, portal_view


def _ctx(request: HttpRequest) -> PortalContext:
    return request.portal  # type: ignore[attr-defined,no-any-return]


def _text(request: HttpRequest, key: str) -> Any:
    ctx = _ctx(request)
    return selectors.portal_text(municipality=ctx.municipality, key=key, language=ctx.language)


@portal_view()
def start(request: HttpRequest) -> HttpResponse:
    ctx = _ctx(request)
    m = ctx.municipality
    measures = selectors.public_measures(municipality=m)
    lights: dict[str, int] = {}
    for light in measures.values_list("traffic_light", flat=True):
        lights[light] = lights.get(light, 0) + 1
    return page(
        request,
        "portal/start.html",
        {
            "welcome": _text(request, TextKey.WELCOME),
            "vision": selectors.published_vision(municipality=m),
            "measure_count": sum(lights.values()),
            "lights": lights,
            "offer_count": selectors.published_offers(municipality=m).count(),
            "indicator_count": selectors.public_indicators(municipality=m).count(),
            "surveys": selectors.open_surveys(municipality=m) if ctx.settings.show_surveys else [],
        },
    )


@portal_view()
def easy(request: HttpRequest) -> HttpResponse:
    ctx = _ctx(request)
    text = selectors.portal_text(municipality=ctx.municipality, key=TextKey.EASY, language="ls")
    return page(
        request,
        "portal/easy.html",
        {
            "text": text if text is not None and text.language == "ls" else None,
            "measure_count": selectors.public_measures(municipality=ctx.municipality).count(),
        },
    )


@portal_view("concept")
def concept(request: HttpRequest) -> HttpResponse:
    m = _ctx(request).municipality
    return page(
        request,
        "portal/concept.html",
        {
            "vision": selectors.published_vision(municipality=m),
            "guidelines": selectors.published_guidelines(municipality=m),
            "fields": selectors.published_concept(municipality=m),
        },
    )


@portal_view("measures")
def measures(request: HttpRequest) -> HttpResponse:
    m = _ctx(request).municipality
    query = selectors.MeasureQuery.from_params(request.GET)
    qs = selectors.public_measures_filtered(municipality=m, query=query)
    paginator = Paginator(qs, 50)
    page_obj = paginator.get_page(request.GET.get("seite"))
    params = request.GET.copy()
    params.pop("seite", None)
    return page(
        request,
        "portal/measures.html",
        {
            "query": query,
            "choices": selectors.measure_filter_choices(municipality=m),
            "page": page_obj,
            "params": params.urlencode(),
        },
    )


@portal_view("measures")
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = _ctx(request).municipality
    measure = selectors.public_measure(municipality=m, pk=pk)
    if measure is None:
        raise Http404
    needs = selectors.needs_outcome(municipality=m, measure_ids=[measure.pk])
    return page(
        request,
        "portal/measure_detail.html",
        {
            "measure": measure,
            "needs": needs["per_measure"].get(measure.pk, []),
        },
    )


@portal_view("participation")
def participation(request: HttpRequest) -> HttpResponse:
    m = _ctx(request).municipality
    outcome = selectors.participation_outcome(municipality=m)
    needs = selectors.needs_outcome(municipality=m, measure_ids=[])
    return page(request, "portal/participation.html", {"outcome": outcome, "needs": needs})


@portal_view("indicators")
def indicators(request: HttpRequest) -> HttpResponse:
    m = _ctx(request).municipality
    return page(
        request,
        "portal/indicators.html",
        {"summaries": selectors.indicator_summaries(municipality=m)},
    )


@portal_view("indicators")
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = _ctx(request).municipality
    indicator = selectors.public_indicator(municipality=m, pk=pk)
    if indicator is None:
        raise Http404
    data = selectors.indicator_public_data(indicator=indicator)
    return page(request, "portal/indicator_detail.html", {"indicator": indicator, "data": data})


@portal_view("indicators")
def indicator_chart(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The chart as SVG, rendered on the server from the same Vega-Lite spec (no JavaScript)."""
    m = _ctx(request).municipality
    indicator = selectors.public_indicator(municipality=m, pk=pk)
    if indicator is None or kind not in ("zeitreihe", "gebiete"):
        raise Http404
    data = selectors.indicator_public_data(indicator=indicator)
    if kind == "zeitreihe":
        svg = charts.time_series_svg(indicator=indicator, data=data)
    else:
        svg = charts.area_bar_svg(indicator=indicator, data=data)
    if svg is None:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@portal_view("offers")
def offers(request: HttpRequest) -> HttpResponse:
    m = _ctx(request).municipality
    query = selectors.OfferQuery.from_params(request.GET)
    qs = selectors.public_offers_filtered(municipality=m, query=query)
    paginator = Paginator(qs, 50)
    page_obj = paginator.get_page(request.GET.get("seite"))
    params = request.GET.copy()
    params.pop("seite", None)
    areas, counts = selectors.offer_counts_by_area(municipality=m)
    return page(
        request,
        "portal/offers.html",
        {
            "query": query,
            "choices": selectors.offer_filter_choices(municipality=m),
            "page": page_obj,
            "params": params.urlencode(),
            "offer_map": charts.area_map(areas=areas, counts=counts),
        },
    )


@portal_view("offers")
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.public_offer(municipality=_ctx(request).municipality, pk=pk)
    if offer is None:
        raise Http404
    return page(request, "portal/offer_detail.html", {"offer": offer})


@portal_view("surveys")
def surveys(request: HttpRequest) -> HttpResponse:
    m = _ctx(request).municipality
    return page(
        request,
        "portal/surveys.html",
        {
            "open_surveys": selectors.open_surveys(municipality=m),
            "results": selectors.surveys_with_results(municipality=m),
        },
    )


@portal_view("documents")
def documents(request: HttpRequest) -> HttpResponse:
    m = _ctx(request).municipality
    return page(
        request,
        "portal/documents.html",
        {
            "papers": list(selectors.public_papers(municipality=m)[:200]),
            "reports": selectors.published_reports(municipality=m),
        },
    )


@portal_view("documents")
def paper_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A public council paper as accessible PDF."""
    from teilhabe.council.documents import document_filename, render_pdf

    paper = selectors.public_papers(municipality=_ctx(request).municipality).filter(pk=pk).first()
    if paper is None:
        raise Http404
    response = HttpResponse(render_pdf(paper), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document_filename(paper, "pdf")}"'
    return response


@portal_view("open_data")
def open_data(request: HttpRequest) -> HttpResponse:
    m = _ctx(request).municipality
    files = [
        {
            "key": key,
            "title": title,
            "count": count,
            "formats": ["csv", "json"],
        }
        for key, title, count in (
            ("massnahmen", _("Measures"), selectors.public_measures(municipality=m).count()),
            ("angebote", _("Offers"), selectors.published_offers(municipality=m).count()),
            (
                "kennzahlen",
                _("Indicator values with provenance"),
                selectors.public_indicators(municipality=m).count(),
            ),
        )
    ]
    return page(
        request,
        "portal/open_data.html",
        {
            "files": files,
            "licence_name": selectors.LICENCE_NAME,
            "licence_url": selectors.LICENCE_URL,
        },
    )


_EXPORTS = {
    "massnahmen": selectors.measures_for_export,
    "angebote": selectors.offers_for_export,
    "kennzahlen": selectors.indicator_values_for_export,
}


@portal_view("open_data")
def open_data_file(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    if dataset not in _EXPORTS or fmt not in ("csv", "json"):
        raise Http404
    m = _ctx(request).municipality
    rows = _EXPORTS[dataset](municipality=m)
    attribution = f"{m.name}, {selectors.LICENCE_NAME} ({selectors.LICENCE_URL})"
    filename = f"{m.ars}-{dataset}.{fmt}"
    if fmt == "csv":
        columns = list(rows[0]) if rows else ["id"]
        cells = [[_csv_cell(row.get(c)) for c in columns] for row in rows]
        return csv_download(filename, [columns, *cells, [f"Quelle: {attribution}"]])
    body = json.dumps(
        {
            "publisher": m.name,
            "licence": selectors.LICENCE_NAME,
            "licence_url": selectors.LICENCE_URL,
            "attribution": attribution,
            "items": rows,
        },
        ensure_ascii=False,
        indent=1,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, list):
        return ", ".join(
            json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v) for v in value
        )
    from teilhabe.core.spreadsheets import safe_cell

    return str(safe_cell(str(value)))


@portal_view()
def accessibility(request: HttpRequest) -> HttpResponse:
    ctx = _ctx(request)
    issues = [line.strip() for line in ctx.settings.known_issues.splitlines() if line.strip()]
    return page(
        request,
        "portal/accessibility.html",
        {"settings": ctx.settings, "issues": issues, "state_key": ctx.municipality.ars[:2]},
    )


@portal_view()
def privacy(request: HttpRequest) -> HttpResponse:
    return page(request, "portal/privacy.html", {"controller": _text(request, TextKey.PRIVACY)})


@portal_view()
def imprint(request: HttpRequest) -> HttpResponse:
    return page(request, "portal/imprint.html", {"text": _text(request, TextKey.IMPRINT)})


@portal_view(cached=False)
@csrf_protect
def feedback(request: HttpRequest) -> HttpResponse:
    """The feedback channel of the accessibility statement: a plain form, no JavaScript. Only
    what the person writes is stored; no address, no browser details."""
    ctx = _ctx(request)
    form = FeedbackForm(request.POST or None, initial={"page": request.GET.get("seite", "")[:300]})
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                municipality=ctx.municipality,
                topic=form.cleaned_data["topic"],
                message=form.cleaned_data["message"],
                page=form.cleaned_data["page"],
                reply_to=form.cleaned_data["reply_to"],
                client=request.META.get("REMOTE_ADDR", ""),
            )
        except services.TooManyMessages:
            form.add_error(
                None,
                _(
                    "Too many messages were sent from here in a short time. Please try again in "
                    "a few minutes or write to us by e-mail."
                ),
            )
        else:
            return redirect(
                reverse("portal:feedback_thanks", args=[ctx.municipality.ars]) + ctx.query
            )
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/feedback.html", {"form": form}, status=status)


@portal_view(cached=False)
def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return page(request, "portal/feedback_thanks.html", {})
