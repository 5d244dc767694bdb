"""What changed between two editions of a report, from the facts their snapshots keep."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def compare(older: dict[str, Any], newer: dict[str, Any]) -> dict[str, Any]:
    """What changed between two editions: indicator values, measures added, removed and
    their states, and the counts of inventory and participation."""
    old_f, new_f = older.get("facts", {}), newer.get("facts", {})
    indicators = []
    old_i, new_i = old_f.get("indicators", {}), new_f.get("indicators", {})
    for code in list(dict.fromkeys([*old_i, *new_i])):
        a, b = old_i.get(code), new_i.get(code)
        before = f"{a['latest']} ({date.fromisoformat(a['period']):%d.%m.%Y})" if a else "–"
        after = f"{b['latest']} ({date.fromisoformat(b['period']):%d.%m.%Y})" if b else "–"
        if before != after:
            indicators.append({"name": (b or a)["name"], "before": before, "after": after})
    old_m, new_m = old_f.get("measures", {}), new_f.get("measures", {})
    added = [f"{v['number']} {v['title']}".strip() for k, v in new_m.items() if k not in old_m]
    removed = [f"{v['number']} {v['title']}".strip() for k, v in old_m.items() if k not in new_m]
    states = []
    labels = {
        "political": _("Political state"),
        "financial": _("Financial state"),
        "implementation": _("Implementation state"),
        "light": _("Traffic light"),
    }
    for key, b in new_m.items():
        a = old_m.get(key)
        if a is None:
            continue
        for attr, label in labels.items():
            if a.get(attr) != b.get(attr):
                states.append(
                    {
                        "label": f"{b['number']} {b['title']}".strip(),
                        "what": label,
                        "before": a.get(attr),
                        "after": b.get(attr),
                    }
                )
    counts = []
    count_labels = {
        "offers": _("Offers"),
        "actors": pgettext("inventory", "Actors"),
        "events": _("Events"),
        "surveys": _("Surveys"),
        "working_groups": pgettext("participation", "Working groups"),
        "contributions": _("Contributions"),
    }
    for group in ("inventory", "participation"):
        a, b = old_f.get(group, {}), new_f.get(group, {})
        for key in dict.fromkeys([*a, *b]):
            if a.get(key) != b.get(key):
                counts.append(
                    {
                        "label": count_labels.get(key, key),
                        "before": a.get(key, "–"),
                        "after": b.get(key, "–"),
                    }
                )
    return {
        "indicators": indicators,
        "added": added,
        "removed": removed,
        "states": states,
        "counts": counts,
    }
