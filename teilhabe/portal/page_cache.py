"""The portal's page cache and its invalidation.

Every rendered anonymous page is cached under a key that holds the municipality's portal
version number (``PortalVersion``, a row in the database). Saving or deleting anything the
portal shows raises that number in the same transaction, so every app process stops using its
copies at once — no matter which process rendered them or which cache backend holds them.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from teilhabe.core import caching
from teilhabe.portal.models import PortalVersion

# Seconds a rendered page stays in the cache at most; a safety net for bulk writes that send
# no signals (e.g. recomputed indicator values, which always come with a dataset save).
PAGE_TTL = 15 * 60

# Models whose rows the portal (or the API) shows, and how to find their municipality.
WATCHED: dict[str, str] = {
    "core.Municipality": "pk",
    "core.FieldOfAction": "municipality_id",
    "core.Area": "municipality_id",
    "core.OrgUnit": "municipality_id",
    "concept.Vision": "municipality_id",
    "concept.Guideline": "municipality_id",
    "concept.StrategicGoal": "municipality_id",
    "concept.Goal": "municipality_id",
    "concept.Recommendation": "municipality_id",
    "concept.Measure": "municipality_id",
    "needs.TargetGroup": "municipality_id",
    "implementation.StatusUpdate": "measure.municipality_id",
    "needs.Need": "municipality_id",
    "inventory.Actor": "municipality_id",
    "inventory.Offer": "municipality_id",
    "inventory.OfferLocation": "offer.municipality_id",
    "participation.Survey": "municipality_id",
    "participation.Contribution": "municipality_id",
    "participation.Event": "municipality_id",
    "statistics.Dataset": "municipality_id",
    "statistics.Indicator": "municipality_id",
    "council.Paper": "municipality_id",
    "reports.Report": "municipality_id",
    "reports.Edition": "report.municipality_id",
    "portal.PortalSettings": "municipality_id",
    "portal.PortalText": "municipality_id",
}


def current_version(municipality_id: int) -> int:
    number = (
        PortalVersion.objects.filter(municipality_id=municipality_id)
        .values_list("number", flat=True)
        .first()
    )
    return int(number or 0)


def versions_stamp(municipality_ids: list[int]) -> str:
    """The portal versions of the municipalities: results kept by ``core.caching`` hold it
    in their key, so that any change the portal watches ends them."""
    numbers = dict(
        PortalVersion.objects.filter(municipality_id__in=municipality_ids).values_list(
            "municipality_id", "number"
        )
    )
    return ".".join(f"{pk}-{numbers.get(pk, 0)}" for pk in sorted(municipality_ids))


def bump(municipality_id: int | None) -> None:
    """Raise the portal version of a municipality (and of its county: the county's portal
    shows shared actors and town-led measures)."""
    if not municipality_id:
        return
    updated = PortalVersion.objects.filter(municipality_id=municipality_id).update(
        number=F("number") + 1
    )
    if not updated:
        PortalVersion.objects.get_or_create(municipality_id=municipality_id, defaults={"number": 2})


def _resolve(instance: Any, path: str) -> int | None:
    obj = instance
    try:
        for part in path.split("."):
            obj = getattr(obj, part)
    except Exception:  # a parent that is gone while deleting: nothing left to show
        return None
    return obj if isinstance(obj, int) else None


def _on_change(sender: type, instance: Any, **kwargs: Any) -> None:
    path = WATCHED.get(sender._meta.label)
    if path is None:
        return
    municipality_id = _resolve(instance, path)
    bump(municipality_id)
    parent_id = _parent_of(municipality_id)
    if parent_id:
        bump(parent_id)


def _parent_of(municipality_id: int | None) -> int | None:
    if not municipality_id:
        return None
    from teilhabe.core.models import Municipality

    return (
        Municipality.objects.filter(pk=municipality_id).values_list("parent_id", flat=True).first()
    )


def _on_m2m(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    path = WATCHED.get(type(instance)._meta.label)
    if path is not None:
        bump(_resolve(instance, path))


def connect() -> None:
    """Connect the signals of every watched model (a label that names no model fails here),
    and let results kept by ``core.caching`` end with the portal versions."""
    caching.register_stamp(versions_stamp)
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_on_change, sender=model, dispatch_uid=f"portal-version-{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"portal-version-del-{label}")
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(
                _on_m2m, sender=through, dispatch_uid=f"portal-version-m2m-{label}-{m2m.name}"
            )


def page_key(municipality_id: int, version: int, language: str, full_path: str) -> str:
    digest = hashlib.sha256(full_path.encode("utf-8")).hexdigest()[:32]
    return f"portal:{municipality_id}:{version}:{language}:{digest}"


def cache_get(key: str) -> Any:
    return cache.get(key)


def cache_set(key: str, value: Any) -> None:
    cache.set(key, value, PAGE_TTL)
