"""Tables as offices really send them: Excel's whole-line quoting and mangled decimals,
cp1252 with tabs, placeholders, areas by name only (with an ambiguous name), total lines named
"Insgesamt" or after the city."""

from __future__ import annotations

from datetime import date

import pytest

from teilhabe.statistics.importers.base import read_sample, split_symbol
from teilhabe.statistics.importers.names import Place, Places, normalise
from teilhabe.statistics.importers.table import (
    TableMapping,
    analyse,
    column_profile,
    guess_period,
    parse_table,
    read_cells,
    table_shape,
)

KOELN = Places(
    municipality_key="053150000000",
    municipality_name="Stadt Köln",
    total_keys={"053150000000", "05315000", "05315"},
    areas=[
        Place("1", "Innenstadt", "stadtbezirk", "Stadtbezirk"),
        Place("101", "Innenstadt", "stadtteil", "Stadtteil"),
        Place("102", "Altstadt/Süd", "stadtteil", "Stadtteil"),
        Place("7", "Porz", "stadtbezirk", "Stadtbezirk"),
        Place("703", "Sankt Georg", "stadtteil", "Stadtteil"),
        Place("901", "Mülheim", "stadtteil", "Stadtteil"),
        Place("902", "Groß-Höhe", "stadtteil", "Stadtteil"),
    ],
)

# Saved by Excel after the file was opened as one column: every line one quoted field, the
# quotes inside doubled, and a decimal torn apart (43",00).
EXCEL_QUOTED = (
    '"Ausländeranteil nach Stadtteilen 2024"\r\n'
    '"Nr.;Stadtteil;Einwohner;Anteil"\r\n'
    '"102;Altstadt/Süd;""1.234"";12,5"\r\n'
    '"703;St. Georg;2.000;43"",00"\r\n'
    '"Insgesamt;;3.234;x"\r\n'
)


def _mapping(**kwargs):
    base = {"key_column": 0, "name_column": 1, "value_columns": {2: "ew", 3: "anteil"}}
    return TableMapping(period=date(2024, 12, 31), **(base | kwargs))


def test_excel_whole_line_quoting_and_torn_decimals_are_repaired_with_a_warning():
    data = EXCEL_QUOTED.encode("cp1252")
    result = parse_table(data, mapping=_mapping(), filename="anteil.csv", places=KOELN)
    assert result.ok, result.errors
    values = {(r.region_key, r.variable): (r.value, r.flag) for r in result.rows}
    assert values[("102", "ew")] == (1234, "")
    assert values[("102", "anteil")] == (12.5, "")
    assert values[("703", "anteil")] == (43.0, "")
    # "Insgesamt" is the municipality's delivered value; "x" stays a symbol, never 0.
    assert values[("053150000000", "ew")] == (3234, "")
    assert values[("053150000000", "anteil")] == (None, "x")
    text = " ".join(result.warnings)
    assert "anteil.csv, Zeile 2, 3, 4, 5" in text and "Excel" in text
    assert 'anteil.csv, Zeile 4, Spalte „Anteil“: „43",00“' in text
    assert "anteil.csv, Zeile 5" in text and "gelieferte Summe" in text


def test_a_quote_that_cannot_be_repaired_is_refused_with_what_to_do():
    data = EXCEL_QUOTED.replace('43"",00', '4""3x').encode("cp1252")
    result = parse_table(data, mapping=_mapping(), filename="anteil.csv", places=KOELN)
    assert not result.ok
    assert result.errors[0].startswith("anteil.csv, Zeile 4, Spalte „Anteil“")
    assert "Excel" in result.errors[0] and "CSV UTF-8" in result.errors[0]


def test_cp1252_tabs_thousands_dots_and_placeholders():
    text = (
        "Bevölkerung am 31.12.2023\n"
        "Schlüssel\tGebiet\tEinwohner\tAusländer\n"
        "102\tAltstadt/Süd\t12.345\t–\n"
        "703\tSt.-Georg\t1.001.200\tX\n"
        "901\tMülheim\t7\t/\n"
        "902\tGroß-Höhe\t.\tk. A.\n"
        "05315000\tKöln\t1.013.552\t.\n"
    )
    data = ("\ufeff" + text).encode("utf-8")
    for encoded in (data, text.encode("cp1252")):
        result = parse_table(encoded, mapping=_mapping(), filename="b.csv", places=KOELN)
        assert result.ok, result.errors
        got = {(r.region_key, r.variable): (r.value, r.flag) for r in result.rows}
        assert got[("102", "ew")] == (12345, "")
        assert got[("102", "anteil")] == (None, "-")
        assert got[("703", "ew")] == (1001200, "")
        assert got[("703", "anteil")] == (None, "x")
        assert got[("901", "anteil")] == (None, "/")
        assert got[("902", "ew")] == (None, ".") and got[("902", "anteil")] == (None, ".")
        # The line with the municipality's key is the total, under the municipality's ARS.
        assert got[("053150000000", "ew")] == (1013552, "")
    rows, _errors = read_cells(text.encode("cp1252"), filename="b.csv")
    layout = analyse(rows)
    assert guess_period(layout) == "31.12.2023"
    profile = column_profile(layout)
    assert profile[2] | {"examples": []} == {
        "label": "Einwohner",
        "filled": 5,
        "numbers": 4,
        "symbols": 1,
        "examples": [],
    }
    assert profile[3]["symbols"] == 5 and profile[3]["examples"] == ["–", "X", "/"]
    assert split_symbol("—") == ("", "-")


def test_names_are_normalised():
    assert normalise("St.-Georg") == normalise("Sankt Georg") == "sankt georg"
    assert normalise("MUELHEIM") == normalise("Mülheim")
    assert normalise("Gross Hoehe") == normalise("Groß-Höhe")
    assert [p.key for p in KOELN.matches("Köln-Porz")] == ["7"]
    assert KOELN.is_total("Stadt Köln") and KOELN.is_total("Köln") and KOELN.is_total("Gesamt")
    assert not KOELN.is_total("Porz")


NAMES_ONLY = """Einwohner nach Gebieten 2024
Gebiet;Einwohner;Ausländer
Innenstadt;3.000;600
Altstadt-Süd;1.234;300
Sankt Georg;1.766;300
Köln-Porz;500;20
Unbekanntdorf;10;1
Stadt Köln;6.510;1.221
"""


def test_names_only_ambiguous_name_is_listed_until_resolved():
    mapping = _mapping(key_column=-1, name_column=0, value_columns={1: "ew", 2: "ausl"})
    data = NAMES_ONLY.encode("cp1252")
    result = parse_table(data, mapping=mapping, filename="n.csv", places=KOELN)
    assert not result.ok
    assert result.errors == [
        "n.csv, Zeile 3, Spalte „Gebiet“: „Innenstadt“ ist der Name von 2 Gebieten "
        "(1 Innenstadt – Stadtbezirk, 101 Innenstadt – Stadtteil). Wählen Sie unter der "
        "Zuordnung das richtige Gebiet."
    ]
    options = result.meta["ambiguous"]["innenstadt"]["options"]
    assert [o[0] for o in options] == ["1", "101"]
    # The user's choice in the preview resolves it; a level alone would, too.
    for resolved in (
        _mapping(
            key_column=-1, name_column=0, value_columns={1: "ew"}, resolved={"innenstadt": "1"}
        ),
        _mapping(key_column=-1, name_column=0, value_columns={1: "ew"}, level="stadtbezirk"),
    ):
        result = parse_table(data, mapping=resolved, filename="n.csv", places=KOELN)
        keys = {r.region_key: r.value for r in result.rows}
        if resolved.level:
            assert "102" not in keys  # Altstadt/Süd is no Stadtbezirk: kept as unknown
            continue
        assert result.ok, result.errors
        assert keys == {
            "1": 3000,
            "102": 1234,
            "703": 1766,
            "7": 500,
            "Unbekanntdorf": 10,
            "053150000000": 6510,
        }
        assert any("„Unbekanntdorf“" in w and "Zeile 7" in w for w in result.warnings)


def test_shape_ignores_the_year_and_the_sample_keeps_the_first_lines(tmp_path):
    assert table_shape(["Nr.", "Einwohner 2023"]) == table_shape(["Nr", "Einwohner 2024"])
    assert table_shape(["Nr.", "Einwohner"]) != table_shape(["Nr.", "Ausländer"])
    path = tmp_path / "big.csv"
    path.write_bytes(b"Nr;Wert\r\n" + b"".join(b"%d;%d\r\n" % (i, i) for i in range(5000)))
    sample = read_sample(path)
    assert sample.count(b"\n") == 1050 and sample.startswith(b"Nr;Wert")


@pytest.mark.parametrize("name", ["Insgesamt", "Gesamt", "Summe", "Stadt Köln", "Köln"])
def test_total_line_by_name_becomes_the_municipality_value(name):
    text = f"Nr.;Stadtteil;Einwohner\n102;Altstadt/Süd;100\n703;Sankt Georg;50\n;{name};150\n"
    result = parse_table(
        text.encode(), mapping=_mapping(value_columns={2: "ew"}), filename="t.csv", places=KOELN
    )
    assert result.ok, result.errors
    assert {r.region_key: r.value for r in result.rows}["053150000000"] == 150
    assert result.meta["delivered_total"]["line"] == 4


# --- through the pages: names only, an ambiguous name, the remembered mapping, versions ------

NAMES_2024 = """Einwohner nach Gebieten, Stand 31.12.2024
Gebiet;Einwohner;Ausländer
Innenstadt;3.000;600
Altstadt-Süd;1.234;300
Stadt Köln;4.234;900
Quelle: Amt für Statistik
"""


def _upload(client, ars, text, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return client.post(
        reverse("statistics:dataset_import", args=[ars]),
        {"file": SimpleUploadedFile("gebiete.csv", text.encode("cp1252")), "format": "table"}
        | extra,
    )


@pytest.mark.django_db
def test_names_only_table_through_the_pages_and_next_years_file_in_one_step(
    world, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from conftest import login
    from teilhabe.core.models import Area, AreaKind
    from teilhabe.statistics.forms import ambiguous_field
    from teilhabe.statistics.models import Dataset, Level, Observation

    Area.objects.create(
        municipality=world.municipality,
        key="103",
        name="Innenstadt",
        kind=AreaKind.STADTTEIL,
        parent=world.area.parent,
    )
    login(client, world.users["admin"])
    ars = world.municipality.ars
    check = reverse("statistics:dataset_import_check", args=[ars])
    _upload(client, ars, NAMES_2024)
    data = {"key_column": -1, "name_column": 0, "value_columns": [1, 2], "period": "31.12.2024"}
    page = client.post(check, data).content.decode()
    assert "gebiete.csv, Zeile 3, Spalte „Gebiet“: „Innenstadt“ ist der Name von 2 Gebieten" in page
    field = ambiguous_field("innenstadt")
    assert f'name="{field}"' in page and "103 Innenstadt" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(check, data | {field: "001", "start": "1"})
    dataset = Dataset.objects.get()
    values = {
        (o.level, o.area.key if o.area else "", o.variable_label): o.value
        for o in Observation.objects.filter(dataset=dataset)
    }
    assert values[(Level.AREA, "001", "Einwohner")] == 3000
    assert values[(Level.AREA, "101", "Ausländer")] == 300
    assert values[(Level.MUNICIPALITY, "", "Einwohner")] == 4234  # "Stadt Köln", delivered
    assert dataset.source == "Amt für Statistik" and dataset.table_code.startswith("einwohner")

    # Next year's file of the same shape: the mapping (with the choice for "Innenstadt") is
    # taken over and the year read from the title, so the preview shows at once.
    _upload(client, ars, NAMES_2024.replace("2024", "2025").replace("3.000", "3.100"))
    page = client.get(check).content.decode()
    assert "Zuordnung der letzten Datei dieser Quelle wurde übernommen" in page
    assert "Jetzt importieren" in page and "3.100" in page and "31.12.2025" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            check, data | {"period": "31.12.2025", field: "001", "start": "1", "version_of": ""}
        )
    newest = Dataset.objects.get(period_end=date(2025, 12, 31))
    assert newest.is_current and newest.version == 1
    assert (
        Observation.objects.get(dataset=newest, area__key="001", variable_label="Einwohner").value
        == 3100
    )


@pytest.mark.django_db
def test_same_table_code_asks_whether_it_is_a_new_version(
    world, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from conftest import login
    from teilhabe.statistics.models import Dataset

    login(client, world.users["admin"])
    ars = world.municipality.ars
    check = reverse("statistics:dataset_import_check", args=[ars])
    table = "Nr.;Name;Einwohner\n101;Altstadt/Süd;1.000\n"
    data = {"key_column": 0, "name_column": 1, "value_columns": [2], "period": "31.12.2024"}
    for number, choice in ((1, None), (2, "own"), (3, "version")):
        _upload(client, ars, table.replace("1.000", f"1.00{number}"), table_code="ew-1")
        page = client.post(check, data).content.decode()
        if choice is None:
            assert "Neuer Datensatz oder neue Version?" not in page
            extra = {}
        else:
            assert "Neuer Datensatz oder neue Version?" in page and "ein eigener Datensatz" in page
            first = Dataset.objects.get(table_code="ew-1")
            extra = {"version_of": first.pk if choice == "version" else ""}
        with django_capture_on_commit_callbacks(execute=True):
            client.post(check, data | {"start": "1"} | extra)
    codes = {(d.table_code, d.version, d.is_current) for d in Dataset.objects.all()}
    assert codes == {("ew-1", 1, False), ("ew-1", 2, True), ("ew-1-2", 1, True)}


def test_source_line_names_attribution_source_reference_date_and_licence():
    from teilhabe.statistics.models import Dataset

    dataset = Dataset(
        source="Amt für Statistik",
        attribution="© Stadt Köln 2024",
        licence="Datenlizenz Deutschland – Namensnennung – 2.0",
        period_start=date(2024, 12, 31),
        period_end=date(2024, 12, 31),
    )
    assert dataset.citation == (
        "Quelle: © Stadt Köln 2024 (Amt für Statistik), Stand: 31.12.2024, "
        "Lizenz: Datenlizenz Deutschland – Namensnennung – 2.0"
    )
    dataset.attribution, dataset.licence = "", ""
    assert dataset.citation == "Quelle: Amt für Statistik, Stand: 31.12.2024"
