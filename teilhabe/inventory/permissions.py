"""Who may do what in the inventory."""

from __future__ import annotations

from teilhabe.core.permissions import Access, can_administer, can_edit, can_read

__all__ = ["can_approve", "can_edit_inventory", "can_read"]


def can_edit_inventory(access: Access) -> bool:
    """Record actors, offers and usage; run the actor survey and review its answers."""
    return can_edit(access)


def can_approve(access: Access) -> bool:
    """Approve actors and offers for the public portal, merge duplicates."""
    return can_administer(access)
