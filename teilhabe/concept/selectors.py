"""Reads of the concept, always scoped to a municipality. Pages use a fixed number of queries
whatever the number of measures (roll-ups are counted in Python from two flat queries)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from typing import Any

from django.db.models import BooleanField, Prefetch, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concept.models import (
    ChangeProposal,
    ConceptCycle,
    ConceptDraft,
    FinancialState,
    Goal,
    Guideline,
    ImplementationState,
    Measure,
    PoliticalState,
    Priority,
    Recommendation,
    StrategicGoal,
    TrafficLight,
    Vision,
)
from teilhabe.core import extensions
from teilhabe.core.models import Area, FieldOfAction, Municipality, OrgUnit
from teilhabe.needs.models import TargetGroup

OPEN_STATES = (ImplementationState.NOT_STARTED, ImplementationState.IN_PROGRESS)


def _overdue_q(today: date) -> Q:
    """Overdue: a milestone is late (the implementation part says so through the ``overdue``
    annotation) or the end date has passed while the measure is still open."""
    return Q(overdue=True) | Q(end_date__lt=today, implementation_state__in=OPEN_STATES)


def measures_base(*, municipality: Municipality) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(municipality=municipality)
        .select_related("lead_unit", "lead_municipality")
        .prefetch_related("fields")
        .annotate(
            **extensions.annotations_for(
                "concept.measure", overdue=Value(False, output_field=BooleanField())
            )
        )
    )


# --- the measure list --------------------------------------------------------------------------


@dataclass
class MeasureFilters:
    """The filter state of the measure list; ``querystring`` makes it a shareable URL."""

    q: str = ""
    field: int | None = None
    political: str = ""
    financial: str = ""
    implementation: str = ""
    light: str | None = None
    lead: int | None = None
    area: int | None = None
    target_group: int | None = None
    priority: int | None = None
    overdue: bool = False
    sort: str = "number"
    params: dict[str, str] = dc_field(default_factory=dict)

    SORTS = {
        "number": ("number", "pk"),
        "-number": ("-number", "-pk"),
        "title": ("title", "pk"),
        "-title": ("-title", "-pk"),
        "priority": ("priority", "number"),
        "-priority": ("-priority", "number"),
        "end": ("end_date", "number"),
        "-end": ("-end_date", "number"),
        "state": ("implementation_state", "number"),
        "-state": ("-implementation_state", "number"),
    }

    @classmethod
    def from_params(cls, params: Any) -> MeasureFilters:
        def as_int(key: str) -> int | None:
            value = (params.get(key) or "").strip()
            return int(value) if value.isdigit() else None

        def as_choice(key: str, choices: list[str]) -> str:
            value = params.get(key) or ""
            return value if value in choices else ""

        light_raw = params.get("ampel")
        light = (
            light_raw
            if light_raw in TrafficLight.values and light_raw
            else ("" if light_raw == "keine" else None)
        )
        sort = params.get("sortierung") or "number"
        filters = cls(
            q=(params.get("q") or "").strip()[:200],
            field=as_int("feld"),
            political=as_choice("politisch", PoliticalState.values),
            financial=as_choice("finanziell", FinancialState.values),
            implementation=as_choice("umsetzung", ImplementationState.values),
            light=light,
            lead=as_int("federfuehrung"),
            area=as_int("gebiet"),
            target_group=as_int("zielgruppe"),
            priority=as_int("prioritaet"),
            overdue=params.get("ueberfaellig") == "1",
            sort=sort if sort in cls.SORTS else "number",
        )
        filters.params = {
            k: str(params.get(k))
            for k in (
                "q",
                "feld",
                "politisch",
                "finanziell",
                "umsetzung",
                "ampel",
                "federfuehrung",
                "gebiet",
                "zielgruppe",
                "prioritaet",
                "ueberfaellig",
            )
            if params.get(k)
        }
        return filters

    def querystring(self, **changes: str) -> str:
        from urllib.parse import urlencode

        params = dict(self.params)
        if self.sort != "number":
            params["sortierung"] = self.sort
        params.update({k: v for k, v in changes.items() if v})
        for k, v in changes.items():
            if not v:
                params.pop(k, None)
        return urlencode(params)

    def headers(self) -> list[dict[str, Any]]:
        """Table headers; sortable ones link to the list sorted by them (again: reversed)."""
        columns = [
            ("number", _("No.")),
            ("title", _("Title")),
            (None, _("Field of action")),
            (None, _("Lead office")),
            ("priority", _("Priority")),
            ("end", _("End")),
            ("state", _("States")),
        ]
        out = []
        for key, label in columns:
            if key is None:
                out.append({"label": label, "qs": None, "state": ""})
                continue
            state = "asc" if self.sort == key else "desc" if self.sort == f"-{key}" else ""
            target = f"-{key}" if state == "asc" else key
            params = dict(self.params)
            params["sortierung"] = target
            from urllib.parse import urlencode

            out.append({"label": label, "qs": urlencode(params), "state": state})
        return out

    @property
    def active(self) -> bool:
        return bool(self.params)


def measures_filtered(*, municipality: Municipality, filters: MeasureFilters) -> QuerySet[Measure]:
    qs = measures_base(municipality=municipality)
    if filters.q:
        words = filters.q.split()
        for word in words[:8]:
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(number__icontains=word)
                | Q(partners_text__icontains=word)
            )
    if filters.field:
        qs = qs.filter(fields=filters.field)
    if filters.political:
        qs = qs.filter(political_state=filters.political)
    if filters.financial:
        qs = qs.filter(financial_state=filters.financial)
    if filters.implementation:
        qs = qs.filter(implementation_state=filters.implementation)
    if filters.light is not None:
        qs = qs.filter(traffic_light=filters.light)
    if filters.lead:
        qs = qs.filter(lead_unit_id=filters.lead)
    if filters.area:
        qs = qs.filter(Q(areas=filters.area) | Q(areas__parent=filters.area) | Q(citywide=True))
    if filters.target_group:
        qs = qs.filter(target_groups=filters.target_group)
    if filters.priority:
        qs = qs.filter(priority=filters.priority)
    if filters.overdue:
        qs = qs.filter(_overdue_q(timezone.localdate()))
    return qs.distinct().order_by(*MeasureFilters.SORTS[filters.sort])


def filter_choices(*, municipality: Municipality) -> dict[str, Any]:
    return {
        "fields": list(FieldOfAction.objects.filter(municipality=municipality)),
        "units": list(OrgUnit.objects.filter(municipality=municipality)),
        "areas": list(
            Area.objects.filter(municipality=municipality, parent__isnull=True).order_by("key")
        ),
        "target_groups": list(TargetGroup.objects.filter(municipality=municipality)),
        "political": PoliticalState.choices,
        "financial": FinancialState.choices,
        "implementation": ImplementationState.choices,
        "lights": TrafficLight.choices[1:],
        "priorities": Priority.choices,
    }


# --- a measure -------------------------------------------------------------------------------


def measure_for_page(*, municipality: Municipality, pk: int) -> Measure | None:
    return (
        measures_base(municipality=municipality)
        .prefetch_related(
            "goals__strategic_goal__field",
            "recommendations__field",
            "partner_units",
            "partner_actors",
            "offers__actor",
            "target_groups",
            "areas",
            Prefetch("assessments", queryset=_assessments()),
            "predecessors__cycle",
        )
        .filter(pk=pk)
        .first()
    )


def _assessments() -> QuerySet[Any]:
    from teilhabe.concept.models import MeasureAssessment

    return MeasureAssessment.objects.select_related("assessor")


@dataclass
class BudgetReminder:
    budget_year: int
    deadline: date


def budget_reminder(*, measure: Measure, today: date | None = None) -> BudgetReminder | None:
    """A measure with costs whose money is not yet secured must be registered for next year's
    budget; the registration deadline is 30 June of the current year (the usual date of the
    budget call; after it, the year after next)."""
    today = today or timezone.localdate()
    if not measure.has_costs:
        return None
    secured = {
        FinancialState.BUDGETED,
        FinancialState.EXISTING_FUNDS,
        FinancialState.THIRD_PARTY_GRANTED,
        FinancialState.NO_COST,
    }
    if measure.financial_state in secured:
        return None
    if measure.political_state == PoliticalState.REJECTED:
        return None
    if measure.implementation_state in (
        ImplementationState.STOPPED,
        ImplementationState.IMPLEMENTED,
    ):
        return None
    deadline = date(today.year, 6, 30)
    budget_year = today.year + 1
    if today > deadline:
        deadline = date(today.year + 1, 6, 30)
        budget_year = today.year + 2
    if (
        measure.financial_state == FinancialState.REGISTERED
        and (measure.budget_year or 0) >= budget_year
    ):
        return None
    return BudgetReminder(budget_year=budget_year, deadline=deadline)


# --- the tree and its roll-up -------------------------------------------------------------------


@dataclass
class RollUp:
    """Counts of measures per traffic light and implementation state (no averages)."""

    total: int = 0
    lights: Counter[str] = dc_field(default_factory=Counter)
    states: Counter[str] = dc_field(default_factory=Counter)

    def add(self, light: str, state: str) -> None:
        self.total += 1
        self.lights[light] += 1
        self.states[state] += 1

    def light_list(self) -> list[tuple[str, str, int]]:
        return [
            (v, str(label), self.lights[v]) for v, label in TrafficLight.choices if self.lights[v]
        ]

    def state_list(self) -> list[tuple[str, str, int]]:
        return [
            (v, str(label), self.states[v])
            for v, label in ImplementationState.choices
            if self.states[v]
        ]


def _rollup(measure_ids: set[int], info: dict[int, tuple[str, str]]) -> RollUp:
    r = RollUp()
    for mid in measure_ids:
        light, state = info[mid]
        r.add(light, state)
    return r


@dataclass
class GoalNode:
    goal: Goal
    rollup: RollUp
    measures: list[Measure]


@dataclass
class StrategicNode:
    strategic_goal: StrategicGoal
    rollup: RollUp
    goals: list[GoalNode]


@dataclass
class FieldNode:
    field: FieldOfAction
    rollup: RollUp
    strategic_goals: list[StrategicNode]
    recommendations: list[Recommendation]


@dataclass
class ConceptTree:
    vision: Vision | None
    guidelines: list[Guideline]
    fields: list[FieldNode]
    rollup: RollUp
    unassigned: list[Measure]


def concept_tree(*, municipality: Municipality, with_measures: bool = True) -> ConceptTree:
    """The whole tree with roll-ups on every level, in a fixed number of queries."""
    fields = list(FieldOfAction.objects.filter(municipality=municipality, is_active=True))
    sgs = list(StrategicGoal.objects.filter(municipality=municipality).order_by("position", "pk"))
    goals = list(Goal.objects.filter(municipality=municipality).order_by("position", "pk"))
    recs = list(Recommendation.objects.filter(municipality=municipality).order_by("number", "pk"))
    measures = {
        m.pk: m
        for m in Measure.objects.filter(municipality=municipality)
        .only(
            "pk",
            "number",
            "title",
            "traffic_light",
            "implementation_state",
            "political_state",
            "decision_amended",
        )
        .order_by("number")
    }
    info = {pk: (m.traffic_light, m.implementation_state) for pk, m in measures.items()}
    goal_links = Measure.goals.through.objects.filter(
        measure__municipality=municipality
    ).values_list("goal_id", "measure_id")
    field_links = Measure.fields.through.objects.filter(
        measure__municipality=municipality
    ).values_list("fieldofaction_id", "measure_id")
    by_goal: dict[int, set[int]] = defaultdict(set)
    linked: set[int] = set()
    for goal_id, mid in goal_links:
        by_goal[goal_id].add(mid)
        linked.add(mid)
    by_field: dict[int, set[int]] = defaultdict(set)
    for field_id, mid in field_links:
        by_field[field_id].add(mid)
    goals_by_sg: dict[int, list[Goal]] = defaultdict(list)
    for g in goals:
        goals_by_sg[g.strategic_goal_id].append(g)
    sgs_by_field: dict[int, list[StrategicGoal]] = defaultdict(list)
    for sg in sgs:
        sgs_by_field[sg.field_id].append(sg)
    recs_by_field: dict[int, list[Recommendation]] = defaultdict(list)
    for rec in recs:
        recs_by_field[rec.field_id].append(rec)
    field_nodes = []
    for f in fields:
        sg_nodes = []
        for sg in sgs_by_field.get(f.pk, []):
            goal_nodes = []
            sg_ids: set[int] = set()
            for g in goals_by_sg.get(sg.pk, []):
                ids = by_goal.get(g.pk, set())
                sg_ids |= ids
                goal_nodes.append(
                    GoalNode(
                        goal=g,
                        rollup=_rollup(ids, info),
                        measures=sorted((measures[i] for i in ids), key=lambda m: m.number)
                        if with_measures
                        else [],
                    )
                )
            sg_nodes.append(
                StrategicNode(strategic_goal=sg, rollup=_rollup(sg_ids, info), goals=goal_nodes)
            )
        field_nodes.append(
            FieldNode(
                field=f,
                rollup=_rollup(by_field.get(f.pk, set()), info),
                strategic_goals=sg_nodes,
                recommendations=recs_by_field.get(f.pk, []),
            )
        )
    return ConceptTree(
        vision=Vision.objects.filter(municipality=municipality).first(),
        guidelines=list(Guideline.objects.filter(municipality=municipality)),
        fields=field_nodes,
        rollup=_rollup(set(measures), info),
        unassigned=[m for pk, m in measures.items() if pk not in linked] if with_measures else [],
    )


# --- drafts ------------------------------------------------------------------------------------


def concept_snapshot(*, municipality: Municipality) -> list[dict[str, Any]]:
    """The tree as a flat list of items (key, kind, label, title, text, parent) in order."""
    tree = concept_tree(municipality=municipality)
    items: list[dict[str, Any]] = []
    items.append(
        {
            "key": "vision",
            "kind": "vision",
            "label": "",
            "title": _("Vision"),
            "text": tree.vision.text if tree.vision else "",
            "parent": "",
        }
    )
    items.append(
        {
            "key": "guidelines",
            "kind": "guidelines",
            "label": "",
            "title": _("Guidelines"),
            "text": "",
            "parent": "",
        }
    )
    for i, g in enumerate(tree.guidelines, start=1):
        items.append(
            {
                "key": f"guideline:{g.pk}",
                "kind": "guideline",
                "label": str(i),
                "title": g.title,
                "text": g.text,
                "parent": "guidelines",
            }
        )
    measure_texts = dict(
        Measure.objects.filter(municipality=municipality).values_list("pk", "description")
    )
    for f in tree.fields:
        items.append(
            {
                "key": f"field:{f.field.pk}",
                "kind": "field",
                "label": "",
                "title": f.field.name,
                "text": f.field.description,
                "parent": "",
            }
        )
        for sg in f.strategic_goals:
            s = sg.strategic_goal
            items.append(
                {
                    "key": f"strategic_goal:{s.pk}",
                    "kind": "strategic_goal",
                    "label": "",
                    "title": s.title,
                    "text": s.text,
                    "parent": f"field:{f.field.pk}",
                }
            )
            for gn in sg.goals:
                goal = gn.goal
                items.append(
                    {
                        "key": f"goal:{goal.pk}",
                        "kind": "goal",
                        "label": "",
                        "title": goal.title,
                        "text": goal.text,
                        "parent": f"strategic_goal:{s.pk}",
                    }
                )
                for m in gn.measures:
                    items.append(
                        {
                            "key": f"measure:{m.pk}",
                            "kind": "measure",
                            "label": m.number,
                            "title": m.title,
                            "text": measure_texts.get(m.pk, ""),
                            "parent": f"goal:{goal.pk}",
                        }
                    )
        for r in f.recommendations:
            items.append(
                {
                    "key": f"recommendation:{r.pk}",
                    "kind": "recommendation",
                    "label": r.number,
                    "title": r.title,
                    "text": r.text,
                    "parent": f"field:{f.field.pk}",
                }
            )
    for m in tree.unassigned:
        items.append(
            {
                "key": f"measure:{m.pk}",
                "kind": "measure",
                "label": m.number,
                "title": m.title,
                "text": measure_texts.get(m.pk, ""),
                "parent": "",
            }
        )
    return items


def drafts(*, municipality: Municipality) -> QuerySet[ConceptDraft]:
    return ConceptDraft.objects.filter(municipality=municipality).select_related("frozen_by")


def draft_compare(*, older: ConceptDraft, newer: ConceptDraft) -> list[dict[str, Any]]:
    """What changed between two drafts, item by item, with the proposals (on the older draft
    and the drafts in between) that concern the item and the body that decided them."""
    import difflib

    old_items = {i["key"]: i for i in older.snapshot}
    new_items = {i["key"]: i for i in newer.snapshot}
    proposals: dict[str, list[ChangeProposal]] = defaultdict(list)
    for p in ChangeProposal.objects.filter(
        draft__municipality=older.municipality,
        draft__number__gte=older.number,
        draft__number__lt=newer.number,
    ).select_related("draft"):
        proposals[p.item_key].append(p)
    keys = [i["key"] for i in newer.snapshot] + [k for k in old_items if k not in new_items]
    out = []
    for key in keys:
        a, b = old_items.get(key), new_items.get(key)
        if a and b and (a["title"], a["text"]) == (b["title"], b["text"]):
            continue
        status = "added" if a is None else "removed" if b is None else "changed"
        diff = []
        if a and b:
            for op in difflib.ndiff((a["text"] or "").split(), (b["text"] or "").split()):
                if op.startswith("?"):
                    continue
                diff.append({"op": op[0], "word": op[2:]})
        added_children = (
            [p for p in proposals.get(((b or a) or {}).get("parent", ""), []) if p.kind == "add"]
            if status == "added"
            else []
        )
        out.append(
            {
                "key": key,
                "status": status,
                "old": a,
                "new": b,
                "diff": diff,
                "title_changed": bool(a and b and a["title"] != b["title"]),
                "proposals": proposals.get(key, []) + added_children,
            }
        )
    return out


# --- recommendations, cycles, published items ----------------------------------------------


def recommendations(*, municipality: Municipality) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(municipality=municipality)
        .select_related("field")
        .prefetch_related("measures")
    )


def cycles(*, municipality: Municipality) -> QuerySet[ConceptCycle]:
    return ConceptCycle.objects.filter(municipality=municipality).select_related("previous")


def published_measures(*, municipality: Municipality) -> QuerySet[Measure]:
    """Only measures approved for publication (for the portal and the API)."""
    return measures_base(municipality=municipality).filter(published_at__isnull=False)


def published_tree(*, municipality: Municipality) -> dict[str, Any]:
    """The approved parts of the concept only."""
    vision = Vision.objects.filter(municipality=municipality, published_at__isnull=False).first()
    return {
        "vision": vision,
        "guidelines": list(
            Guideline.objects.filter(municipality=municipality, published_at__isnull=False)
        ),
        "strategic_goals": list(
            StrategicGoal.objects.filter(
                municipality=municipality, published_at__isnull=False
            ).select_related("field")
        ),
        "goals": list(Goal.objects.filter(municipality=municipality, published_at__isnull=False)),
        "recommendations": list(
            Recommendation.objects.filter(municipality=municipality, published_at__isnull=False)
        ),
        "measures": list(published_measures(municipality=municipality)),
    }


# Report facts


def report_measures(*, municipality: Municipality) -> QuerySet[Measure]:
    """All measures of the municipality by number, with lead office and fields of action."""
    return (
        Measure.objects.filter(municipality=municipality)
        .select_related("lead_unit")
        .prefetch_related("fields")
        .order_by("number", "pk")
    )


def measure_history(*, municipality: Municipality, until: date, fields: list[str]) -> QuerySet[Any]:
    """The history records of the municipality's measures up to the moment ``until``, per
    measure oldest first, as dicts of id, history date and type, number, title and ``fields``."""
    history_model = Measure.history.model  # type: ignore[attr-defined]
    return (
        history_model.objects.filter(municipality_id=municipality.pk, history_date__lte=until)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", "history_type", "number", "title", *fields)
    )


def measures_past_end(*, municipality: Municipality, today: date) -> QuerySet[Measure]:
    """Measures still open (not started, in progress) whose planned end is before ``today``."""
    return Measure.objects.filter(
        municipality=municipality, end_date__lt=today, implementation_state__in=OPEN_STATES
    ).order_by("end_date", "number")
