"""The builders: from the data of a municipality to a document structure.

A document is a plain, JSON-serialisable dict (stored as an edition's snapshot): title page
data, a Leichte-Sprache summary, numbered chapters made of blocks (``heading``, ``text``,
``list``, ``table``, ``figure``), the sources, and ``facts`` (the figures and states the
comparison of two editions looks at). The same structure is rendered as web page, PDF and
Word file (``render.py``). Every value leaves the data basis through the statistics part's
disclosure control.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teilhabe.concept import selectors as concept_selectors
from teilhabe.concept.models import (
    FinancialState,
    ImplementationState,
    Measure,
    Milestone,
    PoliticalState,
    StatusUpdate,
    TrafficLight,
)
from teilhabe.core.models import AreaKind, FieldOfAction, Municipality
from teilhabe.inventory.models import Actor, Offer, OfferStatus
from teilhabe.participation.models import Contribution, Event, EventKind, Survey, WorkingGroup
from teilhabe.planning.models import Drawdown, Grant, ProofOfUse
from teilhabe.reports.models import Edition, Report, ReportKind
from teilhabe.statistics import disclosure
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


def day(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d.%m.%Y")


def euro(value: Decimal | float | int | None) -> str:
    if value is None:
        return "–"
    text = f"{Decimal(value):,.0f}".replace(",", ".")
    return f"{text} €"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def shown_count(value: int | None) -> str:
    """A count of people for print: below k it is not shown (disclosure control)."""
    if value is None:
        return "–"
    return disclosure.SUPPRESSED if disclosure.is_small(value) else f"{value:,}".replace(",", ".")


class Chapter:
    def __init__(self, doc: DocumentBuilder, number: str, title: str) -> None:
        self.doc = doc
        self.number = number
        self.title = title
        self.blocks: list[dict[str, Any]] = []
        self._sub = 0

    def section(self, title: str, *, level: int = 3, new_page: bool = False) -> None:
        if level == 3:
            self._sub += 1
            number = f"{self.number}.{self._sub}"
        else:
            number = ""
            if not self._sub:
                level = 3  # no numbered section above it: the outline must not skip a level
        self.blocks.append(
            {
                "type": "heading",
                "level": level,
                "number": number,
                "text": title,
                "id": f"k{self.number}-{len(self.blocks)}",
                "new_page": new_page,
            }
        )

    def text(self, text: str, *, empty: str = "") -> None:
        items = paragraphs(text)
        if items:
            self.blocks.append({"type": "text", "items": items})
        elif empty:
            self.blocks.append({"type": "text", "items": [empty], "muted": True})

    def bullets(self, items: list[str]) -> None:
        if items:
            self.blocks.append({"type": "list", "items": items})

    def table(
        self,
        *,
        caption: str,
        columns: list[str],
        rows: list[list[Any]],
        numeric: list[bool] | None = None,
        row_headers: bool = True,
        empty: str = "",
    ) -> None:
        if not rows:
            if empty:
                self.text(empty)
            return
        self.blocks.append(
            {
                "type": "table",
                "caption": caption,
                "columns": columns,
                "rows": [["" if c is None else str(c) for c in row] for row in rows],
                "numeric": numeric or [False] * len(columns),
                "row_headers": row_headers,
            }
        )

    def figure(
        self,
        *,
        spec: dict[str, Any],
        title: str,
        alt: str,
        source: str,
        table: dict[str, Any] | None = None,
    ) -> None:
        self.doc.figure_count += 1
        n = self.doc.figure_count
        self.blocks.append(
            {
                "type": "figure",
                "id": f"abb-{n}",
                "number": n,
                "title": title,
                "alt": alt,
                "spec": spec,
                "source": source,
                "table": table,
            }
        )
        if source:
            self.doc.source(source)


class DocumentBuilder:
    def __init__(self, *, report: Report, title: str, subtitle: str) -> None:
        self.report = report
        self.municipality = report.municipality
        self.title = title
        self.subtitle = subtitle
        self.chapters: list[Chapter] = []
        self.sources: list[str] = []
        self.figure_count = 0
        self.facts: dict[str, Any] = {}
        self.appendix: list[dict[str, Any]] = []

    def chapter(self, title: str) -> Chapter:
        chapter = Chapter(self, str(len(self.chapters) + 1), title)
        self.chapters.append(chapter)
        return chapter

    def source(self, text: str) -> None:
        if text and text not in self.sources:
            self.sources.append(text)

    def as_dict(self, *, period_start: datetime | None, period_end: datetime | None) -> dict:
        return {
            "kind": self.report.kind,
            "kind_label": str(ReportKind(self.report.kind).label),
            "title": self.title,
            "subtitle": self.subtitle,
            "municipality": self.municipality.name,
            "date": day(timezone.now()),
            "period": (
                f"{day(period_start)} – {day(period_end)}" if period_start or period_end else ""
            ),
            "summary_easy": paragraphs(self.report.summary_easy),
            "chapters": [
                {"number": c.number, "title": c.title, "id": f"k{c.number}", "blocks": c.blocks}
                for c in self.chapters
            ],
            "sources": self.sources,
            "figure_count": self.figure_count,
            "facts": self.facts,
            "appendix": self.appendix,
        }


# --- shared sections ------------------------------------------------------------------------


def load_series(*, municipality: Municipality) -> list[tuple[Indicator, dict[str, Any]]]:
    """Every indicator with its series in the shape of ``statistics.selectors.indicator_series``,
    from one query; area geometries are loaded once per area (not once per value) and
    simplified for print (through the shape cache)."""
    from teilhabe.core.models import Area
    from teilhabe.core.selectors import area_shapes
    from teilhabe.statistics.models import IndicatorValue

    indicators = list(
        Indicator.objects.filter(municipality=municipality)
        .select_related("field_of_action", "municipality")
        .order_by("position", "name")
    )
    values_by_indicator: dict[int, list[Any]] = defaultdict(list)
    for v in (
        IndicatorValue.objects.filter(indicator__municipality=municipality)
        .select_related("dataset", "area")
        .defer("area__geometry", "dataset__notes", "dataset__unknown_keys")
        .order_by("period", "region_key")
    ):
        values_by_indicator[v.indicator_id].append(v)
    area_ids = {v.area_id for vs in values_by_indicator.values() for v in vs if v.area_id}
    simplified = area_shapes(areas=Area.objects.filter(pk__in=area_ids), tolerance=0.0008)
    levels = [Level.MUNICIPALITY, Level.KREIS, Level.LAND, Level.BUND]
    out = []
    for indicator in indicators:
        values = values_by_indicator.get(indicator.pk, [])
        periods = sorted({v.period for v in values})
        by_level: dict[str, dict[date, Any]] = {lvl: {} for lvl in levels}
        areas: dict[date, list[Any]] = {}
        for v in values:
            if v.level in by_level:
                by_level[v.level][v.period] = v
            elif v.level == Level.AREA and v.area_id:
                v.area.geometry = simplified.get(v.area_id)
                areas.setdefault(v.period, []).append(v)
        comparison = []
        for level in levels:
            if level != Level.MUNICIPALITY and not by_level[level]:
                continue
            cells = [
                stat_selectors.show(indicator, by_level[level][p])[0]
                if p in by_level[level]
                else stat_selectors.NOT_AVAILABLE
                for p in periods
            ]
            comparison.append({"level": Level(level).label, "cells": cells})
        datasets = {v.dataset_id: v.dataset for v in values}
        out.append(
            (
                indicator,
                {
                    "values": values,
                    "periods": periods,
                    "comparison": comparison,
                    "by_level": by_level,
                    "areas": areas,
                    "datasets": list(datasets.values()),
                },
            )
        )
    return out


def _indicator_rows(indicator: Indicator, series: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for level, by_period in series["by_level"].items():
        for period, iv in sorted(by_period.items()):
            text, hidden = stat_selectors.show(indicator, iv)
            rows.append(
                {
                    "jahr": period.strftime("%d.%m.%Y"),
                    "wert": None if hidden else iv.value,
                    "text": text,
                    "ebene": str(Level(level).label),
                }
            )
    return rows


def _citation(series: dict[str, Any]) -> str:
    datasets = sorted(series["datasets"], key=lambda d: d.imported_at)
    return "; ".join(dict.fromkeys(d.citation for d in datasets))


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
        rows = _indicator_rows(indicator, series)
        if not rows:
            continue
        citation = _citation(series)
        finding = stat_selectors.finding(indicator=indicator, series=series)
        chapter.section(indicator.name, new_page=True)
        chapter.text(indicator.definition)
        periods = series["periods"][-MAX_PERIODS:]
        offset = len(series["periods"]) - len(periods)
        chapter.figure(
            spec=stat_selectors.time_series_spec(title=finding, rows=rows, unit=indicator.unit),
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
        latest = series["periods"][-1]
        own = series["by_level"][Level.MUNICIPALITY]
        points = {p: stat_selectors.show(indicator, iv)[0] for p, iv in own.items()}
        facts[indicator.code] = {
            "name": indicator.name,
            "unit": indicator.unit,
            "points": {p.isoformat(): t for p, t in sorted(points.items())},
            "latest": points.get(latest, "–"),
            "period": latest.isoformat(),
        }
        if not with_maps:
            continue
        kind, values = _map_values(series, latest)
        if not values:
            continue
        area_rows = stat_selectors.area_rows(indicator=indicator, values=values)
        title = _("%(name)s by %(level)s, %(date)s") % {
            "name": indicator.name,
            "level": AreaKind(kind).label,
            "date": latest.strftime("%d.%m.%Y"),
        }
        chapter.figure(
            spec=stat_selectors.choropleth_spec(title=title, rows=area_rows, unit=indicator.unit),
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
    events = list(Event.objects.filter(municipality=municipality).order_by("date"))
    surveys = list(
        Survey.objects.filter(municipality=municipality)
        .annotate(n=Count("responses"))
        .order_by("opens_at", "pk")
    )
    groups = list(
        WorkingGroup.objects.filter(municipality=municipality)
        .select_related("field_of_action")
        .annotate(meetings_n=Count("meetings", distinct=True))
        .order_by("name")
    )
    contributions = Contribution.objects.filter(municipality=municipality).count()
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
            "contributions": shown_count(contributions),
        }
    )
    kind_rows = [
        {"gruppe": str(EventKind(k).label), "wert": sum(e.participants or 0 for e in v)}
        for k, v in by_kind.items()
    ]
    kind_rows = [r for r in kind_rows if r["wert"] and not disclosure.is_small(r["wert"])]
    if kind_rows:
        title = _("Participants by kind of event")
        chapter.figure(
            spec=stat_selectors.bar_spec(title=title, rows=kind_rows, unit=_("Participants")),
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
        "contributions": contributions,
    }


def measure_states(chapter: Chapter, *, municipality: Municipality) -> dict[str, Any]:
    """The state chart per field of action and one table of measures per field."""
    data = concept_selectors.dashboard(municipality=municipality)
    if data["total"]:
        title = _("Measures by field of action and implementation state")
        chapter.figure(
            spec=concept_selectors.state_chart_spec(data=data, title=title),
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
    measures = list(
        Measure.objects.filter(municipality=municipality)
        .select_related("lead_unit")
        .prefetch_related("fields")
        .order_by("number", "pk")
    )
    by_field: dict[int | None, list[Measure]] = defaultdict(list)
    for m in measures:
        fields = list(m.fields.all())
        by_field[fields[0].pk if fields else None].append(m)
    columns = [
        _("No."),
        _("Title"),
        _("Lead office"),
        _("Political state"),
        _("Financial state"),
        _("Implementation state"),
        _("Traffic light"),
    ]
    for field in FieldOfAction.objects.filter(municipality=municipality, is_active=True):
        items = by_field.get(field.pk, [])
        if not items:
            continue
        chapter.section(field.name, level=4)
        chapter.table(caption=field.name, columns=columns, rows=[_measure_row(m) for m in items])
    if by_field.get(None):
        chapter.section(_("Measures without a field of action"), level=4)
        chapter.table(
            caption=_("Measures without a field of action"),
            columns=columns,
            rows=[_measure_row(m) for m in by_field[None]],
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


def _measure_row(m: Measure) -> list[str]:
    return [
        m.number or "–",
        m.title,
        (m.lead_unit.short_name or m.lead_unit.name) if m.lead_unit else "–",
        m.get_political_state_display(),
        m.get_financial_state_display(),
        m.get_implementation_state_display(),
        m.get_traffic_light_display(),
    ]


def inventory_section(chapter: Chapter, *, municipality: Municipality) -> dict[str, int]:
    offers = Offer.objects.filter(municipality=municipality, merged_into__isnull=True)
    fields = list(FieldOfAction.objects.filter(municipality=municipality, is_active=True))
    per_field = {
        r["fields_of_action"]: r
        for r in offers.values("fields_of_action").annotate(
            active=Count("pk", filter=Q(status=OfferStatus.ACTIVE), distinct=True),
            planned=Count("pk", filter=Q(status=OfferStatus.PLANNED), distinct=True),
            ended=Count("pk", filter=Q(status=OfferStatus.ENDED), distinct=True),
        )
    }
    rows = []
    chart_rows = []
    for f in fields:
        r = per_field.get(f.pk, {"active": 0, "planned": 0, "ended": 0})
        rows.append([f.name, r["active"], r["planned"], r["ended"]])
        chart_rows.append({"gruppe": f.name, "wert": r["active"] + r["planned"]})
    actors = Actor.objects.filter(offers__municipality=municipality).distinct().count()
    total = offers.count()
    chapter.text(
        _("The inventory holds %(offers)s offers of %(actors)s actors.")
        % {"offers": total, "actors": actors}
    )
    if any(r["wert"] for r in chart_rows):
        title = _("Active and planned offers by field of action")
        chapter.figure(
            spec=stat_selectors.bar_spec(title=title, rows=chart_rows, unit=_("Offers")),
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
    offers = (
        Offer.objects.filter(
            municipality=municipality, status=OfferStatus.PLANNED, merged_into__isnull=True
        )
        .select_related("actor")
        .prefetch_related("fields_of_action")
        .order_by("title")
    )
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
            for o in offers
        ],
        empty=_("No planned offers recorded in the inventory."),
    )


def evaluations_section(
    chapter: Chapter, *, municipality: Municipality, year_from: int, year_to: int
) -> int:
    """The in-depth evaluations of measures in the report years (concept part): question,
    logic model (input → activities → output → outcome) with reviewed figures, findings and
    recommendation."""
    from teilhabe.concept.selectors_evaluations import evaluations_for_period

    evaluations = evaluations_for_period(municipality, year_from=year_from, year_to=year_to)
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
    from teilhabe.needs.selectors import unanswered_needs

    needs = list(unanswered_needs(municipality))
    chapter.table(
        caption=_("Needs without an answer yet"),
        columns=[_("No."), _("Need"), pgettext("integration concept", "Field of action")],
        rows=[[n.number or "–", n.title, n.field.name if n.field_id else "–"] for n in needs],
        empty=_("Every accepted need is answered by a measure or a recommendation."),
    )


# --- the concept document -------------------------------------------------------------------


def build_concept(report: Report) -> dict[str, Any]:
    """Bergisch Gladbach's outline: 1 premise and goals, 2 process, 3 data basis, 4 fields
    of action and guiding goals, 5 measures and planned offers."""
    municipality = report.municipality
    doc = DocumentBuilder(report=report, title=report.title, subtitle=_("Integration concept"))
    c1 = doc.chapter(_("Premise and general goals"))
    for title, text in (
        (_("Meaning of the concept for the municipality"), report.premise),
        (_("Involving partners"), report.partners),
        (_("Intercultural opening"), report.opening),
        (_("Planning and implementation"), report.implementation),
    ):
        c1.section(title)
        c1.text(text, empty=_("(Text to be written.)"))
    c2 = doc.chapter(_("How the concept came about"))
    c2.text(report.process_intro)
    doc.facts["participation"] = participation_section(c2, municipality=municipality)
    c3 = doc.chapter(_("Data basis"))
    c3.text(report.data_intro)
    doc.facts["indicators"] = indicator_sections(
        c3, all_series=load_series(municipality=municipality)
    )
    if not doc.facts["indicators"]:
        c3.text(_("The data basis holds no indicator values yet."))
    c4 = doc.chapter(_("Fields of action and guiding goals"))
    tree = concept_selectors.concept_tree(municipality=municipality, with_measures=False)
    if tree.vision is not None:
        c4.section(_("Vision"))
        c4.text(tree.vision.text)
    if tree.guidelines:
        c4.section(_("Guidelines"))
        for guideline in tree.guidelines:
            c4.bullets([f"{guideline.title}" + (f": {guideline.text}" if guideline.text else "")])
    for node in tree.fields:
        c4.section(node.field.name)
        c4.text(node.field.description)
        for sg in node.strategic_goals:
            c4.section(f"{municipality.strategic_goal_label}: {sg.strategic_goal.title}", level=4)
            c4.text(sg.strategic_goal.text)
            goals = []
            for g in sg.goals:
                goal = g.goal
                line = goal.title
                if goal.indicator_text:
                    line += f" ({goal.indicator_text}"
                    if goal.target_value is not None:
                        line += f"; {_('target')} {goal.target_value:g} {goal.unit}".rstrip()
                        if goal.target_year:
                            line += f" {_('by')} {goal.target_year}"
                    line += ")"
                goals.append(line)
            c4.bullets(goals)
    c5 = doc.chapter(_("Measures and planned offers"))
    c5.section(_("Measures"))
    doc.facts["measures"] = measure_states(c5, municipality=municipality)
    c5.section(_("Needs without an answer yet"))
    needs_section(c5, municipality=municipality)
    c5.section(_("Planned offers"))
    doc.facts["inventory"] = inventory_section(c5, municipality=municipality)
    planned_offers(c5, municipality=municipality)
    return doc.as_dict(period_start=None, period_end=None)


# --- the integration report -----------------------------------------------------------------


def integration_period(report: Report, *, now: datetime | None = None) -> tuple[datetime, datetime]:
    """From the end of the last edition of an integration report (or the configured number
    of years back) to now."""
    from teilhabe.reports.selectors import report_settings

    now = now or timezone.now()
    if report.period_start:
        start = timezone.make_aware(datetime.combine(report.period_start, time.min))
    else:
        last = (
            Edition.objects.filter(
                report__municipality=report.municipality, report__kind=ReportKind.INTEGRATION
            )
            .order_by("-created_at")
            .first()
        )
        if last is not None and last.period_end:
            start = last.period_end
        else:
            years = report_settings(municipality=report.municipality).integration_period_years
            start = now - timedelta(days=365 * years)
    end = (
        timezone.make_aware(datetime.combine(report.period_end, time.max))
        if report.period_end
        else now
    )
    return start, end


def trend_rows(facts: dict[str, dict[str, Any]], start: date) -> list[list[str]]:
    """Per indicator the value at the reference date at or before the period start (or the
    earliest) and the newest value."""
    rows = []
    for item in facts.values():
        points = item["points"]
        if not points:
            continue
        dates = sorted(points)
        before = [d for d in dates if d <= start.isoformat()]
        first = before[-1] if before else dates[0]
        last = dates[-1]
        rows.append(
            [
                item["name"],
                f"{points[first]} ({date.fromisoformat(first):%d.%m.%Y})",
                f"{points[last]} ({date.fromisoformat(last):%d.%m.%Y})",
            ]
        )
    return rows


def build_integration(
    report: Report, *, start: datetime, end: datetime, appendix: bool = True
) -> dict[str, Any]:
    municipality = report.municipality
    doc = DocumentBuilder(
        report=report,
        title=report.title,
        subtitle=_("Integration report %(from)s to %(to)s") % {"from": day(start), "to": day(end)},
    )
    c1 = doc.chapter(_("Inventory"))
    doc.facts["inventory"] = inventory_section(c1, municipality=municipality)
    c2 = doc.chapter(_("Data basis and trends"))
    c2.text(report.data_intro)
    c2.section(_("Trends since the last report"))
    trend_anchor = c2.blocks[-1]
    all_series = load_series(municipality=municipality)
    facts = indicator_sections(c2, all_series=all_series)
    doc.facts["indicators"] = facts
    rows = trend_rows(facts, timezone.localtime(start).date())
    trend_table = {
        "type": "table",
        "caption": _("Indicators at the start of the period and today"),
        "columns": [_("Indicator"), _("Start of the period"), _("Newest value")],
        "rows": rows,
        "numeric": [False, True, True],
        "row_headers": True,
    }
    if rows:
        index = c2.blocks.index(trend_anchor) + 1
        c2.blocks.insert(index, trend_table)
    c3 = doc.chapter(_("State of the measures"))
    doc.facts["measures"] = measure_states(c3, municipality=municipality)
    c4 = doc.chapter(_("Evaluations"))
    doc.facts["evaluations"] = evaluations_section(
        c4,
        municipality=municipality,
        year_from=timezone.localtime(start).year,
        year_to=timezone.localtime(end).year,
    )
    c5 = doc.chapter(_("Participation"))
    doc.facts["participation"] = participation_section(c5, municipality=municipality)
    c6 = doc.chapter(_("Outlook"))
    c6.text(report.outlook, empty=_("(Text to be written.)"))
    if appendix:
        doc.appendix = appendix_sheets(municipality=municipality, all_series=all_series)
    return doc.as_dict(period_start=start, period_end=end)


def appendix_sheets(
    *, municipality: Municipality, all_series: list[tuple[Indicator, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Long statistical tables for the spreadsheet appendix: every indicator value of every
    area and level (disclosure-controlled), and all measures."""
    rows: list[list[Any]] = []
    for indicator, series in all_series:
        for period in series["periods"]:
            for level, by_period in series["by_level"].items():
                iv = by_period.get(period)
                if iv is not None:
                    text, _hidden = stat_selectors.show(indicator, iv)
                    rows.append(
                        [
                            indicator.name,
                            str(Level(level).label),
                            iv.region_name or "",
                            day(period),
                            text,
                            iv.dataset.citation,
                        ]
                    )
            area_values = series["areas"].get(period, [])
            by_kind: dict[str, list[Any]] = defaultdict(list)
            for v in area_values:
                by_kind[v.area.kind if v.area else ""].append(v)
            for values in by_kind.values():
                for r in stat_selectors.area_rows(indicator=indicator, values=values):
                    rows.append(
                        [
                            indicator.name,
                            r["kind"],
                            f"{r['key']} {r['name']}",
                            day(period),
                            r["text"],
                            "",
                        ]
                    )
    measures = [
        _measure_row(m)
        for m in Measure.objects.filter(municipality=municipality)
        .select_related("lead_unit")
        .order_by("number", "pk")
    ]
    return [
        {
            "title": _("Indicators"),
            "columns": [
                _("Indicator"),
                _("Level"),
                _("Region"),
                _("Reference date"),
                _("Value"),
                _("Source"),
            ],
            "rows": rows,
        },
        {
            "title": _("Measures"),
            "columns": [
                _("No."),
                _("Title"),
                _("Lead office"),
                _("Political state"),
                _("Financial state"),
                _("Implementation state"),
                _("Traffic light"),
            ],
            "rows": measures,
        },
    ]


# --- the progress report --------------------------------------------------------------------

STATE_FIELDS = (
    ("political_state", PoliticalState, _("Political state")),
    ("financial_state", FinancialState, _("Financial state")),
    ("implementation_state", ImplementationState, _("Implementation state")),
    ("traffic_light", TrafficLight, _("Traffic light")),
)


def progress_period(report: Report, *, now: datetime | None = None) -> tuple[datetime, datetime]:
    """From the last progress report's edition (or the report's start, or a year back) to
    now."""
    now = now or timezone.now()
    last = (
        Edition.objects.filter(
            report__municipality=report.municipality, report__kind=ReportKind.PROGRESS
        )
        .order_by("-created_at")
        .first()
    )
    if last is not None:
        start = last.period_end or last.created_at
    elif report.period_start:
        start = timezone.make_aware(datetime.combine(report.period_start, time.min))
    else:
        start = now - timedelta(days=365)
    return start, now


def progress_changes(
    *, municipality: Municipality, since: datetime, until: datetime
) -> dict[str, Any]:
    """What happened to the measures between ``since`` and ``until``: new measures, net
    changes of their states (from the history), status updates, milestones reached, what is
    overdue now, and the funding status."""
    history_model = Measure.history.model  # type: ignore[attr-defined]
    records = (
        history_model.objects.filter(municipality_id=municipality.pk, history_date__lte=until)
        .order_by("id", "history_date", "history_id")
        .values(
            "id",
            "history_date",
            "history_type",
            "number",
            "title",
            *[f for f, _c, _l in STATE_FIELDS],
        )
    )
    before: dict[int, dict[str, Any]] = {}
    after: dict[int, dict[str, Any]] = {}
    touched: set[int] = set()
    for r in records:
        if r["history_date"] <= since:
            before[r["id"]] = r
        else:
            touched.add(r["id"])
        after[r["id"]] = r
    new, changes, removed = [], [], []
    for mid in sorted(touched, key=lambda i: (after[i]["number"], i)):
        old, now_ = before.get(mid), after[mid]
        label = f"{now_['number']} {now_['title']}".strip()
        if now_["history_type"] == "-":
            if old is not None and old["history_type"] != "-":
                removed.append(label)
            continue
        if old is None or old["history_type"] == "-":
            new.append(
                {
                    "label": label,
                    "state": str(ImplementationState(now_["implementation_state"]).label),
                }
            )
            continue
        for field, choices, field_label in STATE_FIELDS:
            if old[field] != now_[field]:
                changes.append(
                    {
                        "label": label,
                        "what": str(field_label),
                        "from": str(choices(old[field]).label),
                        "to": str(choices(now_[field]).label),
                    }
                )
    updates = list(
        StatusUpdate.objects.filter(
            measure__municipality=municipality, created_at__gt=since, created_at__lte=until
        )
        .select_related("measure")
        .order_by("measure__number", "reported_on", "pk")
    )
    today = timezone.localdate()
    reached = list(
        Milestone.objects.filter(
            measure__municipality=municipality,
            done_on__gt=timezone.localtime(since).date(),
            done_on__lte=timezone.localtime(until).date(),
        )
        .select_related("measure")
        .order_by("done_on")
    )
    late_milestones = list(
        Milestone.objects.filter(
            measure__municipality=municipality, done_on__isnull=True, due_on__lt=today
        )
        .select_related("measure")
        .order_by("due_on")
    )
    late_measures = list(
        Measure.objects.filter(
            municipality=municipality,
            end_date__lt=today,
            implementation_state__in=concept_selectors.OPEN_STATES,
        ).order_by("end_date", "number")
    )
    grants = list(
        Grant.objects.filter(municipality=municipality, period_end__gte=since.date())
        .select_related("programme")
        .annotate(drawn=Sum("drawdowns__amount"))
        .order_by("period_start")
    )
    drawdowns = list(
        Drawdown.objects.filter(
            grant__municipality=municipality,
            requested_on__gt=timezone.localtime(since).date(),
            requested_on__lte=timezone.localtime(until).date(),
        )
        .select_related("grant")
        .order_by("requested_on")
    )
    proofs = list(
        ProofOfUse.objects.filter(
            grant__municipality=municipality,
            submitted_on__isnull=True,
            due_on__lte=today + timedelta(days=180),
        )
        .select_related("grant")
        .order_by("due_on")
    )
    return {
        "since": since,
        "until": until,
        "new": new,
        "changes": changes,
        "removed": removed,
        "updates": [
            {
                "label": f"{u.measure.number} {u.measure.title}".strip(),
                "date": day(u.reported_on),
                "light": u.get_traffic_light_display() if u.traffic_light else "",
                "text": u.text,
            }
            for u in updates
        ],
        "reached": [
            {
                "label": f"{m.measure.number} {m.measure.title}".strip(),
                "title": m.title,
                "date": day(m.done_on),
            }
            for m in reached
        ],
        "late_milestones": [
            {
                "label": f"{m.measure.number} {m.measure.title}".strip(),
                "title": m.title,
                "date": day(m.due_on),
            }
            for m in late_milestones
        ],
        "late_measures": [
            {
                "label": f"{m.number} {m.title}".strip(),
                "date": day(m.end_date),
                "state": m.get_implementation_state_display(),
            }
            for m in late_measures
        ],
        "grants": [
            {
                "title": g.title,
                "programme": g.programme.name,
                "status": g.get_status_display(),
                "period": f"{day(g.period_start)} – {day(g.period_end)}",
                "amount": euro(g.amount),
                "drawn": euro(g.drawn or 0),
            }
            for g in grants
        ],
        "drawdowns": [
            {"grant": d.grant.title, "date": day(d.requested_on), "amount": euro(d.amount)}
            for d in drawdowns
        ],
        "proofs": [
            {
                "grant": p.grant.title,
                "kind": p.get_kind_display(),
                "date": day(p.due_on),
                "overdue": p.due_on < today,
            }
            for p in proofs
        ],
    }


def progress_draft_text(*, report: Report, changes: dict[str, Any]) -> str:
    """The information paper's text, drafted from the changes; staff review it."""
    m = report.municipality
    lines = [
        _("Progress report on the integration concept of %(m)s") % {"m": m.name},
        "",
        _("This report covers the period from %(from)s to %(to)s.")
        % {"from": day(changes["since"]), "to": day(changes["until"])},
        "",
        _("1. What changed"),
    ]
    if changes["new"]:
        lines.append(_("New measures:"))
        lines += [f"– {n['label']} ({n['state']})" for n in changes["new"]]
    if changes["changes"]:
        lines.append(_("Changed states:"))
        lines += [
            f"– {c['label']}: {c['what']} {c['from']} → {c['to']}" for c in changes["changes"]
        ]
    if changes["removed"]:
        lines.append(_("Removed measures:"))
        lines += [f"– {r}" for r in changes["removed"]]
    if not (changes["new"] or changes["changes"] or changes["removed"]):
        lines.append(_("No measure changed its state in this period."))
    lines += ["", _("2. Reports from the measures")]
    if changes["updates"]:
        lines += [
            f"– {u['label']}, {u['date']}: {u['text']}".replace("\n", " ")
            for u in changes["updates"]
        ]
    else:
        lines.append(_("No status updates in this period."))
    if changes["reached"]:
        lines.append(_("Milestones reached:"))
        lines += [f"– {r['label']}: {r['title']} ({r['date']})" for r in changes["reached"]]
    lines += ["", _("3. Overdue")]
    if changes["late_milestones"] or changes["late_measures"]:
        lines += [
            "– " + _("%(label)s: milestone “%(title)s” due on %(date)s") % r
            for r in changes["late_milestones"]
        ]
        lines += [
            "– " + _("%(label)s: planned end %(date)s, still %(state)s") % r
            for r in changes["late_measures"]
        ]
    else:
        lines.append(_("Nothing is overdue."))
    lines += ["", _("4. Funding")]
    if changes["grants"]:
        lines += [
            "– "
            + _(
                "%(title)s (%(programme)s, %(status)s, %(period)s): %(amount)s granted, %(drawn)s drawn"
            )
            % g
            for g in changes["grants"]
        ]
    else:
        lines.append(_("No grants in this period."))
    for p in changes["proofs"]:
        template = (
            _("Proof of use “%(kind)s” for %(grant)s was due on %(date)s.")
            if p["overdue"]
            else _("Proof of use “%(kind)s” for %(grant)s is due on %(date)s.")
        )
        lines.append("– " + template % p)
    return "\n".join(str(line) for line in lines)


def build_progress(report: Report, *, start: datetime, end: datetime) -> dict[str, Any]:
    municipality = report.municipality
    changes = progress_changes(municipality=municipality, since=start, until=end)
    doc = DocumentBuilder(
        report=report,
        title=report.title,
        subtitle=_("Progress report %(from)s to %(to)s") % {"from": day(start), "to": day(end)},
    )
    c1 = doc.chapter(_("Summary"))
    text = report.draft_text or progress_draft_text(report=report, changes=changes)
    for block in _text_blocks(text):
        if block[0] == "heading":
            c1.section(block[1], level=4)
        elif block[0] == "list":
            c1.bullets(block[1])
        else:
            c1.text(block[1])
    c2 = doc.chapter(_("Changes in detail"))
    c2.section(_("New measures"))
    c2.table(
        caption=_("New measures"),
        columns=[pgettext("integration concept", "Measure"), _("Implementation state")],
        rows=[[n["label"], n["state"]] for n in changes["new"]],
        empty=_("No new measures."),
    )
    c2.section(_("Changed states"))
    c2.table(
        caption=_("Changed states"),
        columns=[pgettext("integration concept", "Measure"), _("State"), _("before"), _("now")],
        rows=[[c["label"], c["what"], c["from"], c["to"]] for c in changes["changes"]],
        empty=_("No measure changed its state in this period."),
    )
    c2.section(_("Status updates"))
    c2.table(
        caption=_("Status updates"),
        columns=[
            pgettext("integration concept", "Measure"),
            _("Date"),
            _("Traffic light"),
            _("Status report"),
        ],
        rows=[[u["label"], u["date"], u["light"] or "–", u["text"]] for u in changes["updates"]],
        empty=_("No status updates in this period."),
    )
    c2.section(_("Overdue"))
    c2.table(
        caption=_("Overdue milestones"),
        columns=[pgettext("integration concept", "Measure"), _("Milestone"), _("due on")],
        rows=[[r["label"], r["title"], r["date"]] for r in changes["late_milestones"]],
        empty=_("No overdue milestones."),
    )
    c2.table(
        caption=_("Measures past their planned end"),
        columns=[pgettext("integration concept", "Measure"), _("End"), _("Implementation state")],
        rows=[[r["label"], r["date"], r["state"]] for r in changes["late_measures"]],
    )
    c2.section(_("Funding"))
    c2.table(
        caption=_("Grants"),
        columns=[
            _("Purpose"),
            _("Funding programme"),
            _("Status"),
            _("Funded period"),
            _("Granted"),
            _("Drawn"),
        ],
        rows=[
            [g["title"], g["programme"], g["status"], g["period"], g["amount"], g["drawn"]]
            for g in changes["grants"]
        ],
        numeric=[False, False, False, False, True, True],
        empty=_("No grants in this period."),
    )
    c2.table(
        caption=_("Drawdowns in the period"),
        columns=[_("Grant"), _("requested on"), _("Amount")],
        rows=[[d["grant"], d["date"], d["amount"]] for d in changes["drawdowns"]],
        numeric=[False, False, True],
    )
    c2.table(
        caption=_("Proofs of use due"),
        columns=[_("Grant"), _("Kind"), _("due on")],
        rows=[[p["grant"], p["kind"], p["date"]] for p in changes["proofs"]],
    )
    doc.facts["changes"] = {
        "new": [n["label"] for n in changes["new"]],
        "changes": [
            f"{c['label']}: {c['what']} {c['from']} → {c['to']}" for c in changes["changes"]
        ],
        "updates": len(changes["updates"]),
    }
    return doc.as_dict(period_start=start, period_end=end)


def _text_blocks(text: str) -> list[tuple[str, Any]]:
    """Plain text as blocks: numbered lines ("1. …") are headings, "– " lines a list."""
    blocks: list[tuple[str, Any]] = []
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    for line in lines[1:] if lines and not lines[0][:2].rstrip(".").isdigit() else lines:
        if not line.strip():
            continue
        if line[:1].isdigit() and ". " in line[:4]:
            blocks.append(("heading", line))
        elif line.startswith(("– ", "- ")):
            if blocks and blocks[-1][0] == "list":
                blocks[-1][1].append(line[2:])
            else:
                blocks.append(("list", [line[2:]]))
        else:
            blocks.append(("text", line))
    return blocks


def build(report: Report, *, now: datetime | None = None, appendix: bool = False) -> dict[str, Any]:
    """The document of a report as it stands now (the same for preview and edition), as
    plain JSON (lazy translations and numbers resolved, ready to be frozen). Documents are
    German whatever the language of the user's interface. ``appendix``: also collect the
    long tables for the spreadsheet appendix (for editions, not for the preview)."""
    with translation.override("de"):
        return _build(report, now=now, appendix=appendix)


def _build(report: Report, *, now: datetime | None, appendix: bool) -> dict[str, Any]:
    if report.kind == ReportKind.CONCEPT:
        doc = build_concept(report)
    elif report.kind == ReportKind.PROGRESS:
        start, end = progress_period(report, now=now)
        doc = build_progress(report, start=start, end=end)
    else:
        start, end = integration_period(report, now=now)
        doc = build_integration(report, start=start, end=end, appendix=appendix)
    return json.loads(json.dumps(doc, cls=DjangoJSONEncoder))


def period_of(
    report: Report, *, now: datetime | None = None
) -> tuple[datetime | None, datetime | None]:
    if report.kind == ReportKind.PROGRESS:
        return progress_period(report, now=now)
    if report.kind == ReportKind.INTEGRATION:
        return integration_period(report, now=now)
    return None, None


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
