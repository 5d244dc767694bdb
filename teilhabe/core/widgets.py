"""Widgets: selects for long choice lists, with the markup of Django's."""

from __future__ import annotations

import typing
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


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
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, SafeString(" selected") if str(key) in selected else "", label)
                for key, label in choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


# Named like Django's widgets on purpose: a bound field's ``widget_type`` comes from the class
# name, and the form templates and KERN classes go by "select" and "selectmultiple".
class Select(_JoinedOptions, forms.Select):
    pass


class SelectMultiple(_JoinedOptions, forms.SelectMultiple):
    pass
