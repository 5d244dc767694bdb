"""Pages of the reports part: reports with their texts and live preview, generation as a
task, editions with downloads, comparison and publication approval, and the public
download of published editions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.core import documents
from teilhabe.core.permissions import anyone
from teilhabe.core.selectors import object_history
from teilhabe.core.tasks import task_enqueue
from teilhabe.core.tenancy import WorkspaceRequest, admits, municipality_view
from teilhabe.reports import builders, selectors, services
from teilhabe.reports.forms import TEXT_FORMS, ReportCreateForm, ReportSettingsForm
from teilhabe.reports.models import Edition, Report, ReportKind
from teilhabe.reports.permissions import (
    can_publish_reports,
    can_read_reports,
    can_write_reports,
)

CONTENT_TYPES = {"pdf": documents.PDF, "docx": documents.DOCX, "xlsx": documents.XLSX}


def _report(request: WorkspaceRequest, pk: int) -> Report:
    return get_object_or_404(Report, pk=pk, municipality=request.municipality)


def _edition(request: WorkspaceRequest, pk: int) -> Edition:
    return get_object_or_404(
        Edition.objects.select_related("report", "created_by", "published_by"),
        pk=pk,
        report__municipality=request.municipality,
    )


@municipality_view(can_read_reports)
def report_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": selectors.reports_for(municipality=municipality),
            "editions": selectors.editions_for(municipality=municipality)[:100],
            "report_settings": selectors.report_settings(municipality=municipality),
        },
    )


@municipality_view(can_write_reports)
def report_create(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    initial = {"kind": request.GET.get("art", ReportKind.CONCEPT)}
    form = ReportCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                municipality=municipality,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Report created. Write its texts, then generate it."))
            return redirect("reports:report_detail", municipality.ars, report.pk)
    return render(request, "reports/report_create.html", {"form": form})


@municipality_view(can_read_reports)
def report_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    doc = builders.build(report)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "doc": doc,
            "editions": selectors.editions_of(report=report),
            "history": object_history(report),
        },
    )


@municipality_view(can_write_reports)
def report_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form_class = TEXT_FORMS[report.kind]
    form = form_class(request.POST or None, instance=report, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(
                report=form.instance, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Texts saved."))
            return redirect("reports:report_detail", request.municipality.ars, report.pk)
    return render(request, "reports/report_edit.html", {"report": report, "form": form})


@municipality_view(can_write_reports)
@require_POST
def report_generate(request: WorkspaceRequest, pk: int) -> HttpResponse:
    from teilhabe.reports.tasks import generate_edition_task

    report = _report(request, pk)
    run = task_enqueue(
        generate_edition_task,
        title=_("Generate “%(title)s”") % {"title": report.title},
        municipality=request.municipality,
        user=request.user,
        report_id=report.pk,
        user_id=request.user.pk,
    )
    return redirect("core:task_detail", request.municipality.ars, run.pk)


@municipality_view(can_write_reports)
@require_POST
def progress_draft(request: WorkspaceRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.progress_draft_refresh(report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The text was drafted from the data. Please review it."))
        return redirect("reports:report_edit", request.municipality.ars, report.pk)
    return redirect("reports:report_detail", request.municipality.ars, report.pk)


@municipality_view(can_write_reports)
@require_POST
def progress_paper(request: WorkspaceRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        paper = services.progress_paper_create(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:report_detail", request.municipality.ars, report.pk)
    messages.success(request, _("The information paper was created."))
    return redirect("council:paper_detail", request.municipality.ars, paper.pk)


@municipality_view(can_read_reports)
def edition_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    return render(
        request,
        "reports/edition_detail.html",
        {
            "edition": edition,
            "report": edition.report,
            "doc": edition.snapshot,
            "previous": selectors.previous_edition(edition=edition),
            "history": object_history(edition),
        },
    )


@municipality_view(can_read_reports)
def edition_compare(request: WorkspaceRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    previous = selectors.previous_edition(edition=edition)
    diff = builders.compare(previous.snapshot, edition.snapshot) if previous else None
    return render(
        request,
        "reports/edition_compare.html",
        {"edition": edition, "report": edition.report, "previous": previous, "diff": diff},
    )


@municipality_view(can_publish_reports)
@require_POST
def edition_publish(request: WorkspaceRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    approved = request.POST.get("approve") == "1"
    services.edition_publish(edition=edition, approved=approved, user=request.user)
    messages.success(
        request,
        _("The edition is approved for publication.")
        if approved
        else _("The approval was withdrawn."),
    )
    return redirect("reports:edition_detail", request.municipality.ars, edition.pk)


def _file(edition: Edition, kind: str) -> HttpResponse:
    if kind not in CONTENT_TYPES:
        raise Http404
    field = getattr(edition, kind)
    if not field:
        raise Http404
    with field.open("rb") as handle:
        data = handle.read()
    name = services.file_base(edition.report, edition.number)
    name += "-Anhang.xlsx" if kind == "xlsx" else f".{kind}"
    return documents.file_response(
        data, filename=name, content_type=CONTENT_TYPES[kind], inline=kind == "pdf"
    )


@municipality_view(can_read_reports)
def edition_file(request: WorkspaceRequest, pk: int, kind: str) -> HttpResponse:
    return _file(_edition(request, pk), kind)


@admits(anyone)
def public_file(request: HttpRequest, ars: str, pk: int, kind: str) -> HttpResponse:
    """A published edition's file for everyone; unpublished editions do not exist here."""
    edition = selectors.published_edition(ars=ars, pk=pk)
    if edition is None:
        raise Http404
    return _file(edition, kind)


@municipality_view(can_publish_reports)
def report_settings(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    settings_obj = selectors.report_settings(municipality=municipality)
    form = ReportSettingsForm(request.POST or None, instance=settings_obj)
    if request.method == "POST" and form.is_valid():
        services.report_settings_save(settings_obj=form.instance)
        messages.success(request, _("Settings saved."))
        return redirect("reports:report_list", municipality.ars)
    return render(request, "reports/settings.html", {"form": form})
