"""``{% panels "slot" obj %}``: the panels higher parts registered for a slot of this page
(see ``teilhabe.core.extensions``). Each panel's template is rendered in the page's context
(``municipality``, ``today``, the CSRF token …) plus what its context function gives."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from teilhabe.core.extensions import panel_contexts

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context: template.Context, slot: str, obj: Any) -> SafeString:
    html = []
    for name, values in panel_contexts(slot, context["request"], obj):
        with context.push(**values):
            html.append(get_template(name).template.render(context))  # type: ignore[attr-defined]
    return mark_safe("".join(html))  # noqa: S308  (rendered templates, escaped there)
