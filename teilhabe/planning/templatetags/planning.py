"""Template helpers of the planning part."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def option_years(option_costs: Any, years: list[str]) -> list[Decimal]:
    """An option's totals in the order of the comparison's years (0 where none)."""
    return [option_costs.by_year.get(y, Decimal(0)) for y in years]


@register.filter
def line_years(line: Any, years: list[str]) -> list[Decimal]:
    return [line.by_year.get(y, Decimal(0)) for y in years]


@register.filter
def material_total(option_costs: Any) -> Decimal:
    return option_costs.by_kind.get("material", Decimal(0)) + option_costs.by_kind.get(
        "other", Decimal(0)
    )
