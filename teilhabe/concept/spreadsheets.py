"""Excel and CSV in and out for measures, the tree and the previous concept.

The column headers are a fixed German file format (documented in docs/concept.md), so a file
exported here can be edited in Excel and imported again. Parsers are pure functions from bytes
to a result with German errors per line; nothing is written here.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

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
from teilhabe.core import spreadsheets
from teilhabe.core.models import Municipality
from teilhabe.core.spreadsheets import (  # noqa: F401  (german_decimal and the writers are used from here)
    FORMULA_START,
    german_decimal,
    write_csv,
    write_xlsx,
)

if TYPE_CHECKING:
    from teilhabe.concept.selectors import ConceptTree, FieldNode

DANGEROUS_PREFIXES = FORMULA_START

MEASURE_COLUMNS: list[tuple[str, str]] = [
    ("number", "Nummer"),
    ("title", "Titel"),
    ("description", "Beschreibung"),
    ("fields", "Handlungsfelder"),
    ("goals", "Ziele"),
    ("lead", "Federführung"),
    ("partner_units", "Beteiligte Ämter"),
    ("partners_text", "Weitere Partner"),
    ("target_groups", "Zielgruppen"),
    ("areas", "Gebiete"),
    ("start_date", "Beginn"),
    ("end_date", "Ende"),
    ("priority", "Priorität"),
    ("origin", "Herkunft"),
    ("political_state", "Politischer Status"),
    ("decided_on", "Beschlossen am"),
    ("decision_body", "Gremium"),
    ("paper_reference", "Drucksache"),
    ("financial_state", "Finanzieller Status"),
    ("budget_product", "Produkt"),
    ("budget_year", "Haushaltsjahr"),
    ("budget_kind", "Konsumtiv/investiv"),
    ("annual_amount", "Betrag pro Jahr (EUR)"),
    ("followup_costs", "Folgekosten pro Jahr (EUR)"),
    ("staff_plan_effect", "Stellenplan"),
    ("voluntary_task", "Freiwillige Leistung"),
    ("implementation_state", "Umsetzungsstatus"),
    ("state_reason", "Begründung Pause/Stopp"),
    ("traffic_light", "Ampel"),
    ("progress_percent", "Fortschritt (%)"),
    ("overdue", "Überfällig"),
]
# Columns that are only written: the goals are linked in the tree, "overdue" is computed.
EXPORT_ONLY = {"goals", "overdue"}
REQUIRED_MEASURE = {"number", "title", "fields"}

PREVIOUS_COLUMNS: list[tuple[str, str]] = [
    ("number", "Nummer"),
    ("title", "Titel"),
    ("field_name", "Handlungsfeld"),
    ("lead", "Federführung"),
    ("old_state", "Stand"),
    ("description", "Beschreibung"),
]
REQUIRED_PREVIOUS = {"number", "title"}


# --- cell values -------------------------------------------------------------------------------


def parse_decimal(raw: Any) -> Decimal | None:
    """'1.234,50', '1234,5', '1234', 1234.5 → Decimal. Raises ValueError."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return Decimal(str(raw)).quantize(Decimal("0.01"))
    text = (
        str(raw).strip().replace("€", "").replace("EUR", "").replace("\u00a0", "").replace(" ", "")
    )
    if not text:
        return None
    if "," in text:
        if not re.fullmatch(r"-?(\d{1,3}(\.\d{3})+|\d+),\d+", text):
            raise ValueError
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    elif not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValueError from exc


def parse_int(raw: Any) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    text = str(raw).strip().replace(".", "").replace("%", "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d+", text):
        raise ValueError
    return int(text)


def parse_date(raw: Any) -> date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a calendar date)
        except ValueError:
            continue
    raise ValueError


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw or "").strip().lower()
    if text in ("ja", "j", "x", "1", "yes", "true", "wahr"):
        return True
    if text in ("", "nein", "n", "0", "no", "false", "falsch"):
        return False
    raise ValueError


# The German values of the choices in files: part of the file format, so a file reads the same
# whatever the language of the interface that exported it.
FILE_LABELS: dict[type, dict[Any, str]] = {
    PoliticalState: {
        "proposed": "vorgeschlagen",
        "adopted": "beschlossen",
        "acknowledged": "zur Kenntnis genommen",
        "rejected": "abgelehnt",
    },
    FinancialState: {
        "open": "noch offen",
        "no_cost": "keine Kosten",
        "existing_funds": "aus vorhandenen Mitteln",
        "registered": "zum Haushalt angemeldet",
        "budgeted": "veranschlagt",
        "blocked": "gesperrt",
        "third_party_applied": "Drittmittel beantragt",
        "third_party_granted": "Drittmittel bewilligt",
    },
    BudgetKind: {"consumptive": "konsumtiv", "investive": "investiv"},
    ImplementationState: {
        "not_started": "nicht begonnen",
        "in_progress": "in Umsetzung",
        "implemented": "umgesetzt",
        "permanent": "verstetigt",
        "paused": "pausiert",
        "stopped": "eingestellt",
    },
    TrafficLight: {
        "": "nicht bewertet",
        "green": "im Plan",
        "yellow": "gefährdet",
        "red": "nicht im Plan",
    },
    Origin: {
        "working_group": "Arbeitsgruppe",
        "survey": "Befragung",
        "conference": "Integrationskonferenz",
        "steering": "Steuerungsgruppe",
        "administration": "Verwaltung",
        "moderation": "Prozessmoderation",
        "previous": "früheres Konzept",
    },
    Priority: {1: "hoch", 2: "mittel", 3: "niedrig"},
}


def choice_lookup(choices: Any) -> dict[str, Any]:
    """Accept the German file value, the label in the current language and the stored value."""
    lookup: dict[str, Any] = {}
    for value, label in choices.choices:
        lookup[str(value).lower()] = value
        lookup[str(label).lower()] = value
    for value, label in FILE_LABELS[choices].items():
        lookup[label.lower()] = value
    return lookup


def choice_label_de(choices: Any, value: Any) -> str:
    if value is None or (value == "" and choices is not TrafficLight):
        return ""
    return FILE_LABELS[choices].get(value, str(value))


def split_list(raw: Any) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n]", str(raw or "")) if p.strip()]


# --- reading files -----------------------------------------------------------------------------


class TableError(ValueError):
    """The file cannot be read as a table; the message is German and says what to do."""


def read_table(data: bytes, filename: str) -> list[list[Any]]:
    """Rows of the first sheet of an XLSX file or of a CSV file (the core's safe reader)."""
    try:
        return spreadsheets.read_table(data, filename)
    except spreadsheets.SpreadsheetError as exc:
        raise TableError(str(exc)) from exc


@dataclass
class ParsedTable:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (line, values)
    errors: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the keys found


def map_columns(
    table: list[list[Any]], columns: list[tuple[str, str]], required: set[str]
) -> ParsedTable:
    """Map the header row to the known columns; report unknown and missing ones."""
    result = ParsedTable()
    if not table:
        result.errors.append(_("The file is empty."))
        return result
    header = [str(h or "").strip() for h in table[0]]
    by_header = {label.lower(): key for key, label in columns}
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        key = by_header.get(h.lower())
        if key is not None and key not in index:
            index[key] = i
    missing = [label for key, label in columns if key in required and key not in index]
    if missing:
        result.errors.append(
            _(
                "Line 1: the columns %(columns)s are missing. Use the headers of the export or of the template."
            )
            % {"columns": ", ".join(f"„{m}“" for m in missing)}
        )
        return result
    result.columns = list(index)
    for line, raw in enumerate(table[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in raw):
            continue
        values = {key: (raw[i] if i < len(raw) else None) for key, i in index.items()}
        for key, value in values.items():
            if isinstance(value, str):
                values[key] = value.strip()
                if values[key].startswith("'") and values[key][1:2] in DANGEROUS_PREFIXES:
                    values[key] = values[key][1:]  # our own formula guard from the export
        result.rows.append((line, values))
    if not result.rows:
        result.errors.append(_("The file contains a header but no rows."))
    return result


def column_label(columns: list[tuple[str, str]], key: str) -> str:
    return dict(columns)[key]


# --- writing files -----------------------------------------------------------------------------


def measure_rows(measures: list[Measure]) -> list[list[Any]]:
    """One row per measure in the order of MEASURE_COLUMNS (measures need their relations
    prefetched: fields, goals, partner_units, target_groups, areas)."""
    rows = []
    for m in measures:
        values: dict[str, Any] = {
            "number": m.number,
            "title": m.title,
            "description": m.description,
            "fields": "; ".join(f.name for f in m.fields.all()),
            "goals": "; ".join(g.title for g in m.goals.all()),
            "lead": (m.lead_unit.short_name or m.lead_unit.name)
            if m.lead_unit
            else (m.lead_municipality.name if m.lead_municipality else ""),
            "partner_units": "; ".join(u.short_name or u.name for u in m.partner_units.all()),
            "partners_text": m.partners_text,
            "target_groups": "; ".join(t.name for t in m.target_groups.all()),
            "areas": "gesamtstädtisch" if m.citywide else "; ".join(a.name for a in m.areas.all()),
            "start_date": m.start_date,
            "end_date": m.end_date,
            "priority": choice_label_de(Priority, m.priority),
            "origin": choice_label_de(Origin, m.origin),
            "political_state": choice_label_de(PoliticalState, m.political_state),
            "decided_on": m.decided_on,
            "decision_body": m.decision_body,
            "paper_reference": m.paper_reference,
            "financial_state": choice_label_de(FinancialState, m.financial_state),
            "budget_product": m.budget_product,
            "budget_year": m.budget_year,
            "budget_kind": choice_label_de(BudgetKind, m.budget_kind),
            "annual_amount": m.annual_amount,
            "followup_costs": m.followup_costs,
            "staff_plan_effect": m.staff_plan_effect,
            "voluntary_task": "ja" if m.voluntary_task else "nein",
            "implementation_state": choice_label_de(ImplementationState, m.implementation_state),
            "state_reason": m.state_reason,
            "traffic_light": choice_label_de(TrafficLight, m.traffic_light)
            if m.traffic_light
            else "",
            "progress_percent": m.progress_percent,
            "overdue": "ja" if getattr(m, "overdue", False) else "nein",
        }
        rows.append([values[key] for key, _label in MEASURE_COLUMNS])
    return rows


TREE_HEADERS = [
    "Ebene",
    "Handlungsfeld",
    "Nummer",
    "Titel",
    "Text",
    "Indikator",
    "Einheit",
    "Ausgangswert",
    "Ausgangsjahr",
    "Zielwert",
    "Zieljahr",
    "Maßnahmen",
]


def tree_rows(tree: ConceptTree, *, municipality: Municipality) -> list[list[Any]]:
    """One row per level of the concept in the order of TREE_HEADERS: the vision, the
    guidelines, then each field of action with its goals and recommendations."""
    blank = [""] * 7
    rows: list[list[Any]] = []
    if tree.vision:
        rows.append(["Leitbild", "", "", "", tree.vision.text, *blank])
    for i, g in enumerate(tree.guidelines, start=1):
        rows.append(["Leitlinie", "", str(i), g.title, g.text, *blank])
    for node in tree.fields:
        rows.extend(_field_rows(node, municipality=municipality))
    return rows


def _field_rows(node: FieldNode, *, municipality: Municipality) -> list[list[Any]]:
    name = node.field.name
    rows: list[list[Any]] = [
        ["Handlungsfeld", name, "", name, node.field.description, *[""] * 6, node.rollup.total]
    ]
    for sg in node.strategic_goals:
        s = sg.strategic_goal
        rows.append(
            [
                municipality.strategic_goal_label,
                name,
                "",
                s.title,
                s.text,
                *[""] * 6,
                sg.rollup.total,
            ]
        )
        for gn in sg.goals:
            g = gn.goal
            rows.append(
                [
                    municipality.goal_label,
                    name,
                    "",
                    g.title,
                    g.text,
                    g.indicator_text,
                    g.unit,
                    g.baseline_value,
                    g.baseline_year,
                    g.target_value,
                    g.target_year,
                    "; ".join(m.number for m in gn.measures),
                ]
            )
    for r in node.recommendations:
        rows.append(["Handlungsempfehlung", name, r.number, r.title, r.text, *[""] * 7])
    return rows


# --- Word text of the previous concept ---------------------------------------------------------


def parse_docx_sections(data: bytes) -> list[dict[str, Any]]:
    """Headings and their paragraphs from a Word file (styles "Heading n" / "Überschrift n" /
    "Title"). Text before the first heading becomes a section of its own. Raises TableError."""
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:
        raise TableError(_("The file is not a readable Word document (.docx).")) from exc
    sections: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        match = re.match(r"(heading|überschrift)\s*(\d)", style.lower())
        level = int(match.group(2)) if match else (1 if style.lower() == "title" else 0)
        if level:
            current = {"level": level, "heading": text, "text": ""}
            sections.append(current)
        else:
            if current is None:
                current = {"level": 1, "heading": _("Preamble"), "text": ""}
                sections.append(current)
            current["text"] = (current["text"] + "\n\n" + text).strip()
    if not sections:
        raise TableError(_("The Word document contains no text."))
    return sections
