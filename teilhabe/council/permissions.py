"""Who may do what in the council part."""

from __future__ import annotations

from teilhabe.core.permissions import Access, can_edit
from teilhabe.council.models import SignOff


def can_sign_off(access: Access, signoff: SignOff) -> bool:
    """Editors record any sign-off; a responsible office records its own unit's."""
    return can_edit(access) or signoff.org_unit_id in access.org_unit_ids
