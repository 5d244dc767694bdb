"""Forms of the concept (explicit fields, choices scoped to the municipality)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.concept.models import (
    CarryOver,
    ChangeProposal,
    ConceptCycle,
    Goal,
    Guideline,
    Measure,
    MeasureAssessment,
    PoliticalState,
    Priority,
    ProposalKind,
    Recommendation,
    StrategicGoal,
)
from teilhabe.core import widgets
from teilhabe.core.editing import DateInput, VersionedForm
from teilhabe.core.models import FieldOfAction, Municipality, OrgUnit
from teilhabe.core.selectors import areas_for_municipality
from teilhabe.core.uploads import GatedFileField
from teilhabe.needs.models import TargetGroup


class VisionForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("integration concept", "Vision"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One text: what the municipality wants to achieve with integration."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GuidelineForm(VersionedForm):
    class Meta:
        model = Guideline
        fields = ["title", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class StrategicGoalForm(VersionedForm):
    class Meta:
        model = StrategicGoal
        fields = ["field", "title", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = FieldOfAction.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["title"].label = municipality.strategic_goal_label


class GoalForm(VersionedForm):
    class Meta:
        model = Goal
        fields = [
            "strategic_goal",
            "title",
            "text",
            "indicator_text",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "indicator_ref",
            "position",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["strategic_goal"]
        field.queryset = StrategicGoal.objects.filter(municipality=municipality).select_related(
            "field"
        )  # type: ignore[attr-defined]
        field.label = municipality.strategic_goal_label
        field.label_from_instance = lambda sg: f"{sg.field.name}: {sg.title}"  # type: ignore[attr-defined]
        self.fields["title"].label = municipality.goal_label
        from teilhabe.statistics.models import Indicator

        self.fields["indicator_ref"].queryset = Indicator.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        for name in ("baseline_value", "target_value"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"  # type: ignore[attr-defined]
            self.fields[name].widget.attrs["inputmode"] = "decimal"


class RecommendationForm(VersionedForm):
    class Meta:
        model = Recommendation
        fields = [
            "field",
            "number",
            "title",
            "text",
            "addressees",
            "drafted_by",
            "origin",
            "working_group",
            "goals",
            "contributions",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "goals": widgets.SelectMultiple(attrs={"size": 8}),
            "contributions": widgets.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = FieldOfAction.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["goals"].queryset = Goal.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        from teilhabe.participation.models import Contribution, WorkingGroup

        self.fields["working_group"].queryset = WorkingGroup.objects.filter(
            municipality=municipality
        )  # type: ignore[attr-defined]
        contributions = self.fields["contributions"]
        contributions.queryset = Contribution.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        contributions.label_from_instance = lambda c: c.text[:100]  # type: ignore[attr-defined]


MEASURE_FIELDS = [
    "number",
    "title",
    "description",
    "fields",
    "goals",
    "recommendations",
    "lead_unit",
    "lead_municipality",
    "partner_units",
    "partner_actors",
    "offers",
    "partners_text",
    "target_groups",
    "citywide",
    "areas",
    "start_date",
    "end_date",
    "priority",
    "origin",
    "financial_state",
    "budget_product",
    "budget_year",
    "budget_kind",
    "annual_amount",
    "followup_costs",
    "staff_plan_effect",
    "voluntary_task",
    "funding_note",
    "implementation_state",
    "state_reason",
    "traffic_light",
]


class MeasureForm(VersionedForm):
    """All attributes of a measure except its political state (see PoliticalDecisionForm)."""

    class Meta:
        model = Measure
        fields = MEASURE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "fields": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "goals": widgets.SelectMultiple(attrs={"size": 8}),
            "recommendations": widgets.SelectMultiple(attrs={"size": 8}),
            "partner_units": widgets.SelectMultiple(attrs={"size": 6}),
            "partner_actors": widgets.SelectMultiple(attrs={"size": 6}),
            "offers": widgets.SelectMultiple(attrs={"size": 6}),
            "areas": widgets.SelectMultiple(attrs={"size": 8}),
            "start_date": DateInput,
            "end_date": DateInput,
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from teilhabe.inventory.selectors import (
            actors_as_choices,
            actors_visible,
            offers_for_municipality,
        )

        scoped = {
            "fields": FieldOfAction.objects.filter(municipality=municipality),
            "goals": Goal.objects.filter(municipality=municipality),
            "recommendations": Recommendation.objects.filter(municipality=municipality),
            "lead_unit": OrgUnit.objects.filter(municipality=municipality),
            "partner_units": OrgUnit.objects.filter(municipality=municipality),
            "target_groups": TargetGroup.objects.filter(municipality=municipality),
            # Choices need labels only: no geometries, prefetches or JSON fields (3,000
            # offers as full instances took a second).
            "areas": areas_for_municipality(municipality=municipality),
            "lead_municipality": Municipality.objects.filter(parent=municipality),
            "partner_actors": actors_as_choices(actors_visible(municipality=municipality)),
            "offers": offers_for_municipality(municipality=municipality)
            .select_related(None)
            .prefetch_related(None)
            .only("pk", "title")
            .order_by("title", "pk"),
        }
        for name, queryset in scoped.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        widgets.choices_from_rows(self.fields["partner_actors"], "name")
        widgets.choices_from_rows(self.fields["offers"], "title")
        if not municipality.is_federation_head:
            del self.fields["lead_municipality"]
        self.fields["fields"].required = True
        for name in ("annual_amount", "followup_costs"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"  # type: ignore[attr-defined]
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    M2M = (
        "fields",
        "goals",
        "recommendations",
        "partner_units",
        "partner_actors",
        "offers",
        "target_groups",
        "areas",
    )

    def m2m_data(self) -> dict[str, list[Any]]:
        return {name: list(self.cleaned_data.get(name) or []) for name in self.M2M}


class PoliticalDecisionForm(forms.Form):
    state = forms.ChoiceField(label=_("Political state"), choices=PoliticalState.choices)
    decided_on = forms.DateField(label=_("decided on"), required=False, widget=DateInput)
    body_name = forms.CharField(
        label=_("decided by"),
        required=False,
        max_length=200,
        help_text=_("e.g. Rat der Stadt, Sozialausschuss"),
    )
    paper_reference = forms.CharField(label=_("Paper (Drucksache)"), required=False, max_length=100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("state") and data["state"] != PoliticalState.PROPOSED:
            if not data.get("decided_on"):
                self.add_error("decided_on", _("Give the date of the decision."))
            if not data.get("body_name"):
                self.add_error("body_name", _("Give the body that decided."))
        return data


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = MeasureAssessment
        fields = ["priority", "conflict_of_interest", "conflict_note", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority set by the steering group"),
        choices=[("", _("not set")), *Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class DraftFreezeForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("e.g. Entwurf für die Steuerungsgruppe am 22.11."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DraftAdoptForm(forms.Form):
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput)
    body_name = forms.CharField(
        label=_("decided by"), max_length=200, help_text=_("e.g. Rat der Stadt")
    )
    paper_reference = forms.CharField(label=_("Paper (Drucksache)"), max_length=100, required=False)
    acknowledged = forms.BooleanField(
        label=_("only acknowledged (zur Kenntnis genommen / anerkannt), not adopted"),
        required=False,
    )


class ProposalForm(forms.ModelForm):
    item_key = forms.ChoiceField(label=_("Item of the draft"))

    class Meta:
        model = ChangeProposal
        fields = [
            "item_key",
            "kind",
            "proposed_title",
            "proposed_text",
            "move_to_field",
            "move_to_goal",
            "justification",
            "submitted_by_name",
        ]
        widgets = {
            "proposed_text": forms.Textarea(attrs={"rows": 5}),
            "justification": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        snapshot: list[dict[str, Any]],
        municipality: Municipality,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["move_to_field"].queryset = FieldOfAction.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )
        self.fields["move_to_goal"].queryset = Goal.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        indent = {
            "strategic_goal": "– ",
            "goal": "– – ",
            "measure": "– – – ",
            "guideline": "– ",
            "recommendation": "– ",
        }
        self.fields["item_key"].choices = [
            (
                i["key"],
                f"{indent.get(i['kind'], '')}{i.get('label') or ''} {i['title']}".strip()[:120],
            )
            for i in snapshot
        ]
        self.fields["kind"].choices = ProposalKind.choices


class UploadForm(forms.Form):
    file = GatedFileField(
        kinds=["xlsx", "csv"],
        label=_("File"),
        help_text=_("Excel (.xlsx) or CSV (.csv), at most 10 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class WordUploadForm(forms.Form):
    file = GatedFileField(
        kinds=["docx"],
        label=_("Word file"),
        help_text=_("The previous concept as .docx, at most 20 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class CycleForm(forms.ModelForm):
    class Meta:
        model = ConceptCycle
        fields = ["title", "year", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class CarryOverForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision for the update"), choices=CarryOver.choices, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    continued_as = forms.ModelChoiceField(
        label=_("continued as"),
        queryset=Measure.objects.none(),
        required=False,
        widget=widgets.Select,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["continued_as"].queryset = Measure.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).only("pk", "number", "title")


class TargetGroupForm(forms.ModelForm):
    class Meta:
        model = TargetGroup
        fields = ["name"]
