"""The questions of a survey as the questionnaire templates show them: texts in the chosen
language, options, conditions and the values entered so far. Shared by the public form and
the staff's entry of paper questionnaires."""

from __future__ import annotations

from typing import Any

from teilhabe.participation.models import Question, QuestionKind
from teilhabe.participation.public_texts import texts_for


def _tr(mapping: dict[str, Any] | None, lang: str) -> str:
    mapping = mapping or {}
    return mapping.get(lang) or mapping.get("de", "")


def question_views(
    questions: list[Question],
    lang: str,
    data: Any = None,
    errors: dict[int, str] | None = None,
    areas: list[tuple[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """What the template needs per question: texts in ``lang``, options, current values."""
    texts = texts_for(lang)
    errors = errors or {}
    by_id = {q.pk: q for q in questions}
    out = []
    number = 0
    for q in questions:
        item = _question_view(q, lang, data, errors.get(q.pk, ""))
        if q.kind != QuestionKind.SECTION:
            number += 1
            item["number"] = number
        if q.condition_question_id and q.condition_question_id in by_id:
            item |= _condition(q, by_id[q.condition_question_id], lang, texts, areas)
        _add_kind_fields(item, q, lang, data, areas)
        out.append(item)
    return out


def _question_view(q: Question, lang: str, data: Any, error: str) -> dict[str, Any]:
    """The fields every kind of question has, with the values entered so far."""
    name = f"q{q.pk}"
    current = data.getlist(name) if data is not None else []
    return {
        "q": q,
        "kind": q.kind,
        "name": name,
        "text": _tr(q.text, lang),
        "help": _tr(q.help, lang),
        "required": q.required,
        "error": error,
        "current": current,
        "current_one": current[0] if current else "",
        "other_value": data.get(f"{name}_other", "") if data is not None else "",
        "options": [
            {
                "key": str(o["key"]),
                "label": _tr(o.get("text"), lang),
                "checked": str(o["key"]) in current,
            }
            for o in q.options or []
        ],
    }


def _condition(
    q: Question,
    cq: Question,
    lang: str,
    texts: dict[str, str],
    areas: list[tuple[str, str]] | None,
) -> dict[str, Any]:
    """When ``q`` is asked: only for some answers to the earlier question ``cq``."""
    labels = {str(o["key"]): _tr(o.get("text"), lang) for o in cq.options or []}
    labels.update({k: v for k, v in (areas or [])})
    return {
        "condition_name": f"q{cq.pk}",
        "condition_values": " ".join(q.condition_values),
        "condition_text": texts["condition"].format(
            question=_tr(cq.text, lang),
            values=", ".join(labels.get(str(v), str(v)) for v in q.condition_values),
        ),
    }


def _add_kind_fields(
    item: dict[str, Any],
    q: Question,
    lang: str,
    data: Any,
    areas: list[tuple[str, str]] | None,
) -> None:
    """The parts only some kinds of question have: a scale, matrix rows, ranks, areas."""
    name, current = item["name"], item["current"]
    if q.kind == QuestionKind.SCALE:
        labels = (q.scale_labels or {}).get(lang) or (q.scale_labels or {}).get("de", {})
        item["scale"] = [
            {"key": str(i), "label": str(i), "checked": str(i) in current}
            for i in range(q.scale_min, q.scale_max + 1)
        ]
        item["scale_low"], item["scale_high"] = labels.get("low", ""), labels.get("high", "")
    if q.kind == QuestionKind.MATRIX:
        item["rows"] = [
            {
                "key": str(r["key"]),
                "label": _tr(r.get("text"), lang),
                "name": f"{name}_{r['key']}",
                "current": data.get(f"{name}_{r['key']}", "") if data is not None else "",
            }
            for r in q.rows or []
        ]
    if q.kind == QuestionKind.RANKING:
        item["ranks"] = list(range(1, len(q.options or []) + 1))
        for option in item["options"]:
            option["name"] = f"{name}_{option['key']}"
            option["current"] = data.get(option["name"], "") if data is not None else ""
    if q.kind == QuestionKind.AREA:
        item["options"] = [
            {"key": k, "label": label, "checked": k in current} for k, label in areas or []
        ]
