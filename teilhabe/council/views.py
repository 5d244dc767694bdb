"""Pages of the council part: papers, sign-offs, the Beratungsfolge, bodies, meetings, import."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.core.http import form_errors
from teilhabe.core.permissions import can_administer, can_edit
from teilhabe.core.selectors import object_history
from teilhabe.core.tasks import task_enqueue
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view
from teilhabe.core.uploads import file_download
from teilhabe.council import consequences, documents, selectors, services
from teilhabe.council.forms import (
    AgendaItemForm,
    AttachmentForm,
    CommitteeForm,
    CommitteeRenameForm,
    ConsultationResultForm,
    CouncilSettingsForm,
    ElectionPeriodForm,
    FinanceForm,
    HandOverForm,
    LinkForm,
    MeetingForm,
    OParlImportForm,
    PaperFilterForm,
    PaperForm,
    PaperTypeForm,
    ReplanForm,
    SectionFormSet,
    SignOffForm,
    SignOffStepForm,
    StepFormSet,
    planned_steps,
    step_rows,
)
from teilhabe.council.models import (
    Attachment,
    Committee,
    Consultation,
    CouncilPerson,
    ElectionPeriod,
    Meeting,
    OParlRun,
    Paper,
    PaperLink,
    PaperType,
    SignOff,
    SignOffStep,
)
from teilhabe.council.permissions import can_sign_off


def _paper(request: WorkspaceRequest, pk: int) -> Paper:
    return get_object_or_404(Paper, pk=pk, municipality=request.municipality)


# --- overview and papers -----------------------------------------------------------------


@municipality_view()
def paper_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    services.paper_types_ensure(municipality=municipality)
    form = PaperFilterForm(request.GET or None, municipality=municipality)
    filters: dict[str, object] = {}
    if form.is_valid():
        filters = {
            "q": form.cleaned_data["q"],
            "paper_type_id": form.cleaned_data["typ"].pk if form.cleaned_data["typ"] else None,
            "status": form.cleaned_data["status"],
            "committee_id": form.cleaned_data["gremium"].pk
            if form.cleaned_data["gremium"]
            else None,
        }
    page = Paginator(selectors.papers(municipality=municipality, **filters), 50).get_page(
        request.GET.get("seite")
    )
    query = {k: v for k, v in request.GET.items() if k != "seite" and v}
    context = {
        "form": form,
        "page": page,
        "query": urlencode(query),
        "filtered": bool(query),
        "signoffs": selectors.open_signoffs(municipality=municipality)[:10],
        "deadlines": selectors.upcoming_deadlines(municipality=municipality)[:6],
    }
    template = "council/paper_list.html#results" if request.htmx else "council/paper_list.html"
    return render(request, template, context)


@municipality_view(can_edit)
def paper_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    services.paper_types_ensure(municipality=municipality)
    paper = _paper(request, pk) if pk else Paper(municipality=municipality)
    form = PaperForm(request.POST or None, instance=paper, municipality=municipality)
    initial = [{"heading": s.heading, "text": s.text} for s in paper.sections.all()] if pk else []
    sections = SectionFormSet(request.POST or None, initial=initial, prefix="abschnitt")
    if request.method == "POST" and form.is_valid() and sections.is_valid():
        try:
            paper = services.paper_save(
                paper=form.save(commit=False),
                sections=[
                    (f.cleaned_data.get("heading", ""), f.cleaned_data.get("text", ""))
                    for f in sections
                ],
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Paper “%(s)s” saved.") % {"s": paper.subject})
            return redirect("council:paper_detail", municipality.ars, paper.pk)
    return render(
        request, "council/paper_edit.html", {"form": form, "sections": sections, "paper": paper}
    )


@municipality_view()
def paper_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    paper = selectors.paper_for_detail(municipality=municipality, pk=pk)
    if paper is None:
        raise Http404
    consultations = list(paper.consultations.all())
    current = sorted(
        [c for c in consultations if c.superseded_at is None], key=lambda c: c.position
    )
    superseded = [c for c in consultations if c.superseded_at is not None]
    signoffs = list(paper.signoffs.all())
    access = request.access
    return render(
        request,
        "council/paper_detail.html",
        {
            "paper": paper,
            "current": current,
            "superseded": superseded,
            "signoffs": signoffs,
            "my_signoffs": [s.pk for s in signoffs if can_sign_off(access, s)],
            "missing": [s for s in signoffs if s.is_open],
            "signoff_due": services.signoff_due(paper=paper),
            "first_deadline": services.first_paper_deadline(paper=paper),
            "deciding_body_warning": next(
                (c for c in current if c.authoritative and not c.committee.may_decide), None
            ),
            "links": consequences.links_for(paper=paper),
            "linked_draft": documents.linked_draft(paper),
            "mandates": consequences.mandates_for(paper=paper),
            "history": object_history(paper),
        },
    )


@municipality_view(can_edit)
def paper_finance(request: WorkspaceRequest, pk: int) -> HttpResponse:
    paper = _paper(request, pk)
    form = FinanceForm(request.POST or None, instance=paper)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_save(
                paper=form.save(commit=False), expected_version=form.cleaned_data.get("version")
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Financial impact saved."))
            return redirect("council:paper_detail", paper.municipality.ars, paper.pk)
    return render(request, "council/paper_finance.html", {"form": form, "paper": paper})


@municipality_view(can_edit)
def paper_attachments(request: WorkspaceRequest, pk: int) -> HttpResponse:
    paper = _paper(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                paper=paper, title=form.cleaned_data["title"], file=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Attachment added."))
            return redirect("council:paper_attachments", paper.municipality.ars, paper.pk)
    return render(
        request,
        "council/paper_attachments.html",
        {"form": form, "paper": paper, "attachments": paper.attachments.all()},
    )


@municipality_view()
def attachment_download(request: WorkspaceRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=pk, paper__municipality=request.municipality)
    if not attachment.file:
        raise Http404  # only a link into the RIS
    return file_download(attachment.file)


@municipality_view(can_edit)
@require_POST
def attachment_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        Attachment,
        pk=pk,
        paper__municipality=request.municipality,
    )
    paper = attachment.paper
    services.attachment_delete(attachment=attachment)
    messages.success(request, _("Attachment removed."))
    return redirect("council:paper_attachments", paper.municipality.ars, paper.pk)


@municipality_view()
def paper_pdf(request: WorkspaceRequest, pk: int) -> HttpResponse:
    paper = _paper(request, pk)
    response = HttpResponse(documents.render_pdf(paper), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{documents.document_filename(paper, "pdf")}"'
    )
    return response


@municipality_view()
def paper_preview(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Page 1 of the paper's PDF as PNG, for the preview on the paper page."""
    paper = _paper(request, pk)
    response = HttpResponse(documents.paper_preview_png(paper), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@municipality_view(can_edit)
@require_POST
def paper_draft_attach(request: WorkspaceRequest, pk: int) -> HttpResponse:
    paper = _paper(request, pk)
    try:
        attachment = services.draft_attach(paper=paper)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(title)s” attached.") % {"title": attachment.title})
    return redirect("council:paper_detail", paper.municipality.ars, paper.pk)


@municipality_view(can_edit)
def paper_docx(request: WorkspaceRequest, pk: int) -> HttpResponse:
    paper = _paper(request, pk)
    response = HttpResponse(
        documents.render_docx(paper),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.document_filename(paper, "docx")}"'
    )
    return response


@municipality_view(can_edit)
def paper_hand_over(request: WorkspaceRequest, pk: int) -> HttpResponse:
    paper = _paper(request, pk)
    form = HandOverForm(request.POST or None, instance=paper)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_hand_over(
                paper=paper,
                reference=form.cleaned_data["reference"],
                ris_url=form.cleaned_data["ris_url"],
                oparl_id=form.cleaned_data["oparl_id"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Drucksachen-Nr. and RIS link recorded."))
            return redirect("council:paper_detail", paper.municipality.ars, paper.pk)
    return render(request, "council/paper_hand_over.html", {"form": form, "paper": paper})


# --- sign-offs ---------------------------------------------------------------------------


@municipality_view(can_edit)
@require_POST
def signoffs_request(request: WorkspaceRequest, pk: int) -> HttpResponse:
    paper = _paper(request, pk)
    try:
        created = services.signoffs_request(paper=paper)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)s sign-offs requested.") % {"n": len(created)})
    return redirect("council:paper_detail", paper.municipality.ars, paper.pk)


@municipality_view()
def signoff_decide(request: WorkspaceRequest, pk: int) -> HttpResponse:
    signoff = get_object_or_404(
        SignOff.objects.select_related("paper", "org_unit"),
        pk=pk,
        paper__municipality=request.municipality,
    )
    if not can_sign_off(request.access, signoff):
        raise PermissionDenied
    form = SignOffForm(
        request.POST or None,
        initial={"decision": signoff.decision or None, "remark": signoff.remark},
    )
    if request.method == "POST" and form.is_valid():
        services.signoff_decide(
            signoff=signoff,
            decision=form.cleaned_data["decision"],
            remark=form.cleaned_data["remark"],
            user=request.user,
        )
        messages.success(request, _("Sign-off recorded."))
        return redirect("council:paper_detail", signoff.paper.municipality.ars, signoff.paper.pk)
    return render(
        request,
        "council/signoff_decide.html",
        {"form": form, "signoff": signoff, "paper": signoff.paper},
    )


# --- the Beratungsfolge ------------------------------------------------------------------


@municipality_view(can_edit)
def paper_consultations(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The fast entry form: one row per step; rows are added without reloading."""
    municipality = request.municipality
    paper = _paper(request, pk)
    current = services.current_consultations(paper)
    kwargs = {"form_kwargs": {"municipality": municipality}, "prefix": "schritt"}
    formset = StepFormSet(request.POST or None, initial=step_rows(current), **kwargs)
    replan = ReplanForm(request.POST or None, initial={"replan": any(c.result for c in current)})
    if request.method == "POST" and formset.is_valid() and replan.is_valid():
        steps = planned_steps(formset)
        try:
            services.consultations_plan(
                paper=paper, steps=steps, replan=replan.cleaned_data["replan"]
            )
        except ValidationError as exc:
            replan.add_error(None, exc.messages)
        else:
            messages.success(request, _("Sequence of consultations saved."))
            return redirect("council:paper_detail", municipality.ars, paper.pk)
    return render(
        request,
        "council/paper_consultations.html",
        {"formset": formset, "replan": replan, "paper": paper, "has_plan": bool(current)},
    )


@municipality_view(can_edit)
def consultation_result(request: WorkspaceRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(
        Consultation.objects.select_related("paper", "committee", "meeting"),
        pk=pk,
        paper__municipality=request.municipality,
    )
    form = ConsultationResultForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consultation_record_result(
                consultation=consultation,
                result=data["result"],
                unanimous=data["unanimous"],
                votes_yes=data["votes_yes"],
                votes_no=data["votes_no"],
                votes_abstain=data["votes_abstain"],
                resolution_text=data["resolution_text"],
                urgent=data["urgent"],
                urgent_on=data["urgent_on"],
                urgent_reason=data["urgent_reason"],
                user=request.user,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Result recorded."))
            paper = consultation.paper
            return redirect("council:paper_detail", paper.municipality.ars, paper.pk)
    return render(
        request,
        "council/consultation_result.html",
        {"form": form, "consultation": consultation, "paper": consultation.paper},
    )


# --- consequences ------------------------------------------------------------------------


@municipality_view(can_edit)
def paper_links(request: WorkspaceRequest, pk: int) -> HttpResponse:
    paper = _paper(request, pk)
    choices = consequences.link_choices(paper=paper)
    form = LinkForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            consequences.link_add(paper=paper, key=form.cleaned_data["target"])
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Link added."))
            return redirect("council:paper_links", paper.municipality.ars, paper.pk)
    return render(
        request,
        "council/paper_links.html",
        {
            "form": form,
            "paper": paper,
            "links": consequences.links_for(paper=paper),
            "mandates": consequences.mandates_for(paper=paper),
            "mandate_choices": consequences.open_mandate_choices(paper=paper),
            "has_choices": bool(choices),
        },
    )


@municipality_view(can_edit)
@require_POST
def link_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(
        PaperLink,
        pk=pk,
        paper__municipality=request.municipality,
    )
    paper = link.paper
    link.delete()
    messages.success(request, _("Link removed."))
    return redirect("council:paper_links", paper.municipality.ars, paper.pk)


@municipality_view(can_edit)
@require_POST
def paper_mandate(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Create a mandate from the paper's decision, or close an open one with this paper."""
    paper = _paper(request, pk)
    try:
        if request.POST.get("action") == "close":
            consequences.mandate_close_by_paper(
                paper=paper,
                mandate_id=int(request.POST.get("mandate") or 0),
                note=request.POST.get("note", ""),
                user=request.user,
            )
            messages.success(request, _("Mandate closed by this paper."))
        else:
            consequences.mandate_create_from_paper(
                paper=paper,
                title=request.POST.get("title", ""),
                description=request.POST.get("description", ""),
                report_due=request.POST.get("report_due", ""),
                user=request.user,
            )
            messages.success(request, _("Mandate created from the decision."))
    except (ValidationError, ValueError) as exc:
        messages.error(
            request,
            " ".join(exc.messages) if isinstance(exc, ValidationError) else _("Check your input."),
        )
    return redirect("council:paper_links", paper.municipality.ars, paper.pk)


# --- bodies and meetings -----------------------------------------------------------------


@municipality_view()
def committee_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "council/committee_list.html",
        {
            "committees": selectors.committees(municipality=municipality),
            "periods": ElectionPeriod.objects.filter(municipality=municipality),
        },
    )


@municipality_view(can_edit)
def committee_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    committee = (
        get_object_or_404(Committee, pk=pk, municipality=municipality)
        if pk
        else Committee(municipality=municipality)
    )
    form = CommitteeForm(request.POST or None, instance=committee, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        committee = services.committee_save(committee=form.save(commit=False))
        messages.success(request, _("Body “%(name)s” saved.") % {"name": committee.name})
        return redirect("council:committee_detail", municipality.ars, committee.pk)
    return render(request, "council/committee_edit.html", {"form": form, "committee": committee})


@municipality_view()
def committee_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    committee = get_object_or_404(Committee, pk=pk, municipality=municipality)
    return render(
        request,
        "council/committee_detail.html",
        {
            "committee": committee,
            "upcoming": selectors.meetings(municipality=municipality, committee=committee),
            "past": selectors.meetings(municipality=municipality, committee=committee, past=True)[
                :20
            ],
            "former_names": committee.former_names.all(),
            "members": committee.memberships.select_related("person"),
            "history": object_history(committee),
        },
    )


@municipality_view(can_administer)
@require_POST
def person_remove(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Remove a member taken over from the RIS on their request (personal data)."""
    person = get_object_or_404(CouncilPerson, pk=pk, municipality=request.municipality)
    services.person_remove(person=person)
    messages.success(
        request, _("The person was removed and will not be taken over from the RIS again.")
    )
    return redirect("council:committee_list", request.municipality.ars)


@municipality_view(can_edit)
def committee_rename(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    committee = get_object_or_404(Committee, pk=pk, municipality=municipality)
    form = CommitteeRenameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_rename(committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Body renamed; older papers keep the old name."))
            return redirect("council:committee_detail", municipality.ars, committee.pk)
    return render(request, "council/committee_rename.html", {"form": form, "committee": committee})


@municipality_view(can_edit)
def period_create(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = ElectionPeriodForm(
        request.POST or None, instance=ElectionPeriod(municipality=municipality)
    )
    if request.method == "POST" and form.is_valid():
        services.election_period_save(period=form.save(commit=False))
        messages.success(request, _("Election period saved."))
        return redirect("council:committee_list", municipality.ars)
    return render(request, "council/period_edit.html", {"form": form})


@municipality_view()
def meeting_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    past = request.GET.get("zeitraum") == "vergangen"
    page = Paginator(selectors.meetings(municipality=municipality, past=past), 50).get_page(
        request.GET.get("seite")
    )
    return render(request, "council/meeting_list.html", {"page": page, "past": past})


@municipality_view(can_edit)
def meeting_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    meeting = (
        get_object_or_404(Meeting, pk=pk, municipality=municipality)
        if pk
        else Meeting(municipality=municipality)
    )
    initial = {"committee": request.GET.get("gremium")} if not pk else None
    form = MeetingForm(
        request.POST or None, instance=meeting, municipality=municipality, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(meeting=form.save(commit=False))
        messages.success(request, _("Meeting saved."))
        return redirect("council:meeting_detail", municipality.ars, meeting.pk)
    rule = services.council_settings_ensure(municipality=municipality)
    return render(
        request, "council/meeting_edit.html", {"form": form, "meeting": meeting, "rule": rule}
    )


@municipality_view()
def meeting_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    meeting = get_object_or_404(
        Meeting.objects.select_related("committee"), pk=pk, municipality=municipality
    )
    form = AgendaItemForm(municipality=municipality)
    return render(
        request,
        "council/meeting_detail.html",
        {
            "meeting": meeting,
            "items": meeting.agenda_items.select_related("paper"),
            "consultations": meeting.consultations.filter(superseded_at__isnull=True)
            .select_related("paper")
            .order_by("paper__subject"),
            "form": form,
            "history": object_history(meeting),
        },
    )


@municipality_view(can_edit)
def agenda_item_add(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    meeting = get_object_or_404(Meeting, pk=pk, municipality=municipality)
    form = AgendaItemForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.meeting = meeting
        services.agenda_item_save(item=item)
        messages.success(request, _("Agenda item added."))
        return redirect("council:meeting_detail", municipality.ars, meeting.pk)
    return render(request, "council/agenda_item_add.html", {"form": form, "meeting": meeting})


# --- settings and import -----------------------------------------------------------------


# The settings page holds three forms; both "add" forms have a field "position", so they
# need prefixes for their ids and labels to stay unique.
PAPER_TYPE_ADD_PREFIX = "art"
SIGNOFF_STEP_ADD_PREFIX = "mitz"


@municipality_view(can_administer)
def council_settings(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    services.paper_types_ensure(municipality=municipality)
    rule = services.council_settings_ensure(municipality=municipality)
    form = CouncilSettingsForm(request.POST or None, request.FILES or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.council_settings_save(settings_obj=form.save(commit=False))
        messages.success(request, _("Council settings saved."))
        return redirect("council:settings", municipality.ars)
    return render(
        request,
        "council/settings.html",
        {
            "form": form,
            "types": PaperType.objects.filter(municipality=municipality),
            "steps": SignOffStep.objects.filter(municipality=municipality).select_related(
                "org_unit"
            ),
            "type_form": PaperTypeForm(prefix=PAPER_TYPE_ADD_PREFIX),
            "step_form": SignOffStepForm(municipality=municipality, prefix=SIGNOFF_STEP_ADD_PREFIX),
            "history": object_history(rule),
        },
    )


@municipality_view(can_administer)
@require_POST
def paper_type_add(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = PaperTypeForm(
        request.POST, instance=PaperType(municipality=municipality), prefix=PAPER_TYPE_ADD_PREFIX
    )
    if form.is_valid():
        try:
            services.paper_type_save(paper_type=form.save(commit=False))
            messages.success(request, _("Paper type saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request,
            _("Paper type: %(e)s")
            % {"e": " ".join(form.errors.get("name", []) or [_("check your input")])},
        )
    return redirect("council:settings", municipality.ars)


@municipality_view(can_administer)
def paper_type_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    paper_type = get_object_or_404(PaperType, pk=pk, municipality=municipality)
    form = PaperTypeForm(request.POST or None, instance=paper_type)
    if request.method == "POST" and form.is_valid():
        services.paper_type_save(paper_type=form.save(commit=False))
        messages.success(request, _("Paper type saved."))
        return redirect("council:settings", municipality.ars)
    return render(
        request,
        "council/paper_type_edit.html",
        {"form": form, "paper_type": paper_type, "history": object_history(paper_type)},
    )


@municipality_view(can_administer)
@require_POST
def signoff_step_add(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = SignOffStepForm(
        request.POST,
        instance=SignOffStep(municipality=municipality),
        municipality=municipality,
        prefix=SIGNOFF_STEP_ADD_PREFIX,
    )
    if form.is_valid():
        services.signoff_step_save(step=form.save(commit=False))
        messages.success(request, _("Sign-off step saved."))
    else:
        messages.error(request, _("Choose an organisational unit for the sign-off."))
    return redirect("council:settings", municipality.ars)


@municipality_view(can_administer)
@require_POST
def signoff_step_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    step = get_object_or_404(SignOffStep, pk=pk, municipality=municipality)
    services.signoff_step_delete(step=step)
    messages.success(request, _("Sign-off step removed."))
    return redirect("council:settings", municipality.ars)


@municipality_view(can_edit)
def oparl_import(request: WorkspaceRequest) -> HttpResponse:
    from teilhabe.council.tasks import oparl_import_task

    municipality = request.municipality
    rule = services.council_settings_ensure(municipality=municipality)
    form = OParlImportForm(request.POST or None, initial={"endpoint": rule.oparl_endpoint})
    if request.method == "POST" and form.is_valid():
        run = task_enqueue(
            oparl_import_task,
            title=_("OParl import from %(url)s") % {"url": form.cleaned_data["endpoint"]},
            municipality=municipality,
            user=request.user,
            municipality_id=municipality.pk,
            endpoint=form.cleaned_data["endpoint"],
            full=form.cleaned_data["full"],
            user_id=request.user.pk,
        )
        return redirect("core:task_detail", municipality.ars, run.pk)
    return render(
        request,
        "council/oparl_import.html",
        {"form": form, "runs": selectors.oparl_runs(municipality=municipality), "rule": rule},
    )


@municipality_view()
def oparl_run_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(OParlRun, pk=pk, municipality=request.municipality)
    return render(
        request,
        "council/oparl_run.html",
        {"run": run, "report": selectors.oparl_report(run=run)},
    )
