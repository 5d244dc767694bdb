"""No lost updates: one mechanism for every edited object with a ``version`` field.

A form carries the version it was loaded with. Saving claims the next version with a
conditional UPDATE (``WHERE version = expected``); of two saves based on the same version
exactly one succeeds, on SQLite and PostgreSQL alike, without holding locks while a person
types. The other gets ``ConcurrentEditError`` with the stored state to show.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)

CONFLICT_MESSAGE = _(
    "Someone else changed this in the meantime. Open the page again to see the current state, "
    "then enter your changes again."
)


class ConcurrentEditError(ValidationError):
    """Someone else saved the object after it was loaded; ``current`` is the stored state
    (None when it was deleted)."""

    def __init__(self, current: models.Model | None = None, message: Any = None) -> None:
        super().__init__(message or CONFLICT_MESSAGE, code="concurrent_edit")
        self.current = current


def save_versioned(
    obj: M,
    *,
    expected_version: int | None = None,
    user: Any = None,
    clean: bool = True,
    m2m: dict[str, Any] | None = None,
) -> M:
    """Validate and save ``obj`` and raise its version by one.

    With ``expected_version`` (the version the user's form was based on) the save is refused
    when the stored version differs. Without it the version is raised unconditionally: for
    saves by the system, not by a person editing a form. ``user`` is recorded as the author of
    the history entry; ``m2m`` sets many-to-many fields after the save.
    """
    if clean:
        obj.full_clean()
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user  # type: ignore[attr-defined]
    manager = type(obj)._default_manager
    with transaction.atomic():
        if obj._state.adding:
            obj.version = 1  # type: ignore[attr-defined]
        else:
            rows = manager.filter(pk=obj.pk)
            if expected_version is not None:
                rows = rows.filter(version=expected_version)
            if not rows.update(version=F("version") + 1):
                raise ConcurrentEditError(manager.filter(pk=obj.pk).first())
            obj.version = manager.filter(pk=obj.pk).values_list("version", flat=True).get()  # type: ignore[attr-defined]
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
    return obj
