"""Back up and restore Teilhabe: the database and the uploaded files (MEDIA_ROOT).

    python scripts/backup.py backup [--out var/backups]
    python scripts/backup.py restore var/backups/teilhabe-20260101-120000 [--force]
    python scripts/backup.py checksums            # row count and checksum of every table

The database is the one of ``DATABASE_URL`` (as for the app). SQLite is copied with the sqlite3
online backup API (a consistent copy while the server runs), PostgreSQL with ``pg_dump -Fc``
(one consistent snapshot) and restored with ``pg_restore``. The uploaded files go into a tar
archive. ``manifest.json`` records the row count and a checksum of every table; ``restore``
compares the restored database against it and fails loudly on any difference.

Restoring goes into an empty database (a new SQLite file, a new PostgreSQL database: it is
created when missing) and an empty MEDIA_ROOT; ``--force`` replaces what is there.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
FORMAT = 1


def _django() -> Any:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    return settings


# --- checksums ---------------------------------------------------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "b:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, float):
        return repr(round(value, 9))
    return repr(value)


def table_checksums(connection: Any) -> dict[str, dict[str, Any]]:
    """Row count and a SHA-256 over the sorted rows of every table (order-independent, so a
    restored database with other physical row order compares equal)."""
    out: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608  (names from introspection)
            rows = sorted("\x1f".join(_value(v) for v in row) for row in cursor.fetchall())
            digest = hashlib.sha256("\x1e".join(rows).encode()).hexdigest()
            out[table] = {"rows": len(rows), "sha256": digest}
    return out


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _pg_create_if_missing(db: dict[str, Any]) -> bool:
    """Create the target database when it does not exist; True if it was created."""
    import psycopg

    params = {
        k.lower(): v for k, v in db.items() if k in ("HOST", "PORT", "USER", "PASSWORD") and v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone()
        if exists:
            return False
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')  # name from DATABASE_URL
        return True


# --- backup ------------------------------------------------------------------------------------


def backup(out: Path) -> Path:
    settings = _django()
    from django.db import connection

    db = settings.DATABASES["default"]
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005  (local time in the name)
    target = out / f"teilhabe-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    started = time.perf_counter()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "engine": connection.vendor,
    }
    if connection.vendor == "sqlite":
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(target / "db.sqlite3"))
        with copy:
            source.backup(copy)  # consistent even while the server writes (page-wise, WAL)
        copy.close()
        source.close()
        manifest["database"] = "db.sqlite3"
        manifest["tables"] = _sqlite_file_checksums(target / "db.sqlite3", db)
    elif connection.vendor == "postgresql":
        from django.db import transaction

        args, env = _pg_env(db)
        # pg_dump and the checksums see the same snapshot, so the manifest describes exactly
        # what is in the dump even while the app keeps writing.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            subprocess.run(  # noqa: S603
                [  # noqa: S607  (pg_dump from PATH, as the operator installed it)
                    "pg_dump",
                    "-Fc",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    *args,
                    "-f",
                    str(target / "db.dump"),
                    db["NAME"],
                ],
                check=True,
                env=env,
            )
            manifest["tables"] = table_checksums(connection)
        manifest["database"] = "db.dump"
    else:  # pragma: no cover
        raise SystemExit(f"Datenbank {connection.vendor} wird nicht unterstützt.")
    media = Path(settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(target / "media.tar.gz", "w:gz") as tar:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(media)))
                    files += 1
    manifest["media"] = {"archive": "media.tar.gz", "files": files}
    manifest["files"] = {
        name: _file_sha256(target / name) for name in (manifest["database"], "media.tar.gz")
    }
    manifest["seconds"] = round(time.perf_counter() - started, 2)
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return target


def _sqlite_file_checksums(path: Path, db: dict[str, Any]) -> dict[str, Any]:
    from django.db.backends.sqlite3.base import DatabaseWrapper

    copy = DatabaseWrapper({**db, "NAME": str(path), "OPTIONS": {}}, alias="backup_copy")
    try:
        return table_checksums(copy)
    finally:
        copy.close()


# --- restore -----------------------------------------------------------------------------------


def restore(source: Path, *, force: bool = False) -> dict[str, Any]:
    settings = _django()
    from django.db import connection

    manifest = json.loads((source / "manifest.json").read_text())
    for name, digest in manifest["files"].items():
        if _file_sha256(source / name) != digest:
            raise SystemExit(f"Die Sicherung ist beschädigt: Prüfsumme von {name} stimmt nicht.")
    if manifest["engine"] != connection.vendor:
        raise SystemExit(
            f"Die Sicherung stammt aus {manifest['engine']}, die Zieldatenbank ist {connection.vendor}."
        )
    db = settings.DATABASES["default"]
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()) and not force:
        raise SystemExit(f"MEDIA_ROOT {media} ist nicht leer. Mit --force wird es ersetzt.")
    if connection.vendor == "sqlite":
        path = Path(db["NAME"])
        if path.exists() and path.stat().st_size and not force:
            raise SystemExit(f"Die Datenbank {path} existiert. Mit --force wird sie ersetzt.")
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        backup_db = sqlite3.connect(str(source / "db.sqlite3"))
        target = sqlite3.connect(str(path))
        with target:
            backup_db.backup(target)
        target.close()
        backup_db.close()
    else:
        _pg_create_if_missing(db)
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            )
            has_tables = cursor.fetchone()[0] > 0
        connection.close()
        if has_tables and not force:
            raise SystemExit(
                f"Die Datenbank {db['NAME']} ist nicht leer. Mit --force wird sie ersetzt."
            )
        args, env = _pg_env(db)
        clean = ["--clean", "--if-exists"] if has_tables else []
        subprocess.run(  # noqa: S603
            [  # noqa: S607  (pg_restore from PATH)
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *clean,
                *args,
                "-d",
                db["NAME"],
                str(source / "db.dump"),
            ],
            check=True,
            env=env,
        )
    if media.is_dir() and force:
        shutil.rmtree(media)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz", "r:gz") as tar:
        tar.extractall(media, filter="data")  # no absolute paths, no links out of MEDIA_ROOT
    connection.close()
    restored = table_checksums(connection)
    differences = sorted(
        t
        for t in set(restored) | set(manifest["tables"])
        if restored.get(t) != manifest["tables"].get(t)
    )
    if differences:
        raise SystemExit("Wiederherstellung weicht von der Sicherung ab: " + ", ".join(differences))
    return {"tables": len(restored), "rows": sum(t["rows"] for t in restored.values())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Teilhabe sichern und wiederherstellen")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("backup", help="Datenbank und hochgeladene Dateien sichern")
    b.add_argument("--out", type=Path, default=BASE_DIR / "var" / "backups")
    r = sub.add_parser("restore", help="eine Sicherung in eine leere Datenbank zurückspielen")
    r.add_argument("source", type=Path)
    r.add_argument("--force", action="store_true", help="vorhandene Daten ersetzen")
    sub.add_parser("checksums", help="Zeilenzahl und Prüfsumme jeder Tabelle ausgeben")
    args = parser.parse_args(argv)
    if args.command == "backup":
        target = backup(args.out)
        manifest = json.loads((target / "manifest.json").read_text())
        rows = sum(t["rows"] for t in manifest["tables"].values())
        print(
            f"Sicherung {target}: {len(manifest['tables'])} Tabellen, {rows} Zeilen, "
            f"{manifest['media']['files']} Dateien, {manifest['seconds']} s"
        )
    elif args.command == "restore":
        summary = restore(args.source, force=args.force)
        print(
            f"Wiederhergestellt aus {args.source}: {summary['tables']} Tabellen, "
            f"{summary['rows']} Zeilen; Zeilenzahlen und Prüfsummen stimmen mit der Sicherung überein."
        )
    else:
        _django()
        from django.db import connection

        print(json.dumps(table_checksums(connection), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
