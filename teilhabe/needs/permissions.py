"""Who may do what in the needs assessment: plain predicates over an ``Access``."""

from __future__ import annotations

from teilhabe.core.models import EDITING_ROLES, Role
from teilhabe.core.permissions import Access
from teilhabe.needs.models import Need


def can_write_needs(access: Access) -> bool:
    """Reach the pages that create or change needs: staff, and working groups (for the needs
    of their own field of action; the object check follows)."""
    return access.has_role(*EDITING_ROLES, Role.WORKING_GROUP)


def can_decide_needs(access: Access) -> bool:
    """Accept or dismiss needs and proposals, run weighing rounds, record the decision: the
    staff who edit the concept."""
    return access.has_role(*EDITING_ROLES)


def can_edit_need(access: Access, need: Need) -> bool:
    """Staff edit every need; a working group the needs of its own field of action."""
    if need.municipality_id != access.municipality.pk:
        return False
    if can_decide_needs(access):
        return True
    return access.has_role(Role.WORKING_GROUP) and need.field_id in access.field_ids


def can_score_needs(access: Access) -> bool:
    """Score needs in a weighing round: the members of the steering group."""
    return access.has_role(Role.STEERING)
