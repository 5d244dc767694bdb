"""Who may do what with the concept: plain predicates over an ``Access``."""

from __future__ import annotations

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
