"""Imports of measures and the previous concept's measures (the implementation part imports
status updates with the same helpers).

``parse_*`` read a file into rows as understood plus German errors per line, and write
nothing (the preview shows them). ``*_import`` write a parsed file in one transaction, only
when it has no errors; the same file twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.concept import services
from teilhabe.concept.models import (
    BudgetKind,
    FinancialState,
    ImplementationState,
    Measure,
    Origin,
    PoliticalState,
    Priority,
    TrafficLight,
)
from teilhabe.concept.spreadsheets import (
    EXPORT_ONLY,
    MEASURE_COLUMNS,
    PREVIOUS_COLUMNS,
    REQUIRED_MEASURE,
    REQUIRED_PREVIOUS,
    TableError,
    choice_lookup,
    map_columns,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    read_table,
    split_list,
)
from teilhabe.core.models import Area, FieldOfAction, Municipality, OrgUnit
from teilhabe.needs.models import TargetGroup


@dataclass
class ParsedRow:
    line: int
    number: str
    values: dict[str, Any] = field(default_factory=dict)
    m2m: dict[str, list[Any]] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def read_mapped(
    data: bytes, filename: str, columns: list[tuple[str, str]], required: set[str]
) -> tuple[ImportResult, list[tuple[int, dict[str, Any]]]]:
    """Read a CSV/XLSX and map its header to ``columns``: the result (with the file's and the
    header's errors) and the data rows with their line numbers."""
    result = ImportResult()
    try:
        table = read_table(data, filename)
    except TableError as exc:
        result.errors.append(str(exc))
        return result, []
    mapped = map_columns(table, columns, required)
    result.errors.extend(mapped.errors)
    result.columns = mapped.columns
    return result, mapped.rows


def cell_error(line: int, label: str, value: Any, problem: str) -> str:
    return _("Line %(line)s, column “%(column)s”: “%(value)s” %(problem)s") % {
        "line": line,
        "column": label,
        "value": value,
        "problem": problem,
    }


def choice_value(lookup: dict[str, Any], raw: Any) -> Any:
    key = str(raw or "").strip().lower()
    if key not in lookup:
        raise ValueError
    return lookup[key]


def choice_hint(choices: Any) -> str:
    from teilhabe.concept.spreadsheets import choice_label_de

    return ", ".join(
        f"„{choice_label_de(choices, v)}“" for v, _l in choices.choices if v not in ("", None)
    )


def parse_measures(*, municipality: Municipality, data: bytes, filename: str) -> ImportResult:
    columns = [(k, label) for k, label in MEASURE_COLUMNS if k not in EXPORT_ONLY]
    result, rows = read_mapped(data, filename, columns, REQUIRED_MEASURE)
    if result.errors:
        return result
    fields = {f.name.lower(): f for f in FieldOfAction.objects.filter(municipality=municipality)}
    units: dict[str, OrgUnit] = {}
    for u in OrgUnit.objects.filter(municipality=municipality):
        units[u.name.lower()] = u
        if u.short_name:
            units[u.short_name.lower()] = u
    groups = {t.name.lower(): t for t in TargetGroup.objects.filter(municipality=municipality)}
    areas: dict[str, Area] = {}
    for a in Area.objects.filter(municipality=municipality):
        areas[a.name.lower()] = a
        areas[a.key.lower()] = a
    lookups = {
        "political_state": (choice_lookup(PoliticalState), PoliticalState),
        "financial_state": (choice_lookup(FinancialState), FinancialState),
        "implementation_state": (choice_lookup(ImplementationState), ImplementationState),
        "traffic_light": (choice_lookup(TrafficLight), TrafficLight),
        "origin": (choice_lookup(Origin), Origin),
        "budget_kind": (choice_lookup(BudgetKind), BudgetKind),
        "priority": (choice_lookup(Priority), Priority),
    }
    seen: dict[str, int] = {}
    label = dict(columns)
    for line, raw in rows:
        errors: list[str] = []
        number = str(raw.get("number") or "").strip()
        row = ParsedRow(line=line, number=number)
        if not number:
            errors.append(
                _(
                    "Line %(line)s: the number is missing. Every measure needs a unique number, e.g. SP-3."
                )
                % {"line": line}
            )
        elif number in seen:
            errors.append(
                _("Line %(line)s: the number “%(number)s” already appears in line %(first)s.")
                % {"line": line, "number": number, "first": seen[number]}
            )
        else:
            seen[number] = line
        for key, value in raw.items():
            if key == "number":
                continue
            text = "" if value is None else str(value).strip()
            try:
                if key in (
                    "title",
                    "description",
                    "partners_text",
                    "decision_body",
                    "paper_reference",
                    "budget_product",
                    "staff_plan_effect",
                    "state_reason",
                ):
                    if key == "title" and not text:
                        errors.append(_("Line %(line)s: the title is missing.") % {"line": line})
                        continue
                    row.values[key] = text
                elif key in ("start_date", "end_date", "decided_on"):
                    row.values[key] = parse_date(value)
                elif key in ("annual_amount", "followup_costs"):
                    row.values[key] = parse_decimal(value)
                elif key in ("budget_year", "progress_percent"):
                    row.values[key] = parse_int(value)
                elif key == "voluntary_task":
                    row.values[key] = parse_bool(value)
                elif key in lookups:
                    lookup, choices = lookups[key]
                    if not text:
                        row.values[key] = {
                            "priority": None,
                            "traffic_light": "",
                            "budget_kind": "",
                        }.get(key, choices.choices[0][0])
                    else:
                        row.values[key] = choice_value(lookup, text)
                elif key == "fields":
                    names = split_list(value)
                    unknown = [n for n in names if n.lower() not in fields]
                    if not names:
                        errors.append(
                            _("Line %(line)s: give at least one field of action.") % {"line": line}
                        )
                    for n in unknown:
                        errors.append(
                            cell_error(
                                line,
                                label[key],
                                n,
                                _(
                                    "is not a field of action of this municipality. Use the names under Fields of action, separated by semicolons."
                                ),
                            )
                        )
                    row.m2m["fields"] = [fields[n.lower()] for n in names if n.lower() in fields]
                elif key in ("lead", "partner_units"):
                    names = split_list(value)
                    for n in names:
                        if n.lower() not in units:
                            errors.append(
                                cell_error(
                                    line,
                                    label[key],
                                    n,
                                    _(
                                        "is not an organisational unit. Use the name or abbreviation listed under Organisation."
                                    ),
                                )
                            )
                    found = [units[n.lower()] for n in names if n.lower() in units]
                    if key == "lead":
                        if len(names) > 1:
                            errors.append(
                                cell_error(
                                    line,
                                    label[key],
                                    text,
                                    _(
                                        "names more than one office. Only one office leads a measure."
                                    ),
                                )
                            )
                        row.values["lead_unit"] = found[0] if found else None
                    else:
                        row.m2m["partner_units"] = found
                elif key == "target_groups":
                    names = split_list(value)
                    for n in names:
                        if n.lower() not in groups:
                            errors.append(
                                cell_error(
                                    line,
                                    label[key],
                                    n,
                                    _(
                                        "is not in the list of target groups. Add it under Target groups or correct the spelling."
                                    ),
                                )
                            )
                    row.m2m["target_groups"] = [
                        groups[n.lower()] for n in names if n.lower() in groups
                    ]
                elif key == "areas":
                    names = split_list(value)
                    if not names or [n.lower() for n in names] in (
                        ["gesamtstädtisch"],
                        ["gesamtstadt"],
                        ["municipality-wide"],
                    ):
                        row.values["citywide"] = True
                        row.m2m["areas"] = []
                    else:
                        for n in names:
                            if n.lower() not in areas:
                                errors.append(
                                    cell_error(
                                        line,
                                        label[key],
                                        n,
                                        _("is not an area of this municipality (name or key)."),
                                    )
                                )
                        row.values["citywide"] = False
                        row.m2m["areas"] = [areas[n.lower()] for n in names if n.lower() in areas]
            except ValueError:
                hint = {
                    "start_date": _("is not a date. Write e.g. 21.11.2026."),
                    "end_date": _("is not a date. Write e.g. 21.11.2026."),
                    "decided_on": _("is not a date. Write e.g. 21.11.2026."),
                    "annual_amount": _("is not an amount. Allowed are e.g. 1234,50 or 1.234,50."),
                    "followup_costs": _("is not an amount. Allowed are e.g. 1234,50 or 1.234,50."),
                    "budget_year": _("is not a whole number. Write the year, e.g. 2027."),
                    "progress_percent": _("is not a whole number between 0 and 100."),
                    "voluntary_task": _("is not “ja” or “nein”."),
                }.get(key)
                if hint is None and key in lookups:
                    hint = _("is not a known value. Allowed are: %(values)s.") % {
                        "values": choice_hint(lookups[key][1])
                    }
                errors.append(cell_error(line, label[key], text, hint or _("cannot be read.")))
        if not errors:
            errors.extend(_validate_row(municipality, row))
        result.errors.extend(errors)
        row.display = {k: str(v) for k, v in raw.items() if v not in (None, "")}
        result.rows.append(row)
    return result


def _validate_row(municipality: Municipality, row: ParsedRow) -> list[str]:
    """Model validation of the row as it would be saved, with German messages per line."""
    existing = Measure.objects.filter(municipality=municipality, number=row.number).first()
    measure = existing or Measure(municipality=municipality, number=row.number)
    for key, value in row.values.items():
        setattr(measure, key, value)
    try:
        measure.full_clean(validate_constraints=False, validate_unique=False)
    except ValidationError as exc:
        out = []
        for name, messages in exc.message_dict.items():
            verbose = str(Measure._meta.get_field(name).verbose_name) if name != "__all__" else ""
            for message in messages:
                out.append(
                    _("Line %(line)s, %(field)s: %(message)s")
                    % {"line": row.line, "field": verbose, "message": message}
                )
        return out
    return []


def _m2m_ids(measure: Measure, name: str) -> set[int]:
    return {o.pk for o in getattr(measure, name).all()}


@transaction.atomic
def measures_import(*, municipality: Municipality, parsed: ImportResult) -> dict[str, int]:
    """Create or update measures by number; all or nothing. Returns counts."""
    if not parsed.ok:
        raise ValidationError(parsed.errors or [_("Nothing to import.")])
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {
        m.number: m
        for m in Measure.objects.filter(municipality=municipality).prefetch_related(
            *services.MEASURE_M2M
        )
    }
    for row in parsed.rows:
        measure = existing.get(row.number)
        if measure is None:
            measure = Measure(municipality=municipality, number=row.number)
            for key, value in row.values.items():
                setattr(measure, key, value)
            services.measure_save(measure=measure, expected_version=None, m2m=row.m2m)
            counts["created"] += 1
            continue
        same = all(getattr(measure, k) == v for k, v in row.values.items()) and all(
            _m2m_ids(measure, k) == {o.pk for o in v} for k, v in row.m2m.items()
        )
        if same:
            counts["unchanged"] += 1
            continue
        for key, value in row.values.items():
            setattr(measure, key, value)
        services.measure_save(measure=measure, expected_version=measure.version, m2m=row.m2m)
        counts["updated"] += 1
    return counts


# --- the previous concept ------------------------------------------------------------------------


def parse_previous_measures(*, data: bytes, filename: str) -> ImportResult:
    result, rows = read_mapped(data, filename, PREVIOUS_COLUMNS, REQUIRED_PREVIOUS)
    seen: dict[str, int] = {}
    for line, raw in rows:
        number = str(raw.get("number") or "").strip()
        title = str(raw.get("title") or "").strip()
        if not number:
            result.errors.append(_("Line %(line)s: the number is missing.") % {"line": line})
        elif number in seen:
            result.errors.append(
                _("Line %(line)s: the number “%(number)s” already appears in line %(first)s.")
                % {"line": line, "number": number, "first": seen[number]}
            )
        seen.setdefault(number, line)
        if not title:
            result.errors.append(_("Line %(line)s: the title is missing.") % {"line": line})
        values = {k: str(raw.get(k) or "").strip() for k, _l in PREVIOUS_COLUMNS}
        values["title"] = values["title"][:300]
        result.rows.append(
            ParsedRow(
                line=line,
                number=number,
                values=values,
                display={k: v for k, v in values.items() if v},
            )
        )
    return result
