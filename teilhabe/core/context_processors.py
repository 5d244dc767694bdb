from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from teilhabe.core.navigation import nav_for
from teilhabe.core.permissions import can_administer, can_edit


def workspace(request: HttpRequest) -> dict[str, Any]:
    """The current municipality, the user's access and the navigation, where there is one."""
    access = getattr(request, "access", None)
    if access is None:
        return {}
    return {
        "municipality": request.municipality,  # type: ignore[attr-defined]
        "access": access,
        "workspace_nav": nav_for(access, request.path),
        "can_edit": can_edit(access),
        "can_administer": can_administer(access),
    }
