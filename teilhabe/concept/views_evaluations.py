"""Pages of the evaluations of measures: list, detail with figures and requests, edit, the
request link and the public answer form behind it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.concept import selectors_evaluations as sel
from teilhabe.concept import services_evaluations
from teilhabe.concept.forms_evaluations import (
    AnswerFigureFormSet,
    AnswerForm,
    EvaluationForm,
    FigureForm,
    RequestForm,
)
from teilhabe.concept.models import (
    Evaluation,
    EvaluationFigure,
    FigureOrigin,
    FigureRequest,
    Measure,
)
from teilhabe.concept.permissions import can_edit_evaluations
from teilhabe.concept.views import conflict_context, stored_state
from teilhabe.core.selectors import object_history
from teilhabe.core.tenancy import municipality_view
from teilhabe.core.versioning import ConcurrentEditError
from teilhabe.needs.views import add_errors


def _m(request: HttpRequest) -> Any:
    return request.municipality  # type: ignore[attr-defined]


@municipality_view()
def evaluation_list(request: HttpRequest) -> HttpResponse:
    municipality = _m(request)
    year = request.GET.get("jahr", "")
    return render(
        request,
        "concept/evaluation_list.html",
        {
            "evaluations": list(sel.evaluations_for(municipality=municipality, year=year)),
            "years": sel.evaluation_years(municipality=municipality),
            "year": year,
            "can_edit": can_edit_evaluations(request.access),  # type: ignore[attr-defined]
        },
    )


@municipality_view()
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _m(request)
    evaluation = sel.evaluation_for_page(municipality=municipality, pk=pk)
    if evaluation is None:
        raise Http404
    figures = list(evaluation.figures.all())
    can_edit = can_edit_evaluations(request.access)  # type: ignore[attr-defined]
    return render(
        request,
        "concept/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "logic_model": sel.logic_model(evaluation, [f for f in figures if f.reviewed]),
            "figures": [f for f in figures if f.reviewed],
            "pending": [f for f in figures if not f.reviewed],
            "requests": list(evaluation.requests.all()),
            "suggestions": sel.figure_suggestions(
                measure=evaluation.measure, year=evaluation.report_year
            )
            if can_edit
            else [],
            "can_edit": can_edit,
            "new_link": request.session.pop(f"figure-link-{evaluation.pk}", ""),
            "history": object_history(evaluation),
        },
    )


@municipality_view(can_edit_evaluations)
def evaluation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality = _m(request)
    evaluation = (
        get_object_or_404(Evaluation, pk=pk, municipality=municipality)
        if pk
        else Evaluation(municipality=municipality, report_year=timezone.localdate().year)
    )
    initial = None
    measure_id = request.GET.get("massnahme", "")
    if not pk and measure_id.isdigit():
        measure = Measure.objects.filter(municipality=municipality, pk=int(measure_id)).first()
        if measure is not None:
            initial = {"measure": measure.pk}
    form = EvaluationForm(
        request.POST or None, instance=evaluation, initial=initial, municipality=municipality
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_evaluations.evaluation_save(
                evaluation=form.instance,
                expected_version=form.expected_version,
                user=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("Evaluation saved."))
            return redirect("concept:evaluation_detail", municipality.ars, saved.pk)
        except ConcurrentEditError as exc:
            current = stored_state(exc)
            conflict = conflict_context(form, current)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = EvaluationForm(data, instance=current, municipality=municipality)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request,
        "concept/evaluation_edit.html",
        {
            "form": form,
            "evaluation": evaluation,
            "conflict": conflict,
            "history": object_history(evaluation) if evaluation.pk else [],
        },
    )


@municipality_view(can_edit_evaluations)
def figure_add(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _m(request)
    evaluation = get_object_or_404(Evaluation, pk=pk, municipality=municipality)
    initial: dict[str, Any] = {"as_of": timezone.localdate()}
    suggestion = request.GET.get("vorschlag", "")
    if suggestion.isdigit():
        found = sel.figure_suggestions(measure=evaluation.measure, year=evaluation.report_year)
        if int(suggestion) < len(found):
            s = found[int(suggestion)]
            initial = {
                "label": s.label,
                "value": s.value,
                "unit": s.unit,
                "source": s.source,
                "as_of": s.as_of,
                "stage": s.stage,
                "origin": s.origin,
            }
    form = FigureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_evaluations.figure_add(
                evaluation=evaluation,
                label=data["label"],
                value=data["value"],
                unit=data["unit"],
                source=data["source"],
                as_of=data["as_of"],
                stage=data["stage"],
                origin=data["origin"] or FigureOrigin.MANUAL,
            )
            messages.success(request, _("Figure added."))
            return redirect("concept:evaluation_detail", municipality.ars, evaluation.pk)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    return render(
        request, "concept/evaluation_figure_form.html", {"form": form, "evaluation": evaluation}
    )


@municipality_view(can_edit_evaluations)
@require_POST
def figure_delete(request: HttpRequest, pk: int, figure_pk: int) -> HttpResponse:
    evaluation = get_object_or_404(Evaluation, pk=pk, municipality=_m(request))
    figure = get_object_or_404(EvaluationFigure, pk=figure_pk, evaluation=evaluation)
    services_evaluations.figure_delete(figure=figure)
    messages.success(request, _("Figure removed."))
    return redirect("concept:evaluation_detail", _m(request).ars, evaluation.pk)


@municipality_view(can_edit_evaluations)
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _m(request)
    evaluation = get_object_or_404(Evaluation, pk=pk, municipality=municipality)
    lead = evaluation.measure.lead_unit
    form = RequestForm(request.POST or None, initial={"recipient": str(lead) if lead else ""})
    if request.method == "POST" and form.is_valid():
        try:
            _req, token = services_evaluations.request_create(
                evaluation=evaluation,
                recipient=form.cleaned_data["recipient"],
                message=form.cleaned_data["message"],
                valid_days=form.cleaned_data["valid_days"],
                user=request.user,  # type: ignore[arg-type]
            )
            link = settings.TEILHABE_BASE_URL.rstrip("/") + reverse(
                "concept:evaluation_request_answer", args=[token]
            )
            # Shown once on the next page; only the hash is stored.
            request.session[f"figure-link-{evaluation.pk}"] = link
            messages.success(request, _("Request created. Send the link to the recipient."))
            return redirect("concept:evaluation_detail", municipality.ars, evaluation.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request, "concept/evaluation_request_form.html", {"form": form, "evaluation": evaluation}
    )


@municipality_view(can_edit_evaluations)
@require_POST
def request_review(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _m(request)
    figure_request = get_object_or_404(FigureRequest, pk=pk, evaluation__municipality=municipality)
    accept = request.POST.get("accept") == "1"
    try:
        services_evaluations.request_review(
            request=figure_request,
            accept=accept,
            user=request.user,  # type: ignore[arg-type]
        )
        messages.success(
            request,
            _("The figures now count in the evaluation.")
            if accept
            else _("The figures were not taken over."),
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("concept:evaluation_detail", municipality.ars, figure_request.evaluation_id)


def _figure_rows(formset: Any) -> list[dict[str, Any]]:
    rows = []
    for form in formset:
        data = form.cleaned_data
        if not data or not data.get("label"):
            continue
        try:
            value = Decimal(data["value"])
        except (InvalidOperation, TypeError):
            continue
        rows.append(
            {
                "label": data["label"],
                "value": value,
                "unit": data.get("unit", ""),
                "as_of": data.get("as_of"),
                "stage": data.get("stage", ""),
            }
        )
    return rows


def request_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The recipient's form behind the link: no account, one answer, works without
    JavaScript."""
    figure_request = services_evaluations.request_for_token(token)
    if figure_request is None or not figure_request.is_answerable:
        return render(
            request,
            "concept/evaluation_answer_invalid.html",
            {"answered": figure_request is not None and figure_request.submitted_at},
            status=410,
        )
    evaluation = figure_request.evaluation
    data = request.POST if request.method == "POST" else None
    form = AnswerForm(data)
    formset = AnswerFigureFormSet(data, prefix="zahl")
    if data is not None and form.is_valid() and formset.is_valid():
        rows = _figure_rows(formset)
        try:
            services_evaluations.request_submit(
                request=figure_request,
                name=form.cleaned_data["name"],
                comment=form.cleaned_data["comment"],
                figures=rows,
            )
            return render(
                request, "concept/evaluation_answer_thanks.html", {"evaluation": evaluation}
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    return render(
        request,
        "concept/evaluation_answer.html",
        {
            "form": form,
            "formset": formset,
            "figure_request": figure_request,
            "evaluation": evaluation,
            "has_errors": data is not None,
        },
    )
