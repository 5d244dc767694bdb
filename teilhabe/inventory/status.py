"""The inventory's status on the home page and its section of the handover view; registered in
``wiring.py``."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.core import handover
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.inventory.selectors import actors_visible, offers_for_municipality


def inventory_status(municipality: Municipality) -> StepStatus:
    actors = actors_visible(municipality=municipality).count()
    offers = offers_for_municipality(municipality=municipality).count()
    if not actors:
        return StepStatus(
            next_action=_("Record actors and offers or import a spreadsheet."),
            url=reverse("inventory:import", args=[municipality.ars]),
        )
    return StepStatus(
        facts=[
            _("%(n)s actors") % {"n": actors},
            _("%(n)s offers") % {"n": offers},
        ],
        next_action=_("Ask the actors to check their data."),
        url=reverse("inventory:offer_list", args=[municipality.ars]),
        started=True,
    )


def handover_actors(municipality: Municipality) -> handover.Section:
    """The actors' contact addresses: a successor's address book."""
    actors = (
        actors_visible(municipality=municipality)
        .exclude(Q(email="") & Q(phone="") & Q(contact_person=""))
        .order_by("name")
    )
    items = [
        handover.Item(
            label=actor.name,
            detail="\n".join(x for x in (actor.contact_person, actor.email, actor.phone) if x),
            url=reverse("inventory:actor_detail", args=[municipality.ars, actor.pk]),
            status=actor.get_kind_display(),
        )
        for actor in actors
    ]
    return handover.Section(
        title=_("Contacts of actors"),
        items=items,
        empty=_("No actor has contact details yet."),
        columns=(_("Actor"), _("Contact")),
        dated=False,
    )
