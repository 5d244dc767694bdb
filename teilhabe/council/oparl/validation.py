"""Clean and validate OParl objects against the OParl 1.1 schemas, embedded objects included.

Real systems send a single object where a list is expected, "N/A" strings instead of missing
values, and 1.0 type URLs. ``normalise`` repairs what can be repaired (and says so);
``validate`` then checks the object and every embedded object against its type's schema.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft7Validator

from teilhabe.core.spreadsheets import clean_text

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"
_TYPE_RE = re.compile(r"^https?://schema\.oparl\.org/1\.[01]/([A-Za-z]+)$")
NA_STRINGS = frozenset({"n/a", "na", "-", "--", "–", "k.a.", "k. a.", "null", "none", ""})


@cache
def schema_for(type_name: str) -> dict[str, Any] | None:
    path = SCHEMA_DIR / f"{type_name}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _validator(type_name: str) -> Draft7Validator | None:
    schema = schema_for(type_name)
    return Draft7Validator(schema) if schema else None


def type_name(obj: Any) -> str:
    """ "https://schema.oparl.org/1.1/Paper" → "Paper"; "" when unknown."""
    if isinstance(obj, dict):
        match = _TYPE_RE.match(str(obj.get("type", "")))
        if match:
            return match.group(1)
    return ""


@dataclass
class Check:
    notes: list[str] = field(default_factory=list)  # repaired, still imported
    errors: list[str] = field(default_factory=list)  # the object is skipped
    # Invalid embedded objects, left out while their parent is imported: (id, type, reason).
    dropped: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _embedded_schema(prop: dict[str, Any]) -> tuple[str, bool] | None:
    """(type name, is_list) of a property that embeds objects, else None."""
    if prop.get("type") == "object" and str(prop.get("schema", "")).endswith(".json"):
        return prop["schema"][:-5], False
    items = prop.get("items") or {}
    if prop.get("type") == "array" and str(items.get("schema", "")).endswith(".json"):
        return items["schema"][:-5], True
    return None


def normalise(obj: dict[str, Any], check: Check, path: str = "") -> dict[str, Any]:
    """Repair the usual deviations in place of a copy; notes say what was repaired."""
    name = type_name(obj)
    out = dict(obj)
    if name and out.get("type") != TYPE_PREFIX + name:
        check.notes.append(
            _("%(where)s: type %(type)s read as OParl 1.1")
            % {"where": path or name, "type": out.get("type")}
        )
        out["type"] = TYPE_PREFIX + name
    schema = schema_for(name) if name else None
    if schema is None:
        return out
    for key, prop in schema.get("properties", {}).items():
        if key not in out:
            continue
        value = out[key]
        where = f"{path}.{key}" if path else f"{name}.{key}"
        if (
            isinstance(value, str)
            and value.strip().lower() in NA_STRINGS
            and key not in ("id", "type")
        ):
            check.notes.append(
                _("%(where)s: “%(value)s” read as empty") % {"where": where, "value": value}
            )
            del out[key]
            continue
        if value is None:
            del out[key]
            continue
        if prop.get("type") == "array":
            if not isinstance(value, list):
                check.notes.append(
                    _("%(where)s: a single value instead of a list") % {"where": where}
                )
                value = [value]
            value = [
                v for v in value if not (isinstance(v, str) and v.strip().lower() in NA_STRINGS)
            ]
            out[key] = value
        embedded = _embedded_schema(prop)
        if embedded is None:
            continue
        _type, is_list = embedded
        if is_list:
            out[key] = [
                normalise(v, check, f"{where}[{i}]") if isinstance(v, dict) else v
                for i, v in enumerate(out[key])
            ]
        elif isinstance(value, dict):
            out[key] = normalise(value, check, where)
        elif isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
            check.notes.append(_("%(where)s: a list instead of a single object") % {"where": where})
            out[key] = normalise(value[0], check, where)
    return out


def validate(
    obj: dict[str, Any], expected: str | None = None, path: str = "", recurse: bool = True
) -> list[str]:
    """Errors of ``obj`` and of every embedded object, each with its path."""
    name = type_name(obj)
    where = path or name or str(_("object"))
    if expected and name != expected:
        return [
            _("%(where)s: expected type %(expected)s, received “%(type)s”")
            % {"where": where, "expected": expected, "type": obj.get("type", "")}
        ]
    validator = _validator(name) if name else None
    if validator is None:
        return [
            _("%(where)s: unknown type “%(type)s”") % {"where": where, "type": obj.get("type", "")}
        ]
    errors = [
        f"{where}{'.' + '.'.join(str(p) for p in e.absolute_path) if e.absolute_path else ''}: "
        + _("does not match the OParl schema (%(detail)s)") % {"detail": e.message}
        for e in validator.iter_errors(obj)
    ]
    schema = schema_for(name) or {}
    for key, prop in schema.get("properties", {}).items():
        embedded = _embedded_schema(prop)
        if not recurse or embedded is None or key not in obj:
            continue
        child_type, is_list = embedded
        values = obj[key] if is_list and isinstance(obj[key], list) else [obj[key]]
        for index, value in enumerate(values):
            if isinstance(value, dict):
                child_path = f"{where}.{key}" + (f"[{index}]" if is_list else "")
                errors += validate(value, child_type, child_path)
    return errors


def _clean_strings(value: Any) -> Any:
    """NUL bytes (PostgreSQL refuses them in text) and bidirectional overrides (they turn a
    name around on screen) are removed from every text of a foreign object."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_strings(v) for v in value]
    return value


def check_object(obj: Any, expected: str) -> tuple[dict[str, Any] | None, Check]:
    check = Check()
    if not isinstance(obj, dict):
        check.errors.append(_("%(type)s: not a JSON object") % {"type": expected})
        return None, check
    cleaned = normalise(_clean_strings(obj), check)
    check.errors += validate(cleaned, expected, recurse=False)
    if check.errors:
        return cleaned, check
    _prune(cleaned, expected, check, expected)
    return cleaned, check


def _prune(obj: dict[str, Any], type_: str, check: Check, path: str) -> None:
    """Leave out embedded objects that do not match their schema, and say why."""
    schema = schema_for(type_) or {}
    for key, prop in schema.get("properties", {}).items():
        embedded = _embedded_schema(prop)
        if embedded is None or key not in obj:
            continue
        child_type, is_list = embedded
        children = obj[key] if is_list else [obj[key]]
        kept = []
        for index, child in enumerate(children):
            where = f"{path}.{key}" + (f"[{index}]" if is_list else "")
            if not isinstance(child, dict):
                kept.append(child)
                continue
            errors = validate(child, child_type, where)
            if errors:
                check.dropped.append(
                    (str(child.get("id", where)), child_type, "; ".join(errors[:3]))
                )
            else:
                kept.append(child)
        if is_list:
            obj[key] = kept
        elif not kept:
            del obj[key]
