"""Cheap pieces for the concept tree, which lists every measure: at 1,000 measures a
``{% url %}`` and an ``{% include %}`` per measure took most of the page's time."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from teilhabe.concept.models import Measure
from teilhabe.core.markup import escaped
from teilhabe.core.models import Municipality
from teilhabe.core.navigation import url_prefix

register = template.Library()

# Rendered badges by (language, traffic light).
_LIGHT_BADGES: dict[tuple[str, str], SafeString] = {}


def _badge(language: str, light: str) -> SafeString:
    badge = _LIGHT_BADGES.get((language, light))
    if badge is None:
        badge = render_to_string("concept/_light.html", {"light": light})
        _LIGHT_BADGES[(language, light)] = badge
    return badge


@register.filter
def light_badge(light: str | None) -> SafeString:
    """The badge of ``concept/_light.html`` for ``light``, rendered once per language."""
    return _badge(get_language() or "", light or "")


@register.simple_tag
def measure_items(municipality: Municipality, measures: Iterable[Measure]) -> SafeString:
    """One ``<li>`` per measure: a link to it with number and title, and its traffic light."""
    base = escaped(url_prefix("concept:measure_detail", municipality.ars))
    language = get_language() or ""
    return SafeString(
        "".join(
            f'<li><a class="kern-link" href="{base}{m.pk}/">{escaped(m.number)} '
            f"{escaped(m.title)}</a> {_badge(language, m.traffic_light or '')}</li>"
            for m in measures
        )
    )
