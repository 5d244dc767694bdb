"""Selects for long choice lists, with the markup of Django's, and choices read as plain rows."""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString

from teilhabe.core.markup import escaped


class _JoinedOptions:
    """Selects for long choice lists (1,000 measures, 3,000 offers): the options are joined in
    Python, not rendered through a template each, which took ~80 µs per option. The markup is
    the same as Django's; grouped choices fall back to Django's rendering."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = typing.cast(forms.Select, self)
        choices = list(widget.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # type: ignore[misc]
        selected = {str(v) for v in widget.format_value(value)}
        final = widget.build_attrs(widget.attrs, attrs) | {"name": name}
        if widget.allow_multiple_selected:
            final["multiple"] = True
        options = "".join(
            f'<option value="{escaped(key)}"'
            f"{' selected' if str(key) in selected else ''}>{escaped(label)}</option>"
            for key, label in choices
        )
        return format_html("<select{}>{}</select>", flatatt(final), SafeString(options))


# Named like Django's widgets on purpose: a bound field's ``widget_type`` comes from the class
# name, and the form templates and KERN classes go by "select" and "selectmultiple".
class Select(_JoinedOptions, forms.Select):
    pass


class SelectMultiple(_JoinedOptions, forms.SelectMultiple):
    pass


class _LabelRows(ModelChoiceIterator):
    """A model choice field's choices as (pk, label) rows from the database: no model instance
    per option (3,000 offers as instances took ~25 ms). The field still validates against its
    queryset."""

    def __init__(self, field: forms.ModelChoiceField, label: str) -> None:
        super().__init__(field)
        self.label = label

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.select_related(None).prefetch_related(None)
        key = self.field.to_field_name or "pk"  # what the field submits: a foreign key's "id"
        # One plain query: iterator() takes a server-side cursor on PostgreSQL, three round trips.
        yield from rows.values_list(key, self.label)


def choices_from_rows(field: forms.Field, label: str) -> None:
    """Let ``field`` (a model choice field whose labels are its model's ``label`` field) read
    its choices as plain rows."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{field!r} is not a model choice field")
    field.iterator = functools.partial(_LabelRows, label=label)  # type: ignore[assignment]
    field.widget.choices = field.choices  # the widget took its choices when the queryset was set
