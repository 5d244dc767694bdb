"""The integration report: inventory, data basis with the trends of the period, state of the
measures, evaluations, participation and outlook, with a spreadsheet appendix."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concept import selectors as concept_selectors
from teilhabe.core.models import Municipality
from teilhabe.reports.builders.common import DocumentBuilder, day
from teilhabe.reports.builders.sections import (
    document_series,
    evaluations_section,
    indicator_sections,
    inventory_section,
    measure_columns,
    measure_row,
    measure_states,
    participation_section,
)
from teilhabe.reports.models import Report, ReportKind
from teilhabe.reports.selectors import last_edition, report_settings
from teilhabe.statistics import selectors as stat_selectors
from teilhabe.statistics.models import Indicator, Level


def integration_period(report: Report, *, now: datetime | None = None) -> tuple[datetime, datetime]:
    """From the end of the last edition of an integration report (or the configured number
    of years back) to now."""
    now = now or timezone.now()
    if report.period_start:
        start = timezone.make_aware(datetime.combine(report.period_start, time.min))
    else:
        last = last_edition(municipality=report.municipality, kind=ReportKind.INTEGRATION)
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
    all_series = document_series(municipality=municipality)
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
            by_kind: dict[str, list[Any]] = {}
            for v in area_values:
                by_kind.setdefault(v.area.kind if v.area else "", []).append(v)
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
        measure_row(m) for m in concept_selectors.report_measures(municipality=municipality)
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
        {"title": _("Measures"), "columns": measure_columns(), "rows": measures},
    ]
