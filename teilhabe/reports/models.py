"""Reports of a municipality: the concept document, the annual progress report
(Sachstandsbericht) and the integration report. A report holds the texts staff write; every
generation freezes an edition with its data snapshot and its files (PDF, DOCX, XLSX)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.mixins import Publishable, Versioned
from teilhabe.core.models import Municipality, history


class ReportKind(models.TextChoices):
    CONCEPT = "concept", _("Concept document")
    PROGRESS = "progress", _("Progress report")
    INTEGRATION = "integration", _("Integration report")


class ReportSettings(models.Model):
    """Per municipality: how often the integration report is due."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="report_settings"
    )
    integration_period_years = models.PositiveSmallIntegerField(
        _("Integration report every … years"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )

    history = history()

    class Meta:
        verbose_name = _("Report settings")
        verbose_name_plural = _("Report settings")

    def __str__(self) -> str:
        return str(self.municipality)


class Report(Versioned):
    """One report with the texts staff write for it; its editions are the generated versions."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("Kind"), max_length=12, choices=ReportKind.choices)
    title = models.CharField(_("Title"), max_length=200)
    period_start = models.DateField(
        _("Period from"),
        null=True,
        blank=True,
        help_text=_("Empty: from the last report of this kind."),
    )
    period_end = models.DateField(_("Period until"), null=True, blank=True)
    summary_easy = models.TextField(
        _("Summary in Leichte Sprache"),
        blank=True,
        help_text=_("Short sentences, one statement each. Shown at the front of the document."),
    )
    premise = models.TextField(_("Meaning of the concept for the municipality"), blank=True)
    partners = models.TextField(_("Involving partners"), blank=True)
    opening = models.TextField(_("Intercultural opening"), blank=True)
    implementation = models.TextField(_("Planning and implementation"), blank=True)
    process_intro = models.TextField(_("Introduction to the process"), blank=True)
    data_intro = models.TextField(_("Introduction to the data basis"), blank=True)
    outlook = models.TextField(_("Outlook"), blank=True)
    draft_text = models.TextField(
        _("Text of the information paper"),
        blank=True,
        help_text=_("Drafted from the data; review and complete it before creating the paper."),
    )
    paper = models.ForeignKey(
        "council.Paper",
        verbose_name=_("Council paper"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = history()

    class Meta:
        verbose_name = _("Report")
        verbose_name_plural = _("Reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Edition(Publishable):
    """A frozen generation of a report: number, date, author, the data it showed and its
    files. Editions never change; only their publication approval does."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="editions")
    number = models.PositiveIntegerField(_("Edition"))
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period_start = models.DateTimeField(_("Period from"), null=True, blank=True)
    period_end = models.DateTimeField(_("Period until"), null=True, blank=True)
    snapshot = models.JSONField(_("Data of the edition"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to="reports/", blank=True)
    docx = models.FileField(_("Word file"), upload_to="reports/", blank=True)
    xlsx = models.FileField(_("Appendix (Excel)"), upload_to="reports/", blank=True)
    page_count = models.PositiveIntegerField(_("Pages"), default=0)
    figure_count = models.PositiveIntegerField(_("Charts and maps"), default=0)

    history = history()

    class Meta:
        verbose_name = _("Edition")
        verbose_name_plural = _("Editions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="edition_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.report.title} ({self.number})"
