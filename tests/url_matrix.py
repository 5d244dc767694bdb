"""The declarative access matrix: every URL × role × municipality → expected status.

``ROLES`` are the columns: ``anonymous``, the seven roles in the municipality, and ``foreign``
(an admin of another municipality, who must get 404). Each row names a URL, how to build its
arguments from the test world, and the expected status per column. Every later part of
Teilhabe adds its URLs here; ``test_every_url_is_in_the_matrix`` fails otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from teilhabe.core.models import Municipality
from teilhabe.core.permissions import Access, can_administer, can_edit, can_read

ROLES = [
    "anonymous",
    "admin",
    "editor",
    "steering",
    "working_group",
    "office",
    "reader",
    "moderator",
    "foreign",
]

REDIRECT = 302

# The roles inside the municipality: the columns a predicate decides.
MEMBER_ROLES = ROLES[1:-1]


def sample_access(role: str) -> Access:
    """The access of a member with ``role`` (bound to a field and an office like the test
    world's users), for reading a predicate without a database."""
    return Access(
        municipality=Municipality(ars="053150000000"),
        roles=frozenset({role}),
        field_ids=frozenset({1}) if role == "working_group" else frozenset(),
        org_unit_ids=frozenset({1}) if role == "office" else frozenset(),
    )


def may(predicate: Callable[[Access], bool], status: int = 200) -> dict[str, int]:
    """Column preset read from a predicate: the roles it admits get ``status``, the others
    403; anonymous visitors are sent to the login, another municipality's admin gets 404."""
    return {"anonymous": REDIRECT, "foreign": 404} | {
        r: (status if predicate(sample_access(r)) else 403) for r in MEMBER_ROLES
    }


# Column presets.
READ = may(can_read)
EDIT = may(can_edit)
ADMIN = may(can_administer)
POST_EDIT = {
    r: (405 if s == 200 else s) for r, s in EDIT.items()
}  # POST-only views, asked with GET
POST_ADMIN = {r: (405 if s == 200 else s) for r, s in ADMIN.items()}
PUBLIC = {r: 200 for r in ROLES}
ACCOUNT = {r: 200 for r in ROLES} | {"anonymous": REDIRECT}


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: Callable[[Any], dict[str, Any]]
    expect: dict[str, int]


def ars(w: Any) -> dict[str, Any]:
    return {"ars": w.municipality.ars}


CORE_MATRIX: list[Row] = [
    Row(
        "core:start",
        lambda w: {},
        ACCOUNT | {"foreign": 302} | {r: 302 for r in ROLES if r not in ("anonymous",)},
    ),
    Row("core:legal", lambda w: {"page": "impressum"}, PUBLIC),
    # only a platform administrator (superuser) creates municipalities
    Row(
        "core:municipality_create",
        lambda w: {},
        {r: 403 for r in ROLES} | {"anonymous": REDIRECT},
    ),
    Row("core:login", lambda w: {}, {r: 302 for r in ROLES} | {"anonymous": 200}),
    Row("core:account", lambda w: {}, ACCOUNT),
    Row("core:password_change", lambda w: {}, ACCOUNT),
    Row("core:otp_verify", lambda w: {}, ACCOUNT),
    Row("core:otp_setup", lambda w: {}, ACCOUNT),
    Row("core:backup_codes_renew", lambda w: {}, {r: 405 for r in ROLES} | {"anonymous": REDIRECT}),
    Row("core:invitation_accept", lambda w: {"token": "ungueltig"}, {r: 410 for r in ROLES}),
    Row("core:home", ars, READ),
    Row("core:area_list", ars, READ),
    Row("core:area_detail", lambda w: ars(w) | {"pk": w.area.pk}, READ),
    Row("core:area_import", ars, EDIT),
    Row("core:area_import_mapping", ars, EDIT | {r: 302 for r, s in EDIT.items() if s == 200}),
    Row("core:field_list", ars, READ),
    Row("core:field_adopt", ars, POST_EDIT),
    Row("core:field_create", ars, EDIT),
    Row("core:field_edit", lambda w: ars(w) | {"pk": w.field.pk}, EDIT),
    Row("core:field_move", lambda w: ars(w) | {"pk": w.field.pk}, POST_EDIT),
    Row("core:orgunit_list", ars, READ),
    Row("core:orgunit_create", ars, EDIT),
    Row("core:orgunit_edit", lambda w: ars(w) | {"pk": w.org_unit.pk}, EDIT),
    Row("core:member_list", ars, ADMIN),
    Row("core:member_invite", ars, ADMIN),
    Row(
        "core:member_toggle",
        lambda w: ars(w) | {"pk": w.municipality.memberships.first().pk},
        POST_ADMIN,
    ),
    Row("core:municipality_settings", ars, READ),
    Row("core:task_list", ars, EDIT),
    Row("core:task_detail", lambda w: ars(w) | {"pk": w.extra["task_run"].pk}, EDIT),
    Row("core:deadline_list", ars, READ),
    Row("core:reminder_settings", lambda w: {}, ACCOUNT),
    # Both answer to their token only; an unknown token is 404 for everyone.
    Row("core:digest_unsubscribe", lambda w: {"token": "ungueltig"}, {r: 404 for r in ROLES}),
    Row("core:calendar_feed", lambda w: {"token": "ungueltig"}, {r: 404 for r in ROLES}),
]

# URL names deliberately outside the matrix, with the reason.
EXEMPT = {
    "set_language": "Django's language switch (POST, no page)",
    "core:logout": "POST only; tested in test_accounts",
}


APPS = [
    "planning",
    "statistics",
    "inventory",
    "participation",
    "needs",
    "concept",
    "implementation",
    "council",
    "reports",
    "portal",
    "api",
]


def app_matrix_modules() -> list[Any]:
    """Each part of Teilhabe keeps its rows in ``teilhabe/<app>/tests/url_matrix.py``."""
    import importlib

    return [importlib.import_module(f"teilhabe.{app}.tests.url_matrix") for app in APPS]


def full_matrix() -> list[Row]:
    rows = list(CORE_MATRIX)
    for module in app_matrix_modules():
        rows.extend(module.MATRIX)
    return rows


def setup_world(world: Any) -> None:
    """Let every part create the objects its rows point to."""
    from teilhabe.core.models import TaskRun

    world.extra["task_run"] = TaskRun.objects.create(municipality=world.municipality, title="Test")
    for module in app_matrix_modules():
        module.setup(world)


MATRIX = full_matrix()
