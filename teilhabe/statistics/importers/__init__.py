"""Importers: pure functions from the bytes of a file to an ``ImportResult``.

Each importer reads one format, checks every line and reports problems in German with file,
line and column. They do not touch the database; ``teilhabe.statistics.services`` stores the
result atomically.
"""

from teilhabe.statistics.importers.base import ImportResult, ObservationRow

__all__ = ["ImportResult", "ObservationRow"]
