from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.reports.models import Report, ReportKind, ReportSettings


class ReportCreateForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["kind", "title", "period_start", "period_end"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it begins."))
        return data


class _TextsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConceptTextsForm(_TextsForm):
    class Meta:
        model = Report
        fields = [
            "title",
            "summary_easy",
            "premise",
            "partners",
            "opening",
            "implementation",
            "process_intro",
            "data_intro",
        ]


class IntegrationTextsForm(_TextsForm):
    class Meta:
        model = Report
        fields = ["title", "period_start", "period_end", "summary_easy", "data_intro", "outlook"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ProgressTextsForm(_TextsForm):
    class Meta:
        model = Report
        fields = ["title", "summary_easy", "draft_text"]
        widgets = {"draft_text": forms.Textarea(attrs={"rows": 24})}


TEXT_FORMS: dict[str, type[_TextsForm]] = {
    ReportKind.CONCEPT: ConceptTextsForm,
    ReportKind.INTEGRATION: IntegrationTextsForm,
    ReportKind.PROGRESS: ProgressTextsForm,
}


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = ["integration_period_years"]
