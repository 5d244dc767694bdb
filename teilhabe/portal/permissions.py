"""Who may manage the portal: admins and editors (the editing roles)."""

from __future__ import annotations

from teilhabe.core.permissions import Access, can_edit


def can_manage_portal(access: Access) -> bool:
    return can_edit(access)
