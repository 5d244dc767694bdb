"""Editing an object with a ``version`` field (see ``teilhabe.core.versioning``): the form that
carries the version, the date input, and what a refused save is shown beside."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from teilhabe.core.selectors import object_history
from teilhabe.core.versioning import ConcurrentEditError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    @property
    def expected_version(self) -> int | None:
        if not self.instance.pk:
            return None
        return self.cleaned_data.get("version") or self.instance.version


def _display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "all"):
        return ", ".join(str(v) for v in value.all()) or "–"
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def conflict_context(form: Any, current: models.Model) -> dict[str, Any]:
    """What the other person saved, field by field, beside what the user entered."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        theirs = getattr(current, name, None)
        yours = form.cleaned_data.get(name)
        if hasattr(theirs, "all"):
            differs = {o.pk for o in theirs.all()} != {o.pk for o in (yours or [])}
        else:
            differs = theirs != yours
        if differs:
            rows.append(
                {"label": field.label, "theirs": _display(theirs), "yours": _display(yours)}
            )
    last = object_history(current, limit=1)
    return {"rows": rows, "last": last[0] if last else None}


def stored_state(exc: ConcurrentEditError) -> Any:
    """The stored object a refused save is shown beside; 404 when it was deleted meanwhile."""
    if exc.current is None:
        raise Http404
    return exc.current
