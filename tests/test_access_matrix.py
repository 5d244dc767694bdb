"""Every URL × role × municipality answers as the matrix says (see url_matrix.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from conftest import build_world, login, shared_data
from teilhabe.core.permissions import access_for
from tests.url_matrix import EXEMPT, MATRIX, MEMBER_ROLES, ROLES, setup_world


def _all_views(patterns=None, namespace: str = "") -> dict[str, object]:
    """URL name → view callback of every named URL."""
    views: dict[str, object] = {}
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            views |= _all_views(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            views[f"{namespace}{pattern.name}"] = pattern.callback
    return views


def _all_url_names() -> set[str]:
    return set(_all_views())


def view_predicate(view):
    """The predicate a view names (``municipality_view(check)``, ``admits(...)``, or the
    ``access_predicate`` of a class-based view), or None."""
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    return getattr(view, "access_predicate", None) or getattr(view_class, "access_predicate", None)


def test_every_view_names_the_predicate_that_admits_it():
    unnamed = sorted(
        name
        for name, view in _all_views().items()
        if name not in EXEMPT and not name.startswith("djdt:") and view_predicate(view) is None
    )
    assert not unnamed, f"views without a predicate (municipality_view or admits): {unnamed}"


def test_every_url_is_in_the_matrix():
    covered = {row.name for row in MATRIX} | set(EXEMPT)
    missing = sorted(
        n for n in _all_url_names() if n not in covered and not n.startswith(("djdt:",))
    )
    assert not missing, f"URLs missing from tests/url_matrix.py: {missing}"


def test_matrix_rows_name_every_role():
    for row in MATRIX:
        assert set(row.expect) == set(ROLES), row.name


# The data is built once for the module (shared_data), its files with it.
SHARED_MEDIA = True


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, module_media):
    """The world with every part's objects and a logged-in session per role, built once for
    all rows of this module (each row runs in a savepoint, so what a GET writes is undone)."""
    with shared_data(django_db_blocker, module_media):
        world = build_world()
        setup_world(world)
        sessions = {
            role: login(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
            for role, user in world.users.items()
        }
        accesses = {r: access_for(world.users[r], world.municipality) for r in MEMBER_ROLES}
        yield world, sessions, accesses


@pytest.mark.parametrize("row", MATRIX, ids=[r.name for r in MATRIX])
def test_url_answers_as_the_matrix_says(row, matrix_world, db):
    """The roles the view's predicate denies must get 403, whatever the row says (a row that
    says otherwise is wrong too); the others get what the row says."""
    world, sessions, accesses = matrix_world
    url = reverse(row.name, kwargs=row.kwargs(world))
    predicate = view_predicate(resolve(url).func)
    failures = []
    for role in ROLES:
        expected = row.expect[role]
        if role in accesses and not predicate(accesses[role]):
            if expected != 403:
                failures.append(f"{role}: {predicate.__name__} denies, the row says {expected}")
            expected = 403
        client = Client()
        if role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        status = client.get(url).status_code
        if status != expected:
            failures.append(f"{role}: expected {expected}, got {status}")
    assert not failures, f"{url}: " + "; ".join(failures)
