"""Forms of the implementation: status updates, milestones and evaluations of measures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.concept.forms import DateInput, VersionedForm
from teilhabe.concept.models import Measure
from teilhabe.concept.spreadsheets import german_decimal, parse_decimal
from teilhabe.core import widgets
from teilhabe.core.models import Municipality
from teilhabe.implementation.models import (
    Evaluation,
    EvaluationFigure,
    FigureStage,
    Milestone,
    StatusUpdate,
)


class StatusUpdateForm(forms.ModelForm):
    class Meta:
        model = StatusUpdate
        fields = [
            "reported_on",
            "traffic_light",
            "text",
            "progress_percent",
            "participants",
            "money_spent",
        ]
        widgets = {
            "reported_on": DateInput,
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["money_spent"].localize = True
        self.fields["money_spent"].widget.is_localized = True
        self.fields["money_spent"].widget.input_type = "text"  # type: ignore[attr-defined]
        self.fields["money_spent"].widget.attrs["inputmode"] = "decimal"


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": DateInput}


class GermanDecimalField(forms.CharField):
    """A number as people type it: 1234,5 or 1.234,5 (also 1234.5)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "maxlength": "30"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return german_decimal(value)
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        try:
            return parse_decimal(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("“%(value)s” is not a number. Allowed are e.g. 1234,5 or 1.234,5."),
                params={"value": text},
            ) from exc


class EvaluationForm(VersionedForm):
    class Meta:
        model = Evaluation
        fields = [
            "measure",
            "report_year",
            "selected_for_report",
            "question",
            "input_text",
            "activities_text",
            "output_text",
            "outcome_text",
            "findings",
            "recommendation",
            "recommendation_note",
            "status",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "input_text": forms.Textarea(attrs={"rows": 3}),
            "activities_text": forms.Textarea(attrs={"rows": 3}),
            "output_text": forms.Textarea(attrs={"rows": 3}),
            "outcome_text": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 5}),
            "recommendation_note": forms.Textarea(attrs={"rows": 3}),
            "measure": widgets.Select,
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measure"]
        field.queryset = Measure.objects.filter(municipality=municipality).only(  # type: ignore[attr-defined]
            "pk", "number", "title"
        )
        if self.instance.pk:
            field.disabled = True


class FigureForm(forms.ModelForm):
    value = GermanDecimalField(label=_("Value"))

    class Meta:
        model = EvaluationFigure
        fields = ["label", "value", "unit", "source", "as_of", "stage", "origin"]
        widgets = {"as_of": DateInput}


class RequestForm(forms.Form):
    recipient = forms.CharField(
        label=_("Recipient"),
        max_length=200,
        help_text=_("Lead office or actor, e.g. Amt 51, Caritas"),
    )
    message = forms.CharField(
        label=_("Message to the recipient"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Which figures you need, e.g. participants 2025 and places offered."),
    )
    valid_days = forms.IntegerField(
        label=_("Link valid for (days)"), min_value=1, max_value=120, initial=21
    )


class AnswerForm(forms.Form):
    name = forms.CharField(label=_("Your name and office"), max_length=200)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerFigureForm(forms.Form):
    label = forms.CharField(label=_("Figure"), max_length=200, required=False)
    value = GermanDecimalField(label=_("Value"), required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    as_of = forms.DateField(label=_("as of"), required=False, widget=DateInput)
    stage = forms.ChoiceField(
        label=_("Stage of the logic model"), choices=FigureStage.choices, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("label") and data.get("value") is None:
            self.add_error("value", _("Give the value of this figure."))
        if data.get("value") is not None and not data.get("label"):
            self.add_error("label", _("Say what the figure counts."))
        return data


AnswerFigureFormSet = forms.formset_factory(AnswerFigureForm, extra=5, max_num=20)
