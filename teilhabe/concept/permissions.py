"""Who may do what with the concept: plain predicates over an ``Access``."""

from __future__ import annotations

from typing import Any

from teilhabe.core.models import EDITING_ROLES, Role
from teilhabe.core.permissions import Access


def can_edit_concept(access: Access) -> bool:
    """Write the tree, measures, drafts; record decisions of bodies."""
    return access.has_role(*EDITING_ROLES)


def can_propose_change(access: Access) -> bool:
    """Submit change proposals against a draft: staff, steering group, working groups."""
    return access.has_role(*EDITING_ROLES, Role.STEERING, Role.WORKING_GROUP)


def can_assess(access: Access) -> bool:
    """Rate the priority of measures: the steering group (and staff entering its votes)."""
    return access.has_role(*EDITING_ROLES, Role.STEERING)


def can_publish(access: Access) -> bool:
    return access.has_role(Role.ADMIN)


# --- needs assessment ------------------------------------------------------------------------


def can_write_needs(access: Access) -> bool:
    """Reach the pages that create or change needs: staff, and working groups (for the needs
    of their own field of action; the object check follows)."""
    return access.has_role(*EDITING_ROLES, Role.WORKING_GROUP)


def can_edit_need(access: Access, need: Any) -> bool:
    """Staff edit every need; a working group the needs of its own field of action."""
    if need.municipality_id != access.municipality.pk:
        return False
    if can_edit_concept(access):
        return True
    return access.has_role(Role.WORKING_GROUP) and need.field_id in access.field_ids


def can_decide_needs(access: Access) -> bool:
    """Accept or dismiss needs and proposals, run weighing rounds, record the decision."""
    return can_edit_concept(access)


def can_score_needs(access: Access) -> bool:
    """Score needs in a weighing round: the members of the steering group."""
    return access.has_role(Role.STEERING)
