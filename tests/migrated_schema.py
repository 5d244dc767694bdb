"""Migrate a fresh database from nothing, as ``make run`` does on a new machine, and print its
schema as JSON: ``python -m tests.migrated_schema DATABASE_URL``. A process of its own, because
the test database is built from the models instead (see conftest.py)."""

from __future__ import annotations

import json
import os
import sys


def main(database_url: str) -> dict[str, object]:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from teilhabe.core.models import FieldOfActionTemplate

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        tables = {
            table: sorted(
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            )
            for table in connection.introspection.table_names(cursor)
        }
    return {"tables": tables, "field_templates": FieldOfActionTemplate.objects.count()}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
