"""Escaping for markup joined in Python (long lists of options, links and badges)."""

from __future__ import annotations

import html
from typing import Any


def escaped(value: Any) -> str:
    """What ``conditional_escape`` gives, without its lazy-string wrapper, which cost a third
    of the time of a list of 3,000 options: safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))
