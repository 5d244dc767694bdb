"""Workspace pages of participation: surveys, results, events, contributions, groups, reach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.core.models import FieldOfAction
from teilhabe.core.permissions import can_administer, can_edit
from teilhabe.core.selectors import object_history
from teilhabe.core.tasks import task_enqueue
from teilhabe.core.tenancy import municipality_view
from teilhabe.participation import forms, selectors, services
from teilhabe.participation.answers import Parsed, parse_answers
from teilhabe.participation.matcher import DEFAULT_KEYWORDS
from teilhabe.participation.models import (
    SURVEY_LANGUAGES,
    Answer,
    Channel,
    Contribution,
    ContributionChannel,
    ContributionKind,
    Event,
    EventAttachment,
    EventKind,
    FieldKeywords,
    GroupDocument,
    GroupMember,
    Question,
    QuestionKind,
    SteeringGroup,
    Survey,
    SurveyExport,
    WorkingGroup,
)
from teilhabe.participation.permissions import can_capture, can_edit_group, can_see_free_text
from teilhabe.participation.public_texts import texts_for


def _m(request: HttpRequest) -> Any:
    return request.municipality  # type: ignore[attr-defined]


def _survey(request: HttpRequest, pk: int) -> Survey:
    return get_object_or_404(Survey, pk=pk, municipality=_m(request))


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    crumbs: list[tuple[str, str]],
    submit: str,
    intro: str = "",
    cancel: str = "",
) -> HttpResponse:
    return render(
        request,
        "participation/form_page.html",
        {
            "form": form,
            "page_title": title,
            "crumbs": crumbs,
            "submit_label": submit,
            "intro": intro,
            "cancel_url": cancel,
        },
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _surveys_crumb(request: HttpRequest) -> tuple[str, str]:
    return (reverse("participation:survey_list", args=[_m(request).ars]), _("Surveys"))


def _survey_crumbs(request: HttpRequest, survey: Survey) -> list[tuple[str, str]]:
    return [
        _surveys_crumb(request),
        (reverse("participation:survey_detail", args=[_m(request).ars, survey.pk]), survey.title),
    ]


# --- surveys ---------------------------------------------------------------------------------


@municipality_view()
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = selectors.surveys_for(municipality=_m(request))
    state = request.GET.get("status", "")
    rows = [s for s in surveys if not state or s.state == state]
    return render(
        request,
        "participation/survey_list.html",
        {"surveys": rows, "state": state, "states": list(_states().items()), "total": len(surveys)},
    )


def _states() -> dict[str, str]:
    from teilhabe.participation.models import SURVEY_STATES

    return {k: str(v) for k, v in SURVEY_STATES.items()}


@municipality_view(can_edit)
def survey_create(request: HttpRequest) -> HttpResponse:
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = form.save(commit=False)
        survey.municipality = _m(request)
        survey.texts = {"de": {"privacy": _default_privacy(request)}}
        try:
            services.survey_save(survey=survey)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey created. Now add the questions."))
            return redirect("participation:survey_detail", _m(request).ars, survey.pk)
    return _form_page(
        request,
        form,
        title=_("New survey"),
        crumbs=[_surveys_crumb(request)],
        submit=_("Create survey"),
    )


def _default_privacy(request: HttpRequest) -> str:
    controller = services.settings_for(municipality=_m(request)).controller
    return (
        f"Verantwortlich: {controller or _m(request).name}. "
        "Zweck: Erarbeitung des Integrationskonzepts. Rechtsgrundlage: Art. 6 Abs. 1 lit. e "
        "DSGVO in Verbindung mit dem Landesrecht; die Teilnahme ist freiwillig. Die Befragung ist "
        "anonym: Es werden keine Namen, IP-Adressen oder Gerätedaten gespeichert. Die einzelnen "
        "Antworten werden nach Ende der Aufbewahrungsfrist gelöscht, zusammengefasste Ergebnisse "
        "bleiben erhalten. Sie haben das Recht auf Beschwerde bei der Datenschutzaufsichtsbehörde."
    )


@municipality_view()
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    languages = services.settings_for(municipality=_m(request)).all_languages
    questions = selectors.questions_of(survey=survey)
    return render(
        request,
        "participation/survey_detail.html",
        {
            "survey": survey,
            "questions": questions,
            "translations": selectors.translation_overview(survey=survey, languages=languages),
            "has_sensitive": any(q.special_category for q in questions),
            "n_responses": survey.responses.count(),
            "invitations": survey.invitations.count(),
            "invitations_used": survey.invitations.filter(used_at__isnull=False).count(),
            "public_url": request.build_absolute_uri(
                reverse("participation:public_start", args=[survey.public_token])
            ),
            "history": object_history(survey),
        },
    )


@municipality_view(can_edit)
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = forms.SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_save(
                survey=form.save(commit=False), expected_version=form.cleaned_data.get("version")
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Survey saved."))
            return redirect("participation:survey_detail", _m(request).ars, survey.pk)
    return _form_page(
        request,
        form,
        title=_("Edit survey"),
        crumbs=_survey_crumbs(request, survey),
        submit=_("Save survey"),
    )


@municipality_view(can_edit)
def survey_intro(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    german = (survey.texts or {}).get("de", {})
    form = forms.SurveyIntroForm(request.POST or None, initial=german)
    if request.method == "POST" and form.is_valid():
        services.survey_set_texts(survey=survey, lang="de", texts=form.cleaned_data)
        messages.success(request, _("Texts saved."))
        return redirect("participation:survey_detail", _m(request).ars, survey.pk)
    return _form_page(
        request,
        form,
        title=_("Introduction and privacy notice"),
        crumbs=_survey_crumbs(request, survey),
        submit=_("Save texts"),
    )


@municipality_view(can_edit)
def survey_translate(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    survey = _survey(request, pk)
    if lang == "de" or lang not in services.settings_for(municipality=_m(request)).all_languages:
        raise Http404
    questions = [q for q in selectors.questions_of(survey=survey)]
    form = forms.TranslationForm(
        request.POST or None, survey=survey, lang=lang, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        services.translation_save(survey=survey, lang=lang, data=form.cleaned_data)
        messages.success(request, _("Translation saved."))
        return redirect("participation:survey_detail", _m(request).ars, survey.pk)
    return render(
        request,
        "participation/survey_translate.html",
        {
            "survey": survey,
            "form": form,
            "lang": lang,
            "lang_name": SURVEY_LANGUAGES[lang][0],
            "crumbs": _survey_crumbs(request, survey),
        },
    )


@municipality_view(can_edit)
def survey_justify(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = forms.JustificationForm(
        request.POST or None, initial={"art9_justification": survey.art9_justification}
    )
    if request.method == "POST" and form.is_valid():
        services.survey_record_justification(
            survey=survey,
            text=form.cleaned_data["art9_justification"],
            user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Justification recorded."))
        return redirect("participation:survey_detail", _m(request).ars, survey.pk)
    return _form_page(
        request,
        form,
        title=_("Special categories of personal data (Art. 9 GDPR)"),
        crumbs=_survey_crumbs(request, survey),
        submit=_("Record justification"),
        intro=_(
            "Questions on ethnic origin, religion or health may only be asked with a recorded "
            "justification. The survey cannot open before."
        ),
    )


@municipality_view(can_edit)
@require_POST
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    try:
        services.survey_open_now(survey=survey)
        messages.success(request, _("The survey is open."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("participation:survey_detail", _m(request).ars, survey.pk)


@municipality_view(can_edit)
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    services.survey_close_now(survey=survey)
    messages.success(request, _("The survey is closed."))
    return redirect("participation:survey_detail", _m(request).ars, survey.pk)


@municipality_view()
def survey_preview(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    from teilhabe.participation.views_public import _context, question_views

    survey = _survey(request, pk)
    if lang not in services.settings_for(municipality=_m(request)).all_languages:
        raise Http404
    questions = selectors.questions_of(survey=survey)
    areas = selectors.area_choices(municipality=_m(request))
    return render(
        request,
        "participation/public_form.html",
        _context(survey, lang)
        | {
            "items": question_views(questions, lang, None, {}, areas),
            "preview": True,
            "back_url": reverse("participation:survey_detail", args=[_m(request).ars, survey.pk]),
            "action": "",
            "idempotency_key": "",
        },
    )


@municipality_view(can_edit)
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return _question_form(request, survey, Question(survey=survey))


@municipality_view(can_edit)
def question_edit(request: HttpRequest, pk: int, qpk: int) -> HttpResponse:
    survey = _survey(request, pk)
    question = get_object_or_404(Question, pk=qpk, survey=survey)
    return _question_form(request, survey, question)


def _question_form(request: HttpRequest, survey: Survey, question: Question) -> HttpResponse:
    form = forms.QuestionForm(
        request.POST or None,
        survey=survey,
        question=question if question.pk else None,
        initial=None if question.pk else {"kind": request.GET.get("art", QuestionKind.SINGLE)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(question=form.apply(question))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Question saved."))
            return redirect(
                f"{reverse('participation:survey_detail', args=[_m(request).ars, survey.pk])}#frage-{question.pk}"
            )
    return render(
        request,
        "participation/question_form.html",
        {
            "form": form,
            "survey": survey,
            "question": question,
            "crumbs": _survey_crumbs(request, survey),
            "has_answers": bool(question.pk and question.answers.exists()),
            "question_history": object_history(question) if question.pk else [],
        },
    )


@municipality_view(can_edit)
@require_POST
def question_move(request: HttpRequest, pk: int, qpk: int) -> HttpResponse:
    survey = _survey(request, pk)
    question = get_object_or_404(Question, pk=qpk, survey=survey)
    services.question_move(question=question, up=request.POST.get("richtung") == "hoch")
    return redirect(
        f"{reverse('participation:survey_detail', args=[_m(request).ars, survey.pk])}#frage-{question.pk}"
    )


@municipality_view(can_edit)
@require_POST
def question_delete(request: HttpRequest, pk: int, qpk: int) -> HttpResponse:
    survey = _survey(request, pk)
    question = get_object_or_404(Question, pk=qpk, survey=survey)
    try:
        services.question_delete(question=question)
        messages.success(request, _("Question deleted."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("participation:survey_detail", _m(request).ars, survey.pk)


@municipality_view(can_edit)
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = forms.InvitationsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.invitations_create(
            survey=survey, recipients=form.cleaned_data["recipients"].splitlines()
        )
        messages.success(request, _("%(n)s personal links created.") % {"n": len(created)})
        return redirect("participation:invitations", _m(request).ars, survey.pk)
    links = [
        {
            "invitation": inv,
            "url": request.build_absolute_uri(
                reverse("participation:personal_start", args=[inv.token])
            ),
        }
        for inv in survey.invitations.all()
    ]
    return render(
        request,
        "participation/invitations.html",
        {"survey": survey, "form": form, "links": links, "crumbs": _survey_crumbs(request, survey)},
    )


@municipality_view(can_edit)
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff type in a paper questionnaire (market stand); stored with the channel "paper"."""
    import uuid

    from teilhabe.participation.views_public import question_views

    survey = _survey(request, pk)
    questions = selectors.questions_of(survey=survey)
    areas = selectors.area_choices(municipality=_m(request))
    lang = request.POST.get("sprache") or request.GET.get("sprache") or "de"
    if lang not in SURVEY_LANGUAGES:
        lang = "de"
    parsed = Parsed()
    if request.method == "POST":
        parsed = parse_answers(
            questions,
            lambda n: request.POST.get(n, ""),
            request.POST.getlist,
            texts_for("de"),
            {k for k, _n in areas},
        )
        if parsed.ok:
            services.response_submit(
                survey=survey,
                language=lang,
                idempotency_key=request.POST.get("idempotency_key", ""),
                values=parsed.values,
                channel=Channel.PAPER,
            )
            messages.success(request, _("Paper questionnaire saved. You can type in the next one."))
            return redirect("participation:paper_entry", _m(request).ars, survey.pk)
    return render(
        request,
        "participation/paper_entry.html",
        {
            "survey": survey,
            "items": question_views(
                questions,
                "de",
                request.POST if request.method == "POST" else None,
                parsed.errors,
                areas,
            ),
            "errors": parsed.errors,
            "ui": texts_for("de"),
            "idempotency_key": uuid.uuid4(),
            "languages": [(k, v[0]) for k, v in SURVEY_LANGUAGES.items()],
            "lang": lang,
            "n_paper": survey.responses.filter(channel=Channel.PAPER).count(),
            "crumbs": _survey_crumbs(request, survey),
        },
    )


def _results(survey: Survey) -> dict[str, Any]:
    if survey.archived_results:
        results = dict(survey.archived_results)
        questions = {q.pk: q for q in selectors.questions_of(survey=survey)}
        for item in results["questions"]:
            item["question"] = questions.get(item.get("question_id"))
        return results
    return selectors.survey_results_cached(survey=survey)


@municipality_view()
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    data = _results(survey)
    for n, item in enumerate(data["questions"]):
        if item.get("rows") and item["kind"] != QuestionKind.SECTION:
            item["spec"] = selectors.bar_spec(item=item, title=item["title"])
            item["spec_id"] = f"chart-{n}"
    crosstab_options = [
        q
        for q in selectors.questions_of(survey=survey)
        if q.kind in (QuestionKind.SINGLE, QuestionKind.SCALE, QuestionKind.AREA)
    ]
    by = request.GET.get("nach", "")
    target = request.GET.get("frage", "")
    table = None
    if by and target.isdigit() and not survey.raw_deleted_at:
        question = survey.questions.filter(pk=int(target)).first()
        if question is not None:
            table = selectors.crosstab(survey=survey, question=question, by=by)
    return render(
        request,
        "participation/results.html",
        {
            "survey": survey,
            "results": data,
            "crosstab_options": crosstab_options,
            "crosstab_targets": [
                q for q in crosstab_options if q.kind in (QuestionKind.SINGLE, QuestionKind.SCALE)
            ]
            + [q for q in selectors.questions_of(survey=survey) if q.kind == QuestionKind.MULTIPLE],
            "by": by,
            "target": target,
            "table": table,
            "language_counts": [
                (SURVEY_LANGUAGES.get(code, (code, False))[0], n)
                for code, n in data["by_language"].items()
            ],
            "show_free_text": can_see_free_text(request.access),  # type: ignore[attr-defined]
            "min_published": selectors.MIN_PUBLISHED,
            "exports": survey.exports.filter(finished_at__isnull=False)[:5],
            "crumbs": _survey_crumbs(request, survey),
        },
    )


@municipality_view()
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from teilhabe.participation.documents import results_pdf as render_pdf

    survey = _survey(request, pk)
    pdf = render_pdf(survey=survey, results=selectors.suppress(_results(survey)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="befragung-{survey.pk}-ergebnisse.pdf"'
    return response


@municipality_view(can_edit)
def free_texts(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    qs = selectors.free_texts(survey=survey)
    page = Paginator(qs, 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "participation/free_texts.html",
        {
            "survey": survey,
            "page": page,
            "kinds": ContributionKind.choices,
            "crumbs": _survey_crumbs(request, survey),
        },
    )


@municipality_view(can_edit)
@require_POST
def free_text_adopt(request: HttpRequest, pk: int, apk: int) -> HttpResponse:
    survey = _survey(request, pk)
    answer = get_object_or_404(Answer, pk=apk, question__survey=survey)
    kind = request.POST.get("art", ContributionKind.IDEA)
    if kind not in ContributionKind.values:
        kind = ContributionKind.IDEA
    contribution = services.contribution_from_answer(answer=answer, user=request.user, kind=kind)  # type: ignore[arg-type]
    messages.success(request, _("Taken over as a contribution."))
    return redirect("participation:contribution_detail", _m(request).ars, contribution.pk)


@municipality_view(can_edit)
@require_POST
def export_start(request: HttpRequest, pk: int) -> HttpResponse:
    from teilhabe.participation.tasks import export_answers_task

    survey = _survey(request, pk)
    fmt = request.POST.get("format", "xlsx")
    if fmt not in SurveyExport.Format.values:
        fmt = "xlsx"
    export = SurveyExport.objects.create(survey=survey, format=fmt, created_by=request.user)
    run = task_enqueue(
        export_answers_task,
        title=_("Export of the answers: %(title)s") % {"title": survey.title},
        municipality=_m(request),
        user=request.user,  # type: ignore[arg-type]
        export_id=export.pk,
    )
    return redirect("core:task_detail", _m(request).ars, run.pk)


@municipality_view(can_edit)
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(
        SurveyExport, pk=pk, survey__municipality=_m(request), finished_at__isnull=False
    )
    path = Path(settings.MEDIA_ROOT) / export.path
    if not export.path or not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"befragung-{export.survey_id}.{export.format}",
    )


@municipality_view(can_administer)
@require_POST
def results_publish(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    publish = request.POST.get("veroeffentlichen") == "1"
    services.survey_publish_results(survey=survey, user=request.user, publish=publish)  # type: ignore[arg-type]
    messages.success(
        request, _("Results published.") if publish else _("Results withdrawn from publication.")
    )
    return redirect("participation:results", _m(request).ars, survey.pk)


@municipality_view(can_administer)
def settings_edit(request: HttpRequest) -> HttpResponse:
    obj = services.settings_for(municipality=_m(request))
    form = forms.SettingsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        services.settings_save(settings_obj=form.save(commit=False))
        messages.success(request, _("Settings saved."))
        return redirect("participation:settings", _m(request).ars)
    return render(
        request,
        "participation/settings.html",
        {"form": form, "settings_obj": obj, "history": object_history(obj)},
    )


@municipality_view(can_edit)
def keywords_edit(request: HttpRequest) -> HttpResponse:
    fields = list(FieldOfAction.objects.filter(municipality=_m(request), is_active=True))
    own = {
        k.field_of_action_id: k.keywords
        for k in FieldKeywords.objects.filter(field_of_action__in=fields)
    }
    pairs = [(f, own.get(f.pk) or DEFAULT_KEYWORDS.get(f.name, f.name)) for f in fields]
    form = forms.KeywordsForm(request.POST or None, fields_with_keywords=pairs)
    if request.method == "POST" and form.is_valid():
        for f, _words in pairs:
            services.keywords_save(field_of_action=f, keywords=form.cleaned_data[f"f{f.pk}"])
        n = services.contributions_resuggest(municipality=_m(request))
        messages.success(
            request, _("Keywords saved; %(n)s unconfirmed contributions re-suggested.") % {"n": n}
        )
        return redirect("participation:contribution_list", _m(request).ars)
    return _form_page(
        request,
        form,
        title=_("Keywords of the fields of action"),
        crumbs=[
            (reverse("participation:contribution_list", args=[_m(request).ars]), _("Contributions"))
        ],
        submit=_("Save keywords"),
        intro=_(
            "Teilhabe suggests a field of action for each contribution from these words. Words "
            "are compared by their stem (Sprachkurse → Sprachkurs) and inside compound words. "
            "Separate the words with commas."
        ),
    )


# --- events ----------------------------------------------------------------------------------


def _event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(Event, pk=pk, municipality=_m(request))


def _events_crumb(request: HttpRequest) -> tuple[str, str]:
    return (reverse("participation:event_list", args=[_m(request).ars]), _("Events"))


@municipality_view()
def event_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("art", "")
    year = request.GET.get("jahr", "")
    events = selectors.events_for(municipality=_m(request), kind=kind, year=year)
    return render(
        request,
        "participation/event_list.html",
        {"events": events, "kind": kind, "year": year, "kinds": EventKind.choices},
    )


@municipality_view(can_capture)
def event_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    group = request.GET.get("ag", "")
    if group.isdigit():
        wg = WorkingGroup.objects.filter(pk=int(group), municipality=_m(request)).first()
        if wg is not None:
            initial = {"working_group": wg, "kind": EventKind.WORKING_GROUP, "title": wg.name}
    steering = request.GET.get("sg", "")
    if steering.isdigit():
        sg = SteeringGroup.objects.filter(pk=int(steering), municipality=_m(request)).first()
        if sg is not None:
            initial = {"steering_group": sg, "kind": EventKind.STEERING_GROUP, "title": sg.name}
    form = forms.EventForm(request.POST or None, municipality=_m(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.municipality = _m(request)
        if not can_edit(request.access) and not can_edit_group(request.access, event.working_group):  # type: ignore[attr-defined]
            raise PermissionDenied
        services.event_save(event=event)
        messages.success(request, _("Event saved."))
        return redirect("participation:event_detail", _m(request).ars, event.pk)
    return _form_page(
        request,
        form,
        title=_("New event"),
        crumbs=[_events_crumb(request)],
        submit=_("Create event"),
    )


@municipality_view()
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    return render(
        request,
        "participation/event_detail.html",
        {
            "event": event,
            "contributions": event.contributions.select_related("field_of_action", "area"),
            "attachments": event.attachments.all(),
            "can_capture": can_capture(request.access),  # type: ignore[attr-defined]
            "can_edit_event": can_edit(request.access)
            or can_edit_group(request.access, event.working_group),  # type: ignore[attr-defined]
            "history": object_history(event),
        },
    )


@municipality_view(can_capture)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not can_edit_group(request.access, event.working_group):  # type: ignore[attr-defined]
        raise PermissionDenied
    form = forms.EventForm(request.POST or None, instance=event, municipality=_m(request))
    if request.method == "POST" and form.is_valid():
        services.event_save(event=form.save(commit=False))
        messages.success(request, _("Event saved."))
        return redirect("participation:event_detail", _m(request).ars, event.pk)
    return _form_page(
        request,
        form,
        title=_("Edit event"),
        crumbs=[
            _events_crumb(request),
            (reverse("participation:event_detail", args=[_m(request).ars, event.pk]), event.title),
        ],
        submit=_("Save event"),
    )


@municipality_view(can_capture)
def event_capture(request: HttpRequest, pk: int) -> HttpResponse:
    """The fast capture form: type one contribution after the other, e.g. on a tablet."""
    event = _event(request, pk)
    form = forms.CaptureForm(
        request.POST or None,
        municipality=_m(request),
        initial={"area": event.area_id},
    )
    if request.method == "POST" and form.is_valid():
        contribution = form.save(commit=False)
        contribution.municipality = _m(request)
        contribution.event = event
        contribution.working_group = event.working_group
        contribution.channel = ContributionChannel.EVENT
        contribution = services.contribution_create(contribution=contribution, user=request.user)  # type: ignore[arg-type]
        messages.success(
            request,
            _("Saved. Suggested field of action: %(field)s.")
            % {"field": contribution.field_of_action or _("none")},
        )
        return redirect("participation:event_capture", _m(request).ars, event.pk)
    recent = event.contributions.select_related("field_of_action")[:10]
    return render(
        request,
        "participation/event_capture.html",
        {"event": event, "form": form, "recent": recent, "count": event.contributions.count()},
    )


@municipality_view(can_capture)
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = form.save(commit=False)
        attachment.event = event
        try:
            services.attachment_save(attachment=attachment, user=request.user)  # type: ignore[arg-type]
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("File saved."))
            return redirect("participation:event_detail", _m(request).ars, event.pk)
    return _form_page(
        request,
        form,
        title=_("Add a file"),
        crumbs=[
            _events_crumb(request),
            (reverse("participation:event_detail", args=[_m(request).ars, event.pk]), event.title),
        ],
        submit=_("Save file"),
        intro=_(
            "Attendance lists and photos may only be stored if the people on them agreed. "
            "Record how the consent was given."
        ),
    )


@municipality_view(can_edit)
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(EventAttachment, pk=pk, event__municipality=_m(request))
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=Path(attachment.file.name).name
    )


# --- contributions ---------------------------------------------------------------------------


def _contribution(request: HttpRequest, pk: int) -> Contribution:
    return get_object_or_404(Contribution, pk=pk, municipality=_m(request))


@municipality_view()
def contribution_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "field": request.GET.get("handlungsfeld", ""),
        "area": request.GET.get("gebiet", ""),
        "kind": request.GET.get("art", ""),
        "channel": request.GET.get("kanal", ""),
        "q": request.GET.get("suche", "").strip(),
        "unconfirmed": request.GET.get("offen") == "1",
    }
    qs = selectors.contributions_for(municipality=_m(request), **filters)
    if request.GET.get("gruppiert") == "1":
        qs = qs.filter(duplicate_of__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("seite"))
    from teilhabe.core.models import Area

    ctx = {
        "page": page,
        "filters": filters,
        "grouped": request.GET.get("gruppiert") == "1",
        "fields": FieldOfAction.objects.filter(municipality=_m(request), is_active=True),
        "areas": Area.objects.filter(municipality=_m(request), parent__isnull=True),
        "kinds": ContributionKind.choices,
        "channels": ContributionChannel.choices,
        "counts": selectors.contribution_counts(municipality=_m(request)),
        "query": request.GET.urlencode(),
        "can_capture": can_capture(request.access),  # type: ignore[attr-defined]
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "participation/contribution_list.html#results", ctx)
    return render(request, "participation/contribution_list.html", ctx)


@municipality_view(can_capture)
def contribution_create(request: HttpRequest) -> HttpResponse:
    form = forms.ContributionForm(request.POST or None, municipality=_m(request))
    if request.method == "POST" and form.is_valid():
        contribution = form.save(commit=False)
        contribution.municipality = _m(request)
        contribution = services.contribution_create(contribution=contribution, user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Contribution saved."))
        return redirect("participation:contribution_detail", _m(request).ars, contribution.pk)
    return _form_page(
        request,
        form,
        title=_("New contribution"),
        crumbs=[
            (reverse("participation:contribution_list", args=[_m(request).ars]), _("Contributions"))
        ],
        submit=_("Save contribution"),
    )


@municipality_view()
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _contribution(request, pk)
    group_root = contribution.duplicate_of or contribution
    similar = Contribution.objects.filter(
        municipality=_m(request), duplicate_of=group_root
    ).exclude(pk=contribution.pk)
    return render(
        request,
        "participation/contribution_detail.html",
        {
            "c": contribution,
            "similar": similar,
            "root": group_root if group_root.pk != contribution.pk else None,
            "linked": selectors.linked_objects(contribution=contribution),
            "confirm_form": forms.ConfirmFieldForm(
                municipality=_m(request),
                initial={"field_of_action": contribution.field_of_action_id},
            ),
            "can_capture": can_capture(request.access),  # type: ignore[attr-defined]
            "history": object_history(contribution),
        },
    )


@municipality_view(can_capture)
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _contribution(request, pk)
    form = forms.ContributionForm(
        request.POST or None, instance=contribution, municipality=_m(request)
    )
    if request.method == "POST" and form.is_valid():
        services.contribution_update(contribution=form.save(commit=False))
        messages.success(request, _("Contribution saved."))
        return redirect("participation:contribution_detail", _m(request).ars, contribution.pk)
    return _form_page(
        request,
        form,
        title=_("Edit contribution"),
        crumbs=[
            (
                reverse("participation:contribution_list", args=[_m(request).ars]),
                _("Contributions"),
            ),
            (
                reverse(
                    "participation:contribution_detail", args=[_m(request).ars, contribution.pk]
                ),
                str(contribution)[:40],
            ),
        ],
        submit=_("Save contribution"),
    )


@municipality_view(can_capture)
@require_POST
def contribution_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _contribution(request, pk)
    form = forms.ConfirmFieldForm(request.POST, municipality=_m(request))
    if form.is_valid():
        services.contribution_confirm_field(
            contribution=contribution, field_of_action=form.cleaned_data["field_of_action"]
        )
        messages.success(request, _("Field of action confirmed."))
    back = request.POST.get("zurueck", "")
    if back.startswith("/k/"):
        return redirect(back)
    return redirect("participation:contribution_detail", _m(request).ars, contribution.pk)


# --- groups ----------------------------------------------------------------------------------


def _groups_crumb(request: HttpRequest) -> tuple[str, str]:
    return (reverse("participation:group_list", args=[_m(request).ars]), _("Groups"))


@municipality_view()
def group_list(request: HttpRequest) -> HttpResponse:
    from django.db.models import Count

    m = _m(request)
    return render(
        request,
        "participation/group_list.html",
        {
            "working_groups": WorkingGroup.objects.filter(municipality=m)
            .select_related("field_of_action")
            .annotate(
                n_members=Count("members", distinct=True),
                n_meetings=Count("meetings", distinct=True),
            ),
            "steering_groups": SteeringGroup.objects.filter(municipality=m).annotate(
                n_members=Count("members", distinct=True),
                n_meetings=Count("meetings", distinct=True),
            ),
        },
    )


def _group(request: HttpRequest, kind: str, pk: int) -> WorkingGroup | SteeringGroup:
    model = WorkingGroup if kind == "ag" else SteeringGroup
    return get_object_or_404(model, pk=pk, municipality=_m(request))


@municipality_view(can_edit)
def group_create(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ("ag", "sg"):
        raise Http404
    form = (
        forms.WorkingGroupForm(request.POST or None, municipality=_m(request))
        if kind == "ag"
        else forms.SteeringGroupForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group.municipality = _m(request)
        services.group_save(group=group)
        messages.success(request, _("Group saved."))
        return redirect("participation:group_detail", _m(request).ars, kind, group.pk)
    title = _("New working group") if kind == "ag" else _("New steering group")
    return _form_page(
        request, form, title=title, crumbs=[_groups_crumb(request)], submit=_("Create group")
    )


@municipality_view()
def group_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in ("ag", "sg"):
        raise Http404
    group = _group(request, kind, pk)
    wg = group if isinstance(group, WorkingGroup) else None
    has_link, recommendations = (
        selectors.working_group_recommendations(group=wg) if wg else (False, [])
    )
    return render(
        request,
        "participation/group_detail.html",
        {
            "group": group,
            "kind": kind,
            "is_working_group": wg is not None,
            "members": group.members.select_related("user", "actor"),
            "meetings": group.meetings.order_by("-date"),
            "documents": group.documents.all(),
            "contributions": wg.contributions.select_related("field_of_action")[:20] if wg else [],
            "recommendations_available": has_link,
            "recommendations": recommendations,
            "can_edit_group": can_edit_group(request.access, wg)
            if wg
            else can_edit(request.access),  # type: ignore[attr-defined]
            "history": object_history(group),
        },
    )


@municipality_view(can_capture)
def group_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in ("ag", "sg"):
        raise Http404
    group = _group(request, kind, pk)
    _require_group_edit(request, group)
    form = (
        forms.WorkingGroupForm(request.POST or None, instance=group, municipality=_m(request))
        if kind == "ag"
        else forms.SteeringGroupForm(request.POST or None, instance=group)
    )
    if request.method == "POST" and form.is_valid():
        services.group_save(group=form.save(commit=False))
        messages.success(request, _("Group saved."))
        return redirect("participation:group_detail", _m(request).ars, kind, group.pk)
    return _form_page(
        request,
        form,
        title=_("Edit group"),
        crumbs=[
            _groups_crumb(request),
            (
                reverse("participation:group_detail", args=[_m(request).ars, kind, group.pk]),
                group.name,
            ),
        ],
        submit=_("Save group"),
    )


def _require_group_edit(request: HttpRequest, group: WorkingGroup | SteeringGroup) -> None:
    access = request.access  # type: ignore[attr-defined]
    allowed = can_edit_group(access, group) if isinstance(group, WorkingGroup) else can_edit(access)
    if not allowed:
        raise PermissionDenied


@municipality_view(can_capture)
def member_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in ("ag", "sg"):
        raise Http404
    group = _group(request, kind, pk)
    _require_group_edit(request, group)
    form = forms.MemberForm(request.POST or None, municipality=_m(request))
    if request.method == "POST" and form.is_valid():
        member = form.save(commit=False)
        if isinstance(group, WorkingGroup):
            member.working_group = group
        else:
            member.steering_group = group
        try:
            services.member_save(member=member)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect("participation:group_detail", _m(request).ars, kind, group.pk)
    return _form_page(
        request,
        form,
        title=_("Add a member"),
        crumbs=[
            _groups_crumb(request),
            (
                reverse("participation:group_detail", args=[_m(request).ars, kind, group.pk]),
                group.name,
            ),
        ],
        submit=_("Add member"),
        intro=_(
            "Choose a person with access to Teilhabe or an actor from the inventory "
            "(association, welfare organisation, migrant organisation), or give name and "
            "organisation."
        ),
    )


@municipality_view(can_capture)
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        GroupMember.objects.select_related("working_group", "steering_group"),
        pk=pk,
    )
    group = member.working_group or member.steering_group
    if group is None or group.municipality_id != _m(request).pk:
        raise Http404
    _require_group_edit(request, group)
    kind = "ag" if member.working_group_id else "sg"
    services.member_remove(member=member)
    messages.success(request, _("Member removed."))
    return redirect("participation:group_detail", _m(request).ars, kind, group.pk)


@municipality_view(can_capture)
def document_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in ("ag", "sg"):
        raise Http404
    group = _group(request, kind, pk)
    _require_group_edit(request, group)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        if isinstance(group, WorkingGroup):
            document.working_group = group
        else:
            document.steering_group = group
        services.document_save(document=document)
        messages.success(request, _("Document saved."))
        return redirect("participation:group_detail", _m(request).ars, kind, group.pk)
    return _form_page(
        request,
        form,
        title=_("Add a document"),
        crumbs=[
            _groups_crumb(request),
            (
                reverse("participation:group_detail", args=[_m(request).ars, kind, group.pk]),
                group.name,
            ),
        ],
        submit=_("Save document"),
    )


@municipality_view()
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        GroupDocument.objects.select_related("working_group", "steering_group"), pk=pk
    )
    group = document.working_group or document.steering_group
    if group is None or group.municipality_id != _m(request).pk:
        raise Http404
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=Path(document.file.name).name
    )


# --- reach -----------------------------------------------------------------------------------


@municipality_view()
def reach(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participation/reach.html",
        {
            "reach": selectors.reach(municipality=_m(request)),
            "channels": dict(ContributionChannel.choices),
        },
    )
