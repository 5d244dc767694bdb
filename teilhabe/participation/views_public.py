"""The public survey pages (no login): language choice, privacy notice and questions, thanks.

Nothing about the respondent is stored beyond the answers: no IP address, no user agent, no
session, no cookie other than the CSRF token the form needs. The hidden idempotency token of
each rendered form makes a second submission of the same form a no-op.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from teilhabe.core.permissions import anyone
from teilhabe.core.tenancy import admits
from teilhabe.participation import selectors, services
from teilhabe.participation.answers import Parsed, parse_answers
from teilhabe.participation.models import (
    SURVEY_LANGUAGES,
    Audience,
    Question,
    QuestionKind,
    Survey,
    SurveyInvitation,
    html_lang,
    is_rtl,
)
from teilhabe.participation.public_texts import texts_for
from teilhabe.participation.questionnaire import question_views


@dataclass(frozen=True)
class FormPlan:
    """What the public form of one version of a survey needs, read once per process."""

    questions: list[Question]
    languages: list[str]
    areas: list[tuple[str, str]]
    area_keys: set[str] | None
    controller: str


_PLANS: OrderedDict[tuple[str, int], FormPlan] = OrderedDict()
_PAGES: OrderedDict[tuple[str, int, str, str], str] = OrderedDict()
_THANKS: OrderedDict[tuple[str, int, str, str], str] = OrderedDict()
_CACHE_SIZE = 256
_CSRF_MARK = "__teilhabe_csrf__"
_KEY_MARK = "__teilhabe_idempotency__"


def _remember(cache: OrderedDict, key: Any, value: Any) -> Any:  # type: ignore[type-arg]
    cache[key] = value
    while len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)
    return value


def _plan(survey: Survey) -> FormPlan:
    """Questions, offered languages and areas of the survey. Cached per content version:
    every change of questions, texts or settings raises ``content_version``."""
    key = (survey.public_token, survey.content_version)
    plan = _PLANS.get(key)
    if plan is None:
        settings_obj = services.settings_for(municipality=survey.municipality)
        questions = selectors.questions_of(survey=survey)
        needs_areas = any(q.kind == QuestionKind.AREA for q in questions)
        areas = selectors.area_choices(municipality=survey.municipality) if needs_areas else []
        plan = _remember(
            _PLANS,
            key,
            FormPlan(
                questions=questions,
                languages=selectors.offered_languages(
                    survey=survey, languages=settings_obj.all_languages
                ),
                areas=areas,
                area_keys={k for k, _n in areas} if needs_areas else None,
                controller=settings_obj.controller,
            ),
        )
    return plan


def _languages(survey: Survey) -> list[str]:
    return _plan(survey).languages


def _context(survey: Survey, lang: str, **extra: Any) -> dict[str, Any]:
    texts = (survey.texts or {}).get(lang) or {}
    german = (survey.texts or {}).get("de") or {}
    return {
        "survey": survey,
        "lang": lang,
        "html_lang": html_lang(lang),
        "dir": "rtl" if is_rtl(lang) else "ltr",
        "ui": texts_for(lang),
        "title": texts.get("title") or german.get("title") or survey.title,
        "intro": texts.get("intro") or german.get("intro", ""),
        "privacy": texts.get("privacy") or german.get("privacy", ""),
        "thanks": texts.get("thanks") or german.get("thanks", ""),
        "controller": _plan(survey).controller,
        **extra,
    }


def _survey_for(token: str, personal: bool) -> tuple[Survey, SurveyInvitation | None]:
    if personal:
        invitation = get_object_or_404(
            SurveyInvitation.objects.select_related("survey__municipality"), token=token
        )
        return invitation.survey, invitation
    survey = selectors.public_survey(token=token)
    if survey is None or survey.audience != Audience.PUBLIC:
        raise Http404
    return survey, None


@admits(anyone)
@never_cache
def language_choice(request: HttpRequest, token: str, personal: bool = False) -> HttpResponse:
    survey, invitation = _survey_for(token, personal)
    langs = _languages(survey)
    choices = [
        {
            "code": code,
            "name": SURVEY_LANGUAGES[code][0],
            "html_lang": html_lang(code),
            "dir": "rtl" if is_rtl(code) else "ltr",
            "prompt": texts_for(code)["choose_language"],
        }
        for code in langs
    ]
    return render(
        request,
        "participation/public_language.html",
        {
            "survey": survey,
            "choices": choices,
            "token": token,
            "personal": personal,
            "is_open": survey.is_open(),
            "used": bool(invitation and invitation.used_at),
            "ui": texts_for("de"),
        },
    )


def _blank_form(survey: Survey, lang: str, action: str, ctx: dict[str, Any]) -> str:
    """The empty form as HTML, rendered once per survey version and language; the CSRF token
    and the idempotency key are filled in per request."""
    key = (survey.public_token, survey.content_version, lang, action)
    html = _PAGES.get(key)
    if html is None:
        plan = _plan(survey)
        html = _remember(
            _PAGES,
            key,
            render_to_string(
                "participation/public_form.html",
                ctx
                | {
                    "items": question_views(plan.questions, lang, None, {}, plan.areas),
                    "errors": {},
                    "idempotency_key": _KEY_MARK,
                    "action": action,
                    "csrf_token": _CSRF_MARK,
                },
            ),
        )
    return html


def _thanks_page(survey: Survey, lang: str, ctx: dict[str, Any]) -> str:
    """The thank-you page holds nothing per respondent: rendered once per version and language."""
    key = (survey.public_token, survey.content_version, lang, "")
    html = _THANKS.get(key)
    if html is None:
        html = _remember(_THANKS, key, render_to_string("participation/public_thanks.html", ctx))
    return html


def _submit(
    request: HttpRequest,
    survey: Survey,
    lang: str,
    parsed: Parsed,
    invitation: SurveyInvitation | None,
    ctx: dict[str, Any],
) -> HttpResponse:
    """Store a valid answer and thank; a personal link works once."""
    try:
        services.response_submit(
            survey=survey,
            language=lang,
            idempotency_key=request.POST.get("idempotency_key", ""),
            values=parsed.values,
            invitation=invitation,
        )
    except services.AlreadyUsed:
        return render(request, "participation/public_closed.html", ctx | {"used": True})
    return HttpResponse(_thanks_page(survey, lang, ctx))


@admits(anyone)
@never_cache
@csrf_protect
def survey_form(
    request: HttpRequest, token: str, lang: str, personal: bool = False
) -> HttpResponse:
    survey, invitation = _survey_for(token, personal)
    plan = _plan(survey)
    if lang not in plan.languages:
        raise Http404
    ctx = _context(survey, lang, token=token, personal=personal)
    if not survey.is_open():
        return render(request, "participation/public_closed.html", ctx)
    if invitation is not None and invitation.used_at:
        return render(request, "participation/public_closed.html", ctx | {"used": True})
    if request.method != "POST":
        html = _blank_form(survey, lang, request.path, ctx)
        html = html.replace(_CSRF_MARK, get_token(request)).replace(_KEY_MARK, uuid.uuid4().hex)
        return HttpResponse(html)
    parsed = parse_answers(
        plan.questions,
        lambda name: request.POST.get(name, ""),
        request.POST.getlist,
        texts_for(lang),
        plan.area_keys,
    )
    if parsed.ok:
        return _submit(request, survey, lang, parsed, invitation, ctx)
    ctx |= {
        "items": question_views(plan.questions, lang, request.POST, parsed.errors, plan.areas),
        "errors": parsed.errors,
        "idempotency_key": request.POST.get("idempotency_key") or uuid.uuid4().hex,
        "action": request.path,
    }
    return render(request, "participation/public_form.html", ctx, status=400)


@admits(anyone)
def public_results(request: HttpRequest, token: str) -> HttpResponse:
    """Published results: suppressed below 5 answers, no free text."""
    survey = get_object_or_404(
        Survey.objects.select_related("municipality"), public_token=token, results_published=True
    )
    results = survey.archived_results or selectors.survey_results(survey=survey)
    if survey.archived_results:
        questions = {q.pk: q for q in selectors.questions_of(survey=survey)}
        for item in results["questions"]:
            item["question"] = questions.get(item.get("question_id"))
    published = selectors.suppress(results)
    approved = survey.contributions.filter(approved_for_publication=True)
    return render(
        request,
        "participation/public_results.html",
        _context(survey, "de") | {"results": published, "contributions": approved},
    )
