"""Pages of the concept: the tree, goals, recommendations, measures with their decisions and
assessments, the measure list with filters, and the target groups."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.concept import selectors, services
from teilhabe.concept.forms import (
    AssessmentForm,
    GoalForm,
    GuidelineForm,
    MeasureForm,
    PoliticalDecisionForm,
    PriorityForm,
    RecommendationForm,
    StrategicGoalForm,
    TargetGroupForm,
    VisionForm,
)
from teilhabe.concept.models import (
    Goal,
    Guideline,
    Measure,
    MeasureAssessment,
    Recommendation,
    StrategicGoal,
    Vision,
)
from teilhabe.concept.permissions import (
    can_assess,
    can_edit_concept,
    can_publish,
)
from teilhabe.core.editing import conflict_context, stored_state
from teilhabe.core.http import form_errors
from teilhabe.core.selectors import object_history
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view
from teilhabe.core.versioning import ConcurrentEditError
from teilhabe.needs.models import Need, TargetGroup


def _rebind_with_version(
    form_class: Any, request: WorkspaceRequest, current: Any, **kwargs: Any
) -> Any:
    data = request.POST.copy()
    data["version"] = str(current.version)
    return form_class(data, instance=current, **kwargs)


def _object_edit_page(
    request: WorkspaceRequest,
    *,
    form: Any,
    conflict: dict[str, Any] | None,
    title: str,
    submit: str,
    obj: Any,
) -> HttpResponse:
    """The edit page of one object of the tree (``obj`` None while it is new), with the
    conflict view after a concurrent edit."""
    return render(
        request,
        "concept/object_edit.html",
        {
            "form": form,
            "conflict": conflict,
            "title": title,
            "submit": submit,
            "back": ("concept:tree", []),
            "obj": obj,
            "history": object_history(obj) if obj else [],
        },
    )


# --- the tree --------------------------------------------------------------------------------


@municipality_view()
def tree(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "concept/tree.html",
        {
            "tree": selectors.concept_tree(municipality=municipality),
            "cycles": list(selectors.cycles(municipality=municipality)),
        },
    )


@municipality_view(can_edit_concept)
def vision_edit(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    vision = Vision.objects.filter(municipality=municipality).first()
    initial = {"text": vision.text, "version": vision.version} if vision else {}
    form = VisionForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.vision_save(
                municipality=municipality,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data.get("version"),
                user=request.user,
            )
            messages.success(request, _("Vision saved."))
            return redirect("concept:tree", municipality.ars)
        except ConcurrentEditError as exc:
            current = stored_state(exc)
            conflict = _vision_conflict(current, yours=form.cleaned_data["text"])
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = VisionForm(data)
    return _object_edit_page(
        request,
        form=form,
        conflict=conflict,
        title=_("Edit the vision"),
        submit=_("Save vision"),
        obj=vision,
    )


def _vision_conflict(current: Vision, *, yours: str) -> dict[str, Any]:
    """The conflict view of the vision: the stored text beside the one just sent."""
    return {
        "rows": [{"label": _("Text"), "theirs": current.text, "yours": yours}],
        "last": next(iter(object_history(current, limit=1)), None),
    }


def _edit_versioned(
    request: WorkspaceRequest,
    *,
    obj: Any,
    form_class: Any,
    save: Any,
    title: str,
    submit: str,
    success: str,
    form_kwargs: dict[str, Any] | None = None,
    redirect_to: Any = None,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """The shared edit page of the tree's objects, with the conflict view."""
    form_kwargs = form_kwargs or {}
    form = form_class(request.POST or None, instance=obj, initial=initial, **form_kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
            messages.success(request, success)
            if redirect_to:
                return redirect_to(saved)
            return redirect("concept:tree", request.municipality.ars)
        except ConcurrentEditError as exc:
            current = stored_state(exc)
            conflict = conflict_context(form, current)
            form = _rebind_with_version(form_class, request, current, **form_kwargs)
        except ValidationError as exc:
            form_errors(form, exc)
    return _object_edit_page(
        request,
        form=form,
        conflict=conflict,
        title=title,
        submit=submit,
        obj=obj if obj.pk else None,
    )


@municipality_view(can_edit_concept)
def guideline_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    obj = (
        get_object_or_404(Guideline, pk=pk, municipality=municipality)
        if pk
        else Guideline(municipality=municipality)
    )
    return _edit_versioned(
        request,
        obj=obj,
        form_class=GuidelineForm,
        save=lambda f: services.guideline_save(
            guideline=f.instance, expected_version=f.expected_version
        ),
        title=_("Edit guideline") if pk else _("New guideline"),
        submit=_("Save guideline"),
        success=_("Guideline saved."),
    )


@municipality_view(can_edit_concept)
def strategic_goal_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    obj = (
        get_object_or_404(StrategicGoal, pk=pk, municipality=municipality)
        if pk
        else StrategicGoal(municipality=municipality)
    )
    field_id = request.GET.get("feld", "")
    initial = {"field": int(field_id)} if field_id.isdigit() and not pk else None
    return _edit_versioned(
        request,
        obj=obj,
        form_class=StrategicGoalForm,
        form_kwargs={"municipality": municipality},
        initial=initial,
        save=lambda f: services.strategic_goal_save(
            strategic_goal=f.instance, expected_version=f.expected_version
        ),
        title=_("Edit %(level)s") % {"level": municipality.strategic_goal_label}
        if pk
        else _("New %(level)s") % {"level": municipality.strategic_goal_label},
        submit=_("Save %(level)s") % {"level": municipality.strategic_goal_label},
        success=_("%(level)s saved.") % {"level": municipality.strategic_goal_label},
    )


@municipality_view(can_edit_concept)
def goal_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    obj = (
        get_object_or_404(Goal, pk=pk, municipality=municipality)
        if pk
        else Goal(municipality=municipality)
    )
    sg_id = request.GET.get("leitziel", "")
    initial = {"strategic_goal": int(sg_id)} if sg_id.isdigit() and not pk else None
    return _edit_versioned(
        request,
        obj=obj,
        form_class=GoalForm,
        form_kwargs={"municipality": municipality},
        initial=initial,
        save=lambda f: services.goal_save(goal=f.instance, expected_version=f.expected_version),
        title=_("Edit %(level)s") % {"level": municipality.goal_label}
        if pk
        else _("New %(level)s") % {"level": municipality.goal_label},
        submit=_("Save %(level)s") % {"level": municipality.goal_label},
        success=_("%(level)s saved.") % {"level": municipality.goal_label},
        redirect_to=lambda g: redirect("concept:goal_detail", municipality.ars, g.pk),
    )


@municipality_view()
def goal_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    goal = get_object_or_404(
        Goal.objects.select_related("strategic_goal__field", "indicator_ref").prefetch_related(
            "recommendations"
        ),
        pk=pk,
        municipality=municipality,
    )
    measures = list(
        selectors.measures_base(municipality=municipality).filter(goals=goal).order_by("number")
    )
    rollup = selectors.RollUp()
    for m in measures:
        rollup.add(m.traffic_light, m.implementation_state)
    latest = None
    if goal.indicator_ref is not None:
        from teilhabe.statistics.selectors import latest_value

        latest = latest_value(indicator=goal.indicator_ref)
    return render(
        request,
        "concept/goal_detail.html",
        {
            "goal": goal,
            "measures": measures,
            "rollup": rollup,
            "latest": latest,
            "history": object_history(goal),
        },
    )


# --- recommendations ---------------------------------------------------------------------------


@municipality_view()
def recommendation_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    recs = list(selectors.recommendations(municipality=municipality))
    return render(request, "concept/recommendation_list.html", {"recommendations": recs})


@municipality_view()
def recommendation_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    rec = get_object_or_404(
        Recommendation.objects.select_related("field", "working_group").prefetch_related(
            "goals", "contributions"
        ),
        pk=pk,
        municipality=municipality,
    )
    measures = list(
        selectors.measures_base(municipality=municipality)
        .filter(recommendations=rec)
        .order_by("number")
    )
    return render(
        request,
        "concept/recommendation_detail.html",
        {"rec": rec, "measures": measures, "history": object_history(rec)},
    )


@municipality_view(can_edit_concept)
def recommendation_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    obj = (
        get_object_or_404(Recommendation, pk=pk, municipality=municipality)
        if pk
        else Recommendation(municipality=municipality)
    )
    return _edit_versioned(
        request,
        obj=obj,
        form_class=RecommendationForm,
        form_kwargs={"municipality": municipality},
        save=lambda f: services.recommendation_save(
            recommendation=f.instance,
            expected_version=f.expected_version,
            goals=list(f.cleaned_data["goals"]),
            contributions=list(f.cleaned_data["contributions"]),
        ),
        title=_("Edit recommendation") if pk else _("New recommendation"),
        submit=_("Save recommendation"),
        success=_("Recommendation saved."),
        redirect_to=lambda r: redirect("concept:recommendation_detail", municipality.ars, r.pk),
    )


# --- publication ---------------------------------------------------------------------------------

PUBLISHABLE: dict[str, type[models.Model]] = {
    "leitbild": Vision,
    "leitlinie": Guideline,
    "leitziel": StrategicGoal,
    "ziel": Goal,
    "empfehlung": Recommendation,
    "massnahme": Measure,
    "bedarf": Need,
}


@municipality_view(can_publish)
@require_POST
def publish(request: WorkspaceRequest, kind: str, pk: int) -> HttpResponse:
    model = PUBLISHABLE.get(kind)
    if model is None:
        raise Http404
    obj = get_object_or_404(model, pk=pk, municipality=request.municipality)
    approve = request.POST.get("approve") == "1"
    services.publication_set(obj=obj, approved=approve, user=request.user)
    messages.success(
        request,
        _("Approved for publication.") if approve else _("Approval for publication withdrawn."),
    )
    back = request.POST.get("next", "")
    if back.startswith("/k/"):
        return redirect(back)
    return redirect("concept:tree", request.municipality.ars)


# --- measures ----------------------------------------------------------------------------------


@municipality_view()
def measure_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    filters = selectors.MeasureFilters.from_params(request.GET)
    qs = selectors.measures_filtered(municipality=municipality, filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("seite"))
    context = {
        "filters": filters,
        "page": page,
        "choices": selectors.filter_choices(municipality=municipality),
        "headers": filters.headers(),
        "today": timezone.localdate(),
    }
    template = "concept/measure_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@municipality_view()
def measure_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    measure = selectors.measure_for_page(municipality=municipality, pk=pk)
    if measure is None:
        raise Http404
    access = request.access
    return render(
        request,
        "concept/measure_detail.html",
        {
            "measure": measure,
            "today": timezone.localdate(),
            "reminder": selectors.budget_reminder(measure=measure),
            "can_assess": can_assess(access),
            "can_publish": can_publish(access),
            "can_edit_concept": can_edit_concept(access),
            "decision_form": PoliticalDecisionForm(
                initial={
                    "state": measure.political_state,
                    "decided_on": measure.decided_on,
                    "body_name": measure.decision_body,
                    "paper_reference": measure.paper_reference,
                }
            ),
            "priority_form": PriorityForm(initial={"priority": measure.priority}),
            "history": object_history(measure),
        },
    )


@municipality_view(can_edit_concept)
def measure_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    measure = (
        get_object_or_404(Measure, pk=pk, municipality=municipality)
        if pk
        else Measure(municipality=municipality)
    )
    form = MeasureForm(request.POST or None, instance=measure, municipality=municipality)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.measure_save(
                measure=form.instance, expected_version=form.expected_version, m2m=form.m2m_data()
            )
            messages.success(request, _("Measure “%(title)s” saved.") % {"title": saved.title})
            return redirect("concept:measure_detail", municipality.ars, saved.pk)
        except ConcurrentEditError as exc:
            current = stored_state(exc)
            conflict = conflict_context(form, current)
            form = _rebind_with_version(MeasureForm, request, current, municipality=municipality)
        except ValidationError as exc:
            form_errors(form, exc)
    return render(
        request,
        "concept/measure_edit.html",
        {"form": form, "measure": measure, "conflict": conflict},
    )


@municipality_view(can_edit_concept)
@require_POST
def measure_decision(request: WorkspaceRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure, pk=pk, municipality=request.municipality)
    form = PoliticalDecisionForm(request.POST)
    if form.is_valid():
        services.measure_set_political_state(
            measure=measure,
            state=form.cleaned_data["state"],
            decided_on=form.cleaned_data["decided_on"],
            body_name=form.cleaned_data["body_name"],
            paper_reference=form.cleaned_data["paper_reference"],
            user=request.user,
        )
        messages.success(request, _("Political state recorded. The financial state is unchanged."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
    return redirect("concept:measure_detail", request.municipality.ars, measure.pk)


@municipality_view(can_assess)
def measure_assess(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The steering group's priority rating with declared conflicts of interest; staff set
    the resulting priority."""
    municipality = request.municipality
    measure = get_object_or_404(Measure, pk=pk, municipality=municipality)
    own = MeasureAssessment.objects.filter(measure=measure, assessor=request.user).first()
    form = AssessmentForm(request.POST or None, instance=own)
    if request.method == "POST" and "set_priority" in request.POST:
        if not can_edit_concept(request.access):
            raise PermissionDenied
        pform = PriorityForm(request.POST)
        if pform.is_valid():
            services.measure_set_priority(measure=measure, priority=pform.cleaned_data["priority"])
            messages.success(request, _("Priority saved."))
        return redirect("concept:measure_detail", municipality.ars, measure.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                measure=measure,
                assessor=request.user,
                priority=form.cleaned_data["priority"],
                conflict_of_interest=form.cleaned_data["conflict_of_interest"],
                conflict_note=form.cleaned_data["conflict_note"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Your assessment was saved."))
            return redirect("concept:measure_detail", municipality.ars, measure.pk)
        except ValidationError as exc:
            form_errors(form, exc)
    return render(request, "concept/measure_assess.html", {"form": form, "measure": measure})


# --- target groups -------------------------------------------------------------------------------


@municipality_view()
def target_groups(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = TargetGroupForm(request.POST or None)
    if request.method == "POST":
        if not can_edit_concept(request.access):
            raise PermissionDenied
        if form.is_valid():
            group = form.save(commit=False)
            group.municipality = municipality
            try:
                group.full_clean()
                group.save()
                messages.success(
                    request, _("Target group “%(name)s” added.") % {"name": group.name}
                )
                return redirect("concept:target_groups", municipality.ars)
            except ValidationError:
                form.add_error("name", _("This target group exists already."))
    groups = TargetGroup.objects.filter(municipality=municipality).annotate(
        n=models.Count("measures")
    )
    return render(request, "concept/target_groups.html", {"form": form, "groups": groups})
