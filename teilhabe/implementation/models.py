"""Carrying out the concept: status updates and milestones of the measures, and in-depth
evaluations (Landshut: three per integration report) with question, logic model, figures,
findings and recommendation; figures may be requested from the lead office or an actor by a
personal link.

The tables were created by the concept part and keep their names (``db_table``), with their
history tables."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from teilhabe.concept.models import YEAR_VALIDATORS, Measure, TrafficLight
from teilhabe.core.history import DelegationHistoryModel
from teilhabe.core.models import Municipality


def kept_history(table: str) -> HistoricalRecords:
    """``teilhabe.core.models.history`` for a table that keeps the name it was created with."""
    return HistoricalRecords(
        bases=[DelegationHistoryModel], inherit=False, table_name=f"concept_historical{table}"
    )


# --- status updates and milestones ----------------------------------------------------------


class StatusUpdate(models.Model):
    """A report by the lead office: traffic light, text and optional figures."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("Date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporting_municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    traffic_light = models.CharField(
        _("Traffic light"), max_length=10, choices=TrafficLight.choices[1:]
    )
    text = models.TextField(_("Status report"))
    progress_percent = models.PositiveSmallIntegerField(
        _("Progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    participants = models.PositiveIntegerField(_("Participants reached"), null=True, blank=True)
    money_spent = models.DecimalField(
        _("Money spent (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = kept_history("statusupdate")

    class Meta:
        db_table = "concept_statusupdate"
        verbose_name = _("Status update")
        verbose_name_plural = _("Status updates")
        ordering = ["-reported_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.measure.number} {self.reported_on:%d.%m.%Y}"


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Milestone"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    history = kept_history("milestone")

    class Meta:
        db_table = "concept_milestone"
        verbose_name = _("Milestone")
        verbose_name_plural = _("Milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date | None = None) -> bool:
        return self.done_on is None and self.due_on < (today or timezone.localdate())


# --- evaluations ----------------------------------------------------------------------------


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    COMPLETE = "complete", _("complete")


class EvaluationRecommendation(models.TextChoices):
    NONE = "", _("not yet decided")
    CONTINUE = "continue", _("continue")
    ADAPT = "adapt", _("adapt")
    END = "end", _("end")


class Evaluation(models.Model):
    """The evaluation of one measure for one report year."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="evaluations"
    )
    measure = models.ForeignKey(
        "concept.Measure",
        verbose_name=pgettext_lazy("integration concept", "Measure"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    report_year = models.PositiveIntegerField(_("Report year"), validators=YEAR_VALIDATORS)
    selected_for_report = models.BooleanField(
        _("selected for in-depth evaluation in the report"),
        default=True,
        help_text=_("Landshut evaluates three measures in depth per integration report."),
    )
    question = models.TextField(_("Evaluation question"), blank=True)
    input_text = models.TextField(
        _("Input"), blank=True, help_text=_("Staff, money, partners, rooms put in.")
    )
    activities_text = models.TextField(
        _("Activities"), blank=True, help_text=_("What was done with it.")
    )
    output_text = models.TextField(
        _("Output"), blank=True, help_text=_("What was produced: courses, places, participants.")
    )
    outcome_text = models.TextField(
        _("Outcome"), blank=True, help_text=_("What changed for the target group.")
    )
    findings = models.TextField(_("Findings"), blank=True)
    recommendation = models.CharField(
        _("Recommendation"),
        max_length=10,
        choices=EvaluationRecommendation.choices,
        blank=True,
        default="",
    )
    recommendation_note = models.TextField(_("Reasons for the recommendation"), blank=True)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
    )
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    history = kept_history("evaluation")

    class Meta:
        db_table = "concept_evaluation"
        verbose_name = _("Evaluation")
        verbose_name_plural = _("Evaluations")
        ordering = ["-report_year", "measure__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "report_year"],
                name="evaluation_once_per_measure_and_year",
                violation_error_message=_(
                    "This measure already has an evaluation for this report year."
                ),
            )
        ]

    def __str__(self) -> str:
        return _("Evaluation of %(measure)s (%(year)s)") % {
            "measure": self.measure.number,
            "year": self.report_year,
        }

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.measure_id and self.measure.municipality_id != self.municipality_id:
            errors["measure"] = str(_("Belongs to another municipality."))
        if self.status == EvaluationStatus.COMPLETE:
            if not self.question.strip():
                errors["question"] = str(_("A complete evaluation needs its question."))
            if not self.findings.strip():
                errors["findings"] = str(_("A complete evaluation needs its findings."))
            if not self.recommendation:
                errors["recommendation"] = str(
                    _("A complete evaluation needs a recommendation: continue, adapt or end.")
                )
        if errors:
            raise ValidationError(errors)


class FigureStage(models.TextChoices):
    NONE = "", _("not assigned")
    INPUT = "input", _("Input")
    ACTIVITIES = "activities", _("Activities")
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")


class FigureOrigin(models.TextChoices):
    MANUAL = "manual", _("entered by staff")
    UPDATE = "update", _("status update of the measure")
    USAGE = "usage", _("usage of a linked offer")
    SURVEY = "survey", _("survey result")
    REQUEST = "request", _("requested by link")


class EvaluationFigure(models.Model):
    """A figure of an evaluation with value, unit, source and date. Figures sent through a
    request link count only after staff have reviewed them."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="figures")
    stage = models.CharField(
        _("Stage of the logic model"),
        max_length=10,
        choices=FigureStage.choices,
        blank=True,
        default="",
    )
    label = models.CharField(_("Figure"), max_length=200)
    value = models.DecimalField(_("Value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("Unit"), max_length=40, blank=True)
    source = models.CharField(_("Source"), max_length=300)
    as_of = models.DateField(_("as of"))
    origin = models.CharField(
        _("Origin"), max_length=10, choices=FigureOrigin.choices, default=FigureOrigin.MANUAL
    )
    reviewed = models.BooleanField(_("reviewed"), default=True)
    request = models.ForeignKey(
        "implementation.FigureRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="figures",
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = kept_history("evaluationfigure")

    class Meta:
        db_table = "concept_evaluationfigure"
        verbose_name = _("Figure")
        verbose_name_plural = _("Figures")
        ordering = ["stage", "as_of", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}".strip()


class RequestStatus(models.TextChoices):
    SENT = "sent", _("waiting for the answer")
    SUBMITTED = "submitted", _("answered, to be reviewed")
    ACCEPTED = "accepted", _("figures taken over")
    REJECTED = "rejected", _("figures not taken over")


class FigureRequest(models.Model):
    """A request for figures by a personal link (only the token's hash is kept), answered
    once without an account."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="requests")
    recipient = models.CharField(
        _("Recipient"), max_length=200, help_text=_("Lead office or actor, e.g. Amt 51, Caritas")
    )
    message = models.TextField(_("Message to the recipient"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    status = models.CharField(
        _("Status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    submitted_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    submitted_by_name = models.CharField(_("Answered by"), max_length=200, blank=True)
    submitted_comment = models.TextField(_("Comment of the recipient"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = kept_history("figurerequest")

    class Meta:
        db_table = "concept_figurerequest"
        verbose_name = _("Request for figures")
        verbose_name_plural = _("Requests for figures")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.evaluation})"

    @property
    def is_answerable(self) -> bool:
        return self.status == RequestStatus.SENT and self.expires_at > timezone.now()

    def clean(self) -> None:
        if self.expires_at and self.created_at and self.expires_at <= self.created_at:
            raise ValidationError({"expires_at": _("The link must be valid for some time.")})
