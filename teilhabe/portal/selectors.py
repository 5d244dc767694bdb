"""Reads for the public portal, the open data and the API. Only what carries a recorded
publication approval leaves through here; statistical values pass disclosure control.

The rules, in one place:

* concept: vision, guidelines, strategic goals, goals, recommendations and measures with
  ``published_at``; a goal shows only under a published strategic goal;
* offers: approved offers of approved actors, not ended (``inventory.published_offers``);
* contributions: only text reviewed for publication (``approved_for_publication``) that a
  published recommendation or measure took up;
* indicators: approved indicators (``statistics.Indicator.published_at``), values through
  ``statistics.selectors.show``/``area_rows`` (small counts suppressed);
* surveys: public surveys that are open now; results only when ``results_published``;
* council papers: public papers handed over to the RIS (status "in the RIS" or "deliberation
  finished") with a Drucksachen-Nr.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from teilhabe.concept.models import (
    Goal,
    Guideline,
    ImplementationState,
    Measure,
    PoliticalState,
    Recommendation,
    StrategicGoal,
    TrafficLight,
    Vision,
)
from teilhabe.core.models import Area, FieldOfAction, Municipality
from teilhabe.inventory.models import Offer, OfferForm
from teilhabe.inventory.models import TargetGroup as OfferTargetGroup
from teilhabe.inventory.selectors import offers_matching, published_offers
from teilhabe.portal.models import PORTAL_LANGUAGES, PortalSettings, PortalText
from teilhabe.statistics import selectors as stats
from teilhabe.statistics.models import Indicator, IndicatorValue, Level

LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"


# --- settings and texts -------------------------------------------------------------------


def portal_settings(*, municipality: Municipality) -> PortalSettings:
    """The municipality's portal settings, or the defaults (unsaved) if none were stored."""
    found = PortalSettings.objects.filter(municipality=municipality).first()
    return found or PortalSettings(municipality=municipality, languages=["de", "en"])


def public_portals() -> QuerySet[Municipality]:
    """The municipalities whose portal is public: switched on, or never set up (the default,
    as in ``portal_settings``)."""
    return Municipality.objects.exclude(portal_settings__is_enabled=False)


def portal_text(*, municipality: Municipality, key: str, language: str) -> PortalText | None:
    """The text in the language asked for, else the German one, else None."""
    texts = {
        t.language: t
        for t in PortalText.objects.filter(
            municipality=municipality, key=key, language__in={language, "de"}
        )
    }
    return texts.get(language) or texts.get("de")


def texts_for_settings(*, municipality: Municipality) -> QuerySet[PortalText]:
    return PortalText.objects.filter(municipality=municipality)


def language_choices(settings_obj: PortalSettings) -> list[dict[str, Any]]:
    out = []
    for code in settings_obj.all_languages:
        if code == "ls":
            continue  # Leichte Sprache has its own start page
        name, rtl = PORTAL_LANGUAGES[code]
        out.append({"code": code, "name": name, "dir": "rtl" if rtl else "ltr", "lang": code})
    return out


# --- the concept --------------------------------------------------------------------------


def published_vision(*, municipality: Municipality) -> Vision | None:
    return Vision.objects.filter(municipality=municipality, published_at__isnull=False).first()


def published_guidelines(*, municipality: Municipality) -> list[Guideline]:
    return list(Guideline.objects.filter(municipality=municipality, published_at__isnull=False))


@dataclass
class PublicField:
    field: FieldOfAction
    strategic_goals: list[tuple[StrategicGoal, list[Goal]]] = dc_field(default_factory=list)
    measure_count: int = 0


def published_concept(*, municipality: Municipality) -> list[PublicField]:
    """Fields of action with their published strategic goals and goals, and the number of
    published measures, in a fixed number of queries."""
    fields = list(FieldOfAction.objects.filter(municipality=municipality, is_active=True))
    sgs = list(
        StrategicGoal.objects.filter(municipality=municipality, published_at__isnull=False)
        .order_by("position", "pk")
        .only("pk", "field_id", "title", "text", "position")
    )
    goals = list(
        Goal.objects.filter(
            municipality=municipality,
            published_at__isnull=False,
            strategic_goal__published_at__isnull=False,
        ).order_by("position", "pk")
    )
    counts: dict[int, int] = defaultdict(int)
    for field_id in Measure.fields.through.objects.filter(
        measure__municipality=municipality, measure__published_at__isnull=False
    ).values_list("fieldofaction_id", flat=True):
        counts[field_id] += 1
    goals_by_sg: dict[int, list[Goal]] = defaultdict(list)
    for g in goals:
        goals_by_sg[g.strategic_goal_id].append(g)
    sgs_by_field: dict[int, list[StrategicGoal]] = defaultdict(list)
    for sg in sgs:
        sgs_by_field[sg.field_id].append(sg)
    return [
        PublicField(
            field=f,
            strategic_goals=[(sg, goals_by_sg.get(sg.pk, [])) for sg in sgs_by_field.get(f.pk, [])],
            measure_count=counts.get(f.pk, 0),
        )
        for f in fields
    ]


@dataclass
class MeasureQuery:
    """The filters of the public measure list (GET parameters, German names)."""

    q: str = ""
    field: int | None = None
    political: str = ""
    implementation: str = ""
    light: str = ""

    @classmethod
    def from_params(cls, params: Any) -> MeasureQuery:
        def as_int(key: str) -> int | None:
            value = (params.get(key) or "").strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        def as_choice(key: str, choices: list[str]) -> str:
            value = params.get(key) or ""
            return value if value in choices else ""

        return cls(
            q=(params.get("q") or "").strip()[:100],
            field=as_int("feld"),
            political=as_choice("politisch", PoliticalState.values),
            implementation=as_choice("umsetzung", ImplementationState.values),
            light=as_choice("ampel", [v for v in TrafficLight.values if v] + ["keine"]),
        )


def public_measures(*, municipality: Municipality) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(municipality=municipality, published_at__isnull=False)
        .select_related("lead_unit", "lead_municipality")
        .prefetch_related("fields")
        .order_by("number", "pk")
    )


def public_measures_filtered(
    *, municipality: Municipality, query: MeasureQuery
) -> QuerySet[Measure]:
    qs = public_measures(municipality=municipality)
    if query.q:
        for word in query.q.split()[:6]:
            qs = qs.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(number__iexact=word)
            )
    if query.field:
        qs = qs.filter(fields=query.field)
    if query.political:
        qs = qs.filter(political_state=query.political)
    if query.implementation:
        qs = qs.filter(implementation_state=query.implementation)
    if query.light:
        qs = qs.filter(traffic_light="" if query.light == "keine" else query.light)
    return qs.distinct() if query.field else qs


def public_measure(*, municipality: Municipality, pk: int) -> Measure | None:
    return (
        Measure.objects.filter(municipality=municipality, published_at__isnull=False, pk=pk)
        .select_related("lead_unit", "lead_municipality")
        .prefetch_related(
            "fields",
            "target_groups",
            "areas",
            Prefetch(
                "goals",
                queryset=Goal.objects.filter(published_at__isnull=False).select_related(
                    "strategic_goal"
                ),
            ),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.filter(published_at__isnull=False),
            ),
            Prefetch(
                "offers",
                queryset=Offer.objects.filter(
                    published_at__isnull=False, actor__published_at__isnull=False
                )
                .exclude(status="beendet")
                .select_related("actor"),
            ),
        )
        .first()
    )


def measure_filter_choices(*, municipality: Municipality) -> dict[str, Any]:
    return {
        "fields": list(FieldOfAction.objects.filter(municipality=municipality, is_active=True)),
        "political": PoliticalState.choices,
        "implementation": ImplementationState.choices,
        "lights": TrafficLight.choices[1:],
    }


# --- what became of the participation input ----------------------------------------------


@dataclass
class InputOutcome:
    text: str
    kind: str
    field: str
    source: str
    recommendations: list[Recommendation]
    measures: list[Measure]


def participation_outcome(*, municipality: Municipality) -> dict[str, Any]:
    """Reviewed contributions and the published recommendations and measures they led to."""
    from teilhabe.participation.models import Contribution

    recs = list(
        Recommendation.objects.filter(municipality=municipality, published_at__isnull=False)
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.filter(approved_for_publication=True).select_related(
                    "field_of_action", "event", "survey"
                ),
            ),
            Prefetch(
                "measures",
                queryset=Measure.objects.filter(published_at__isnull=False).order_by("number"),
            ),
        )
        .select_related("field")
    )
    by_contribution: dict[int, InputOutcome] = {}
    for rec in recs:
        for c in rec.contributions.all():
            item = by_contribution.get(c.pk)
            if item is None:
                source = (
                    c.event.title
                    if c.event_id and c.event
                    else c.survey.title
                    if c.survey_id and c.survey
                    else c.get_channel_display()
                )
                item = by_contribution[c.pk] = InputOutcome(
                    text=c.text,
                    kind=c.get_kind_display(),
                    field=c.field_of_action.name if c.field_of_action else "",
                    source=str(source),
                    recommendations=[],
                    measures=[],
                )
            item.recommendations.append(rec)
            for m in rec.measures.all():
                if m not in item.measures:
                    item.measures.append(m)
    reviewed = Contribution.objects.filter(
        municipality=municipality, approved_for_publication=True
    ).count()
    total = Contribution.objects.filter(municipality=municipality).count()
    return {
        "items": sorted(by_contribution.values(), key=lambda i: (i.field, i.text)),
        "reviewed": reviewed,
        "total": total,
    }


def needs_outcome(*, municipality: Municipality, measure_ids: list[int]) -> dict[str, Any]:
    """Needs per measure and the needs nothing answers yet; only needs approved for
    publication (the concept's selectors filter by default)."""
    from teilhabe.needs.selectors import needs_for_measures, unanswered_needs

    return {
        "per_measure": needs_for_measures(municipality, measure_ids),
        "unanswered": list(unanswered_needs(municipality)),
    }


# --- indicators ---------------------------------------------------------------------------


def public_indicators(*, municipality: Municipality) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(municipality=municipality, published_at__isnull=False)
        .select_related("field_of_action")
        .order_by("position", "name")
    )


@dataclass
class IndicatorSummary:
    indicator: Indicator
    text: str
    period: date | None
    citation: str
    comparison: str = ""  # the level above where the municipality has no value of its own


def indicator_summaries(*, municipality: Municipality) -> list[IndicatorSummary]:
    """The newest municipality-level value of every published indicator, disclosure-controlled,
    in two queries."""
    indicators = list(public_indicators(municipality=municipality))
    newest = stats.latest_values(municipality=municipality, indicators=indicators)
    out = []
    for ind in indicators:
        shown = newest.get(ind.pk)
        out.append(
            IndicatorSummary(
                indicator=ind,
                text=shown.text if shown else "–",
                period=shown.period if shown else None,
                citation=shown.citation if shown else "",
                comparison=shown.comparison if shown else "",
            )
        )
    return out


def public_indicator(*, municipality: Municipality, pk: int) -> Indicator | None:
    return public_indicators(municipality=municipality).filter(pk=pk).first()


def indicator_public_data(*, indicator: Indicator) -> dict[str, Any]:
    """The series (municipality and levels above) and the newest area values, as shown."""
    series = stats.indicator_series(indicator=indicator)
    periods = series["periods"]
    area_period, area_kind = stats.newest_areas(series=series)
    area_rows = stats.area_rows(
        indicator=indicator,
        values=[
            v for v in series["areas"].get(area_period, []) if v.area and v.area.kind == area_kind
        ],
    )
    return {
        "series": series,
        "series_rows": stats.series_rows(indicator=indicator, series=series),
        "periods": periods,
        "comparison": series["comparison"],
        "datasets": series["datasets"],
        "area_rows": area_rows,
        "area_shown": any(not r["hidden"] and r["value"] is not None for r in area_rows),
        "area_period": area_period,
        "area_kind": area_kind,
        "finding": stats.finding(indicator=indicator, series=series),
        "breaks": stats.break_marks(indicator=indicator, periods=periods),
    }


def indicator_values_for_export(*, municipality: Municipality) -> list[dict[str, Any]]:
    """Every shown value of every published indicator with its provenance (open data, API).
    Suppressed values appear as "." with no number."""
    indicators = {i.pk: i for i in public_indicators(municipality=municipality)}
    values = list(
        IndicatorValue.objects.filter(indicator__in=list(indicators))
        .select_related("dataset", "area")
        .order_by("indicator_id", "period", "level", "region_key")
    )
    # Counts of areas add up to the shown total: suppress complementary cells per period.
    hidden_ids: set[int] = set()
    grouped: dict[tuple[int, date], list[IndicatorValue]] = defaultdict(list)
    for v in values:
        if v.level == Level.AREA and v.area_id:
            grouped[(v.indicator_id, v.period)].append(v)
    for (ind_id, _period), group in grouped.items():
        for row in stats.area_rows(indicator=indicators[ind_id], values=group):
            if row["hidden"]:
                hidden_ids |= {v.pk for v in group if v.region_key == row["key"]}
    out = []
    for v in values:
        ind = indicators[v.indicator_id]
        _text, hidden = stats.show(ind, v)
        hidden = hidden or v.pk in hidden_ids
        out.append(
            {
                "indicator": ind.code,
                "indicator_name": ind.name,
                "unit": ind.unit,
                "level": v.level,
                "region_key": v.region_key,
                "region_name": v.area.name if v.area else v.region_name,
                "period": v.period.isoformat(),
                "value": None if hidden else v.value,
                "suppressed": hidden,
                # summed from the areas below, where no value of its own was delivered
                "derived": v.derived,
                "source": v.dataset.attribution or v.dataset.source,
                "table_code": v.dataset.table_code,
                "reference_date": v.dataset.stand,
                "licence": v.dataset.licence,
                "dataset_sha256": v.dataset.sha256,
            }
        )
    return out


# --- offers -------------------------------------------------------------------------------


@dataclass
class OfferQuery:
    q: str = ""
    field: int | None = None
    area: int | None = None
    target_group: str = ""
    language: str = ""
    form: str = ""

    @classmethod
    def from_params(cls, params: Any) -> OfferQuery:
        def as_int(key: str) -> int | None:
            value = (params.get(key) or "").strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        def as_choice(key: str, choices: list[str]) -> str:
            value = params.get(key) or ""
            return value if value in choices else ""

        from teilhabe.inventory.models import LANGUAGE_CODES

        return cls(
            q=(params.get("q") or "").strip()[:100],
            field=as_int("feld"),
            area=as_int("gebiet"),
            target_group=as_choice("zielgruppe", OfferTargetGroup.values),
            language=as_choice("angebotssprache", sorted(LANGUAGE_CODES)),
            form=as_choice("form", OfferForm.values),
        )


def public_offers_filtered(*, municipality: Municipality, query: OfferQuery) -> QuerySet[Offer]:
    return offers_matching(
        published_offers(municipality=municipality),
        q=query.q,
        field=query.field,
        area=query.area,
        target_group=query.target_group,
        language=query.language,
        form=query.form,
    ).order_by("title", "pk")


def public_offer(*, municipality: Municipality, pk: int) -> Offer | None:
    return published_offers(municipality=municipality).filter(pk=pk).first()


def offer_filter_choices(*, municipality: Municipality) -> dict[str, Any]:
    from teilhabe.inventory.models import LANGUAGES

    return {
        "fields": list(FieldOfAction.objects.filter(municipality=municipality, is_active=True)),
        "areas": list(
            Area.objects.filter(municipality=municipality, parent__isnull=True).order_by("key")
        ),
        "target_groups": OfferTargetGroup.choices,
        "languages": LANGUAGES,
        "forms": OfferForm.choices,
    }


def offer_counts_by_area(*, municipality: Municipality) -> tuple[list[Area], dict[int, int]]:
    """The areas drawn on the offer map (the finest level with geometries, at most a few
    hundred) and the number of published offers with a location in each (or below it)."""
    areas = list(
        Area.objects.filter(municipality=municipality, geometry__isnull=False)
        .select_related("parent__parent")
        .order_by("key")
    )
    if not areas:
        return [], {}
    by_kind: dict[str, list[Area]] = defaultdict(list)
    for a in areas:
        by_kind[a.kind].append(a)
    # The level with the most areas that still fits on one map.
    kind = max(by_kind, key=lambda k: (len(by_kind[k]) <= 400, len(by_kind[k])))
    shown = by_kind[kind]
    shown_ids = {a.pk for a in shown}
    ancestors: dict[int, list[int]] = {}
    for a in Area.objects.filter(municipality=municipality).select_related("parent__parent"):
        chain = [a.pk]
        if a.parent_id:
            chain.append(a.parent_id)
            if a.parent and a.parent.parent_id:
                chain.append(a.parent.parent_id)
        ancestors[a.pk] = chain
    counts: dict[int, set[int]] = defaultdict(set)
    from teilhabe.inventory.models import OfferLocation

    offer_ids = published_offers(municipality=municipality).values("pk")
    for offer_id, area_id in OfferLocation.objects.filter(
        offer_id__in=offer_ids, area__isnull=False
    ).values_list("offer_id", "area_id"):
        for aid in ancestors.get(area_id, [area_id]):
            if aid in shown_ids:
                counts[aid].add(offer_id)
    return shown, {aid: len(ids) for aid, ids in counts.items()}


# --- surveys and documents ---------------------------------------------------------------


def open_surveys(*, municipality: Municipality) -> list[Any]:
    from teilhabe.participation.models import Audience, Survey

    now = timezone.now()
    return list(
        Survey.objects.filter(
            municipality=municipality,
            audience=Audience.PUBLIC,
            opens_at__lte=now,
            raw_deleted_at__isnull=True,
        )
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("closes_at", "title")
    )


def surveys_with_results(*, municipality: Municipality) -> list[Any]:
    from teilhabe.participation.models import Audience, Survey

    return list(
        Survey.objects.filter(
            municipality=municipality, audience=Audience.PUBLIC, results_published=True
        ).order_by("-created_at")
    )


def public_papers(*, municipality: Municipality) -> QuerySet[Any]:
    """Council papers that are public and were handed over to the RIS, which publishes them."""
    from teilhabe.council.models import Paper, PaperStatus

    return (
        Paper.objects.filter(
            municipality=municipality,
            is_public=True,
            status__in=[PaperStatus.SUBMITTED, PaperStatus.DONE],
        )
        .exclude(reference="")
        .select_related("paper_type")
        .order_by("-date", "-pk")
    )


def published_reports(*, municipality: Municipality) -> list[Any]:
    """Report editions with a recorded publication approval (from the reports part), each
    with ``title``, ``number``, ``kind_label``, ``published_at`` and ``files`` (kind → URL)."""
    from teilhabe.reports import selectors as report_selectors

    return list(report_selectors.published_editions(municipality))


# --- open data ---------------------------------------------------------------------------


def measures_for_export(*, municipality: Municipality) -> list[dict[str, Any]]:
    out = []
    for m in public_measures(municipality=municipality):
        out.append(
            {
                "id": m.pk,
                "number": m.number,
                "title": m.title,
                "description": m.description,
                "fields_of_action": [f.name for f in m.fields.all()],
                "lead_office": str(m.lead_unit) if m.lead_unit else "",
                "political_state": m.political_state,
                "political_state_label": str(m.get_political_state_display()),
                "decided_on": m.decided_on.isoformat() if m.decided_on else None,
                "financial_state": m.financial_state,
                "implementation_state": m.implementation_state,
                "implementation_state_label": str(m.get_implementation_state_display()),
                "traffic_light": m.traffic_light,
                "traffic_light_label": str(m.get_traffic_light_display()),
                "progress_percent": m.progress_percent,
                "start_date": m.start_date.isoformat() if m.start_date else None,
                "end_date": m.end_date.isoformat() if m.end_date else None,
                "published_at": m.published_at.isoformat() if m.published_at else None,
            }
        )
    return out


def offers_for_export(*, municipality: Municipality) -> list[dict[str, Any]]:
    out = []
    for o in published_offers(municipality=municipality).order_by("title", "pk"):
        locations = o.location_list()
        out.append(
            {
                "id": o.pk,
                "title": o.title,
                "description": o.description,
                "actor": o.actor.name,
                "fields_of_action": [f.name for f in o.fields_of_action.all()],
                "target_groups": list(o.target_groups or []),
                "languages": list(o.languages or []),
                "form": o.form,
                "schedule": o.schedule,
                "fee": o.fee,
                "step_free": o.step_free,
                "childcare": o.childcare,
                "start_date": o.start_date.isoformat() if o.start_date else None,
                "end_date": o.end_date.isoformat() if o.end_date else None,
                "locations": [
                    {
                        "venue": loc.venue,
                        "address": loc.address,
                        "area": loc.area.name if loc.area else "",
                        "latitude": float(loc.latitude) if loc.latitude is not None else None,
                        "longitude": float(loc.longitude) if loc.longitude is not None else None,
                    }
                    for loc in locations
                ],
            }
        )
    return out
