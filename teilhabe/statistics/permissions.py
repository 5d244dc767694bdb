"""Who may do what with the data basis: everyone in the municipality reads; staff import
and compute."""

from __future__ import annotations

from teilhabe.core.permissions import Access, can_edit, can_read

__all__ = ["can_import", "can_read"]


def can_import(access: Access) -> bool:
    return can_edit(access)
