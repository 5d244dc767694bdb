"""Every file importer of Teilhabe behind one signature, each with a small valid table.

A runner takes the bytes and the file name and returns ``(ok, errors, rows)``; it never writes.
Runners that look up fields of action, areas or actors need the ``world`` of conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tests.reliability.hostile import Table

Outcome = tuple[bool, list[str], int]


@dataclass
class Parser:
    table: Table
    text_col: int  # a free-text column (names, titles)
    number_col: int  # a numeric column
    run: Callable[[Any, bytes, str], Outcome]  # (world, data, filename)
    needs_db: bool = False
    expected: int = 2  # rows (values) the valid table gives


def _koeln(world: Any, data: bytes, filename: str) -> Outcome:
    from teilhabe.statistics.importers.koeln import parse_koeln

    r = parse_koeln(data, filename=filename)
    return r.ok, r.errors, len(r.rows)


def _genesis(world: Any, data: bytes, filename: str) -> Outcome:
    from teilhabe.statistics.importers.genesis import parse_genesis

    r = parse_genesis(data, filename=filename)
    return r.ok, r.errors, len(r.rows)


def _ffcsv(world: Any, data: bytes, filename: str) -> Outcome:
    from teilhabe.statistics.importers.ffcsv import parse_ffcsv

    r = parse_ffcsv(data, filename=filename)
    return r.ok, r.errors, len(r.rows)


def _table(world: Any, data: bytes, filename: str) -> Outcome:
    from teilhabe.statistics.importers.table import TableMapping, parse_table

    mapping = TableMapping(
        key_column=0, name_column=1, value_columns={2: "einwohner"}, period=date(2024, 12, 31)
    )
    r = parse_table(data, mapping=mapping, filename=filename)
    return r.ok, r.errors, len(r.rows)


def _index(world: Any, data: bytes, filename: str) -> Outcome:
    from teilhabe.statistics.importers.index import IndexMapping, parse_index

    mapping = IndexMapping(key_column=0, name_column=1, status_column=2, status_class_column=3)
    r = parse_index(data, mapping=mapping, filename=filename)
    return r.ok, r.errors, len(r.results)


SQUARE = {
    "type": "Polygon",
    "coordinates": [[[6.95, 50.90], [7.00, 50.90], [7.00, 50.95], [6.95, 50.95], [6.95, 50.90]]],
}


def _zensus(world: Any, data: bytes, filename: str) -> Outcome:
    from teilhabe.statistics.importers.zensus import parse_zensus_grid

    r = parse_zensus_grid(data, areas=[("101", "Altstadt/Süd", SQUARE)], filename=filename)
    return r.ok, r.errors, len(r.rows)


def inventory_offer(world: Any) -> Any:
    """The actor and offer the usage table refers to."""
    from teilhabe.inventory.models import Actor, Offer

    actor, _ = Actor.objects.get_or_create(
        municipality=world.municipality, name="Sprachtreff Süd e. V.", defaults={"kind": "verein"}
    )
    offer, _ = Offer.objects.get_or_create(
        municipality=world.municipality,
        actor=actor,
        title="Sprachcafé",
        defaults={"form": "gruppe"},
    )
    return offer


def _inventory(kind: str) -> Callable[[Any, bytes, str], Outcome]:
    def run(world: Any, data: bytes, filename: str) -> Outcome:
        from teilhabe.inventory.spreadsheets import parse_spreadsheet

        if kind == "usage":
            inventory_offer(world)

        r = parse_spreadsheet(data, kind=kind, filename=filename, municipality=world.municipality)
        return r.ok, r.errors, len(r.rows)

    return run


def _measures(world: Any, data: bytes, filename: str) -> Outcome:
    from teilhabe.concept.imports import parse_measures

    r = parse_measures(municipality=world.municipality, data=data, filename=filename)
    return r.ok, r.errors, len(r.rows)


def _previous(world: Any, data: bytes, filename: str) -> Outcome:
    from teilhabe.concept.imports import parse_previous_measures

    r = parse_previous_measures(data=data, filename=filename)
    return r.ok, r.errors, len(r.rows)


PARSERS: dict[str, Parser] = {
    "statistics_koeln": Parser(
        [
            ["id", "tab_id", "tabelle", "jahr", "raum_id", "raum", "zei_id", "zeile", "zahl"],
            ["1", "005", "Einwohner", "2022", "101", "Altstadt/Süd", "01", "insgesamt", "27000"],
            ["2", "005", "Einwohner", "2022", "102", "Neustadt/Süd", "01", "insgesamt", "38000"],
        ],
        5,
        8,
        _koeln,
    ),
    "statistics_genesis": Parser(
        [
            ["GENESIS-Tabelle: 12411-0015", "", "", ""],
            ["Bevölkerung: Kreise, Stichtag", "", "", ""],
            ["", "", "Stichtag", ""],
            ["", "", "31.12.2022", ""],
            ["", "", "männlich", "weiblich"],
            ["05315", "Köln, kreisfreie Stadt", "421003", "448112"],
            ["05", "Nordrhein-Westfalen", "7123456", "7400111"],
        ],
        1,
        2,
        _genesis,
        expected=4,
    ),
    "statistics_ffcsv": Parser(
        [
            [
                "statistics_code",
                "statistics_label",
                "time_code",
                "time_label",
                "time",
                "1_variable_code",
                "1_variable_label",
                "1_variable_attribute_code",
                "1_variable_attribute_label",
                "value",
                "value_unit",
                "value_variable_code",
                "value_variable_label",
                "value_q",
            ],
            [
                "12411",
                "Bevölkerung",
                "STAG",
                "Stichtag",
                "2022-12-31",
                "GEMEINDE",
                "Gemeinden",
                "05315000",
                "Köln",
                "869115",
                "Anzahl",
                "BEVSTD",
                "Bevölkerungsstand",
                "e",
            ],
            [
                "12411",
                "Bevölkerung",
                "STAG",
                "Stichtag",
                "2022-12-31",
                "DLAND",
                "Land",
                "05",
                "NRW",
                "17890100",
                "Anzahl",
                "BEVSTD",
                "Bevölkerungsstand",
                "e",
            ],
        ],
        8,
        9,
        _ffcsv,
    ),
    "statistics_table": Parser(
        [
            ["Schlüssel", "Stadtteil", "Einwohner"],
            ["101", "Altstadt/Süd", "27000"],
            ["102", "Neustadt/Süd", "38000"],
        ],
        1,
        2,
        _table,
    ),
    "statistics_index": Parser(
        [
            ["Schlüssel", "Stadtteil", "Statusindex", "Statusklasse"],
            ["101", "Altstadt/Süd", "0,5", "2"],
            ["102", "Neustadt/Süd", "-1,2", "4"],
        ],
        1,
        2,
        _index,
    ),
    "statistics_zensus": Parser(
        [
            ["GITTER_ID_100m", "x_mp_100m", "y_mp_100m", "Einwohner"],
            ["CRS3035RES100mN3087400E4108800", "4108850", "3087450", "12"],
            ["CRS3035RES100mN3087500E4108800", "4108850", "3087550", "7"],
        ],
        0,
        3,
        _zensus,
        expected=1,
    ),
    "inventory_actors": Parser(
        [
            ["Name", "Art", "Handlungsfelder", "Beschreibung"],
            ["Sprachtreff Süd e. V.", "Verein", "Sprache", "Treff"],
            ["Bildungswerk", "Verein", "Sprache", "Kurse"],
        ],
        0,
        3,
        _inventory("actors"),
        needs_db=True,
    ),
    "inventory_usage": Parser(
        [
            ["Akteur", "Angebot", "Zeitraum von", "Zeitraum bis", "Teilnehmende", "Anmerkung"],
            ["Sprachtreff Süd e. V.", "Sprachcafé", "01.01.2024", "31.12.2024", "120", "gut"],
        ],
        5,
        4,
        _inventory("usage"),
        needs_db=True,
        expected=1,
    ),
    "concept_measures": Parser(
        [
            ["Nummer", "Titel", "Handlungsfelder", "Betrag pro Jahr (EUR)"],
            ["SP-1", "Sprachcafé", "Sprache", "1200"],
            ["SP-2", "Elterncafé", "Sprache", "800"],
        ],
        1,
        3,
        _measures,
        needs_db=True,
    ),
    "concept_previous": Parser(
        [
            ["Nummer", "Titel", "Handlungsfeld", "Stand"],
            ["A-1", "Sprachcafé", "Sprache", "umgesetzt"],
            ["A-2", "Lotsen", "Sprache", "12"],
        ],
        1,
        3,
        _previous,
    ),
}
