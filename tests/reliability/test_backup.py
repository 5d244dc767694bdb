"""Backup drill: load data, back up with scripts/backup.py, restore into a FRESH database and
an empty media folder, compare row counts and checksums of every table and every file."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(django_settings.BASE_DIR)
SCRIPT = ROOT / "scripts" / "backup.py"

KOELN = (
    "id,tab_id,tabelle,jahr,raum_id,raum,zei_id,zeile,zahl\n"
    "1,005,Einwohner,2022,101,Altstadt/Süd,01,insgesamt,27000\n"
    "2,005,Einwohner,2022,102,Neustadt/Süd,01,insgesamt,38000\n"
).encode()


def _backup_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("teilhabe_backup", SCRIPT)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _load_data() -> None:
    """Something of every kind: users, a municipality, actors, a dataset with its file."""
    from teilhabe.core.models import FieldOfAction, User
    from teilhabe.core.services import municipality_create
    from teilhabe.inventory.models import Actor, Offer
    from teilhabe.statistics.services import dataset_import

    municipality = municipality_create(
        ars="053150000000", name="Stadt Köln", kind="kreisfreie_stadt"
    )
    FieldOfAction.objects.create(municipality=municipality, name="Sprache")
    User.objects.create_user("admin@koeln.example", "ein-langes-Test-Passwort-42")
    actor = Actor.objects.create(municipality=municipality, name="Sprachtreff Süd", kind="verein")
    Offer.objects.create(municipality=municipality, actor=actor, title="Sprachcafé", form="gruppe")
    dataset_import(
        municipality=municipality, data=KOELN, filename="bevoelkerung.csv", fmt="koeln", user=None
    )


def _run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_drill(tmp_path, settings):
    _load_data()
    media = Path(settings.MEDIA_ROOT)
    assert _files(media), "the dataset keeps its file in MEDIA_ROOT"
    backup = _backup_module()
    before = backup.table_checksums(connection)
    assert before["statistics_observation"]["rows"] == 2
    out, restored_media = tmp_path / "backups", tmp_path / "media-restored"
    if connection.vendor == "sqlite":
        # The test database lives in memory: copy it to a file with the same online backup
        # API the script uses, then run the script against that file.
        source = tmp_path / "teilhabe.sqlite3"
        target = sqlite3.connect(source)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        source_url = f"sqlite:///{source}"
        fresh_url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    else:
        db = connection.settings_dict
        base = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        source_url = f"{base}/{db['NAME']}"
        fresh_name = f"{db['NAME']}_drill"
        _drop_pg(fresh_name)
        fresh_url = f"{base}/{fresh_name}"
    printed = _run(
        ["backup", "--out", str(out)], {"DATABASE_URL": source_url, "MEDIA_ROOT": str(media)}
    )
    assert "Sicherung" in printed
    (folder,) = out.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"] == before  # the backup holds exactly what was in the database
    assert manifest["media"]["files"] == len(_files(media))
    try:
        printed = _run(
            ["restore", str(folder)],
            {"DATABASE_URL": fresh_url, "MEDIA_ROOT": str(restored_media)},
        )
        assert "stimmen mit der Sicherung überein" in printed
        after = json.loads(
            _run(["checksums"], {"DATABASE_URL": fresh_url, "MEDIA_ROOT": str(restored_media)})
        )
        assert after == before  # every table: same rows, same checksum
        assert _files(restored_media) == _files(media)
        # Restoring over data is refused without --force (no accidental overwrite).
        refused = subprocess.run(
            [sys.executable, str(SCRIPT), "restore", str(folder)],
            env={**os.environ, "DATABASE_URL": fresh_url, "MEDIA_ROOT": str(restored_media)},
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
        assert refused.returncode != 0 and "--force" in refused.stderr
    finally:
        if connection.vendor == "postgresql":
            _drop_pg(fresh_name)


def test_damaged_backup_is_refused(tmp_path):
    folder = tmp_path / "teilhabe-1"
    folder.mkdir()
    (folder / "db.sqlite3").write_bytes(b"kaputt")
    (folder / "media.tar.gz").write_bytes(b"")
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "engine": "sqlite",
                "database": "db.sqlite3",
                "tables": {},
                "files": {"db.sqlite3": "0" * 64, "media.tar.gz": "0" * 64},
            }
        )
    )
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "restore", str(folder)],
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "m"),
        },
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode != 0 and "beschädigt" in result.stderr


def _drop_pg(name: str) -> None:
    import psycopg

    db = connection.settings_dict
    params = {
        k: v
        for k, v in {
            "host": db["HOST"],
            "port": db["PORT"],
            "user": db["USER"],
            "password": db["PASSWORD"],
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
