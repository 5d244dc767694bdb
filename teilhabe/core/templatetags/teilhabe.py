"""Template helpers: KERN classes on form widgets, German numbers, chart specs as JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import json_script
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES = {
    "checkbox": "kern-form-check__checkbox",
    "radio": "kern-form-check__radio",
    "select": "kern-form-input__select",
    "selectmultiple": "kern-form-input__select",
}


@register.simple_tag
def kern_widget(field: BoundField) -> SafeString:
    """Render a field's widget with the KERN class for its type (and the error state)."""
    widget_type = field.widget_type
    css = _CLASSES.get(widget_type, "kern-form-input__input")
    if field.errors:
        css += f" {css}--error"
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{css} {existing}".strip()})


@register.filter
def de_number(value: Any, digits: int = 0) -> str:
    """1234.5 → "1.234,5" (German grouping and decimal comma)."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    text = f"{number:,.{int(digits)}f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


@register.simple_tag
def chart_spec(spec: dict[str, Any] | None, element_id: str) -> SafeString:
    """The Vega-Lite spec as a JSON script element (no inline script, CSP-safe); nothing
    where there is no spec (a figure without values is left out, not an error).

    Vega's own ARIA roles on marks are switched off: the chart as a whole is one image with a
    label, and the same numbers stand in an accessible table beside it."""
    if not spec:
        return SafeString("")
    spec = {**spec, "config": {**spec.get("config", {}), "aria": False}}
    return json_script(spec, element_id)


@register.filter
def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
