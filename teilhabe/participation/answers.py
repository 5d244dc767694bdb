"""Reading a submitted questionnaire: from form data to answer values, with errors in the
respondent's language. Pure functions over the questions; nothing is written here.

Field names: ``q<id>`` for one value (single choice, scale, number, text, area), the same
name repeated for multiple choice, ``q<id>_other`` for the "other" text, ``q<id>_<row>`` for a
matrix row and ``q<id>_<option>`` for the rank of an option.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from teilhabe.core.spreadsheets import clean_text
from teilhabe.participation.models import CHOICE_KINDS, Question, QuestionKind

MAX_TEXT = 5000


@dataclass
class Value:
    question_id: int
    row: str = ""
    choice: str = ""
    number: float | None = None
    text: str = ""


@dataclass
class Parsed:
    values: list[Value] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)
    # question id → chosen keys (to evaluate display conditions)
    chosen: dict[int, set[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def option_keys(question: Question) -> list[str]:
    return [str(o["key"]) for o in question.options or []]


def is_shown(question: Question, chosen: dict[int, set[str]]) -> bool:
    """A question with a display condition is shown only if the earlier answer matches."""
    if not question.condition_question_id:
        return True
    wanted = {str(v) for v in question.condition_values or []}
    return bool(chosen.get(question.condition_question_id, set()) & wanted)


def _number(raw: str) -> float | None:
    cleaned = raw.strip().replace(" ", "").replace(".", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(raw) from None


def parse_answers(
    questions: Sequence[Question],
    get: Callable[[str], str],
    getlist: Callable[[str], list[str]],
    texts: dict[str, str],
    area_keys: set[str] | None = None,
) -> Parsed:
    """Collect the values of all shown questions; answers to hidden questions are dropped.
    NUL bytes and bidi overrides are removed first: PostgreSQL refuses NUL in text."""
    raw_get, raw_getlist = get, getlist

    def get(name: str) -> str:
        return clean_text(raw_get(name))

    def getlist(name: str) -> list[str]:
        return [clean_text(value) for value in raw_getlist(name)]

    out = Parsed()
    for q in questions:
        if q.kind == QuestionKind.SECTION:
            continue
        if not is_shown(q, out.chosen):
            continue
        name = f"q{q.pk}"
        before = len(out.values)
        keys = option_keys(q)
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            picked = getlist(name) if q.kind == QuestionKind.MULTIPLE else [get(name)]
            picked = [p for p in picked if p in keys or (q.allow_other and p == "_other")]
            for key in dict.fromkeys(picked):
                other = get(f"{name}_other").strip()[:MAX_TEXT] if key == "_other" else ""
                out.values.append(Value(q.pk, choice=key, text=other))
            out.chosen[q.pk] = set(picked)
        elif q.kind == QuestionKind.SCALE:
            raw = get(name)
            allowed = {str(i) for i in range(q.scale_min, q.scale_max + 1)}
            if raw in allowed:
                out.values.append(Value(q.pk, choice=raw, number=float(raw)))
                out.chosen[q.pk] = {raw}
        elif q.kind == QuestionKind.MATRIX:
            for row in q.rows or []:
                raw = get(f"{name}_{row['key']}")
                if raw in keys:
                    out.values.append(Value(q.pk, row=str(row["key"]), choice=raw))
        elif q.kind == QuestionKind.RANKING:
            ranks: dict[str, int] = {}
            for key in keys:
                raw = get(f"{name}_{key}")
                if raw.isdigit() and 1 <= int(raw) <= len(keys):
                    ranks[key] = int(raw)
            for key, rank in ranks.items():
                out.values.append(Value(q.pk, choice=key, number=float(rank)))
        elif q.kind == QuestionKind.NUMBER:
            try:
                number = _number(get(name))
            except ValueError:
                out.errors[q.pk] = texts["error_number"]
                continue
            if number is not None:
                out.values.append(Value(q.pk, number=number))
        elif q.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            text = get(name).strip()[:MAX_TEXT]
            if text:
                out.values.append(Value(q.pk, text=text))
        elif q.kind == QuestionKind.AREA:
            raw = get(name)
            if raw and (area_keys is None or raw in area_keys):
                out.values.append(Value(q.pk, choice=raw))
                out.chosen[q.pk] = {raw}
        if q.required and len(out.values) == before and q.pk not in out.errors:
            out.errors[q.pk] = texts["error_required"]
    return out


def is_choice(question: Question) -> bool:
    return question.kind in CHOICE_KINDS
