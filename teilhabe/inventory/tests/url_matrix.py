"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from datetime import date

from tests.url_matrix import (
    ADMIN,
    EDIT,
    POST_ADMIN,
    POST_EDIT,
    PUBLIC,
    READ,
    ROLES,
    Row,
    ars,
)


def setup(world) -> None:  # type: ignore[no-untyped-def]
    """Create the objects the rows below need; store them in world.extra."""
    from teilhabe.inventory.models import Actor, Offer, Usage
    from teilhabe.inventory.services import survey_create, survey_invitation_create

    m = world.municipality
    actor = Actor.objects.create(
        municipality=m, name="Caritasverband Köln", kind="wohlfahrtsverband", email="a@x.example"
    )
    twin = Actor.objects.create(
        municipality=m, name="Caritasverband Koeln", kind="wohlfahrtsverband"
    )
    offer = Offer.objects.create(municipality=m, actor=actor, title="Sprachcafé", form="gruppe")
    offer.fields_of_action.set([world.field])
    other = Offer.objects.create(municipality=m, actor=actor, title="Sprachcafe", form="gruppe")
    usage = Usage.objects.create(
        offer=offer, period_start=date(2025, 1, 1), period_end=date(2025, 6, 30), participants=12
    )
    survey = survey_create(
        municipality=m,
        title="Befragung 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        deadline=date(2099, 1, 31),
        message="",
        user=None,
    )
    invitation, token = survey_invitation_create(survey=survey, actor=actor)
    # A municipal office acting as provider: the "office" role (org unit world.org_unit)
    # maintains its offers and their usage, nothing else.
    office_actor = Actor.objects.create(
        municipality=m,
        name="Jugendamt – Fachstelle Integration",
        kind="amt",
        org_unit=world.org_unit,
    )
    office_offer = Offer.objects.create(
        municipality=m, actor=office_actor, title="Elterncafé", form="gruppe"
    )
    office_offer.fields_of_action.set([world.field])
    office_usage = Usage.objects.create(
        offer=office_offer,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        participants=9,
    )
    # Keys are prefixed: world.extra is shared with the other parts' matrices.
    world.extra.update(
        inventory_actor=actor,
        inventory_twin=twin,
        inventory_offer=offer,
        inventory_other_offer=other,
        inventory_usage=usage,
        inventory_survey=survey,
        inventory_invitation=invitation,
        inventory_token=token,
        inventory_office_actor=office_actor,
        inventory_office_offer=office_offer,
        inventory_office_usage=office_usage,
    )


def _x(w, **keys):  # type: ignore[no-untyped-def]
    return ars(w) | {k: w.extra[f"inventory_{v}"].pk for k, v in keys.items()}


# The responsible office maintains the offers (and usage) of actors of its org unit.
OFFICE_MAINTAINS = EDIT | {"office": 200}

# Merging is for admins; GET shows the confirmation page.
MATRIX: list = [
    Row("inventory:actor_list", ars, READ),
    Row("inventory:actor_create", ars, EDIT),
    Row("inventory:actor_detail", lambda w: _x(w, pk="actor"), READ),
    Row("inventory:actor_edit", lambda w: _x(w, pk="actor"), EDIT),
    Row("inventory:actor_note", lambda w: _x(w, pk="actor"), POST_EDIT),
    Row("inventory:actor_contact_remove", lambda w: _x(w, pk="actor"), POST_EDIT),
    Row("inventory:actor_publish", lambda w: _x(w, pk="actor"), POST_ADMIN),
    Row("inventory:actor_merge", lambda w: _x(w, pk="actor", other="twin"), ADMIN),
    Row("inventory:offer_list", ars, READ),
    Row("inventory:offer_create", ars, OFFICE_MAINTAINS),
    Row("inventory:offer_detail", lambda w: _x(w, pk="offer"), READ),
    Row("inventory:offer_edit", lambda w: _x(w, pk="office_offer"), OFFICE_MAINTAINS),
    Row("inventory:offer_publish", lambda w: _x(w, pk="offer"), POST_ADMIN),
    Row("inventory:offer_merge", lambda w: _x(w, pk="offer", other="other_offer"), ADMIN),
    Row("inventory:usage_create", lambda w: _x(w, offer_pk="office_offer"), OFFICE_MAINTAINS),
    Row(
        "inventory:usage_edit",
        lambda w: _x(w, offer_pk="office_offer", pk="office_usage"),
        OFFICE_MAINTAINS,
    ),
    Row("inventory:usage_list", ars, READ),
    Row("inventory:gaps", ars, READ),
    Row("inventory:duplicates", ars, READ),
    Row("inventory:offer_map", ars, READ),
    Row("inventory:offer_map_points", ars, READ),
    Row("inventory:import", ars, EDIT),
    Row("inventory:export", lambda w: ars(w) | {"kind": "offers", "fmt": "xlsx"}, READ),
    Row("inventory:survey_list", ars, EDIT),
    Row("inventory:survey_create", ars, EDIT),
    Row("inventory:survey_detail", lambda w: _x(w, pk="survey"), EDIT),
    Row(
        "inventory:survey_review",
        lambda w: _x(w, pk="survey", invitation_pk="invitation"),
        EDIT,
    ),
    Row(
        "inventory:survey_invitation_remind",
        lambda w: _x(w, pk="survey", invitation_pk="invitation"),
        POST_EDIT,
    ),
    Row("inventory:survey_handover", lambda w: _x(w, pk="survey", actor_pk="actor"), EDIT),
    # Public: the actor's personal link works for everyone who holds it, with or without login.
    Row("inventory:survey_answer", lambda w: {"token": w.extra["inventory_token"]}, PUBLIC),
]

assert all(set(r.expect) == set(ROLES) for r in MATRIX)
