"""The Fristen page, a person's reminder settings, the unsubscribe link of the e-mail digest
and the private calendar feed."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.core import deadlines, reminders, selectors, services
from teilhabe.core.forms import DeadlineFilterForm, ReminderSettingsForm
from teilhabe.core.permissions import anyone, signed_in
from teilhabe.core.tenancy import (
    AuthenticatedRequest,
    WorkspaceRequest,
    admits,
    municipality_view,
)


@municipality_view()
def deadline_list(request: WorkspaceRequest) -> HttpResponse:
    access, today = request.access, timezone.localdate()
    form = DeadlineFilterForm(
        request.GET or None,
        kinds=[(k.key, str(k.label)) for k in deadlines.kinds() if k.check(access)],
        units=list(selectors.org_units(municipality=request.municipality)),
        fields=list(selectors.fields_of_action(municipality=request.municipality)),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    items = deadlines.filtered(
        deadlines.deadlines_for(
            access, until=today + timedelta(days=deadlines.HORIZON_DAYS), today=today
        ),
        today=today,
        kind=filters.get("art") or "",
        org_unit_id=filters.get("stelle"),
        field_id=filters.get("feld"),
        overdue_only=bool(filters.get("ueberfaellig")),
    )
    template = "core/deadline_list.html" + ("#results" if request.htmx else "")
    return render(
        request,
        template,
        {
            "form": form,
            "groups": deadlines.by_week(items, today),
            "total": len(items),
            "filtered": any(filters.values()),
        },
    )


@admits(signed_in)
@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: AuthenticatedRequest) -> HttpResponse:
    user, action = request.user, request.POST.get("action", "")
    prefs = reminders.reminder_settings_for(user)
    form = ReminderSettingsForm(request.POST if action == "save" else None, instance=prefs)
    feed_url = ""
    if action == "save" and form.is_valid():
        services.reminder_settings_save(user=user, **form.cleaned_data)
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("core:reminder_settings")
    if action == "feed_create":
        token = services.feed_token_create(user=user)
        # Only the hash is stored: the link is shown this once.
        feed_url = reminders.absolute(reverse("core:calendar_feed", args=[token]))
        prefs = reminders.reminder_settings_for(user)
    elif action == "feed_revoke":
        services.feed_token_revoke(user=user)
        messages.success(request, _("The calendar link no longer works."))
        return redirect("core:reminder_settings")
    return render(
        request,
        "core/reminder_settings.html",
        {"form": form, "prefs": prefs, "feed_url": feed_url},
    )


@admits(anyone)  # the signed token in the link is the key
@csrf_exempt  # RFC 8058: the mail program posts the one-click unsubscribe without a page
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = reminders.user_for_unsubscribe(token)
    if user is None:
        raise Http404
    if request.method == "POST":
        services.digest_unsubscribe(user=user)
    return render(
        request,
        "core/digest_unsubscribe.html",
        {"person": user, "done": request.method == "POST"},
    )


@admits(anyone)  # the secret token in the link is the key
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = reminders.user_for_feed(token)
    if user is None:
        raise Http404
    response = HttpResponse(
        reminders.feed_ics(user, today=timezone.localdate()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="teilhabe-fristen.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
