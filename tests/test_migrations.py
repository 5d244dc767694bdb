"""The migration history makes exactly the schema the models describe, on the database the
suite runs on. The other tests run on a database built from the models (``--nomigrations``),
so this is where a migration that forgets a table or a column, or fails on PostgreSQL, shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from teilhabe.core.catalogue import FIELD_CATALOGUE

ROOT = Path(__file__).resolve().parent.parent


def expected_schema() -> dict[str, list[str]]:
    """Every table the models (and their many-to-many tables) need, with its columns."""
    tables: dict[str, list[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        tables[model._meta.db_table] = sorted(
            field.column for field in model._meta.local_concrete_fields
        )
    return tables


@pytest.fixture
def fresh_database_url(tmp_path):  # type: ignore[no-untyped-def]
    """A new, empty database next to the test database: a file for SQLite, a database of its
    own on the same PostgreSQL server (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    import psycopg

    name = f"teilhabe_migrations_{uuid.uuid4().hex[:8]}"
    base = settings.DATABASES["default"]
    server = f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}"
    # CREATE DATABASE cannot run inside the test's transaction: a connection of its own.
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_migrating_a_fresh_database_gives_the_schema_of_the_models(fresh_database_url):
    env = {**os.environ, "DATABASE_URL": fresh_database_url}
    result = subprocess.run(
        [sys.executable, "-m", "tests.migrated_schema", fresh_database_url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    migrated = json.loads(result.stdout.strip().splitlines()[-1])
    missing_tables = sorted(set(expected_schema()) - set(migrated["tables"]))
    assert not missing_tables, f"tables the migrations never create: {missing_tables}"
    left_over = sorted(set(migrated["tables"]) - set(expected_schema()) - {"django_migrations"})
    assert not left_over, f"tables no model uses any more: {left_over}"
    wrong_columns = {
        table: {
            "missing": sorted(set(columns) - set(migrated["tables"][table])),
            "extra": sorted(set(migrated["tables"][table]) - set(columns)),
        }
        for table, columns in expected_schema().items()
        if set(columns) != set(migrated["tables"][table])
    }
    assert not wrong_columns, f"columns differ between migrations and models: {wrong_columns}"
    assert migrated["field_templates"] == len(FIELD_CATALOGUE)
