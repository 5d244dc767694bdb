"""Excel and CSV in and out for actors, offers and usage.

Reading is a pure function from bytes to a ``ParseResult`` with German errors per line;
writing (``spreadsheet_import``) is all or nothing and idempotent: an actor is found again by
its name, an offer by its actor and title, a usage record by its offer and period.
Exports use the same German headers, so an exported file can be edited and imported again.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from teilhabe.core.models import Area, FieldOfAction, Municipality
from teilhabe.core.spreadsheets import (
    FORMULA_START,
    SpreadsheetError,
    clean_text,
    read_table,
    safe_cell,
)
from teilhabe.inventory.models import (
    LANGUAGES,
    Actor,
    ActorKind,
    Offer,
    OfferForm,
    OfferLocation,
    OfferStatus,
    TargetGroup,
    Usage,
    UsageSource,
)
from teilhabe.inventory.selectors import actors_visible, federation_ids

KINDS = ("actors", "offers", "locations", "usage")

# The location columns of the offers table describe the offer's first location; further
# locations come in the locations table.
_OFFER_LOCATION_KEYS = ("venue", "area", "latitude", "longitude")

# German column headers per kind: (header, key, required).
COLUMNS: dict[str, list[tuple[str, str, bool]]] = {
    "actors": [
        ("Name", "name", True),
        ("Art", "kind", True),
        ("Handlungsfelder", "fields", False),
        ("Beschreibung", "description", False),
        ("E-Mail", "email", False),
        ("Telefon", "phone", False),
        ("Straße", "street", False),
        ("PLZ", "postcode", False),
        ("Ort", "city", False),
        ("Gebiet", "area", False),
        ("Breitengrad", "latitude", False),
        ("Längengrad", "longitude", False),
        ("Website", "website", False),
        ("Sprachen", "languages", False),
        ("Im Kreis geteilt", "shared", False),
    ],
    "offers": [
        ("Akteur", "actor", True),
        ("Titel", "title", True),
        ("Beschreibung", "description", False),
        ("Handlungsfelder", "fields", True),
        ("Zielgruppen", "target_groups", False),
        ("Sprachen", "languages", False),
        ("Form", "form", True),
        ("Ort", "venue", False),
        ("Gebiet", "area", False),
        ("Breitengrad", "latitude", False),
        ("Längengrad", "longitude", False),
        ("Termine", "schedule", False),
        ("Beginn", "start_date", False),
        ("Ende", "end_date", False),
        ("Plätze", "capacity", False),
        ("Kosten", "fee", False),
        ("Barrierefrei", "step_free", False),
        ("Kinderbetreuung", "childcare", False),
        ("Finanzierung", "funding", False),
        ("Status", "status", False),
    ],
    "locations": [
        ("Akteur", "actor", True),
        ("Angebot", "offer", True),
        ("Ort", "venue", False),
        ("Straße", "street", False),
        ("PLZ", "postcode", False),
        ("Stadt", "city", False),
        ("Gebiet", "area", False),
        ("Breitengrad", "latitude", False),
        ("Längengrad", "longitude", False),
    ],
    "usage": [
        ("Akteur", "actor", True),
        ("Angebot", "offer", True),
        ("Zeitraum von", "period_start", True),
        ("Zeitraum bis", "period_end", True),
        ("Teilnehmende", "participants", True),
        ("davon Frauen", "women", False),
        ("unter 18", "age_under_18", False),
        ("18–26", "age_18_26", False),
        ("27–64", "age_27_64", False),
        ("65 und älter", "age_65_plus", False),
        ("Warteliste", "waiting_list", False),
        ("Anmerkung", "note", False),
    ],
}


@dataclass
class ParsedRow:
    line: int
    values: dict[str, Any]
    action: str = ""  # "neu" / "ändern" / "unverändert", set by the preview


@dataclass
class ParseResult:
    kind: str
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(str(value)).strip()
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_START else text


def _labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Accept the stored value or the German label (case-insensitive)."""
    out: dict[str, str] = {}
    for value, label in choices:
        out[value.lower()] = value
        out[str(label).lower()] = value
        out[str(label).split(" (")[0].lower()] = value
    return out


class _RowError(Exception):
    pass


class _Converter:
    """Turns the cells of one row into typed values; collects errors naming the column."""

    def __init__(self, municipality: Municipality, line: int) -> None:
        self.municipality = municipality
        self.line = line
        self.errors: list[str] = []

    def error(self, header: str, message: str) -> None:
        self.errors.append(
            _("Line %(line)s, column “%(col)s”: %(msg)s")
            % {"line": self.line, "col": header, "msg": message}
        )

    def integer(self, header: str, text: str) -> int | None:
        if not text:
            return None
        cleaned = text.replace(".", "").replace(" ", "")
        if not cleaned.isdigit():
            self.error(
                header,
                _("“%(v)s” is not a whole number of 0 or more. Allowed are e.g. 12 or 1.234.")
                % {"v": text},
            )
            return None
        return int(cleaned)

    def decimal(self, header: str, text: str) -> Decimal | None:
        if not text:
            return None
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            self.error(header, _("“%(v)s” is not a number, e.g. 50,9375.") % {"v": text})
            return None

    def day(self, header: str, value: Any) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        if not text:
            return None
        for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
            try:
                return datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a calendar date)
            except ValueError:
                continue
        self.error(header, _("“%(v)s” is not a date. Write e.g. 01.09.2025.") % {"v": text})
        return None

    def boolean(self, header: str, text: str) -> bool:
        lowered = text.lower()
        if lowered in ("", "nein", "n", "no", "0", "falsch"):
            return False
        if lowered in ("ja", "j", "yes", "x", "1", "wahr"):
            return True
        self.error(header, _("“%(v)s” is neither “ja” nor “nein”.") % {"v": text})
        return False

    def choice(self, header: str, text: str, choices: list[tuple[str, Any]]) -> str:
        if not text:
            return ""
        found = _labels(choices).get(text.lower())
        if found is None:
            allowed = ", ".join(str(label).split(" (")[0] for _v, label in choices)
            self.error(
                header,
                _("“%(v)s” is unknown. Allowed: %(allowed)s.") % {"v": text, "allowed": allowed},
            )
            return ""
        return found

    def many(self, header: str, text: str, choices: list[tuple[str, Any]]) -> list[str]:
        values = []
        for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
            found = self.choice(header, part, choices)
            if found:
                values.append(found)
        return values

    def fields(
        self, header: str, text: str, known: dict[str, FieldOfAction]
    ) -> list[FieldOfAction]:
        out = []
        for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
            fld = known.get(part.lower())
            if fld is None:
                self.error(
                    header,
                    _("there is no field of action “%(v)s”. Known: %(known)s.")
                    % {"v": part, "known": ", ".join(f.name for f in known.values())},
                )
            else:
                out.append(fld)
        return out

    def area(self, header: str, text: str, known: dict[str, Area]) -> Area | None:
        if not text:
            return None
        area = known.get(text.lower())
        if area is None:
            self.error(
                header,
                _("there is no area “%(v)s”. Give the key (e.g. 101) or the name.") % {"v": text},
            )
        return area


def parse_spreadsheet(
    data: bytes, *, kind: str, filename: str, municipality: Municipality
) -> ParseResult:
    """Read a spreadsheet of ``kind``; every problem names line and column. Writes nothing."""
    result = ParseResult(kind=kind)
    try:
        table = read_table(data, filename)
    except SpreadsheetError as exc:
        result.errors.extend(str(exc).split("\n"))
        return result
    except UnicodeDecodeError:
        result.errors.append(_("The CSV file is not UTF-8 encoded. Save it as “CSV UTF-8”."))
        return result
    except Exception:
        result.errors.append(
            _("The file cannot be read. Upload an Excel workbook (.xlsx) or a CSV file.")
        )
        return result
    table = [row for row in table if any(_text(c) for c in row)]
    if not table:
        result.errors.append(_("The file is empty."))
        return result
    headers = [_text(h) for h in table[0]]
    result.headers = headers
    index = {h.lower(): i for i, h in enumerate(headers)}
    columns = COLUMNS[kind]
    missing = [h for h, _key, required in columns if required and h.lower() not in index]
    if missing:
        result.errors.append(
            _("Line 1: the column(s) %(cols)s are missing. Expected headers: %(all)s.")
            % {
                "cols": ", ".join(f"„{m}“" for m in missing),
                "all": ", ".join(h for h, _k, _r in columns),
            }
        )
        return result
    fields = {f.name.lower(): f for f in FieldOfAction.objects.filter(municipality=municipality)}
    areas: dict[str, Area] = {}
    for area in Area.objects.filter(municipality=municipality):
        areas[area.key.lower()] = area
        areas.setdefault(area.name.lower(), area)
    actors = {a.name.lower(): a for a in actors_visible(municipality=municipality)}
    seen: set[tuple[str, ...]] = set()
    for number, raw in enumerate(table[1:], start=2):
        conv = _Converter(municipality, number)
        cell = {
            key: (
                raw[index[h.lower()]]
                if h.lower() in index and index[h.lower()] < len(raw)
                else None
            )
            for h, key, _r in columns
        }
        text = {key: _text(v) for key, v in cell.items()}
        header_of = {key: h for h, key, _r in columns}
        for h, key, required in columns:
            if required and not text[key]:
                conv.error(h, _("is empty, but required."))
        values: dict[str, Any] = {}
        if kind == "actors":
            values = {
                "name": text["name"],
                "kind": conv.choice(header_of["kind"], text["kind"], ActorKind.choices),
                "fields": conv.fields(header_of["fields"], text["fields"], fields),
                "description": text["description"],
                "email": text["email"],
                "phone": text["phone"],
                "street": text["street"],
                "postcode": text["postcode"],
                "city": text["city"],
                "area": conv.area(header_of["area"], text["area"], areas),
                "latitude": conv.decimal(header_of["latitude"], text["latitude"]),
                "longitude": conv.decimal(header_of["longitude"], text["longitude"]),
                "website": text["website"],
                "languages": conv.many(header_of["languages"], text["languages"], LANGUAGES),
                "shared": conv.boolean(header_of["shared"], text["shared"]),
            }
            key: tuple[str, ...] = (text["name"].lower(),)
        elif kind == "offers":
            actor = actors.get(text["actor"].lower())
            if text["actor"] and actor is None:
                conv.error(
                    header_of["actor"],
                    _("there is no actor “%(v)s”. Import or create the actor first.")
                    % {"v": text["actor"]},
                )
            values = {
                "actor": actor,
                "title": text["title"],
                "description": text["description"],
                "fields": conv.fields(header_of["fields"], text["fields"], fields),
                "target_groups": conv.many(
                    header_of["target_groups"], text["target_groups"], TargetGroup.choices
                ),
                "languages": conv.many(header_of["languages"], text["languages"], LANGUAGES),
                "form": conv.choice(header_of["form"], text["form"], OfferForm.choices),
                "venue": text["venue"],
                "area": conv.area(header_of["area"], text["area"], areas),
                "latitude": conv.decimal(header_of["latitude"], text["latitude"]),
                "longitude": conv.decimal(header_of["longitude"], text["longitude"]),
                "schedule": text["schedule"],
                "start_date": conv.day(header_of["start_date"], cell["start_date"]),
                "end_date": conv.day(header_of["end_date"], cell["end_date"]),
                "capacity": conv.integer(header_of["capacity"], text["capacity"]),
                "fee": text["fee"],
                "step_free": conv.boolean(header_of["step_free"], text["step_free"]),
                "childcare": conv.boolean(header_of["childcare"], text["childcare"]),
                "funding": text["funding"],
                "status": conv.choice(header_of["status"], text["status"], OfferStatus.choices)
                or OfferStatus.ACTIVE,
            }
            key = (text["actor"].lower(), text["title"].lower())
        elif kind == "locations":
            offer = _offer_of_row(conv, text, header_of, actors, municipality)
            values = {
                "offer": offer,
                "venue": text["venue"],
                "street": text["street"],
                "postcode": text["postcode"],
                "city": text["city"],
                "area": conv.area(header_of["area"], text["area"], areas),
                "latitude": conv.decimal(header_of["latitude"], text["latitude"]),
                "longitude": conv.decimal(header_of["longitude"], text["longitude"]),
            }
            if not any(values[k] for k in ("venue", "street", "area", "latitude")):
                conv.error(
                    header_of["venue"],
                    _(
                        "the row names no place: give at least a venue, street, area or "
                        "coordinates."
                    ),
                )
            key = (
                text["actor"].lower(),
                text["offer"].lower(),
                text["venue"].lower(),
                text["street"].lower(),
                "" if text["venue"] or text["street"] else text["area"].lower(),
            )
        else:
            actor = actors.get(text["actor"].lower())
            offer = None
            if actor is not None:
                offer = Offer.objects.filter(
                    municipality=municipality,
                    actor=actor,
                    title__iexact=text["offer"],
                    merged_into__isnull=True,
                ).first()
            if text["offer"] and offer is None:
                conv.error(
                    header_of["offer"],
                    _("there is no offer “%(v)s” of the actor “%(a)s”.")
                    % {"v": text["offer"], "a": text["actor"]},
                )
            values = {
                "offer": offer,
                "period_start": conv.day(header_of["period_start"], cell["period_start"]),
                "period_end": conv.day(header_of["period_end"], cell["period_end"]),
                "note": text["note"],
            }
            for name in (
                "participants",
                "women",
                "age_under_18",
                "age_18_26",
                "age_27_64",
                "age_65_plus",
                "waiting_list",
            ):
                values[name] = conv.integer(header_of[name], text[name])
            key = (text["actor"].lower(), text["offer"].lower(), str(values["period_start"]))
        if key in seen:
            conv.errors.append(
                _("Line %(line)s: the same entry occurs twice in the file.") % {"line": number}
            )
        seen.add(key)
        if not conv.errors:
            conv.errors.extend(_validate(kind, values, municipality, number))
        result.errors.extend(conv.errors)
        result.rows.append(ParsedRow(line=number, values=values))
    if not result.rows and not result.errors:
        result.errors.append(_("The file contains no data rows below the header."))
    return result


def _offer_of_row(
    conv: _Converter,
    text: dict[str, str],
    header_of: dict[str, str],
    actors: dict[str, Actor],
    municipality: Municipality,
) -> Offer | None:
    actor = actors.get(text["actor"].lower())
    offer = None
    if actor is not None:
        offer = Offer.objects.filter(
            municipality=municipality,
            actor=actor,
            title__iexact=text["offer"],
            merged_into__isnull=True,
        ).first()
    if text["offer"] and offer is None:
        conv.error(
            header_of["offer"],
            _("there is no offer “%(v)s” of the actor “%(a)s”.")
            % {"v": text["offer"], "a": text["actor"]},
        )
    return offer


def _validate(
    kind: str, values: dict[str, Any], municipality: Municipality, line: int
) -> list[str]:
    """Run the model's own checks on an unsaved copy; messages name the line and field."""
    objects: list[tuple[Any, list[str]]] = []
    if kind == "actors":
        obj: Any = Actor(
            municipality=municipality,
            **{k: v for k, v in values.items() if k not in ("fields", "shared")},
        )
        objects.append((obj, ["fields_of_action"]))
    elif kind == "offers":
        obj = Offer(
            municipality=municipality,
            **{k: v for k, v in values.items() if k != "fields" and k not in _OFFER_LOCATION_KEYS},
        )
        objects.append((obj, ["fields_of_action"]))
        location = OfferLocation(offer=obj, **{k: values[k] for k in _OFFER_LOCATION_KEYS})
        objects.append((location, ["offer"]))
    elif kind == "locations":
        objects.append((OfferLocation(**values), []))
    else:
        objects.append((Usage(**values, source=UsageSource.IMPORT), []))
    out = []
    for obj, exclude in objects:
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                label = (
                    str(type(obj)._meta.get_field(name).verbose_name) if name != "__all__" else ""
                )
                for message in messages:
                    out.append(
                        _("Line %(line)s, field “%(field)s”: %(msg)s")
                        % {"line": line, "field": label, "msg": message}
                    )
    return out


def _first_location(offer: Offer) -> OfferLocation | None:
    if offer.pk is None:
        return None
    return offer.locations.order_by("position", "pk").first()


def _location_differs(location: OfferLocation | None, values: dict[str, Any]) -> bool:
    wanted = {k: values[k] for k in _OFFER_LOCATION_KEYS}
    if location is None:
        return any(v not in (None, "") for v in wanted.values())
    return (
        location.venue != wanted["venue"]
        or location.area_id != (wanted["area"].pk if wanted["area"] else None)
        or location.latitude != wanted["latitude"]
        or location.longitude != wanted["longitude"]
    )


def _find(kind: str, values: dict[str, Any], municipality: Municipality) -> Any:
    if kind == "actors":
        return actors_visible(municipality=municipality).filter(name__iexact=values["name"]).first()
    if kind == "offers":
        return Offer.objects.filter(
            municipality=municipality,
            actor=values["actor"],
            title__iexact=values["title"],
            merged_into__isnull=True,
        ).first()
    if kind == "locations":
        qs = OfferLocation.objects.filter(
            offer=values["offer"],
            venue__iexact=values["venue"],
            street__iexact=values["street"],
        )
        if not values["venue"] and not values["street"]:
            qs = qs.filter(area=values["area"])
        return qs.order_by("position", "pk").first()
    return Usage.objects.filter(
        offer=values["offer"], period_start=values["period_start"], period_end=values["period_end"]
    ).first()


def _assign(kind: str, obj: Any, values: dict[str, Any]) -> bool:
    """Set the values on ``obj``; True if anything changed."""
    changed = False
    for name, value in values.items():
        if name in ("fields", "shared"):
            continue
        if kind == "offers" and name in _OFFER_LOCATION_KEYS:
            continue
        if isinstance(value, Model) or (value is None and name in ("actor", "offer", "area")):
            current = getattr(obj, f"{name}_id")
            if current != (value.pk if value is not None else None):
                setattr(obj, name, value)
                changed = True
        elif getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if kind == "actors" and obj.shared_in_federation != values["shared"]:
        obj.shared_in_federation = values["shared"]
        changed = True
    if kind in ("actors", "offers") and obj.pk is not None:
        current = {f.pk for f in obj.fields_of_action.all()}
        if current != {f.pk for f in values["fields"]}:
            changed = True
    if kind == "offers" and _location_differs(_first_location(obj), values):
        changed = True
    return changed


def preview(result: ParseResult, municipality: Municipality) -> ParseResult:
    """Mark each row as new, changed or unchanged (without writing)."""
    for row in result.rows:
        obj = _find(result.kind, row.values, municipality) if not result.errors else None
        if obj is None:
            row.action = _("new")
        else:
            row.action = _("change") if _assign(result.kind, obj, row.values) else _("unchanged")
    return result


@transaction.atomic
def spreadsheet_import(*, result: ParseResult, municipality: Municipality) -> dict[str, int]:
    """Write all rows or none. The same file twice changes nothing the second time."""
    if not result.ok:
        raise ValidationError(result.errors or [_("Nothing to import.")])
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in result.rows:
        values = row.values
        obj = _find(result.kind, values, municipality)
        created = obj is None
        if created:
            if result.kind == "actors":
                obj = Actor(municipality=municipality)
            elif result.kind == "offers":
                obj = Offer(municipality=municipality)
            elif result.kind == "locations":
                obj = OfferLocation(offer=values["offer"])
            else:
                obj = Usage(source=UsageSource.IMPORT)
        elif result.kind == "actors" and obj.municipality_id not in federation_ids(municipality):
            continue
        if not _assign(result.kind, obj, values) and not created:
            counts["unchanged"] += 1
            continue
        if result.kind == "locations" and created:
            last = obj.offer.locations.order_by("-position").values_list("position", flat=True)
            obj.position = (last.first() or 0) + 1 if last.exists() else 0
        obj.full_clean()
        if not created and hasattr(obj, "version"):
            obj.version += 1
        obj.save()
        if result.kind in ("actors", "offers"):
            obj.fields_of_action.set(values["fields"])
        if result.kind == "offers" and _location_differs(_first_location(obj), values):
            location = _first_location(obj) or OfferLocation(offer=obj, position=0)
            for name in _OFFER_LOCATION_KEYS:
                setattr(location, name, values[name])
            location.full_clean()
            location.save()
        counts["created" if created else "updated"] += 1
    return counts


# --- export -------------------------------------------------------------------------------


def _export_rows(kind: str, municipality: Municipality) -> list[list[Any]]:
    from teilhabe.inventory.selectors import offers_for_municipality

    kinds = dict(ActorKind.choices)
    forms = dict(OfferForm.choices)
    statuses = dict(OfferStatus.choices)
    groups = dict(TargetGroup.choices)
    rows: list[list[Any]] = []
    if kind == "actors":
        for a in actors_visible(municipality=municipality).order_by("name"):
            rows.append(
                [
                    a.name,
                    str(kinds.get(a.kind, a.kind)).split(" (")[0],
                    ", ".join(f.name for f in a.fields_of_action.all()),
                    a.description,
                    a.email,
                    a.phone,
                    a.street,
                    a.postcode,
                    a.city,
                    a.area.key if a.area else "",
                    a.latitude,
                    a.longitude,
                    a.website,
                    ", ".join(a.languages or []),
                    "ja" if a.shared_in_federation else "nein",
                ]
            )
    elif kind == "offers":
        for o in offers_for_municipality(municipality=municipality).order_by(
            "actor__name", "title"
        ):
            rows.append(
                [
                    o.actor.name,
                    o.title,
                    o.description,
                    ", ".join(f.name for f in o.fields_of_action.all()),
                    ", ".join(str(groups.get(g, g)) for g in o.target_groups or []),
                    ", ".join(o.languages or []),
                    str(forms.get(o.form, o.form)),
                    *_first_location_cells(o),
                    o.schedule,
                    o.start_date,
                    o.end_date,
                    o.capacity,
                    o.fee,
                    "ja" if o.step_free else "nein",
                    "ja" if o.childcare else "nein",
                    o.funding,
                    str(statuses.get(o.status, o.status)),
                ]
            )
    elif kind == "locations":
        for o in offers_for_municipality(municipality=municipality).order_by(
            "actor__name", "title"
        ):
            for loc in o.location_list():
                rows.append(
                    [
                        o.actor.name,
                        o.title,
                        loc.venue,
                        loc.street,
                        loc.postcode,
                        loc.city,
                        loc.area.key if loc.area else "",
                        loc.latitude,
                        loc.longitude,
                    ]
                )
    else:
        usages = (
            Usage.objects.filter(offer__municipality=municipality, offer__merged_into__isnull=True)
            .select_related("offer__actor")
            .order_by("offer__actor__name", "offer__title", "period_start")
        )
        for u in usages:
            rows.append(
                [
                    u.offer.actor.name,
                    u.offer.title,
                    u.period_start,
                    u.period_end,
                    u.participants,
                    u.women,
                    u.age_under_18,
                    u.age_18_26,
                    u.age_27_64,
                    u.age_65_plus,
                    u.waiting_list,
                    u.note,
                ]
            )
    return rows


def _first_location_cells(offer: Offer) -> list[Any]:
    locations = offer.location_list()
    if not locations:
        return ["", "", None, None]
    first = locations[0]
    return [first.venue, first.area.key if first.area else "", first.latitude, first.longitude]


SHEET_TITLES = {
    "actors": "Akteure",
    "offers": "Angebote",
    "locations": "Orte",
    "usage": "Inanspruchnahme",
}


def export_xlsx(kind: str, municipality: Municipality) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLES[kind]
    sheet.append([h for h, _k, _r in COLUMNS[kind]])
    for row in _export_rows(kind, municipality):
        sheet.append([safe_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_csv(kind: str, municipality: Municipality) -> bytes:
    """Semicolon-separated UTF-8 with BOM and German dates/decimals, as German Excel expects."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([h for h, _k, _r in COLUMNS[kind]])
    for row in _export_rows(kind, municipality):
        cells = []
        for value in row:
            if isinstance(value, date):
                value = value.strftime("%d.%m.%Y")
            elif isinstance(value, Decimal):
                value = str(value).replace(".", ",")
            elif value is None:
                value = ""
            cells.append(safe_cell(value))
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
