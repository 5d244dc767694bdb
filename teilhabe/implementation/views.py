"""Pages of the implementation: the dashboard (Umsetzungsstand), status updates (Sachstand)
and milestones of a measure, their import, the county measures a town leads, and the
evaluations of measures with figures, the request link and the public answer form behind it.

The measure's own page (``teilhabe.concept``) shows milestones, status updates and evaluations
through the panels registered in ``teilhabe.implementation.wiring``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.concept.models import Measure
from teilhabe.concept.permissions import can_edit_concept
from teilhabe.concept.views_files import import_page, template_download
from teilhabe.core.editing import conflict_context, stored_state
from teilhabe.core.http import form_errors
from teilhabe.core.permissions import anyone
from teilhabe.core.selectors import object_history
from teilhabe.core.tenancy import WorkspaceRequest, admits, municipality_view
from teilhabe.core.versioning import ConcurrentEditError
from teilhabe.implementation import imports, services
from teilhabe.implementation import selectors as sel
from teilhabe.implementation.forms import (
    AnswerFigureFormSet,
    AnswerForm,
    EvaluationForm,
    FigureForm,
    MilestoneForm,
    RequestForm,
    StatusUpdateForm,
)
from teilhabe.implementation.models import (
    Evaluation,
    EvaluationFigure,
    FigureOrigin,
    FigureRequest,
    Milestone,
)
from teilhabe.implementation.permissions import (
    can_edit_evaluations,
    can_report_any,
    can_report_on_measure,
    can_see_led_measures,
)

# --- status updates and milestones ------------------------------------------------------------


def _report_page(request: WorkspaceRequest, measure: Measure, *, back: str) -> HttpResponse:
    access = request.access
    if not can_report_on_measure(access, measure):
        raise PermissionDenied
    form = StatusUpdateForm(request.POST or None, initial={"reported_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.status_update_create(
                measure=measure,
                user=request.user,
                reporting_municipality=access.municipality,
                **form.cleaned_data,
            )
            messages.success(request, _("Status update saved."))
            return redirect(back)
        except ValidationError as exc:
            form_errors(form, exc)
    return render(
        request,
        "implementation/measure_report.html",
        {
            "form": form,
            "measure": measure,
            "back": back,
            "updates": list(measure.updates.all()[:5]),
        },
    )


@municipality_view(can_report_any)
def measure_report(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    measure = get_object_or_404(Measure, pk=pk, municipality=municipality)
    return _report_page(request, measure, back=f"/k/{municipality.ars}/massnahmen/{measure.pk}/")


@municipality_view(can_report_any)
def milestone_create(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    measure = get_object_or_404(Measure, pk=pk, municipality=municipality)
    if not can_report_on_measure(request.access, measure):
        raise PermissionDenied
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        milestone = form.save(commit=False)
        milestone.measure = measure
        services.milestone_save(milestone=milestone)
        messages.success(request, _("Milestone saved."))
        return redirect("concept:measure_detail", municipality.ars, measure.pk)
    return render(request, "implementation/milestone_form.html", {"form": form, "measure": measure})


@municipality_view(can_report_any)
@require_POST
def milestone_done(request: WorkspaceRequest, pk: int, milestone_pk: int) -> HttpResponse:
    municipality = request.municipality
    measure = get_object_or_404(Measure, pk=pk, municipality=municipality)
    if not can_report_on_measure(request.access, measure):
        raise PermissionDenied
    milestone = get_object_or_404(Milestone, pk=milestone_pk, measure=measure)
    done = request.POST.get("done") == "1"
    services.milestone_set_done(milestone=milestone, done_on=timezone.localdate() if done else None)
    messages.success(
        request, _("Milestone marked as reached.") if done else _("Milestone reopened.")
    )
    return redirect("concept:measure_detail", municipality.ars, measure.pk)


# --- the towns of a county: measures they lead -------------------------------------------------


@municipality_view(can_see_led_measures)
def led_measure_list(request: WorkspaceRequest) -> HttpResponse:
    return render(
        request,
        "implementation/led_measure_list.html",
        {"measures": list(sel.led_measures(town=request.municipality))},
    )


@municipality_view(can_see_led_measures)
def led_measure_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    town = request.municipality
    measure = get_object_or_404(sel.led_measures(town=town), pk=pk)
    if request.method == "POST" or request.GET.get("bericht") == "1":
        return _report_page(
            request, measure, back=f"/k/{town.ars}/geleitete-massnahmen/{measure.pk}/"
        )
    return render(
        request,
        "implementation/led_measure_detail.html",
        {
            "measure": measure,
            "updates": list(measure.updates.select_related("author")[:20]),
            "milestones": list(measure.milestones.all()),
            "today": timezone.localdate(),
            "can_report": can_report_on_measure(request.access, measure),
        },
    )


# --- dashboard -----------------------------------------------------------------------------------


@municipality_view()
def dashboard(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    data = sel.dashboard(municipality=municipality)
    spec = sel.state_chart_spec(
        data=data,
        title=_("%(n)s measures by field of action and implementation state")
        % {"n": data["total"]},
    )
    return render(
        request,
        "implementation/dashboard.html",
        {"d": data, "spec": spec, "today": timezone.localdate()},
    )


@municipality_view(can_edit_concept)
def update_import(request: WorkspaceRequest) -> HttpResponse:
    return import_page(
        request,
        session_key="concept_update_import",
        parse=imports.parse_status_updates,
        apply=lambda municipality, parsed, user: imports.status_updates_import(
            municipality=municipality, parsed=parsed, user=user
        ),
        template_title=_("Import status updates"),
        done_url=f"/k/{request.municipality.ars}/umsetzung/",
        template_url=reverse(
            "implementation:update_import_template", args=[request.municipality.ars]
        ),
        columns=imports.UPDATE_COLUMNS,
    )


@municipality_view(can_edit_concept)
def update_import_template(request: WorkspaceRequest) -> HttpResponse:
    return template_download(imports.UPDATE_COLUMNS, "sachstaende")


# --- panels on the concept's page of a measure (registered in wiring.py) ----------------------


def report_button(request: WorkspaceRequest, measure: Measure) -> dict[str, Any] | None:
    return {"measure": measure} if can_report_on_measure(request.access, measure) else None


def money_spent(request: WorkspaceRequest, measure: Measure) -> dict[str, Any]:
    return {"spent": sel.money_spent(measure=measure)}


def milestones(request: WorkspaceRequest, measure: Measure) -> dict[str, Any]:
    return {
        "measure": measure,
        "milestones": sel.measure_milestones(measure=measure),
        "can_report": can_report_on_measure(request.access, measure),
    }


def status_updates(request: WorkspaceRequest, measure: Measure) -> dict[str, Any]:
    return {"measure": measure, "updates": sel.measure_updates(measure=measure)}


def evaluations(request: WorkspaceRequest, measure: Measure) -> dict[str, Any]:
    return {
        "measure": measure,
        "evaluations": sel.measure_evaluations(measure=measure),
        "can_edit_evaluations": can_edit_evaluations(request.access),
    }


# --- evaluations ------------------------------------------------------------------------------


@municipality_view()
def evaluation_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    year = request.GET.get("jahr", "")
    return render(
        request,
        "implementation/evaluation_list.html",
        {
            "evaluations": list(sel.evaluations_for(municipality=municipality, year=year)),
            "years": sel.evaluation_years(municipality=municipality),
            "year": year,
            "can_edit": can_edit_evaluations(request.access),
        },
    )


@municipality_view()
def evaluation_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    evaluation = sel.evaluation_for_page(municipality=municipality, pk=pk)
    if evaluation is None:
        raise Http404
    figures = list(evaluation.figures.all())
    can_edit = can_edit_evaluations(request.access)
    return render(
        request,
        "implementation/evaluation_detail.html",
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


def _measure_initial(request: WorkspaceRequest) -> dict[str, Any] | None:
    """A new evaluation started from a measure's page (``?massnahme=<pk>``)."""
    measure_id = request.GET.get("massnahme", "")
    if not measure_id.isdigit():
        return None
    measure = Measure.objects.filter(municipality=request.municipality, pk=int(measure_id)).first()
    return {"measure": measure.pk} if measure is not None else None


@municipality_view(can_edit_evaluations)
def evaluation_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    evaluation = (
        get_object_or_404(Evaluation, pk=pk, municipality=municipality)
        if pk
        else Evaluation(municipality=municipality, report_year=timezone.localdate().year)
    )
    initial = None if pk else _measure_initial(request)
    form = EvaluationForm(
        request.POST or None, instance=evaluation, initial=initial, municipality=municipality
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.evaluation_save(
                evaluation=form.instance,
                expected_version=form.expected_version,
                user=request.user,
            )
            messages.success(request, _("Evaluation saved."))
            return redirect("implementation:evaluation_detail", municipality.ars, saved.pk)
        except ConcurrentEditError as exc:
            current = stored_state(exc)
            conflict = conflict_context(form, current)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = EvaluationForm(data, instance=current, municipality=municipality)
        except ValidationError as exc:
            form_errors(form, exc)
    return render(
        request,
        "implementation/evaluation_edit.html",
        {
            "form": form,
            "evaluation": evaluation,
            "conflict": conflict,
            "history": object_history(evaluation) if evaluation.pk else [],
        },
    )


def _suggested_figure(evaluation: Evaluation, suggestion: str | None) -> dict[str, Any]:
    """The form's start values: a figure Teilhabe suggests (``?vorschlag=<n>``) or today."""
    found = (
        sel.figure_suggestions(measure=evaluation.measure, year=evaluation.report_year)
        if suggestion and suggestion.isdigit()
        else []
    )
    if not suggestion or not suggestion.isdigit() or int(suggestion) >= len(found):
        return {"as_of": timezone.localdate()}
    s = found[int(suggestion)]
    return {
        "label": s.label,
        "value": s.value,
        "unit": s.unit,
        "source": s.source,
        "as_of": s.as_of,
        "stage": s.stage,
        "origin": s.origin,
    }


@municipality_view(can_edit_evaluations)
def figure_add(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    evaluation = get_object_or_404(Evaluation, pk=pk, municipality=municipality)
    form = FigureForm(
        request.POST or None, initial=_suggested_figure(evaluation, request.GET.get("vorschlag"))
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.figure_add(
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
            return redirect("implementation:evaluation_detail", municipality.ars, evaluation.pk)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    return render(
        request,
        "implementation/evaluation_figure_form.html",
        {"form": form, "evaluation": evaluation},
    )


@municipality_view(can_edit_evaluations)
@require_POST
def figure_delete(request: WorkspaceRequest, pk: int, figure_pk: int) -> HttpResponse:
    evaluation = get_object_or_404(Evaluation, pk=pk, municipality=request.municipality)
    figure = get_object_or_404(EvaluationFigure, pk=figure_pk, evaluation=evaluation)
    services.figure_delete(figure=figure)
    messages.success(request, _("Figure removed."))
    return redirect("implementation:evaluation_detail", request.municipality.ars, evaluation.pk)


@municipality_view(can_edit_evaluations)
def request_create(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    evaluation = get_object_or_404(Evaluation, pk=pk, municipality=municipality)
    lead = evaluation.measure.lead_unit
    form = RequestForm(request.POST or None, initial={"recipient": str(lead) if lead else ""})
    if request.method == "POST" and form.is_valid():
        try:
            _req, token = services.request_create(
                evaluation=evaluation,
                recipient=form.cleaned_data["recipient"],
                message=form.cleaned_data["message"],
                valid_days=form.cleaned_data["valid_days"],
                user=request.user,
            )
            link = settings.TEILHABE_BASE_URL.rstrip("/") + reverse(
                "implementation:evaluation_request_answer", args=[token]
            )
            # Shown once on the next page; only the hash is stored.
            request.session[f"figure-link-{evaluation.pk}"] = link
            messages.success(request, _("Request created. Send the link to the recipient."))
            return redirect("implementation:evaluation_detail", municipality.ars, evaluation.pk)
        except ValidationError as exc:
            form_errors(form, exc)
    return render(
        request,
        "implementation/evaluation_request_form.html",
        {"form": form, "evaluation": evaluation},
    )


@municipality_view(can_edit_evaluations)
@require_POST
def request_review(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    figure_request = get_object_or_404(FigureRequest, pk=pk, evaluation__municipality=municipality)
    accept = request.POST.get("accept") == "1"
    try:
        services.request_review(
            request=figure_request,
            accept=accept,
            user=request.user,
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
    return redirect(
        "implementation:evaluation_detail", municipality.ars, figure_request.evaluation_id
    )


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


@admits(anyone)
def request_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The recipient's form behind the link: no account, one answer, works without
    JavaScript."""
    figure_request = services.request_for_token(token)
    if figure_request is None or not figure_request.is_answerable:
        return render(
            request,
            "implementation/evaluation_answer_invalid.html",
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
            services.request_submit(
                request=figure_request,
                name=form.cleaned_data["name"],
                comment=form.cleaned_data["comment"],
                figures=rows,
            )
            return render(
                request, "implementation/evaluation_answer_thanks.html", {"evaluation": evaluation}
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    return render(
        request,
        "implementation/evaluation_answer.html",
        {
            "form": form,
            "formset": formset,
            "figure_request": figure_request,
            "evaluation": evaluation,
            "has_errors": data is not None,
        },
    )
