"""Hypothesis round trips: generated measures, offers and datasets, exported and imported
again, give the same data (formula-like texts, umlauts, quotes, separators included)."""

from __future__ import annotations

import io
import os
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = settings(
    max_examples=int(os.environ.get("TEILHABE_ROUNDTRIP_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

# Texts as people type them: letters with umlauts, digits, punctuation (also ; , " and
# formula starts = + - @), no control characters. Not: leading/trailing blanks (cells are
# trimmed), bidirectional overrides (removed on import), a leading apostrophe before a
# formula sign (it is the export's escape and is taken off again).
_ALPHABET = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
    blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00a0",
)
TEXT = (
    st.text(_ALPHABET, min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda t: bool(t) and not t.startswith("'"))
)
FORMULAISH = st.sampled_from(
    ['=HYPERLINK("http://x.example";"x")', "+cmd|' /C calc'!A0", "-1+1", "@SUMME(A1)"]
)
DAY = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


def _rolled_back(test):  # type: ignore[no-untyped-def]
    """Run every example in a transaction that is rolled back, so examples do not meet."""

    def run(*args, **kwargs):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    run.__name__ = test.__name__
    return run


# --- offers (inventory) -------------------------------------------------------------------------

OFFER = st.fixed_dictionaries(
    {
        "title": st.one_of(TEXT, FORMULAISH),
        "description": st.one_of(st.just(""), TEXT, FORMULAISH),
        "schedule": st.one_of(st.just(""), TEXT),
        "fee": st.one_of(st.just(""), TEXT),
        "capacity": st.one_of(st.none(), st.integers(1, 100_000)),
        "step_free": st.booleans(),
        "childcare": st.booleans(),
        "form": st.sampled_from(["kurs", "beratung", "gruppe", "veranstaltung", "online"]),
        "start_date": st.one_of(st.none(), DAY),
    }
)
OFFER_FIELDS = [
    "title",
    "description",
    "schedule",
    "fee",
    "capacity",
    "step_free",
    "childcare",
    "form",
    "start_date",
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@EXAMPLES
@given(offers=st.lists(OFFER, min_size=1, max_size=4, unique_by=lambda o: o["title"].lower()))
def test_offers_export_import_round_trip(mini_world, fmt, offers):
    _offers_round_trip(mini_world, fmt, offers)


@_rolled_back
def _offers_round_trip(world, fmt, offers):  # type: ignore[no-untyped-def]
    from teilhabe.core.models import FieldOfAction
    from teilhabe.inventory.models import Actor, Offer
    from teilhabe.inventory.spreadsheets import (
        export_csv,
        export_xlsx,
        parse_spreadsheet,
        spreadsheet_import,
    )

    municipality = world.municipality
    field = FieldOfAction.objects.get(municipality=municipality, name="Sprache")
    actor = Actor.objects.create(municipality=municipality, name="Sprachtreff Süd", kind="verein")
    for values in offers:
        offer = Offer.objects.create(municipality=municipality, actor=actor, **values)
        offer.fields_of_action.set([field])
    before = sorted(
        tuple(Offer.objects.filter(pk=o.pk).values_list(*OFFER_FIELDS).get())
        for o in Offer.objects.filter(municipality=municipality)
    )
    data = (export_xlsx if fmt == "xlsx" else export_csv)("offers", municipality)
    Offer.objects.filter(municipality=municipality).delete()
    parsed = parse_spreadsheet(
        data, kind="offers", filename=f"angebote.{fmt}", municipality=municipality
    )
    assert parsed.ok, parsed.errors[:3]
    spreadsheet_import(result=parsed, municipality=municipality)
    after = sorted(
        tuple(Offer.objects.filter(pk=o.pk).values_list(*OFFER_FIELDS).get())
        for o in Offer.objects.filter(municipality=municipality)
    )
    assert after == before
    assert all(
        list(o.fields_of_action.all()) == [field]
        for o in Offer.objects.filter(municipality=municipality)
    )


# --- measures (concept) -------------------------------------------------------------------------

MEASURE = st.fixed_dictionaries(
    {
        "title": st.one_of(TEXT, FORMULAISH),
        "description": st.one_of(st.just(""), TEXT, FORMULAISH),
        "start_date": st.one_of(st.none(), DAY),
        "annual_amount": st.one_of(
            st.none(), st.decimals(min_value=0, max_value=10_000_000, places=2)
        ),
        "budget_year": st.one_of(st.none(), st.integers(2000, 2040)),
    }
)
MEASURE_FIELDS = ["number", "title", "description", "start_date", "annual_amount", "budget_year"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@EXAMPLES
@given(measures=st.lists(MEASURE, min_size=1, max_size=4))
def test_measures_export_import_round_trip(mini_world, fmt, measures):
    _measures_round_trip(mini_world, fmt, measures)


@_rolled_back
def _measures_round_trip(world, fmt, measures):  # type: ignore[no-untyped-def]
    from teilhabe.concept import imports, services, spreadsheets
    from teilhabe.concept.models import Measure
    from teilhabe.core.models import FieldOfAction

    municipality = world.municipality
    field = FieldOfAction.objects.get(municipality=municipality, name="Sprache")
    for i, values in enumerate(measures, start=1):
        services.measure_save(
            measure=Measure(municipality=municipality, number=f"SP-{i}", **values),
            expected_version=None,
            m2m={"fields": [field]},
        )

    def snapshot() -> list[tuple]:
        return sorted(
            Measure.objects.filter(municipality=municipality).values_list(*MEASURE_FIELDS)
        )

    before = snapshot()
    rows = spreadsheets.measure_rows(
        list(Measure.objects.filter(municipality=municipality).order_by("number"))
    )
    headers = [label for _k, label in spreadsheets.MEASURE_COLUMNS]
    data = (
        spreadsheets.write_xlsx(sheets=[("Maßnahmen", headers, rows)])
        if fmt == "xlsx"
        else spreadsheets.write_csv(headers=headers, rows=rows)
    )
    Measure.objects.filter(municipality=municipality).delete()
    parsed = imports.parse_measures(
        municipality=municipality, data=data, filename=f"massnahmen.{fmt}"
    )
    assert parsed.ok, parsed.errors[:3]
    imports.measures_import(municipality=municipality, parsed=parsed)
    after = snapshot()
    normalise = [
        tuple(Decimal(v).quantize(Decimal("0.01")) if isinstance(v, Decimal) else v for v in r)
        for r in after
    ]
    assert normalise == before


# --- datasets (statistics) ----------------------------------------------------------------------

VALUE = st.one_of(
    st.none(),
    st.integers(0, 10_000_000).map(float),
    st.decimals(min_value=0, max_value=1_000_000, places=1).map(float),
)


def _english(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _german(value: float) -> str:
    """1234567.5 → "1.234.567,5" as GENESIS and Excel on German systems write it."""
    text = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@EXAMPLES
@given(
    # At least one number: a table of symbols only is not recognised as a table of values.
    values=st.lists(VALUE, min_size=1, max_size=12).filter(lambda v: any(x is not None for x in v)),
    german=st.booleans(),
    year=st.integers(1990, 2040),
)
def test_dataset_export_import_round_trip(mini_world, values, german, year):
    _dataset_round_trip(mini_world, values, german, year)


@_rolled_back
def _dataset_round_trip(world, values, german, year):  # type: ignore[no-untyped-def]
    """Observations written as a table (the form the statistics offices deliver and Teilhabe
    reads), imported, read back from the database: same keys, periods, values and gaps."""
    from teilhabe.statistics.importers.table import TableMapping
    from teilhabe.statistics.models import Observation
    from teilhabe.statistics.services import dataset_import
    from tests.reliability.hostile import to_csv, to_xlsx

    table = [["Schlüssel", "Stadtteil", "Einwohner"]]
    for i, value in enumerate(values):
        cell = "." if value is None else (_german(value) if german else _english(value))
        table.append([f"{101 + i:03d}", f"Gebiet {i}", cell])
    data = to_csv(table).encode("cp1252") if german else to_xlsx(table)
    mapping = TableMapping(
        key_column=0, name_column=1, value_columns={2: "einwohner"}, period=date(year, 12, 31)
    )
    dataset_import(
        municipality=world.municipality,
        data=data,
        filename="tabelle.csv" if german else "tabelle.xlsx",
        fmt="table",
        user=None,
        mapping=mapping,
    )
    stored = {
        o.region_key: (o.value, o.flag, o.period)
        for o in Observation.objects.filter(municipality=world.municipality)
    }
    expected = {
        f"{101 + i:03d}": (value, "" if value is not None else ".", date(year, 12, 31))
        for i, value in enumerate(values)
    }
    assert stored == expected


def test_german_number_writer():
    assert _german(1234567.5) == "1.234.567,5" and _german(12.0) == "12"
    assert io  # keeps the import used by the helpers above
