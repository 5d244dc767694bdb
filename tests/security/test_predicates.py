"""Every access predicate decides something: a predicate no view names is a page guarded by a
weaker one (the led-measure pages were guarded by ``can_read`` while ``can_see_led_measures``
went unused). And no navigation entry leads a role to a page its predicate refuses."""

from __future__ import annotations

import importlib
import inspect

from teilhabe.core import navigation
from teilhabe.core.permissions import Access
from tests.test_access_matrix import _all_views, view_predicate
from tests.url_matrix import APPS, MEMBER_ROLES, sample_access

# Predicates that decide what a page shows, not who reaches it, with where they are used.
CONTENT_PREDICATES = {
    "teilhabe.core.permissions.can_read": "the default of municipality_view and of NavEntry",
}


def _access_predicates() -> dict[str, object]:
    """Every public ``can_*`` function of a permissions module that takes only an Access."""
    found = {}
    for app in ["core", *APPS]:
        try:
            module = importlib.import_module(f"teilhabe.{app}.permissions")
        except ModuleNotFoundError:
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("can_") or function.__module__ != module.__name__:
                continue
            if len(inspect.signature(function).parameters) == 1:
                found[f"{module.__name__}.{name}"] = function
    return found


def test_every_access_predicate_is_named_by_a_view():
    named = {view_predicate(view) for view in _all_views().values()}
    unused = sorted(
        name
        for name, predicate in _access_predicates().items()
        if predicate not in named and name not in CONTENT_PREDICATES
    )
    assert not unused, f"predicates no view names (a page checks a weaker one?): {unused}"


def test_the_predicate_finder_sees_the_led_measure_predicate():
    # Guards the test above against finding nothing.
    assert "teilhabe.implementation.permissions.can_see_led_measures" in _access_predicates()


def test_no_navigation_entry_leads_to_a_page_its_role_may_not_see():
    views = _all_views()
    wrong = []
    county_town = Access(
        municipality=sample_access("admin").municipality, roles=frozenset({"admin"})
    )
    county_town.municipality.parent_id = 1  # entries shown only to towns of a county
    for entry in navigation._entries:
        predicate = view_predicate(views[entry.url_name])
        for role in MEMBER_ROLES:
            access = Access(
                municipality=county_town.municipality,
                roles=frozenset({role}),
                field_ids=sample_access(role).field_ids,
                org_unit_ids=sample_access(role).org_unit_ids,
            )
            if entry.check(access) and not predicate(access):
                wrong.append(f"{entry.url_name} for {role} ({predicate.__name__} denies)")
    assert navigation._entries, "no navigation entries registered"
    assert not wrong, wrong
