"""Template helpers of the needs assessment."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` for dicts keyed by strings (JSON), also when ``key`` is a number."""
    if not isinstance(mapping, dict):
        return None
    return mapping.get(key, mapping.get(str(key)))


@register.filter
def de_figure(value: Any) -> str:
    """A figure in German notation: whole numbers without decimals (1.234), else two (12,50)."""
    from decimal import Decimal

    from teilhabe.core.templatetags.teilhabe import de_number

    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    return de_number(number, 0 if number == number.to_integral_value() else 2)
