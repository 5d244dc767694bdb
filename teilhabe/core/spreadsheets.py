"""What every spreadsheet export and import shares."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is run as a formula by Excel or LibreOffice (formula or
# CSV injection, e.g. "=HYPERLINK(…)", "+cmd|…"); such text is written with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Keep spreadsheet programs from running a text as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
