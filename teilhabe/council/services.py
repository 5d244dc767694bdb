"""Writes of the council part: bodies, meetings, papers, sign-offs, the Beratungsfolge and
the consequences of a decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.models import Municipality, User
from teilhabe.core.versioning import save_versioned
from teilhabe.council.models import (
    AgendaItem,
    Attachment,
    Committee,
    CommitteeName,
    Consultation,
    ConsultationResult,
    ConsultationRole,
    CouncilPerson,
    CouncilSettings,
    ElectionPeriod,
    Meeting,
    MeetingStatus,
    Paper,
    PaperStatus,
    PaperType,
    RemovedPerson,
    SignOff,
    SignOffDecision,
    SignOffStep,
)

DEFAULT_PAPER_TYPES: list[tuple[str, bool]] = [
    ("Beschlussvorlage", True),
    ("Mitteilungsvorlage", False),
    ("Informationsvorlage", False),
    ("Antrag", True),
    ("Anfrage", False),
    ("Beantwortung einer Anfrage", False),
    ("Änderungs- / Ergänzungsvorlage", True),
    ("Tischvorlage", True),
    ("Magistratsvorlage", True),
]


# --- settings and types ----------------------------------------------------------------


def council_settings_ensure(*, municipality: Municipality) -> CouncilSettings:
    obj, _created = CouncilSettings.objects.get_or_create(municipality=municipality)
    return obj


@transaction.atomic
def paper_types_ensure(*, municipality: Municipality) -> list[PaperType]:
    """Give a municipality the common paper types once; it may rename or add its own."""
    if not PaperType.objects.filter(municipality=municipality).exists():
        for position, (name, has_resolution) in enumerate(DEFAULT_PAPER_TYPES, start=1):
            PaperType.objects.create(
                municipality=municipality,
                name=name,
                has_resolution=has_resolution,
                position=position,
            )
    return list(PaperType.objects.filter(municipality=municipality))


@transaction.atomic
def paper_type_save(*, paper_type: PaperType) -> PaperType:
    paper_type.full_clean()
    paper_type.save()
    return paper_type


@transaction.atomic
def council_settings_save(*, settings_obj: CouncilSettings) -> CouncilSettings:
    settings_obj.full_clean()
    settings_obj.save()
    for meeting in Meeting.objects.filter(
        municipality=settings_obj.municipality, deadline_overridden=False
    ):
        new = settings_obj.paper_deadline_for(meeting.day)
        if meeting.paper_deadline != new:
            meeting.paper_deadline = new
            meeting.save(update_fields=["paper_deadline"])
    return settings_obj


@transaction.atomic
def signoff_step_save(*, step: SignOffStep) -> SignOffStep:
    if step.org_unit.municipality_id != step.municipality_id:
        raise ValidationError({"org_unit": _("The unit belongs to another municipality.")})
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def signoff_step_delete(*, step: SignOffStep) -> None:
    step.delete()


# --- bodies and meetings -----------------------------------------------------------------


@transaction.atomic
def election_period_save(*, period: ElectionPeriod) -> ElectionPeriod:
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def committee_save(*, committee: Committee) -> Committee:
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def committee_rename(*, committee: Committee, new_name: str, valid_from: date) -> Committee:
    """Rename a body from ``valid_from`` on; papers before that keep the old name."""
    new_name = new_name.strip()
    if not new_name or new_name == committee.name:
        raise ValidationError({"new_name": _("Give a new name that differs from the current one.")})
    last = committee.former_names.order_by("-valid_until").first()
    if last is not None and valid_from <= last.valid_until:
        raise ValidationError(
            {
                "valid_from": _("The rename must lie after %(day)s, the end of the last name.")
                % {"day": last.valid_until.strftime("%d.%m.%Y")}
            }
        )
    CommitteeName.objects.create(
        committee=committee,
        name=committee.name,
        valid_from=(last.valid_until + timedelta(days=1)) if last else None,
        valid_until=valid_from - timedelta(days=1),
    )
    committee.name = new_name
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def meeting_save(*, meeting: Meeting) -> Meeting:
    """Save a meeting; its paper deadline follows the municipality's rule unless set by hand."""
    rule = council_settings_ensure(municipality=meeting.municipality)
    if not meeting.deadline_overridden or meeting.paper_deadline is None:
        meeting.paper_deadline = rule.paper_deadline_for(meeting.day)
        meeting.deadline_overridden = False
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def agenda_item_save(*, item: AgendaItem) -> AgendaItem:
    if item.paper_id and item.paper.municipality_id != item.meeting.municipality_id:
        raise ValidationError({"paper": _("The paper belongs to another municipality.")})
    if not item.position:
        item.position = (item.meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item.full_clean()
    item.save()
    return item


# --- papers ------------------------------------------------------------------------------


@transaction.atomic
def paper_save(
    *,
    paper: Paper,
    sections: list[tuple[str, str]] | None = None,
    expected_version: int | None = None,
) -> Paper:
    """Create or update a paper and (when given) replace its numbered justification sections."""
    if not paper.paper_type.has_resolution:
        paper.proposed_resolution = ""
    save_versioned(paper, expected_version=expected_version)
    if sections is not None:
        existing = list(paper.sections.all())
        kept = [(h.strip(), t.strip()) for h, t in sections if t.strip() or h.strip()]
        for index, (heading, text) in enumerate(kept, start=1):
            if index <= len(existing):
                section = existing[index - 1]
                if (section.heading, section.text, section.position) != (heading, text, index):
                    section.heading, section.text, section.position = heading, text, index
                    section.full_clean()
                    section.save()
            else:
                paper.sections.create(position=index, heading=heading, text=text)
        for section in existing[len(kept) :]:
            section.delete()
    return paper


@transaction.atomic
def attachment_add(
    *, paper: Paper, title: str, file: Any = None, url: str = "", is_main: bool = False
) -> Attachment:
    position = (paper.attachments.aggregate(m=Max("position"))["m"] or 0) + 1
    attachment = Attachment(paper=paper, title=title, url=url, is_main=is_main, position=position)
    if file is not None:
        attachment.file = file
    if not attachment.file and not attachment.url:
        raise ValidationError({"file": _("Choose a file to attach.")})
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    if attachment.file:
        attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def paper_hand_over(*, paper: Paper, reference: str, ris_url: str, oparl_id: str = "") -> Paper:
    """Record the Drucksachen-Nr. the RIS assigned and the link to the paper there."""
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Give the Drucksachen-Nr. from the RIS.")})
    clash = (
        Paper.objects.filter(municipality=paper.municipality, reference=reference)
        .exclude(pk=paper.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "reference": _("The Drucksachen-Nr. %(ref)s is already used by “%(subject)s”.")
                % {"ref": reference, "subject": clash.subject}
            }
        )
    paper.reference = reference
    paper.ris_url = ris_url
    paper.oparl_id = oparl_id
    if paper.status in (PaperStatus.DRAFT, PaperStatus.SIGNOFF, PaperStatus.READY):
        paper.status = PaperStatus.SUBMITTED
    save_versioned(paper)
    return paper


# --- sign-offs ---------------------------------------------------------------------------


def first_paper_deadline(*, paper: Paper) -> date | None:
    """The paper deadline of the first planned consultation (its meeting's, or by the rule)."""
    first = (
        paper.consultations.filter(superseded_at__isnull=True)
        .select_related("meeting")
        .order_by("position")
        .first()
    )
    if first is None:
        return None
    if first.meeting_id and first.meeting and first.meeting.paper_deadline:
        return first.meeting.paper_deadline
    if first.planned_date:
        rule = council_settings_ensure(municipality=paper.municipality)
        return rule.paper_deadline_for(first.planned_date)
    return None


def signoff_due(*, paper: Paper) -> date | None:
    deadline = first_paper_deadline(paper=paper)
    if deadline is None:
        return None
    rule = council_settings_ensure(municipality=paper.municipality)
    due = deadline - timedelta(days=rule.signoff_days)
    while due.weekday() >= 5:
        due -= timedelta(days=1)
    return due


@transaction.atomic
def signoffs_request(*, paper: Paper) -> list[SignOff]:
    """Ask the configured units for their sign-off; keeps decisions already given."""
    steps = [
        s
        for s in SignOffStep.objects.filter(municipality=paper.municipality).select_related(
            "org_unit"
        )
        if s.applies_to(paper)
    ]
    if not steps:
        raise ValidationError(
            _("No sign-offs are configured. An administrator sets them under Council settings.")
        )
    due = signoff_due(paper=paper)
    out = []
    for step in steps:
        signoff, created = SignOff.objects.get_or_create(
            paper=paper, org_unit=step.org_unit, defaults={"position": step.position, "due": due}
        )
        if not created and signoff.is_open and signoff.due != due:
            signoff.due = due
            signoff.save(update_fields=["due"])
        out.append(signoff)
    if paper.status == PaperStatus.DRAFT:
        paper.status = PaperStatus.SIGNOFF
        paper.save(update_fields=["status"])
    _update_signoff_status(paper)
    return out


def _update_signoff_status(paper: Paper) -> None:
    signoffs = list(paper.signoffs.all())
    if paper.status not in (PaperStatus.SIGNOFF, PaperStatus.READY) or not signoffs:
        return
    complete = all(
        s.decision in (SignOffDecision.APPROVED, SignOffDecision.REMARK) for s in signoffs
    )
    status = PaperStatus.READY if complete else PaperStatus.SIGNOFF
    if paper.status != status:
        paper.status = status
        paper.save(update_fields=["status"])


@transaction.atomic
def signoff_decide(*, signoff: SignOff, decision: str, remark: str, user: User) -> SignOff:
    if decision not in (SignOffDecision.APPROVED, SignOffDecision.REMARK, SignOffDecision.REFUSED):
        raise ValidationError({"decision": _("Choose approve, approve with remark or refuse.")})
    signoff.decision = decision
    signoff.remark = remark.strip()
    signoff.decided_by = user
    signoff.decided_at = timezone.now()
    signoff.full_clean()
    signoff.save()
    _update_signoff_status(signoff.paper)
    return signoff


# --- the Beratungsfolge ------------------------------------------------------------------


@dataclass
class PlannedStep:
    committee: Committee
    meeting: Meeting | None = None
    planned_date: date | None = None
    role: str = ConsultationRole.PRELIMINARY
    authoritative: bool = False


def current_consultations(paper: Paper) -> list[Consultation]:
    return list(
        paper.consultations.filter(superseded_at__isnull=True)
        .select_related("committee", "meeting")
        .prefetch_related("committee__former_names")
        .order_by("position")
    )


@transaction.atomic
def consultations_plan(
    *, paper: Paper, steps: list[PlannedStep], replan: bool
) -> list[Consultation]:
    """Set the Beratungsfolge. With ``replan`` the previous plan stays visible as superseded,
    and results already recorded in it are carried over to the same step of the new plan."""
    if not steps:
        raise ValidationError(_("Enter at least one consultation."))
    if sum(1 for s in steps if s.authoritative) > 1:
        raise ValidationError(_("Only one consultation can be authoritative."))
    for index, step in enumerate(steps, start=1):
        if step.committee.municipality_id != paper.municipality_id:
            raise ValidationError(
                _("Step %(n)s: the body belongs to another municipality.") % {"n": index}
            )
        if step.meeting is not None and step.meeting.committee_id != step.committee.pk:
            raise ValidationError(
                _("Step %(n)s: the meeting on %(day)s is not a meeting of “%(body)s”.")
                % {
                    "n": index,
                    "day": step.meeting.day.strftime("%d.%m.%Y"),
                    "body": step.committee.name,
                }
            )
        if step.meeting is None and step.planned_date is None:
            raise ValidationError(_("Step %(n)s: choose a meeting or enter a date.") % {"n": index})
    old = current_consultations(paper)
    now = timezone.now()
    if replan and old:
        round_number = max(c.plan_round for c in old) + 1
        for consultation in old:
            consultation.superseded_at = now
            consultation.save(update_fields=["superseded_at"])
    else:
        round_number = old[0].plan_round if old else 1
        recorded = [c for c in old if c.result]
        if recorded:
            raise ValidationError(
                _(
                    "Results are already recorded. Save the changed sequence as a re-planning, "
                    "so the previous plan stays visible."
                )
            )
        for consultation in old:
            consultation.delete()
    done = {(c.committee_id, c.day, c.role): c for c in old if c.result}
    created = []
    for index, step in enumerate(steps, start=1):
        consultation = Consultation(
            paper=paper,
            position=index,
            committee=step.committee,
            meeting=step.meeting,
            planned_date=step.meeting.day if step.meeting else step.planned_date,
            role=step.role,
            authoritative=step.authoritative,
            plan_round=round_number,
        )
        previous = done.get((step.committee.pk, consultation.planned_date, step.role))
        if previous is not None:
            for name in ("result", "unanimous", "votes_yes", "votes_no", "votes_abstain"):
                setattr(consultation, name, getattr(previous, name))
            consultation.resolution_text = previous.resolution_text
        consultation.full_clean()
        consultation.save()
        created.append(consultation)
    for signoff in paper.signoffs.filter(decision=""):
        signoff.due = signoff_due(paper=paper)
        signoff.save(update_fields=["due"])
    paper_status_refresh(paper=paper)
    return created


def _result_refusal(consultation: Consultation, urgent: bool, urgent_on: date | None) -> str:
    """Why no result can be recorded for this step now ("" when it can)."""
    paper = consultation.paper
    if consultation.superseded_at is not None:
        return _("This consultation belongs to a replaced plan.")
    if not (paper.reference or paper.oparl_id):
        return _(
            "The paper has no Drucksachen-Nr. yet, so no body can have discussed it. "
            "Enter the number from the RIS under “Hand over to the RIS” first."
        )
    if paper.status == PaperStatus.DONE:
        return _(
            "The deliberation of this paper is finished; its results stay as recorded. "
            "If the paper is discussed again, save a re-planning of the sequence first."
        )
    today = timezone.localdate()
    if urgent:
        if urgent_on is None or urgent_on > today:
            return _("Give the day of the urgent decision; it cannot lie in the future.")
        return ""
    meeting = consultation.meeting
    if meeting is not None and meeting.status == MeetingStatus.CANCELLED:
        return _(
            "The meeting on %(day)s was cancelled. Move the step to another meeting "
            "(re-planning) or record an urgent decision with its reason."
        ) % {"day": meeting.day.strftime("%d.%m.%Y")}
    if meeting is not None and meeting.start > timezone.now():
        return _(
            "The meeting on %(day)s has not taken place yet. Record the result after the "
            "meeting, or record an urgent decision with its reason."
        ) % {"day": meeting.day.strftime("%d.%m.%Y")}
    if meeting is None and (consultation.planned_date is None or consultation.planned_date > today):
        return _(
            "The consultation is planned for %(day)s, which has not come yet. Record the "
            "result after the meeting, or record an urgent decision with its reason."
        ) % {
            "day": consultation.planned_date.strftime("%d.%m.%Y")
            if consultation.planned_date
            else "–"
        }
    return ""


def paper_status_refresh(*, paper: Paper) -> Paper:
    """A paper in the RIS is finished exactly when every current step of its Beratungsfolge
    is settled (withdrawn steps count as settled, replaced plans do not count)."""
    if paper.status not in (PaperStatus.SUBMITTED, PaperStatus.DONE):
        return paper
    current = current_consultations(paper)
    finished = bool(current) and all(c.is_settled for c in current)
    status = PaperStatus.DONE if finished else PaperStatus.SUBMITTED
    if paper.status != status:
        paper.status = status
        paper.save(update_fields=["status"])
    return paper


@transaction.atomic
def consultation_record_result(
    *,
    consultation: Consultation,
    result: str,
    unanimous: bool = False,
    votes_yes: int | None = None,
    votes_no: int | None = None,
    votes_abstain: int | None = None,
    resolution_text: str = "",
    urgent: bool = False,
    urgent_on: date | None = None,
    urgent_reason: str = "",
    user: User | None = None,
) -> Consultation:
    """Record what a body decided. Only for a meeting that has taken place (or an urgent
    decision with its reason); the authoritative step's result draws the consequences
    (see RESULT_EFFECTS in consequences)."""
    if result not in ConsultationResult.values or result == ConsultationResult.OPEN:
        raise ValidationError({"result": _("Choose the result of the consultation.")})
    if urgent and not urgent_reason.strip():
        raise ValidationError(
            {"urgent_reason": _("Give the reason why the matter could not wait for a meeting.")}
        )
    refusal = _result_refusal(consultation, urgent, urgent_on)
    if refusal:
        raise ValidationError(refusal)
    consultation.result = result
    consultation.unanimous = unanimous
    consultation.votes_yes, consultation.votes_no, consultation.votes_abstain = (
        votes_yes,
        votes_no,
        votes_abstain,
    )
    consultation.resolution_text = resolution_text.strip()
    consultation.urgent = urgent
    consultation.urgent_on = urgent_on if urgent else None
    consultation.urgent_reason = urgent_reason.strip() if urgent else ""
    consultation.full_clean()
    consultation.save()
    paper = consultation.paper
    if consultation.authoritative:
        decision_apply(consultation=consultation, user=user)
    paper_status_refresh(paper=paper)
    return consultation


def decision_apply(*, consultation: Consultation, user: User | None) -> dict[str, int]:
    """The consequences of the authoritative decision on the linked concept draft and
    measures (political state only: the financial state needs the budget)."""
    from teilhabe.council import consequences

    return consequences.apply(consultation=consultation, user=user)


@transaction.atomic
def person_remove(*, person: CouncilPerson) -> None:
    """Remove a member of a body on request: the person and their memberships go, and only a
    hash of their OParl id stays, so that no later import brings them back."""
    from teilhabe.council.oparl.people import person_hash

    if person.oparl_id:
        RemovedPerson.objects.get_or_create(
            municipality=person.municipality, oparl_hash=person_hash(person.oparl_id)
        )
    person.delete()


def meeting_datetime(day: date, hour: int = 17) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=timezone.get_current_timezone())


@transaction.atomic
def draft_attach(*, paper: Paper) -> Attachment:
    """Render the concept draft the paper links to PDF and store it as an attachment of the
    paper; a PDF of the same draft attached earlier is replaced."""
    from django.core.files.base import ContentFile

    from teilhabe.council import documents

    draft = documents.linked_draft(paper)
    if draft is None:
        raise ValidationError(
            _(
                "The paper links no concept draft. Link the draft under “Decision and "
                "consequences” first."
            )
        )
    title = _("Concept draft %(n)s (PDF)") % {"n": draft.number}
    for old in paper.attachments.filter(title=title).exclude(file=""):
        attachment_delete(attachment=old)
    pdf = documents.render_draft_pdf(draft)
    return attachment_add(
        paper=paper, title=title, file=ContentFile(pdf, name=documents.draft_filename(draft))
    )
