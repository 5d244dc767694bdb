"""The workspace side of the portal: settings, texts per language and the feedback inbox."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from teilhabe.core.selectors import object_history
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view
from teilhabe.core.versioning import ConcurrentEditError
from teilhabe.portal import selectors, services
from teilhabe.portal.forms import FeedbackNoteForm, PortalSettingsForm, PortalTextForm
from teilhabe.portal.models import Feedback, PortalText
from teilhabe.portal.permissions import can_manage_portal


@municipality_view(can_manage_portal)
def settings_edit(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    obj = selectors.portal_settings(municipality=municipality)
    form = PortalSettingsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_settings_save(
                portal_settings=form.save(commit=False),
                languages=form.cleaned_data["languages_text"],
                expected_version=form.cleaned_data.get("version"),
            )
        except ConcurrentEditError:
            messages.error(
                request,
                _(
                    "Someone else has changed the settings in the meantime. Please check and save again."
                ),
            )
            return redirect("portal:settings", ars=municipality.ars)
        messages.success(request, _("The portal settings are saved."))
        return redirect("portal:settings", ars=municipality.ars)
    return render(
        request,
        "portal/workspace/settings.html",
        {
            "form": form,
            "texts": selectors.texts_for_settings(municipality=municipality),
            "history": object_history(obj) if obj.pk else [],
            "open_feedback": Feedback.objects.filter(
                municipality=municipality, handled_at__isnull=True
            ).count(),
        },
    )


@municipality_view(can_manage_portal)
def text_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    text = (
        get_object_or_404(PortalText, pk=pk, municipality=municipality)
        if pk is not None
        else PortalText(
            municipality=municipality,
            key=request.GET.get("text", "welcome"),
            language=request.GET.get("sprache", "de"),
        )
    )
    form = PortalTextForm(request.POST or None, instance=text)
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_text_save(
                text=form.save(commit=False), expected_version=form.cleaned_data.get("version")
            )
        except ConcurrentEditError:
            messages.error(
                request,
                _(
                    "Someone else has changed this text in the meantime. Please check and save again."
                ),
            )
            return redirect("portal:text_edit", ars=municipality.ars, pk=text.pk)
        messages.success(request, _("The text is saved and shown on the portal."))
        return redirect("portal:settings", ars=municipality.ars)
    return render(
        request,
        "portal/workspace/text_form.html",
        {"form": form, "text": text, "history": object_history(text) if text.pk else []},
    )


@municipality_view(can_manage_portal)
def text_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    municipality = request.municipality
    text = get_object_or_404(PortalText, pk=pk, municipality=municipality)
    services.portal_text_delete(text=text)
    messages.success(request, _("The text is deleted; the portal shows the default text again."))
    return redirect("portal:settings", ars=municipality.ars)


@municipality_view(can_manage_portal)
def feedback_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    show = request.GET.get("status", "offen")
    qs = Feedback.objects.filter(municipality=municipality).select_related("handled_by")
    if show == "offen":
        qs = qs.filter(handled_at__isnull=True)
    elif show == "erledigt":
        qs = qs.filter(handled_at__isnull=False)
    page = Paginator(qs, 50).get_page(request.GET.get("seite"))
    return render(request, "portal/workspace/feedback_list.html", {"page": page, "show": show})


@municipality_view(can_manage_portal)
def feedback_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    feedback = get_object_or_404(Feedback, pk=pk, municipality=municipality)
    form = FeedbackNoteForm(request.POST or None, instance=feedback)
    if request.method == "POST" and form.is_valid():
        handled = request.POST.get("handled") == "1"
        services.feedback_set_handled(
            feedback=feedback,
            user=request.user,
            handled=handled,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("The message is marked as handled.") if handled else _("The message is open again."),
        )
        return redirect("portal:feedback_list", ars=municipality.ars)
    return render(
        request,
        "portal/workspace/feedback_detail.html",
        {"feedback": feedback, "form": form, "history": object_history(feedback)},
    )
