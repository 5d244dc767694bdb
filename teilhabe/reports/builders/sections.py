"""The sections more than one document shares: the indicator pages of the data basis,
participation, the state of the measures, the inventory, evaluations and open needs. Each
reads through the selectors of the part the data belongs to and returns its facts (what the
comparison of two editions looks at)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teilhabe.concept import selectors as concept_selectors
from teilhabe.concept.models import Measure
from teilhabe.core.models import AreaKind, Municipality
from teilhabe.core.selectors import fields_of_action
from teilhabe.implementation import selectors as implementation_selectors
from teilhabe.inventory import selectors as inventory_selectors
from teilhabe.needs.selectors import unanswered_needs
from teilhabe.participation import selectors as participation_selectors
from teilhabe.participation.models import Event, EventKind
from teilhabe.reports.builders.common import Chapter, day, shown_count
from teilhabe.statistics import charts, disclosure
from teilhabe.statistics import selectors as stat_selectors
from teilhabe.statistics.models import Indicator, Level

# Area levels in the order they are preferred for maps in documents: the coarser level keeps
# the tables short; every area of every level goes into the spreadsheet appendix.
MAP_LEVELS = [
    AreaKind.STADTBEZIRK,
    AreaKind.GEMEINDE,
    AreaKind.SOZIALRAUM,
    AreaKind.STADTTEIL,
    AreaKind.STATISTISCHER_BEZIRK,
    AreaKind.ORTSTEIL,
]
MAX_PERIODS = 6  # reference dates per indicator table in the document
PRINT_TOLERANCE = 0.0008  # area shapes are simplified further for print


def document_series(*, municipality: Municipality) -> list[tuple[Indicator, dict[str, Any]]]:
    """Every indicator of the municipality with its series (``statistics.selectors``), area
    shapes simplified for print."""
    return stat_selectors.municipality_series(
        municipality=municipality, area_tolerance=PRINT_TOLERANCE
    )


def _map_values(series: dict[str, Any], period: date) -> tuple[str, list[Any]]:
    values = [v for v in series["areas"].get(period, []) if v.area and v.area.geometry]
    kinds = {v.area.kind for v in values}
    for kind in MAP_LEVELS:
        if kind in kinds:
            return kind, [v for v in values if v.area.kind == kind]
    return "", []


def indicator_sections(
    chapter: Chapter,
    *,
    all_series: list[tuple[Indicator, dict[str, Any]]],
    with_maps: bool = True,
) -> dict[str, dict[str, Any]]:
    """One section per indicator with values: chart of the series with its table, a map of
    the areas at the newest reference date with its table, "Quelle, Stand" under each.
    Returns the shown values per indicator code (for trends and comparisons)."""
    facts: dict[str, dict[str, Any]] = {}
    for indicator, series in all_series:
        if not series["values"]:
            continue
        spec = charts.indicator_time_series(indicator=indicator, series=series)
        if spec is None:
            continue
        citation = stat_selectors.series_citation(series)
        finding = spec["title"]
        chapter.section(indicator.name, new_page=True)
        chapter.text(indicator.definition)
        periods = series["periods"][-MAX_PERIODS:]
        offset = len(series["periods"]) - len(periods)
        chapter.figure(
            spec=spec,
            title=finding,
            alt=_("Line chart: %(finding)s. The table below has the same numbers.")
            % {"finding": finding},
            source=citation,
            table={
                "caption": _("%(name)s per reference date") % {"name": indicator.name},
                "columns": [_("Level")] + [p.strftime("%d.%m.%Y") for p in periods],
                "rows": [[row["level"], *row["cells"][offset:]] for row in series["comparison"]],
                "numeric": [False] + [True] * len(periods),
            },
        )
        chapter.text("\n\n".join(series["notes"]))
        if series["not_available"] is not None:
            chapter.text(series["not_available"].sentence)
        latest = series["periods"][-1]
        own = series["by_level"][Level.MUNICIPALITY]
        points = {p: stat_selectors.show(indicator, iv)[0] for p, iv in own.items()}
        facts[indicator.code] = {
            "name": indicator.name,
            "unit": indicator.unit,
            "points": {p.isoformat(): t for p, t in sorted(points.items())},
            "latest": points.get(
                latest, stat_selectors.NOT_AVAILABLE if series["not_available"] else "–"
            ),
            "period": latest.isoformat(),
        }
        if not with_maps:
            continue
        kind, values = _map_values(series, latest)
        if not values:
            continue
        area_rows = stat_selectors.area_rows(indicator=indicator, values=values)
        map_spec = charts.indicator_area_map(
            indicator=indicator, rows=area_rows, period=latest, kind=kind
        )
        title = map_spec["title"]
        chapter.figure(
            spec=map_spec,
            title=title,
            alt=_("Map of the areas: %(title)s. The table below has the same numbers.")
            % {"title": title},
            source=citation,
            table={
                "caption": title,
                "columns": [_("Area"), indicator.unit],
                "rows": [[f"{r['key']} {r['name']}", r["text"]] for r in area_rows],
                "numeric": [False, True],
            },
        )
    return facts


def participation_section(chapter: Chapter, *, municipality: Municipality) -> dict[str, int]:
    """Market days and other events, conference and surveys, working groups (with counts;
    counts of people below k are not printed)."""
    facts = participation_selectors.report_facts(municipality=municipality)
    events, surveys, groups = facts["events"], facts["surveys"], facts["working_groups"]
    by_kind: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_kind[event.kind].append(event)

    def event_table(kinds: list[str], caption: str, empty: str) -> None:
        rows = [
            [day(e.date), e.title, e.place or "–", shown_count(e.participants)]
            for k in kinds
            for e in by_kind.get(k, [])
        ]
        chapter.table(
            caption=caption,
            columns=[_("Date"), _("Event"), _("Place"), _("Participants")],
            rows=rows,
            numeric=[False, False, False, True],
            row_headers=False,
            empty=empty,
        )

    chapter.section(_("Market days and events in the districts"))
    event_table(
        [EventKind.MARKET_STAND, EventKind.VISIONS_CAFE, EventKind.WORKSHOP],
        _("Market stands, VisionsCafés and workshops"),
        _("No market stands or workshops recorded."),
    )
    chapter.section(_("Integration conference and online survey"))
    event_table(
        [EventKind.CONFERENCE],
        _("Integration conferences"),
        _("No integration conference recorded."),
    )
    chapter.table(
        caption=_("Surveys"),
        columns=[_("Survey"), _("Period"), _("Responses")],
        rows=[
            [
                s.title,
                f"{day(s.opens_at)} – {day(s.closes_at)}" if s.opens_at else "–",
                shown_count(s.n),
            ]
            for s in surveys
        ],
        numeric=[False, False, True],
        empty=_("No surveys recorded."),
    )
    chapter.section(pgettext("participation", "Working groups"))
    chapter.table(
        caption=pgettext("participation", "Working groups"),
        columns=[
            pgettext("participation", "Working group"),
            pgettext("integration concept", "Field of action"),
            _("Meetings"),
        ],
        rows=[
            [g.name, g.field_of_action.name if g.field_of_action else "–", g.meetings_n]
            for g in groups
        ],
        numeric=[False, False, True],
        empty=_("No working groups recorded."),
    )
    people = sum(e.participants or 0 for e in events)
    responses = sum(s.n for s in surveys)
    chapter.text(
        _(
            "In total %(events)s events with %(people)s participants, %(surveys)s surveys "
            "with %(responses)s responses, %(groups)s working groups and %(contributions)s "
            "recorded contributions."
        )
        % {
            "events": len(events),
            "people": shown_count(people),
            "surveys": len(surveys),
            "responses": shown_count(responses),
            "groups": len(groups),
            "contributions": shown_count(facts["contributions"]),
        }
    )
    kind_rows: list[dict[str, Any]] = [
        {"gruppe": str(EventKind(k).label), "wert": sum(e.participants or 0 for e in v)}
        for k, v in by_kind.items()
    ]
    kind_rows = [r for r in kind_rows if r["wert"] and not disclosure.is_small(r["wert"])]
    if kind_rows:
        title = _("Participants by kind of event")
        chapter.figure(
            spec=charts.bar_spec(title=title, rows=kind_rows, unit=_("Participants")),
            title=title,
            alt=_("Bar chart: %(title)s. The table below has the same numbers.") % {"title": title},
            source=_("Source: %(m)s, participation records, as of: %(d)s")
            % {"m": municipality.name, "d": day(timezone.now())},
            table={
                "caption": title,
                "columns": [_("Kind"), _("Participants")],
                "rows": [[r["gruppe"], shown_count(r["wert"])] for r in kind_rows],
                "numeric": [False, True],
            },
        )
    return {
        "events": len(events),
        "surveys": len(surveys),
        "working_groups": len(groups),
        "contributions": facts["contributions"],
    }


def measure_columns() -> list[str]:
    """The columns of ``measure_row``."""
    return [
        _("No."),
        _("Title"),
        _("Lead office"),
        _("Political state"),
        _("Financial state"),
        _("Implementation state"),
        _("Traffic light"),
    ]


def measure_row(m: Measure) -> list[str]:
    return [
        m.number or "–",
        m.title,
        (m.lead_unit.short_name or m.lead_unit.name) if m.lead_unit else "–",
        m.get_political_state_display(),
        m.get_financial_state_display(),
        m.get_implementation_state_display(),
        m.get_traffic_light_display(),
    ]


def measure_states(chapter: Chapter, *, municipality: Municipality) -> dict[str, Any]:
    """The state chart per field of action and one table of measures per field."""
    data = implementation_selectors.dashboard(municipality=municipality)
    if data["total"]:
        title = _("Measures by field of action and implementation state")
        chapter.figure(
            spec=implementation_selectors.state_chart_spec(data=data, title=title),
            title=title,
            alt=_("Stacked bar chart: %(title)s. The table below has the same numbers.")
            % {"title": title},
            source=_("Source: %(m)s, integration concept, as of: %(d)s")
            % {"m": municipality.name, "d": day(timezone.now())},
            table={
                "caption": title,
                "columns": [pgettext("integration concept", "Field of action")]
                + [label for _v, label in data["states"]],
                "rows": [
                    [row["field"].name] + [str(c) for c in row["counts"]]
                    for row in data["field_table"]
                ],
                "numeric": [False] + [True] * len(data["states"]),
            },
        )
    measures = list(concept_selectors.report_measures(municipality=municipality))
    by_field: dict[int | None, list[Measure]] = defaultdict(list)
    for m in measures:
        fields = list(m.fields.all())
        by_field[fields[0].pk if fields else None].append(m)
    columns = measure_columns()
    for field in fields_of_action(municipality=municipality, include_inactive=False):
        items = by_field.get(field.pk, [])
        if not items:
            continue
        chapter.section(field.name, level=4)
        chapter.table(caption=field.name, columns=columns, rows=[measure_row(m) for m in items])
    if by_field.get(None):
        chapter.section(_("Measures without a field of action"), level=4)
        chapter.table(
            caption=_("Measures without a field of action"),
            columns=columns,
            rows=[measure_row(m) for m in by_field[None]],
        )
    return {
        str(m.pk): {
            "number": m.number,
            "title": m.title,
            "political": m.get_political_state_display(),
            "financial": m.get_financial_state_display(),
            "implementation": m.get_implementation_state_display(),
            "light": m.get_traffic_light_display(),
        }
        for m in measures
    }


def inventory_section(chapter: Chapter, *, municipality: Municipality) -> dict[str, int]:
    facts = inventory_selectors.report_facts(municipality=municipality)
    rows = []
    chart_rows = []
    for f in fields_of_action(municipality=municipality, include_inactive=False):
        r = facts["per_field"].get(f.pk, {"active": 0, "planned": 0, "ended": 0})
        rows.append([f.name, r["active"], r["planned"], r["ended"]])
        chart_rows.append({"gruppe": f.name, "wert": r["active"] + r["planned"]})
    total, actors = facts["offers"], facts["actors"]
    chapter.text(
        _("The inventory holds %(offers)s offers of %(actors)s actors.")
        % {"offers": total, "actors": actors}
    )
    if any(r["wert"] for r in chart_rows):
        title = _("Active and planned offers by field of action")
        chapter.figure(
            spec=charts.bar_spec(title=title, rows=chart_rows, unit=_("Offers")),
            title=title,
            alt=_("Bar chart: %(title)s. The table below has the same numbers.") % {"title": title},
            source=_("Source: %(m)s, inventory of offers, as of: %(d)s")
            % {"m": municipality.name, "d": day(timezone.now())},
            table={
                "caption": title,
                "columns": [
                    pgettext("integration concept", "Field of action"),
                    _("active"),
                    _("planned"),
                    _("ended"),
                ],
                "rows": [[str(c) for c in row] for row in rows],
                "numeric": [False, True, True, True],
            },
        )
    return {"offers": total, "actors": actors}


def planned_offers(chapter: Chapter, *, municipality: Municipality) -> None:
    chapter.table(
        caption=_("Planned offers"),
        columns=[_("Offer"), pgettext("inventory", "Actor"), _("Fields of action"), _("from")],
        rows=[
            [
                o.title,
                o.actor.name,
                ", ".join(f.name for f in o.fields_of_action.all()),
                day(o.start_date) if o.start_date else "–",
            ]
            for o in inventory_selectors.planned_offers(municipality=municipality)
        ],
        empty=_("No planned offers recorded in the inventory."),
    )


def evaluations_section(
    chapter: Chapter, *, municipality: Municipality, year_from: int, year_to: int
) -> int:
    """The in-depth evaluations of measures in the report years (implementation part): question,
    logic model (input → activities → output → outcome) with reviewed figures, findings and
    recommendation."""
    evaluations = implementation_selectors.evaluations_for_period(
        municipality, year_from=year_from, year_to=year_to
    )
    for item in evaluations:
        chapter.section(f"{item.measure.number} {item.measure.title}".strip(), level=4)
        if item.question:
            chapter.text(_("Question: %(q)s") % {"q": item.question})
        chapter.table(
            caption=_("Logic model"),
            columns=[_("Stage"), _("Description"), _("Figures")],
            rows=[
                [
                    stage["label"],
                    stage["text"] or "–",
                    "; ".join(
                        f"{f.label}: {f.value:g} {f.unit} ({f.source}, {day(f.as_of)})"
                        for f in stage["figures"]
                    )
                    or "–",
                ]
                for stage in item.logic_model
            ],
        )
        chapter.text(item.findings)
        if item.recommendation:
            chapter.text(
                _("Recommendation: %(r)s") % {"r": item.recommendation_label}
                + (f" – {item.recommendation_note}" if item.recommendation_note else "")
            )
    if not evaluations:
        chapter.text(_("No evaluations of measures in this period."))
    return len(evaluations)


def needs_section(chapter: Chapter, *, municipality: Municipality) -> None:
    """Accepted needs that no measure or recommendation answers yet (concept part)."""
    needs = list(unanswered_needs(municipality))
    chapter.table(
        caption=_("Needs without an answer yet"),
        columns=[_("No."), _("Need"), pgettext("integration concept", "Field of action")],
        rows=[[n.number or "–", n.title, n.field.name if n.field_id else "–"] for n in needs],
        empty=_("Every accepted need is answered by a measure or a recommendation."),
    )
