"""Who may do what in the inventory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teilhabe.core.models import Role
from teilhabe.core.permissions import Access, can_administer, can_edit, can_read

if TYPE_CHECKING:
    from teilhabe.inventory.models import Actor, Offer

__all__ = [
    "can_approve",
    "can_edit_inventory",
    "can_maintain_actor_offers",
    "can_maintain_offer",
    "can_maintain_offers",
    "can_read",
]


def can_edit_inventory(access: Access) -> bool:
    """Record actors, offers and usage; run the actor survey and review its answers."""
    return can_edit(access)


def can_maintain_offers(access: Access) -> bool:
    """May open the offer and usage forms at all: editors, and a responsible office (its own
    actors' offers only; the object check is ``can_maintain_offer``)."""
    return can_edit(access) or (access.has_role(Role.OFFICE) and bool(access.org_unit_ids))


def can_maintain_actor_offers(access: Access, actor: Actor) -> bool:
    """Offers of ``actor``: editors always; a responsible office if the actor is its org
    unit acting as provider."""
    if can_edit(access):
        return True
    return access.has_role(Role.OFFICE) and actor.org_unit_id in access.org_unit_ids


def can_maintain_offer(access: Access, offer: Offer) -> bool:
    return can_maintain_actor_offers(access, offer.actor)


def can_approve(access: Access) -> bool:
    """Approve actors and offers for the public portal, merge duplicates."""
    return can_administer(access)
