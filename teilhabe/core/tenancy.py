"""Resolve the municipality of a workspace URL and check the user's access to it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from teilhabe.core.models import Municipality, User
from teilhabe.core.permissions import Access, access_for, can_read

View = Callable[..., HttpResponseBase]


class AuthenticatedRequest(HttpRequest):
    """A request of a logged-in user (for type checking views behind login_required)."""

    user: User  # type: ignore[assignment]
    htmx: Any


class WorkspaceRequest(AuthenticatedRequest):
    """A request inside a municipality's workspace, as set up by ``municipality_view``."""

    municipality: Municipality
    access: Access


def admits(predicate: Callable[..., bool]) -> Callable[[View], View]:
    """Name the predicate of a view outside the workspace (``anyone``, ``signed_in``); the
    workspace's views name theirs through ``municipality_view``."""

    def decorator(view: View) -> View:
        view.access_predicate = predicate  # type: ignore[attr-defined]
        return view

    return decorator


def municipality_view(check: Callable[[Access], bool] = can_read) -> Callable[[View], View]:
    """Decorate a view taking ``ars``: unknown or foreign municipalities answer 404, missing
    rights 403. Sets ``request.municipality`` and ``request.access``.

    The view names its predicate as ``access_predicate``: the access matrix test derives the
    roles it must refuse from it, so the matrix and the predicates cannot drift apart."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, ars: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            municipality = Municipality.objects.select_related("parent").filter(ars=ars).first()
            if municipality is None:
                raise Http404
            workspace = cast(WorkspaceRequest, request)  # logged in: login_required
            access = access_for(workspace.user, municipality)
            if access is None:
                raise Http404
            if not check(access):
                raise PermissionDenied
            workspace.municipality = municipality
            workspace.access = access
            if access.delegated_by is not None:
                workspace.delegated_by = access.delegated_by  # type: ignore[attr-defined]
            return view(workspace, *args, **kwargs)

        wrapper.access_predicate = check  # type: ignore[attr-defined]
        # login_required copies the attribute onto its own wrapper (functools.wraps).
        return login_required(wrapper)

    return decorator
