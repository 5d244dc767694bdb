"""What a paper decides, and what follows from the decision.

A paper links objects of other parts (concept draft, recommendations, measures, process plan,
report). When its authoritative consultation adopts it, the linked draft becomes the adopted
concept and linked measures change their political state, through the concept part's
services. A decision may give the administration a mandate (planning part) with a report-back
date; a later paper closes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.concept.models import ConceptDraft, Measure, Recommendation
from teilhabe.core.models import User
from teilhabe.council.models import (
    Consultation,
    ConsultationResult,
    Paper,
    PaperLink,
)
from teilhabe.planning.models import ProcessPlan


@dataclass(frozen=True)
class Linkable:
    """A kind of object a paper can decide: its model (with a ``municipality``), its label in
    the interface and its page (a URL name taking (ars, pk))."""

    model: type[models.Model]
    label: Any
    detail_url: str


# What a paper can decide, in this order. A part above council adds its own kind in its
# wiring with linkable_register (reports: the report).
LINKABLE: list[Linkable] = [
    Linkable(ConceptDraft, gettext_lazy("Concept draft"), "concept:draft_detail"),
    Linkable(Recommendation, gettext_lazy("Recommendation"), "concept:recommendation_detail"),
    Linkable(Measure, gettext_lazy("Measure"), "concept:measure_detail"),
    Linkable(ProcessPlan, gettext_lazy("Process plan"), "planning:plan_detail"),
]


def linkable_register(*, model: type[models.Model], label: Any, detail_url: str) -> None:
    """Let papers decide objects of ``model`` (for a part above council, which council may
    not import)."""
    if _linkable(model) is None:
        LINKABLE.append(Linkable(model, label, detail_url))


def _linkable(model: type[models.Model] | None) -> Linkable | None:
    return next((kind for kind in LINKABLE if kind.model is model), None)


def _kind_label(model: type[models.Model]) -> str:
    kind = _linkable(model)
    return str(kind.label) if kind is not None else str(model._meta.verbose_name)


def link_choices(*, paper: Paper) -> list[tuple[str, str]]:
    """Objects of the paper's municipality it may link, as ("ct:pk", "Kind: name")."""
    taken = set(paper.links.values_list("content_type_id", "object_id"))
    out: list[tuple[str, str]] = []
    for kind in LINKABLE:
        ct = ContentType.objects.get_for_model(kind.model)
        for obj in kind.model._default_manager.filter(municipality=paper.municipality)[:500]:
            if (ct.pk, obj.pk) not in taken:
                out.append((f"{ct.pk}:{obj.pk}", f"{kind.label}: {obj}"))
    return out


@transaction.atomic
def link_add(*, paper: Paper, key: str) -> PaperLink:
    try:
        ct_id, obj_id = (int(part) for part in key.split(":"))
    except ValueError as exc:
        raise ValidationError({"target": _("Choose what the paper decides.")}) from exc
    ct = ContentType.objects.get(pk=ct_id)
    model = ct.model_class()
    if model is None or _linkable(model) is None:
        raise ValidationError({"target": _("This kind of object cannot be linked.")})
    obj = model._default_manager.filter(pk=obj_id, municipality=paper.municipality).first()
    if obj is None:
        raise ValidationError({"target": _("The object does not exist in this municipality.")})
    link, _created = PaperLink.objects.get_or_create(
        paper=paper,
        content_type=ct,
        object_id=obj.pk,
        defaults={"label": str(obj)[:300]},
    )
    return link


def links_for(*, paper: Paper) -> list[dict[str, Any]]:
    out = []
    for link in paper.links.select_related("content_type"):
        model = link.content_type.model_class()
        kind = _linkable(model)
        target = link.target
        out.append(
            {
                "link": link,
                "kind": _kind_label(model) if model else "",
                "target": target,
                "label": str(target) if target is not None else link.label,
                "url": _url_of(target, kind.detail_url if kind is not None else ""),
            }
        )
    return out


def _url_of(target: Any, name: str) -> str:
    """The page of a linked object (``name``: a URL name taking (ars, pk))."""
    if target is None or not name:
        return ""
    return reverse(name, args=[target.municipality.ars, target.pk])


def mandates_for(*, paper: Paper) -> list[dict[str, Any]]:
    """The mandates the decision gave and those the paper closed, for its pages."""
    out = []
    for relation, mandates in (
        (_("mandate given by the decision"), paper.mandates_given.all()),
        (_("mandate closed by the paper"), paper.mandates_closed.all()),
    ):
        for mandate in mandates:
            out.append(
                {
                    "relation": relation,
                    "target": mandate,
                    "label": str(mandate),
                    "url": _url_of(mandate, "planning:mandate_detail"),
                }
            )
    return out


def open_mandate_choices(*, paper: Paper) -> list[tuple[int, str]]:
    from teilhabe.planning.models import Mandate, MandateStatus

    qs = Mandate.objects.filter(municipality=paper.municipality).exclude(
        status=MandateStatus.CLOSED
    )
    return [(m.pk, str(m)) for m in qs.exclude(pk__in=paper.mandates_given.all())[:200]]


def _decision(paper: Paper) -> Consultation | None:
    giving = [result for result, effect in RESULT_EFFECTS.items() if effect.mandate]
    return (
        paper.consultations.filter(
            superseded_at__isnull=True, authoritative=True, result__in=giving
        )
        .select_related("committee", "meeting")
        .first()
    )


@transaction.atomic
def mandate_create_from_paper(
    *, paper: Paper, title: str, description: str, report_due: str | date, user: User | None
) -> Any:
    """The decision orders the administration to do something and report back by a date."""
    from teilhabe.planning import services as planning_services

    decision = _decision(paper)
    if decision is None:
        raise ValidationError(
            _("Record the adopting decision of the authoritative consultation first.")
        )
    due = parse_date(report_due) if isinstance(report_due, str) else report_due
    if not title.strip():
        raise ValidationError(_("Give the mandate a title."))
    mandate = planning_services.mandate_create(
        municipality=paper.municipality,
        title=title.strip(),
        description=description.strip()
        or decision.resolution_text
        or paper.proposed_resolution
        or title.strip(),
        ordered_on=decision.day or timezone.localdate(),
        report_due=due,
        source_reference=paper.reference or paper.subject,
        body_name=decision.committee_name,
        user=user,
    )
    paper.mandates_given.add(mandate)
    return mandate


@transaction.atomic
def mandate_close_by_paper(*, paper: Paper, mandate_id: int, note: str, user: User | None) -> Any:
    """A later paper (e.g. the report back) closes an open mandate."""
    from teilhabe.planning import services as planning_services
    from teilhabe.planning.models import Mandate

    mandate = Mandate.objects.filter(pk=mandate_id, municipality=paper.municipality).first()
    if mandate is None:
        raise ValidationError(_("Choose an open mandate of this municipality."))
    planning_services.mandate_close(
        mandate=mandate,
        closed_on=paper.date,
        closing_reference=paper.reference or paper.subject,
        note=note.strip(),
        user=user,
    )
    paper.mandates_closed.add(mandate)
    return mandate


@dataclass(frozen=True)
class Effect:
    """What the authoritative step's result does to the linked draft and measures, and
    whether the decision can give a mandate."""

    draft: str = ""  # "adopt", "acknowledge" or "" (the draft stays undecided)
    measures: str = ""  # the measures' new political state, "" for none
    amended: bool = False  # "geändert beschlossen": the draft and measures say so
    mandate: bool = False


# Every result kind has its effect; a result missing here changes nothing (the step is a
# vote towards the decision, or the decision is still to come).
RESULT_EFFECTS: dict[str, Effect] = {
    ConsultationResult.ADOPTED: Effect("adopt", "adopted", mandate=True),
    ConsultationResult.ADOPTED_AMENDED: Effect("adopt", "adopted", amended=True, mandate=True),
    ConsultationResult.NOTED: Effect("acknowledge", "acknowledged"),
    ConsultationResult.REJECTED: Effect("", "rejected"),
}


def effect_of(result: str) -> Effect:
    return RESULT_EFFECTS.get(result, Effect())


def apply(*, consultation: Consultation, user: User | None) -> dict[str, int]:
    """Apply the authoritative decision to the linked draft and measures (political state
    only). A rejection leaves the links open, so a later adoption still reaches them."""
    counts = {"drafts": 0, "measures": 0}
    effect = effect_of(consultation.result)
    if not (effect.draft or effect.measures):
        return counts
    paper = consultation.paper
    decided_on = consultation.day or timezone.localdate()
    body_name = consultation.committee_name
    reference = paper.reference or paper.subject
    from teilhabe.concept import services as concept_services  # type: ignore[attr-defined]

    for link in paper.links.filter(applied_at__isnull=True):
        model = link.content_type.model_class()
        target = link.target
        if model is None or target is None or model._meta.app_label != "concept":
            continue
        if model.__name__ == "ConceptDraft" and effect.draft:
            concept_services.draft_adopt(
                draft=target,
                decided_on=decided_on,
                body_name=body_name,
                paper_reference=reference,
                acknowledged=effect.draft == "acknowledge",
                amended=effect.amended,
                user=user,
            )
            counts["drafts"] += 1
        elif model.__name__ == "Measure" and effect.measures:
            concept_services.measure_set_political_state(
                measure=target,
                state=effect.measures,
                decided_on=decided_on,
                body_name=body_name,
                paper_reference=reference,
                amended=effect.amended,
                user=user,
            )
            counts["measures"] += 1
        else:
            continue
        if effect.draft:
            link.applied_at = timezone.now()
            link.save(update_fields=["applied_at"])
    return counts
