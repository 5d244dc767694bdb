"""Pages of the inventory: actors, offers, usage, gaps, duplicates, map, spreadsheets, survey."""

from __future__ import annotations

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

from teilhabe.core.models import Area, AreaKind, FieldOfAction, Municipality
from teilhabe.core.navigation import url_prefix
from teilhabe.core.selectors import area_shapes, object_history
from teilhabe.core.tasks import task_enqueue, upload_store
from teilhabe.core.tenancy import municipality_view
from teilhabe.inventory import selectors, services
from teilhabe.inventory.forms import (
    ActorForm,
    ActorNoteForm,
    ImportForm,
    OfferEditForm,
    OfferLocationFormSet,
    SurveyActorForm,
    SurveyCommentForm,
    SurveyOfferForm,
    SurveyProposalForm,
    SurveyRoundForm,
    UsageForm,
    origin_groups_text,
)
from teilhabe.inventory.models import (
    LANGUAGES,
    Actor,
    ActorKind,
    ChangeStatus,
    Offer,
    OfferForm,
    OfferStatus,
    SurveyChange,
    SurveyInvitation,
    SurveyRound,
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
    export_csv,
    export_xlsx,
    parse_spreadsheet,
    preview,
)
from teilhabe.inventory.tasks import import_spreadsheet_task
from teilhabe.portal import page_cache


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


def _actor_or_404(request: HttpRequest, pk: int) -> Actor:
    actor = selectors.actor_get(municipality=request.municipality, pk=pk)  # type: ignore[attr-defined]
    if actor is None:
        raise Http404
    return actor


def _offer_or_404(request: HttpRequest, pk: int) -> Offer:
    offer = selectors.offer_get(municipality=request.municipality, pk=pk)  # type: ignore[attr-defined]
    if offer is None:
        raise Http404
    return offer


def _can_change_actor(request: HttpRequest, actor: Actor) -> bool:
    """Shared actors are edited by the tenant that keeps them; others add notes only."""
    return actor.municipality_id == request.municipality.pk  # type: ignore[attr-defined]


# --- actors -------------------------------------------------------------------------------


@municipality_view()
def actor_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    flt = selectors.ActorFilter(
        q=request.GET.get("q", "").strip(),
        kind=request.GET.get("art", ""),
        field=_int(request.GET.get("feld")),
        language=request.GET.get("sprache", ""),
        scope=request.GET.get("herkunft", ""),
    )
    actors = selectors.actors_filtered(municipality=municipality, flt=flt)
    actors, sorting = _sorted(
        request,
        actors,
        keys={
            "name": lambda a: a.name,
            "art": lambda a: a.get_kind_display(),
            "gebiet": lambda a: a.area.name if a.area else "",
            "angebote": lambda a: a.offer_count,
        },
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
    template = "inventory/_actor_table.html" if request.htmx else "inventory/actor_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@municipality_view()
def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    actor = _actor_or_404(request, pk)
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
            "can_approve": can_approve(request.access),  # type: ignore[attr-defined]
            "merged_from": list(actor.merged_from.all()),
            "history": object_history(actor),
            "note_history": object_history(note) if note else [],
        },
    )


@municipality_view(can_edit_inventory)
def actor_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    actor = _actor_or_404(request, pk) if pk else Actor(municipality=municipality)
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
def actor_note(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_or_404(request, pk)
    form = ActorNoteForm(request.POST)
    if form.is_valid():
        services.actor_note_save(
            actor=actor,
            municipality=request.municipality,
            text=form.cleaned_data["text"],  # type: ignore[attr-defined]
        )
        messages.success(request, _("Your notes were saved."))
    return redirect("inventory:actor_detail", request.municipality.ars, actor.pk)  # type: ignore[attr-defined]


@municipality_view(can_edit_inventory)
@require_POST
def actor_contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_or_404(request, pk)
    if not _can_change_actor(request, actor):
        raise Http404
    services.actor_contact_person_remove(actor=actor)
    messages.success(request, _("The contact person was removed, also from the history."))
    return redirect("inventory:actor_detail", request.municipality.ars, actor.pk)  # type: ignore[attr-defined]


@municipality_view(can_approve)
@require_POST
def actor_publish(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_or_404(request, pk)
    if not _can_change_actor(request, actor):
        raise Http404
    approve = request.POST.get("approve") == "1"
    services.publication_set(obj=actor, user=request.user, approved=approve)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Approved for publication.") if approve else _("Approval for publication withdrawn."),
    )
    return redirect("inventory:actor_detail", request.municipality.ars, actor.pk)  # type: ignore[attr-defined]


@municipality_view(can_approve)
def actor_merge(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """Confirm page and merge: ``other`` is merged into ``pk``."""
    keep, duplicate = _actor_or_404(request, pk), _actor_or_404(request, other)
    ids = selectors.federation_ids(request.municipality)  # type: ignore[attr-defined]
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
            return redirect("inventory:actor_detail", request.municipality.ars, keep.pk)  # type: ignore[attr-defined]
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


def _filter_context(request: HttpRequest, flt: selectors.OfferFilter) -> dict[str, Any]:
    municipality = request.municipality  # type: ignore[attr-defined]
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
def offer_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
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
    template = "inventory/_offer_table.html" if request.htmx else "inventory/offer_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _maintainable_actors(request: HttpRequest) -> Any:
    """Actors whose offers the user may maintain: all visible ones for editors, those of its
    org units for a responsible office."""
    access = request.access  # type: ignore[attr-defined]
    actors = selectors.actors_visible(municipality=request.municipality)  # type: ignore[attr-defined]
    if can_edit_inventory(access):
        return actors
    if not can_maintain_offers(access):
        return actors.none()
    return actors.filter(org_unit_id__in=access.org_unit_ids)


def _offer_to_maintain(request: HttpRequest, pk: int) -> Offer:
    offer = _offer_or_404(request, pk)
    if not can_maintain_offer(request.access, offer):  # type: ignore[attr-defined]
        raise PermissionDenied
    return offer


@municipality_view()
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk)
    return render(
        request,
        "inventory/offer_detail.html",
        {
            "offer": offer,
            "can_maintain": can_maintain_offer(request.access, offer),  # type: ignore[attr-defined]
            "locations": offer.location_list(),
            "usages": selectors.usage_for_offer(offer=offer),
            "can_approve": can_approve(request.access),  # type: ignore[attr-defined]
            "merged_from": list(offer.merged_from.all()),
            "history": object_history(offer),
        },
    )


@municipality_view(can_maintain_offers)
def offer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    offer = _offer_to_maintain(request, pk) if pk else Offer(municipality=municipality)
    initial = {}
    if not pk and _int(request.GET.get("akteur")):
        initial["actor"] = _int(request.GET.get("akteur"))
    actors = _maintainable_actors(request)
    form = OfferEditForm(
        request.POST or None,
        instance=offer,
        initial=initial,
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
        kept, removed = [], []
        for location_form in locations.forms:
            if location_form in locations.deleted_forms:
                if location_form.instance.pk:
                    removed.append(location_form.instance)
                continue
            if location_form.instance.pk is None and not location_form.has_content():
                continue
            kept.append(location_form.save(commit=False))
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
def offer_publish(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk)
    approve = request.POST.get("approve") == "1"
    services.publication_set(obj=offer, user=request.user, approved=approve)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Approved for publication.") if approve else _("Approval for publication withdrawn."),
    )
    return redirect("inventory:offer_detail", request.municipality.ars, offer.pk)  # type: ignore[attr-defined]


@municipality_view(can_approve)
def offer_merge(request: HttpRequest, pk: int, other: int) -> HttpResponse:
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
            return redirect("inventory:offer_detail", request.municipality.ars, keep.pk)  # type: ignore[attr-defined]
    return render(request, "inventory/offer_merge.html", {"keep": keep, "duplicate": duplicate})


@municipality_view(can_maintain_offers)
def usage_edit(request: HttpRequest, offer_pk: int, pk: int | None = None) -> HttpResponse:
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
            return redirect("inventory:offer_detail", request.municipality.ars, offer.pk)  # type: ignore[attr-defined]
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


@municipality_view()
def usage_list(request: HttpRequest) -> HttpResponse:
    """All usage records with filters and sortable columns (Inanspruchnahme)."""
    municipality = request.municipality  # type: ignore[attr-defined]
    years = selectors.usage_years(municipality=municipality)
    year = _int(request.GET.get("jahr"))
    field_pk = _int(request.GET.get("feld"))
    q = request.GET.get("q", "").strip()
    usages = selectors.usage_filtered(municipality=municipality, year=year, field=field_pk, q=q)
    usages, sorting = _sorted(
        request,
        usages,
        keys={
            "angebot": lambda u: u.offer.title,
            "akteur": lambda u: u.offer.actor.name,
            "zeitraum": lambda u: u.period_start,
            "teilnehmende": lambda u: u.participants,
            "frauen": lambda u: u.women,
            "warteliste": lambda u: u.waiting_list,
        },
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
    template = "inventory/_usage_table.html" if request.htmx else "inventory/usage_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


# --- gap view, duplicates, map ------------------------------------------------------------


@municipality_view()
def gaps(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    years = selectors.usage_years(municipality=municipality)
    year = _int(request.GET.get("jahr")) or (years[0] if years else None)
    level = request.GET.get("ebene", "")
    kinds = sorted(
        set(Area.objects.filter(municipality=municipality).values_list("kind", flat=True))
    )
    if level not in kinds:
        level = ""
    view = request.GET.get("sicht", "gebiet")
    area = None
    if _int(request.GET.get("gebiet")):
        area = get_object_or_404(
            Area.objects.defer("geometry"),
            pk=_int(request.GET.get("gebiet")),
            municipality=municipality,
        )
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
def duplicates(request: HttpRequest) -> HttpResponse:
    """The duplicate and overlap search. It compares every actor and offer (~150 ms at 3,000
    offers), so its tables are kept until the data they compare changes."""
    municipality = request.municipality  # type: ignore[attr-defined]
    can_merge = can_approve(request.access)  # type: ignore[attr-defined]

    def tables() -> str:
        offers = selectors.own_offer_facts(municipality=municipality)  # once for both searches
        return render_to_string(
            "inventory/_duplicate_tables.html",
            {
                "actor_pairs": selectors.duplicate_actors(municipality=municipality),
                "offer_pairs": selectors.duplicate_offers(municipality=municipality, offers=offers),
                "overlaps": selectors.overlapping_offers(municipality=municipality, offers=offers),
                "can_approve": can_merge,
                "municipality": municipality,
            },
        )

    kept = page_cache.kept_until_changed(
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
def offer_map(request: HttpRequest) -> HttpResponse:
    """The map page with the list beside it; the map's points come from ``offer_map_points``
    with the same filter, so the page is not held up by thousands of points."""
    municipality = request.municipality  # type: ignore[attr-defined]
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
def offer_map_points(request: HttpRequest) -> JsonResponse:
    """The points of the offers that match the map's filter, as JSON for the map's script."""
    municipality = request.municipality  # type: ignore[attr-defined]
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
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in COLUMNS or fmt not in ("xlsx", "csv"):
        raise Http404
    municipality = request.municipality  # type: ignore[attr-defined]
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


@municipality_view(can_edit_inventory)
def spreadsheet_upload(request: HttpRequest) -> HttpResponse:
    """Upload, then preview what was understood and the problems per line; nothing is written
    before the import is confirmed."""
    municipality = request.municipality  # type: ignore[attr-defined]
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    pending = request.session.get(_IMPORT_KEY)
    if request.method == "POST" and "confirm" in request.POST and pending:
        path = Path(settings.MEDIA_ROOT) / pending["upload"]
        run = task_enqueue(
            import_spreadsheet_task,
            title=_("Inventory import: %(file)s") % {"file": pending["name"]},
            municipality=municipality,
            user=request.user,  # type: ignore[arg-type]
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
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        kind = form.cleaned_data["kind"]
        result = preview(
            parse_spreadsheet(data, kind=kind, filename=upload.name, municipality=municipality),
            municipality,
        )
        if result.ok:
            suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            request.session[_IMPORT_KEY] = {
                "upload": upload_store(data, suffix),
                "name": upload.name,
                "kind": kind,
            }
    columns = {k: [h for h, _key, _r in cols] for k, cols in COLUMNS.items()}
    keys = [key for _h, key, _r in COLUMNS[result.kind]] if result else []
    required = {k: [h for h, _key, r in cols if r] for k, cols in COLUMNS.items()}
    return render(
        request,
        "inventory/import.html",
        {
            "form": form,
            "result": result,
            "preview_rows": [
                (row.line, row.action, [_display(row.values.get(k)) for k in keys[:8]])
                for row in (result.rows[:20] if result else [])
            ],
            "columns": columns,
            "required": required,
            "preview_headers": [h for h, _key, _r in COLUMNS[result.kind]] if result else [],
        },
    )


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


# --- the actor survey ---------------------------------------------------------------------


@municipality_view(can_edit_inventory)
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inventory/survey_list.html",
        {"surveys": selectors.survey_rounds(municipality=request.municipality)},  # type: ignore[attr-defined]
    )


@municipality_view(can_edit_inventory)
def survey_create(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    form = SurveyRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                municipality=municipality,
                user=request.user,
                **form.cleaned_data,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey created. Now choose the actors to ask."))
            return redirect("inventory:survey_detail", municipality.ars, survey.pk)
    return render(request, "inventory/survey_form.html", {"form": form})


@municipality_view(can_edit_inventory)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    survey = get_object_or_404(SurveyRound, pk=pk, municipality=municipality)
    if request.method == "POST" and request.POST.get("action") == "send":
        chosen = selectors.actors_without_invitation(
            municipality=municipality, survey=survey
        ).filter(pk__in=[int(v) for v in request.POST.getlist("actors") if v.isdigit()])
        sent, skipped = services.survey_send(survey=survey, actors=list(chosen))
        messages.success(request, _("%(n)s links sent.") % {"n": len(sent)})
        if skipped:
            messages.warning(
                request,
                _("No e-mail address, not sent: %(names)s. Add a role address to the actor.")
                % {"names": ", ".join(skipped)},
            )
        return redirect("inventory:survey_detail", municipality.ars, survey.pk)
    if request.method == "POST" and request.POST.get("action") == "remind":
        count = services.survey_remind(survey=survey)
        messages.success(request, _("%(n)s reminders sent with a new link.") % {"n": count})
        return redirect("inventory:survey_detail", municipality.ars, survey.pk)
    invitations = list(selectors.survey_invitations(survey=survey))
    return render(
        request,
        "inventory/survey_detail.html",
        {
            "survey": survey,
            "invitations": invitations,
            "answered": sum(1 for i in invitations if i.answered_at),
            "candidates": selectors.actors_without_invitation(
                municipality=municipality, survey=survey
            ),
            "history": object_history(survey),
        },
    )


@municipality_view(can_edit_inventory)
@require_POST
def survey_invitation_remind(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    """Remind a single actor (a new link by e-mail; the old one stops working)."""
    municipality = request.municipality  # type: ignore[attr-defined]
    survey = get_object_or_404(SurveyRound, pk=pk, municipality=municipality)
    invitation = get_object_or_404(
        SurveyInvitation.objects.select_related("actor"), pk=invitation_pk, survey=survey
    )
    if services.survey_remind_one(invitation=invitation):
        messages.success(
            request,
            _("A reminder with a new link was sent to %(actor)s (%(email)s).")
            % {"actor": invitation.actor.name, "email": invitation.email},
        )
    else:
        messages.warning(
            request,
            _("%(actor)s has no e-mail address. Hand the link over in person instead.")
            % {"actor": invitation.actor.name},
        )
    return redirect("inventory:survey_detail", municipality.ars, survey.pk)


@municipality_view(can_edit_inventory)
def survey_handover(request: HttpRequest, pk: int, actor_pk: int) -> HttpResponse:
    """Show an actor's personal link with a QR code, to hand it over in person or by phone.
    Only a hash of a link is stored, so showing it means making a new one (POST)."""
    municipality = request.municipality  # type: ignore[attr-defined]
    survey = get_object_or_404(SurveyRound, pk=pk, municipality=municipality)
    actor = _actor_or_404(request, actor_pk)
    invitation = SurveyInvitation.objects.filter(survey=survey, actor=actor).first()
    context: dict[str, Any] = {"survey": survey, "actor": actor, "invitation": invitation}
    if request.method == "POST":
        invitation, token = services.survey_invitation_create(survey=survey, actor=actor)
        link = services.survey_link(token)
        context |= {
            "invitation": invitation,
            "link": link,
            "qr_svg": services.qr_svg(link, title=_("QR code of the personal link")),
        }
    return render(request, "inventory/survey_handover.html", context)


@municipality_view(can_edit_inventory)
def survey_review(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    survey = get_object_or_404(SurveyRound, pk=pk, municipality=municipality)
    invitation = get_object_or_404(
        SurveyInvitation.objects.select_related("actor"), pk=invitation_pk, survey=survey
    )
    if request.method == "POST":
        decisions = 0
        # Totals first, so the breakdowns are checked against the accepted total.
        # A proposal's title first too: it creates the offer its other fields apply to.
        pending = sorted(
            invitation.changes.filter(status=ChangeStatus.PENDING),
            key=lambda c: (c.field not in ("participants", "title"), c.proposal or 0),
        )
        for change in pending:
            change.refresh_from_db()
            if change.status != ChangeStatus.PENDING:
                continue  # decided together with its proposal's title
            choice = request.POST.get(f"change-{change.pk}")
            if request.POST.get("all") in ("accept", "reject"):
                choice = request.POST["all"]
            if choice not in ("accept", "reject"):
                continue
            try:
                services.survey_change_decide(
                    change=change, accept=choice == "accept", user=request.user
                )  # type: ignore[arg-type]
                decisions += 1
            except ValidationError as exc:
                messages.error(
                    request,
                    _("“%(field)s” could not be accepted: %(msg)s")
                    % {"field": change.field, "msg": " ".join(exc.messages)},
                )
        messages.success(request, _("%(n)s changes decided.") % {"n": decisions})
        return redirect("inventory:survey_review", municipality.ars, survey.pk, invitation.pk)
    return render(
        request,
        "inventory/survey_review.html",
        {"survey": survey, "invitation": invitation, "changes": _labelled_changes(invitation)},
    )


def _change_value(change: SurveyChange, value: Any) -> str:
    """A reported value as the office reads it (names instead of codes and ids)."""
    if value in (None, "", [], {}):
        return "–"
    if change.field == "fields_of_action" and isinstance(value, list):
        names = FieldOfAction.objects.filter(pk__in=value).values_list("name", flat=True)
        return ", ".join(names)
    if change.field == "target_groups" and isinstance(value, list):
        labels = dict(TargetGroup.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if change.field == "languages" and isinstance(value, list):
        labels = dict(LANGUAGES)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if change.field in ("form", "status"):
        choices = dict(OfferForm.choices) | dict(OfferStatus.choices)
        return str(choices.get(value, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _labelled_changes(invitation: SurveyInvitation) -> list[dict[str, Any]]:
    models = {"actor": Actor, "offer": Offer, "usage": Usage}
    proposal_labels = {
        name: str(f.label)
        for name, f in SurveyProposalForm(
            municipality=invitation.survey.municipality
        ).fields.items()
    }
    out = []
    for change in invitation.changes.select_related("offer", "decided_by"):
        if change.target == "proposal":
            label = proposal_labels.get(change.field, change.field)
            about = _("New offer %(n)s proposed") % {"n": change.proposal}
            if change.offer:
                about += f" ({change.offer.title})"
        else:
            label = str(models[change.target]._meta.get_field(change.field).verbose_name)
            about = change.offer.title if change.offer else invitation.actor.name
        out.append(
            {
                "change": change,
                "label": label,
                "about": about,
                "old": _change_value(change, change.old_value),
                "new": _change_value(change, change.new_value),
            }
        )
    return out


PROPOSAL_SLOTS = 2


def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The actor's form behind the personal link: no account, works without JavaScript."""
    invitation = services.survey_invitation_for_token(token)
    if invitation is None:
        return render(request, "inventory/survey_invalid.html", status=410)
    survey, actor = invitation.survey, invitation.actor
    offers = list(selectors.offers_of_actor(municipality=survey.municipality, actor=actor))
    actor_initial = {name: getattr(actor, name) for name in services.SURVEY_ACTOR_FIELDS}
    data = request.POST if request.method == "POST" else None
    actor_form = SurveyActorForm(data, initial=actor_initial, prefix="akteur")
    offer_forms = []
    for offer in offers:
        usage = Usage.objects.filter(
            offer=offer, period_start=survey.period_start, period_end=survey.period_end
        ).first()
        initial = {name: getattr(offer, name) for name in services.SURVEY_OFFER_FIELDS}
        initial |= {
            name: getattr(usage, name) if usage else None for name in services.SURVEY_USAGE_FIELDS
        }
        initial["origin_groups"] = origin_groups_text(usage.origin_groups if usage else None)
        offer_forms.append(
            (offer, SurveyOfferForm(data, initial=initial, prefix=f"angebot-{offer.pk}"))
        )
    comment_form = SurveyCommentForm(data, initial={"comment": invitation.comment})
    proposal_forms = [
        SurveyProposalForm(data, prefix=f"neu-{n}", municipality=survey.municipality)
        for n in range(1, PROPOSAL_SLOTS + 1)
    ]
    if (
        data is not None
        and actor_form.is_valid()
        and comment_form.is_valid()
        and all(f.is_valid() for _o, f in offer_forms)
        and all(f.is_valid() for f in proposal_forms)
    ):
        count = services.survey_answer_record(
            invitation=invitation,
            actor_data=actor_form.cleaned_data,
            offer_data={
                o.pk: {k: f.cleaned_data[k] for k in services.SURVEY_OFFER_FIELDS}
                for o, f in offer_forms
            },
            usage_data={
                o.pk: {k: f.cleaned_data[k] for k in services.SURVEY_USAGE_FIELDS}
                for o, f in offer_forms
            },
            comment=comment_form.cleaned_data["comment"],
            proposals=[f.proposal() for f in proposal_forms],
        )
        return render(
            request,
            "inventory/survey_thanks.html",
            {"survey": survey, "actor": actor, "count": count},
        )
    return render(
        request,
        "inventory/survey_answer.html",
        {
            "survey": survey,
            "actor": actor,
            "invitation": invitation,
            "actor_form": actor_form,
            "offer_forms": offer_forms,
            "comment_form": comment_form,
            "proposal_forms": proposal_forms,
            "has_errors": data is not None,
        },
    )
