"""Pages of the needs assessment: needs with their evidence, the unanswered needs, the needs
matrix with exports, the system's proposals, settings and criteria, and the weighing rounds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from teilhabe.core.editing import conflict_context, stored_state
from teilhabe.core.http import form_errors
from teilhabe.core.models import Area, FieldOfAction
from teilhabe.core.selectors import object_history
from teilhabe.core.spreadsheets import spreadsheet_response, write_csv, write_xlsx
from teilhabe.core.tasks import task_enqueue
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view
from teilhabe.core.versioning import ConcurrentEditError
from teilhabe.needs import selectors as sel
from teilhabe.needs import services
from teilhabe.needs.forms import (
    EVIDENCE_FORMS,
    CriterionForm,
    DecisionForm,
    NeedForm,
    NeedSettingsForm,
    NeedStatusForm,
    ProposalAcceptForm,
    ProposalDismissForm,
    RatingForm,
    RoundForm,
)
from teilhabe.needs.models import (
    SCORE_MAX,
    Need,
    NeedEvidence,
    NeedPriority,
    NeedProposal,
    NeedStatus,
    ProposalSource,
    WeighingCriterion,
    WeighingRound,
)
from teilhabe.needs.permissions import (
    can_decide_needs,
    can_edit_need,
    can_score_needs,
    can_write_needs,
)
from teilhabe.needs.tasks import need_proposals_task

EVIDENCE_KINDS = [
    ("indikator", gettext_lazy("Indicator finding")),
    ("beitrag", gettext_lazy("Contribution")),
    ("luecke", gettext_lazy("Gap in the inventory")),
    ("warteliste", gettext_lazy("Waiting list")),
    ("stellungnahme", gettext_lazy("Statement")),
]
EVIDENCE_TITLES = {
    "indikator": gettext_lazy("Add an indicator finding"),
    "beitrag": gettext_lazy("Link a contribution"),
    "luecke": gettext_lazy("Add a gap in the inventory"),
    "warteliste": gettext_lazy("Add an offer with a waiting list"),
    "stellungnahme": gettext_lazy("Add a statement"),
}


def _error_messages(request: WorkspaceRequest, exc: ValidationError) -> None:
    for error in exc.messages:
        messages.error(request, error)


def _need(request: WorkspaceRequest, pk: int) -> Need:
    return get_object_or_404(Need, pk=pk, municipality=request.municipality)


def _editable_need(request: WorkspaceRequest, pk: int) -> Need:
    need = _need(request, pk)
    if not can_edit_need(request.access, need):
        raise PermissionDenied
    return need


def _round(request: WorkspaceRequest, pk: int) -> WeighingRound:
    return get_object_or_404(WeighingRound, pk=pk, municipality=request.municipality)


def _simple_form(request: WorkspaceRequest, form: Any, **context: Any) -> HttpResponse:
    """The page of a small form: ``title``, ``submit`` label, ``back`` URL name, ``intro``."""
    return render(request, "needs/need_simple_form.html", {"form": form, **context})


# --- needs ----------------------------------------------------------------------------------


@municipality_view()
def need_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    filters = sel.NeedFilters.from_params(request.GET)
    qs = sel.needs_filtered(municipality=municipality, filters=filters)
    return render(
        request,
        "needs/need_list.html",
        {
            "filters": filters,
            "page": Paginator(qs, 50).get_page(request.GET.get("seite")),
            "statuses": NeedStatus.choices,
            "priorities": NeedPriority.choices,
            "fields": FieldOfAction.objects.filter(municipality=municipality),
            "areas": Area.objects.filter(municipality=municipality, parent__isnull=True),
            "can_write": can_write_needs(request.access),
            "can_decide": can_decide_needs(request.access),
            "open_proposals": sel.proposals_for(municipality=municipality).count(),
        },
    )


@municipality_view()
def need_unanswered(request: WorkspaceRequest) -> HttpResponse:
    needs = list(sel.unanswered_needs(request.municipality, published_only=False))
    return render(request, "needs/need_unanswered.html", {"needs": needs})


@municipality_view()
def need_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    need = sel.need_for_page(municipality=request.municipality, pk=pk)
    if need is None:
        raise Http404
    return render(
        request,
        "needs/need_detail.html",
        {
            "need": need,
            "evidence": sel.evidence_rows(need),
            "can_edit": can_edit_need(request.access, need),
            "can_decide": can_decide_needs(request.access),
            "status_form": NeedStatusForm(
                initial={"status": need.status, "reason": need.dismissal_reason}
            ),
            "evidence_kinds": EVIDENCE_KINDS,
            "proposal": need.proposals.first(),
            "history": object_history(need),
        },
    )


@municipality_view(can_write_needs)
def need_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    need = _editable_need(request, pk) if pk else Need(municipality=municipality)
    field_ids = None if can_decide_needs(request.access) else request.access.field_ids
    kwargs: dict[str, Any] = {"municipality": municipality, "field_ids": field_ids}
    form = NeedForm(request.POST or None, instance=need, **kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.need_save(
                need=form.instance,
                expected_version=form.expected_version,
                m2m=form.m2m_data(),
                user=request.user,
            )
            messages.success(request, _("Need “%(title)s” saved.") % {"title": saved.title})
            return redirect("needs:need_detail", municipality.ars, saved.pk)
        except ConcurrentEditError as exc:
            current = stored_state(exc)
            conflict = conflict_context(form, current)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = NeedForm(data, instance=current, **kwargs)
        except ValidationError as exc:
            form_errors(form, exc)
    history = object_history(need) if need.pk else []
    return render(
        request,
        "needs/need_edit.html",
        {"form": form, "need": need, "conflict": conflict, "history": history},
    )


@municipality_view(can_decide_needs)
@require_POST
def need_status(request: WorkspaceRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    form = NeedStatusForm(request.POST)
    if form.is_valid():
        try:
            services.need_set_status(
                need=need, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Status of the need saved."))
        except ValidationError as exc:
            _error_messages(request, exc)
    return redirect("needs:need_detail", request.municipality.ars, need.pk)


@municipality_view(can_write_needs)
def evidence_add(request: WorkspaceRequest, pk: int, kind: str) -> HttpResponse:
    need = _editable_need(request, pk)
    form_class = EVIDENCE_FORMS.get(kind)
    if form_class is None:
        raise Http404
    kwargs: dict[str, Any] = (
        {} if kind == "stellungnahme" else {"municipality": request.municipality}
    )
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(need=need, kind=kind, data=form.cleaned_data, user=request.user)
            messages.success(request, _("Evidence added."))
            return redirect("needs:need_detail", request.municipality.ars, need.pk)
        except ValidationError as exc:
            form_errors(form, exc)
    return render(
        request,
        "needs/need_evidence_form.html",
        {"form": form, "need": need, "title": EVIDENCE_TITLES[kind], "kind": kind},
    )


@municipality_view(can_write_needs)
@require_POST
def evidence_delete(request: WorkspaceRequest, pk: int, evidence_pk: int) -> HttpResponse:
    need = _editable_need(request, pk)
    evidence = get_object_or_404(NeedEvidence, pk=evidence_pk, need=need)
    services.evidence_delete(evidence=evidence)
    messages.success(request, _("Evidence removed."))
    return redirect("needs:need_detail", request.municipality.ars, need.pk)


# --- matrix -------------------------------------------------------------------------------------


def _matrix_by(request: WorkspaceRequest) -> str:
    return "zielgruppe" if request.GET.get("nach") == "zielgruppe" else "area"


@municipality_view()
def need_matrix(request: WorkspaceRequest) -> HttpResponse:
    by = _matrix_by(request)
    matrix = sel.needs_matrix(municipality=request.municipality, by=by)
    return render(request, "needs/need_matrix.html", {"matrix": matrix, "by": by})


@municipality_view()
def need_matrix_export(request: WorkspaceRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    matrix = sel.needs_matrix(municipality=request.municipality, by=_matrix_by(request))
    headers, rows = sel.matrix_rows(matrix)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if fmt == "xlsx":
        content = write_xlsx(sheets=[("Bedarfsmatrix", headers, rows)])
    else:
        content = write_csv(headers=headers, rows=rows)
    return spreadsheet_response(content, f"bedarfsmatrix-{stamp}", fmt)


# --- proposals and settings -----------------------------------------------------------------


@municipality_view()
def proposal_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    if request.method == "POST":
        if not can_decide_needs(request.access):
            raise PermissionDenied
        run = task_enqueue(
            need_proposals_task,
            title=_("Look for proposed needs"),
            municipality=municipality,
            user=request.user,
            municipality_id=municipality.pk,
        )
        return redirect("core:task_detail", municipality.ars, run.pk)
    status = request.GET.get("status", "open")
    proposals = list(sel.proposals_for(municipality=municipality, status=status))
    groups = [
        (label, [p for p in proposals if p.source == value])
        for value, label in ProposalSource.choices
    ]
    return render(
        request,
        "needs/need_proposals.html",
        {
            "groups": [g for g in groups if g[1]],
            "status": status,
            "count": len(proposals),
            "settings": services.settings_for(municipality=municipality),
            "can_decide": can_decide_needs(request.access),
            "fields": list(FieldOfAction.objects.filter(municipality=municipality)),
        },
    )


def _proposal_accept(request: WorkspaceRequest, proposal: NeedProposal) -> HttpResponse:
    ars = request.municipality.ars
    form = ProposalAcceptForm(request.POST, municipality=request.municipality)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("needs:need_proposals", ars)
    need = services.proposal_accept(
        proposal=proposal,
        user=request.user,
        title=form.cleaned_data["title"],
        field=form.cleaned_data["field"],
    )
    messages.success(
        request, _("Need %(number)s created with its evidence.") % {"number": need.number}
    )
    return redirect("needs:need_detail", ars, need.pk)


@municipality_view(can_decide_needs)
@require_POST
def proposal_decide(request: WorkspaceRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(NeedProposal, pk=pk, municipality=request.municipality)
    try:
        if request.POST.get("decision") == "accept":
            return _proposal_accept(request, proposal)
        dismiss = ProposalDismissForm(request.POST)
        dismiss.is_valid()
        services.proposal_dismiss(
            proposal=proposal, note=dismiss.cleaned_data.get("note", ""), user=request.user
        )
        messages.success(request, _("Proposal dismissed. It will not be proposed again."))
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect("needs:need_proposals", request.municipality.ars)


@municipality_view(can_decide_needs)
def need_settings(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    current = services.settings_for(municipality=municipality)
    form = NeedSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.settings_save(need_settings=form.instance)
        messages.success(request, _("Settings of the needs assessment saved."))
        return redirect("needs:need_settings", municipality.ars)
    criteria = services.criteria_ensure(municipality=municipality)
    return render(
        request,
        "needs/need_settings.html",
        {
            "form": form,
            "criteria": criteria,
            "history": object_history(current) if current.pk else [],
        },
    )


@municipality_view(can_decide_needs)
def criterion_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    criterion = (
        get_object_or_404(WeighingCriterion, pk=pk, municipality=municipality)
        if pk
        else WeighingCriterion(municipality=municipality)
    )
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(criterion=form.instance)
            messages.success(request, _("Criterion saved."))
            return redirect("needs:need_settings", municipality.ars)
        except ValidationError as exc:
            form_errors(form, exc)
    return _simple_form(
        request,
        form,
        title=_("Edit criterion") if pk else _("New criterion"),
        submit=_("Save criterion"),
        back="needs:need_settings",
        history=object_history(criterion) if pk else [],
    )


# --- weighing -------------------------------------------------------------------------------


@municipality_view()
def round_list(request: WorkspaceRequest) -> HttpResponse:
    rounds = list(sel.rounds_for(municipality=request.municipality))
    return render(
        request,
        "needs/round_list.html",
        {"rounds": rounds, "can_decide": can_decide_needs(request.access)},
    )


@municipality_view(can_decide_needs)
def round_create(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = RoundForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            weighing = services.round_open(
                municipality=municipality,
                title=form.cleaned_data["title"],
                needs=list(form.cleaned_data["needs"]),
                user=request.user,
            )
            messages.success(request, _("Weighing round opened for the steering group."))
            return redirect("needs:round_detail", municipality.ars, weighing.pk)
        except ValidationError as exc:
            form_errors(form, exc)
    return _simple_form(
        request,
        form,
        title=_("Open a weighing round"),
        submit=_("Open round"),
        back="needs:round_list",
        intro=_(
            "The members of the steering group score each need on the criteria on their "
            "own. Each member sees only their own scores until you close the round."
        ),
    )


@municipality_view()
def round_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    weighing = _round(request, pk)
    needs = list(weighing.needs.select_related("field").order_by("number"))
    own = sel.own_ratings(weighing=weighing, member=request.user)
    progress = sel.round_progress(weighing=weighing)
    return render(
        request,
        "needs/round_detail.html",
        {
            "weighing": weighing,
            "ranking": [] if weighing.is_open else sel.round_ranking(weighing=weighing),
            "needs": [(n, own.get(n.pk), progress.get(n.pk, 0)) for n in needs],
            "can_score": can_score_needs(request.access) and weighing.is_open,
            "can_decide": can_decide_needs(request.access),
            "score_max": SCORE_MAX,
            "history": object_history(weighing),
        },
    )


@municipality_view(can_score_needs)
def round_score(request: WorkspaceRequest, pk: int, need_pk: int) -> HttpResponse:
    weighing = _round(request, pk)
    need = get_object_or_404(weighing.needs.all(), pk=need_pk)
    own = sel.own_ratings(weighing=weighing, member=request.user).get(need.pk)
    initial = sel.rating_initial(own)
    form = RatingForm(request.POST or None, initial=initial, criteria=weighing.criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_save(
                weighing=weighing,
                need=need,
                member=request.user,
                scores=form.scores(),
                conflict_of_interest=form.cleaned_data["conflict_of_interest"],
                conflict_note=form.cleaned_data["conflict_note"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Your scores of %(n)s were saved.") % {"n": need.number})
            return redirect("needs:round_detail", request.municipality.ars, weighing.pk)
        except ValidationError as exc:
            form_errors(form, exc)
    return render(
        request, "needs/round_score.html", {"form": form, "weighing": weighing, "need": need}
    )


@municipality_view(can_decide_needs)
@require_POST
def round_close(request: WorkspaceRequest, pk: int) -> HttpResponse:
    weighing = _round(request, pk)
    try:
        services.round_close(weighing=weighing)
        messages.success(request, _("Round closed. The combined ranking is now visible."))
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect("needs:round_detail", request.municipality.ars, weighing.pk)


@municipality_view(can_decide_needs)
def round_decide(request: WorkspaceRequest, pk: int) -> HttpResponse:
    weighing = _round(request, pk)
    if weighing.is_open:
        messages.error(request, _("Close the round before recording the decision."))
        return redirect("needs:round_detail", request.municipality.ars, weighing.pk)
    ranking = sel.round_ranking(weighing=weighing)
    initial = sel.decision_initial(weighing=weighing, ranking=ranking, today=timezone.localdate())
    form = DecisionForm(request.POST or None, initial=initial, needs=[r.need for r in ranking])
    if request.method == "POST" and form.is_valid():
        try:
            services.round_decide(
                weighing=weighing,
                decided_on=form.cleaned_data["decided_on"],
                body_name=form.cleaned_data["body_name"],
                priorities=form.priorities(),
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Priority decision recorded."))
            return redirect("needs:round_detail", request.municipality.ars, weighing.pk)
        except ValidationError as exc:
            form_errors(form, exc)
    return _simple_form(
        request,
        form,
        title=_("Record the priority decision"),
        submit=_("Record decision"),
        back="needs:round_list",
        intro=_(
            "The priorities are suggested from the combined ranking (upper, middle and "
            "lower third). Change them as the body decided."
        ),
    )
