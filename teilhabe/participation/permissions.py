"""Who may do what in participation (predicates over ``Access``)."""

from __future__ import annotations

from teilhabe.core.models import Role
from teilhabe.core.permissions import Access, can_edit
from teilhabe.participation.models import WorkingGroup


def can_capture(access: Access) -> bool:
    """Type in contributions and minutes: staff and working-group members."""
    return can_edit(access) or access.has_role(Role.WORKING_GROUP)


def can_see_free_text(access: Access) -> bool:
    """Free-text answers may contain special categories; only staff read them unreviewed."""
    return can_edit(access)


def can_edit_group(access: Access, group: WorkingGroup | None) -> bool:
    if can_edit(access):
        return True
    return (
        group is not None
        and access.has_role(Role.WORKING_GROUP)
        and group.field_of_action_id in access.field_ids
    )
