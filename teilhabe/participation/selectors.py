"""Reads of participation, always scoped to a municipality. Survey results are aggregated in
the database (GROUP BY), never by loading answer rows into Python."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from django.db import connections
from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import Area, Municipality
from teilhabe.participation.models import (
    SURVEY_LANGUAGES,
    Answer,
    Contribution,
    Event,
    Question,
    QuestionKind,
    Response,
    SteeringGroup,
    Survey,
    TranslationStatus,
    WorkingGroup,
)
from teilhabe.statistics.selectors import population_by_area

# Published figures below this number of answers are suppressed.
MIN_PUBLISHED = 5
# Question kinds that store several answer rows per response.
MULTI_ROW_KINDS = {QuestionKind.MULTIPLE, QuestionKind.MATRIX, QuestionKind.RANKING}


def surveys_for(*, municipality: Municipality) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(municipality=municipality)
        .annotate(n_responses=Count("responses"))
        .order_by("-created_at")
    )


def surveys_closing(*, municipality: Municipality, until: date) -> QuerySet[Survey]:
    """Surveys that are open or scheduled and close by the end of ``until``."""
    now = timezone.now()
    return Survey.objects.filter(
        municipality=municipality,
        opens_at__isnull=False,
        raw_deleted_at__isnull=True,
        closes_at__gt=now,
        closes_at__date__lte=until,
    ).order_by("closes_at", "pk")


class _PreparedTokenLookup:
    """``Survey.objects.select_related("municipality").get(public_token=…)`` with the SQL built
    once per process and database. The public form looks its survey up on every request,
    and building that SQL again each time costs several times more than running it."""

    _PLACEHOLDER = "\x00token\x00"

    def __init__(self) -> None:
        self._prepared: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._lock = threading.Lock()

    def _prepare(self, alias: str) -> tuple[Any, ...]:
        from django.db.models.query import get_related_populators

        queryset = Survey.objects.using(alias).select_related("municipality")
        compiler = queryset.filter(public_token=self._PLACEHOLDER).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if list(params) != [self._PLACEHOLDER]:  # pragma: no cover - guards a Django change
            raise RuntimeError("unexpected parameters in the survey lookup")
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        converters = list(
            compiler.get_converters([column[0] for column in select[: compiler.col_count]]).items()
        )
        populators = get_related_populators(klass_info, select, alias)
        return sql, start, end, init_list, converters, populators

    def get(self, token: str, alias: str = "default") -> Survey | None:
        connection = connections[alias]
        key = (alias, connection.settings_dict["NAME"] or "")
        prepared = self._prepared.get(key)
        if prepared is None:
            with self._lock:
                prepared = self._prepared.setdefault(key, self._prepare(alias))
        sql, start, end, init_list, converters, populators = prepared
        with connection.cursor() as cursor:
            cursor.execute(sql, [token])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for pos, (funcs, expression) in converters:
            value = values[pos]
            for func in funcs:
                value = func(value, expression, connection)
            values[pos] = value
        survey = Survey.from_db(alias, init_list, values[start:end])
        for populator in populators:
            populator.populate(values, survey)
        return survey


_survey_by_token = _PreparedTokenLookup()


def public_survey(*, token: str) -> Survey | None:
    """The survey behind a public link, with its municipality; None if there is none."""
    return _survey_by_token.get(token)


def questions_of(*, survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("position", "pk"))


def area_choices(*, municipality: Municipality) -> list[tuple[str, str]]:
    """Areas a respondent can pick: the top level (Stadtbezirke or towns of a county)."""
    return list(
        Area.objects.filter(municipality=municipality, parent__isnull=True)
        .order_by("key")
        .values_list("key", "name")
    )


def translation_overview(*, survey: Survey, languages: list[str]) -> list[dict[str, Any]]:
    """Per language: how many texts exist and the status staff recorded."""
    questions = questions_of(survey=survey)
    needed = 0
    have: dict[str, int] = dict.fromkeys(languages, 0)
    for q in questions:
        pieces = [q.text, *[o.get("text", {}) for o in q.options or []]]
        pieces += [r.get("text", {}) for r in q.rows or []]
        for piece in pieces:
            needed += 1
            for lang in languages:
                if (piece or {}).get(lang):
                    have[lang] += 1
    out = []
    for lang in languages:
        complete = have[lang] == needed and bool((survey.texts or {}).get(lang, {}).get("privacy"))
        if lang == "de":
            status = TranslationStatus.CHECKED
        elif not complete:
            status = TranslationStatus.MISSING
        else:
            status = (survey.translation_status or {}).get(lang, TranslationStatus.MACHINE)
        out.append(
            {
                "code": lang,
                "name": SURVEY_LANGUAGES[lang][0],
                "rtl": SURVEY_LANGUAGES[lang][1],
                "have": have[lang],
                "needed": needed,
                "complete": complete,
                "status": status,
                "status_label": TranslationStatus(status).label,
            }
        )
    return out


def offered_languages(*, survey: Survey, languages: list[str]) -> list[str]:
    """Languages a respondent may choose: German and every complete translation."""
    return [
        row["code"]
        for row in translation_overview(survey=survey, languages=languages)
        if row["complete"]
    ]


def _label(options: list[dict[str, Any]], key: str) -> str:
    for o in options:
        if str(o["key"]) == key:
            return (o.get("text") or {}).get("de", key)
    return key


def survey_results(*, survey: Survey) -> dict[str, Any]:
    """Counts and shares per question, from a handful of GROUP BY queries."""
    questions = questions_of(survey=survey)
    ids = [q.pk for q in questions if q.kind != QuestionKind.SECTION]
    # question_id IN (…) uses the (question, choice) index and needs no join.
    answers = Answer.objects.filter(question_id__in=ids)
    counts: dict[tuple[int, str, str], int] = {}
    # Kinds with one answer row per response: the number answered is the sum of the rows.
    single_row = {q.pk for q in questions if q.kind not in MULTI_ROW_KINDS}
    answered: dict[int, int] = {}
    for row in answers.values("question_id", "row", "choice").annotate(n=Count("id")).order_by():
        if row["choice"]:
            counts[(row["question_id"], row["row"], row["choice"])] = row["n"]
        if row["question_id"] in single_row:
            answered[row["question_id"]] = answered.get(row["question_id"], 0) + row["n"]
    multi = [q.pk for q in questions if q.kind in MULTI_ROW_KINDS]
    if multi:
        for row in (
            Answer.objects.filter(question_id__in=multi)
            .values("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        ):
            answered[row["question_id"]] = row["n"]
    numeric = [q.pk for q in questions if q.kind in (QuestionKind.SCALE, QuestionKind.NUMBER)]
    numbers = {
        row["question_id"]: row
        for row in Answer.objects.filter(question_id__in=numeric)
        .values("question_id")
        .annotate(avg=Avg("number"), lo=Min("number"), hi=Max("number"))
        .order_by()
    }
    ranking = [q.pk for q in questions if q.kind == QuestionKind.RANKING]
    ranks = {
        (row["question_id"], row["choice"]): row["avg"]
        for row in Answer.objects.filter(question_id__in=ranking)
        .values("question_id", "choice")
        .annotate(avg=Avg("number"))
        .order_by()
    }
    responses = Response.objects.filter(survey=survey)
    total = responses.count()
    by_language = {
        r["language"]: r["n"] for r in responses.values("language").annotate(n=Count("id"))
    }
    by_channel = {r["channel"]: r["n"] for r in responses.values("channel").annotate(n=Count("id"))}
    areas = dict(area_choices(municipality=survey.municipality))
    items = []
    for q in questions:
        if q.kind == QuestionKind.SECTION:
            items.append({"question": q, "title": q.text_in("de"), "kind": q.kind})
            continue
        n = answered.get(q.pk, 0)
        item: dict[str, Any] = {
            "question": q,
            "title": q.text_in("de"),
            "kind": q.kind,
            "answered": n,
            "rows": [],
        }
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
            options = list(q.options or [])
            if q.allow_other:
                options.append({"key": "_other", "text": {"de": _("Other")}})
            for o in options:
                c = counts.get((q.pk, "", str(o["key"])), 0)
                row = {"label": _label(options, str(o["key"])), "count": c}
                if q.kind == QuestionKind.RANKING:
                    row["avg_rank"] = ranks.get((q.pk, str(o["key"])))
                item["rows"].append(row)
        elif q.kind == QuestionKind.SCALE:
            for value in range(q.scale_min, q.scale_max + 1):
                item["rows"].append(
                    {"label": str(value), "count": counts.get((q.pk, "", str(value)), 0)}
                )
            item["average"] = (numbers.get(q.pk) or {}).get("avg")
        elif q.kind == QuestionKind.AREA:
            keys = [k for (qid, _r, k) in counts if qid == q.pk]
            for key in sorted(set(keys) | set(areas)):
                item["rows"].append(
                    {"label": areas.get(key, key), "count": counts.get((q.pk, "", key), 0)}
                )
        elif q.kind == QuestionKind.MATRIX:
            item["columns"] = [_label(q.options, str(o["key"])) for o in q.options or []]
            item["matrix"] = [
                {
                    "label": (r.get("text") or {}).get("de", r["key"]),
                    "counts": [
                        counts.get((q.pk, str(r["key"]), str(o["key"])), 0) for o in q.options or []
                    ],
                }
                for r in q.rows or []
            ]
        elif q.kind == QuestionKind.NUMBER:
            stats = numbers.get(q.pk) or {}
            item["average"], item["min"], item["max"] = (
                stats.get("avg"),
                stats.get("lo"),
                stats.get("hi"),
            )
        for row in item["rows"]:
            row["share"] = (row["count"] / n * 100) if n else 0.0
        items.append(item)
    return {
        "responses": total,
        "by_language": by_language,
        "by_channel": by_channel,
        "questions": items,
    }


def survey_results_cached(*, survey: Survey) -> dict[str, Any]:
    """``survey_results``, reused while no answer was added: the key holds the number and the
    newest id of the responses and the content version, so a cached result is never stale."""
    from django.core.cache import cache
    from django.db.models import Max

    stamp = Response.objects.filter(survey=survey).aggregate(n=Count("id"), last=Max("id"))
    key = f"participation:results:{survey.pk}:{survey.content_version}:{stamp['n']}:{stamp['last']}"
    cached = cache.get(key)
    if cached is None:
        cached = survey_results(survey=survey)
        plain = {
            **cached,
            "questions": [
                {k: v for k, v in item.items() if k != "question"} for item in cached["questions"]
            ],
        }
        cache.set(key, plain, 3600)
        return cached
    return {
        **cached,
        "questions": [
            {**item, "question": question}
            for item, question in zip(
                cached["questions"], questions_of(survey=survey), strict=False
            )
        ],
    }


def suppress(results: dict[str, Any]) -> dict[str, Any]:
    """The published form of results: every figure based on fewer than 5 answers is removed,
    free text is never included."""
    out = {"responses": results["responses"], "questions": []}
    for item in results["questions"]:
        if item["kind"] == QuestionKind.SECTION or item["kind"] in (
            QuestionKind.SHORT_TEXT,
            QuestionKind.LONG_TEXT,
        ):
            continue
        hidden = item.get("answered", 0) < MIN_PUBLISHED
        rows = [
            row
            | (
                {"count": None, "share": None, "suppressed": True}
                if hidden or row["count"] < MIN_PUBLISHED
                else {"suppressed": False}
            )
            for row in item.get("rows", [])
        ]
        published = {k: v for k, v in item.items() if k not in ("rows", "matrix")}
        published["rows"] = rows
        published["suppressed"] = hidden
        if "matrix" in item:
            published["matrix"] = [
                {
                    "label": r["label"],
                    "counts": [
                        c if c >= MIN_PUBLISHED and not hidden else None for c in r["counts"]
                    ],
                }
                for r in item["matrix"]
            ]
        if hidden:
            for key in ("average", "min", "max"):
                published.pop(key, None)
        out["questions"].append(published)
    return out


def crosstab(*, survey: Survey, question: Question, by: str) -> dict[str, Any] | None:
    """Counts of ``question``'s answers split by another question (``by`` = its id) or by the
    respondent's language (``by`` = "language") or channel (``by`` = "channel")."""
    base = Answer.objects.filter(question=question).exclude(choice="")
    if by in ("language", "channel"):
        rows = base.values("choice", group=F(f"response__{by}")).annotate(n=Count("id"))
        labels = (
            {k: v[0] for k, v in SURVEY_LANGUAGES.items()}
            if by == "language"
            else {"online": _("online"), "paper": _("paper")}
        )
        title = _("Language") if by == "language" else _("Channel")
    else:
        try:
            by_question = survey.questions.get(pk=int(by))
        except (ValueError, Question.DoesNotExist):
            return None
        rows = (
            base.filter(response__answers__question=by_question)
            .exclude(response__answers__choice="")
            .values("choice", group=F("response__answers__choice"))
            .annotate(n=Count("id"))
        )
        if by_question.kind == QuestionKind.AREA:
            labels = dict(area_choices(municipality=survey.municipality))
        else:
            labels = {
                str(o["key"]): (o.get("text") or {}).get("de", o["key"])
                for o in by_question.options or []
            }
            if by_question.kind == QuestionKind.SCALE:
                labels = {
                    str(i): str(i) for i in range(by_question.scale_min, by_question.scale_max + 1)
                }
        title = by_question.text_in("de")
    table: dict[str, dict[str, int]] = {}
    groups: list[str] = []
    for r in rows:
        table.setdefault(r["choice"], {})[r["group"]] = r["n"]
        if r["group"] not in groups:
            groups.append(r["group"])
    ordered_groups = [g for g in labels if g in groups] + [g for g in groups if g not in labels]
    if question.kind == QuestionKind.SCALE:
        keys = [str(i) for i in range(question.scale_min, question.scale_max + 1)]
        row_labels = {k: k for k in keys}
    else:
        keys = [str(o["key"]) for o in question.options or []]
        if question.allow_other:
            keys.append("_other")
        row_labels = {
            str(o["key"]): (o.get("text") or {}).get("de", o["key"]) for o in question.options or []
        }
        row_labels["_other"] = _("Other")
    return {
        "title": title,
        "columns": [labels.get(g, g) for g in ordered_groups],
        "rows": [
            {
                "label": row_labels.get(k, k),
                "counts": [table.get(k, {}).get(g, 0) for g in ordered_groups],
            }
            for k in keys
        ],
    }


def free_texts(*, survey: Survey, question: Question | None = None) -> QuerySet[Answer]:
    """Free-text answers (staff only), newest first."""
    qs = Answer.objects.filter(question__survey=survey).exclude(text="")
    if question is not None:
        qs = qs.filter(question=question)
    return qs.select_related("question", "response").order_by("-response_id", "question__position")


def bar_spec(*, item: dict[str, Any], title: str) -> dict[str, Any]:
    """A horizontal bar chart of a question's shares (Vega-Lite)."""
    values = [
        {"label": r["label"], "share": round(r["share"] or 0, 1), "count": r["count"]}
        for r in item["rows"]
        if r.get("count") is not None
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": title,
        "width": "container",
        "data": {"values": values},
        "mark": {"type": "bar", "color": "#2f6f8f"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "share", "type": "quantitative", "title": "%"},
            "tooltip": [
                {"field": "label", "type": "nominal"},
                {"field": "count", "type": "quantitative"},
                {"field": "share", "type": "quantitative"},
            ],
        },
    }


# --- events, contributions, groups -----------------------------------------------------------


def events_for(*, municipality: Municipality, kind: str = "", year: str = "") -> QuerySet[Event]:
    qs = Event.objects.filter(municipality=municipality).select_related("area", "working_group")
    if kind:
        qs = qs.filter(kind=kind)
    if year.isdigit():
        qs = qs.filter(date__year=int(year))
    return qs.annotate(n_contributions=Count("contributions"))


def contributions_for(
    *,
    municipality: Municipality,
    field: str = "",
    area: str = "",
    kind: str = "",
    channel: str = "",
    q: str = "",
    unconfirmed: bool = False,
) -> QuerySet[Contribution]:
    qs = Contribution.objects.filter(municipality=municipality).select_related(
        "field_of_action", "area", "event", "survey", "working_group", "suggested_field"
    )
    if field == "none":
        qs = qs.filter(field_of_action__isnull=True)
    elif field.isdigit():
        qs = qs.filter(field_of_action_id=int(field))
    if area.isdigit():
        qs = qs.filter(Q(area_id=int(area)) | Q(area__parent_id=int(area)))
    if kind:
        qs = qs.filter(kind=kind)
    if channel:
        qs = qs.filter(channel=channel)
    if q:
        qs = qs.filter(text__icontains=q)
    if unconfirmed:
        qs = qs.filter(field_confirmed=False)
    return qs.annotate(n_similar=Count("similar")).order_by("-created_at", "-pk")


def contribution_counts(*, municipality: Municipality) -> dict[str, Any]:
    qs = Contribution.objects.filter(municipality=municipality)
    by_field = list(
        qs.values("field_of_action__name")
        .annotate(n=Count("id"))
        .order_by("-n", "field_of_action__name")
    )
    by_area = list(qs.values("area__name").annotate(n=Count("id")).order_by("-n", "area__name"))
    return {"by_field": by_field, "by_area": by_area, "total": qs.count()}


def linked_objects(*, contribution: Contribution) -> list[dict[str, Any]]:
    """What became of a contribution: objects of other parts (ideas, needs, recommendations)
    that refer to it. Found through the relations those parts declare, so participation does
    not depend on them."""
    out = []
    for rel in Contribution._meta.related_objects:
        model = rel.related_model
        if model._meta.app_label == "participation" or model.__name__.startswith("Historical"):
            continue
        accessor = rel.get_accessor_name()
        if not accessor:
            continue
        related = getattr(contribution, accessor)
        objs = related.all() if hasattr(related, "all") else [related]
        for obj in objs:
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
            out.append({"kind": model._meta.verbose_name, "object": obj, "url": url})
    return out


def group_names(*, municipality: Municipality) -> list[str]:
    """The steering group and the working groups as a body that decides is named
    ("Steuerungsgruppe …", "Arbeitsgruppe …")."""
    steering = [g.name for g in SteeringGroup.objects.filter(municipality=municipality)]
    working = [
        name if name.lower().startswith(("arbeitsgruppe", "ag ")) else f"Arbeitsgruppe {name}"
        for name in WorkingGroup.objects.filter(municipality=municipality).values_list(
            "name", flat=True
        )
    ]
    return steering + working


def working_group_recommendations(*, group: WorkingGroup) -> list[Any]:
    """The concept's recommendations drafted by this group, through the relation the concept
    declares (``Recommendation.working_group``), so participation does not import it."""
    return list(group.recommendations.order_by("pk")[:100])


def reach(*, municipality: Municipality) -> dict[str, Any]:
    """Who was reached: answers by language and channel, contributions by channel and area,
    and, where the data basis provides it, the population of the areas."""
    responses = Response.objects.filter(survey__municipality=municipality)
    by_language = list(responses.values("language").annotate(n=Count("id")).order_by("-n"))
    for row in by_language:
        row["name"] = SURVEY_LANGUAGES.get(row["language"], (row["language"], False))[0]
    contributions = Contribution.objects.filter(municipality=municipality)
    by_channel = list(contributions.values("channel").annotate(n=Count("id")).order_by("-n"))
    area_answers = {
        r["choice"]: r["n"]
        for r in Answer.objects.filter(
            question__survey__municipality=municipality, question__kind=QuestionKind.AREA
        )
        .values("choice")
        .annotate(n=Count("id"))
    }
    events = Event.objects.filter(municipality=municipality)
    event_people = {
        r["area__key"]: r["n"] or 0
        for r in events.exclude(area__isnull=True).values("area__key").annotate(n=Count("id"))
    }
    population = _population_by_area(municipality=municipality)
    rows = []
    for key, name in area_choices(municipality=municipality):
        rows.append(
            {
                "key": key,
                "name": name,
                "answers": area_answers.get(key, 0),
                "events": event_people.get(key, 0),
                "population": population.get(key) if population else None,
            }
        )
    total_answers = sum(r["answers"] for r in rows)
    total_pop = sum(r["population"] or 0 for r in rows) if population else 0
    for r in rows:
        r["share_answers"] = (r["answers"] / total_answers * 100) if total_answers else None
        r["share_population"] = (
            (r["population"] / total_pop * 100)
            if population and total_pop and r["population"]
            else None
        )
        r["gap"] = (
            r["share_answers"] - r["share_population"]
            if r["share_answers"] is not None and r["share_population"] is not None
            else None
        )
    return {
        "responses": responses.count(),
        "by_language": by_language,
        "by_channel": by_channel,
        "areas": rows,
        "has_population": bool(population),
        "participants": sum(e or 0 for e in events.values_list("participants", flat=True)),
    }


def _population_by_area(*, municipality: Municipality) -> dict[str, int]:
    """Residents per top-level area from the data basis (statistics), where it has them."""
    areas = list(
        Area.objects.filter(municipality=municipality, parent__isnull=True).defer("geometry")
    )
    shown = population_by_area(municipality=municipality, areas=areas)
    return {
        a.key: int(value)
        for a in areas
        if a.pk in shown and (value := shown[a.pk].value) is not None
    }


def report_facts(*, municipality: Municipality) -> dict[str, Any]:
    """What the documents tell of participation: the events (by date), the surveys with their
    number of responses ``n``, the working groups with their number of meetings
    ``meetings_n``, and the number of recorded contributions."""
    return {
        "events": list(Event.objects.filter(municipality=municipality).order_by("date")),
        "surveys": list(
            Survey.objects.filter(municipality=municipality)
            .annotate(n=Count("responses"))
            .order_by("opens_at", "pk")
        ),
        "working_groups": list(
            WorkingGroup.objects.filter(municipality=municipality)
            .select_related("field_of_action")
            .annotate(meetings_n=Count("meetings", distinct=True))
            .order_by("name")
        ),
        "contributions": Contribution.objects.filter(municipality=municipality).count(),
    }
