"""Workspace pages of participation: events, contributions, working and steering groups,
reach."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.core.http import form_errors, form_page
from teilhabe.core.models import FieldOfAction
from teilhabe.core.permissions import can_edit
from teilhabe.core.selectors import object_history
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view
from teilhabe.core.uploads import file_download
from teilhabe.participation import forms, selectors, services
from teilhabe.participation.models import (
    Contribution,
    ContributionChannel,
    ContributionKind,
    Event,
    EventAttachment,
    EventKind,
    GroupDocument,
    GroupMember,
    SteeringGroup,
    WorkingGroup,
)
from teilhabe.participation.permissions import can_capture, can_edit_group

# The page of every small edit form of this part.
FORM_PAGE = "participation/form_page.html"


# --- events ----------------------------------------------------------------------------------


def _event(request: WorkspaceRequest, pk: int) -> Event:
    return get_object_or_404(Event, pk=pk, municipality=request.municipality)


def _events_crumb(request: WorkspaceRequest) -> tuple[str, str]:
    return (reverse("participation:event_list", args=[request.municipality.ars]), _("Events"))


@municipality_view()
def event_list(request: WorkspaceRequest) -> HttpResponse:
    kind = request.GET.get("art", "")
    year = request.GET.get("jahr", "")
    events = selectors.events_for(municipality=request.municipality, kind=kind, year=year)
    return render(
        request,
        "participation/event_list.html",
        {"events": events, "kind": kind, "year": year, "kinds": EventKind.choices},
    )


@municipality_view(can_capture)
def event_create(request: WorkspaceRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    group = request.GET.get("ag", "")
    if group.isdigit():
        wg = WorkingGroup.objects.filter(pk=int(group), municipality=request.municipality).first()
        if wg is not None:
            initial = {"working_group": wg, "kind": EventKind.WORKING_GROUP, "title": wg.name}
    steering = request.GET.get("sg", "")
    if steering.isdigit():
        sg = SteeringGroup.objects.filter(
            pk=int(steering), municipality=request.municipality
        ).first()
        if sg is not None:
            initial = {"steering_group": sg, "kind": EventKind.STEERING_GROUP, "title": sg.name}
    form = forms.EventForm(request.POST or None, municipality=request.municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.municipality = request.municipality
        if not can_edit(request.access) and not can_edit_group(request.access, event.working_group):
            raise PermissionDenied
        services.event_save(event=event)
        messages.success(request, _("Event saved."))
        return redirect("participation:event_detail", request.municipality.ars, event.pk)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("New event"),
        crumbs=[_events_crumb(request)],
        submit_label=_("Create event"),
    )


@municipality_view()
def event_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    return render(
        request,
        "participation/event_detail.html",
        {
            "event": event,
            "contributions": event.contributions.select_related("field_of_action", "area"),
            "attachments": event.attachments.all(),
            "can_capture": can_capture(request.access),
            "can_edit_event": can_edit(request.access)
            or can_edit_group(request.access, event.working_group),
            "history": object_history(event),
        },
    )


@municipality_view(can_capture)
def event_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not can_edit_group(request.access, event.working_group):
        raise PermissionDenied
    form = forms.EventForm(request.POST or None, instance=event, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        services.event_save(event=form.save(commit=False))
        messages.success(request, _("Event saved."))
        return redirect("participation:event_detail", request.municipality.ars, event.pk)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("Edit event"),
        crumbs=[
            _events_crumb(request),
            (
                reverse("participation:event_detail", args=[request.municipality.ars, event.pk]),
                event.title,
            ),
        ],
        submit_label=_("Save event"),
    )


@municipality_view(can_capture)
def event_capture(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """The fast capture form: type one contribution after the other, e.g. on a tablet."""
    event = _event(request, pk)
    form = forms.CaptureForm(
        request.POST or None,
        municipality=request.municipality,
        initial={"area": event.area_id},
    )
    if request.method == "POST" and form.is_valid():
        contribution = form.save(commit=False)
        contribution.municipality = request.municipality
        contribution.event = event
        contribution.working_group = event.working_group
        contribution.channel = ContributionChannel.EVENT
        contribution = services.contribution_create(contribution=contribution, user=request.user)
        messages.success(
            request,
            _("Saved. Suggested field of action: %(field)s.")
            % {"field": contribution.field_of_action or _("none")},
        )
        return redirect("participation:event_capture", request.municipality.ars, event.pk)
    recent = event.contributions.select_related("field_of_action")[:10]
    return render(
        request,
        "participation/event_capture.html",
        {"event": event, "form": form, "recent": recent, "count": event.contributions.count()},
    )


@municipality_view(can_capture)
def attachment_add(request: WorkspaceRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = form.save(commit=False)
        attachment.event = event
        try:
            services.attachment_save(attachment=attachment, user=request.user)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("File saved."))
            return redirect("participation:event_detail", request.municipality.ars, event.pk)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("Add a file"),
        crumbs=[
            _events_crumb(request),
            (
                reverse("participation:event_detail", args=[request.municipality.ars, event.pk]),
                event.title,
            ),
        ],
        submit_label=_("Save file"),
        intro=_(
            "Attendance lists and photos may only be stored if the people on them agreed. "
            "Record how the consent was given."
        ),
    )


@municipality_view(can_edit)
def attachment_download(request: WorkspaceRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(EventAttachment, pk=pk, event__municipality=request.municipality)
    return file_download(attachment.file)


# --- contributions ---------------------------------------------------------------------------


def _contribution(request: WorkspaceRequest, pk: int) -> Contribution:
    return get_object_or_404(Contribution, pk=pk, municipality=request.municipality)


@municipality_view()
def contribution_list(request: WorkspaceRequest) -> HttpResponse:
    filters = {
        "field": request.GET.get("handlungsfeld", ""),
        "area": request.GET.get("gebiet", ""),
        "kind": request.GET.get("art", ""),
        "channel": request.GET.get("kanal", ""),
        "q": request.GET.get("suche", "").strip(),
        "unconfirmed": request.GET.get("offen") == "1",
    }
    qs = selectors.contributions_for(municipality=request.municipality, **filters)
    if request.GET.get("gruppiert") == "1":
        qs = qs.filter(duplicate_of__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("seite"))
    from teilhabe.core.models import Area

    ctx = {
        "page": page,
        "filters": filters,
        "grouped": request.GET.get("gruppiert") == "1",
        "fields": FieldOfAction.objects.filter(municipality=request.municipality, is_active=True),
        "areas": Area.objects.filter(municipality=request.municipality, parent__isnull=True),
        "kinds": ContributionKind.choices,
        "channels": ContributionChannel.choices,
        "counts": selectors.contribution_counts(municipality=request.municipality),
        "query": request.GET.urlencode(),
        "can_capture": can_capture(request.access),
    }
    if request.htmx:
        return render(request, "participation/contribution_list.html#results", ctx)
    return render(request, "participation/contribution_list.html", ctx)


@municipality_view(can_capture)
def contribution_create(request: WorkspaceRequest) -> HttpResponse:
    form = forms.ContributionForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        contribution = form.save(commit=False)
        contribution.municipality = request.municipality
        contribution = services.contribution_create(contribution=contribution, user=request.user)
        messages.success(request, _("Contribution saved."))
        return redirect(
            "participation:contribution_detail", request.municipality.ars, contribution.pk
        )
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("New contribution"),
        crumbs=[
            (
                reverse("participation:contribution_list", args=[request.municipality.ars]),
                _("Contributions"),
            )
        ],
        submit_label=_("Save contribution"),
    )


@municipality_view()
def contribution_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    contribution = _contribution(request, pk)
    group_root = contribution.duplicate_of or contribution
    similar = Contribution.objects.filter(
        municipality=request.municipality, duplicate_of=group_root
    ).exclude(pk=contribution.pk)
    return render(
        request,
        "participation/contribution_detail.html",
        {
            "c": contribution,
            "similar": similar,
            "root": group_root if group_root.pk != contribution.pk else None,
            "linked": selectors.linked_objects(contribution=contribution),
            "confirm_form": forms.ConfirmFieldForm(
                municipality=request.municipality,
                initial={"field_of_action": contribution.field_of_action_id},
            ),
            "can_capture": can_capture(request.access),
            "history": object_history(contribution),
        },
    )


@municipality_view(can_capture)
def contribution_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    contribution = _contribution(request, pk)
    form = forms.ContributionForm(
        request.POST or None, instance=contribution, municipality=request.municipality
    )
    if request.method == "POST" and form.is_valid():
        services.contribution_update(contribution=form.save(commit=False))
        messages.success(request, _("Contribution saved."))
        return redirect(
            "participation:contribution_detail", request.municipality.ars, contribution.pk
        )
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("Edit contribution"),
        crumbs=[
            (
                reverse("participation:contribution_list", args=[request.municipality.ars]),
                _("Contributions"),
            ),
            (
                reverse(
                    "participation:contribution_detail",
                    args=[request.municipality.ars, contribution.pk],
                ),
                str(contribution)[:40],
            ),
        ],
        submit_label=_("Save contribution"),
    )


@municipality_view(can_capture)
@require_POST
def contribution_confirm(request: WorkspaceRequest, pk: int) -> HttpResponse:
    contribution = _contribution(request, pk)
    form = forms.ConfirmFieldForm(request.POST, municipality=request.municipality)
    if form.is_valid():
        services.contribution_confirm_field(
            contribution=contribution, field_of_action=form.cleaned_data["field_of_action"]
        )
        messages.success(request, _("Field of action confirmed."))
    back = request.POST.get("zurueck", "")
    if back.startswith("/k/"):
        return redirect(back)
    return redirect("participation:contribution_detail", request.municipality.ars, contribution.pk)


# --- groups ----------------------------------------------------------------------------------


def _groups_crumb(request: WorkspaceRequest) -> tuple[str, str]:
    return (reverse("participation:group_list", args=[request.municipality.ars]), _("Groups"))


@municipality_view()
def group_list(request: WorkspaceRequest) -> HttpResponse:
    from django.db.models import Count

    m = request.municipality
    return render(
        request,
        "participation/group_list.html",
        {
            "working_groups": WorkingGroup.objects.filter(municipality=m)
            .select_related("field_of_action")
            .annotate(
                n_members=Count("members", distinct=True),
                n_meetings=Count("meetings", distinct=True),
            ),
            "steering_groups": SteeringGroup.objects.filter(municipality=m).annotate(
                n_members=Count("members", distinct=True),
                n_meetings=Count("meetings", distinct=True),
            ),
        },
    )


def _group(request: WorkspaceRequest, kind: str, pk: int) -> WorkingGroup | SteeringGroup:
    model = WorkingGroup if kind == "ag" else SteeringGroup
    return get_object_or_404(model, pk=pk, municipality=request.municipality)


@municipality_view(can_edit)
def group_create(request: WorkspaceRequest, kind: str) -> HttpResponse:
    if kind not in ("ag", "sg"):
        raise Http404
    form = (
        forms.WorkingGroupForm(request.POST or None, municipality=request.municipality)
        if kind == "ag"
        else forms.SteeringGroupForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group.municipality = request.municipality
        services.group_save(group=group)
        messages.success(request, _("Group saved."))
        return redirect("participation:group_detail", request.municipality.ars, kind, group.pk)
    title = _("New working group") if kind == "ag" else _("New steering group")
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=title,
        crumbs=[_groups_crumb(request)],
        submit_label=_("Create group"),
    )


@municipality_view()
def group_detail(request: WorkspaceRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in ("ag", "sg"):
        raise Http404
    group = _group(request, kind, pk)
    wg = group if isinstance(group, WorkingGroup) else None
    return render(
        request,
        "participation/group_detail.html",
        {
            "group": group,
            "kind": kind,
            "is_working_group": wg is not None,
            "members": group.members.select_related("user", "actor"),
            "meetings": group.meetings.order_by("-date"),
            "documents": group.documents.all(),
            "contributions": wg.contributions.select_related("field_of_action")[:20] if wg else [],
            "recommendations": selectors.working_group_recommendations(group=wg) if wg else [],
            "can_edit_group": can_edit_group(request.access, wg)
            if wg
            else can_edit(request.access),
            "history": object_history(group),
        },
    )


@municipality_view(can_capture)
def group_edit(request: WorkspaceRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in ("ag", "sg"):
        raise Http404
    group = _group(request, kind, pk)
    _require_group_edit(request, group)
    form = (
        forms.WorkingGroupForm(
            request.POST or None, instance=group, municipality=request.municipality
        )
        if kind == "ag"
        else forms.SteeringGroupForm(request.POST or None, instance=group)
    )
    if request.method == "POST" and form.is_valid():
        services.group_save(group=form.save(commit=False))
        messages.success(request, _("Group saved."))
        return redirect("participation:group_detail", request.municipality.ars, kind, group.pk)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("Edit group"),
        crumbs=[
            _groups_crumb(request),
            (
                reverse(
                    "participation:group_detail", args=[request.municipality.ars, kind, group.pk]
                ),
                group.name,
            ),
        ],
        submit_label=_("Save group"),
    )


def _require_group_edit(request: WorkspaceRequest, group: WorkingGroup | SteeringGroup) -> None:
    access = request.access
    allowed = can_edit_group(access, group) if isinstance(group, WorkingGroup) else can_edit(access)
    if not allowed:
        raise PermissionDenied


@municipality_view(can_capture)
def member_add(request: WorkspaceRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in ("ag", "sg"):
        raise Http404
    group = _group(request, kind, pk)
    _require_group_edit(request, group)
    form = forms.MemberForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        member = form.save(commit=False)
        if isinstance(group, WorkingGroup):
            member.working_group = group
        else:
            member.steering_group = group
        try:
            services.member_save(member=member)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect("participation:group_detail", request.municipality.ars, kind, group.pk)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("Add a member"),
        crumbs=[
            _groups_crumb(request),
            (
                reverse(
                    "participation:group_detail", args=[request.municipality.ars, kind, group.pk]
                ),
                group.name,
            ),
        ],
        submit_label=_("Add member"),
        intro=_(
            "Choose a person with access to Teilhabe or an actor from the inventory "
            "(association, welfare organisation, migrant organisation), or give name and "
            "organisation."
        ),
    )


@municipality_view(can_capture)
@require_POST
def member_remove(request: WorkspaceRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        GroupMember.objects.select_related("working_group", "steering_group"),
        pk=pk,
    )
    group = member.working_group or member.steering_group
    if group is None or group.municipality_id != request.municipality.pk:
        raise Http404
    _require_group_edit(request, group)
    kind = "ag" if member.working_group_id else "sg"
    services.member_remove(member=member)
    messages.success(request, _("Member removed."))
    return redirect("participation:group_detail", request.municipality.ars, kind, group.pk)


@municipality_view(can_capture)
def document_add(request: WorkspaceRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in ("ag", "sg"):
        raise Http404
    group = _group(request, kind, pk)
    _require_group_edit(request, group)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        if isinstance(group, WorkingGroup):
            document.working_group = group
        else:
            document.steering_group = group
        services.document_save(document=document)
        messages.success(request, _("Document saved."))
        return redirect("participation:group_detail", request.municipality.ars, kind, group.pk)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("Add a document"),
        crumbs=[
            _groups_crumb(request),
            (
                reverse(
                    "participation:group_detail", args=[request.municipality.ars, kind, group.pk]
                ),
                group.name,
            ),
        ],
        submit_label=_("Save document"),
    )


@municipality_view()
def document_download(request: WorkspaceRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        GroupDocument.objects.select_related("working_group", "steering_group"), pk=pk
    )
    group = document.working_group or document.steering_group
    if group is None or group.municipality_id != request.municipality.pk:
        raise Http404
    return file_download(document.file)


# --- reach -----------------------------------------------------------------------------------


@municipality_view()
def reach(request: WorkspaceRequest) -> HttpResponse:
    return render(
        request,
        "participation/reach.html",
        {
            "reach": selectors.reach(municipality=request.municipality),
            "channels": dict(ContributionChannel.choices),
        },
    )
