"""Workspace pages of participation: surveys, their questions, paper entry, results and
exports, the settings and the keywords of the fields of action."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.core.http import form_errors, form_page
from teilhabe.core.models import FieldOfAction
from teilhabe.core.permissions import can_administer, can_edit
from teilhabe.core.selectors import object_history
from teilhabe.core.tasks import task_enqueue
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view
from teilhabe.participation import forms, selectors, services
from teilhabe.participation.answers import Parsed, parse_answers
from teilhabe.participation.matcher import DEFAULT_KEYWORDS
from teilhabe.participation.models import (
    SURVEY_LANGUAGES,
    Answer,
    Channel,
    ContributionKind,
    FieldKeywords,
    Question,
    QuestionKind,
    Survey,
    SurveyExport,
)
from teilhabe.participation.permissions import can_see_free_text
from teilhabe.participation.public_texts import texts_for
from teilhabe.participation.questionnaire import question_views
from teilhabe.participation.views import FORM_PAGE


def _survey(request: WorkspaceRequest, pk: int) -> Survey:
    return get_object_or_404(Survey, pk=pk, municipality=request.municipality)


def _surveys_crumb(request: WorkspaceRequest) -> tuple[str, str]:
    return (reverse("participation:survey_list", args=[request.municipality.ars]), _("Surveys"))


def _survey_crumbs(request: WorkspaceRequest, survey: Survey) -> list[tuple[str, str]]:
    return [
        _surveys_crumb(request),
        (
            reverse("participation:survey_detail", args=[request.municipality.ars, survey.pk]),
            survey.title,
        ),
    ]


# --- surveys ---------------------------------------------------------------------------------


@municipality_view()
def survey_list(request: WorkspaceRequest) -> HttpResponse:
    surveys = selectors.surveys_for(municipality=request.municipality)
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
def survey_create(request: WorkspaceRequest) -> HttpResponse:
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = form.save(commit=False)
        survey.municipality = request.municipality
        survey.texts = {"de": {"privacy": _default_privacy(request)}}
        try:
            services.survey_save(survey=survey)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey created. Now add the questions."))
            return redirect("participation:survey_detail", request.municipality.ars, survey.pk)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("New survey"),
        crumbs=[_surveys_crumb(request)],
        submit_label=_("Create survey"),
    )


def _default_privacy(request: WorkspaceRequest) -> str:
    controller = services.settings_for(municipality=request.municipality).controller
    return (
        f"Verantwortlich: {controller or request.municipality.name}. "
        "Zweck: Erarbeitung des Integrationskonzepts. Rechtsgrundlage: Art. 6 Abs. 1 lit. e "
        "DSGVO in Verbindung mit dem Landesrecht; die Teilnahme ist freiwillig. Die Befragung ist "
        "anonym: Es werden keine Namen, IP-Adressen oder Gerätedaten gespeichert. Die einzelnen "
        "Antworten werden nach Ende der Aufbewahrungsfrist gelöscht, zusammengefasste Ergebnisse "
        "bleiben erhalten. Sie haben das Recht auf Beschwerde bei der Datenschutzaufsichtsbehörde."
    )


@municipality_view()
def survey_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    languages = services.settings_for(municipality=request.municipality).all_languages
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
def survey_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = forms.SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_save(
                survey=form.save(commit=False), expected_version=form.cleaned_data.get("version")
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Survey saved."))
            return redirect("participation:survey_detail", request.municipality.ars, survey.pk)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("Edit survey"),
        crumbs=_survey_crumbs(request, survey),
        submit_label=_("Save survey"),
    )


@municipality_view(can_edit)
def survey_intro(request: WorkspaceRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    german = (survey.texts or {}).get("de", {})
    form = forms.SurveyIntroForm(request.POST or None, initial=german)
    if request.method == "POST" and form.is_valid():
        services.survey_set_texts(survey=survey, lang="de", texts=form.cleaned_data)
        messages.success(request, _("Texts saved."))
        return redirect("participation:survey_detail", request.municipality.ars, survey.pk)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("Introduction and privacy notice"),
        crumbs=_survey_crumbs(request, survey),
        submit_label=_("Save texts"),
    )


@municipality_view(can_edit)
def survey_translate(request: WorkspaceRequest, pk: int, lang: str) -> HttpResponse:
    survey = _survey(request, pk)
    if (
        lang == "de"
        or lang not in services.settings_for(municipality=request.municipality).all_languages
    ):
        raise Http404
    questions = [q for q in selectors.questions_of(survey=survey)]
    form = forms.TranslationForm(
        request.POST or None, survey=survey, lang=lang, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        services.translation_save(survey=survey, lang=lang, data=form.cleaned_data)
        messages.success(request, _("Translation saved."))
        return redirect("participation:survey_detail", request.municipality.ars, survey.pk)
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
def survey_justify(request: WorkspaceRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = forms.JustificationForm(
        request.POST or None, initial={"art9_justification": survey.art9_justification}
    )
    if request.method == "POST" and form.is_valid():
        services.survey_record_justification(
            survey=survey,
            text=form.cleaned_data["art9_justification"],
            user=request.user,
        )
        messages.success(request, _("Justification recorded."))
        return redirect("participation:survey_detail", request.municipality.ars, survey.pk)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("Special categories of personal data (Art. 9 GDPR)"),
        crumbs=_survey_crumbs(request, survey),
        submit_label=_("Record justification"),
        intro=_(
            "Questions on ethnic origin, religion or health may only be asked with a recorded "
            "justification. The survey cannot open before."
        ),
    )


@municipality_view(can_edit)
@require_POST
def survey_open(request: WorkspaceRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    try:
        services.survey_open_now(survey=survey)
        messages.success(request, _("The survey is open."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("participation:survey_detail", request.municipality.ars, survey.pk)


@municipality_view(can_edit)
@require_POST
def survey_close(request: WorkspaceRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    services.survey_close_now(survey=survey)
    messages.success(request, _("The survey is closed."))
    return redirect("participation:survey_detail", request.municipality.ars, survey.pk)


@municipality_view()
def survey_preview(request: WorkspaceRequest, pk: int, lang: str) -> HttpResponse:
    from teilhabe.participation.views_public import _context

    survey = _survey(request, pk)
    if lang not in services.settings_for(municipality=request.municipality).all_languages:
        raise Http404
    questions = selectors.questions_of(survey=survey)
    areas = selectors.area_choices(municipality=request.municipality)
    return render(
        request,
        "participation/public_form.html",
        _context(survey, lang)
        | {
            "items": question_views(questions, lang, None, {}, areas),
            "preview": True,
            "back_url": reverse(
                "participation:survey_detail", args=[request.municipality.ars, survey.pk]
            ),
            "action": "",
            "idempotency_key": "",
        },
    )


@municipality_view(can_edit)
def question_create(request: WorkspaceRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return _question_form(request, survey, Question(survey=survey))


@municipality_view(can_edit)
def question_edit(request: WorkspaceRequest, pk: int, qpk: int) -> HttpResponse:
    survey = _survey(request, pk)
    question = get_object_or_404(Question, pk=qpk, survey=survey)
    return _question_form(request, survey, question)


def _question_form(request: WorkspaceRequest, survey: Survey, question: Question) -> HttpResponse:
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
                f"{reverse('participation:survey_detail', args=[request.municipality.ars, survey.pk])}#frage-{question.pk}"
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
def question_move(request: WorkspaceRequest, pk: int, qpk: int) -> HttpResponse:
    survey = _survey(request, pk)
    question = get_object_or_404(Question, pk=qpk, survey=survey)
    services.question_move(question=question, up=request.POST.get("richtung") == "hoch")
    return redirect(
        f"{reverse('participation:survey_detail', args=[request.municipality.ars, survey.pk])}#frage-{question.pk}"
    )


@municipality_view(can_edit)
@require_POST
def question_delete(request: WorkspaceRequest, pk: int, qpk: int) -> HttpResponse:
    survey = _survey(request, pk)
    question = get_object_or_404(Question, pk=qpk, survey=survey)
    try:
        services.question_delete(question=question)
        messages.success(request, _("Question deleted."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("participation:survey_detail", request.municipality.ars, survey.pk)


@municipality_view(can_edit)
def invitations(request: WorkspaceRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = forms.InvitationsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.invitations_create(
            survey=survey, recipients=form.cleaned_data["recipients"].splitlines()
        )
        messages.success(request, _("%(n)s personal links created.") % {"n": len(created)})
        return redirect("participation:invitations", request.municipality.ars, survey.pk)
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


def _paper_save(
    request: WorkspaceRequest, survey: Survey, lang: str, parsed: Parsed
) -> HttpResponse:
    services.response_submit(
        survey=survey,
        language=lang,
        idempotency_key=request.POST.get("idempotency_key", ""),
        values=parsed.values,
        channel=Channel.PAPER,
    )
    messages.success(request, _("Paper questionnaire saved. You can type in the next one."))
    return redirect("participation:paper_entry", request.municipality.ars, survey.pk)


@municipality_view(can_edit)
def paper_entry(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Staff type in a paper questionnaire (market stand); stored with the channel "paper"."""
    survey = _survey(request, pk)
    questions = selectors.questions_of(survey=survey)
    areas = selectors.area_choices(municipality=request.municipality)
    lang = request.POST.get("sprache") or request.GET.get("sprache") or "de"
    lang = lang if lang in SURVEY_LANGUAGES else "de"
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
            return _paper_save(request, survey, lang, parsed)
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


def _crosstab(request: WorkspaceRequest, survey: Survey) -> dict[str, Any]:
    """The questions a cross table can be made of, and the table asked for (by ?nach=&frage=)."""
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
    return {
        "crosstab_options": crosstab_options,
        "crosstab_targets": [
            q for q in crosstab_options if q.kind in (QuestionKind.SINGLE, QuestionKind.SCALE)
        ]
        + [q for q in selectors.questions_of(survey=survey) if q.kind == QuestionKind.MULTIPLE],
        "by": by,
        "target": target,
        "table": table,
    }


@municipality_view()
def results(request: WorkspaceRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    data = _results(survey)
    for n, item in enumerate(data["questions"]):
        if item.get("rows") and item["kind"] != QuestionKind.SECTION:
            item["spec"] = selectors.bar_spec(item=item, title=item["title"])
            item["spec_id"] = f"chart-{n}"
    return render(
        request,
        "participation/results.html",
        {
            "survey": survey,
            "results": data,
            **_crosstab(request, survey),
            "language_counts": [
                (SURVEY_LANGUAGES.get(code, (code, False))[0], n)
                for code, n in data["by_language"].items()
            ],
            "show_free_text": can_see_free_text(request.access),
            "min_published": selectors.MIN_PUBLISHED,
            "exports": survey.exports.filter(finished_at__isnull=False)[:5],
            "crumbs": _survey_crumbs(request, survey),
        },
    )


@municipality_view()
def results_pdf(request: WorkspaceRequest, pk: int) -> HttpResponse:
    from teilhabe.participation.documents import results_pdf as render_pdf

    survey = _survey(request, pk)
    pdf = render_pdf(survey=survey, results=selectors.suppress(_results(survey)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="befragung-{survey.pk}-ergebnisse.pdf"'
    return response


@municipality_view(can_see_free_text)
def free_texts(request: WorkspaceRequest, pk: int) -> HttpResponse:
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
def free_text_adopt(request: WorkspaceRequest, pk: int, apk: int) -> HttpResponse:
    survey = _survey(request, pk)
    answer = get_object_or_404(Answer, pk=apk, question__survey=survey)
    kind = request.POST.get("art", ContributionKind.IDEA)
    if kind not in ContributionKind.values:
        kind = ContributionKind.IDEA
    contribution = services.contribution_from_answer(answer=answer, user=request.user, kind=kind)
    messages.success(request, _("Taken over as a contribution."))
    return redirect("participation:contribution_detail", request.municipality.ars, contribution.pk)


@municipality_view(can_edit)
@require_POST
def export_start(request: WorkspaceRequest, pk: int) -> HttpResponse:
    from teilhabe.participation.tasks import export_answers_task

    survey = _survey(request, pk)
    fmt = request.POST.get("format", "xlsx")
    if fmt not in SurveyExport.Format.values:
        fmt = "xlsx"
    export = SurveyExport.objects.create(survey=survey, format=fmt, created_by=request.user)
    run = task_enqueue(
        export_answers_task,
        title=_("Export of the answers: %(title)s") % {"title": survey.title},
        municipality=request.municipality,
        user=request.user,
        export_id=export.pk,
    )
    return redirect("core:task_detail", request.municipality.ars, run.pk)


@municipality_view(can_edit)
def export_download(request: WorkspaceRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(
        SurveyExport, pk=pk, survey__municipality=request.municipality, finished_at__isnull=False
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
def results_publish(request: WorkspaceRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    publish = request.POST.get("veroeffentlichen") == "1"
    services.survey_publish_results(survey=survey, user=request.user, publish=publish)
    messages.success(
        request, _("Results published.") if publish else _("Results withdrawn from publication.")
    )
    return redirect("participation:results", request.municipality.ars, survey.pk)


@municipality_view(can_administer)
def settings_edit(request: WorkspaceRequest) -> HttpResponse:
    obj = services.settings_for(municipality=request.municipality)
    form = forms.SettingsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        services.settings_save(settings_obj=form.save(commit=False))
        messages.success(request, _("Settings saved."))
        return redirect("participation:settings", request.municipality.ars)
    return render(
        request,
        "participation/settings.html",
        {"form": form, "settings_obj": obj, "history": object_history(obj)},
    )


@municipality_view(can_edit)
def keywords_edit(request: WorkspaceRequest) -> HttpResponse:
    fields = list(FieldOfAction.objects.filter(municipality=request.municipality, is_active=True))
    own = {
        k.field_of_action_id: k.keywords
        for k in FieldKeywords.objects.filter(field_of_action__in=fields)
    }
    pairs = [(f, own.get(f.pk) or DEFAULT_KEYWORDS.get(f.name, f.name)) for f in fields]
    form = forms.KeywordsForm(request.POST or None, fields_with_keywords=pairs)
    if request.method == "POST" and form.is_valid():
        for f, _words in pairs:
            services.keywords_save(field_of_action=f, keywords=form.cleaned_data[f"f{f.pk}"])
        n = services.contributions_resuggest(municipality=request.municipality)
        messages.success(
            request, _("Keywords saved; %(n)s unconfirmed contributions re-suggested.") % {"n": n}
        )
        return redirect("participation:contribution_list", request.municipality.ars)
    return form_page(
        request,
        FORM_PAGE,
        form=form,
        title=_("Keywords of the fields of action"),
        crumbs=[
            (
                reverse("participation:contribution_list", args=[request.municipality.ars]),
                _("Contributions"),
            )
        ],
        submit_label=_("Save keywords"),
        intro=_(
            "Teilhabe suggests a field of action for each contribution from these words. Words "
            "are compared by their stem (Sprachkurse → Sprachkurs) and inside compound words. "
            "Separate the words with commas."
        ),
    )
