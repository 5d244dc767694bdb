"""The needs assessment: evidence that survives new dataset versions, proposals, weighing,
matrix and exports, the unanswered needs, permissions and locking."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import login, make_user
from teilhabe.core.models import Area, AreaKind, FieldOfAction, Membership, Role
from teilhabe.core.versioning import ConcurrentEditError
from teilhabe.needs import selectors, services
from teilhabe.needs.models import Need, NeedProposal, NeedProposalStatus, NeedStatus, ProposalSource
from teilhabe.statistics.models import Dataset, Indicator
from teilhabe.statistics.services import catalogue_seed, dataset_import

HEADER = "id,tab_id,tabelle,jahr,raum_id,raum,zei_id,zeile,zahl\n"


def _csv(foreigners_101: float, foreigners_102: float = 150.0) -> bytes:
    """A small file in the Köln long format: the city, a borough and two quarters, one of
    them below the minimum population."""
    rows = []
    for year in ("2011", "2012"):
        rows += [
            (year, "000", "005", "10", 5000.0),
            (year, "000", "030", "50", 500.0),
            (year, "001", "005", "10", 1200.0),
            (year, "001", "030", "50", 450.0),
            (year, "101", "005", "10", 1000.0),
            (year, "101", "030", "50", foreigners_101),
            (year, "102", "005", "10", 200.0),
            (year, "102", "030", "50", foreigners_102),
        ]
    lines = [
        f"x,{tab},T{tab},{year},{raum},R{raum},{zei},Z{zei},{value}"
        for year, raum, tab, zei, value in rows
    ]
    return (HEADER + "\n".join(lines) + "\n").encode()


@pytest.fixture
def data(world):
    Area.objects.create(
        municipality=world.municipality,
        key="102",
        name="Neustadt/Süd",
        kind=AreaKind.STADTTEIL,
        parent=world.area.parent,
    )
    catalogue_seed(municipality=world.municipality)
    dataset_import(
        municipality=world.municipality,
        data=_csv(400.0),
        filename="v1.csv",
        fmt="koeln",
        user=None,
    )
    return world


def _need(world, **kwargs) -> Need:  # type: ignore[no-untyped-def]
    defaults = {"title": "Sprachkurse mit Kinderbetreuung", "field": world.field}
    return services.need_save(
        need=Need(municipality=world.municipality, **(defaults | kwargs)),
        expected_version=None,
        m2m={},
    )


def test_indicator_evidence_keeps_its_dataset_version_after_a_newer_one(data, client):
    world = data
    indicator = Indicator.objects.get(municipality=world.municipality, code="anteil-auslaender")
    need = _need(world)
    evidence = services.evidence_add_indicator(
        need=need, indicator=indicator, area=world.area, user=None
    )
    first = Dataset.objects.get(municipality=world.municipality)
    assert evidence.dataset == first and evidence.dataset_version == 1
    assert evidence.value == pytest.approx(40.0)
    assert evidence.reference_value == pytest.approx(10.0)
    assert "40,0 %" in evidence.summary and "10,0 %" in evidence.summary
    assert evidence.citation.startswith("Quelle") and evidence.period == date(2012, 12, 31)
    assert selectors.evidence_newer(evidence) is None

    # The statistics office sends a corrected file for the same table and period; the
    # user confirms it as the new version in the preview.
    dataset_import(
        municipality=world.municipality,
        data=_csv(300.0),
        filename="v2.csv",
        fmt="koeln",
        user=None,
        version_of=first.pk,
    )
    first.refresh_from_db()
    assert not first.is_current
    evidence.refresh_from_db()
    assert evidence.dataset == first and evidence.value == pytest.approx(40.0)
    newer = selectors.evidence_newer(evidence)
    assert newer is not None and newer.replaced and newer.version == 2
    assert newer.text == "30,0 %"

    login(client, world.users["reader"])
    page = client.get(reverse("needs:need_detail", args=[world.municipality.ars, need.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "40,0 %" in html and "30,0 %" in html
    assert "Version 2" in html and first.citation in html


def test_indicator_evidence_refuses_withheld_values(data):
    world = data
    small = Area.objects.get(municipality=world.municipality, key="102")
    indicator = Indicator.objects.get(municipality=world.municipality, code="anteil-auslaender")
    with pytest.raises(ValidationError):
        services.evidence_add_indicator(
            need=_need(world), indicator=indicator, area=small, user=None
        )


def test_proposals_name_the_reason_skip_small_areas_and_never_return_when_dismissed(data):
    world = data
    counts = services.proposals_refresh(municipality=world.municipality)
    proposals = list(NeedProposal.objects.filter(source=ProposalSource.INDICATOR))
    keys = {p.key for p in proposals}
    assert counts["created"] >= 1
    assert "indicator:anteil-auslaender:101" in keys
    # 102 has 75 % foreigners but only 200 residents: never proposed.
    assert not any(k.endswith(":102") for k in keys)
    proposal = next(p for p in proposals if p.key == "indicator:anteil-auslaender:101")
    assert "40,0 %" in proposal.reason and "10,0 %" in proposal.reason
    assert "30,0" in proposal.reason and "Quelle" in proposal.reason

    services.proposal_dismiss(proposal=proposal, note="bekannt", user=None)
    again = services.proposals_refresh(municipality=world.municipality)
    assert again["created"] == 0
    assert NeedProposal.objects.filter(key=proposal.key).count() == 1
    proposal.refresh_from_db()
    assert proposal.status == NeedProposalStatus.DISMISSED


def test_threshold_is_set_per_municipality(data):
    world = data
    settings = services.settings_for(municipality=world.municipality)
    settings.deviation_threshold = 35
    services.settings_save(need_settings=settings)
    services.proposals_refresh(municipality=world.municipality)
    assert not NeedProposal.objects.filter(key="indicator:anteil-auslaender:101").exists()


def test_accepting_a_proposal_creates_a_need_with_its_evidence(data):
    world = data
    services.proposals_refresh(municipality=world.municipality)
    proposal = NeedProposal.objects.get(key="indicator:anteil-auslaender:101")
    need = services.proposal_accept(proposal=proposal, user=None, field=world.field)
    assert need.status == NeedStatus.ACCEPTED and need.number == "B-1"
    assert list(need.areas.all()) == [world.area]
    evidence = need.evidence.get()
    assert evidence.kind == "indicator" and evidence.value == pytest.approx(40.0)
    proposal.refresh_from_db()
    assert proposal.status == NeedProposalStatus.ACCEPTED and proposal.need == need
    with pytest.raises(ValidationError):
        services.proposal_accept(proposal=proposal, user=None, field=world.field)


def test_clusters_of_similar_contributions_are_proposed(world):
    from teilhabe.participation.models import Contribution

    m = world.municipality
    root = Contribution.objects.create(
        municipality=m, text="Mehr Sprachkurse mit Kinderbetreuung", channel="event"
    )
    for text in ("Sprachkurse mit Kinderbetreuung!", "mehr Sprachkurse, Kinderbetreuung"):
        Contribution.objects.create(municipality=m, text=text, channel="event", duplicate_of=root)
    Contribution.objects.create(municipality=m, text="Schwimmkurse für Frauen", channel="event")
    services.proposals_refresh(municipality=m)
    cluster = NeedProposal.objects.get(source=ProposalSource.CLUSTER)
    assert cluster.key == f"cluster:{root.pk}"
    assert "3" in cluster.reason and len(cluster.evidence) == 3
    need = services.proposal_accept(proposal=cluster, user=None, field=world.field)
    assert need.evidence.filter(kind="contribution").count() == 3


def _members(world, n: int = 3):  # type: ignore[no-untyped-def]
    users = [world.users["steering"]]
    for i in range(n - 1):
        user = make_user(f"lenkung{i}@koeln.example")
        Membership.objects.create(user=user, municipality=world.municipality, role=Role.STEERING)
        users.append(user)
    return users


def test_weighing_private_scores_conflicts_ranking_disagreement_and_decision(world):
    a = _need(world, title="Sprachkurse", status=NeedStatus.ACCEPTED)
    b = _need(world, title="Schwimmkurse", status=NeedStatus.ACCEPTED)
    weighing = services.round_open(
        municipality=world.municipality, title="Gewichtung 2026", needs=[a, b], user=None
    )
    criteria = [str(c["id"]) for c in weighing.criteria]
    assert len(criteria) == 5  # the defaults: Dringlichkeit … Passung zu den Leitlinien
    m1, m2, m3 = _members(world)
    services.rating_save(
        weighing=weighing,
        need=a,
        member=m1,
        scores=dict.fromkeys(criteria, 5),
        conflict_of_interest=False,
        comment="Geheimer Kommentar von m1",
    )
    services.rating_save(
        weighing=weighing,
        need=a,
        member=m2,
        scores=dict.fromkeys(criteria, 1),
        conflict_of_interest=False,
    )
    services.rating_save(
        weighing=weighing,
        need=a,
        member=m3,
        scores=dict.fromkeys(criteria, 1),
        conflict_of_interest=True,
        conflict_note="Träger der Sprachkurse",
    )
    for member in (m1, m2):
        services.rating_save(
            weighing=weighing,
            need=b,
            member=member,
            scores=dict.fromkeys(criteria, 4),
            conflict_of_interest=False,
        )
    with pytest.raises(ValidationError):
        services.rating_save(
            weighing=weighing,
            need=b,
            member=m3,
            scores={criteria[0]: 9},
            conflict_of_interest=False,
        )

    # While open, a member sees only their own scores.
    other = login(Client(), m2)
    url = reverse("needs:round_detail", args=[world.municipality.ars, weighing.pk])
    html = other.get(url).content.decode()
    assert "Geheimer Kommentar" not in html
    assert "Träger der Sprachkurse" not in html
    assert other.get(url).context["ranking"] == []

    services.round_close(weighing=weighing)
    with pytest.raises(ValidationError):
        services.rating_save(
            weighing=weighing, need=b, member=m3, scores={}, conflict_of_interest=True
        )
    ranking = selectors.round_ranking(weighing=weighing)
    first, second = ranking
    assert first.need == b and first.rank == 1 and first.score == pytest.approx(4.0)
    assert second.need == a and second.score == pytest.approx(3.0)  # m3's scores excluded
    assert second.counted == 2 and [r.member for r in second.conflicts] == [m3]
    assert second.disagreement and not first.disagreement
    html = other.get(url).content.decode()
    assert "Träger der Sprachkurse" in html and "Geheimer Kommentar" in html

    services.round_decide(
        weighing=weighing,
        decided_on=date(2026, 3, 12),
        body_name="Lenkungsgruppe",
        priorities={a.pk: 2, b.pk: 1},
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (b.priority, b.priority_rank) == (1, 1)
    assert (a.priority, a.priority_rank) == (2, 2)
    page = other.get(reverse("needs:need_detail", args=[world.municipality.ars, b.pk]))
    assert "Lenkungsgruppe, 12.03.2026" in page.content.decode()


def test_only_steering_members_score(world):
    need = _need(world, status=NeedStatus.ACCEPTED)
    weighing = services.round_open(
        municipality=world.municipality, title="Runde", needs=[need], user=None
    )
    url = reverse("needs:round_score", args=[world.municipality.ars, weighing.pk, need.pk])
    criteria = [str(c["id"]) for c in weighing.criteria]
    data = {f"c{c}": "4" for c in criteria}
    assert login(Client(), world.users["editor"]).post(url, data).status_code == 403
    steering = login(Client(), world.users["steering"])
    assert steering.post(url, data).status_code == 302
    rating = weighing.ratings.get()
    assert rating.member == world.users["steering"] and set(rating.scores.values()) == {4}
    conflict = steering.post(url, data | {"conflict_of_interest": "on"})
    assert conflict.status_code == 200 and "conflict_note" in conflict.context["form"].errors


def test_need_without_evidence_is_marked(world, client):
    need = _need(world)
    login(client, world.users["reader"])
    page = client.get(reverse("needs:need_detail", args=[world.municipality.ars, need.pk]))
    assert "ohne Beleg" in page.content.decode()
    services.evidence_add_statement(
        need=need, text="Wartelisten", stated_by="AG Sprache", stated_on=None, user=None
    )
    page = client.get(reverse("needs:need_detail", args=[world.municipality.ars, need.pk]))
    assert "ohne Beleg" not in page.content.decode()
    assert "AG Sprache" in page.content.decode()


def test_matrix_by_area_and_target_group_with_safe_exports(world, client):
    from openpyxl import load_workbook

    from teilhabe.needs.models import TargetGroup

    group = TargetGroup.objects.create(municipality=world.municipality, name="Eltern")
    need = _need(world, title='=HYPERLINK("http://x")', status=NeedStatus.ACCEPTED)
    need.areas.add(world.area)
    need.target_groups.add(group)
    _need(world, title="Gesamtstädtisch", citywide=True)
    matrix = selectors.needs_matrix(municipality=world.municipality)
    top = str(world.area.parent.pk)
    assert matrix.cells[(world.field.pk, top)] == [need]
    assert [n.title for n in matrix.cells[(world.field.pk, selectors.CITYWIDE)]] == [
        "Gesamtstädtisch"
    ]
    by_group = selectors.needs_matrix(municipality=world.municipality, by="zielgruppe")
    assert by_group.cells[(world.field.pk, str(group.pk))] == [need]

    login(client, world.users["reader"])
    ars = world.municipality.ars
    page = client.get(reverse("needs:need_matrix", args=[ars]))
    assert page.status_code == 200 and need.number in page.content.decode()
    xlsx = client.get(reverse("needs:need_matrix_export", args=[ars, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.quotePrefix
    csv = client.get(reverse("needs:need_matrix_export", args=[ars, "csv"]) + "?nach=zielgruppe")
    text = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "Eltern" in text


def test_working_group_edits_only_needs_of_its_field(world):
    own = _need(world)
    other_field = FieldOfAction.objects.create(municipality=world.municipality, name="Wohnen")
    other = _need(world, title="Wohnungen", field=other_field)
    wg = login(Client(), world.users["working_group"])
    ars = world.municipality.ars
    assert wg.get(reverse("needs:need_edit", args=[ars, own.pk])).status_code == 200
    assert wg.get(reverse("needs:need_edit", args=[ars, other.pk])).status_code == 403
    created = wg.post(
        reverse("needs:need_create", args=[ars]),
        {"title": "Neu", "statement": "", "field": other_field.pk},
    )
    assert created.status_code == 200 and "field" in created.context["form"].errors
    # Accepting or dismissing is for staff.
    status_url = reverse("needs:need_status", args=[ars, own.pk])
    assert wg.post(status_url, {"status": "accepted"}).status_code == 403


def test_need_edit_refuses_a_lost_update(world):
    need = _need(world)
    url = reverse("needs:need_edit", args=[world.municipality.ars, need.pk])
    base = {"title": "Erste Fassung", "field": world.field.pk, "version": need.version}
    first = login(Client(), world.users["editor"])
    second = login(Client(), world.users["admin"])
    assert first.post(url, base).status_code == 302
    response = second.post(url, base | {"title": "Zweite Fassung"})
    assert response.status_code == 200 and response.context["conflict"]
    need.refresh_from_db()
    assert need.title == "Erste Fassung"
    with pytest.raises(ConcurrentEditError):
        services.need_save(need=Need.objects.get(pk=need.pk), expected_version=1)


def test_dismissing_needs_a_reason_and_foreign_objects_are_404(world):
    need = _need(world)
    with pytest.raises(ValidationError):
        services.need_set_status(need=need, status=NeedStatus.DISMISSED)
    services.need_set_status(need=need, status=NeedStatus.DISMISSED, reason="doppelt")
    foreign = login(Client(), world.users["foreign"])
    url = reverse("needs:need_detail", args=[world.other.ars, need.pk])
    assert foreign.get(url).status_code == 404


def test_looking_for_proposals_runs_as_a_task_with_progress(
    data, django_capture_on_commit_callbacks
):
    from teilhabe.core.models import TaskRun

    world = data
    url = reverse("needs:need_proposals", args=[world.municipality.ars])
    assert login(Client(), world.users["reader"]).post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = login(Client(), world.users["editor"]).post(url)
    run = TaskRun.objects.get(
        municipality=world.municipality, title="Nach vorgeschlagenen Bedarfen suchen"
    )
    assert response.status_code == 302 and str(run.pk) in response["Location"]
    assert run.status == "done" and run.result_url == url
    assert NeedProposal.objects.filter(key="indicator:anteil-auslaender:101").exists()
