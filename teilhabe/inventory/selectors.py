"""Reads of the inventory, always scoped to a municipality (and its federation for actors)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Lower
from django.utils.translation import gettext as _

from teilhabe.core.models import Area, FieldOfAction, Municipality
from teilhabe.inventory.models import (
    Actor,
    ActorNote,
    ChangeStatus,
    Offer,
    OfferLocation,
    OfferStatus,
    SurveyInvitation,
    SurveyRound,
    TargetGroup,
    Usage,
    address_text,
    area_names_text,
    location_label,
)
from teilhabe.statistics import selectors as statistics


def federation_ids(municipality: Municipality) -> list[int]:
    """The tenants that share actors with ``municipality``: its county and the county's towns,
    or, for a county, itself and its towns. A municipality without a federation: itself."""
    head_id = municipality.parent_id or (
        municipality.pk if municipality.is_federation_head else None
    )
    if head_id is None:
        return [municipality.pk]
    members = list(Municipality.objects.filter(parent_id=head_id).values_list("pk", flat=True))
    return [head_id, *members]


def area_kinds(*, municipality: Municipality) -> list[str]:
    """The kinds of area the municipality has (district, quarter, ...), sorted."""
    return sorted(
        set(Area.objects.filter(municipality=municipality).values_list("kind", flat=True))
    )


def actors_visible(*, municipality: Municipality) -> QuerySet[Actor]:
    """Own actors and the federation's shared actors; merged duplicates are left out."""
    ids = federation_ids(municipality)
    return (
        Actor.objects.filter(
            Q(municipality=municipality) | Q(municipality_id__in=ids, shared_in_federation=True),
            merged_into__isnull=True,
        )
        .select_related("municipality", "area")
        .defer("area__geometry")
        .prefetch_related("fields_of_action")
    )


def actors_as_choices(actors: QuerySet[Actor]) -> QuerySet[Actor]:
    """``actors`` with their names only, for a choice field: no areas, fields or prefetches."""
    return actors.select_related(None).prefetch_related(None).only("pk", "name", "municipality")


def actor_get(*, municipality: Municipality, pk: int) -> Actor | None:
    """An actor visible to the municipality, including merged ones (their page stays)."""
    ids = federation_ids(municipality)
    return (
        Actor.objects.filter(
            Q(municipality=municipality) | Q(municipality_id__in=ids, shared_in_federation=True),
            pk=pk,
        )
        .select_related("municipality", "area", "merged_into", "org_unit")
        .first()
    )


def actor_note(*, actor: Actor, municipality: Municipality) -> ActorNote | None:
    return ActorNote.objects.filter(actor=actor, municipality=municipality).first()


@dataclass
class ActorFilter:
    q: str = ""
    kind: str = ""
    field: int | None = None
    language: str = ""
    scope: str = ""  # "", "own", "shared"


def actors_filtered(*, municipality: Municipality, flt: ActorFilter) -> list[Actor]:
    qs = actors_visible(municipality=municipality).annotate(
        offer_count=Count(
            "offers",
            filter=Q(offers__municipality=municipality, offers__merged_into__isnull=True),
            distinct=True,
        )
    )
    if flt.q:
        qs = qs.filter(Q(name__icontains=flt.q) | Q(description__icontains=flt.q))
    if flt.kind:
        qs = qs.filter(kind=flt.kind)
    if flt.field:
        qs = qs.filter(fields_of_action=flt.field)
    if flt.scope == "own":
        qs = qs.filter(municipality=municipality)
    elif flt.scope == "shared":
        qs = qs.filter(shared_in_federation=True)
    if flt.language:
        qs = qs.filter(json_list_has("languages", flt.language))
    return list(qs.distinct().order_by("name"))


def json_list_has(field_name: str, *values: str) -> Q:
    """JSON list membership in SQL, portable across SQLite and PostgreSQL: the code stands
    quoted inside the stored list, so ``"de"`` never matches inside another code."""
    found = Q()
    for value in values:
        found |= Q(**{f"{field_name}__icontains": f'"{value}"'})
    return found


@dataclass
class OfferFilter:
    q: str = ""
    field: int | None = None
    target_group: str = ""
    language: str = ""
    area: int | None = None
    status: str = ""
    form: str = ""
    actor: int | None = None


# The areas' geometries stay in the database: lists need names and the hierarchy only, and
# loading a polygon for each of thousands of locations made long offer lists slow.
LOCATIONS = Prefetch(
    "locations",
    queryset=OfferLocation.objects.select_related("area__parent__parent")
    .defer("area__geometry", "area__parent__geometry", "area__parent__parent__geometry")
    .order_by("position", "pk"),
)


def offers_for_municipality(*, municipality: Municipality) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(municipality=municipality, merged_into__isnull=True)
        .select_related("actor")
        .prefetch_related("fields_of_action", LOCATIONS)
    )


def offer_area_ids(offer: Offer) -> set[int]:
    """The areas of all the offer's locations."""
    return {loc.area_id for loc in offer.locations.all() if loc.area_id}


def _sort_key(value: Any) -> tuple[int, Any]:
    """Empty values last, text case-insensitive."""
    if value is None or value == "":
        return (1, "")
    if isinstance(value, str):
        return (0, value.casefold())
    return (0, value)


def sort_items(
    items: list[Any], *, sort: str, keys: dict[str, Any], default: str
) -> tuple[list[Any], str, str]:
    """Sort a list by one of ``keys`` (name → function of an item); ``sort`` is the column,
    with a leading "-" for descending. Returns the items, the column and the direction."""
    descending = sort.startswith("-")
    column = sort.lstrip("-")
    if column not in keys:
        column, descending = default, False
    key = keys[column]
    present = [i for i in items if key(i) not in (None, "")]
    missing = [i for i in items if key(i) in (None, "")]
    present.sort(key=lambda i: _sort_key(key(i)), reverse=descending)
    return present + missing, column, "desc" if descending else "asc"


def offers_matching(
    qs: QuerySet[Offer],
    *,
    q: str = "",
    field: int | None = None,
    area: int | None = None,
    target_group: str = "",
    language: str = "",
    form: str = "",
    status: str = "",
    actor: int | None = None,
) -> QuerySet[Offer]:
    """The offers of ``qs`` that match every given criterion, all in SQL (the workspace's list
    and map, the portal and the API filter alike). Fields of action and areas are matched with
    subqueries, so an offer appears once without DISTINCT and the database can sort and page."""
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(actor__name__icontains=q)
        )
    if field:
        qs = qs.filter(
            pk__in=Offer.fields_of_action.through.objects.filter(fieldofaction_id=field).values(
                "offer_id"
            )
        )
    if area:
        # An area filter finds offers in the area and in the areas below it (three levels).
        qs = qs.filter(
            pk__in=OfferLocation.objects.filter(
                Q(area_id=area) | Q(area__parent_id=area) | Q(area__parent__parent_id=area)
            ).values("offer_id")
        )
    if target_group:
        qs = qs.filter(json_list_has("target_groups", target_group, TargetGroup.ALL))
    if language:
        qs = qs.filter(json_list_has("languages", language))
    if form:
        qs = qs.filter(form=form)
    if status:
        qs = qs.filter(status=status)
    if actor:
        qs = qs.filter(actor_id=actor)
    return qs


OFFER_LIST_FIELDS = (
    "title",
    "form",
    "status",
    "capacity",
    "target_groups",
    "languages",
    "municipality_id",
    "actor__name",
)


def offers_query(*, municipality: Municipality, flt: OfferFilter) -> QuerySet[Offer]:
    """The offers matching ``flt``, by title, with actor, fields of action and locations."""
    return offers_matching(
        offers_for_municipality(municipality=municipality),
        q=flt.q,
        field=flt.field,
        area=flt.area,
        target_group=flt.target_group,
        language=flt.language,
        form=flt.form,
        status=flt.status,
        actor=flt.actor,
    ).order_by(Lower("title"), "pk")


def offers_filtered(*, municipality: Municipality, flt: OfferFilter) -> list[Offer]:
    return list(offers_query(municipality=municipality, flt=flt))


def _first_area_name() -> Subquery:
    return Subquery(
        OfferLocation.objects.filter(offer_id=OuterRef("pk"), area__isnull=False)
        .order_by("position", "pk")
        .values("area__name")[:1]
    )


# The sortable columns of the offer list; ties are broken by title. Areas sort by the first
# location's area, the one the list shows first.
OFFER_SORTS: dict[str, Any] = {
    "titel": lambda: Lower("title"),
    "akteur": lambda: Lower("actor__name"),
    "gebiet": lambda: Lower(_first_area_name()),
    "status": lambda: Case(
        *(When(status=value, then=Value(i)) for i, value in enumerate(OfferStatus.values)),
        default=Value(len(OfferStatus.values)),
    ),
    "plaetze": lambda: F("capacity"),
}


def offers_page_query(
    *, municipality: Municipality, flt: OfferFilter, sort: str
) -> tuple[QuerySet[Offer], str, str]:
    """The offer list in the database: filtered and sorted by ``sort`` (a column of
    ``OFFER_SORTS``, "-" for descending, empty values last), loading only the columns the
    list shows; the page's fields of action and locations come from ``offers_complete``.
    Returns the query, the column and the direction."""
    descending = sort.startswith("-")
    column = sort.lstrip("-")
    if column not in OFFER_SORTS:
        column, descending = "titel", False
    expression = OFFER_SORTS[column]()
    order = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    qs = (
        offers_query(municipality=municipality, flt=flt)
        .prefetch_related(None)
        .only(*OFFER_LIST_FIELDS)
        .order_by(order, Lower("title"), "pk")
    )
    return qs, column, "desc" if descending else "asc"


def offers_complete(offers: list[Offer]) -> list[Offer]:
    """Load the fields of action and locations of offers from ``offers_page_query``."""
    prefetch_related_objects(offers, "fields_of_action", LOCATIONS)
    return offers


def offer_get(*, municipality: Municipality, pk: int) -> Offer | None:
    return (
        Offer.objects.filter(municipality=municipality, pk=pk)
        .select_related("actor", "merged_into")
        .prefetch_related(LOCATIONS)
        .first()
    )


def usage_filtered(
    *, municipality: Municipality, year: int | None = None, field: int | None = None, q: str = ""
) -> list[Usage]:
    """Usage records of the municipality's offers (merged duplicates left out)."""
    qs = Usage.objects.filter(
        offer__municipality=municipality, offer__merged_into__isnull=True
    ).select_related("offer__actor")
    if year:
        qs = qs.filter(period_start__year=year)
    if field:
        qs = qs.filter(offer__fields_of_action=field)
    if q:
        qs = qs.filter(Q(offer__title__icontains=q) | Q(offer__actor__name__icontains=q))
    return list(qs.distinct())


def usage_for_offer(*, offer: Offer) -> QuerySet[Usage]:
    return offer.usages.order_by("-period_start")


# --- publication --------------------------------------------------------------------------


def published_actors(*, municipality: Municipality) -> QuerySet[Actor]:
    """Only actors with a recorded publication approval (for the portal and the API)."""
    return actors_visible(municipality=municipality).filter(published_at__isnull=False)


def published_offers(*, municipality: Municipality) -> QuerySet[Offer]:
    """Only approved offers of approved actors, not ended."""
    return (
        offers_for_municipality(municipality=municipality)
        .filter(published_at__isnull=False, actor__published_at__isnull=False)
        .exclude(status=OfferStatus.ENDED)
    )


# --- gap view -----------------------------------------------------------------------------


@dataclass
class Cell:
    offers: int = 0
    capacity: int = 0
    usage: int = 0
    population: int | None = None

    def _rate(self, count: int) -> float | None:
        if not self.population:
            return None
        return round(count * 1000 / self.population, 2)

    @property
    def places_per_1000(self) -> float | None:
        return self._rate(self.capacity)

    @property
    def usage_per_1000(self) -> float | None:
        return self._rate(self.usage)


@dataclass
class GapMatrix:
    rows: list[FieldOfAction]
    columns: list[tuple[str, str]]  # (key, label)
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)
    year: int | None = None
    population_source: str = ""
    # What the per-1,000 rates refer to: "total" (all residents of the area) or "" (none).
    population_basis: str = ""
    town_offers: list[Offer] = field(default_factory=list)

    def cell(self, row: FieldOfAction, column_key: str) -> Cell:
        return self.cells.get((row.pk, column_key), Cell())

    def table(self) -> list[tuple[FieldOfAction, list[tuple[str, Cell]]]]:
        return [(r, [(key, self.cell(r, key)) for key, _l in self.columns]) for r in self.rows]

    @property
    def empty_count(self) -> int:
        return sum(1 for r in self.rows for key, _l in self.columns if not self.cell(r, key).offers)


def _usage_by_offer(offer_ids: list[int] | QuerySet[Any], year: int | None) -> dict[int, int]:
    if year is None:
        return {}
    rows = (
        Usage.objects.filter(offer_id__in=offer_ids, period_start__year=year)
        .values("offer_id")
        .annotate(total=Sum("participants"))
    )
    return {r["offer_id"]: r["total"] or 0 for r in rows}


def usage_years(*, municipality: Municipality) -> list[int]:
    years = Usage.objects.filter(offer__municipality=municipality).dates("period_start", "year")
    return sorted({d.year for d in years}, reverse=True)


def gap_areas(*, municipality: Municipality, level: str) -> list[Area]:
    areas = Area.objects.filter(municipality=municipality).defer("geometry")
    if level:
        return list(areas.filter(kind=level).order_by("key"))
    return list(areas.filter(parent__isnull=True).order_by("key"))


def _gap_offers(municipality: Municipality) -> QuerySet[Offer]:
    """The offers the gap view counts (not ended, no merged duplicates), for values() queries."""
    return (
        offers_for_municipality(municipality=municipality)
        .prefetch_related(None)
        .exclude(status=OfferStatus.ENDED)
    )


def _offer_fields(offer_ids: QuerySet[Any], *columns: str) -> QuerySet[Any]:
    """(offer id, field of action id, *offer columns) for each field of action of the offers,
    from the through table: an offer counts only in the rows of its fields."""
    through = Offer.fields_of_action.through.objects.filter(offer_id__in=offer_ids)
    return through.values_list(
        "offer_id", "fieldofaction_id", *(f"offer__{column}" for column in columns)
    )


def _area_columns(
    offer_ids: QuerySet[Any], municipality: Municipality, columns: dict[int, Area]
) -> dict[int, set[int]]:
    """The columns each offer counts in: one per distinct area of its locations, found by
    walking up from the location's area (an offer with two locations in the same borough
    counts once there)."""
    parents = dict(Area.objects.filter(municipality=municipality).values_list("pk", "parent_id"))
    found: dict[int, set[int]] = defaultdict(set)
    rows = OfferLocation.objects.filter(offer_id__in=offer_ids, area__isnull=False).values_list(
        "offer_id", "area_id"
    )
    for offer_id, area_id in rows:
        current: int | None = area_id
        while current is not None:
            if current in columns:
                found[offer_id].add(current)
                break
            current = parents.get(current)
    return found


def _population_by_area(
    municipality: Municipality, areas: list[Area]
) -> tuple[dict[str, int], str]:
    """Residents per area key from the data basis (statistics part), with "Quelle, Stand".
    Values withheld by disclosure control stay out; without a data basis: nothing."""
    found = statistics.population_by_area(municipality=municipality, areas=areas)
    values: dict[str, int] = {}
    sources: set[str] = set()
    for area in areas:
        shown = found.get(area.pk)
        if shown is None or shown.value is None:
            continue
        values[area.key] = int(shown.value)
        dataset = shown.dataset
        sources.add(
            _("Source: %(source)s, as of %(date)s")
            % {
                "source": dataset.source or dataset.title,
                "date": shown.period.strftime("%d.%m.%Y"),
            }
        )
    return values, "; ".join(sorted(sources))


def town_offers_for_county(*, county: Municipality) -> list[Offer]:
    """The county's towns' offers the county may count: only those approved for publication
    or shared with the county by the town. Towns' drafts stay private."""
    if not county.is_federation_head:
        return []
    return list(
        Offer.objects.filter(municipality__parent=county, merged_into__isnull=True)
        .filter(Q(published_at__isnull=False) | Q(shared_in_federation=True))
        .exclude(status=OfferStatus.ENDED)
        .select_related("actor", "municipality")
        .prefetch_related("fields_of_action", LOCATIONS)
        .order_by("municipality__name", "title")
    )


def _town_area(county_areas: dict[str, Area], town: Municipality) -> Area | None:
    """The county's area standing for a town: keyed by the town's ARS, else by its name."""
    return county_areas.get(town.ars) or county_areas.get(town.name.casefold())


def _county_areas(county: Municipality) -> dict[str, Area]:
    out: dict[str, Area] = {}
    areas = (
        Area.objects.filter(municipality=county)
        .select_related("parent__parent")
        .defer("geometry", "parent__geometry", "parent__parent__geometry")
    )
    for area in areas:
        out[area.key] = area
        out.setdefault(area.name.casefold(), area)
    return out


def _county_fields(offer: Offer, rows: list[FieldOfAction]) -> list[FieldOfAction]:
    """A town's fields of action are its own records; they match the county's by name."""
    by_name = {f.name.casefold(): f for f in rows}
    found = [by_name.get(f.name.casefold()) for f in offer.fields_of_action.all()]
    return [f for f in found if f is not None]


def _add(cell: Cell, offer_id: int, capacity: int | None, usage: dict[int, int]) -> None:
    cell.offers += 1
    cell.capacity += capacity or 0
    cell.usage += usage.get(offer_id, 0)


def gap_matrix_by_area(
    *,
    municipality: Municipality,
    level: str = "",
    year: int | None = None,
    include_towns: bool = False,
) -> GapMatrix:
    fields = list(FieldOfAction.objects.filter(municipality=municipality, is_active=True))
    areas = gap_areas(municipality=municipality, level=level)
    by_pk = {a.pk: a for a in areas}
    matrix = GapMatrix(rows=fields, columns=[(str(a.pk), a.name) for a in areas], year=year)
    # Plain values, not model instances: a fixed number of queries for any number of offers.
    offer_ids = _gap_offers(municipality).values("pk")
    usage = _usage_by_offer(offer_ids, year)
    columns_of = _area_columns(offer_ids, municipality, by_pk)
    for pk, field_id, capacity in _offer_fields(offer_ids, "capacity"):
        for column in columns_of.get(pk, ()):
            _add(matrix.cells.setdefault((field_id, str(column)), Cell()), pk, capacity, usage)
    if include_towns:
        towns = town_offers_for_county(county=municipality)
        matrix.town_offers = towns
        usage = _usage_by_offer([o.pk for o in towns], year)
        county_areas = _county_areas(municipality)
        for offer in towns:
            area = _town_area(county_areas, offer.municipality)
            while area is not None and area.pk not in by_pk:
                area = area.parent
            if area is None:
                continue
            for fld in _county_fields(offer, fields):
                cell = matrix.cells.setdefault((fld.pk, str(area.pk)), Cell())
                _add(cell, offer.pk, offer.capacity, usage)
    population, source = _population_by_area(municipality, areas)
    if population:
        matrix.population_source = source
        matrix.population_basis = "total"
        for fld in fields:
            for area in areas:
                cell = matrix.cells.setdefault((fld.pk, str(area.pk)), Cell())
                cell.population = population.get(area.key)
    return matrix


def _population_of_target_group(
    municipality: Municipality, area: Area | None, group: str
) -> tuple[int | None, str]:
    """Residents of a target group from the data basis. The statistics part offers the
    total population only, which is the population of the target group "everyone"; for the
    other target groups there is no figure (None)."""
    if group != TargetGroup.ALL:
        return None, ""
    shown = statistics.population(municipality=municipality, area=area)
    if shown is None or shown.value is None:
        return None, ""
    source = _("Source: %(source)s, as of %(date)s") % {
        "source": shown.dataset.source or shown.dataset.title,
        "date": shown.period.strftime("%d.%m.%Y"),
    }
    return int(shown.value), source


def gap_matrix_by_target_group(
    *,
    municipality: Municipality,
    year: int | None = None,
    area: Area | None = None,
    include_towns: bool = False,
) -> GapMatrix:
    fields = list(FieldOfAction.objects.filter(municipality=municipality, is_active=True))
    matrix = GapMatrix(
        rows=fields, columns=[(v, str(label)) for v, label in TargetGroup.choices], year=year
    )
    # Plain values, not model instances: a fixed number of queries for any number of offers.
    offers = _gap_offers(municipality)
    if area is not None:
        offers = offers.filter(
            pk__in=OfferLocation.objects.filter(
                Q(area=area) | Q(area__parent=area) | Q(area__parent__parent=area)
            ).values("offer_id")
        )
    offer_ids = offers.values("pk")
    usage = _usage_by_offer(offer_ids, year)
    for pk, field_id, capacity, groups in _offer_fields(offer_ids, "capacity", "target_groups"):
        for group in groups or []:
            _add(matrix.cells.setdefault((field_id, group), Cell()), pk, capacity, usage)
    if include_towns:
        towns = town_offers_for_county(county=municipality)
        if area is not None:
            county_areas = _county_areas(municipality)
            towns = [o for o in towns if _town_area(county_areas, o.municipality) == area]
        matrix.town_offers = towns
        usage = _usage_by_offer([o.pk for o in towns], year)
        for offer in towns:
            for group in offer.target_groups or []:
                for fld in _county_fields(offer, fields):
                    cell = matrix.cells.setdefault((fld.pk, group), Cell())
                    _add(cell, offer.pk, offer.capacity, usage)
    population, source = _population_of_target_group(municipality, area, TargetGroup.ALL)
    if population:
        matrix.population_source = source
        matrix.population_basis = "total"
        for fld in fields:
            matrix.cells.setdefault((fld.pk, TargetGroup.ALL), Cell()).population = population
    return matrix


# --- survey -------------------------------------------------------------------------------


def survey_rounds(*, municipality: Municipality) -> QuerySet[SurveyRound]:
    return SurveyRound.objects.filter(municipality=municipality).annotate(
        sent=Count("invitations", distinct=True),
        answered=Count(
            "invitations", filter=Q(invitations__answered_at__isnull=False), distinct=True
        ),
    )


def survey_invitations(*, survey: SurveyRound) -> QuerySet[SurveyInvitation]:
    return (
        survey.invitations.select_related("actor")
        .annotate(
            pending=Count("changes", filter=Q(changes__status=ChangeStatus.PENDING)),
        )
        .order_by("actor__name")
    )


def actors_without_invitation(
    *, municipality: Municipality, survey: SurveyRound
) -> QuerySet[Actor]:
    invited = survey.invitations.values("actor_id")
    return actors_visible(municipality=municipality).exclude(pk__in=invited)


def offers_of_actor(*, municipality: Municipality, actor: Actor) -> QuerySet[Offer]:
    return (
        offers_for_municipality(municipality=municipality)
        .filter(actor=actor)
        .prefetch_related(Prefetch("usages"))
    )


def offers_map_list(*, offers: QuerySet[Offer], limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` of ``offers`` for the list beside the map: pk, title, actor name,
    area names and languages as plain values in two queries (model instances with their
    prefetched locations cost ~25 ms for 300 offers)."""
    rows = list(
        offers.prefetch_related(None).values("pk", "title", "actor__name", "languages")[:limit]
    )
    names: dict[int, list[str]] = defaultdict(list)
    locations = (
        OfferLocation.objects.filter(offer_id__in=[r["pk"] for r in rows], area__isnull=False)
        .order_by("position", "pk")
        .values_list("offer_id", "area__name")
    )
    for offer_id, name in locations:
        names[offer_id].append(name)
    return [
        {
            "pk": r["pk"],
            "title": r["title"],
            "actor": r["actor__name"],
            "areas": area_names_text(names.get(r["pk"], [])),
            "languages": r["languages"],
        }
        for r in rows
    ]


def map_features(*, offers: QuerySet[Offer]) -> list[dict[str, Any]]:
    """Offer points for the map, in the order of ``offers``: one per location with coordinates;
    an offer without any located place is shown at its actor's address, if that has
    coordinates. Plain values in three queries, however many offers there are."""
    located: dict[int, list[tuple[float, float, str]]] = defaultdict(list)
    # Coordinates cast to float in the query: converting thousands of decimals took ~10 ms.
    for offer_id, venue, street, postcode, city, area_name, lat, lon in (
        OfferLocation.objects.filter(
            offer__in=offers.values("pk"), latitude__isnull=False, longitude__isnull=False
        )
        .order_by("position", "pk")
        .values_list(
            "offer_id",
            "venue",
            "street",
            "postcode",
            "city",
            "area__name",
            Cast("latitude", FloatField()),
            Cast("longitude", FloatField()),
        )
    ):
        label = location_label(
            venue=venue, street=street, postcode=postcode, city=city, area_name=area_name
        )
        located[offer_id].append((lat, lon, label))
    # Actors once each, not once per offer: thousands of offers share a few hundred actors.
    actors: dict[int, tuple[str, list[tuple[float, float, str]]]] = {}
    for actor in Actor.objects.filter(pk__in=offers.values("actor_id")).values(
        "pk", "name", "latitude", "longitude", "street", "postcode", "city"
    ):
        fallback = []
        if actor["latitude"] is not None and actor["longitude"] is not None:
            address = address_text(actor["street"], actor["postcode"], actor["city"])
            fallback = [(float(actor["latitude"]), float(actor["longitude"]), address)]
        actors[actor["pk"]] = (actor["name"], fallback)
    out = []
    for pk, title, actor_id in offers.prefetch_related(None).values_list("pk", "title", "actor_id"):
        actor_name, fallback = actors[actor_id]
        for lat, lon, place in located.get(pk) or fallback:
            out.append(
                {
                    "id": pk,
                    "lat": lat,
                    "lon": lon,
                    "title": title,
                    "actor": actor_name,
                    "area": place,
                }
            )
    return out


def offers_by_area_count(*, offers: list[Offer]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for offer in offers:
        for area_id in offer_area_ids(offer):
            counts[area_id] += 1
    return dict(counts)


# --- for the documents ----------------------------------------------------------------------


def report_facts(*, municipality: Municipality) -> dict[str, Any]:
    """What the documents tell of the inventory: the number of offers (merged duplicates not
    counted), of actors with an offer in the municipality, and per field of action id the
    offers by status (``active``, ``planned``, ``ended``)."""
    offers = offers_for_municipality(municipality=municipality).prefetch_related(None)
    per_field = {
        r["fields_of_action"]: r
        for r in offers.values("fields_of_action").annotate(
            active=Count("pk", filter=Q(status=OfferStatus.ACTIVE), distinct=True),
            planned=Count("pk", filter=Q(status=OfferStatus.PLANNED), distinct=True),
            ended=Count("pk", filter=Q(status=OfferStatus.ENDED), distinct=True),
        )
    }
    return {
        "offers": offers.count(),
        "actors": Actor.objects.filter(offers__municipality=municipality).distinct().count(),
        "per_field": per_field,
    }


def planned_offers(*, municipality: Municipality) -> QuerySet[Offer]:
    """The municipality's planned offers, by title."""
    return (
        offers_for_municipality(municipality=municipality)
        .filter(status=OfferStatus.PLANNED)
        .order_by("title")
    )
