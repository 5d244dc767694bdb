"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.url_matrix import EDIT, POST_EDIT, READ, Row, ars


def setup(world: Any) -> None:
    """Create the objects the rows below need; store them in world.extra."""
    from teilhabe.needs import services
    from teilhabe.needs.models import Need, NeedProposal

    m = world.municipality
    need = services.need_save(
        need=Need(municipality=m, title="Sprachkurse mit Kinderbetreuung", field=world.field),
        expected_version=None,
    )
    evidence = services.evidence_add_statement(
        need=need, text="Lange Wartelisten", stated_by="AG Sprache", stated_on=None, user=None
    )
    proposal = NeedProposal.objects.create(
        municipality=m,
        key="cluster:1",
        source="cluster",
        title="Kinderbetreuung",
        reason="3 Beiträge",
    )
    criteria = services.criteria_ensure(municipality=m)
    need.status = "accepted"
    need.save()
    weighing = services.round_open(municipality=m, title="Runde 1", needs=[need], user=None)
    closed = services.round_open(municipality=m, title="Runde 0", needs=[need], user=None)
    services.round_close(weighing=closed)
    world.extra.update(
        need=need,
        need_evidence=evidence,
        need_proposal=proposal,
        need_criterion=criteria[0],
        need_round=weighing,
        need_round_closed=closed,
    )


def _pk(key: str):  # type: ignore[no-untyped-def]
    return lambda w: ars(w) | {"pk": w.extra[key].pk}


WRITE_NEEDS = EDIT | {"working_group": 200}
POST_WRITE_NEEDS = {r: (405 if s == 200 else s) for r, s in WRITE_NEEDS.items()}
SCORE = {r: 403 for r in READ} | {"steering": 200, "anonymous": 302, "foreign": 404}

MATRIX = [
    Row("needs:need_list", ars, READ),
    Row("needs:need_unanswered", ars, READ),
    Row("needs:need_create", ars, WRITE_NEEDS),
    Row("needs:need_matrix", ars, READ),
    Row("needs:need_matrix_export", lambda w: ars(w) | {"fmt": "xlsx"}, READ),
    Row("needs:need_proposals", ars, READ),
    Row("needs:need_proposal_decide", _pk("need_proposal"), POST_EDIT),
    Row("needs:need_settings", ars, EDIT),
    Row("needs:criterion_create", ars, EDIT),
    Row("needs:criterion_edit", _pk("need_criterion"), EDIT),
    Row("needs:round_list", ars, READ),
    Row("needs:round_create", ars, EDIT),
    Row("needs:round_detail", _pk("need_round"), READ),
    Row(
        "needs:round_score",
        lambda w: ars(w) | {"pk": w.extra["need_round"].pk, "need_pk": w.extra["need"].pk},
        SCORE,
    ),
    Row("needs:round_close", _pk("need_round"), POST_EDIT),
    Row("needs:round_decide", _pk("need_round_closed"), EDIT),
    Row("needs:need_detail", _pk("need"), READ),
    # The working group edits the needs of its own field (the test world's field).
    Row("needs:need_edit", _pk("need"), WRITE_NEEDS),
    Row("needs:need_status", _pk("need"), POST_EDIT),
    Row(
        "needs:need_evidence_add",
        lambda w: ars(w) | {"pk": w.extra["need"].pk, "kind": "stellungnahme"},
        WRITE_NEEDS,
    ),
    Row(
        "needs:need_evidence_delete",
        lambda w: ars(w) | {"pk": w.extra["need"].pk, "evidence_pk": w.extra["need_evidence"].pk},
        POST_WRITE_NEEDS,
    ),
]
