"""Pages of the planning part: mandates, process plan, resources, funding, handover."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.core import handover
from teilhabe.core.http import form_errors, form_page, submitted_and_saved
from teilhabe.core.models import Municipality
from teilhabe.core.selectors import object_history
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view
from teilhabe.planning import links, selectors, services
from teilhabe.planning.documents import text_to_docx
from teilhabe.planning.forms import (
    CostItemForm,
    CostRateForm,
    DrawdownForm,
    FundingProgrammeForm,
    GrantForm,
    MandateCloseForm,
    MandateFilterForm,
    MandateForm,
    MilestoneForm,
    PhaseForm,
    PlanCreateForm,
    PlanForm,
    ProofForm,
    ResourceOptionForm,
    StaffPostForm,
    VersionedForm,
)
from teilhabe.planning.models import (
    CostItem,
    CostRate,
    Drawdown,
    FundingProgramme,
    Grant,
    Mandate,
    Milestone,
    Phase,
    ProcessPlan,
    ProofOfUse,
    ResourceOption,
    StaffPost,
)
from teilhabe.planning.permissions import can_edit_planning, can_see_handover

PAGE_SIZE = 50
# How far ahead a deadline counts as "due soon".
DUE_SOON = timedelta(days=60)


# --- mandates ------------------------------------------------------------------------------


@municipality_view()
def mandate_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = MandateFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.mandates(
        municipality=municipality,
        status=filters.get("status", ""),
        overdue=bool(filters.get("ueberfaellig")),
        query=filters.get("q", ""),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("seite"))
    template = "planning/mandate_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {"form": form, "page": page, "total": page.paginator.count, "filtered": bool(filters)},
    )


@municipality_view()
def mandate_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    mandate = get_object_or_404(
        Mandate.objects.select_related("org_unit"),
        pk=pk,
        municipality=request.municipality,
    )
    return render(
        request,
        "planning/mandate_detail.html",
        {
            "mandate": mandate,
            "links": links.links_for("mandate", mandate),
            "history": object_history(mandate),
        },
    )


@municipality_view(can_edit_planning)
def mandate_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    mandate = (
        get_object_or_404(Mandate, pk=pk, municipality=municipality)
        if pk
        else Mandate(municipality=municipality)
    )
    form = MandateForm(request.POST or None, instance=mandate, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in MandateForm.Meta.fields}
        try:
            if mandate.pk:
                mandate = services.mandate_update(
                    mandate=mandate,
                    user=request.user,
                    expected_version=form.expected_version,
                    **fields,
                )
            else:
                mandate = services.mandate_create(
                    municipality=municipality,
                    user=request.user,
                    **fields,
                )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Mandate “%(title)s” saved.") % {"title": mandate.title})
            return redirect("planning:mandate_detail", municipality.ars, mandate.pk)
    return render(request, "planning/mandate_edit.html", {"form": form, "mandate": mandate})


@municipality_view(can_edit_planning)
def mandate_close(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    mandate = get_object_or_404(Mandate, pk=pk, municipality=municipality)
    form = MandateCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_close(mandate=mandate, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Mandate closed."))
            return redirect("planning:mandate_detail", municipality.ars, mandate.pk)
    return render(request, "planning/mandate_close.html", {"form": form, "mandate": mandate})


@municipality_view(can_edit_planning)
@require_POST
def mandate_reopen(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    mandate = get_object_or_404(Mandate, pk=pk, municipality=municipality)
    try:
        services.mandate_reopen(mandate=mandate, user=request.user)
        messages.success(request, _("Mandate reopened."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("planning:mandate_detail", municipality.ars, mandate.pk)


# --- shared helpers ------------------------------------------------------------------------


def _form_page(
    request: WorkspaceRequest,
    *,
    form: forms.BaseForm,
    title: str,
    crumbs: list[tuple[str, str]],
    submit_label: str,
    cancel_url: str,
    intro: str = "",
    obj: models.Model | None = None,
    delete_kind: str = "",
) -> HttpResponse:
    """The one page for every small edit form of this part (with the object's history)."""
    saved = obj is not None and obj.pk
    return form_page(
        request,
        "planning/form.html",
        form=form,
        title=title,
        crumbs=crumbs,
        submit_label=submit_label,
        cancel_url=cancel_url,
        intro=intro,
        obj=obj,
        delete_kind=delete_kind if saved else "",
        history=object_history(obj) if saved else None,
    )


def _plan_crumbs(plan: ProcessPlan) -> list[tuple[str, str]]:
    ars = plan.municipality.ars
    return [
        (_("Process plans"), reverse("planning:plan_list", args=[ars])),
        (plan.title, reverse("planning:plan_detail", args=[ars, plan.pk])),
    ]


# --- process plan --------------------------------------------------------------------------


@municipality_view()
def plan_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "planning/plan_list.html",
        {"plans": selectors.plans(municipality=municipality)},
    )


@municipality_view(can_edit_planning)
def plan_create(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = PlanCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(
            municipality=municipality,
            user=request.user,
            **form.cleaned_data,
        )
        messages.success(request, _("Process plan “%(title)s” created.") % {"title": plan.title})
        return redirect("planning:plan_detail", municipality.ars, plan.pk)
    return render(request, "planning/plan_create.html", {"form": form})


@municipality_view()
def plan_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    plan = get_object_or_404(ProcessPlan, pk=pk, municipality=municipality)
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "chart": selectors.plan_chart(plan=plan),
            "links": links.links_for("plan", plan),
            "today": timezone.localdate(),
            "history": object_history(plan),
        },
    )


@municipality_view(can_edit_planning)
def plan_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    plan = get_object_or_404(ProcessPlan, pk=pk, municipality=municipality)
    form = PlanForm(request.POST or None, instance=plan)
    if submitted_and_saved(
        request,
        form,
        lambda: services.plan_save(
            plan=form.save(commit=False),
            user=request.user,
            expected_version=form.expected_version,
        ),
    ):
        messages.success(request, _("Process plan saved."))
        return redirect("planning:plan_detail", municipality.ars, plan.pk)
    return _form_page(
        request,
        form=form,
        title=_("Edit process plan"),
        crumbs=_plan_crumbs(plan),
        submit_label=_("Save process plan"),
        cancel_url=reverse("planning:plan_detail", args=[municipality.ars, plan.pk]),
        obj=plan,
    )


@municipality_view(can_edit_planning)
def phase_edit(
    request: WorkspaceRequest, pk: int | None = None, plan: int | None = None
) -> HttpResponse:
    municipality = request.municipality
    if pk:
        phase = get_object_or_404(Phase, pk=pk, plan__municipality=municipality)
    else:
        phase = Phase(plan=get_object_or_404(ProcessPlan, pk=plan, municipality=municipality))
    form = PhaseForm(request.POST or None, instance=phase, municipality=municipality)
    if submitted_and_saved(
        request,
        form,
        lambda: services.phase_save(
            phase=form.save(commit=False),
            user=request.user,
            expected_version=form.expected_version,
        ),
    ):
        messages.success(request, _("Building block “%(name)s” saved.") % {"name": phase.name})
        return redirect("planning:plan_detail", municipality.ars, phase.plan_id)
    return _form_page(
        request,
        form=form,
        title=_("Edit building block") if phase.pk else _("Add building block"),
        crumbs=_plan_crumbs(phase.plan),
        submit_label=_("Save building block"),
        cancel_url=reverse("planning:plan_detail", args=[municipality.ars, phase.plan_id]),
        intro=_(
            "Months count from the plan's start (month 1). Leave start and end empty for a "
            "building block that is not yet scheduled. If it takes longer than planned, keep the "
            "planned end month and enter the expected end month: the chart then shows the delay."
        ),
        obj=phase,
        delete_kind="phase",
    )


@municipality_view(can_edit_planning)
def milestone_edit(
    request: WorkspaceRequest, pk: int | None = None, plan: int | None = None
) -> HttpResponse:
    municipality = request.municipality
    if pk:
        milestone = get_object_or_404(
            Milestone.objects.select_related("plan"), pk=pk, plan__municipality=municipality
        )
    else:
        milestone = Milestone(
            plan=get_object_or_404(ProcessPlan, pk=plan, municipality=municipality)
        )
    form = MilestoneForm(request.POST or None, instance=milestone, plan=milestone.plan)
    if submitted_and_saved(
        request,
        form,
        lambda: services.milestone_save(
            milestone=form.save(commit=False),
            user=request.user,
            expected_version=form.expected_version,
        ),
    ):
        messages.success(request, _("Milestone saved."))
        return redirect("planning:plan_detail", municipality.ars, milestone.plan_id)
    return _form_page(
        request,
        form=form,
        title=_("Edit milestone") if milestone.pk else _("Add milestone"),
        crumbs=_plan_crumbs(milestone.plan),
        submit_label=_("Save milestone"),
        cancel_url=reverse("planning:plan_detail", args=[municipality.ars, milestone.plan_id]),
        obj=milestone,
        delete_kind="milestone",
    )


# --- resources -----------------------------------------------------------------------------


@municipality_view()
def resources(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    plan = get_object_or_404(ProcessPlan, pk=pk, municipality=municipality)
    impact = selectors.financial_impact(plan=plan)
    if request.GET.get("format") == "txt":
        response = HttpResponse(impact.text + "\n", content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="finanzielle-auswirkungen.txt"'
        return response
    return render(
        request,
        "planning/resources.html",
        {
            "plan": plan,
            "comparison": selectors.resource_comparison(plan=plan),
            "impact": impact,
            "has_rates": CostRate.objects.filter(municipality=municipality).exists(),
        },
    )


def _option(municipality: Municipality, pk: int | None) -> ResourceOption:
    return get_object_or_404(
        ResourceOption.objects.select_related("plan"), pk=pk, plan__municipality=municipality
    )


@municipality_view(can_edit_planning)
def option_edit(
    request: WorkspaceRequest, pk: int | None = None, plan: int | None = None
) -> HttpResponse:
    municipality = request.municipality
    option = (
        _option(municipality, pk)
        if pk
        else ResourceOption(plan=get_object_or_404(ProcessPlan, pk=plan, municipality=municipality))
    )
    form = ResourceOptionForm(request.POST or None, instance=option)
    back = reverse("planning:resources", args=[municipality.ars, option.plan_id])
    if submitted_and_saved(
        request,
        form,
        lambda: services.option_save(
            option=form.save(commit=False),
            user=request.user,
            expected_version=form.expected_version,
        ),
    ):
        messages.success(request, _("Option “%(name)s” saved.") % {"name": option.name})
        return redirect(back)
    return _form_page(
        request,
        form=form,
        title=_("Edit option") if option.pk else _("Add option"),
        crumbs=[*_plan_crumbs(option.plan), (_("Staff and costs"), back)],
        submit_label=_("Save option"),
        cancel_url=back,
        intro=_(
            "An option is one way of resourcing the plan, e.g. “own post” or “external "
            "contract”. Options are compared side by side."
        ),
        obj=option,
        delete_kind="option",
    )


def _option_child_edit(
    request: WorkspaceRequest,
    *,
    model: type[StaffPost] | type[CostItem],
    form_class: type[VersionedForm],
    save: Callable[..., object],
    pk: int | None,
    option: int | None,
    titles: tuple[str, str],
    delete_kind: str,
    intro: str = "",
) -> HttpResponse:
    municipality = request.municipality
    children = model.objects.select_related("option__plan")
    obj: Any = (
        get_object_or_404(children, pk=pk, option__plan__municipality=municipality)
        if pk
        else model(option=_option(municipality, option))
    )
    kwargs = {"municipality": municipality} if form_class is StaffPostForm else {}
    form = form_class(request.POST or None, instance=obj, **kwargs)
    back = reverse("planning:resources", args=[municipality.ars, obj.option.plan_id])
    if submitted_and_saved(
        request, form, lambda: save(form.save(commit=False), request.user, form.expected_version)
    ):
        messages.success(request, _("Saved."))
        return redirect(back)
    return _form_page(
        request,
        form=form,
        title=titles[0] if obj.pk else titles[1],
        crumbs=[*_plan_crumbs(obj.option.plan), (_("Staff and costs"), back)],
        submit_label=_("Save"),
        cancel_url=back,
        intro=intro,
        obj=obj,
        delete_kind=delete_kind,
    )


@municipality_view(can_edit_planning)
def staff_edit(
    request: WorkspaceRequest, pk: int | None = None, option: int | None = None
) -> HttpResponse:
    return _option_child_edit(
        request,
        model=StaffPost,
        form_class=StaffPostForm,
        save=lambda obj, user, version: services.staff_post_save(
            post=obj, user=user, expected_version=version
        ),
        pk=pk,
        option=option,
        titles=(_("Edit staff post"), _("Add staff post")),
        delete_kind="post",
        intro=_(
            "Costs = share of a full-time post × months × annual cost of the pay grade ÷ 12. "
            "The pay grades and their annual costs are kept under “Cost rates”."
        ),
    )


@municipality_view(can_edit_planning)
def cost_edit(
    request: WorkspaceRequest, pk: int | None = None, option: int | None = None
) -> HttpResponse:
    return _option_child_edit(
        request,
        model=CostItem,
        form_class=CostItemForm,
        save=lambda obj, user, version: services.cost_item_save(
            item=obj, user=user, expected_version=version
        ),
        pk=pk,
        option=option,
        titles=(_("Edit cost item"), _("Add cost item")),
        delete_kind="cost",
        intro=_("The amount is spread evenly over the months from … to … of the plan."),
    )


@municipality_view()
def rate_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "planning/rate_list.html",
        {"rates": CostRate.objects.filter(municipality=municipality)},
    )


@municipality_view(can_edit_planning)
def rate_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    rate = (
        get_object_or_404(CostRate, pk=pk, municipality=municipality)
        if pk
        else CostRate(municipality=municipality, year=timezone.localdate().year)
    )
    form = CostRateForm(request.POST or None, instance=rate)
    back = reverse("planning:rate_list", args=[municipality.ars])
    if submitted_and_saved(
        request,
        form,
        lambda: services.cost_rate_save(
            rate=form.save(commit=False),
            user=request.user,
            expected_version=form.expected_version,
        ),
    ):
        messages.success(request, _("Cost rate saved."))
        return redirect(back)
    return _form_page(
        request,
        form=form,
        title=_("Edit cost rate") if rate.pk else _("Add cost rate"),
        crumbs=[(_("Cost rates"), back)],
        submit_label=_("Save cost rate"),
        cancel_url=back,
        obj=rate,
    )


# --- funding -------------------------------------------------------------------------------


@municipality_view()
def funding_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "planning/funding_list.html",
        {
            "programmes": selectors.programmes(municipality=municipality),
            "grants": selectors.grants(municipality=municipality),
            "proofs": selectors.proofs_due(municipality=municipality),
            "today": timezone.localdate(),
            "soon": timezone.localdate() + DUE_SOON,
        },
    )


@municipality_view(can_edit_planning)
def programme_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    programme = (
        get_object_or_404(FundingProgramme, pk=pk, municipality=municipality)
        if pk
        else FundingProgramme(municipality=municipality)
    )
    form = FundingProgrammeForm(request.POST or None, instance=programme)
    back = reverse("planning:funding_list", args=[municipality.ars])
    if submitted_and_saved(
        request,
        form,
        lambda: services.programme_save(
            programme=form.save(commit=False),
            user=request.user,
            expected_version=form.expected_version,
        ),
    ):
        messages.success(request, _("Funding programme saved."))
        return redirect(back)
    return _form_page(
        request,
        form=form,
        title=_("Edit funding programme") if programme.pk else _("Add funding programme"),
        crumbs=[(_("Funding"), back)],
        submit_label=_("Save funding programme"),
        cancel_url=back,
        obj=programme,
    )


@municipality_view()
def grant_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    grant = get_object_or_404(selectors.grants(municipality=municipality), pk=pk)
    return render(
        request,
        "planning/grant_detail.html",
        {
            "grant": grant,
            "drawdowns": grant.drawdowns.all(),
            "proofs": grant.proofs.all(),
            "remaining": grant.amount - grant.drawn,  # type: ignore[attr-defined]
            "links": links.links_for("grant", grant),
            "today": timezone.localdate(),
            "soon": timezone.localdate() + DUE_SOON,
            "history": object_history(grant),
        },
    )


@municipality_view(can_edit_planning)
def grant_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    grant = (
        get_object_or_404(Grant, pk=pk, municipality=municipality)
        if pk
        else Grant(municipality=municipality)
    )
    form = GrantForm(request.POST or None, instance=grant, municipality=municipality)
    back = reverse("planning:funding_list", args=[municipality.ars])
    if submitted_and_saved(
        request,
        form,
        lambda: services.grant_save(
            grant=form.save(commit=False),
            user=request.user,
            expected_version=form.expected_version,
        ),
    ):
        messages.success(request, _("Grant saved."))
        return redirect("planning:grant_detail", municipality.ars, grant.pk)
    return _form_page(
        request,
        form=form,
        title=_("Edit grant") if grant.pk else _("Record grant"),
        crumbs=[(_("Funding"), back)]
        + (
            [(grant.title, reverse("planning:grant_detail", args=[municipality.ars, grant.pk]))]
            if grant.pk
            else []
        ),
        submit_label=_("Save grant"),
        cancel_url=back,
        intro=_("Enter the data of the grant notice (Zuwendungsbescheid)."),
        obj=grant,
    )


def _grant_child_edit(
    request: WorkspaceRequest,
    *,
    model: type[Drawdown] | type[ProofOfUse],
    form_class: type[VersionedForm],
    save: Callable[..., object],
    pk: int | None,
    grant: int | None,
    titles: tuple[str, str],
    delete_kind: str,
) -> HttpResponse:
    municipality = request.municipality
    obj: Any
    if pk:
        obj = get_object_or_404(
            model.objects.select_related("grant"), pk=pk, grant__municipality=municipality
        )
    else:
        obj = model(grant=get_object_or_404(Grant, pk=grant, municipality=municipality))
    form = form_class(request.POST or None, instance=obj)
    back = reverse("planning:grant_detail", args=[municipality.ars, obj.grant_id])
    if submitted_and_saved(
        request, form, lambda: save(form.save(commit=False), request.user, form.expected_version)
    ):
        messages.success(request, _("Saved."))
        return redirect(back)
    return _form_page(
        request,
        form=form,
        title=titles[0] if obj.pk else titles[1],
        crumbs=[
            (_("Funding"), reverse("planning:funding_list", args=[municipality.ars])),
            (obj.grant.title, back),
        ],
        submit_label=_("Save"),
        cancel_url=back,
        obj=obj,
        delete_kind=delete_kind,
    )


@municipality_view(can_edit_planning)
def drawdown_edit(
    request: WorkspaceRequest, pk: int | None = None, grant: int | None = None
) -> HttpResponse:
    return _grant_child_edit(
        request,
        model=Drawdown,
        form_class=DrawdownForm,
        save=lambda obj, user, version: services.drawdown_save(
            drawdown=obj, user=user, expected_version=version
        ),
        pk=pk,
        grant=grant,
        titles=(_("Edit drawdown"), _("Record drawdown")),
        delete_kind="drawdown",
    )


@municipality_view(can_edit_planning)
def proof_edit(
    request: WorkspaceRequest, pk: int | None = None, grant: int | None = None
) -> HttpResponse:
    return _grant_child_edit(
        request,
        model=ProofOfUse,
        form_class=ProofForm,
        save=lambda obj, user, version: services.proof_save(
            proof=obj, user=user, expected_version=version
        ),
        pk=pk,
        grant=grant,
        titles=(_("Edit proof of use"), _("Add due date of a proof of use")),
        delete_kind="proof",
    )


@municipality_view()
def grant_report(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    grant = get_object_or_404(
        Grant.objects.select_related("programme", "plan"), pk=pk, municipality=municipality
    )
    draft = selectors.grant_report_draft(grant=grant)
    if request.GET.get("format") == "txt":
        response = HttpResponse(draft + "\n", content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="sachbericht-entwurf.txt"'
        return response
    if request.GET.get("format") == "docx":
        response = HttpResponse(
            text_to_docx(title=_("Sachbericht: %(title)s") % {"title": grant.title}, text=draft),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = 'attachment; filename="sachbericht-entwurf.docx"'
        return response
    return render(request, "planning/grant_report.html", {"grant": grant, "draft": draft})


# --- deleting the parts of a plan or a grant -----------------------------------------------

_DELETABLE: dict[str, tuple[type[models.Model], str, str]] = {
    # kind: (model, lookup to the municipality, where to go afterwards)
    "phase": (Phase, "plan__municipality", "plan"),
    "milestone": (Milestone, "plan__municipality", "plan"),
    "option": (ResourceOption, "plan__municipality", "resources"),
    "post": (StaffPost, "option__plan__municipality", "resources"),
    "cost": (CostItem, "option__plan__municipality", "resources"),
    "drawdown": (Drawdown, "grant__municipality", "grant"),
    "proof": (ProofOfUse, "grant__municipality", "grant"),
}


@municipality_view(can_edit_planning)
@require_POST
def item_delete(request: WorkspaceRequest, kind: str, pk: int) -> HttpResponse:
    municipality = request.municipality
    if kind not in _DELETABLE:
        raise Http404
    model, lookup, target = _DELETABLE[kind]
    obj = get_object_or_404(model, pk=pk, **{lookup: municipality})
    if target == "plan":
        url = reverse("planning:plan_detail", args=[municipality.ars, obj.plan_id])  # type: ignore[attr-defined]
    elif target == "resources":
        plan_id = obj.plan_id if kind == "option" else obj.option.plan_id  # type: ignore[attr-defined]
        url = reverse("planning:resources", args=[municipality.ars, plan_id])
    else:
        url = reverse("planning:grant_detail", args=[municipality.ars, obj.grant_id])  # type: ignore[attr-defined]
    services.item_delete(obj=obj, user=request.user)
    messages.success(request, _("“%(name)s” deleted.") % {"name": obj})
    return redirect(url)


# --- handover ------------------------------------------------------------------------------


@municipality_view(can_see_handover)
def handover_view(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "planning/handover.html",
        {
            "sections": handover.handover_sections(municipality),
            "today": timezone.localdate(),
        },
    )
