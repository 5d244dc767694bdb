from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.editing import DateInput
from teilhabe.core.models import Municipality, OrgUnit
from teilhabe.core.uploads import GatedFileField
from teilhabe.council.models import (
    ATTACHMENT_KINDS,
    AgendaItem,
    Committee,
    Consultation,
    ConsultationRole,
    CouncilSettings,
    ElectionPeriod,
    Meeting,
    Paper,
    PaperType,
    SignOffDecision,
    SignOffStep,
)
from teilhabe.council.oparl.client import FetchError, check_address
from teilhabe.council.services import PlannedStep

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ElectionPeriodForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ElectionPeriod
        fields = ["name", "start", "end"]
        widgets = {"start": DATE, "end": DATE}


class CommitteeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Committee
        fields = [
            "name",
            "short_name",
            "kind",
            "election_period",
            "meets_in_public",
            "may_decide",
            "competences",
            "position",
            "is_active",
        ]
        widgets = {"competences": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["election_period"].queryset = ElectionPeriod.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        if self.instance.pk:
            self.fields["name"].disabled = True
            self.fields["name"].help_text = _(
                "Use “Rename body” so older papers keep the old name."
            )


class CommitteeRenameForm(forms.Form):
    new_name = forms.CharField(label=_("New name"), max_length=200)
    valid_from = forms.DateField(
        label=_("New name applies from"),
        widget=DATE,
        help_text=_("Usually the first day of the new election period."),
    )


class MeetingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Meeting
        fields = [
            "committee",
            "name",
            "start",
            "location",
            "status",
            "deadline_overridden",
            "paper_deadline",
        ]
        widgets = {"start": DATETIME, "paper_deadline": DATE}
        help_texts = {
            "paper_deadline": _("Only used when “deadline set by hand” is ticked."),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )
        self.fields["start"].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("deadline_overridden") and not data.get("paper_deadline"):
            self.add_error("paper_deadline", _("Enter the paper deadline you set by hand."))
        return data


class AgendaItemForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AgendaItem
        fields = ["number", "title", "is_public", "paper", "result"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = Paper.objects.filter(municipality=municipality)  # type: ignore[attr-defined]


class PaperForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Paper
        fields = [
            "paper_type",
            "subject",
            "lead",
            "author",
            "file_number",
            "date",
            "is_public",
            "proposed_resolution",
            "impact_children",
            "staff_plan_affected",
            "staff_plan_note",
        ]
        widgets = {
            "date": DATE,
            "proposed_resolution": forms.Textarea(attrs={"rows": 4}),
            "impact_children": forms.Textarea(attrs={"rows": 2}),
            "staff_plan_note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "proposed_resolution": _(
                "Not used for information papers. Separate paragraphs with an empty line."
            ),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paper_type"].queryset = PaperType.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )
        self.fields["lead"].queryset = OrgUnit.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["lead"].required = True
        self.initial.setdefault("version", self.instance.version)


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


SectionFormSet = forms.formset_factory(SectionForm, extra=1)


class FinanceForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    class Meta:
        model = Paper
        fields = [
            "finance_none",
            "booking_code",
            "funds_provided",
            "funds_available",
            "required_amount",
            "cover_kind",
            "cover_booking_code",
            "investment_state",
            "investment_increase",
            "followup_staff",
            "followup_operations",
            "followup_financing",
            "followup_other",
        ]


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = GatedFileField(
        kinds=ATTACHMENT_KINDS, label=_("File (PDF, Word, Excel, OpenDocument, image)")
    )


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[c for c in SignOffDecision.choices if c[0]],
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(
        label=_("Remark"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you approve with a remark or refuse."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("decision") in (SignOffDecision.REMARK, SignOffDecision.REFUSED)
            and not (data.get("remark") or "").strip()
        ):
            self.add_error("remark", _("Please give the remark or the reason."))
        return data


class ConsultationStepForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Body"), queryset=Committee.objects.none(), required=False
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False
    )
    planned_date = forms.DateField(label=_("or date"), required=False, widget=DATE)
    role = forms.ChoiceField(
        label=pgettext_lazy("council", "Role"),
        choices=ConsultationRole.choices,
        initial=ConsultationRole.PRELIMINARY,
    )
    authoritative = forms.BooleanField(label=_("authoritative"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(  # type: ignore[attr-defined]
                municipality=municipality
            )
            .select_related("committee")
            .prefetch_related("committee__former_names")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        committee, meeting, day = (
            data.get("committee"),
            data.get("meeting"),
            data.get("planned_date"),
        )
        if not committee and (meeting or day):
            if meeting:
                data["committee"] = meeting.committee
            else:
                self.add_error("committee", _("Choose the body."))
        committee = data.get("committee")
        if committee and meeting and meeting.committee_id != committee.pk:
            self.add_error("meeting", _("This meeting belongs to another body."))
        if committee and not meeting and day:
            found = Meeting.objects.filter(committee=committee, start__date=day).first()
            if found is not None:
                data["meeting"] = found
        if committee and not meeting and not day:
            self.add_error("planned_date", _("Choose a meeting or enter a date."))
        return data

    @property
    def is_blank(self) -> bool:
        return not (
            self.cleaned_data.get("committee")
            or self.cleaned_data.get("meeting")
            or self.cleaned_data.get("planned_date")
        )


class BaseStepFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if not f.is_blank]  # type: ignore[attr-defined]
        if not filled:
            raise ValidationError(_("Enter at least one consultation."))
        marked = [f for f in filled if f.cleaned_data.get("authoritative")]
        if len(marked) > 1:
            raise ValidationError(_("Only one consultation can be authoritative."))
        if not marked:
            deciding = [
                f for f in filled if f.cleaned_data.get("role") == ConsultationRole.DECISION
            ]
            if len(deciding) == 1:
                deciding[0].cleaned_data["authoritative"] = True


def planned_steps(formset: forms.BaseFormSet) -> list[PlannedStep]:  # type: ignore[type-arg]
    """The filled rows of a valid step formset as steps for ``consultations_plan``."""
    return [
        PlannedStep(
            committee=f.cleaned_data["committee"],
            meeting=f.cleaned_data.get("meeting"),
            planned_date=f.cleaned_data.get("planned_date"),
            role=f.cleaned_data["role"],
            authoritative=f.cleaned_data.get("authoritative", False),
        )
        for f in formset.forms
        if not f.is_blank
    ]


def step_rows(current: list[Consultation]) -> list[dict[str, Any]]:
    """The initial rows of the step formset: the current steps and a few blank rows."""
    initial: list[dict[str, Any]] = [
        {
            "committee": c.committee_id,
            "meeting": c.meeting_id,
            "planned_date": c.planned_date,
            "role": c.role,
            "authoritative": c.authoritative,
        }
        for c in current
    ]
    blank_rows = max(1, 3 - len(initial)) if initial else 7
    return initial + [{} for _row in range(blank_rows)]


StepFormSet = forms.formset_factory(
    ConsultationStepForm, formset=BaseStepFormSet, extra=0, max_num=30
)


class ReplanForm(forms.Form):
    replan = forms.BooleanField(
        label=_("Save as re-planning (the previous sequence stays visible)"), required=False
    )


class ConsultationResultForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Consultation
        fields = [
            "result",
            "unanimous",
            "votes_yes",
            "votes_no",
            "votes_abstain",
            "resolution_text",
            "urgent",
            "urgent_on",
            "urgent_reason",
        ]
        widgets = {
            "resolution_text": forms.Textarea(attrs={"rows": 4}),
            "urgent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "urgent_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("result"):
            self.add_error("result", _("Choose the result of the consultation."))
        return data


class ProposalDecisionForm(forms.Form):
    """The decision on a change proposal of the concept, by one of the municipality's bodies
    (or the steering group or a working group)."""

    decision = forms.ChoiceField(label=_("Decision"))
    body = forms.ChoiceField(label=_("decided by"))
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput)
    note = forms.CharField(
        label=_("Note on the decision"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    final_text = forms.CharField(
        label=_("Text as accepted"),
        required=False,
        help_text=_("Only when accepted with changes."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(
        self, *args: Any, bodies: list[str], decisions: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = decisions
        self.fields["body"].choices = [("", "---------"), *[(b, b) for b in bodies]]
        if not bodies:
            self.fields["body"].help_text = _(
                "No bodies yet: enter them under Bodies, or the groups under Participation."
            )


class HandOverForm(forms.ModelForm):  # type: ignore[type-arg]
    ris_url = forms.URLField(
        label=_("Link to the RIS"), max_length=500, required=False, assume_scheme="https"
    )
    oparl_id = forms.URLField(
        label=_("OParl ID of the RIS paper"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Paper
        fields = ["reference", "ris_url", "oparl_id"]
        help_texts = {
            "oparl_id": _(
                "Optional. With the OParl address of the paper, the results of its "
                "consultations are taken from the RIS on each import."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"].required = True


class LinkForm(forms.Form):
    target = forms.ChoiceField(label=_("What the paper decides"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "---------"), *choices]  # type: ignore[attr-defined]


class CouncilSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    oparl_endpoint = forms.URLField(
        label=_("OParl endpoint (system or body URL)"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = CouncilSettings
        fields = [
            "deadline_days",
            "deadline_working_days",
            "signoff_days",
            "docx_template",
            "oparl_endpoint",
            "oparl_people",
        ]


class PaperTypeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PaperType
        fields = ["name", "has_resolution", "position", "is_active"]


class SignOffStepForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SignOffStep
        fields = ["org_unit", "condition", "position"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(municipality=municipality)  # type: ignore[attr-defined]


class OParlImportForm(forms.Form):
    endpoint = forms.URLField(
        label=_("OParl address of the system or the body"),
        max_length=500,
        assume_scheme="https",
    )
    full = forms.BooleanField(
        label=_("Import everything again (not only what changed since the last import)"),
        required=False,
    )

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        try:
            check_address(endpoint, unresolved_ok=True)
        except FetchError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return endpoint


class PaperFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    typ = forms.ModelChoiceField(
        label=_("Paper type"), queryset=PaperType.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    gremium = forms.ModelChoiceField(
        label=_("Body"), queryset=Committee.objects.none(), required=False
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        from teilhabe.council.models import PaperStatus

        super().__init__(*args, **kwargs)
        self.fields["typ"].queryset = PaperType.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["gremium"].queryset = Committee.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("all")), *PaperStatus.choices]  # type: ignore[attr-defined]
