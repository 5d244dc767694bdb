"""Every URL × role × municipality answers as the matrix says (see url_matrix.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import build_world, login, shared_data
from tests.url_matrix import EXEMPT, MATRIX, ROLES, setup_world


def _all_url_names(patterns=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _all_url_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    covered = {row.name for row in MATRIX} | set(EXEMPT)
    missing = sorted(
        n for n in _all_url_names() if n not in covered and not n.startswith(("djdt:",))
    )
    assert not missing, f"URLs missing from tests/url_matrix.py: {missing}"


def test_matrix_rows_name_every_role():
    for row in MATRIX:
        assert set(row.expect) == set(ROLES), row.name


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def media_root(module_media):
    return module_media


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
        yield world, sessions


@pytest.mark.parametrize("row", MATRIX, ids=[r.name for r in MATRIX])
def test_url_answers_as_the_matrix_says(row, matrix_world, db):
    world, sessions = matrix_world
    url = reverse(row.name, kwargs=row.kwargs(world))
    failures = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        status = client.get(url).status_code
        if status != row.expect[role]:
            failures.append(f"{role}: expected {row.expect[role]}, got {status}")
    assert not failures, f"{url}: " + "; ".join(failures)
