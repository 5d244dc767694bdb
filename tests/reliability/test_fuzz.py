"""A time-bounded fuzz run of every parser: random bytes and randomly spoilt valid files.

Each parser must return a result (an import or German errors) and never raise or hang. The
normal test run tries a few dozen inputs per parser; ``make fuzz`` sets
TEILHABE_FUZZ_EXAMPLES (e.g. 5000) for a long run.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import time_limit
from tests.reliability.hostile import to_csv, to_xlsx
from tests.reliability.parsers import PARSERS

EXAMPLES = int(os.environ.get("TEILHABE_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the hard bound is time_limit below (load on CI machines varies)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=EXAMPLES <= 100,  # the normal run is reproducible; the long run explores
)


@st.composite
def spoilt(draw, parser: str) -> bytes:  # type: ignore[no-untyped-def]
    """The parser's valid table with random cells replaced, as CSV or XLSX, or raw bytes."""
    spec = PARSERS[parser]
    table = [list(r) for r in spec.table]
    cells = st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            ["", ".", "-", "x", "1.234,5", "1,234.5", "1e309", "NaN", "=1+1", "'", '"']
        ),
    )
    for _ in range(draw(st.integers(0, 4))):
        r = draw(st.integers(0, len(table) - 1))
        c = draw(st.integers(0, len(table[r]) - 1))
        table[r][c] = draw(cells)
    kind = draw(st.sampled_from(["csv", "xlsx", "bytes", "cut"]))
    if kind == "csv":
        return to_csv(table, draw(st.sampled_from([";", ",", "\t"]))).encode(
            draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])), errors="replace"
        )
    if kind == "xlsx":
        return to_xlsx(table)
    if kind == "cut":
        data = to_xlsx(table) if draw(st.booleans()) else to_csv(table).encode()
        return data[: draw(st.integers(0, len(data)))]
    return draw(st.binary(max_size=3000))


def _fuzz(parser: str, world, data: bytes) -> None:  # type: ignore[no-untyped-def]
    with time_limit(5):
        ok, errors, _rows = PARSERS[parser].run(
            world, data, "fuzz.xlsx" if data[:2] == b"PK" else "fuzz.csv"
        )
    assert ok or errors
    assert all(isinstance(e, str) and e for e in errors)


@pytest.mark.parametrize("parser", list(PARSERS))
def test_parser_survives_fuzzing(request, db, parser):
    world = request.getfixturevalue("mini_world") if PARSERS[parser].needs_db else None

    @FUZZ
    @given(data=spoilt(parser))
    def run(data: bytes) -> None:
        _fuzz(parser, world, data)

    run()


@FUZZ
@given(data=st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(str.encode)))
def test_area_parser_survives_fuzzing(data):
    from teilhabe.core.geo import AreaMapping, feature_properties, parse_area_features

    with time_limit(5):
        feature_properties(data)
        result = parse_area_features(data, AreaMapping("NR", "NAME"), filename="f.geojson")
    assert result.ok or result.errors


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "name",
                    "body",
                    "data",
                    "links",
                    "next",
                    "shortName",
                    "paper",
                    "meeting",
                    "organization",
                    "start",
                    "end",
                    "date",
                    "modified",
                    "deleted",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@FUZZ
@given(
    obj=JSON,
    kind=st.sampled_from(
        ["System", "Body", "Organization", "Meeting", "Paper", "Consultation", "File"]
    ),
)
def test_oparl_validation_survives_fuzzing(obj, kind):
    from teilhabe.council.oparl.validation import check_object

    with time_limit(5):
        cleaned, check = check_object(obj, kind)
    assert cleaned is None or isinstance(cleaned, dict)
    assert all(isinstance(e, str) for e in check.errors)
