"""Workspace pages of the core: start, municipality home, areas, fields, org units, people, tasks."""

from __future__ import annotations

import typing
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from teilhabe.core import deadlines, selectors, services
from teilhabe.core.forms import (
    AreaImportForm,
    AreaMappingForm,
    FieldAdoptForm,
    FieldOfActionForm,
    InvitationForm,
    MunicipalityCreateForm,
    MunicipalitySettingsForm,
    OrgUnitForm,
)
from teilhabe.core.geo import AreaMapping, feature_properties, parse_area_features
from teilhabe.core.http import form_errors
from teilhabe.core.lifecycle import lifecycle_status
from teilhabe.core.models import (
    Area,
    AreaKind,
    FieldOfAction,
    FieldOfActionTemplate,
    Membership,
    OrgUnit,
    TaskRun,
)
from teilhabe.core.permissions import (
    anyone,
    can_administer,
    can_edit,
    platform_administrator,
    signed_in,
)
from teilhabe.core.tasks import import_areas_task, task_enqueue, upload_store
from teilhabe.core.tenancy import (
    AuthenticatedRequest,
    WorkspaceRequest,
    admits,
    municipality_view,
)


@admits(signed_in)
@login_required
def start(request: AuthenticatedRequest) -> HttpResponse:
    municipalities = selectors.municipalities_for_user(user=request.user)
    if len(municipalities) == 1 and not request.user.is_superuser:
        return redirect("core:home", municipalities[0].ars)
    return render(request, "core/start.html", {"municipalities": municipalities})


@admits(platform_administrator)
@login_required
def municipality_create(request: AuthenticatedRequest) -> HttpResponse:
    """A platform administrator creates a municipality by its ARS and goes straight on to
    importing its areas."""
    if not request.user.is_superuser:
        raise PermissionDenied
    form = MunicipalityCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = services.municipality_create(
            ars=data["ars"], name=data["name"], kind=data["kind"], parent=data["parent"]
        )
        messages.success(
            request,
            _("%(name)s was created. Next, import its areas.") % {"name": municipality.name},
        )
        return redirect("core:area_import", municipality.ars)
    return render(request, "core/municipality_create.html", {"form": form})


@municipality_view()
def home(request: WorkspaceRequest) -> HttpResponse:
    today = timezone.localdate()
    due = deadlines.deadlines_for(
        request.access, until=today + timedelta(days=deadlines.DASHBOARD_DAYS), today=today
    )
    return render(
        request,
        "core/home.html",
        {
            "steps": lifecycle_status(request.municipality),
            "escalated": deadlines.escalated(request.access, due, today),
            "deadline_groups": deadlines.by_week(due, today),
            "deadline_count": len(due),
            "deadlines_long": len(due) > deadlines.DASHBOARD_LONG,
        },
    )


# --- areas -------------------------------------------------------------------------------


@municipality_view()
def area_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    areas = list(selectors.areas_for_municipality(municipality=municipality))
    level = request.GET.get("ebene", "")
    kinds = sorted({a.kind for a in areas})
    shown = (
        [a for a in areas if a.kind == level]
        if level in kinds
        else [a for a in areas if a.parent_id is None]
    )
    spec = (
        selectors.area_map_spec(
            areas=shown, title=_("Areas of %(name)s") % {"name": municipality.name}
        )
        if shown
        else None
    )
    return render(
        request,
        "core/area_list.html",
        {
            "tree": selectors.area_tree(municipality=municipality),
            "spec": spec,
            "count": len(areas),
            "kinds": [(k, AreaKind(k).label) for k in kinds],
            "level": level,
            "shown": shown,
        },
    )


@municipality_view()
def area_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(
        Area.objects.select_related("parent"), pk=pk, municipality=request.municipality
    )
    children = list(area.children.defer("geometry").order_by("key"))
    spec = selectors.area_map_spec(areas=children or [area], title=str(area.name))
    return render(
        request,
        "core/area_detail.html",
        {
            "area": area,
            "children": children,
            "spec": spec,
            "history": selectors.object_history(area),
        },
    )


_UPLOAD_SESSION_KEY = "area_import"


@municipality_view(can_edit)
def area_import(request: WorkspaceRequest) -> HttpResponse:
    """Step 1: upload. The file is kept for the following steps; nothing is imported yet."""
    form = AreaImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        properties = feature_properties(data)
        if not properties:
            form.add_error(
                "file", _("The file is not a readable GeoJSON FeatureCollection with properties.")
            )
        else:
            request.session[_UPLOAD_SESSION_KEY] = {
                "upload": upload_store(data, ".geojson"),
                "name": form.cleaned_data["file"].name,
                "kind": form.cleaned_data["kind"],
                "valid_from": form.cleaned_data["valid_from"].isoformat()
                if form.cleaned_data["valid_from"]
                else None,
                "properties": properties,
            }
            return redirect("core:area_import_mapping", request.municipality.ars)
    return render(request, "core/area_import.html", {"form": form})


@municipality_view(can_edit)
def area_import_mapping(request: WorkspaceRequest) -> HttpResponse:
    """Step 2: map the columns, preview what was understood, then start the import task."""
    pending = request.session.get(_UPLOAD_SESSION_KEY)
    municipality = request.municipality
    if not pending:
        messages.info(request, _("Please upload a file first."))
        return redirect("core:area_import", municipality.ars)
    form = AreaMappingForm(request.POST or None, properties=pending["properties"])
    preview = None
    if request.method == "POST" and form.is_valid():
        path = Path(settings.MEDIA_ROOT) / pending["upload"]
        preview = parse_area_features(
            path.read_bytes(), AreaMapping(**form.mapping()), filename=pending["name"]
        )
        if "start" in request.POST and preview.ok:
            run = task_enqueue(
                import_areas_task,
                title=_("Import areas: %(file)s") % {"file": pending["name"]},
                municipality=municipality,
                user=request.user,
                municipality_id=municipality.pk,
                upload=pending["upload"],
                mapping=form.mapping(),
                kind=pending["kind"],
                valid_from=pending["valid_from"],
            )
            del request.session[_UPLOAD_SESSION_KEY]
            return redirect("core:task_detail", municipality.ars, run.pk)
    return render(
        request,
        "core/area_import_mapping.html",
        {
            "form": form,
            "pending": pending,
            "preview": preview,
            "preview_rows": preview.rows[:15] if preview else [],
        },
    )


# --- fields of action --------------------------------------------------------------------


@municipality_view()
def field_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    fields = list(selectors.fields_of_action(municipality=municipality))
    taken = {f.name for f in fields}
    form = FieldAdoptForm()
    typing.cast(
        ModelMultipleChoiceField, form.fields["templates"]
    ).queryset = FieldOfActionTemplate.objects.exclude(name__in=taken)
    return render(request, "core/field_list.html", {"fields": fields, "adopt_form": form})


@municipality_view(can_edit)
@require_POST
def field_adopt(request: WorkspaceRequest) -> HttpResponse:
    form = FieldAdoptForm(request.POST)
    if form.is_valid():
        adopted = services.fields_of_action_adopt(
            municipality=request.municipality, templates=list(form.cleaned_data["templates"])
        )
        messages.success(request, _("%(n)s fields of action adopted.") % {"n": len(adopted)})
    else:
        messages.error(request, _("Please choose at least one field of action from the catalogue."))
    return redirect("core:field_list", request.municipality.ars)


@municipality_view(can_edit)
def field_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    field = (
        get_object_or_404(FieldOfAction, pk=pk, municipality=municipality)
        if pk
        else FieldOfAction(municipality=municipality)
    )
    form = FieldOfActionForm(request.POST or None, instance=field)
    if request.method == "POST" and form.is_valid():
        services.field_of_action_save(field=form.save(commit=False))
        messages.success(request, _("Field of action “%(name)s” saved.") % {"name": field.name})
        return redirect("core:field_list", municipality.ars)
    history = selectors.object_history(field) if field.pk else []
    return render(
        request, "core/field_edit.html", {"form": form, "field": field, "history": history}
    )


@municipality_view(can_edit)
@require_POST
def field_move(request: WorkspaceRequest, pk: int) -> HttpResponse:
    field = get_object_or_404(FieldOfAction, pk=pk, municipality=request.municipality)
    services.field_of_action_move(field=field, up=request.POST.get("direction") == "up")
    return redirect("core:field_list", request.municipality.ars)


# --- organisational units ----------------------------------------------------------------


@municipality_view()
def orgunit_list(request: WorkspaceRequest) -> HttpResponse:
    return render(
        request,
        "core/orgunit_list.html",
        {"units": selectors.org_units(municipality=request.municipality)},
    )


@municipality_view(can_edit)
def orgunit_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    unit = (
        get_object_or_404(OrgUnit, pk=pk, municipality=municipality)
        if pk
        else OrgUnit(municipality=municipality)
    )
    form = OrgUnitForm(request.POST or None, instance=unit, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        services.org_unit_save(unit=form.save(commit=False))
        messages.success(request, _("Organisational unit “%(name)s” saved.") % {"name": unit.name})
        return redirect("core:orgunit_list", municipality.ars)
    history = selectors.object_history(unit) if unit.pk else []
    return render(
        request, "core/orgunit_edit.html", {"form": form, "unit": unit, "history": history}
    )


# --- people and roles --------------------------------------------------------------------


@municipality_view(can_administer)
def member_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "core/member_list.html",
        {
            "memberships": selectors.memberships(municipality=municipality),
            "invitations": municipality.invitations.filter(accepted_at__isnull=True).select_related(
                "invited_by"
            ),
        },
    )


@municipality_view(can_administer)
def member_invite(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = InvitationForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                municipality=municipality, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("core:member_list", municipality.ars)
    return render(request, "core/member_invite.html", {"form": form})


@municipality_view(can_administer)
@require_POST
def member_toggle(request: WorkspaceRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, municipality=request.municipality)
    if membership.user_id == request.user.pk and membership.is_active:
        messages.error(request, _("You cannot deactivate yourself."))
    else:
        services.membership_set_active(membership=membership, active=not membership.is_active)
        messages.success(request, _("Membership updated."))
    return redirect("core:member_list", request.municipality.ars)


# --- municipality and federation ---------------------------------------------------------


@municipality_view()
def municipality_settings(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = None
    if can_administer(request.access):
        form = MunicipalitySettingsForm(
            request.POST or None, request.FILES or None, instance=municipality
        )
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Settings saved."))
            return redirect("core:municipality_settings", municipality.ars)
    elif request.method == "POST":
        raise PermissionDenied
    county = municipality.parent
    towns = list(municipality.members.all()) if municipality.is_federation_head else []
    siblings = list(county.members.exclude(pk=municipality.pk)) if county else []
    return render(
        request,
        "core/municipality_settings.html",
        {
            "form": form,
            "county": county,
            "towns": towns,
            "siblings": siblings,
            "history": selectors.object_history(municipality),
        },
    )


# --- tasks -------------------------------------------------------------------------------


@municipality_view(can_edit)
def task_list(request: WorkspaceRequest) -> HttpResponse:
    return render(
        request,
        "core/task_list.html",
        {"runs": selectors.task_runs(municipality=request.municipality, user=request.user)},
    )


@municipality_view(can_edit)
def task_detail(request: WorkspaceRequest, pk: str) -> HttpResponse:
    run = get_object_or_404(TaskRun, pk=pk, municipality=request.municipality)
    template = "core/_task_progress.html" if request.htmx else "core/task_detail.html"
    return render(request, template, {"run": run})


# --- legal pages -------------------------------------------------------------------------

_LEGAL_PAGES = {
    "impressum": (
        gettext_lazy("Legal notice"),
        [
            gettext_lazy(
                "This instance of Teilhabe is run by the municipality. The operator enters its details here as required by § 5 DDG (name, address, representative, contact)."
            )
        ],
    ),
    "datenschutz": (
        gettext_lazy("Privacy"),
        [
            gettext_lazy(
                "For people who log in, Teilhabe stores only name, e-mail address, roles and the history of their changes. The history is anonymised after the configured period."
            ),
            gettext_lazy(
                "No content is loaded from third parties; there are no tracking tools. Cookies serve only the login, the protection of forms and the choice of language."
            ),
        ],
    ),
    "barrierefreiheit": (
        gettext_lazy("Accessibility statement"),
        [
            gettext_lazy(
                "Teilhabe aims to meet BITV 2.0 and WCAG 2.1 at level AA. Every page is checked automatically with axe-core."
            ),
            gettext_lazy(
                "If you notice barriers, please tell the integration officer of your municipality; the operator names its contact address and the conciliation body here."
            ),
        ],
    ),
}


@admits(anyone)
def legal(request: HttpRequest, page: str) -> HttpResponse:
    if page not in _LEGAL_PAGES:
        from django.http import Http404

        raise Http404
    title, paragraphs = _LEGAL_PAGES[page]
    return render(request, "core/legal.html", {"title": title, "paragraphs": paragraphs})
