"""Clean and validate OParl objects against the OParl 1.1 schemas, embedded objects included.

Real systems send a single object where a list is expected, "N/A" strings instead of missing
values, and 1.0 type URLs. ``normalise`` repairs what can be repaired (and says so);
``validate`` then checks the object and every embedded object against its type's schema.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from jsonschema import Draft7Validator

from teilhabe.core.spreadsheets import clean_text

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"
_TYPE_RE = re.compile(r"^https?://schema\.oparl\.org/1\.[01]/([A-Za-z]+)$")
_ABSOLUTE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
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
    # Systems may reference what the schema embeds and embed what it references: ``resolve``
    # reads a referenced object for an embedding slot (None: unreadable), ``remember`` keeps
    # an embedded object for a referencing slot and gives its id.
    resolve: Callable[[str, str], dict[str, Any] | None] | None = None
    remember: Callable[[dict[str, Any]], str] | None = None

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


def _is_url_prop(prop: dict[str, Any]) -> bool:
    return prop.get("format") == "url" or (prop.get("items") or {}).get("format") == "url"


def _absolute(value: Any, base: str, where: str, check: Check) -> Any:
    """A relative address made absolute against the address the object came from."""
    if not isinstance(value, str) or not value.strip() or _ABSOLUTE_RE.match(value) or not base:
        return value
    joined = urllib.parse.urljoin(base, value.strip())
    check.notes.append(
        _("%(where)s: relative address “%(value)s” read as %(url)s")
        % {"where": where, "value": value, "url": joined}
    )
    return joined


def _reference(value: Any, base: str, where: str, check: Check) -> Any:
    """A referencing slot: an embedded object in its place is kept and replaced by its id."""
    if isinstance(value, dict) and check.remember is not None and value.get("id"):
        value = dict(value, id=_absolute(value["id"], base, f"{where}.id", check))
        return check.remember(value)
    return _absolute(value, base, where, check)


def _embed(value: Any, child_type: str, base: str, where: str, check: Check) -> Any:
    """An embedding slot: a reference in its place is read (and said so); None when it
    cannot be read."""
    if not isinstance(value, str) or check.resolve is None:
        return value
    url = _absolute(value, base, where, check)
    found = check.resolve(url, child_type)
    if found is None:
        check.dropped.append((url, child_type, str(_("the referenced object is not readable"))))
        return None
    check.notes.append(
        _("%(where)s: referenced instead of embedded; read from %(url)s")
        % {"where": where, "url": url}
    )
    return found


def _aware(value: Any, where: str, check: Check) -> Any:
    """A date-time without time zone is read as German local time (and said so)."""
    if not isinstance(value, str):
        return value
    parsed = parse_datetime(value)
    if parsed is None or not timezone.is_naive(parsed):
        return value
    check.notes.append(
        _("%(where)s: “%(value)s” has no time zone; read as local time")
        % {"where": where, "value": value}
    )
    return timezone.make_aware(parsed).isoformat()


def normalise(
    obj: dict[str, Any],
    check: Check,
    path: str = "",
    base: str = "",
    position: int | None = None,
) -> dict[str, Any]:
    """Repair the usual deviations in place of a copy; notes say what was repaired. ``base``
    is the address the object was read from (for relative addresses); ``position`` the
    place of an embedded agenda item in its meeting (for a missing ``order``)."""
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
    where_self = path or name
    if "id" in out:
        out["id"] = _absolute(out["id"], base, f"{where_self}.id", check)
        if isinstance(out["id"], str) and _ABSOLUTE_RE.match(out["id"]):
            base = out["id"]
    for key, prop in schema.get("properties", {}).items():
        if key not in out or key in ("id", "type"):
            continue
        value = out[key]
        where = f"{path}.{key}" if path else f"{name}.{key}"
        if isinstance(value, str) and value.strip().lower() in NA_STRINGS:
            check.notes.append(
                _("%(where)s: “%(value)s” read as empty") % {"where": where, "value": value}
            )
            del out[key]
            continue
        if value is None:
            if prop.get("type") == "array":
                check.notes.append(
                    _("%(where)s: null instead of a list; read as empty") % {"where": where}
                )
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
        if _is_url_prop(prop):
            if isinstance(out[key], list):
                out[key] = [_reference(v, base, where, check) for v in out[key]]
            else:
                out[key] = _reference(out[key], base, where, check)
        if prop.get("format") == "date-time":
            out[key] = _aware(out[key], where, check)
        embedded = _embedded_schema(prop)
        if embedded is None:
            continue
        child_type, is_list = embedded
        if is_list:
            children = [
                _embed(v, child_type, base, f"{where}[{n}]", check) for n, v in enumerate(out[key])
            ]
            out[key] = [
                normalise(v, check, f"{where}[{n}]", base, n) if isinstance(v, dict) else v
                for n, v in enumerate(children)
                if v is not None
            ]
            continue
        if isinstance(value, list) and len(value) == 1:
            check.notes.append(_("%(where)s: a list instead of a single object") % {"where": where})
            value = value[0]
        value = _embed(value, child_type, base, where, check)
        if isinstance(value, dict):
            out[key] = normalise(value, check, where, base)
        elif value is None:
            del out[key]
        else:
            out[key] = value
    _fill_required(name, out, check, where_self, position)
    return out


def _fill_required(
    name: str, out: dict[str, Any], check: Check, where: str, position: int | None
) -> None:
    """Known, harmless gaps of real systems: an agenda item without ``order`` takes its place
    in the meeting; a body or an organisation without ``name`` its short name."""
    if name == "AgendaItem" and not isinstance(out.get("order"), int):
        out["order"] = position if position is not None else 0
        check.notes.append(
            _("%(where)s: no “order”; the position %(n)s in the meeting is used")
            % {"where": where, "n": out["order"]}
        )
    if name in ("Body", "Organization") and not str(out.get("name") or "").strip():
        fallback = str(out.get("shortName") or "").strip()
        out["name"] = fallback or str(out.get("id", "")).rstrip("/").rsplit("/", 1)[-1]
        check.notes.append(
            _("%(where)s: no “name”; “%(name)s” is used") % {"where": where, "name": out["name"]}
        )


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


def check_object(
    obj: Any,
    expected: str,
    base: str = "",
    resolve: Callable[[str, str], dict[str, Any] | None] | None = None,
    remember: Callable[[dict[str, Any]], str] | None = None,
) -> tuple[dict[str, Any] | None, Check]:
    check = Check(resolve=resolve, remember=remember)
    if not isinstance(obj, dict):
        check.errors.append(_("%(type)s: not a JSON object") % {"type": expected})
        return None, check
    cleaned = normalise(_clean_strings(obj), check, base=base)
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
