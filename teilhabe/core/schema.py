"""Helpers for migrations that take over tables from another part of Teilhabe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def create_missing_tables(app_label: str) -> Callable[[Any, Any], None]:
    """A ``RunPython`` function that creates the tables of ``app_label``'s models unless they
    exist: a part split out of another takes over that part's tables in a database made before
    the split, and makes its own in a new one (where the other part's squashed migration no
    longer creates them)."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        existing = set(schema_editor.connection.introspection.table_names())
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.db_table not in existing:
                schema_editor.create_model(model)

    return forwards
