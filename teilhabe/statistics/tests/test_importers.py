"""The importers on the real Köln file and on variants derived from it in the tests."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

from teilhabe.statistics.importers.ffcsv import parse_ffcsv
from teilhabe.statistics.importers.genesis import parse_genesis
from teilhabe.statistics.importers.koeln import WHOLE_MUNICIPALITY, parse_koeln
from teilhabe.statistics.importers.table import TableMapping, analyse, parse_table, read_cells
from teilhabe.statistics.importers.zensus import (
    parse_zensus_grid,
    rasterise,
    wgs84_to_laea,
)

KOELN = Path(settings.BASE_DIR) / "data" / "koeln" / "bevoelkerung.csv"


@pytest.fixture(scope="module")
def koeln_bytes() -> bytes:
    return KOELN.read_bytes()


def test_koeln_file_is_read_completely(koeln_bytes):
    result = parse_koeln(koeln_bytes, filename="bevoelkerung.csv")
    assert result.ok, result.errors[:3]
    assert len(result.rows) == 29135
    assert result.periods[0] == date(2005, 12, 31) and result.periods[-1] == date(2012, 12, 31)
    city_2005 = next(
        r
        for r in result.rows
        if r.region_key == WHOLE_MUNICIPALITY and r.variable == "005" and r.period.year == 2005
    )
    assert city_2005.value == 1023101.0
    assert {r.region_key for r in result.rows} >= {"001", "101", "909"}  # leading zeros kept


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "latin-1"])
@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_koeln_encodings_separators_and_line_ends(koeln_bytes, encoding, newline):
    lines = koeln_bytes.decode("utf-8").splitlines()[:200]
    text = newline.join(line.replace(",", ";") for line in lines) + newline
    result = parse_koeln(text.encode(encoding), filename="k.csv")
    assert result.ok, result.errors[:3]
    assert len(result.rows) == 199
    assert any(r.region_name == "Rodenkirchen" for r in result.rows)
    assert "Köln" in result.rows[0].variable_label


def test_koeln_bad_number_names_line_and_column(koeln_bytes):
    lines = koeln_bytes.decode("utf-8").splitlines()[:20]
    lines[11] = lines[11].rsplit(",", 1)[0] + ",12x"
    result = parse_koeln("\n".join(lines).encode(), filename="k.csv")
    assert not result.ok
    assert "k.csv, Zeile 12, Spalte „zahl“" in result.errors[0]
    assert "12x" in result.errors[0]


def test_koeln_missing_columns_are_named():
    result = parse_koeln(b"jahr,raum\n2012,000\n", filename="k.csv")
    assert "tab_id" in result.errors[0] and "Zeile 1" in result.errors[0]


GENESIS = """GENESIS-Tabelle: 12411-0015
Bevölkerung: Kreise, Stichtag, Nationalität, Geschlecht;;;;;;;
Fortschreibung des Bevölkerungsstandes;;;;;;;
Kreise und krfr. Städte;;;;;;;
;;Stichtag;;;;;
;;31.12.2022;;;;;
;;Deutsche;;;Ausländer;;
;;männlich;weiblich;Insgesamt;männlich;weiblich;Insgesamt
05315;Köln, kreisfreie Stadt;421.003;448.112;869.115;122.004;93.119;215.123
05;Nordrhein-Westfalen;7.123.456;7.400.111;14.523.567;1.400.000;1.209.776;2.609.776
05999;Beispielkreis;.;x;-;/;(12);...
__________
Stand: 31.12.2022
(C)opyright Statistisches Bundesamt (Destatis), 2024
"""


def test_genesis_classic_reads_header_values_and_symbols():
    result = parse_genesis(GENESIS.encode("latin-1"), filename="12411-0015.csv")
    assert result.ok, result.errors
    assert result.meta["table_code"] == "12411-0015"
    assert result.meta["territorial_status"] == "31.12.2022"
    koeln = [r for r in result.rows if r.region_key == "05315"]
    assert len(koeln) == 6
    foreign_total = next(r for r in koeln if r.category_label == "Ausländer" and r.sex == "")
    assert foreign_total.value == 215123 and foreign_total.period == date(2022, 12, 31)
    symbols = {r.flag: r.value for r in result.rows if r.region_key == "05999"}
    assert symbols["."] is None and symbols["x"] is None and symbols["-"] is None
    assert symbols["/"] is None and symbols["..."] is None
    assert symbols["()"] == 12  # restricted value kept, flagged
    assert all(r.value != 0 for r in result.rows if r.flag)


def test_genesis_bad_cell_names_line_and_column():
    broken = GENESIS.replace("421.003", "4x1")
    result = parse_genesis(broken.encode("utf-8"), filename="t.csv")
    assert not result.ok
    assert "t.csv, Zeile 9, Spalte „3“" in result.errors[0]


FF_NEW = (
    "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
    "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
    "2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;"
    "value_variable_label;value_q\n"
    "12411;Bevölkerung;STAG;Stichtag;2022-12-31;GEMEINDE;Gemeinden;05315000;Köln;NAT;Nationalität;NATA;Ausländer;215123;Anzahl;BEVSTD;Bevölkerungsstand;e\n"
    "12411;Bevölkerung;STAG;Stichtag;2022-12-31;GEMEINDE;Gemeinden;05315000;Köln;NAT;Nationalität;NATD;Deutsche;869115;Anzahl;BEVSTD;Bevölkerungsstand;e\n"
    "12411;Bevölkerung;STAG;Stichtag;2022-12-31;GEMEINDE;Gemeinden;05111000;Düsseldorf;NAT;Nationalität;NATA;Ausländer;.;Anzahl;BEVSTD;Bevölkerungsstand;e\n"
    "12411;Bevölkerung;STAG;Stichtag;2022-12-31;DLAND;Land;05;NRW;NAT;Nationalität;NATA;Ausländer;-;Anzahl;BEVSTD;Bevölkerungsstand;e\n"
)
FF_OLD = (
    "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;"
    "1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;"
    "2_Auspraegung_Label;BEVSTD__Bevoelkerungsstand__Anzahl;BEVSTD__Bevoelkerungsstand__q\n"
    "12411;Bevölkerung;STAG;Stichtag;31.12.2022;GEMEINDE;Gemeinden;05315000;Köln;GES;Geschlecht;GESW;weiblich;541235;e\n"
    "12411;Bevölkerung;STAG;Stichtag;31.12.2022;GEMEINDE;Gemeinden;05315000;Köln;GES;Geschlecht;GESM;männlich;/;e\n"
)


def test_ffcsv_new_layout_keeps_only_the_regions_asked_for():
    result = parse_ffcsv(FF_NEW.encode(), filename="f.csv", keep_keys={"05315000", "05"})
    assert result.ok, result.errors
    assert {r.region_key for r in result.rows} == {"05315000", "05"}
    nrw = next(r for r in result.rows if r.region_key == "05")
    assert nrw.value is None and nrw.flag == "-"  # "nichts vorhanden" is a symbol, not 0
    koeln = {r.category: r.value for r in result.rows if r.region_key == "05315000"}
    assert koeln == {"NATA": 215123.0, "NATD": 869115.0}
    assert result.meta["table_code"] == "12411"


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_ffcsv_old_layout_encodings_and_line_ends(encoding, newline):
    data = FF_OLD.replace("\n", newline).encode(encoding)
    result = parse_ffcsv(data, filename="alt.csv")
    assert result.ok, result.errors
    women = next(r for r in result.rows if r.sex == "w")
    assert women.value == 541235 and women.period == date(2022, 12, 31)
    men = next(r for r in result.rows if r.sex == "m")
    assert men.value is None and men.flag == "/"
    assert women.region_name == "Köln"


def test_ffcsv_rejects_other_files_with_a_message():
    result = parse_ffcsv(b"a;b\n1;2\n", filename="x.csv")
    assert "x.csv, Zeile 1" in result.errors[0]


def test_ffcsv_bad_value_is_reported():
    data = FF_NEW.replace("215123", "21x").encode()
    result = parse_ffcsv(data, filename="f.csv")
    assert not result.ok and "21x" in result.errors[0]


def test_laea_projection_matches_the_reference_point_and_pyproj():
    x, y = wgs84_to_laea([10.0], [52.0])
    assert abs(x[0] - 4321000) < 1e-6 and abs(y[0] - 3210000) < 1e-6
    pyproj = pytest.importorskip("pyproj")
    transformer = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    for lon, lat in [(6.96, 50.94), (13.4, 52.52), (9.99, 53.55), (11.58, 48.14)]:
        ex, ey = transformer.transform(lon, lat)
        x, y = wgs84_to_laea([lon], [lat])
        assert abs(x[0] - ex) < 0.01 and abs(y[0] - ey) < 0.01


def test_rasterised_polygons_take_the_cells_whose_centre_lies_inside():
    import numpy as np

    square = [np.array([[0.0, 0.0], [300.0, 0.0], [300.0, 200.0], [0.0, 200.0], [0.0, 0.0]])]
    hole = [
        square[0],
        np.array([[100.0, 0.0], [200.0, 0.0], [200.0, 100.0], [100.0, 100.0], [100.0, 0.0]]),
    ]
    raster = rasterise([square], size=100.0)
    assert (raster.cells >= 0).sum() == 6
    raster = rasterise([hole], size=100.0)
    assert (raster.cells >= 0).sum() == 5


def test_zensus_grid_is_summed_per_area_as_estimate():
    from teilhabe.statistics.importers.zensus import wgs84_to_laea as fwd

    # Two areas side by side near Köln; cells at their centres.
    left = {
        "type": "Polygon",
        "coordinates": [
            [[6.90, 50.90], [6.95, 50.90], [6.95, 50.95], [6.90, 50.95], [6.90, 50.90]]
        ],
    }
    right = {
        "type": "Polygon",
        "coordinates": [
            [[6.95, 50.90], [7.00, 50.90], [7.00, 50.95], [6.95, 50.95], [6.95, 50.90]]
        ],
    }
    lines = ["GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner;Durchschnittsalter"]
    for lon, value in [(6.92, "10"), (6.93, "–"), (6.97, "7"), (6.98, "5")]:
        x, y = fwd([lon], [50.925])
        cx, cy = int(x[0] // 100) * 100 + 50, int(y[0] // 100) * 100 + 50
        lines.append(f"CRS3035RES100mN{cy - 50}E{cx - 50};{cx};{cy};{value};43,5")
    result = parse_zensus_grid(
        "\r\n".join(lines).encode("utf-8-sig"),
        areas=[("101", "Links", left), ("102", "Rechts", right)],
    )
    assert result.ok and result.is_estimate
    people = {r.region_key: r for r in result.rows if r.variable == "Einwohner"}
    assert people["101"].value == 10 and people["101"].flag == "()"  # one withheld cell
    assert people["102"].value == 12 and people["102"].flag == ""


def test_zensus_grid_wrong_header():
    result = parse_zensus_grid(
        b"x;y\n1;2\n",
        areas=[("1", "A", {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]})],
        filename="g.csv",
    )
    assert "g.csv, Zeile 1" in result.errors[0]


OFFICE_CSV = """Bevölkerung nach Stadtteilen
;;Einwohner;;
Nr.;Stadtteil;insgesamt;darunter;
;;;Ausländer;Deutsche mit MH
001;Altstadt;1.234;300;120
002;Neustadt;2.000;.;50
Summe;;3.234;300;170
Quelle: Stadt Beispielstadt, Statistikstelle; Stand 31.12.2024
"""


def test_table_layout_two_row_header_sum_line_and_footer():
    rows, errors = read_cells(OFFICE_CSV.encode("cp1252"), filename="t.csv")
    layout = analyse(rows)
    assert not errors and layout is not None
    assert layout.columns[3] == "Einwohner – darunter – Ausländer"
    assert len(layout.total_rows) == 1
    assert layout.footer and layout.footer[0].startswith("Quelle")
    result = parse_table(
        OFFICE_CSV.encode("cp1252"),
        mapping=TableMapping(
            key_column=0,
            name_column=1,
            value_columns={2: "ew", 3: "ausl"},
            period=date(2024, 12, 31),
        ),
        filename="t.csv",
    )
    assert result.ok, result.errors
    assert {(r.region_key, r.variable): r.value for r in result.rows} == {
        ("001", "ew"): 1234,
        ("001", "ausl"): 300,
        ("002", "ew"): 2000,
        ("002", "ausl"): None,
    }
    assert result.meta["source"].startswith("Stadt Beispielstadt")
    assert not result.warnings  # the Summe line matches


def test_table_xlsx_with_merged_header_and_leading_zeros():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Einwohner nach Stadtteil"])
    sheet.append(["Schlüssel", "Name", "Einwohner", None])
    sheet.append([None, None, "männlich", "weiblich"])
    sheet.merge_cells("C2:D2")
    sheet.append([1, "Altstadt", 600, 634])
    sheet.append([2, "Neustadt", 990, 1010])
    sheet.append(["Insgesamt", None, 1590, 1700])
    sheet.append(["Quelle: Statistikstelle"])
    buffer = io.BytesIO()
    book.save(buffer)
    mapping = TableMapping(
        key_column=0,
        name_column=1,
        value_columns={2: "m", 3: "w"},
        period=date(2024, 12, 31),
        key_width=3,
    )
    result = parse_table(buffer.getvalue(), mapping=mapping, filename="t.xlsx")
    assert result.ok, result.errors
    assert {r.region_key for r in result.rows} == {"001", "002"}
    rows, _errors = read_cells(buffer.getvalue(), filename="t.xlsx")
    assert analyse(rows).columns[3] == "Einwohner – weiblich"
    assert result.warnings and "1700" in result.warnings[0]  # 634 + 1010 != 1700


def test_table_bad_number_names_line_and_column():
    broken = OFFICE_CSV.replace("2.000", "zwei")
    result = parse_table(
        broken.encode(),
        mapping=TableMapping(key_column=0, value_columns={2: "ew"}, period=date(2024, 12, 31)),
        filename="t.csv",
    )
    assert "t.csv, Zeile 6, Spalte „Einwohner – insgesamt“" in result.errors[0]
