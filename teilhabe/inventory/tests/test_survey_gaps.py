"""Survey proposals and usage breakdown, single reminders, handover with QR code, automatic
reminders, per-1,000 basis and the county's gap view with its towns' offers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from teilhabe.core.models import Area, AreaKind, FieldOfAction
from teilhabe.core.services import municipality_create
from teilhabe.inventory import selectors, services
from teilhabe.inventory.models import (
    Actor,
    ChangeStatus,
    Offer,
    OfferLocation,
    SurveyInvitation,
    Usage,
)


@pytest.fixture
def survey_world(world):
    m = world.municipality
    actor = Actor.objects.create(
        municipality=m, name="Bürgerverein Nippes", kind="verein", email="info@bv.example"
    )
    offer = Offer.objects.create(
        municipality=m, actor=actor, title="Nachbarschaftscafé", form="gruppe"
    )
    offer.fields_of_action.set([world.field])
    survey = services.survey_create(
        municipality=m,
        title="Bestandserhebung 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        deadline=timezone.localdate() + timedelta(days=20),
        message="",
        user=world.users["admin"],
    )
    return actor, offer, survey


def _answer(survey, actor, offer, extra):  # type: ignore[no-untyped-def]
    invitation, token = services.survey_invitation_create(survey=survey, actor=actor)
    data = {
        "akteur-name": actor.name,
        "akteur-email": actor.email,
        f"angebot-{offer.pk}-title": offer.title,
        f"angebot-{offer.pk}-status": "aktiv",
    } | extra
    response = Client().post(reverse("inventory:survey_answer", args=[token]), data)
    return invitation, token, response


def test_actor_proposes_a_new_offer_reviewed_field_by_field(world, survey_world):
    actor, offer, survey = survey_world
    m = world.municipality
    invitation, _token, response = _answer(
        survey,
        actor,
        offer,
        {
            "neu-1-title": "Hausaufgabenhilfe",
            "neu-1-form": "gruppe",
            "neu-1-fields_of_action": [world.field.pk],
            "neu-1-target_groups": ["kinder"],
            "neu-1-status": "aktiv",
            "neu-1-venue": "Pfarrheim St. Marien",
            "neu-1-capacity": "12",
            "neu-1-schedule": "Mo–Do 14–16 Uhr",
        },
    )
    assert response.status_code == 200
    assert not Offer.objects.filter(title="Hausaufgabenhilfe").exists()  # nothing before review
    proposal = invitation.changes.filter(target="proposal")
    assert set(proposal.values_list("field", flat=True)) >= {"title", "venue", "capacity"}
    staff = login(Client(), world.users["editor"])
    review = reverse("inventory:survey_review", args=[m.ars, survey.pk, invitation.pk])
    page = staff.get(review).content.decode()
    assert "Pfarrheim St. Marien" in page and world.field.name in page
    schedule = proposal.get(field="schedule")
    title = proposal.get(field="title")
    # Deciding a detail before the title is refused with a clear message.
    staff.post(review, {f"change-{proposal.get(field='capacity').pk}": "accept"})
    assert proposal.get(field="capacity").status == ChangeStatus.PENDING
    staff.post(review, {f"change-{title.pk}": "accept", f"change-{schedule.pk}": "reject"})
    created = Offer.objects.get(title="Hausaufgabenhilfe")
    assert created.actor == actor and created.form == "gruppe" and created.schedule == ""
    assert list(created.fields_of_action.all()) == [world.field]
    assert created.published_at is None
    staff.post(review, {"all": "accept"})
    created.refresh_from_db()
    assert created.capacity == 12 and created.target_groups == ["kinder"]
    assert created.locations.get().venue == "Pfarrheim St. Marien"
    assert not invitation.changes.filter(status=ChangeStatus.PENDING).exists()


def test_rejecting_the_title_rejects_the_whole_proposal(world, survey_world):
    actor, offer, survey = survey_world
    invitation, _token, _response = _answer(
        survey,
        actor,
        offer,
        {
            "neu-1-title": "Doppelt",
            "neu-1-form": "kurs",
            "neu-1-fields_of_action": [world.field.pk],
        },
    )
    title = invitation.changes.get(target="proposal", field="title")
    services.survey_change_decide(change=title, accept=False, user=world.users["editor"])
    assert not invitation.changes.filter(status=ChangeStatus.PENDING).exists()
    assert not Offer.objects.filter(title="Doppelt").exists()


def test_proposal_without_title_or_form_is_explained(world, survey_world):
    actor, offer, survey = survey_world
    _invitation, _token, response = _answer(
        survey, actor, offer, {"neu-2-capacity": "5", "neu-1-title": "Ohne Form"}
    )
    errors = response.context["proposal_forms"]
    assert "title" in errors[1].errors and "form" in errors[0].errors
    assert "fields_of_action" in errors[0].errors


def test_survey_collects_age_bands_and_origin_groups(world, survey_world):
    actor, offer, survey = survey_world
    invitation, _token, response = _answer(
        survey,
        actor,
        offer,
        {
            f"angebot-{offer.pk}-participants": "20",
            f"angebot-{offer.pk}-age_under_18": "5",
            f"angebot-{offer.pk}-age_27_64": "15",
            f"angebot-{offer.pk}-origin_groups": "Syrien: 8\nUkraine: 7",
        },
    )
    assert response.status_code == 200
    services_order = sorted(
        invitation.changes.filter(status=ChangeStatus.PENDING),
        key=lambda c: c.field != "participants",
    )
    for change in services_order:
        services.survey_change_decide(change=change, accept=True, user=world.users["editor"])
    usage = Usage.objects.get(offer=offer)
    assert (usage.participants, usage.age_under_18, usage.age_27_64) == (20, 5, 15)
    assert usage.origin_groups == {"Syrien": 8, "Ukraine": 7}
    _inv, _tok, bad = _answer(
        survey,
        actor,
        offer,
        {
            f"angebot-{offer.pk}-participants": "3",
            f"angebot-{offer.pk}-age_18_26": "9",
            f"angebot-{offer.pk}-origin_groups": "Syrien acht",
        },
    )
    form = bad.context["offer_forms"][0][1]
    assert "age_under_18" in form.errors and "origin_groups" in form.errors


def test_survey_form_works_at_320_px_without_script(world, survey_world):
    actor, _offer, survey = survey_world
    _invitation, token = services.survey_invitation_create(survey=survey, actor=actor)
    html = Client().get(reverse("inventory:survey_answer", args=[token])).content.decode()
    assert "<details" in html and 'name="neu-1-title"' in html and "<script>" not in html


def test_single_reminder_and_handover_with_qr_code(world, survey_world):
    actor, _offer, survey = survey_world
    m = world.municipality
    sent, _skipped = services.survey_send(survey=survey, actors=[actor])
    old_token = mail.outbox[0].body.split("/bestand/rueckmeldung/")[1].split("/")[0]
    staff = login(Client(), world.users["editor"])
    remind = reverse("inventory:survey_invitation_remind", args=[m.ars, survey.pk, sent[0].pk])
    assert staff.post(remind).status_code == 302
    assert len(mail.outbox) == 2 and actor.name in mail.outbox[1].body
    assert Client().get(reverse("inventory:survey_answer", args=[old_token])).status_code == 410
    no_mail = Actor.objects.create(
        municipality=m, name="Moscheeverein", kind="religionsgemeinschaft"
    )
    handover = reverse("inventory:survey_handover", args=[m.ars, survey.pk, no_mail.pk])
    assert "<svg" not in staff.get(handover).content.decode()
    page = staff.post(handover).content.decode()
    assert "<svg" in page and "/bestand/rueckmeldung/" in page
    token = page.split("/bestand/rueckmeldung/")[1].split("/")[0]
    assert Client().get(reverse("inventory:survey_answer", args=[token])).status_code == 200
    assert SurveyInvitation.objects.filter(survey=survey, actor=no_mail).exists()
    # The handover of another municipality's actor is not found.
    foreign = Actor.objects.create(municipality=world.other, name="Fremd", kind="verein")
    assert (
        staff.get(
            reverse("inventory:survey_handover", args=[m.ars, survey.pk, foreign.pk])
        ).status_code
        == 404
    )


def test_automatic_reminders_respect_interval_and_maximum(world, survey_world):
    actor, _offer, survey = survey_world
    sent, _skipped = services.survey_send(survey=survey, actors=[actor])
    invitation = sent[0]
    call_command("inventory_remind")
    assert len(mail.outbox) == 1  # sent today: not yet due
    SurveyInvitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(days=8)
    )
    call_command("inventory_remind", "--dry-run")
    assert len(mail.outbox) == 1
    call_command("inventory_remind")
    assert len(mail.outbox) == 2
    invitation.refresh_from_db()
    assert invitation.reminders == 1
    SurveyInvitation.objects.filter(pk=invitation.pk).update(
        reminded_at=timezone.now() - timedelta(days=8), reminders=2
    )
    call_command("inventory_remind")
    assert len(mail.outbox) == 2  # the maximum is reached
    SurveyInvitation.objects.filter(pk=invitation.pk).update(
        reminders=0, answered_at=timezone.now()
    )
    call_command("inventory_remind")
    assert len(mail.outbox) == 2  # answered


# --- gap view -----------------------------------------------------------------------------


def test_gap_view_says_the_rate_refers_to_the_total_population(world):
    m = world.municipality
    client = login(Client(), world.users["reader"])
    page = client.get(reverse("inventory:gaps", args=[m.ars])).content.decode()
    # Without population figures: counts, and no toggle for a town.
    assert 'name="gemeinden"' not in page
    matrix = selectors.gap_matrix_by_target_group(municipality=m)
    assert matrix.population_basis == ""


@pytest.fixture
def county_world(db):
    county = municipality_create(ars="059990000000", name="Kreis Beispielland", kind="kreis")
    town = municipality_create(
        ars="059990001001", name="Beispielstadt", kind="gemeinde", parent=county
    )
    town_area = Area.objects.create(
        municipality=county, key=town.ars, name=town.name, kind=AreaKind.GEMEINDE
    )
    county_field = FieldOfAction.objects.create(municipality=county, name="Sprache", position=1)
    town_field = FieldOfAction.objects.create(municipality=town, name="Sprache", position=1)
    actor = Actor.objects.create(municipality=town, name="Caritas", kind="wohlfahrtsverband")
    offers = {}
    for title, published, shared in (
        ("Freigegeben", True, False),
        ("Geteilt", False, True),
        ("Entwurf", False, False),
    ):
        o = Offer.objects.create(
            municipality=town,
            actor=actor,
            title=title,
            form="kurs",
            capacity=10,
            target_groups=["frauen"],
            shared_in_federation=shared,
            published_at=timezone.now() if published else None,
        )
        o.fields_of_action.set([town_field])
        offers[title] = o
    return county, town, town_area, county_field, offers


def test_county_gap_view_includes_only_published_or_shared_town_offers(county_world):
    county, town, town_area, county_field, _offers = county_world
    without = selectors.gap_matrix_by_area(municipality=county)
    assert without.cell(county_field, str(town_area.pk)).offers == 0
    matrix = selectors.gap_matrix_by_area(municipality=county, include_towns=True)
    cell = matrix.cell(county_field, str(town_area.pk))
    assert (cell.offers, cell.capacity) == (2, 20)
    assert {o.title for o in matrix.town_offers} == {"Freigegeben", "Geteilt"}
    by_group = selectors.gap_matrix_by_target_group(
        municipality=county, include_towns=True, area=town_area
    )
    assert by_group.cell(county_field, "frauen").offers == 2
    # A town never sees its sister towns' drafts this way: the toggle is the county's only.
    assert selectors.town_offers_for_county(county=town) == []


def test_county_gap_page_toggle(county_world, client):
    from teilhabe.core.models import Membership, Role, User

    county, _town, _area, _field, _offers = county_world
    user = User.objects.create_user("kreis@example.org", "ein-langes-Test-Passwort-42")
    Membership.objects.create(user=user, municipality=county, role=Role.READER)
    login(client, user)
    url = reverse("inventory:gaps", args=[county.ars])
    page = client.get(url, {"gemeinden": "1"}).content.decode()
    assert 'name="gemeinden"' in page and "Geteilt" in page and "Entwurf" not in page
    assert "Entwurf" not in client.get(url).content.decode()


def test_offer_with_location_in_a_town_area_counts_there(county_world):
    county, _town, town_area, county_field, _offers = county_world
    # The county's own offer located in the town's area is counted once, with the towns'.
    actor = Actor.objects.create(municipality=county, name="Kreis-VHS", kind="bildungstraeger")
    own = Offer.objects.create(municipality=county, actor=actor, title="Kurs", form="kurs")
    own.fields_of_action.set([county_field])
    OfferLocation.objects.create(offer=own, area=town_area)
    matrix = selectors.gap_matrix_by_area(municipality=county, include_towns=True)
    assert matrix.cell(county_field, str(town_area.pk)).offers == 3
