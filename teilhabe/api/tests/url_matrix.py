"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from tests.url_matrix import PUBLIC, ROLES, Row, ars


def setup(world) -> None:  # type: ignore[no-untyped-def]
    """The portal's rows create the published objects these rows point to."""


def _pk(key: str):  # type: ignore[no-untyped-def]
    return lambda w: ars(w) | {"pk": w.extra[key].pk}


MATRIX: list = [
    Row("api:schema", lambda w: {}, PUBLIC),
    Row("api:docs", lambda w: {}, PUBLIC),
    # Without an operation to try there is nothing to send the browser to.
    Row("api:docs_try", lambda w: {}, {r: 404 for r in ROLES}),
    Row("api:concept", ars, PUBLIC),
    Row("api:measures", ars, PUBLIC),
    Row("api:measure_detail", _pk("portal_measure"), PUBLIC),
    Row("api:offers", ars, PUBLIC),
    Row("api:offer_detail", _pk("portal_offer"), PUBLIC),
    Row("api:indicators", ars, PUBLIC),
    Row("api:indicator_detail", _pk("portal_indicator"), PUBLIC),
    Row("api:documents", ars, PUBLIC),
]
