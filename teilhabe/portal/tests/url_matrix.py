"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from tests.url_matrix import EDIT, POST_EDIT, PUBLIC, Row, ars


def setup(world) -> None:  # type: ignore[no-untyped-def]
    """Create the objects the rows below need; store them in world.extra."""
    from teilhabe.portal.tests.factories import public_world

    public_world(world)


def _pk(key: str):  # type: ignore[no-untyped-def]
    return lambda w: ars(w) | {"pk": w.extra[key].pk}


MATRIX: list = [
    Row("portal:start", ars, PUBLIC),
    Row("portal:easy", ars, PUBLIC),
    Row("portal:concept", ars, PUBLIC),
    Row("portal:measures", ars, PUBLIC),
    Row("portal:measure_detail", _pk("portal_measure"), PUBLIC),
    Row("portal:participation", ars, PUBLIC),
    Row("portal:indicators", ars, PUBLIC),
    Row("portal:indicator_detail", _pk("portal_indicator"), PUBLIC),
    Row(
        "portal:indicator_chart",
        lambda w: ars(w) | {"pk": w.extra["portal_indicator"].pk, "kind": "zeitreihe"},
        PUBLIC,
    ),
    Row("portal:offers", ars, PUBLIC),
    Row("portal:offer_detail", _pk("portal_offer"), PUBLIC),
    Row("portal:surveys", ars, PUBLIC),
    Row("portal:documents", ars, PUBLIC),
    Row("portal:paper_pdf", _pk("portal_paper"), PUBLIC),
    Row("portal:open_data", ars, PUBLIC),
    Row(
        "portal:open_data_file",
        lambda w: ars(w) | {"dataset": "massnahmen", "fmt": "csv"},
        PUBLIC,
    ),
    Row("portal:accessibility", ars, PUBLIC),
    Row("portal:feedback", ars, PUBLIC),
    Row("portal:feedback_thanks", ars, PUBLIC),
    Row("portal:privacy", ars, PUBLIC),
    Row("portal:imprint", ars, PUBLIC),
    Row("portal:settings", ars, EDIT),
    Row("portal:text_create", ars, EDIT),
    Row("portal:text_edit", _pk("portal_text"), EDIT),
    Row("portal:text_delete", _pk("portal_text"), POST_EDIT),
    Row("portal:feedback_list", ars, EDIT),
    Row("portal:feedback_detail", _pk("portal_feedback"), EDIT),
]
