"""Writes of the concept: typed, keyword-only, atomic, validated.

Objects with a ``version`` field are saved through ``teilhabe.core.versioning.save_versioned``:
a save based on an older version than the one stored raises ``ConcurrentEditError`` instead of
overwriting the other person's change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concept.models import (
    CarryOver,
    ChangeProposal,
    ConceptCycle,
    ConceptDraft,
    ConceptSection,
    Goal,
    Guideline,
    Measure,
    MeasureAssessment,
    PoliticalState,
    PreviousMeasure,
    ProposalDecision,
    ProposalKind,
    Recommendation,
    StrategicGoal,
    Vision,
)
from teilhabe.core.models import FieldOfAction, Municipality, User
from teilhabe.core.versioning import save_versioned

# --- the tree --------------------------------------------------------------------------------


@transaction.atomic
def vision_save(
    *, municipality: Municipality, text: str, expected_version: int | None, user: User | None = None
) -> Vision:
    vision = Vision.objects.filter(municipality=municipality).first() or Vision(
        municipality=municipality
    )
    vision.text = text
    # A form without a version is checked against the state just loaded: a person's save is
    # never unconditional.
    expected = vision.version if expected_version is None else expected_version
    return save_versioned(vision, expected_version=expected, user=user)


@transaction.atomic
def guideline_save(*, guideline: Guideline, expected_version: int | None) -> Guideline:
    if guideline.pk is None and not guideline.position:
        top = Guideline.objects.filter(municipality=guideline.municipality).aggregate(
            m=Max("position")
        )
        guideline.position = (top["m"] or 0) + 1
    return save_versioned(guideline, expected_version=expected_version)


@transaction.atomic
def strategic_goal_save(
    *, strategic_goal: StrategicGoal, expected_version: int | None
) -> StrategicGoal:
    if strategic_goal.pk is None and not strategic_goal.position:
        top = StrategicGoal.objects.filter(field=strategic_goal.field).aggregate(m=Max("position"))
        strategic_goal.position = (top["m"] or 0) + 1
    return save_versioned(strategic_goal, expected_version=expected_version)


@transaction.atomic
def goal_save(*, goal: Goal, expected_version: int | None) -> Goal:
    if goal.pk is None and not goal.position:
        top = Goal.objects.filter(strategic_goal=goal.strategic_goal).aggregate(m=Max("position"))
        goal.position = (top["m"] or 0) + 1
    return save_versioned(goal, expected_version=expected_version)


@transaction.atomic
def recommendation_save(
    *,
    recommendation: Recommendation,
    expected_version: int | None,
    goals: list[Goal] | None = None,
    contributions: list[Any] | None = None,
) -> Recommendation:
    m2m: dict[str, Any] = {}
    if goals is not None:
        m2m["goals"] = goals
    if contributions is not None:
        m2m["contributions"] = contributions
    return save_versioned(recommendation, expected_version=expected_version, m2m=m2m)


# --- measures --------------------------------------------------------------------------------


MEASURE_M2M = (
    "fields",
    "goals",
    "recommendations",
    "partner_units",
    "partner_actors",
    "offers",
    "target_groups",
    "areas",
)
# Actors may be kept by the county and shared in the federation; the form offers only the
# visible ones.
_SHARED_ACROSS_FEDERATION = {"partner_actors"}


@transaction.atomic
def measure_save(
    *, measure: Measure, expected_version: int | None, m2m: dict[str, Any] | None = None
) -> Measure:
    """Create or change a measure. The political state is set only through
    ``measure_set_political_state`` (the decision needs its date, body and paper)."""
    m2m = m2m or {}
    if measure.pk is None and not m2m.get("fields"):
        raise ValidationError({"fields": _("Choose at least one field of action.")})
    unknown = set(m2m) - set(MEASURE_M2M)
    if unknown:
        raise ValueError(f"unknown relations {unknown}")
    for name, values in m2m.items():
        if name in _SHARED_ACROSS_FEDERATION:
            continue
        foreign = [
            v
            for v in values
            if getattr(v, "municipality_id", measure.municipality_id) != measure.municipality_id
        ]
        if foreign:
            raise ValidationError({name: _("Belongs to another municipality.")})
    return save_versioned(measure, expected_version=expected_version, m2m=m2m)


@transaction.atomic
def measure_set_political_state(
    *,
    measure: Measure,
    state: str,
    decided_on: date | None,
    body_name: str,
    paper_reference: str,
    user: User | None,
    amended: bool = False,
) -> Measure:
    """Record a council decision on a measure (``amended``: adopted with changes). Never
    changes the financial state: money needs the budget or its own decision (the council
    keeps its budget right)."""
    if state not in PoliticalState.values:
        raise ValidationError({"political_state": _("Unknown political state.")})
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    measure.political_state = state
    measure.decision_amended = amended and state == PoliticalState.ADOPTED
    if state == PoliticalState.PROPOSED:
        measure.decided_on, measure.decision_body, measure.paper_reference = None, "", ""
    else:
        measure.decided_on = decided_on
        measure.decision_body = body_name
        measure.paper_reference = paper_reference
    return save_versioned(measure, expected_version=measure.version)


@transaction.atomic
def measure_set_priority(*, measure: Measure, priority: int | None) -> Measure:
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    measure.priority = priority
    return save_versioned(measure, expected_version=measure.version)


@transaction.atomic
def assessment_save(
    *,
    measure: Measure,
    assessor: User,
    priority: int,
    conflict_of_interest: bool,
    conflict_note: str,
    comment: str,
) -> MeasureAssessment:
    assessment = MeasureAssessment.objects.filter(
        measure=measure, assessor=assessor
    ).first() or MeasureAssessment(measure=measure, assessor=assessor)
    assessment.priority = priority
    assessment.conflict_of_interest = conflict_of_interest
    assessment.conflict_note = conflict_note
    assessment.comment = comment
    assessment.full_clean()
    assessment.save()
    return assessment


# --- publication -------------------------------------------------------------------------------


@transaction.atomic
def publication_set(*, obj: Any, approved: bool, user: User) -> Any:
    """Record (or withdraw) the approval for publication of one object."""
    obj.published_at = timezone.now() if approved else None
    obj.published_by = user if approved else None
    obj.save(update_fields=["published_at", "published_by"])
    return obj


# --- drafts and change proposals ----------------------------------------------------------


@transaction.atomic
def draft_freeze(
    *, municipality: Municipality, title: str, note: str = "", user: User | None
) -> ConceptDraft:
    """Freeze the current tree as the next numbered draft."""
    from teilhabe.concept.selectors import concept_snapshot

    number = (
        ConceptDraft.objects.select_for_update()
        .filter(municipality=municipality)
        .aggregate(m=Max("number"))["m"]
        or 0
    ) + 1
    draft = ConceptDraft(
        municipality=municipality,
        number=number,
        title=title or _("Draft %(n)s") % {"n": number},
        note=note,
        frozen_by=user,
        snapshot=concept_snapshot(municipality=municipality),
    )
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def draft_adopt(
    *,
    draft: ConceptDraft,
    decided_on: date,
    body_name: str,
    paper_reference: str,
    acknowledged: bool,
    user: User | None,
    amended: bool = False,
) -> ConceptDraft:
    """Mark a frozen draft as the adopted (``amended``: with changes) or acknowledged concept.
    Its proposed measures become adopted (acknowledged); their financial state is left as
    it is."""
    if not decided_on or not body_name.strip():
        raise ValidationError(_("Give the date and the body of the decision."))
    draft.decided_on = decided_on
    draft.decision_body = body_name
    draft.paper_reference = paper_reference
    draft.acknowledged = acknowledged
    draft.amended = amended and not acknowledged
    draft.full_clean()
    draft.save()
    measure_ids = [int(i["key"].split(":")[1]) for i in draft.snapshot if i["kind"] == "measure"]
    state = PoliticalState.ACKNOWLEDGED if acknowledged else PoliticalState.ADOPTED
    for measure in Measure.objects.filter(
        municipality=draft.municipality, pk__in=measure_ids, political_state=PoliticalState.PROPOSED
    ):
        measure_set_political_state(
            measure=measure,
            state=state,
            decided_on=decided_on,
            body_name=body_name,
            paper_reference=paper_reference,
            user=user,
            amended=draft.amended,
        )
    return draft


@transaction.atomic
def proposal_submit(
    *,
    draft: ConceptDraft,
    item_key: str,
    kind: str,
    justification: str,
    submitted_by_name: str,
    user: User | None,
    proposed_text: str = "",
    proposed_title: str = "",
    move_to_field: FieldOfAction | None = None,
    move_to_goal: Goal | None = None,
) -> ChangeProposal:
    items = {i["key"]: i for i in draft.snapshot}
    item = items.get(item_key)
    if item is None:
        raise ValidationError({"item_key": _("This item is not part of the draft.")})
    for target in (move_to_field, move_to_goal):
        if target is not None and target.municipality_id != draft.municipality_id:
            raise ValidationError(_("Belongs to another municipality."))
    if move_to_goal is not None and item["kind"] != "measure":
        raise ValidationError({"move_to_goal": _("Only a measure can move to another goal.")})
    if move_to_field is not None and item["kind"] not in _MOVES_TO_FIELD:
        raise ValidationError(
            {
                "move_to_field": _(
                    "Only a measure, a recommendation or a strategic goal can move to another "
                    "field of action."
                )
            }
        )
    if (move_to_field or move_to_goal) and kind != ProposalKind.REPLACE:
        raise ValidationError({"kind": _("Moving an item is a change of kind “replace text”.")})
    if kind == ProposalKind.REPLACE and not (
        proposed_text.strip() or proposed_title.strip() or move_to_field or move_to_goal
    ):
        raise ValidationError({"proposed_text": _("Give the new text.")})
    if kind == ProposalKind.ADD:
        if item["kind"] not in _ADD_CHILD:
            raise ValidationError({"item_key": _("Nothing can be added below this item.")})
        if not proposed_title.strip():
            raise ValidationError({"proposed_title": _("Give the title of the new item.")})
    if kind == ProposalKind.DELETE and item["kind"] in ("vision", "field", "guidelines"):
        raise ValidationError({"kind": _("This item cannot be deleted.")})
    proposal = ChangeProposal(
        draft=draft,
        item_key=item_key,
        item_label=f"{item.get('label', '')} {item['title']}".strip()[:400],
        kind=kind,
        proposed_text=proposed_text,
        proposed_title=proposed_title,
        move_to_field=move_to_field,
        move_to_goal=move_to_goal,
        justification=justification,
        submitted_by_name=submitted_by_name,
        submitted_by=user,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_decide(
    *,
    proposal: ChangeProposal,
    decision: str,
    body_name: str,
    decided_on: date,
    note: str = "",
    final_text: str = "",
) -> ChangeProposal:
    if proposal.applied_at:
        raise ValidationError(_("The proposal has already been applied; its decision is final."))
    if decision == ProposalDecision.ACCEPTED_CHANGED and not final_text.strip():
        raise ValidationError({"final_text": _("Give the text as accepted.")})
    if decision != ProposalDecision.OPEN and (not body_name.strip() or not decided_on):
        raise ValidationError(_("Give the deciding body and the date."))
    proposal.decision = decision
    proposal.decided_by_body = body_name
    proposal.decided_on = decided_on
    proposal.decision_note = note
    proposal.final_text = final_text
    proposal.full_clean()
    proposal.save()
    return proposal


# The kinds of item a proposal can move to another field of action.
_MOVES_TO_FIELD = ("measure", "recommendation", "strategic_goal")

# item kind → the kind of item an "add" proposal creates below it
_ADD_CHILD = {
    "guidelines": "guideline",
    "field": "strategic_goal",
    "strategic_goal": "goal",
    "goal": "measure",
}


def _live_object(municipality: Municipality, key: str) -> Any:
    kind, _sep, pk = key.partition(":")
    models_by_kind: dict[str, type[models.Model]] = {
        "vision": Vision,
        "guideline": Guideline,
        "strategic_goal": StrategicGoal,
        "goal": Goal,
        "recommendation": Recommendation,
        "measure": Measure,
        "field": FieldOfAction,
    }
    if kind == "vision":
        return Vision.objects.filter(municipality=municipality).first()
    if kind == "guidelines":
        return municipality
    model = models_by_kind.get(kind)
    if model is None or not pk.isdigit():
        return None
    return model._default_manager.filter(municipality=municipality, pk=int(pk)).first()


def _work_in(proposal: ChangeProposal, target: Any, text: str) -> None:
    """A replacing proposal: its text, its title (where given) and its move (where given)."""
    if text.strip():
        setattr(target, "description" if isinstance(target, Measure) else "text", text)
    if proposal.proposed_title.strip() and hasattr(target, "title"):
        target.title = proposal.proposed_title.strip()
    if proposal.move_to_field_id and isinstance(target, (StrategicGoal, Recommendation)):
        target.field = proposal.move_to_field
    save_versioned(target, expected_version=getattr(target, "version", None))
    if isinstance(target, Measure):
        if proposal.move_to_goal_id:
            target.goals.set([proposal.move_to_goal])
        if proposal.move_to_field_id:
            target.fields.set([proposal.move_to_field])


@transaction.atomic
def proposal_apply(*, proposal: ChangeProposal, user: User | None) -> ChangeProposal:
    """Apply an accepted proposal to the living concept (the next draft will show it)."""
    if not proposal.is_accepted:
        raise ValidationError(_("Only accepted proposals can be applied."))
    if proposal.applied_at:
        raise ValidationError(_("The proposal has already been applied."))
    municipality = proposal.draft.municipality
    target = _live_object(municipality, proposal.item_key)
    if target is None:
        raise ValidationError(_("The item no longer exists in the current concept."))
    text = proposal.effective_text
    kind = proposal.item_key.partition(":")[0]
    if proposal.kind == ProposalKind.REPLACE:
        _work_in(proposal, target, text)
    elif proposal.kind == ProposalKind.DELETE:
        target.delete()
    else:
        child = _ADD_CHILD[kind]
        title = proposal.proposed_title
        if child == "guideline":
            guideline_save(
                guideline=Guideline(municipality=municipality, title=title, text=text),
                expected_version=None,
            )
        elif child == "strategic_goal":
            strategic_goal_save(
                strategic_goal=StrategicGoal(
                    municipality=municipality, field=target, title=title, text=text
                ),
                expected_version=None,
            )
        elif child == "goal":
            goal_save(
                goal=Goal(municipality=municipality, strategic_goal=target, title=title, text=text),
                expected_version=None,
            )
        else:
            count = Measure.objects.filter(municipality=municipality).count()
            number = f"AV-{proposal.pk}"
            if Measure.objects.filter(municipality=municipality, number=number).exists():
                number = f"AV-{proposal.pk}-{count}"
            measure_save(
                measure=Measure(
                    municipality=municipality, number=number, title=title, description=text
                ),
                expected_version=None,
                m2m={"fields": [target.strategic_goal.field], "goals": [target]},
            )
    proposal.applied_at = timezone.now()
    proposal.save(update_fields=["applied_at"])
    return proposal


# --- the update (Fortschreibung) --------------------------------------------------------------


@transaction.atomic
def cycle_save(*, cycle: ConceptCycle) -> ConceptCycle:
    cycle.full_clean()
    if cycle.is_current:
        ConceptCycle.objects.filter(municipality=cycle.municipality, is_current=True).exclude(
            pk=cycle.pk
        ).update(is_current=False)
    cycle.save()
    return cycle


@transaction.atomic
def previous_measures_import(*, cycle: ConceptCycle, rows: list[dict[str, str]]) -> dict[str, int]:
    """Create or update the previous concept's measures by number; the same file twice
    changes nothing. Decisions already taken are kept."""
    existing = {m.number: m for m in cycle.old_measures.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    fields = ("title", "field_name", "lead", "old_state", "description")
    for row in rows:
        old = existing.get(row["number"])
        if old is None:
            old = PreviousMeasure(cycle=cycle, number=row["number"])
            counts["created"] += 1
        elif all(getattr(old, f) == row.get(f, "") for f in fields):
            counts["unchanged"] += 1
            continue
        else:
            counts["updated"] += 1
        for f in fields:
            setattr(old, f, row.get(f, ""))
        old.full_clean(validate_constraints=False)
        old.save()
    return counts


@transaction.atomic
def sections_import(*, cycle: ConceptCycle, sections: list[dict[str, Any]]) -> int:
    """Replace the previous concept's text by the headings and paragraphs of its Word file."""
    cycle.sections.all().delete()
    ConceptSection.objects.bulk_create(
        ConceptSection(
            cycle=cycle, position=i, level=s["level"], heading=s["heading"][:500], text=s["text"]
        )
        for i, s in enumerate(sections, start=1)
    )
    return len(sections)


@transaction.atomic
def carry_over_decide(
    *, old: PreviousMeasure, decision: str, note: str, continued_as: Measure | None
) -> PreviousMeasure:
    if decision not in CarryOver.values:
        raise ValidationError({"decision": _("Unknown decision.")})
    if continued_as is not None and decision != CarryOver.CONTINUED:
        raise ValidationError({"continued_as": _("Only a continued measure has a successor.")})
    if continued_as is not None and continued_as.municipality_id != old.cycle.municipality_id:
        raise ValidationError({"continued_as": _("Belongs to another municipality.")})
    old.decision = decision
    old.decision_note = note
    old.continued_as = continued_as
    old.full_clean()
    old.save()
    return old
