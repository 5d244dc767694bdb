"""Forms of the planning part (explicit fields, scoped choices)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.models import Municipality, OrgUnit
from teilhabe.planning.models import (
    CostItem,
    CostRate,
    Drawdown,
    FundingProgramme,
    Grant,
    Mandate,
    MandateStatus,
    Milestone,
    Phase,
    PlanTemplate,
    ProcessPlan,
    ProofOfUse,
    ResourceOption,
    StaffPost,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.ModelForm):  # type: ignore[type-arg]
    """Carries the version the user started from, so a concurrent change is detected."""

    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version_seen"].initial = self.instance.version

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version_seen")


class MandateForm(VersionedForm):
    class Meta:
        model = Mandate
        fields = [
            "title",
            "description",
            "ordered_on",
            "body_name",
            "source_reference",
            "report_due",
            "org_unit",
            "note",
        ]
        widgets = {
            "ordered_on": DATE_WIDGET,
            "report_due": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 5}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )


class MandateCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("closed on"), widget=DATE_WIDGET)
    closing_reference = forms.CharField(
        label=_("closed by"),
        max_length=250,
        help_text=_("e.g. “Sozialausschuss 26.11.2024, Mitteilungsvorlage 0456/2024”"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MandateFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *MandateStatus.choices],
    )
    ueberfaellig = forms.BooleanField(label=_("only overdue"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class PlanCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Integration concept"))
    template = forms.ChoiceField(
        label=_("Template"),
        choices=PlanTemplate.choices,
        widget=forms.RadioSelect,
        initial=PlanTemplate.SPEYER,
    )
    start_date = forms.DateField(
        label=_("start date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Month 1 of the plan begins on this day; without it, months stay relative."),
    )


class PlanForm(VersionedForm):
    class Meta:
        model = ProcessPlan
        fields = ["title", "start_date", "description"]
        widgets = {"start_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}


class PhaseForm(VersionedForm):
    class Meta:
        model = Phase
        fields = [
            "name",
            "description",
            "start_month",
            "end_month",
            "expected_end_month",
            "status",
            "responsible",
            "org_unit",
            "position",
            "note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )


class MilestoneForm(VersionedForm):
    class Meta:
        model = Milestone
        fields = ["title", "phase", "month", "due_on", "responsible", "done_on", "note"]
        widgets = {
            "due_on": DATE_WIDGET,
            "done_on": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, plan: ProcessPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = plan.phases.all()  # type: ignore[attr-defined]


class CostRateForm(VersionedForm):
    class Meta:
        model = CostRate
        fields = ["pay_grade", "annual_cost", "year", "source"]
        localized_fields = ["annual_cost"]


class ResourceOptionForm(VersionedForm):
    class Meta:
        model = ResourceOption
        fields = ["name", "description", "is_chosen"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class StaffPostForm(VersionedForm):
    class Meta:
        model = StaffPost
        fields = ["title", "cost_rate", "share", "start_month", "months", "grant"]
        localized_fields = ["share"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cost_rate"].queryset = CostRate.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["grant"].queryset = Grant.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )


class CostItemForm(VersionedForm):
    class Meta:
        model = CostItem
        fields = ["kind", "title", "amount", "start_month", "end_month"]
        localized_fields = ["amount"]


class FundingProgrammeForm(VersionedForm):
    url = forms.URLField(label=_("Web address"), required=False, assume_scheme="https")

    class Meta:
        model = FundingProgramme
        fields = ["name", "funder", "kind", "description", "funding_rate", "url"]
        localized_fields = ["funding_rate"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class GrantForm(VersionedForm):
    class Meta:
        model = Grant
        fields = [
            "programme",
            "title",
            "status",
            "notice_number",
            "notice_date",
            "period_start",
            "period_end",
            "amount",
            "own_share",
            "plan",
            "contact",
            "note",
        ]
        localized_fields = ["amount", "own_share"]
        widgets = {
            "notice_date": DATE_WIDGET,
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = FundingProgramme.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["plan"].queryset = ProcessPlan.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )


class DrawdownForm(VersionedForm):
    class Meta:
        model = Drawdown
        fields = ["requested_on", "amount", "received_on", "note"]
        localized_fields = ["amount"]
        widgets = {"requested_on": DATE_WIDGET, "received_on": DATE_WIDGET}


class ProofForm(VersionedForm):
    class Meta:
        model = ProofOfUse
        fields = ["kind", "interim", "due_on", "submitted_on", "note"]
        widgets = {"due_on": DATE_WIDGET, "submitted_on": DATE_WIDGET}
