"""``{% panels "slot" obj %}``: the panels higher parts registered for a slot of this page
(see ``teilhabe.core.extensions``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from teilhabe.core.extensions import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context: template.Context, slot: str, obj: Any) -> SafeString:
    return render_panels(slot, context["request"], obj, today=context.get("today"))
