from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import login
from teilhabe.core import handover
from teilhabe.planning import selectors, services
from teilhabe.planning.models import (
    CostItem,
    CostKind,
    CostRate,
    Drawdown,
    FunderKind,
    FundingProgramme,
    Grant,
    Phase,
    ResourceOption,
    StaffPost,
)


def _plan(world, template="speyer", start=date(2025, 1, 1)):
    return services.plan_create(
        municipality=world.municipality,
        title="Integrationskonzept",
        template=template,
        start_date=start,
        user=world.users["admin"],
    )


def test_speyer_template_has_the_six_building_blocks_with_their_months(world):
    plan = _plan(world)
    blocks = [(p.name, p.start_month, p.end_month) for p in plan.phases.all()]
    assert blocks == [
        ("Einarbeitung/Vernetzung", 1, 2),
        ("Vorbereitung/Bestandserhebung", 3, 8),
        ("Bedarfsermittlung", 8, 16),
        ("Maßnahmenplanung", 15, 20),
        ("Maßnahmenumsetzung", 20, 24),
        ("Evaluation", None, None),
    ]


def test_update_template_has_four_phases_and_milestones(world):
    plan = _plan(world, template="update")
    assert plan.phases.count() == 4
    assert plan.milestones.filter(title="Integrationskonferenz").exists()


def test_start_date_turns_months_into_dates(world):
    plan = _plan(world, start=date(2025, 1, 1))
    assert plan.month_start(3) == date(2025, 3, 1)
    assert plan.month_end(24) == date(2026, 12, 31)
    assert plan.month_of(date(2026, 11, 22)) == 23


def test_chart_marks_today_delay_and_late_blocks(world):
    plan = _plan(world)
    phase = plan.phases.get(name="Vorbereitung/Bestandserhebung")
    phase.expected_end_month = 10
    services.phase_save(phase=phase, user=None)
    chart = selectors.plan_chart(plan=plan, today=date(2025, 6, 15))
    assert chart.today_month == 6
    row = next(r for r in chart.rows if r.phase.pk == phase.pk)
    assert [c.state for c in row.cells[7:10]] == ["planned", "delay", "delay"]
    assert row.is_late  # still "planned" although month 3 has passed
    assert [p.name for p in chart.unscheduled] == ["Evaluation"]


def test_phase_with_end_before_start_is_rejected(world):
    plan = _plan(world, template="empty")
    with pytest.raises(ValidationError) as error:
        services.phase_save(phase=Phase(plan=plan, name="X", start_month=5, end_month=2), user=None)
    assert "end_month" in error.value.message_dict


def _rate(world, cost=80000):
    return CostRate.objects.create(
        municipality=world.municipality, pay_grade="EG 11", annual_cost=Decimal(cost), year=2025
    )


def test_one_post_for_two_years_costs_160000_euro_split_by_year(world):
    plan = _plan(world)
    own = services.option_save(
        option=ResourceOption(plan=plan, name="Stelle", is_chosen=True), user=None
    )
    services.staff_post_save(
        post=StaffPost(
            option=own, title="Koordination", cost_rate=_rate(world), share=Decimal(1), months=24
        ),
        user=None,
    )
    external = services.option_save(option=ResourceOption(plan=plan, name="Vergabe"), user=None)
    services.cost_item_save(
        item=CostItem(
            option=external,
            kind=CostKind.EXTERNAL,
            title="Institut",
            amount=Decimal(100000),
            start_month=1,
            end_month=24,
        ),
        user=None,
    )
    comparison = selectors.resource_comparison(plan=plan)
    assert comparison.years == ["2025", "2026"]
    totals = {c.option.name: (c.total, c.by_year) for c in comparison.options}
    assert totals["Stelle"] == (Decimal(160000), {"2025": Decimal(80000), "2026": Decimal(80000)})
    assert sum(totals["Vergabe"][1].values()) == Decimal(100000)
    impact = selectors.financial_impact(plan=plan)
    assert impact.option == own
    assert impact.years == [("2025", Decimal(80000)), ("2026", Decimal(80000))]
    assert "160.000 €" in impact.text


def test_uneven_spread_adds_up_exactly(world):
    plan = _plan(world, start=date(2025, 10, 1))
    option = services.option_save(option=ResourceOption(plan=plan, name="A"), user=None)
    services.cost_item_save(
        item=CostItem(
            option=option,
            kind=CostKind.MATERIAL,
            title="Konferenz",
            amount=Decimal("1000.00"),
            start_month=1,
            end_month=7,
        ),
        user=None,
    )
    by_year = selectors.resource_comparison(plan=plan).options[0].by_year
    assert set(by_year) == {"2025", "2026"}
    assert sum(by_year.values()) == Decimal("1000.00")


def test_choosing_an_option_unchooses_the_other(world):
    plan = _plan(world)
    a = services.option_save(option=ResourceOption(plan=plan, name="A", is_chosen=True), user=None)
    services.option_save(option=ResourceOption(plan=plan, name="B", is_chosen=True), user=None)
    a.refresh_from_db()
    assert not a.is_chosen


def _grant(world, plan=None):
    programme = services.programme_save(
        programme=FundingProgramme(
            municipality=world.municipality, name="KIM", funder="Land NRW", kind=FunderKind.LAND
        ),
        user=None,
    )
    return services.grant_save(
        grant=Grant(
            municipality=world.municipality,
            programme=programme,
            plan=plan,
            title="Prozessbegleitung",
            notice_date=date(2025, 3, 14),
            notice_number="52.03-KIM-2025/0417",
            period_start=date(2025, 4, 1),
            period_end=date(2026, 12, 31),
            amount=Decimal(96000),
            own_share=Decimal(24000),
        ),
        user=None,
    )


def test_drawdowns_cannot_exceed_the_granted_amount(world):
    grant = _grant(world)
    services.drawdown_save(
        drawdown=Drawdown(grant=grant, requested_on=date(2025, 5, 2), amount=Decimal(90000)),
        user=None,
    )
    with pytest.raises(ValidationError) as error:
        services.drawdown_save(
            drawdown=Drawdown(grant=grant, requested_on=date(2025, 11, 2), amount=Decimal(7000)),
            user=None,
        )
    assert "amount" in error.value.message_dict


def test_proofs_of_use_are_scheduled_once_and_listed_when_due(world):
    grant = _grant(world)
    created = services.proofs_schedule(
        grant=grant, final_due=date(2027, 6, 30), interim_dues=[date(2026, 3, 31)], user=None
    )
    again = services.proofs_schedule(
        grant=grant, final_due=date(2027, 6, 30), interim_dues=[date(2026, 3, 31)], user=None
    )
    assert len(created) == 4 and again == []
    due = selectors.proofs_due(municipality=world.municipality, until=date(2026, 4, 30))
    assert {p.get_kind_display() for p in due} == {p.get_kind_display() for p in created[:2]}
    assert not selectors.proofs_due(municipality=world.other).exists()


def test_grant_needs_a_notice_date_and_a_sane_period(world):
    with pytest.raises(ValidationError) as error:
        g = _grant(world)
        g.notice_date = None
        g.period_end = date(2024, 1, 1)
        services.grant_save(grant=g, user=None)
    assert {"notice_date", "period_end"} <= set(error.value.message_dict)


def test_sachbericht_draft_uses_period_drawdowns_and_milestones(world):
    plan = _plan(world)
    grant = _grant(world, plan=plan)
    services.drawdown_save(
        drawdown=Drawdown(
            grant=grant,
            requested_on=date(2025, 5, 2),
            amount=Decimal(30000),
            received_on=date(2025, 5, 20),
        ),
        user=None,
    )
    services.milestone_save(
        milestone=plan.milestones.model(
            plan=plan, title="Integrationskonferenz", month=11, done_on=date(2025, 11, 15)
        ),
        user=None,
    )
    draft = selectors.grant_report_draft(grant=grant)
    assert "01.04.2025" in draft and "31.12.2026" in draft
    assert "30.000 €" in draft and "20.05.2025" in draft
    assert "15.11.2025: Integrationskonferenz" in draft
    assert "52.03-KIM-2025/0417" in draft


def test_handover_page_collects_mandates_proofs_and_contacts(client, world):
    services.mandate_create(
        municipality=world.municipality,
        title="Bericht im Sozialausschuss",
        description="Darüber ist im Sozialausschuss zu berichten.",
        ordered_on=date(2023, 9, 21),
        report_due=date(2024, 11, 26),
        source_reference="Stadtrat 21.09.2023",
        user=None,
    )
    grant = _grant(world)
    services.proofs_schedule(grant=grant, final_due=date(2027, 6, 30), interim_dues=[], user=None)
    keys = handover.registered_keys()
    assert keys[:4] == ["deadlines", "mandates", "plan", "proofs"]  # all deadlines come first
    login(client, world.users["editor"])
    page = client.get(reverse("planning:handover", args=[world.municipality.ars])).content.decode()
    assert "Bericht im Sozialausschuss" in page
    assert "Prozessbegleitung" in page
    assert "steering@koeln.example" in page


def test_handover_registry_accepts_sections_of_other_parts(world):
    @handover.register("test-section", position=99)
    def _section(municipality):
        return handover.Section(
            title="Laufende Befragungen", items=[handover.Item(label="Befragung 2026")]
        )

    try:
        sections = handover.handover_sections(world.municipality)
        assert sections[-1].key == "test-section"
        assert sections[-1].items[0].label == "Befragung 2026"
    finally:
        handover._providers.pop("test-section")


def test_resources_text_download_and_foreign_grant_is_404(client, world):
    plan = _plan(world)
    login(client, world.users["reader"])
    response = client.get(
        reverse("planning:resources", args=[world.municipality.ars, plan.pk]), {"format": "txt"}
    )
    assert response["Content-Type"].startswith("text/plain")
    other_programme = FundingProgramme.objects.create(
        municipality=world.other, name="AMIF", funder="BAMF", kind=FunderKind.EU
    )
    foreign = Grant.objects.create(
        municipality=world.other,
        programme=other_programme,
        title="X",
        notice_date=date(2025, 1, 1),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        amount=Decimal(1),
    )
    assert (
        client.get(
            reverse("planning:grant_detail", args=[world.municipality.ars, foreign.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse(
                "planning:item_delete",
                args=[world.municipality.ars, "phase", plan.phases.first().pk],
            )
        ).status_code
        == 403
    )


def test_editor_creates_plan_from_template_through_the_page(client, world):
    login(client, world.users["editor"])
    response = client.post(
        reverse("planning:plan_create", args=[world.municipality.ars]),
        {"title": "Fortschreibung 2027", "template": "update", "start_date": "2027-01-01"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Beteiligungs- und Aktivierungsphase" in page


def test_sachbericht_downloads_as_word(client, world):
    import io

    from docx import Document

    grant = _grant(world, plan=_plan(world))
    login(client, world.users["editor"])
    response = client.get(
        reverse("planning:grant_report", args=[world.municipality.ars, grant.pk]),
        {"format": "docx"},
    )
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Sachbericht: Prozessbegleitung"
    assert any("96.000 €" in t for t in texts)
    assert document.core_properties.language == "de-DE"


def test_other_parts_can_show_their_links_on_a_grant(client, world):
    from teilhabe.planning import links

    grant = _grant(world)

    def _measures(g):
        return [links.Link(label="Sprachcafé im Veedel", url="/massnahme/1/", relation="fördert")]

    links.register("grant")(_measures)
    try:
        login(client, world.users["reader"])
        page = client.get(
            reverse("planning:grant_detail", args=[world.municipality.ars, grant.pk])
        ).content.decode()
        assert "Sprachcafé im Veedel" in page
    finally:
        links._providers["grant"].remove(_measures)
