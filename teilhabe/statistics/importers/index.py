"""A district index (Sozialraum-Index) as the statistics office sends it: one line per area
with a status value and/or class and a dynamics value and/or class. Read with the generic
table reader; which column holds what is chosen in the mapping step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.statistics.importers.base import MAX_ERRORS, parse_number, split_symbol, where
from teilhabe.statistics.importers.table import analyse, read_cells

NONE = -1


@dataclass
class IndexMapping:
    key_column: int
    name_column: int = NONE
    status_column: int = NONE
    status_class_column: int = NONE
    dynamics_column: int = NONE
    dynamics_class_column: int = NONE
    key_width: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class IndexResult:
    results: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.results)


def _class(text: str) -> int | str | None:
    """A class as a whole number; "" → None; anything else is returned as the bad text."""
    raw, _flag = split_symbol(text)
    if not raw:
        return None
    value = parse_number(raw, decimal_comma=True)
    if value is None or not value.is_integer():
        return raw
    return int(value)


def parse_index(data: bytes, *, mapping: IndexMapping, filename: str = "Datei") -> IndexResult:
    """Read the index table; nothing is written. Errors name file, line and column."""
    result = IndexResult()
    rows, errors = read_cells(data, filename=filename)
    if errors:
        result.errors.extend(errors)
        return result
    layout = analyse(rows)
    if layout is None:
        result.errors.append(
            _("%(file)s: no data lines found (a line with a key and numbers).") % {"file": filename}
        )
        return result
    result.meta["title"] = layout.title
    columns = layout.columns
    value_columns = [
        mapping.status_column,
        mapping.status_class_column,
        mapping.dynamics_column,
        mapping.dynamics_class_column,
    ]
    for col in [mapping.key_column, mapping.name_column, *value_columns]:
        if col >= len(columns):
            result.errors.append(
                _("%(file)s: column %(n)s does not exist.") % {"file": filename, "n": col + 1}
            )
            return result
    if all(c == NONE for c in value_columns):
        result.errors.append(
            _("Choose at least one column with a status or dynamics value or class.")
        )
        return result
    seen: set[str] = set()
    for i in range(layout.data_start, layout.data_end):
        if len(result.errors) >= MAX_ERRORS:
            result.errors.append(_("More errors follow; correct the ones above first."))
            break
        row = layout.rows[i]
        line = i + 1
        if not any(row) or i in layout.total_rows:
            continue
        key = row[mapping.key_column].strip()
        if not key:
            result.errors.append(
                _("%(where)s: the key is empty.")
                % {"where": where(filename, line, columns[mapping.key_column])}
            )
            continue
        if mapping.key_width and key.isdigit():
            key = key.zfill(mapping.key_width)
        if key in seen:
            result.errors.append(
                _("%(where)s: key “%(key)s” occurs twice.")
                % {"where": where(filename, line), "key": key}
            )
            continue
        seen.add(key)
        entry: dict[str, Any] = {
            "area_id": None,
            "key": key,
            "name": row[mapping.name_column] if mapping.name_column != NONE else "",
            "status": None,
            "dynamics": None,
            "status_class": None,
            "dynamics_class": None,
            "excluded": False,
        }
        for name, col in (("status", mapping.status_column), ("dynamics", mapping.dynamics_column)):
            if col == NONE:
                continue
            raw, _flag = split_symbol(row[col])
            if not raw:
                continue
            value = parse_number(raw, decimal_comma=layout.decimal_comma)
            if value is None:
                result.errors.append(
                    _("%(where)s: “%(value)s” is not a number. Allowed are e.g. -0,75 or 1,2.")
                    % {"where": where(filename, line, columns[col]), "value": raw}
                )
                continue
            entry[name] = value
        for name, col in (
            ("status_class", mapping.status_class_column),
            ("dynamics_class", mapping.dynamics_class_column),
        ):
            if col == NONE:
                continue
            value = _class(row[col])
            if isinstance(value, str):
                result.errors.append(
                    _("%(where)s: “%(value)s” is not a class. Write a whole number such as 1 to 5.")
                    % {"where": where(filename, line, columns[col]), "value": value}
                )
                continue
            entry[name] = value
        if all(entry[n] is None for n in ("status", "dynamics", "status_class", "dynamics_class")):
            entry["excluded"] = True
        result.results.append(entry)
    if not result.results and not result.errors:
        result.errors.append(_("%(file)s: The file contains no values.") % {"file": filename})
    return result
