"""Reads of the data basis, always scoped to a municipality. Values leave through here with
disclosure control applied.

For other parts of Teilhabe:

* ``latest_value(indicator=…, area=None)`` – the newest shown value of an indicator (for the
  whole municipality, or an area) with its reference date and provenance, or None.
* ``population(municipality=…, area=None, period=None)`` – residents of the municipality or an
  area (newest reference date, or the one asked for), or None.
* ``population_by_area(municipality=…, areas=[…])`` – the newest residents of many areas at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from teilhabe.core.models import Area, AreaKind, Municipality
from teilhabe.core.selectors import area_shapes
from teilhabe.statistics import disclosure
from teilhabe.statistics.importers.table import table_shape
from teilhabe.statistics.models import (
    Dataset,
    DistrictIndexRun,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    Level,
    TableMappingMemory,
)

NOT_AVAILABLE = "nicht verfügbar"
SERIES_LEVELS = [Level.MUNICIPALITY, Level.KREIS, Level.LAND, Level.BUND]


@dataclass
class ShownValue:
    """A value as it may be shown: ``text`` is German and disclosure-controlled."""

    value: float | None
    text: str
    hidden: bool
    period: date
    region: str
    dataset: Dataset
    is_estimate: bool
    # False where the municipality has no value of its own but a level above it has one
    # (e.g. the Ausländerzentralregister ends at the Kreis): ``text`` is "nicht verfügbar"
    # and ``comparison`` the level above ("Kreis Beispielland: 12,4 %").
    available: bool = True
    comparison: str = ""

    @property
    def citation(self) -> str:
        return self.dataset.citation

    @property
    def sentence(self) -> str:
        """ "Stadt X: nicht verfügbar – Vergleich Kreis Y: 12,4 % (31.12.2023)"."""
        if self.available:
            return f"{self.region}: {self.text}"
        return _("%(region)s: %(text)s – comparison %(comparison)s (%(date)s)") % {
            "region": self.region,
            "text": self.text,
            "comparison": self.comparison,
            "date": self.period.strftime("%d.%m.%Y"),
        }


def de_number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


def show(indicator: Indicator, iv: IndicatorValue) -> tuple[str, bool]:
    """The German text of a computed value after disclosure control."""
    if iv.value is None:
        return "–", False
    if indicator.is_rate or indicator.kind == IndicatorKind.CHANGE:
        if (
            disclosure.rate_hidden(
                numerator=iv.numerator, denominator=iv.denominator, population=iv.population
            )
            and iv.level == Level.AREA
        ):
            return disclosure.SUPPRESSED, True
        if indicator.kind == IndicatorKind.CHANGE:
            return ("+" if iv.value > 0 else "") + de_number(iv.value) + " %", False
        return de_number(iv.value) + (" %" if indicator.unit == "%" else ""), False
    if disclosure.is_small(iv.value):
        return disclosure.SUPPRESSED, True
    return de_number(iv.value, 0), False


def datasets_for_municipality(*, municipality: Municipality) -> QuerySet[Dataset]:
    return Dataset.objects.filter(municipality=municipality).select_related(
        "imported_by", "replaces"
    )


def indicators_for_municipality(*, municipality: Municipality) -> QuerySet[Indicator]:
    return Indicator.objects.filter(municipality=municipality).select_related("field_of_action")


def latest_value(*, indicator: Indicator, area: Area | None = None) -> ShownValue | None:
    """The newest disclosure-controlled value of ``indicator`` for the whole municipality (or
    ``area``), with its reference date and dataset; None if there is none."""
    qs = IndicatorValue.objects.filter(indicator=indicator).select_related("dataset")
    qs = qs.filter(area=area) if area is not None else qs.filter(level=Level.MUNICIPALITY)
    iv = qs.order_by("-period").first()
    if iv is None:
        if area is None:
            return latest_values(municipality=indicator.municipality, indicators=[indicator]).get(
                indicator.pk
            )
        return None
    return _shown_value(indicator, iv, area.name if area else indicator.municipality.name)


def latest_values(
    *, municipality: Municipality, indicators: list[Indicator]
) -> dict[int, ShownValue]:
    """``latest_value`` for the whole municipality of many indicators in one query: indicator
    id → the newest shown value (indicators without values are left out)."""
    newest: dict[int, IndicatorValue] = {}
    above: dict[int, IndicatorValue] = {}  # the newest value of the nearest level above
    for iv in (
        IndicatorValue.objects.filter(
            indicator__in=[i.pk for i in indicators], level__in=SERIES_LEVELS
        )
        .select_related("dataset")
        .order_by("indicator_id", "period")
    ):
        if iv.level == Level.MUNICIPALITY:
            newest[iv.indicator_id] = iv
            continue
        current = above.get(iv.indicator_id)
        if current is None or SERIES_LEVELS.index(iv.level) <= SERIES_LEVELS.index(current.level):
            above[iv.indicator_id] = iv
    out = {}
    for i in indicators:
        if i.pk in newest:
            out[i.pk] = _shown_value(i, newest[i.pk], municipality.name)
        elif i.pk in above:
            out[i.pk] = _not_available(i, above[i.pk], municipality)
    return out


def level_name(iv: IndicatorValue, municipality: Municipality) -> str:
    """The name of a level above the municipality as printed beside a comparison value."""
    if iv.region_name:
        return iv.region_name
    if iv.level == Level.KREIS and municipality.parent_id and municipality.parent:
        return municipality.parent.name
    return str(Level(iv.level).label)


def _not_available(
    indicator: Indicator, iv: IndicatorValue, municipality: Municipality
) -> ShownValue:
    """No value of the municipality's own; the level above it as comparison."""
    text, _hidden = show(indicator, iv)
    return ShownValue(
        value=None,
        text=NOT_AVAILABLE,
        hidden=False,
        period=iv.period,
        region=municipality.name,
        dataset=iv.dataset,
        is_estimate=iv.dataset.is_estimate,
        available=False,
        comparison=f"{level_name(iv, municipality)}: {text}",
    )


def _shown_value(indicator: Indicator, iv: IndicatorValue, region: str) -> ShownValue:
    text, hidden = show(indicator, iv)
    return ShownValue(
        value=None if hidden else iv.value,
        text=text,
        hidden=hidden,
        period=iv.period,
        region=region,
        dataset=iv.dataset,
        is_estimate=iv.dataset.is_estimate,
    )


def population(
    *, municipality: Municipality, area: Area | None = None, period: date | None = None
) -> ShownValue | None:
    """Residents of the municipality (or an area) at the newest or the given reference date."""
    indicator = Indicator.objects.filter(municipality=municipality, code="einwohner").first()
    if indicator is None:
        return None
    qs = IndicatorValue.objects.filter(indicator=indicator).select_related("dataset")
    qs = qs.filter(area=area) if area is not None else qs.filter(level=Level.MUNICIPALITY)
    if period is not None:
        qs = qs.filter(period=period)
    # The newest record wins a tie of reference dates, as in ``population_by_area``.
    iv = qs.order_by("-period", "-pk").first()
    if iv is None:
        return None
    return _shown_value(indicator, iv, area.name if area else municipality.name)


def population_by_area(*, municipality: Municipality, areas: list[Area]) -> dict[int, ShownValue]:
    """``population`` of many areas in two queries: area id → residents at the newest
    reference date (areas without a value are left out)."""
    indicator = Indicator.objects.filter(municipality=municipality, code="einwohner").first()
    if indicator is None or not areas:
        return {}
    newest: dict[int | None, IndicatorValue] = {}
    for iv in (
        IndicatorValue.objects.filter(indicator=indicator, area__in=[a.pk for a in areas])
        .select_related("dataset")
        .order_by("period", "pk")
    ):
        newest[iv.area_id] = iv
    return {a.pk: _shown_value(indicator, newest[a.pk], a.name) for a in areas if a.pk in newest}


def indicator_series(*, indicator: Indicator) -> dict[str, Any]:
    """Everything the indicator page shows: periods, the municipality's series with the levels
    above it ("nicht verfügbar" where a level has no value of its own), areas per period."""
    values = list(
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("dataset", "area")
        .order_by("period", "region_key")
    )
    return _series(indicator, values)


def municipality_series(
    *, municipality: Municipality, area_tolerance: float = 0.0003
) -> list[tuple[Indicator, dict[str, Any]]]:
    """``indicator_series`` of every indicator of the municipality (catalogue order) from one
    query of values, for documents. The area geometries are read once per area (not once per
    value) and simplified by ``area_tolerance`` (through the shape cache; coarser for print)."""
    indicators = list(
        Indicator.objects.filter(municipality=municipality)
        .select_related("field_of_action", "municipality")
        .order_by("position", "name")
    )
    values_by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    for v in (
        IndicatorValue.objects.filter(indicator__municipality=municipality)
        .select_related("dataset", "area")
        .defer("area__geometry", "dataset__notes", "dataset__unknown_keys")
        .order_by("period", "region_key")
    ):
        values_by_indicator[v.indicator_id].append(v)
    area_ids = {v.area_id for vs in values_by_indicator.values() for v in vs if v.area_id}
    shapes = area_shapes(areas=Area.objects.filter(pk__in=area_ids), tolerance=area_tolerance)
    for values in values_by_indicator.values():
        for v in values:
            if v.level == Level.AREA and v.area is not None:
                v.area.geometry = shapes.get(v.area.pk)
    return [
        (indicator, _series(indicator, values_by_indicator.get(indicator.pk, [])))
        for indicator in indicators
    ]


def _series(indicator: Indicator, values: list[IndicatorValue]) -> dict[str, Any]:
    periods = sorted({v.period for v in values})
    by_level: dict[str, dict[date, IndicatorValue]] = {lvl: {} for lvl in SERIES_LEVELS}
    areas: dict[date, list[IndicatorValue]] = {}
    for v in values:
        if v.level in by_level:
            by_level[v.level][v.period] = v
        elif v.level == Level.AREA and v.area_id:
            areas.setdefault(v.period, []).append(v)
    comparison = []
    for level in SERIES_LEVELS:
        if level != Level.MUNICIPALITY and not by_level[level]:
            continue
        cells = []
        for p in periods:
            iv = by_level[level].get(p)
            cells.append(show(indicator, iv)[0] if iv else NOT_AVAILABLE)
        comparison.append({"level": Level(level).label, "cells": cells})
    datasets = {v.dataset_id: v.dataset for v in values}
    return {
        "values": values,
        "periods": periods,
        "comparison": comparison,
        "by_level": by_level,
        "areas": areas,
        "datasets": list(datasets.values()),
        "notes": _sum_notes(indicator, by_level[Level.MUNICIPALITY], datasets),
        "not_available": _not_available_newest(indicator, by_level),
    }


def _not_available_newest(
    indicator: Indicator, by_level: dict[str, dict[date, IndicatorValue]]
) -> ShownValue | None:
    """Where the municipality has no value at all but a level above it has: that level's
    newest value as comparison, shown beside "nicht verfügbar"."""
    if by_level[Level.MUNICIPALITY]:
        return None
    for level in SERIES_LEVELS[1:]:
        if by_level[level]:
            newest = by_level[level][max(by_level[level])]
            return _not_available(indicator, newest, indicator.municipality)
    return None


def _shown_number(indicator: Indicator, value: float) -> str:
    if indicator.kind == IndicatorKind.COUNT:
        return disclosure.SUPPRESSED if disclosure.is_small(value) else de_number(value, 0)
    return de_number(value) + (" %" if indicator.unit == "%" else "")


def _sum_notes(
    indicator: Indicator, own: dict[date, IndicatorValue], datasets: dict[int, Dataset]
) -> list[str]:
    """Where the municipality's values come from: "summed from areas" with the datasets, and
    the difference where a delivered total and the sum of the areas disagree."""
    notes = []
    for period, iv in sorted(own.items()):
        when = period.strftime("%d.%m.%Y")
        if iv.derived:
            sources = "; ".join(datasets[pk].title for pk in iv.sources if pk in datasets)
            notes.append(
                _("%(date)s: summed from areas (%(sources)s)")
                % {"date": when, "sources": sources or iv.dataset.title}
            )
        elif iv.area_sum is not None and iv.value is not None:
            diff = iv.value - iv.area_sum
            if abs(diff) < 1e-9 or show(indicator, iv)[1]:
                continue
            notes.append(
                _(
                    "%(date)s: official value %(official)s, sum of the areas %(sum)s (difference %(diff)s)"
                )
                % {
                    "date": when,
                    "official": show(indicator, iv)[0],
                    "sum": _shown_number(indicator, iv.area_sum),
                    "diff": ("+" if diff > 0 else "−") + _shown_number(indicator, abs(diff)),
                }
            )
    return notes


def series_rows(*, indicator: Indicator, series: dict[str, Any]) -> list[dict[str, Any]]:
    """The series of every level as shown, one row per level and reference date (the rows
    of the time series chart and of its CSV)."""
    rows = []
    for level, by_period in series["by_level"].items():
        for period, iv in sorted(by_period.items()):
            text, hidden = show(indicator, iv)
            rows.append(
                {
                    "jahr": period.strftime("%d.%m.%Y"),
                    "wert": None if hidden else iv.value,
                    "text": text,
                    "ebene": str(Level(level).label),
                }
            )
    return rows


def series_citation(series: dict[str, Any]) -> str:
    """The source line of a series: the citations ("Quelle, Stand") of its datasets, oldest
    import first."""
    datasets = sorted(series["datasets"], key=lambda d: d.imported_at)
    return "; ".join(dict.fromkeys(d.citation for d in datasets))


def newest_areas(*, series: dict[str, Any]) -> tuple[date | None, str]:
    """The newest reference date with area values and the level shown for it (the
    Stadtteile where there are some)."""
    for period in reversed(series["periods"]):
        kinds = sorted({v.area.kind for v in series["areas"].get(period, []) if v.area})
        if kinds:
            return period, AreaKind.STADTTEIL if AreaKind.STADTTEIL in kinds else kinds[0]
    return None, ""


def area_rows(*, indicator: Indicator, values: list[IndicatorValue]) -> list[dict[str, Any]]:
    """Rows per area for one period, counts with complementary suppression across areas."""
    hidden: set[Any] = set()
    if not (indicator.is_rate or indicator.kind == IndicatorKind.CHANGE):
        # Areas of one level add up to the municipality's total, which is shown.
        by_parent: dict[Any, list[int]] = {}
        for v in values:
            by_parent.setdefault(v.area.parent_id if v.area else None, []).append(v.pk)
        cells = {v.pk: v.value for v in values}
        hidden = disclosure.suppress_counts(cells, by_parent.values())
    rows = []
    for v in sorted(values, key=lambda v: v.region_key):
        text, is_hidden = show(indicator, v)
        if v.pk in hidden:
            text, is_hidden = disclosure.SUPPRESSED, True
        rows.append(
            {
                "key": v.region_key,
                "name": v.area.name if v.area else v.region_name,
                "kind": v.area.get_kind_display() if v.area else "",
                "text": text,
                "value": None if is_hidden else v.value,
                "hidden": is_hidden,
                "area": v.area,
                "derived": v.derived,
            }
        )
    return rows


def finding(*, indicator: Indicator, series: dict[str, Any]) -> str:
    """The chart title states the finding: how the municipality's value moved."""
    points = sorted(series["by_level"][Level.MUNICIPALITY].items())
    # Only dates with a value count (a date without one must not start or end the finding).
    points = [(p, iv) for p, iv in points if iv.value is not None]
    shown = [(p, show(indicator, iv)[0]) for p, iv in points]
    if len(shown) < 2:
        return indicator.name
    first, last = points[0][1].value, points[-1][1].value
    verb = _("rose") if last > first else _("fell") if last < first else _("stayed")  # type: ignore[operator]
    return _("%(name)s %(verb)s from %(first)s (%(y1)s) to %(last)s (%(y2)s)") % {
        "name": indicator.name,
        "verb": verb,
        "first": shown[0][1],
        "y1": shown[0][0].year,
        "last": shown[-1][1],
        "y2": shown[-1][0].year,
    }


def break_marks(*, indicator: Indicator, periods: list[date]) -> list[dict[str, Any]]:
    """The indicator's series breaks placed on the first reference date they affect (the
    time axis is ordinal): [{"date", "jahr", "note", "label"}]. Breaks after the last
    reference date are listed with an empty "jahr" (no mark in the chart)."""
    marks = []
    for item in indicator.breaks:
        try:
            when = date.fromisoformat(str(item.get("date", "")))
        except ValueError:
            continue
        first = next((p for p in periods if p >= when), None)
        marks.append(
            {
                "date": when,
                "jahr": first.strftime("%d.%m.%Y") if first else "",
                "first": first,
                "note": item.get("note", ""),
                "label": _("Break: %(note)s") % {"note": item.get("note", "")},
            }
        )
    return marks


def origin_rows(
    *, municipality: Municipality
) -> tuple[list[dict[str, Any]], IndicatorValue | None]:
    """Residents with migration background by origin region, newest date, whole city; counts
    suppressed with their complement within the group."""
    indicators = list(
        Indicator.objects.filter(
            municipality=municipality, code__startswith="herkunft-"
        ).prefetch_related(
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.filter(level=Level.MUNICIPALITY)
                .select_related("dataset")
                .order_by("-period"),
            )
        )
    )
    latest = {i: next(iter(i.values.all()), None) for i in indicators}
    shown = {i.pk: v.value for i, v in latest.items() if v}
    hidden = disclosure.suppress_counts(shown, [list(shown)])
    rows = []
    any_value = None
    for indicator, v in latest.items():
        if v is None:
            continue
        any_value = v
        is_hidden = indicator.pk in hidden
        rows.append(
            {
                "gruppe": indicator.name.split(": ", 1)[-1],
                "wert": None if is_hidden else v.value,
                "text": disclosure.SUPPRESSED if is_hidden else de_number(v.value, 0),
            }
        )
    return rows, any_value


def index_runs(*, municipality: Municipality) -> QuerySet[DistrictIndexRun]:
    return DistrictIndexRun.objects.filter(municipality=municipality).select_related("created_by")


def index_csv_rows(*, run: DistrictIndexRun) -> list[list[str]]:
    """The district index as a table: one line per area, the dataset's citation below."""
    rows = [
        [
            "Schlüssel",
            "Gebiet",
            "Status (z)",
            "Dynamik (z)",
            "Statusklasse",
            "Dynamikklasse",
            "ausgeschlossen",
        ]
    ]
    for r in run.results:
        rows.append(
            [
                r["key"],
                r["name"],
                de_number(r["status"], 2) if r["status"] is not None else "",
                de_number(r["dynamics"], 2) if r["dynamics"] is not None else "",
                r["status_class"] or "",
                r["dynamics_class"] or "",
                "ja" if r["excluded"] else "nein",
            ]
        )
    citation = run.dataset.citation if run.dataset else ""
    if citation:
        rows.append([citation])
    return rows


def index_sources(*, run: DistrictIndexRun) -> dict[str, Any]:
    """What a district index was computed from: its indicators, datasets and parameters."""
    indicators = Indicator.objects.filter(
        municipality=run.municipality, code__in=run.parameters.get("indicators", [])
    )
    if run.dataset_id:
        datasets = Dataset.objects.filter(pk=run.dataset_id)
    else:
        datasets = Dataset.objects.filter(
            pk__in=IndicatorValue.objects.filter(indicator__in=indicators).values("dataset_id")
        )
    params = run.parameters
    return {
        "indicators": indicators,
        "datasets": datasets,
        "period": date.fromisoformat(params["period"]) if params.get("period") else None,
        "base_period": (
            date.fromisoformat(params["base_period"]) if params.get("base_period") else None
        ),
        "cutoffs": "; ".join(de_number(c, 2) for c in params.get("cutoffs", [])),
    }


def area_levels(*, municipality: Municipality) -> list[tuple[str, str]]:
    """The kinds of area the municipality has, as (kind, label) for a choice."""
    kinds = set(Area.objects.filter(municipality=municipality).values_list("kind", flat=True))
    return [(k, str(label)) for k, label in AreaKind.choices if k in kinds]


def table_mapping_remembered(
    *, municipality: Municipality, source: str, columns: list[str]
) -> dict[str, Any] | None:
    """The mapping last used for a table of this source and header shape, or None."""
    memory = TableMappingMemory.objects.filter(
        municipality=municipality, source=source[:300], shape=table_shape(columns)
    ).first()
    return dict(memory.mapping) if memory else None


def version_candidates(
    *, municipality: Municipality, table_code: str, source: str, title: str
) -> QuerySet[Dataset]:
    """Current datasets a new upload may be a version of: the same table code, or (without a
    code) the same source and title. Shown beside the upload; only the user decides."""
    current = Dataset.objects.filter(municipality=municipality, is_current=True)
    if table_code:
        return current.filter(table_code=table_code)
    if source and title:
        return current.filter(source=source, title=title)
    return current.none()
