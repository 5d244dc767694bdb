"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.url_matrix import ADMIN, EDIT, POST_ADMIN, POST_EDIT, READ, Row, ars


def setup(world) -> None:  # type: ignore[no-untyped-def]
    """Create the objects the rows below need; store them in world.extra."""
    from django.contrib.contenttypes.models import ContentType

    from teilhabe.council import services
    from teilhabe.council.models import (
        Attachment,
        Committee,
        CouncilMembership,
        CouncilPerson,
        Meeting,
        OParlRun,
        Paper,
        PaperLink,
        PaperType,
        SignOff,
        SignOffStep,
    )

    m = world.municipality
    services.paper_types_ensure(municipality=m)
    committee = services.committee_save(
        committee=Committee(municipality=m, name="Integrationsrat", kind="integration_council")
    )
    meeting = services.meeting_save(
        meeting=Meeting(
            municipality=m,
            committee=committee,
            start=services.meeting_datetime(date(2026, 12, 8)),
        )
    )
    paper = services.paper_save(
        paper=Paper(
            municipality=m,
            paper_type=PaperType.objects.get(municipality=m, name="Beschlussvorlage"),
            subject="Integrationskonzept – Beschluss",
            lead=world.org_unit,
            proposed_resolution="Der Rat beschließt das Integrationskonzept.",
        ),
        sections=[("Anlass", "Der Rat hat die Verwaltung beauftragt.")],
    )
    consultations = services.consultations_plan(
        paper=paper,
        steps=[services.PlannedStep(committee=committee, meeting=meeting, authoritative=True)],
        replan=False,
    )
    person = CouncilPerson.objects.create(
        municipality=m, name="Ayşe Yılmaz", oparl_id="https://ris.example/oparl/person/7"
    )
    CouncilMembership.objects.create(
        committee=committee,
        person=person,
        role="Vorsitzende",
        oparl_id="https://ris.example/oparl/membership/7",
    )
    world.extra["council"] = {
        "person": person,
        "committee": committee,
        "meeting": meeting,
        "paper": paper,
        "consultation": consultations[0],
        "signoff": SignOff.objects.create(paper=paper, org_unit=world.org_unit),
        "attachment": Attachment.objects.create(
            paper=paper, title="Entwurf", url="https://ris.example/entwurf.pdf"
        ),
        "link": PaperLink.objects.create(
            paper=paper,
            content_type=ContentType.objects.get_for_model(Committee),
            object_id=committee.pk,
            label="Integrationsrat",
        ),
        "step": SignOffStep.objects.create(municipality=m, org_unit=world.org_unit),
        "paper_type": PaperType.objects.filter(municipality=m).first(),
        "run": OParlRun.objects.create(municipality=m, source="https://ris.example/oparl"),
    }
    # A paper that links a frozen concept draft, for attaching the draft as PDF.
    from teilhabe.concept.models import ConceptDraft
    from teilhabe.council import consequences

    draft = ConceptDraft.objects.create(
        municipality=m,
        number=ConceptDraft.objects.filter(municipality=m).count() + 100,
        title="Integrationskonzept",
        snapshot=[
            {
                "key": "vision",
                "kind": "vision",
                "label": "",
                "title": "Leitbild",
                "text": "Alle Menschen in der Stadt haben gleiche Chancen auf Teilhabe.",
                "parent": "",
            }
        ],
    )
    consequences.link_add(
        paper=paper, key=f"{ContentType.objects.get_for_model(ConceptDraft).pk}:{draft.pk}"
    )
    world.extra["council_draft"] = draft


def _obj(name: str):  # type: ignore[no-untyped-def]
    def kwargs(w: Any) -> dict[str, Any]:
        return ars(w) | {"pk": w.extra["council"][name].pk}

    return kwargs


# Sign-offs: editors and the office whose unit signs off.
SIGN_OFF = READ | {"steering": 403, "working_group": 403, "reader": 403}

MATRIX: list[Row] = [
    Row("council:paper_list", ars, READ),
    Row("council:paper_create", ars, EDIT),
    Row("council:paper_detail", _obj("paper"), READ),
    Row("council:paper_edit", _obj("paper"), EDIT),
    Row("council:paper_finance", _obj("paper"), EDIT),
    Row("council:paper_attachments", _obj("paper"), EDIT),
    # The matrix's attachment is a link into the RIS, no stored file: 404 for whom may read.
    Row(
        "council:attachment_download",
        _obj("attachment"),
        {r: (404 if s == 200 else s) for r, s in READ.items()},
    ),
    Row("council:attachment_delete", _obj("attachment"), POST_EDIT),
    Row("council:paper_pdf", _obj("paper"), READ),
    Row("council:paper_docx", _obj("paper"), EDIT),
    Row("council:paper_preview", _obj("paper"), READ),
    Row("council:paper_draft_attach", _obj("paper"), POST_EDIT),
    Row("council:paper_hand_over", _obj("paper"), EDIT),
    Row("council:signoffs_request", _obj("paper"), POST_EDIT),
    Row("council:signoff_decide", _obj("signoff"), SIGN_OFF),
    Row("council:paper_consultations", _obj("paper"), EDIT),
    Row("council:consultation_result", _obj("consultation"), EDIT),
    Row("council:paper_links", _obj("paper"), EDIT),
    Row("council:link_delete", _obj("link"), POST_EDIT),
    Row("council:person_remove", _obj("person"), POST_ADMIN),
    # The change proposal is the concept part's (its setup creates it).
    Row(
        "council:proposal_decide",
        lambda w: ars(w) | {"pk": w.extra["concept_proposal"].pk},
        POST_EDIT,
    ),
    Row("council:paper_mandate", _obj("paper"), POST_EDIT),
    Row("council:committee_list", ars, READ),
    Row("council:committee_create", ars, EDIT),
    Row("council:committee_detail", _obj("committee"), READ),
    Row("council:committee_edit", _obj("committee"), EDIT),
    Row("council:committee_rename", _obj("committee"), EDIT),
    Row("council:period_create", ars, EDIT),
    Row("council:meeting_list", ars, READ),
    Row("council:meeting_create", ars, EDIT),
    Row("council:meeting_detail", _obj("meeting"), READ),
    Row("council:meeting_edit", _obj("meeting"), EDIT),
    Row("council:agenda_item_add", _obj("meeting"), EDIT),
    Row("council:settings", ars, ADMIN),
    Row("council:paper_type_add", ars, POST_ADMIN),
    Row("council:paper_type_edit", _obj("paper_type"), ADMIN),
    Row("council:signoff_step_add", ars, POST_ADMIN),
    Row("council:signoff_step_delete", _obj("step"), POST_ADMIN),
    Row("council:oparl_import", ars, EDIT),
    Row("council:oparl_run", _obj("run"), READ),
]
