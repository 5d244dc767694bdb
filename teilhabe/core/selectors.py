"""Reads of the core, always scoped to a municipality."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from teilhabe.core.geo import simplify_geometry_text
from teilhabe.core.models import (
    Area,
    FieldOfAction,
    Membership,
    Municipality,
    OrgUnit,
    TaskRun,
    User,
)


def municipalities_for_user(*, user: User) -> list[Municipality]:
    """The municipalities a user works in, including towns administered by their county."""
    from teilhabe.core.permissions import access_for

    if user.is_superuser:
        return list(Municipality.objects.select_related("parent"))
    direct = Municipality.objects.filter(memberships__user=user, memberships__is_active=True)
    delegated = Municipality.objects.filter(administered_by_parent=True, parent__in=direct)
    candidates = (direct | delegated).distinct().select_related("parent")
    return [m for m in candidates if access_for(user, m) is not None]


def areas_for_municipality(*, municipality: Municipality) -> QuerySet[Area]:
    """The areas without their geometries (lists need none; maps use ``area_shapes``)."""
    return (
        Area.objects.filter(municipality=municipality)
        .select_related("parent")
        .defer("geometry", "parent__geometry")
        .order_by("key")
    )


def area_shapes(*, areas: QuerySet[Area], tolerance: float = 0.0003) -> dict[int, dict[str, Any]]:
    """The simplified shapes of those ``areas`` that have a geometry, by pk (one query). The
    geometry is read as text, so a shape already cached is neither parsed nor simplified."""
    rows = (
        areas.filter(geometry__isnull=False)
        .annotate(geometry_text=Cast("geometry", TextField()))
        .values_list("pk", "geometry_text")
    )
    shapes = {pk: simplify_geometry_text(text, tolerance) for pk, text in rows}
    return {pk: shape for pk, shape in shapes.items() if shape}


def area_tree(*, municipality: Municipality) -> list[tuple[Area, list[Area]]]:
    """Top-level areas with their children, in key order (one query)."""
    areas = list(areas_for_municipality(municipality=municipality))
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    return [(top, children.get(top.pk, [])) for top in children.get(None, [])]


def area_map_spec(*, areas: list[Area], title: str) -> dict[str, Any] | None:
    """A Vega-Lite geoshape spec of the areas (simplified shapes), no tile server needed;
    None when no area has a geometry. The areas' geometries need not be loaded."""
    shapes = area_shapes(areas=Area.objects.filter(pk__in=[a.pk for a in areas]))
    features = [
        {
            "type": "Feature",
            "properties": {"key": a.key, "name": a.name, "kind": a.get_kind_display()},
            "geometry": shapes[a.pk],
        }
        for a in areas
        if a.pk in shapes
    ]
    if not features:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": title,
        "width": "container",
        "height": 420,
        "data": {"values": features},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.7},
        "encoding": {
            # One colour per area, told apart also by the white borders; names in the table.
            "color": {
                "field": "properties.name",
                "type": "nominal",
                "legend": None,
                "scale": {"scheme": "tableau10"},
            },
            "tooltip": [
                {"field": "properties.key", "title": _("Key")},
                {"field": "properties.name", "title": _("Name")},
            ],
        },
    }


def fields_of_action(
    *, municipality: Municipality, include_inactive: bool = True
) -> QuerySet[FieldOfAction]:
    qs = FieldOfAction.objects.filter(municipality=municipality)
    return qs if include_inactive else qs.filter(is_active=True)


def org_units(*, municipality: Municipality) -> QuerySet[OrgUnit]:
    return (
        OrgUnit.objects.filter(municipality=municipality)
        .select_related("parent")
        .annotate(member_count=Count("membership"))
    )


def memberships(*, municipality: Municipality) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(municipality=municipality)
        .select_related("user", "field_of_action", "org_unit")
        .order_by("-is_active", "user__last_name", "user__email")
    )


def task_runs(*, municipality: Municipality, user: User) -> QuerySet[TaskRun]:
    return TaskRun.objects.filter(municipality=municipality).select_related("user")[:100]


def object_history(obj: Any, limit: int = 50) -> list[dict[str, Any]]:
    """ "Changed by whom, when, what" for an object with django-simple-history."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    out = []
    for record, previous in zip(records, [*records[1:], None], strict=False):
        if record.author_anonymised:
            who = _("(anonymised)")
        elif record.history_user is not None:
            who = str(record.history_user)
        else:
            who = _("System")
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append(str(getattr(field, "verbose_name", change.field)))
        out.append(
            {
                "when": record.history_date,
                "who": who,
                "delegated_by": record.delegated_by,
                "type": {"+": _("created"), "~": _("changed"), "-": _("deleted")}[
                    record.history_type
                ],
                "changes": changes,
            }
        )
    return out[:limit]
