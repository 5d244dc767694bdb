"""Who may do what in a municipality: plain predicates over an ``Access``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from teilhabe.core.models import EDITING_ROLES, Membership, Municipality, Role, User


@dataclass(frozen=True)
class Access:
    """A user's effective rights in one municipality."""

    municipality: Municipality
    roles: frozenset[str]
    field_ids: frozenset[int] = field(default_factory=frozenset)
    org_unit_ids: frozenset[int] = field(default_factory=frozenset)
    # The county through whose delegated administration the user acts, if any.
    delegated_by: Municipality | None = None

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


def access_for(user: User, municipality: Municipality) -> Access | None:
    """The user's access to ``municipality``, or None (the municipality then answers 404)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Access(municipality=municipality, roles=frozenset({Role.ADMIN}))
    today = timezone.localdate()
    own = [
        m
        for m in Membership.objects.filter(user=user, municipality=municipality)
        if m.is_current(today)
    ]
    if own:
        return Access(
            municipality=municipality,
            roles=frozenset(m.role for m in own),
            field_ids=frozenset(m.field_of_action_id for m in own if m.field_of_action_id),
            org_unit_ids=frozenset(m.org_unit_id for m in own if m.org_unit_id),
        )
    # Delegated administration: the county's admins and editors act for a town without staff.
    if municipality.administered_by_parent and municipality.parent_id:
        county_roles = {
            m.role
            for m in Membership.objects.filter(user=user, municipality_id=municipality.parent_id)
            if m.is_current(today) and m.role in (Role.ADMIN, Role.EDITOR)
        }
        if county_roles:
            return Access(
                municipality=municipality,
                roles=frozenset(county_roles),
                delegated_by=municipality.parent,
            )
    return None


def can_read(access: Access) -> bool:
    return bool(access.roles)


def can_edit(access: Access) -> bool:
    return access.has_role(*EDITING_ROLES)


def can_administer(access: Access) -> bool:
    return access.has_role(Role.ADMIN)


# Views outside a municipality's workspace name one of these two as their predicate, so that
# every view names the predicate that admits it (tests/test_access_matrix.py).


def anyone(access: Access | None) -> bool:
    """Public pages: the portal, the API, forms reached through a secret link."""
    return True


def signed_in(access: Access | None) -> bool:
    """A user's own account pages: login is required, no role in any municipality."""
    return True


def platform_administrator(access: Access | None) -> bool:
    """Creating a municipality: no role in any municipality admits it; the view lets only a
    platform administrator (a superuser, who stands outside the municipalities) in."""
    return False
