"""Generation of an edition as a background task with progress."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.core.models import User
from teilhabe.core.tasks import Progress, tracked
from teilhabe.reports import builders, render, services
from teilhabe.reports.models import Edition, Report, ReportKind


def generate(report: Report, *, user: User | None, progress: Progress | None = None) -> Edition:
    """Build the document, render PDF, Word file and (integration report) the spreadsheet
    appendix once, and freeze them as the next edition."""

    def step(percent: int, message: str) -> None:
        if progress is not None:
            progress.update(percent, message)

    step(5, _("Collecting the data …"))
    # One "now" for the period stored with the edition and the data of the document: the
    # next report starts exactly where this one ended.
    now = timezone.now()
    start, end = builders.period_of(report, now=now)
    doc = builders.build(report, now=now, appendix=True)
    number = (report.editions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    doc["edition"] = number
    step(30, _("Drawing %(n)s charts and maps …") % {"n": doc["figure_count"]})
    images = render.chart_images(doc)
    step(50, _("Writing the PDF …"))
    pdf = render.render_pdf(doc, images)
    step(75, _("Writing the Word file …"))
    docx = render.render_docx(doc, images)
    xlsx = render.render_xlsx(doc) if report.kind == ReportKind.INTEGRATION else None
    step(95, _("Saving the edition …"))
    return services.edition_create(
        report=report,
        user=user,
        snapshot=doc,
        period_start=start,
        period_end=end,
        pdf=pdf.data,
        page_count=pdf.pages,
        docx=docx,
        xlsx=xlsx,
    )


@task()
@tracked
def generate_edition_task(progress: Progress, *, report_id: int, user_id: int | None) -> str:
    report = Report.objects.select_related("municipality").get(pk=report_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    edition = generate(report, user=user, progress=progress)
    return reverse("reports:edition_detail", args=[report.municipality.ars, edition.pk])
