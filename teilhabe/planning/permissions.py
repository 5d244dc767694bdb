"""Who may do what in the planning part."""

from __future__ import annotations

from teilhabe.core.permissions import Access, can_edit, can_read

# Mandates, plans, resources and funding are read by every role and written by the editing roles
# (integration officer, staff, external process moderation).
can_read_planning = can_read
can_edit_planning = can_edit


def can_see_handover(access: Access) -> bool:
    """The handover view lists contacts and deadlines: for the people who run the process."""
    return can_edit(access)
