"""Shared fixtures: a municipality with a user per role, a second municipality, logins with 2FA."""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.models import (
    Area,
    AreaKind,
    FieldOfAction,
    Membership,
    Municipality,
    OrgUnit,
    Role,
    User,
)
from teilhabe.core.services import municipality_create

PASSWORD = "ein-langes-Test-Passwort-42"

ROLE_NAMES = ["admin", "editor", "steering", "working_group", "office", "reader", "moderator"]


# Tasks run in-process in tests; passwords are hashed fast (Argon2 is tested apart).
TEST_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The test database is built from the models (``--nomigrations`` in pyproject): the
    migrations make the same schema (``makemigrations --check`` in the lint step, and
    tests/test_migrations.py migrates a fresh database and compares), and building it this way
    spares each test worker the minute the migration history takes. The one data migration,
    the catalogue of fields of action, is written here."""
    from teilhabe.core.catalogue import seed_field_catalogue
    from teilhabe.core.models import FieldOfActionTemplate

    with django_db_blocker.unblock():
        seed_field_catalogue(FieldOfActionTemplate)


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    """One media folder for a whole test module, for data built once per module."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def media_root(request, tmp_path):
    """Uploads go to a temporary folder of each test; a module that builds its data once
    (``shared_data``) sets ``SHARED_MEDIA = True`` so the files of that data stay for all its
    tests."""
    if getattr(request.module, "SHARED_MEDIA", False):
        return request.getfixturevalue("module_media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings, media_root):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)
    settings.MEDIA_ROOT = media_root
    # Rolled-back tests reuse keys and version numbers: no cached page may outlive its test.
    caches["default"].clear()


@contextmanager
def shared_data(django_db_blocker, media_root):
    """Data built once for a whole test module: written inside a transaction that is rolled
    back when the module is done, while each test runs in a savepoint of it (its own changes
    vanish after it). Yield inside the ``with``."""
    with (
        django_db_blocker.unblock(),
        override_settings(**TEST_SETTINGS, MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        caches["default"].clear()
        yield
        transaction.set_rollback(True)


@dataclass
class World:
    municipality: Municipality
    other: Municipality
    users: dict[str, User] = dataclasses.field(default_factory=dict)
    field: FieldOfAction | None = None
    org_unit: OrgUnit | None = None
    area: Area | None = None
    extra: dict[str, object] = dataclasses.field(default_factory=dict)


def make_user(email: str) -> User:
    return User.objects.create_user(
        email, PASSWORD, first_name="Test", last_name=email.split("@")[0]
    )


def verify_2fa(client: Client, user: User) -> None:
    """Mark the client's session as verified with a TOTP device (as after entering a code)."""
    device = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    verify_2fa(client, user)
    return client


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """Two municipalities, a field, an office, two areas and a user per role (plus a foreign
    admin); callers need database access."""
    municipality = municipality_create(
        ars="053150000000", name="Stadt Köln", kind="kreisfreie_stadt"
    )
    other = municipality_create(
        ars="051110000000", name="Stadt Düsseldorf", kind="kreisfreie_stadt"
    )
    fld = FieldOfAction.objects.create(municipality=municipality, name="Sprache", position=1)
    unit = OrgUnit.objects.create(municipality=municipality, name="Jugendamt", short_name="51")
    top = Area.objects.create(
        municipality=municipality, key="001", name="Innenstadt", kind=AreaKind.STADTBEZIRK
    )
    area = Area.objects.create(
        municipality=municipality,
        key="101",
        name="Altstadt/Süd",
        kind=AreaKind.STADTTEIL,
        parent=top,
    )
    w = World(municipality=municipality, other=other, field=fld, org_unit=unit, area=area)
    for role in ROLE_NAMES:
        user = make_user(f"{role}@koeln.example")
        extra: dict[str, object] = {}
        if role == "working_group":
            extra["field_of_action"] = fld
        if role == "office":
            extra["org_unit"] = unit
        if role == "moderator":
            extra["valid_until"] = date(2099, 12, 31)
        Membership.objects.create(user=user, municipality=municipality, role=Role(role), **extra)
        w.users[role] = user
    foreign = make_user("admin@duesseldorf.example")
    Membership.objects.create(user=foreign, municipality=other, role=Role.ADMIN)
    w.users["foreign"] = foreign
    return w
