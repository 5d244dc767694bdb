"""The import of status updates from a spreadsheet (Excel or CSV), one line per update.

``parse_status_updates`` reads a file into rows as understood plus German errors per line and
writes nothing (the preview shows them); ``status_updates_import`` writes a parsed file in one
transaction, only when it has no errors; the same file twice changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.concept.imports import (
    ImportResult,
    ParsedRow,
    cell_error,
    choice_hint,
    choice_value,
    read_mapped,
)
from teilhabe.concept.models import Measure, TrafficLight
from teilhabe.concept.spreadsheets import (
    choice_lookup,
    column_label,
    parse_date,
    parse_decimal,
    parse_int,
)
from teilhabe.core.models import Municipality, User
from teilhabe.implementation import services
from teilhabe.implementation.models import StatusUpdate

UPDATE_COLUMNS: list[tuple[str, str]] = [
    ("number", "Nummer"),
    ("reported_on", "Datum"),
    ("traffic_light", "Ampel"),
    ("text", "Sachstand"),
    ("progress_percent", "Fortschritt (%)"),
    ("participants", "Erreichte Teilnehmende"),
    ("money_spent", "Verausgabte Mittel (EUR)"),
]
REQUIRED_UPDATE = {"number", "reported_on", "traffic_light", "text"}


def parse_status_updates(*, municipality: Municipality, data: bytes, filename: str) -> ImportResult:
    result, rows = read_mapped(data, filename, UPDATE_COLUMNS, REQUIRED_UPDATE)
    if result.errors:
        return result
    measures = {m.number.lower(): m for m in Measure.objects.filter(municipality=municipality)}
    lights = choice_lookup(TrafficLight)
    for line, raw in rows:
        number = str(raw.get("number") or "").strip()
        row = ParsedRow(line=line, number=number)
        errors = []
        measure = measures.get(number.lower())
        if measure is None:
            errors.append(
                cell_error(
                    line,
                    column_label(UPDATE_COLUMNS, "number"),
                    number,
                    _("is not the number of a measure."),
                )
            )
        row.values["measure"] = measure
        checks = [
            ("reported_on", parse_date, _("is not a date. Write e.g. 21.11.2026.")),
            ("progress_percent", parse_int, _("is not a whole number between 0 and 100.")),
            ("participants", parse_int, _("is not a whole number.")),
            (
                "money_spent",
                parse_decimal,
                _("is not an amount. Allowed are e.g. 1234,50 or 1.234,50."),
            ),
        ]
        for key, parser, hint in checks:
            try:
                row.values[key] = parser(raw.get(key))
            except ValueError:
                errors.append(
                    cell_error(line, column_label(UPDATE_COLUMNS, key), raw.get(key), hint)
                )
        if not row.values.get("reported_on") and not any("Datum" in e for e in errors):
            errors.append(_("Line %(line)s: the date is missing.") % {"line": line})
        try:
            row.values["traffic_light"] = choice_value(lights, raw.get("traffic_light"))
            if not row.values["traffic_light"]:
                raise ValueError
        except ValueError:
            errors.append(
                cell_error(
                    line,
                    column_label(UPDATE_COLUMNS, "traffic_light"),
                    raw.get("traffic_light") or "",
                    _("is not a known value. Allowed are: %(values)s.")
                    % {"values": choice_hint(TrafficLight)},
                )
            )
        text = str(raw.get("text") or "").strip()
        if not text:
            errors.append(_("Line %(line)s: the status text is missing.") % {"line": line})
        row.values["text"] = text
        pp = row.values.get("progress_percent")
        if pp is not None and pp > 100:
            errors.append(
                cell_error(
                    line,
                    column_label(UPDATE_COLUMNS, "progress_percent"),
                    pp,
                    _("is not a whole number between 0 and 100."),
                )
            )
        row.display = {k: str(v) for k, v in raw.items() if v not in (None, "")}
        result.errors.extend(errors)
        result.rows.append(row)
    return result


@transaction.atomic
def status_updates_import(
    *, municipality: Municipality, parsed: ImportResult, user: User | None
) -> dict[str, int]:
    """Add status updates; one with the same measure, date and text exists already → skipped."""
    if not parsed.ok:
        raise ValidationError(parsed.errors or [_("Nothing to import.")])
    counts = {"created": 0, "unchanged": 0}
    for row in parsed.rows:
        v = row.values
        if StatusUpdate.objects.filter(
            measure=v["measure"], reported_on=v["reported_on"], text=v["text"]
        ).exists():
            counts["unchanged"] += 1
            continue
        services.status_update_create(
            measure=v["measure"],
            traffic_light=v["traffic_light"],
            text=v["text"],
            user=user,
            reported_on=v["reported_on"],
            progress_percent=v.get("progress_percent"),
            participants=v.get("participants"),
            money_spent=v.get("money_spent"),
        )
        counts["created"] += 1
    return counts
