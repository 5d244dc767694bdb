"""Pages of drafts, change proposals and their decisions, the version comparison, and the
update (Fortschreibung) with the import of the previous concept."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.concept import imports, selectors, services, spreadsheets
from teilhabe.concept.forms import (
    CarryOverForm,
    CycleForm,
    DraftAdoptForm,
    DraftFreezeForm,
    ProposalForm,
    WordUploadForm,
)
from teilhabe.concept.models import (
    CarryOver,
    ChangeProposal,
    ConceptCycle,
    ConceptDraft,
    PreviousMeasure,
    ProposalDecision,
)
from teilhabe.concept.permissions import can_edit_concept, can_propose_change
from teilhabe.concept.views_files import import_page
from teilhabe.core.http import form_errors
from teilhabe.core.selectors import object_history
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view

# --- drafts ----------------------------------------------------------------------------------


@municipality_view()
def draft_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    drafts = list(
        selectors.drafts(municipality=municipality).annotate(
            n_proposals=Count("proposals"),
            n_open=Count("proposals", filter=Q(proposals__decision=ProposalDecision.OPEN)),
        )
    )
    return render(request, "concept/draft_list.html", {"drafts": drafts})


@municipality_view(can_edit_concept)
def draft_freeze(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = DraftFreezeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draft = services.draft_freeze(
            municipality=municipality,
            title=form.cleaned_data["title"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        messages.success(request, _("The concept was frozen as draft %(n)s.") % {"n": draft.number})
        return redirect("concept:draft_detail", municipality.ars, draft.pk)
    return render(request, "concept/draft_freeze.html", {"form": form})


@municipality_view()
def draft_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    draft = get_object_or_404(ConceptDraft, pk=pk, municipality=municipality)
    proposals = list(draft.proposals.all())
    by_item: dict[str, int] = {}
    for p in proposals:
        by_item[p.item_key] = by_item.get(p.item_key, 0) + 1
    items = [dict(i, n_proposals=by_item.get(i["key"], 0)) for i in draft.snapshot]
    others = list(
        ConceptDraft.objects.filter(municipality=municipality)
        .exclude(pk=draft.pk)
        .order_by("-number")
    )
    return render(
        request,
        "concept/draft_detail.html",
        {
            "draft": draft,
            "items": items,
            "proposals": proposals,
            "others": others,
            "adopt_form": DraftAdoptForm(),
            "can_propose": can_propose_change(request.access),
            "history": object_history(draft),
        },
    )


@municipality_view(can_edit_concept)
def draft_adopt(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    draft = get_object_or_404(ConceptDraft, pk=pk, municipality=municipality)
    form = DraftAdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_adopt(draft=draft, user=request.user, **form.cleaned_data)
            messages.success(
                request,
                _(
                    "Draft %(n)s recorded as the adopted concept. Its proposed measures were marked accordingly; their financial state is unchanged."
                )
                % {"n": draft.number},
            )
            return redirect("concept:draft_detail", municipality.ars, draft.pk)
        except ValidationError as exc:
            form_errors(form, exc)
    return render(request, "concept/draft_adopt.html", {"form": form, "draft": draft})


@municipality_view()
def draft_compare(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    drafts = list(ConceptDraft.objects.filter(municipality=municipality).order_by("number"))
    by_number = {d.number: d for d in drafts}
    older_n = request.GET.get("alt", "")
    newer_n = request.GET.get("neu", "")
    older = by_number.get(int(older_n)) if older_n.isdigit() else None
    newer = by_number.get(int(newer_n)) if newer_n.isdigit() else None
    if older is None and newer is None and len(drafts) >= 2:
        older, newer = drafts[-2], drafts[-1]
    changes = None
    error = ""
    if older and newer:
        if older.number >= newer.number:
            older, newer = newer, older
        if older.number == newer.number:
            error = _("Choose two different drafts.")
        else:
            changes = selectors.draft_compare(older=older, newer=newer)
    return render(
        request,
        "concept/draft_compare.html",
        {"drafts": drafts, "older": older, "newer": newer, "changes": changes, "error": error},
    )


# --- change proposals ------------------------------------------------------------------------


@municipality_view(can_propose_change)
def proposal_create(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    draft = get_object_or_404(ConceptDraft, pk=pk, municipality=municipality)
    initial = {"submitted_by_name": str(request.user)}
    if request.GET.get("punkt"):
        initial["item_key"] = request.GET["punkt"]
    form = ProposalForm(
        request.POST or None,
        snapshot=draft.snapshot,
        municipality=municipality,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(
                draft=draft,
                user=request.user,
                **{k: form.cleaned_data[k] for k in ProposalForm.Meta.fields},
            )
            messages.success(request, _("Change proposal submitted."))
            return redirect("concept:draft_detail", municipality.ars, draft.pk)
        except ValidationError as exc:
            form_errors(form, exc)
    return render(request, "concept/proposal_form.html", {"form": form, "draft": draft})


@municipality_view()
def proposal_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    proposal = get_object_or_404(
        ChangeProposal.objects.select_related("draft", "submitted_by"),
        pk=pk,
        draft__municipality=municipality,
    )
    # The decision is recorded in the council's panel (the deciding body is one of its bodies).
    item = next((i for i in proposal.draft.snapshot if i["key"] == proposal.item_key), None)
    return render(
        request,
        "concept/proposal_detail.html",
        {"proposal": proposal, "item": item, "history": object_history(proposal)},
    )


@municipality_view(can_edit_concept)
@require_POST
def proposal_apply(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    proposal = get_object_or_404(ChangeProposal, pk=pk, draft__municipality=municipality)
    try:
        services.proposal_apply(proposal=proposal, user=request.user)
        messages.success(
            request, _("The proposal was applied to the concept. Freeze a new draft to show it.")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("concept:proposal_detail", municipality.ars, proposal.pk)


# --- the update (Fortschreibung) ----------------------------------------------------------------


@municipality_view()
def cycle_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    cycles = list(
        selectors.cycles(municipality=municipality).annotate(
            n_measures=Count("old_measures", distinct=True),
            n_sections=Count("sections", distinct=True),
        )
    )
    return render(request, "concept/cycle_list.html", {"cycles": cycles})


@municipality_view(can_edit_concept)
def cycle_create(request: WorkspaceRequest) -> HttpResponse:
    """Record the previous concept (e.g. of 2012) that the current one updates."""
    municipality = request.municipality
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        previous = form.save(commit=False)
        previous.municipality = municipality
        services.cycle_save(cycle=previous)
        current = ConceptCycle.objects.filter(municipality=municipality, is_current=True).first()
        if current is None:
            current = services.cycle_save(
                cycle=ConceptCycle(
                    municipality=municipality,
                    title=_("Integration concept (update)"),
                    year=max(previous.year + 1, 2000),
                    is_current=True,
                    previous=previous,
                )
            )
        elif current.previous_id is None and current.pk != previous.pk:
            current.previous = previous
            services.cycle_save(cycle=current)
        messages.success(
            request, _("Previous concept recorded. Now import its measures and its text.")
        )
        return redirect("concept:cycle_detail", municipality.ars, previous.pk)
    return render(request, "concept/cycle_form.html", {"form": form})


@municipality_view()
def cycle_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    cycle = get_object_or_404(
        ConceptCycle.objects.select_related("previous"), pk=pk, municipality=municipality
    )
    old = list(cycle.old_measures.select_related("continued_as"))
    counts = {value: sum(1 for m in old if m.decision == value) for value, _l in CarryOver.choices}
    editable = can_edit_concept(request.access)
    forms = (
        [
            (
                m,
                CarryOverForm(
                    municipality=municipality,
                    prefix=f"m{m.pk}",
                    initial={
                        "decision": m.decision,
                        "note": m.decision_note,
                        "continued_as": m.continued_as_id,
                    },
                ),
            )
            for m in old
        ]
        if editable
        else [(m, None) for m in old]
    )
    return render(
        request,
        "concept/cycle_detail.html",
        {
            "cycle": cycle,
            "rows": forms,
            "counts": [(label, counts[value]) for value, label in CarryOver.choices],
            "sections": list(cycle.sections.all()),
            "successors": list(cycle.successors.all()),
            "history": object_history(cycle),
        },
    )


@municipality_view(can_edit_concept)
@require_POST
def carry_over(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    old = get_object_or_404(
        PreviousMeasure.objects.select_related("cycle"), pk=pk, cycle__municipality=municipality
    )
    form = CarryOverForm(request.POST, municipality=municipality, prefix=f"m{old.pk}")
    if form.is_valid():
        try:
            services.carry_over_decide(
                old=old,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                continued_as=form.cleaned_data["continued_as"],
            )
            messages.success(request, _("Decision for “%(title)s” saved.") % {"title": old.title})
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, f"{old.number}: {message}")
    else:
        messages.error(request, _("The decision could not be saved. Please check the entries."))
    return redirect(f"/k/{municipality.ars}/konzept/fortschreibung/{old.cycle_id}/#alt-{old.pk}")


@municipality_view(can_edit_concept)
def cycle_import_measures(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    cycle = get_object_or_404(ConceptCycle, pk=pk, municipality=municipality)
    return import_page(
        request,
        session_key=f"concept_previous_import_{cycle.pk}",
        parse=lambda municipality, data, filename: imports.parse_previous_measures(
            data=data, filename=filename
        ),
        apply=lambda municipality, parsed, user: services.previous_measures_import(
            cycle=cycle, rows=[r.values for r in parsed.rows]
        ),
        template_title=_("Import the measures of “%(title)s”") % {"title": cycle.title},
        done_url=reverse("concept:cycle_detail", args=[municipality.ars, cycle.pk]),
        template_url="",
        columns=spreadsheets.PREVIOUS_COLUMNS,
        cycle=cycle,
    )


@municipality_view(can_edit_concept)
def cycle_import_text(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    cycle = get_object_or_404(ConceptCycle, pk=pk, municipality=municipality)
    form = WordUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            sections = spreadsheets.parse_docx_sections(form.cleaned_data["file"].read())
        except spreadsheets.TableError as exc:
            form.add_error("file", str(exc))
        else:
            n = services.sections_import(cycle=cycle, sections=sections)
            messages.success(request, _("%(n)s sections of the text imported.") % {"n": n})
            return redirect("concept:cycle_detail", municipality.ars, cycle.pk)
    return render(request, "concept/cycle_import_text.html", {"form": form, "cycle": cycle})
