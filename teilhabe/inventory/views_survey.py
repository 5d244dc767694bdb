"""Pages of the actor survey: the rounds, the links sent to actors, the review of their
answers, and the actor's own form behind the personal link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.core.models import FieldOfAction
from teilhabe.core.permissions import anyone
from teilhabe.core.selectors import object_history
from teilhabe.core.tenancy import WorkspaceRequest, admits, municipality_view
from teilhabe.inventory import selectors, services
from teilhabe.inventory.forms import (
    SurveyActorForm,
    SurveyCommentForm,
    SurveyOfferForm,
    SurveyProposalForm,
    SurveyRoundForm,
    origin_groups_text,
)
from teilhabe.inventory.models import (
    LANGUAGES,
    Actor,
    ChangeStatus,
    Offer,
    OfferForm,
    OfferStatus,
    SurveyChange,
    SurveyInvitation,
    SurveyRound,
    TargetGroup,
    Usage,
)
from teilhabe.inventory.permissions import can_edit_inventory
from teilhabe.inventory.views import actor_or_404


@municipality_view(can_edit_inventory)
def survey_list(request: WorkspaceRequest) -> HttpResponse:
    return render(
        request,
        "inventory/survey_list.html",
        {"surveys": selectors.survey_rounds(municipality=request.municipality)},
    )


@municipality_view(can_edit_inventory)
def survey_create(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    form = SurveyRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                municipality=municipality,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey created. Now choose the actors to ask."))
            return redirect("inventory:survey_detail", municipality.ars, survey.pk)
    return render(request, "inventory/survey_form.html", {"form": form})


@municipality_view(can_edit_inventory)
def survey_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    survey = get_object_or_404(SurveyRound, pk=pk, municipality=municipality)
    if request.method == "POST" and request.POST.get("action") == "send":
        chosen = selectors.actors_without_invitation(
            municipality=municipality, survey=survey
        ).filter(pk__in=[int(v) for v in request.POST.getlist("actors") if v.isdigit()])
        sent, skipped = services.survey_send(survey=survey, actors=list(chosen))
        messages.success(request, _("%(n)s links sent.") % {"n": len(sent)})
        if skipped:
            messages.warning(
                request,
                _("No e-mail address, not sent: %(names)s. Add a role address to the actor.")
                % {"names": ", ".join(skipped)},
            )
        return redirect("inventory:survey_detail", municipality.ars, survey.pk)
    if request.method == "POST" and request.POST.get("action") == "remind":
        count = services.survey_remind(survey=survey)
        messages.success(request, _("%(n)s reminders sent with a new link.") % {"n": count})
        return redirect("inventory:survey_detail", municipality.ars, survey.pk)
    invitations = list(selectors.survey_invitations(survey=survey))
    return render(
        request,
        "inventory/survey_detail.html",
        {
            "survey": survey,
            "invitations": invitations,
            "answered": sum(1 for i in invitations if i.answered_at),
            "candidates": selectors.actors_without_invitation(
                municipality=municipality, survey=survey
            ),
            "history": object_history(survey),
        },
    )


@municipality_view(can_edit_inventory)
@require_POST
def survey_invitation_remind(
    request: WorkspaceRequest, pk: int, invitation_pk: int
) -> HttpResponse:
    """Remind a single actor (a new link by e-mail; the old one stops working)."""
    municipality = request.municipality
    survey = get_object_or_404(SurveyRound, pk=pk, municipality=municipality)
    invitation = get_object_or_404(
        SurveyInvitation.objects.select_related("actor"), pk=invitation_pk, survey=survey
    )
    if services.survey_remind_one(invitation=invitation):
        messages.success(
            request,
            _("A reminder with a new link was sent to %(actor)s (%(email)s).")
            % {"actor": invitation.actor.name, "email": invitation.email},
        )
    else:
        messages.warning(
            request,
            _("%(actor)s has no e-mail address. Hand the link over in person instead.")
            % {"actor": invitation.actor.name},
        )
    return redirect("inventory:survey_detail", municipality.ars, survey.pk)


@municipality_view(can_edit_inventory)
def survey_handover(request: WorkspaceRequest, pk: int, actor_pk: int) -> HttpResponse:
    """Show an actor's personal link with a QR code, to hand it over in person or by phone.
    Only a hash of a link is stored, so showing it means making a new one (POST)."""
    municipality = request.municipality
    survey = get_object_or_404(SurveyRound, pk=pk, municipality=municipality)
    actor = actor_or_404(request, actor_pk)
    invitation = SurveyInvitation.objects.filter(survey=survey, actor=actor).first()
    context: dict[str, Any] = {"survey": survey, "actor": actor, "invitation": invitation}
    if request.method == "POST":
        invitation, token = services.survey_invitation_create(survey=survey, actor=actor)
        link = services.survey_link(token)
        context |= {
            "invitation": invitation,
            "link": link,
            "qr_svg": services.qr_svg(link, title=_("QR code of the personal link")),
        }
    return render(request, "inventory/survey_handover.html", context)


def _decide_changes(request: WorkspaceRequest, invitation: SurveyInvitation) -> int:
    """Accept or reject the pending changes as chosen in the form; how many were decided.
    A change that cannot be accepted is named in a message."""
    decisions = 0
    # Totals first, so the breakdowns are checked against the accepted total.
    # A proposal's title first too: it creates the offer its other fields apply to.
    pending = sorted(
        invitation.changes.filter(status=ChangeStatus.PENDING),
        key=lambda c: (c.field not in ("participants", "title"), c.proposal or 0),
    )
    for change in pending:
        change.refresh_from_db()
        if change.status != ChangeStatus.PENDING:
            continue  # decided together with its proposal's title
        choice = request.POST.get(f"change-{change.pk}")
        if request.POST.get("all") in ("accept", "reject"):
            choice = request.POST["all"]
        if choice not in ("accept", "reject"):
            continue
        try:
            services.survey_change_decide(
                change=change, accept=choice == "accept", user=request.user
            )
            decisions += 1
        except ValidationError as exc:
            messages.error(
                request,
                _("“%(field)s” could not be accepted: %(msg)s")
                % {"field": change.field, "msg": " ".join(exc.messages)},
            )
    return decisions


@municipality_view(can_edit_inventory)
def survey_review(request: WorkspaceRequest, pk: int, invitation_pk: int) -> HttpResponse:
    municipality = request.municipality
    survey = get_object_or_404(SurveyRound, pk=pk, municipality=municipality)
    invitation = get_object_or_404(
        SurveyInvitation.objects.select_related("actor"), pk=invitation_pk, survey=survey
    )
    if request.method == "POST":
        decisions = _decide_changes(request, invitation)
        messages.success(request, _("%(n)s changes decided.") % {"n": decisions})
        return redirect("inventory:survey_review", municipality.ars, survey.pk, invitation.pk)
    return render(
        request,
        "inventory/survey_review.html",
        {"survey": survey, "invitation": invitation, "changes": _labelled_changes(invitation)},
    )


def _change_value(change: SurveyChange, value: Any) -> str:
    """A reported value as the office reads it (names instead of codes and ids)."""
    if value in (None, "", [], {}):
        return "–"
    if change.field == "fields_of_action" and isinstance(value, list):
        names = FieldOfAction.objects.filter(pk__in=value).values_list("name", flat=True)
        return ", ".join(names)
    if change.field == "target_groups" and isinstance(value, list):
        labels = dict(TargetGroup.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if change.field == "languages" and isinstance(value, list):
        labels = dict(LANGUAGES)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if change.field in ("form", "status"):
        choices = dict(OfferForm.choices) | dict(OfferStatus.choices)
        return str(choices.get(value, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _labelled_changes(invitation: SurveyInvitation) -> list[dict[str, Any]]:
    models = {"actor": Actor, "offer": Offer, "usage": Usage}
    proposal_labels = {
        name: str(f.label)
        for name, f in SurveyProposalForm(
            municipality=invitation.survey.municipality
        ).fields.items()
    }
    out = []
    for change in invitation.changes.select_related("offer", "decided_by"):
        if change.target == "proposal":
            label = proposal_labels.get(change.field, change.field)
            about = _("New offer %(n)s proposed") % {"n": change.proposal}
            if change.offer:
                about += f" ({change.offer.title})"
        else:
            label = str(models[change.target]._meta.get_field(change.field).verbose_name)
            about = change.offer.title if change.offer else invitation.actor.name
        out.append(
            {
                "change": change,
                "label": label,
                "about": about,
                "old": _change_value(change, change.old_value),
                "new": _change_value(change, change.new_value),
            }
        )
    return out


PROPOSAL_SLOTS = 2


def _offer_initial(survey: SurveyRound, offer: Offer) -> dict[str, Any]:
    """An offer's fields and its usage in the survey's period, as the actor's form shows them."""
    usage = Usage.objects.filter(
        offer=offer, period_start=survey.period_start, period_end=survey.period_end
    ).first()
    initial = {name: getattr(offer, name) for name in services.SURVEY_OFFER_FIELDS}
    initial |= {
        name: getattr(usage, name) if usage else None for name in services.SURVEY_USAGE_FIELDS
    }
    initial["origin_groups"] = origin_groups_text(usage.origin_groups if usage else None)
    return initial


def _answer_forms(invitation: SurveyInvitation, data: Any) -> dict[str, Any]:
    """The forms of the actor's answer: the actor, each of its offers, a comment and the slots
    for new offers."""
    survey, actor = invitation.survey, invitation.actor
    offers = selectors.offers_of_actor(municipality=survey.municipality, actor=actor)
    actor_initial = {name: getattr(actor, name) for name in services.SURVEY_ACTOR_FIELDS}
    return {
        "actor_form": SurveyActorForm(data, initial=actor_initial, prefix="akteur"),
        "offer_forms": [
            (o, SurveyOfferForm(data, initial=_offer_initial(survey, o), prefix=f"angebot-{o.pk}"))
            for o in offers
        ],
        "comment_form": SurveyCommentForm(data, initial={"comment": invitation.comment}),
        "proposal_forms": [
            SurveyProposalForm(data, prefix=f"neu-{n}", municipality=survey.municipality)
            for n in range(1, PROPOSAL_SLOTS + 1)
        ],
    }


def _answer_valid(
    actor_form: SurveyActorForm,
    offer_forms: list[tuple[Offer, SurveyOfferForm]],
    comment_form: SurveyCommentForm,
    proposal_forms: list[SurveyProposalForm],
) -> bool:
    return (
        actor_form.is_valid()
        and comment_form.is_valid()
        and all(f.is_valid() for _o, f in offer_forms)
        and all(f.is_valid() for f in proposal_forms)
    )


def _record_answer(
    invitation: SurveyInvitation,
    actor_form: SurveyActorForm,
    offer_forms: list[tuple[Offer, SurveyOfferForm]],
    comment_form: SurveyCommentForm,
    proposal_forms: list[SurveyProposalForm],
) -> int:
    """Record the valid forms as the actor's answer; how many changes it reports."""
    return services.survey_answer_record(
        invitation=invitation,
        actor_data=actor_form.cleaned_data,
        offer_data={
            o.pk: {k: f.cleaned_data[k] for k in services.SURVEY_OFFER_FIELDS}
            for o, f in offer_forms
        },
        usage_data={
            o.pk: {k: f.cleaned_data[k] for k in services.SURVEY_USAGE_FIELDS}
            for o, f in offer_forms
        },
        comment=comment_form.cleaned_data["comment"],
        proposals=[f.proposal() for f in proposal_forms],
    )


@admits(anyone)
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The actor's form behind the personal link: no account, works without JavaScript."""
    invitation = services.survey_invitation_for_token(token)
    if invitation is None:
        return render(request, "inventory/survey_invalid.html", status=410)
    survey, actor = invitation.survey, invitation.actor
    data = request.POST if request.method == "POST" else None
    forms = _answer_forms(invitation, data)
    if data is not None and _answer_valid(**forms):
        count = _record_answer(invitation, **forms)
        return render(
            request,
            "inventory/survey_thanks.html",
            {"survey": survey, "actor": actor, "count": count},
        )
    return render(
        request,
        "inventory/survey_answer.html",
        {
            "survey": survey,
            "actor": actor,
            "invitation": invitation,
            **forms,
            "has_errors": data is not None,
        },
    )
