"""Small builders for the council tests."""

from __future__ import annotations

from datetime import date

from teilhabe.council import services
from teilhabe.council.models import Committee, Meeting, Paper, PaperType


def committee(municipality, name: str, kind: str = "committee") -> Committee:  # type: ignore[no-untyped-def]
    return services.committee_save(
        committee=Committee(municipality=municipality, name=name, kind=kind)
    )


def meeting(municipality, body: Committee, day: date) -> Meeting:  # type: ignore[no-untyped-def]
    return services.meeting_save(
        meeting=Meeting(
            municipality=municipality, committee=body, start=services.meeting_datetime(day)
        )
    )


def paper(municipality, type_name: str = "Beschlussvorlage", **extra) -> Paper:  # type: ignore[no-untyped-def]
    services.paper_types_ensure(municipality=municipality)
    fields = {
        "subject": "Integrationskonzept der Stadt – Beschluss",
        "proposed_resolution": "Der Rat beschließt das Integrationskonzept.",
    } | extra
    return services.paper_save(
        paper=Paper(
            municipality=municipality,
            paper_type=PaperType.objects.get(municipality=municipality, name=type_name),
            **fields,
        ),
        sections=[("Anlass", "Der Rat hat die Verwaltung beauftragt.")],
    )
