"""Pages of the inventory: actors, offers, usage, gaps, duplicates, map, spreadsheets, survey."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.core import caching
from teilhabe.core.models import Area, AreaKind, FieldOfAction, Municipality
from teilhabe.core.navigation import url_prefix
from teilhabe.core.selectors import area_shapes, object_history
from teilhabe.core.tasks import task_enqueue, upload_store
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view
from teilhabe.inventory import duplicate_search, selectors, services
from teilhabe.inventory.forms import (
    ActorForm,
    ActorNoteForm,
    ImportForm,
    OfferEditForm,
    OfferLocationFormSet,
    UsageForm,
    location_changes,
)
from teilhabe.inventory.models import (
    LANGUAGES,
    Actor,
    ActorKind,
    Offer,
    OfferForm,
    OfferStatus,
    TargetGroup,
    Usage,
)
from teilhabe.inventory.permissions import (
    can_approve,
    can_edit_inventory,
    can_maintain_offer,
    can_maintain_offers,
)
from teilhabe.inventory.spreadsheets import (
    COLUMNS,
    ParseResult,
    export_csv,
    export_xlsx,
    parse_spreadsheet,
    preview,
)
from teilhabe.inventory.tasks import import_spreadsheet_task


def _int(value: str | None) -> int | None:
    """An id from the query string; anything a database key cannot hold is no filter."""
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, 50).get_page(request.GET.get("seite"))


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("seite", None)
    return params.urlencode()


def _sort_headers(
    request: HttpRequest, columns: list[tuple[str | None, str, bool]], column: str, direction: str
) -> list[dict[str, Any]]:
    """Table header cells: each sortable column is a link that keeps the filters in the URL,
    flips the direction if it is the current column and carries ``aria-sort``."""
    params = request.GET.copy()
    params.pop("seite", None)
    out: list[dict[str, Any]] = []
    for key, label, numeric in columns:
        cell: dict[str, Any] = {"label": label, "numeric": numeric}
        if key is not None:
            current = key == column
            ascending_next = not (current and direction == "asc")
            params["sortierung"] = key if ascending_next else f"-{key}"
            cell["url"] = "?" + params.urlencode()
            cell["hint"] = _("sort ascending") if ascending_next else _("sort descending")
            if current:
                cell["aria_sort"] = "ascending" if direction == "asc" else "descending"
        out.append(cell)
    return out


def _sorted(
    request: HttpRequest,
    items: list[Any],
    *,
    keys: dict[str, Any],
    columns: list[tuple[str | None, str, bool]],
    default: str,
) -> tuple[list[Any], dict[str, Any]]:
    items, column, direction = selectors.sort_items(
        items, sort=request.GET.get("sortierung", ""), keys=keys, default=default
    )
    return items, _sorting_context(request, columns, column, direction)


def _sorting_context(
    request: HttpRequest, columns: list[tuple[str | None, str, bool]], column: str, direction: str
) -> dict[str, Any]:
    return {
        "headers": _sort_headers(request, columns, column, direction),
        "sort": column if direction == "asc" else f"-{column}",
    }


def actor_or_404(request: WorkspaceRequest, pk: int) -> Actor:
    actor = selectors.actor_get(municipality=request.municipality, pk=pk)
    if actor is None:
        raise Http404
    return actor


def _offer_or_404(request: WorkspaceRequest, pk: int) -> Offer:
    offer = selectors.offer_get(municipality=request.municipality, pk=pk)
    if offer is None:
        raise Http404
    return offer


def _can_change_actor(request: WorkspaceRequest, actor: Actor) -> bool:
    """Shared actors are edited by the tenant that keeps them; others add notes only."""
    return actor.municipality_id == request.municipality.pk


# --- actors -------------------------------------------------------------------------------


# The sortable columns of the actor table and what they sort by.
ACTOR_SORT_KEYS: dict[str, Callable[[Any], Any]] = {
    "name": lambda a: a.name,
    "art": lambda a: a.get_kind_display(),
    "gebiet": lambda a: a.area.name if a.area else "",
    "angebote": lambda a: a.offer_count,
}


def _actor_filter(request: HttpRequest) -> selectors.ActorFilter:
    return selectors.ActorFilter(
        q=request.GET.get("q", "").strip(),
        kind=request.GET.get("art", ""),
        field=_int(request.GET.get("feld")),
        language=request.GET.get("sprache", ""),
        scope=request.GET.get("herkunft", ""),
    )


@municipality_view()
def actor_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    flt = _actor_filter(request)
    actors = selectors.actors_filtered(municipality=municipality, flt=flt)
    actors, sorting = _sorted(
        request,
        actors,
        keys=ACTOR_SORT_KEYS,
        columns=[
            ("name", _("Name"), False),
            ("art", _("Kind"), False),
            (None, pgettext("integration concept", "Fields of action"), False),
            ("gebiet", _("Area"), False),
            ("angebote", pgettext("inventory", "Offers"), True),
            (None, _("Status"), False),
        ],
        default="name",
    )
    context = sorting | {
        "page": _page(request, actors),
        "count": len(actors),
        "flt": flt,
        "kinds": ActorKind.choices,
        "fields": FieldOfAction.objects.filter(municipality=municipality),
        "languages": LANGUAGES,
        "query": _query_without_page(request),
        "in_federation": len(selectors.federation_ids(municipality)) > 1,
        "total": selectors.actors_visible(municipality=municipality).count(),
    }
    template = "inventory/_actor_table.html" if request.htmx else "inventory/actor_list.html"
    return render(request, template, context)


@municipality_view()
def actor_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    actor = actor_or_404(request, pk)
    note = selectors.actor_note(actor=actor, municipality=municipality)
    return render(
        request,
        "inventory/actor_detail.html",
        {
            "actor": actor,
            "offers": selectors.offers_of_actor(municipality=municipality, actor=actor),
            "note": note,
            "note_form": ActorNoteForm(initial={"text": note.text if note else ""}),
            "can_change": _can_change_actor(request, actor),
            "can_approve": can_approve(request.access),
            "merged_from": list(actor.merged_from.all()),
            "history": object_history(actor),
            "note_history": object_history(note) if note else [],
        },
    )


@municipality_view(can_edit_inventory)
def actor_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    actor = actor_or_404(request, pk) if pk else Actor(municipality=municipality)
    if pk and not _can_change_actor(request, actor):
        messages.info(
            request,
            _("This actor is kept by %(m)s. You can add your own notes.")
            % {"m": actor.municipality},
        )
        return redirect("inventory:actor_detail", municipality.ars, actor.pk)
    form = ActorForm(request.POST or None, instance=actor, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.actor_save(
                actor=form.save(commit=False),
                fields_of_action=list(form.cleaned_data["fields_of_action"]),
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Actor “%(name)s” saved.") % {"name": actor.name})
            return redirect("inventory:actor_detail", municipality.ars, actor.pk)
    return render(request, "inventory/actor_form.html", {"form": form, "actor": actor})


@municipality_view(can_edit_inventory)
@require_POST
def actor_note(request: WorkspaceRequest, pk: int) -> HttpResponse:
    actor = actor_or_404(request, pk)
    form = ActorNoteForm(request.POST)
    if form.is_valid():
        services.actor_note_save(
            actor=actor,
            municipality=request.municipality,
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Your notes were saved."))
    return redirect("inventory:actor_detail", request.municipality.ars, actor.pk)


@municipality_view(can_edit_inventory)
@require_POST
def actor_contact_remove(request: WorkspaceRequest, pk: int) -> HttpResponse:
    actor = actor_or_404(request, pk)
    if not _can_change_actor(request, actor):
        raise Http404
    services.actor_contact_person_remove(actor=actor)
    messages.success(request, _("The contact person was removed, also from the history."))
    return redirect("inventory:actor_detail", request.municipality.ars, actor.pk)


@municipality_view(can_approve)
@require_POST
def actor_publish(request: WorkspaceRequest, pk: int) -> HttpResponse:
    actor = actor_or_404(request, pk)
    if not _can_change_actor(request, actor):
        raise Http404
    approve = request.POST.get("approve") == "1"
    services.publication_set(obj=actor, user=request.user, approved=approve)
    messages.success(
        request,
        _("Approved for publication.") if approve else _("Approval for publication withdrawn."),
    )
    return redirect("inventory:actor_detail", request.municipality.ars, actor.pk)


@municipality_view(can_approve)
def actor_merge(request: WorkspaceRequest, pk: int, other: int) -> HttpResponse:
    """Confirm page and merge: ``other`` is merged into ``pk``."""
    keep, duplicate = actor_or_404(request, pk), actor_or_404(request, other)
    ids = selectors.federation_ids(request.municipality)
    if keep.municipality_id not in ids or duplicate.municipality_id not in ids:
        raise Http404
    if request.method == "POST":
        try:
            services.actor_merge(keep=keep, duplicate=duplicate)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("“%(dup)s” was merged into “%(keep)s”. Both histories are kept.")
                % {"dup": duplicate.name, "keep": keep.name},
            )
            return redirect("inventory:actor_detail", request.municipality.ars, keep.pk)
    return render(request, "inventory/actor_merge.html", {"keep": keep, "duplicate": duplicate})


# --- offers -------------------------------------------------------------------------------


def _offer_filter(request: HttpRequest) -> selectors.OfferFilter:
    return selectors.OfferFilter(
        q=request.GET.get("q", "").strip(),
        field=_int(request.GET.get("feld")),
        target_group=request.GET.get("zielgruppe", ""),
        language=request.GET.get("sprache", ""),
        area=_int(request.GET.get("gebiet")),
        status=request.GET.get("status", ""),
        form=request.GET.get("form", ""),
        actor=_int(request.GET.get("akteur")),
    )


def _filter_context(request: WorkspaceRequest, flt: selectors.OfferFilter) -> dict[str, Any]:
    municipality = request.municipality
    return {
        "flt": flt,
        "fields": FieldOfAction.objects.filter(municipality=municipality),
        "target_groups": TargetGroup.choices,
        "languages": LANGUAGES,
        "areas": Area.objects.filter(municipality=municipality).defer("geometry").order_by("key"),
        "statuses": OfferStatus.choices,
        "forms": OfferForm.choices,
        "query": _query_without_page(request),
    }


@municipality_view()
def offer_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    flt = _offer_filter(request)
    offers, column, direction = selectors.offers_page_query(
        municipality=municipality, flt=flt, sort=request.GET.get("sortierung", "")
    )
    columns = [
        ("titel", _("Title"), False),
        ("akteur", pgettext("inventory", "Actor"), False),
        (None, pgettext("integration concept", "Fields of action"), False),
        (None, _("Target groups"), False),
        ("gebiet", _("Areas"), False),
        ("plaetze", _("Places"), True),
        ("status", _("Status"), False),
    ]
    page = _page(request, offers)
    page.object_list = selectors.offers_complete(list(page.object_list))
    context = (
        _filter_context(request, flt)
        | _sorting_context(request, columns, column, direction)
        | {
            "page": page,
            "count": page.paginator.count,
            "total": selectors.offers_for_municipality(municipality=municipality).count(),
            "can_create_offer": _maintainable_actors(request).exists(),
        }
    )
    template = "inventory/_offer_table.html" if request.htmx else "inventory/offer_list.html"
    return render(request, template, context)


def _maintainable_actors(request: WorkspaceRequest) -> Any:
    """Actors whose offers the user may maintain: all visible ones for editors, those of its
    org units for a responsible office."""
    access = request.access
    actors = selectors.actors_visible(municipality=request.municipality)
    if can_edit_inventory(access):
        return actors
    if not can_maintain_offers(access):
        return actors.none()
    return actors.filter(org_unit_id__in=access.org_unit_ids)


def _offer_to_maintain(request: WorkspaceRequest, pk: int) -> Offer:
    offer = _offer_or_404(request, pk)
    if not can_maintain_offer(request.access, offer):
        raise PermissionDenied
    return offer


@municipality_view()
def offer_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk)
    return render(
        request,
        "inventory/offer_detail.html",
        {
            "offer": offer,
            "can_maintain": can_maintain_offer(request.access, offer),
            "locations": offer.location_list(),
            "usages": selectors.usage_for_offer(offer=offer),
            "can_approve": can_approve(request.access),
            "merged_from": list(offer.merged_from.all()),
            "history": object_history(offer),
        },
    )


@municipality_view(can_maintain_offers)
def offer_edit(request: WorkspaceRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    offer = _offer_to_maintain(request, pk) if pk else Offer(municipality=municipality)
    actor = None if pk else _int(request.GET.get("akteur"))
    actors = _maintainable_actors(request)
    form = OfferEditForm(
        request.POST or None,
        instance=offer,
        initial={"actor": actor} if actor else {},
        municipality=municipality,
        actors=actors,
    )
    locations = OfferLocationFormSet(
        request.POST or None,
        instance=offer,
        prefix="orte",
        form_kwargs={"municipality": municipality},
    )
    if request.method == "POST" and form.is_valid() and locations.is_valid():
        kept, removed = location_changes(locations)
        try:
            services.offer_save(
                offer=form.save(commit=False),
                fields_of_action=list(form.cleaned_data["fields_of_action"]),
                expected_version=form.cleaned_data.get("version"),
                locations=kept,
                removed_locations=removed,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Offer “%(title)s” saved.") % {"title": offer.title})
            return redirect("inventory:offer_detail", municipality.ars, offer.pk)
    return render(
        request,
        "inventory/offer_form.html",
        {"form": form, "offer": offer, "locations": locations, "no_actors": not actors.exists()},
    )


@municipality_view(can_approve)
@require_POST
def offer_publish(request: WorkspaceRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk)
    approve = request.POST.get("approve") == "1"
    services.publication_set(obj=offer, user=request.user, approved=approve)
    messages.success(
        request,
        _("Approved for publication.") if approve else _("Approval for publication withdrawn."),
    )
    return redirect("inventory:offer_detail", request.municipality.ars, offer.pk)


@municipality_view(can_approve)
def offer_merge(request: WorkspaceRequest, pk: int, other: int) -> HttpResponse:
    keep, duplicate = _offer_or_404(request, pk), _offer_or_404(request, other)
    if request.method == "POST":
        try:
            services.offer_merge(keep=keep, duplicate=duplicate)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("“%(dup)s” was merged into “%(keep)s”. Both histories are kept.")
                % {"dup": duplicate.title, "keep": keep.title},
            )
            return redirect("inventory:offer_detail", request.municipality.ars, keep.pk)
    return render(request, "inventory/offer_merge.html", {"keep": keep, "duplicate": duplicate})


@municipality_view(can_maintain_offers)
def usage_edit(request: WorkspaceRequest, offer_pk: int, pk: int | None = None) -> HttpResponse:
    offer = _offer_to_maintain(request, offer_pk)
    usage = get_object_or_404(Usage, pk=pk, offer=offer) if pk else Usage(offer=offer)
    form = UsageForm(request.POST or None, instance=usage)
    if request.method == "POST" and form.is_valid():
        try:
            services.usage_save(usage=form.save(commit=False))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Usage saved."))
            return redirect("inventory:offer_detail", request.municipality.ars, offer.pk)
    return render(
        request,
        "inventory/usage_form.html",
        {
            "form": form,
            "offer": offer,
            "usage": usage,
            "history": object_history(usage) if usage.pk else [],
        },
    )


# The sortable columns of the usage table and what they sort by.
USAGE_SORT_KEYS: dict[str, Callable[[Any], Any]] = {
    "angebot": lambda u: u.offer.title,
    "akteur": lambda u: u.offer.actor.name,
    "zeitraum": lambda u: u.period_start,
    "teilnehmende": lambda u: u.participants,
    "frauen": lambda u: u.women,
    "warteliste": lambda u: u.waiting_list,
}


@municipality_view()
def usage_list(request: WorkspaceRequest) -> HttpResponse:
    """All usage records with filters and sortable columns (Inanspruchnahme)."""
    municipality = request.municipality
    years = selectors.usage_years(municipality=municipality)
    year = _int(request.GET.get("jahr"))
    field_pk = _int(request.GET.get("feld"))
    q = request.GET.get("q", "").strip()
    usages = selectors.usage_filtered(municipality=municipality, year=year, field=field_pk, q=q)
    usages, sorting = _sorted(
        request,
        usages,
        keys=USAGE_SORT_KEYS,
        columns=[
            ("angebot", pgettext("inventory", "Offer"), False),
            ("akteur", pgettext("inventory", "Actor"), False),
            ("zeitraum", _("Period"), False),
            ("teilnehmende", _("Participants (total)"), True),
            ("frauen", _("of whom women"), True),
            ("warteliste", _("Waiting list"), True),
            (None, _("Source"), False),
        ],
        default="zeitraum",
    )
    context = sorting | {
        "page": _page(request, usages),
        "count": len(usages),
        "total": len(selectors.usage_filtered(municipality=municipality)),
        "years": years,
        "year": year,
        "field": field_pk,
        "q": q,
        "fields": FieldOfAction.objects.filter(municipality=municipality),
        "query": _query_without_page(request),
    }
    template = "inventory/_usage_table.html" if request.htmx else "inventory/usage_list.html"
    return render(request, template, context)


# --- gap view, duplicates, map ------------------------------------------------------------


def _area_or_none(municipality: Municipality, pk: int | None) -> Area | None:
    if not pk:
        return None
    return get_object_or_404(Area.objects.defer("geometry"), pk=pk, municipality=municipality)


@municipality_view()
def gaps(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    years = selectors.usage_years(municipality=municipality)
    year = _int(request.GET.get("jahr")) or (years[0] if years else None)
    kinds = selectors.area_kinds(municipality=municipality)
    level = request.GET.get("ebene", "") if request.GET.get("ebene", "") in kinds else ""
    view = request.GET.get("sicht", "gebiet")
    area = _area_or_none(municipality, _int(request.GET.get("gebiet")))
    can_include_towns = municipality.is_federation_head
    include_towns = can_include_towns and request.GET.get("gemeinden") == "1"
    if view == "zielgruppe":
        matrix = selectors.gap_matrix_by_target_group(
            municipality=municipality, year=year, area=area, include_towns=include_towns
        )
    else:
        matrix = selectors.gap_matrix_by_area(
            municipality=municipality, level=level, year=year, include_towns=include_towns
        )
    kind_labels = dict(AreaKind.choices)
    return render(
        request,
        "inventory/gaps.html",
        {
            "matrix": matrix,
            "years": years,
            "year": year,
            "level": level,
            "levels": [(k, kind_labels.get(k, k)) for k in kinds],
            "view": view,
            "area": area,
            # Names for the area choice only: the geometries are not drawn on this page.
            "areas": Area.objects.filter(municipality=municipality)
            .defer("geometry")
            .order_by("key"),
            "can_include_towns": can_include_towns,
            "include_towns": include_towns,
        },
    )


@municipality_view()
def duplicates(request: WorkspaceRequest) -> HttpResponse:
    """The duplicate and overlap search. It compares every actor and offer (~150 ms at 3,000
    offers), so its tables are kept until the data they compare changes."""
    municipality = request.municipality
    can_merge = can_approve(request.access)

    def tables() -> str:
        offers = duplicate_search.own_offer_facts(
            municipality=municipality
        )  # once for both searches
        return render_to_string(
            "inventory/_duplicate_tables.html",
            {
                "actor_pairs": duplicate_search.duplicate_actors(municipality=municipality),
                "offer_pairs": duplicate_search.duplicate_offers(
                    municipality=municipality, offers=offers
                ),
                "overlaps": duplicate_search.overlapping_offers(
                    municipality=municipality, offers=offers
                ),
                "can_approve": can_merge,
                "municipality": municipality,
            },
        )

    kept = caching.kept_until_changed(
        f"duplicates:{municipality.pk}:{int(can_merge)}:{get_language()}",
        selectors.federation_ids(municipality),
        tables,
    )
    # A safe string: render_to_string's result keeps its type through the cache's pickling.
    return render(request, "inventory/duplicates.html", {"tables": kept})


# The list beside the map shows the first offers only and links to the paged table with the
# same filter; the map shows them all.
MAP_LIST_LIMIT = 50


def _map_boundaries(municipality: Municipality) -> list[dict[str, Any]]:
    """The top-level areas' simplified shapes (cached) for the offer map."""
    tops = Area.objects.filter(municipality=municipality, parent__isnull=True)
    shapes = area_shapes(areas=tops)
    return [
        {"name": a.name, "geometry": shapes[a.pk]} for a in tops.defer("geometry") if a.pk in shapes
    ]


@municipality_view()
def offer_map(request: WorkspaceRequest) -> HttpResponse:
    """The map page with the list beside it; the map's points come from ``offer_map_points``
    with the same filter, so the page is not held up by thousands of points."""
    municipality = request.municipality
    flt = _offer_filter(request)
    offers = selectors.offers_query(municipality=municipality, flt=flt)
    detail_prefix = url_prefix("inventory:offer_detail", municipality.ars)
    context = _filter_context(request, flt)
    points_url = reverse("inventory:offer_map_points", args=[municipality.ars])
    if context["query"]:
        points_url += f"?{context['query']}"
    return render(
        request,
        "inventory/offer_map.html",
        context
        | {
            "offers": [
                o | {"url": f"{detail_prefix}{o['pk']}/"}
                for o in selectors.offers_map_list(offers=offers, limit=MAP_LIST_LIMIT)
            ],
            "offer_count": offers.count(),
            "points_url": points_url,
            "boundaries": _map_boundaries(municipality),
            "tile_url": getattr(settings, "TEILHABE_MAP_TILE_URL", ""),
            "tile_attribution": getattr(settings, "TEILHABE_MAP_TILE_ATTRIBUTION", ""),
        },
    )


@municipality_view()
def offer_map_points(request: WorkspaceRequest) -> JsonResponse:
    """The points of the offers that match the map's filter, as JSON for the map's script."""
    municipality = request.municipality
    offers = selectors.offers_query(municipality=municipality, flt=_offer_filter(request))
    # One reverse() for all links: thousands of calls took ~40 ms.
    detail_prefix = url_prefix("inventory:offer_detail", municipality.ars)
    points = [
        p | {"url": f"{detail_prefix}{p['id']}/"} for p in selectors.map_features(offers=offers)
    ]
    return JsonResponse({"points": points})


# --- spreadsheets -------------------------------------------------------------------------

_IMPORT_KEY = "inventory_import"


@municipality_view()
def export(request: WorkspaceRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in COLUMNS or fmt not in ("xlsx", "csv"):
        raise Http404
    municipality = request.municipality
    names = {
        "actors": "akteure",
        "offers": "angebote",
        "locations": "orte",
        "usage": "inanspruchnahme",
    }
    if fmt == "xlsx":
        body = export_xlsx(kind, municipality)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = export_csv(kind, municipality)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{names[kind]}-{municipality.ars}.{fmt}"'
    )
    return response


def _import_start(request: WorkspaceRequest, pending: dict[str, Any]) -> HttpResponse:
    """Start the confirmed import as a task (the upload is gone: ask for it again)."""
    municipality = request.municipality
    path = Path(settings.MEDIA_ROOT) / pending["upload"]
    run = task_enqueue(
        import_spreadsheet_task,
        title=_("Inventory import: %(file)s") % {"file": pending["name"]},
        municipality=municipality,
        user=request.user,
        municipality_id=municipality.pk,
        upload=pending["upload"],
        kind=pending["kind"],
        filename=pending["name"],
    )
    del request.session[_IMPORT_KEY]
    if not path.exists():
        messages.error(request, _("Please upload the file again."))
        return redirect("inventory:import", municipality.ars)
    return redirect("core:task_detail", municipality.ars, run.pk)


def _import_preview(request: WorkspaceRequest, form: ImportForm) -> ParseResult:
    """What the uploaded file would change; a file without problems is kept for the import."""
    upload = form.cleaned_data["file"]
    data = upload.read()
    kind = form.cleaned_data["kind"]
    result = preview(
        parse_spreadsheet(data, kind=kind, filename=upload.name, municipality=request.municipality),
        request.municipality,
    )
    if result.ok:
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        request.session[_IMPORT_KEY] = {
            "upload": upload_store(data, suffix),
            "name": upload.name,
            "kind": kind,
        }
    return result


def _import_context(result: ParseResult | None) -> dict[str, Any]:
    keys = [key for _h, key, _r in COLUMNS[result.kind]] if result else []
    return {
        "result": result,
        "preview_rows": [
            (row.line, row.action, [_display(row.values.get(k)) for k in keys[:8]])
            for row in (result.rows[:20] if result else [])
        ],
        "columns": {k: [h for h, _key, _r in cols] for k, cols in COLUMNS.items()},
        "required": {k: [h for h, _key, r in cols if r] for k, cols in COLUMNS.items()},
        "preview_headers": [h for h, _key, _r in COLUMNS[result.kind]] if result else [],
    }


@municipality_view(can_edit_inventory)
def spreadsheet_upload(request: WorkspaceRequest) -> HttpResponse:
    """Upload, then preview what was understood and the problems per line; nothing is written
    before the import is confirmed."""
    form = ImportForm(request.POST or None, request.FILES or None)
    pending = request.session.get(_IMPORT_KEY)
    if request.method == "POST" and "confirm" in request.POST and pending:
        return _import_start(request, pending)
    result = (
        _import_preview(request, form) if request.method == "POST" and form.is_valid() else None
    )
    return render(request, "inventory/import.html", {"form": form} | _import_context(result))


def _display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(str(getattr(v, "name", v)) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)
