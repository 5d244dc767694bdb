"""Pages of the needs assessment: needs with their evidence, the unanswered needs, the needs
matrix with exports, the system's proposals, settings and criteria, and the weighing rounds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.concept import selectors_needs as sel
from teilhabe.concept import services_needs, spreadsheets
from teilhabe.concept.forms_needs import (
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
from teilhabe.concept.models import (
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
from teilhabe.concept.permissions import (
    can_decide_needs,
    can_edit_need,
    can_publish,
    can_score_needs,
    can_write_needs,
)
from teilhabe.concept.views import conflict_context, stored_state
from teilhabe.concept.views_files import _download
from teilhabe.core.models import Area, FieldOfAction
from teilhabe.core.selectors import object_history
from teilhabe.core.tenancy import municipality_view
from teilhabe.core.versioning import ConcurrentEditError


def _m(request: HttpRequest) -> Any:
    return request.municipality  # type: ignore[attr-defined]


def add_errors(form: Any, exc: ValidationError) -> None:
    """Errors of a service on the form: on their field where the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            form.add_error(target, [m for e in errors for m in e.messages])
    else:
        form.add_error(None, exc.messages)


def _access(request: HttpRequest) -> Any:
    return request.access  # type: ignore[attr-defined]


def _need(request: HttpRequest, pk: int) -> Need:
    return get_object_or_404(Need, pk=pk, municipality=_m(request))


def _require_edit(request: HttpRequest, need: Need) -> None:
    if not can_edit_need(_access(request), need):
        raise PermissionDenied


# --- needs ----------------------------------------------------------------------------------


@municipality_view()
def need_list(request: HttpRequest) -> HttpResponse:
    municipality = _m(request)
    filters = sel.NeedFilters.from_params(request.GET)
    qs = sel.needs_filtered(municipality=municipality, filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "concept/need_list.html",
        {
            "filters": filters,
            "page": page,
            "statuses": NeedStatus.choices,
            "priorities": NeedPriority.choices,
            "fields": FieldOfAction.objects.filter(municipality=municipality),
            "areas": Area.objects.filter(municipality=municipality, parent__isnull=True),
            "can_write": can_write_needs(_access(request)),
            "can_decide": can_decide_needs(_access(request)),
            "open_proposals": sel.proposals_for(municipality=municipality).count(),
        },
    )


@municipality_view()
def need_unanswered(request: HttpRequest) -> HttpResponse:
    municipality = _m(request)
    needs = list(sel.unanswered_needs(municipality, published_only=False))
    return render(request, "concept/need_unanswered.html", {"needs": needs})


@municipality_view()
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _m(request)
    need = sel.need_for_page(municipality=municipality, pk=pk)
    if need is None:
        raise Http404
    access = _access(request)
    return render(
        request,
        "concept/need_detail.html",
        {
            "need": need,
            "evidence": sel.evidence_rows(need),
            "can_edit": can_edit_need(access, need),
            "can_decide": can_decide_needs(access),
            "can_publish": can_publish(access),
            "status_form": NeedStatusForm(
                initial={"status": need.status, "reason": need.dismissal_reason}
            ),
            "evidence_kinds": [
                ("indikator", _("Indicator finding")),
                ("beitrag", _("Contribution")),
                ("luecke", _("Gap in the inventory")),
                ("warteliste", _("Waiting list")),
                ("stellungnahme", _("Statement")),
            ],
            "proposal": need.proposals.first(),
            "history": object_history(need),
        },
    )


@municipality_view(can_write_needs)
def need_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality = _m(request)
    access = _access(request)
    need = _need(request, pk) if pk else Need(municipality=municipality)
    if pk:
        _require_edit(request, need)
    field_ids = None if can_decide_needs(access) else access.field_ids
    kwargs = {"municipality": municipality, "field_ids": field_ids}
    form = NeedForm(request.POST or None, instance=need, **kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_needs.need_save(
                need=form.instance,
                expected_version=form.expected_version,
                m2m=form.m2m_data(),
                user=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("Need “%(title)s” saved.") % {"title": saved.title})
            return redirect("concept:need_detail", municipality.ars, saved.pk)
        except ConcurrentEditError as exc:
            current = stored_state(exc)
            conflict = conflict_context(form, current)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = NeedForm(data, instance=current, **kwargs)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request,
        "concept/need_edit.html",
        {
            "form": form,
            "need": need,
            "conflict": conflict,
            "history": object_history(need) if need.pk else [],
        },
    )


@municipality_view(can_decide_needs)
@require_POST
def need_status(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    form = NeedStatusForm(request.POST)
    if form.is_valid():
        try:
            services_needs.need_set_status(
                need=need, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Status of the need saved."))
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
    return redirect("concept:need_detail", _m(request).ars, need.pk)


@municipality_view(can_write_needs)
def evidence_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    municipality = _m(request)
    need = _need(request, pk)
    _require_edit(request, need)
    form_class = EVIDENCE_FORMS.get(kind)
    if form_class is None:
        raise Http404
    kwargs: dict[str, Any] = {} if kind == "stellungnahme" else {"municipality": municipality}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user: Any = request.user
        try:
            if kind == "indikator":
                services_needs.evidence_add_indicator(
                    need=need, indicator=data["indicator"], area=data["area"], user=user
                )  # type: ignore[arg-type]
            elif kind == "beitrag":
                services_needs.evidence_add_contribution(
                    need=need, contribution=data["contribution"], user=user
                )  # type: ignore[arg-type]
            elif kind == "luecke":
                services_needs.evidence_add_gap(
                    need=need, field=data["field"], area=data["area"], user=user
                )  # type: ignore[arg-type]
            elif kind == "warteliste":
                services_needs.evidence_add_waiting_list(need=need, offer=data["offer"], user=user)  # type: ignore[arg-type]
            else:
                services_needs.evidence_add_statement(
                    need=need,
                    text=data["text"],
                    stated_by=data["stated_by"],
                    stated_on=data["stated_on"],
                    user=user,  # type: ignore[arg-type]
                )
            messages.success(request, _("Evidence added."))
            return redirect("concept:need_detail", municipality.ars, need.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    titles = {
        "indikator": _("Add an indicator finding"),
        "beitrag": _("Link a contribution"),
        "luecke": _("Add a gap in the inventory"),
        "warteliste": _("Add an offer with a waiting list"),
        "stellungnahme": _("Add a statement"),
    }
    return render(
        request,
        "concept/need_evidence_form.html",
        {"form": form, "need": need, "title": titles[kind], "kind": kind},
    )


@municipality_view(can_write_needs)
@require_POST
def evidence_delete(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    need = _need(request, pk)
    _require_edit(request, need)
    evidence = get_object_or_404(NeedEvidence, pk=evidence_pk, need=need)
    services_needs.evidence_delete(evidence=evidence)
    messages.success(request, _("Evidence removed."))
    return redirect("concept:need_detail", _m(request).ars, need.pk)


# --- matrix -------------------------------------------------------------------------------------


@municipality_view()
def need_matrix(request: HttpRequest) -> HttpResponse:
    by = "zielgruppe" if request.GET.get("nach") == "zielgruppe" else "area"
    matrix = sel.needs_matrix(municipality=_m(request), by=by)
    return render(request, "concept/need_matrix.html", {"matrix": matrix, "by": by})


@municipality_view()
def need_matrix_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    by = "zielgruppe" if request.GET.get("nach") == "zielgruppe" else "area"
    matrix = sel.needs_matrix(municipality=_m(request), by=by)
    headers, rows = sel.matrix_rows(matrix)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if fmt == "xlsx":
        content = spreadsheets.write_xlsx(sheets=[("Bedarfsmatrix", headers, rows)])
    else:
        content = spreadsheets.write_csv(headers=headers, rows=rows)
    return _download(content, f"bedarfsmatrix-{stamp}", fmt)


# --- proposals and settings -----------------------------------------------------------------


@municipality_view()
def proposal_list(request: HttpRequest) -> HttpResponse:
    municipality = _m(request)
    access = _access(request)
    if request.method == "POST":
        if not can_decide_needs(access):
            raise PermissionDenied
        from teilhabe.concept.tasks import need_proposals_task
        from teilhabe.core.tasks import task_enqueue

        run = task_enqueue(
            need_proposals_task,
            title=_("Look for proposed needs"),
            municipality=municipality,
            user=request.user,  # type: ignore[arg-type]
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
        "concept/need_proposals.html",
        {
            "groups": [g for g in groups if g[1]],
            "status": status,
            "count": len(proposals),
            "settings": services_needs.settings_for(municipality=municipality),
            "can_decide": can_decide_needs(access),
            "fields": list(FieldOfAction.objects.filter(municipality=municipality)),
        },
    )


@municipality_view(can_decide_needs)
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _m(request)
    proposal = get_object_or_404(NeedProposal, pk=pk, municipality=municipality)
    try:
        if request.POST.get("decision") == "accept":
            form = ProposalAcceptForm(request.POST, municipality=municipality)
            if not form.is_valid():
                for errors in form.errors.values():
                    messages.error(request, " ".join(str(e) for e in errors))
                return redirect("concept:need_proposals", municipality.ars)
            need = services_needs.proposal_accept(
                proposal=proposal,
                user=request.user,  # type: ignore[arg-type]
                title=form.cleaned_data["title"],
                field=form.cleaned_data["field"],
            )
            messages.success(
                request,
                _("Need %(number)s created with its evidence.") % {"number": need.number},
            )
            return redirect("concept:need_detail", municipality.ars, need.pk)
        dismiss = ProposalDismissForm(request.POST)
        dismiss.is_valid()
        services_needs.proposal_dismiss(
            proposal=proposal,
            note=dismiss.cleaned_data.get("note", ""),
            user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Proposal dismissed. It will not be proposed again."))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("concept:need_proposals", municipality.ars)


@municipality_view(can_decide_needs)
def need_settings(request: HttpRequest) -> HttpResponse:
    municipality = _m(request)
    current = services_needs.settings_for(municipality=municipality)
    form = NeedSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services_needs.settings_save(need_settings=form.instance)
        messages.success(request, _("Settings of the needs assessment saved."))
        return redirect("concept:need_settings", municipality.ars)
    criteria = services_needs.criteria_ensure(municipality=municipality)
    return render(
        request,
        "concept/need_settings.html",
        {
            "form": form,
            "criteria": criteria,
            "history": object_history(current) if current.pk else [],
        },
    )


@municipality_view(can_decide_needs)
def criterion_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality = _m(request)
    criterion = (
        get_object_or_404(WeighingCriterion, pk=pk, municipality=municipality)
        if pk
        else WeighingCriterion(municipality=municipality)
    )
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services_needs.criterion_save(criterion=form.instance)
            messages.success(request, _("Criterion saved."))
            return redirect("concept:need_settings", municipality.ars)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request,
        "concept/need_simple_form.html",
        {
            "form": form,
            "title": _("Edit criterion") if pk else _("New criterion"),
            "submit": _("Save criterion"),
            "back": "concept:need_settings",
            "history": object_history(criterion) if pk else [],
        },
    )


# --- weighing -------------------------------------------------------------------------------


@municipality_view()
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = list(sel.rounds_for(municipality=_m(request)))
    return render(
        request,
        "concept/round_list.html",
        {"rounds": rounds, "can_decide": can_decide_needs(_access(request))},
    )


@municipality_view(can_decide_needs)
def round_create(request: HttpRequest) -> HttpResponse:
    municipality = _m(request)
    form = RoundForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            weighing = services_needs.round_open(
                municipality=municipality,
                title=form.cleaned_data["title"],
                needs=list(form.cleaned_data["needs"]),
                user=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("Weighing round opened for the steering group."))
            return redirect("concept:round_detail", municipality.ars, weighing.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request,
        "concept/need_simple_form.html",
        {
            "form": form,
            "title": _("Open a weighing round"),
            "submit": _("Open round"),
            "back": "concept:round_list",
            "intro": _(
                "The members of the steering group score each need on the criteria on their "
                "own. Each member sees only their own scores until you close the round."
            ),
        },
    )


def _round(request: HttpRequest, pk: int) -> WeighingRound:
    return get_object_or_404(WeighingRound, pk=pk, municipality=_m(request))


@municipality_view()
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    weighing = _round(request, pk)
    access = _access(request)
    ranking = [] if weighing.is_open else sel.round_ranking(weighing=weighing)
    needs = list(weighing.needs.select_related("field").order_by("number"))
    own = sel.own_ratings(weighing=weighing, member=request.user)
    progress = {}
    if weighing.is_open:
        from django.db.models import Count

        progress = dict(
            weighing.ratings.values_list("need_id")
            .annotate(n=Count("pk"))
            .values_list("need_id", "n")
        )
    return render(
        request,
        "concept/round_detail.html",
        {
            "weighing": weighing,
            "ranking": ranking,
            "needs": [(n, own.get(n.pk), progress.get(n.pk, 0)) for n in needs],
            "can_score": can_score_needs(access) and weighing.is_open,
            "can_decide": can_decide_needs(access),
            "score_max": SCORE_MAX,
            "history": object_history(weighing),
        },
    )


@municipality_view(can_score_needs)
def round_score(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    municipality = _m(request)
    weighing = _round(request, pk)
    need = get_object_or_404(weighing.needs.all(), pk=need_pk)
    own = sel.own_ratings(weighing=weighing, member=request.user).get(need.pk)
    initial: dict[str, Any] = {}
    if own is not None:
        initial = {f"c{k}": v for k, v in own.scores.items()} | {
            "conflict_of_interest": own.conflict_of_interest,
            "conflict_note": own.conflict_note,
            "comment": own.comment,
        }
    form = RatingForm(request.POST or None, initial=initial, criteria=weighing.criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services_needs.rating_save(
                weighing=weighing,
                need=need,
                member=request.user,  # type: ignore[arg-type]
                scores=form.scores(),
                conflict_of_interest=form.cleaned_data["conflict_of_interest"],
                conflict_note=form.cleaned_data["conflict_note"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Your scores of %(n)s were saved.") % {"n": need.number})
            return redirect("concept:round_detail", municipality.ars, weighing.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request,
        "concept/round_score.html",
        {"form": form, "weighing": weighing, "need": need},
    )


@municipality_view(can_decide_needs)
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    weighing = _round(request, pk)
    try:
        services_needs.round_close(weighing=weighing)
        messages.success(request, _("Round closed. The combined ranking is now visible."))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("concept:round_detail", _m(request).ars, weighing.pk)


@municipality_view(can_decide_needs)
def round_decide(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _m(request)
    weighing = _round(request, pk)
    if weighing.is_open:
        messages.error(request, _("Close the round before recording the decision."))
        return redirect("concept:round_detail", municipality.ars, weighing.pk)
    ranking = sel.round_ranking(weighing=weighing)
    needs = [row.need for row in ranking]
    suggested = sel.suggested_priority(ranking)
    initial: dict[str, Any] = {
        "decided_on": weighing.decided_on or timezone.localdate(),
        "body_name": weighing.decision_body,
        "note": weighing.decision_note,
    }
    for need in needs:
        value = need.priority if weighing.decided_on else suggested.get(need.pk)
        initial[f"p{need.pk}"] = str(value) if value else ""
    form = DecisionForm(request.POST or None, initial=initial, needs=needs)
    if request.method == "POST" and form.is_valid():
        try:
            services_needs.round_decide(
                weighing=weighing,
                decided_on=form.cleaned_data["decided_on"],
                body_name=form.cleaned_data["body_name"],
                priorities=form.priorities(),
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Priority decision recorded."))
            return redirect("concept:round_detail", municipality.ars, weighing.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request,
        "concept/need_simple_form.html",
        {
            "form": form,
            "title": _("Record the priority decision"),
            "submit": _("Record decision"),
            "back": "concept:round_list",
            "intro": _(
                "The priorities are suggested from the combined ranking (upper, middle and "
                "lower third). Change them as the body decided."
            ),
        },
    )
