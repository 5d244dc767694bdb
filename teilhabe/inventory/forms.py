"""Forms of the inventory (explicit fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.models import Area, FieldOfAction, Municipality
from teilhabe.inventory.models import (
    LANGUAGES,
    Actor,
    Offer,
    OfferStatus,
    SurveyRound,
    TargetGroup,
    Usage,
)
from teilhabe.inventory.spreadsheets import KINDS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _ScopedForm(forms.ModelForm):
    """Limits fields of action and areas to the municipality's own."""

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        if "fields_of_action" in self.fields:
            self.fields["fields_of_action"].queryset = FieldOfAction.objects.filter(  # type: ignore[attr-defined]
                municipality=municipality
            )
            self.fields["fields_of_action"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["fields_of_action"].choices  # type: ignore[attr-defined]
            )
        if "area" in self.fields:
            self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
                municipality=municipality
            ).order_by("key")
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = False


class ActorForm(_ScopedForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Actor
        fields = [
            "name",
            "kind",
            "fields_of_action",
            "description",
            "email",
            "phone",
            "contact_person",
            "street",
            "postcode",
            "city",
            "area",
            "latitude",
            "longitude",
            "website",
            "languages",
            "shared_in_federation",
            "version",
        ]


class ActorNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Our notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visible only to your municipality, also for shared actors."),
    )


class OfferEditForm(_ScopedForm):
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, actors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors  # type: ignore[attr-defined]
        self.fields["fields_of_action"].required = True

    class Meta:
        model = Offer
        fields = [
            "actor",
            "title",
            "description",
            "fields_of_action",
            "target_groups",
            "languages",
            "form",
            "venue",
            "area",
            "latitude",
            "longitude",
            "schedule",
            "start_date",
            "end_date",
            "capacity",
            "fee",
            "step_free",
            "childcare",
            "funding",
            "status",
            "version",
        ]
        widgets = {"start_date": _DATE, "end_date": _DATE}


class UsageForm(forms.ModelForm):
    origin_text = forms.CharField(
        label=_("by origin group"),
        required=False,
        help_text=_("One group per line: name and number, e.g. “Syrien: 12”."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Usage
        fields = [
            "period_start",
            "period_end",
            "participants",
            "women",
            "age_under_18",
            "age_18_26",
            "age_27_64",
            "age_65_plus",
            "waiting_list",
            "note",
        ]
        widgets = {"period_start": _DATE, "period_end": _DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.origin_groups:
            self.fields["origin_text"].initial = "\n".join(
                f"{k}: {v}" for k, v in self.instance.origin_groups.items()
            )

    def clean_origin_text(self) -> dict[str, int]:
        groups: dict[str, int] = {}
        for number, line in enumerate(self.cleaned_data["origin_text"].splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, count = line.rpartition(":")
            if not sep or not name.strip() or not count.strip().isdigit():
                raise forms.ValidationError(
                    _("Line %(n)s: write the group, a colon and a whole number, e.g. “Syrien: 12”.")
                    % {"n": number}
                )
            groups[name.strip()] = int(count.strip())
        return groups

    def save(self, commit: bool = True) -> Usage:
        usage = super().save(commit=False)
        usage.origin_groups = self.cleaned_data.get("origin_text") or {}
        return usage


class SurveyRoundForm(forms.ModelForm):
    class Meta:
        model = SurveyRound
        fields = ["title", "period_start", "period_end", "deadline", "message"]
        widgets = {
            "period_start": _DATE,
            "period_end": _DATE,
            "deadline": _DATE,
            "message": forms.Textarea(attrs={"rows": 4}),
        }


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file contain?"),
        choices=[
            ("actors", pgettext_lazy("inventory", "Actors")),
            ("offers", pgettext_lazy("inventory", "Offers")),
            ("usage", _("Usage")),
        ],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel workbook (.xlsx) or CSV (UTF-8, separated by semicolons or commas)."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload a file ending in .xlsx or .csv."))
        return upload

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        if kind not in KINDS:
            raise forms.ValidationError(_("Unknown kind."))
        return kind


# --- the actor survey form (public, no account) -----------------------------------------


class SurveyActorForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    description = forms.CharField(
        label=_("Short description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    email = forms.EmailField(
        label=_("Contact e-mail (role address)"),
        required=False,
        help_text=_("A shared mailbox such as beratung@…, not a personal address."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A German postcode has five digits, e.g. 50667.")},
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SurveyOfferForm(forms.Form):
    """One offer of the actor in the survey: its data and its usage in the period."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    schedule = forms.CharField(label=_("Schedule"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Capacity (places)"), min_value=1, required=False)
    fee = forms.CharField(label=_("Cost for participants"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=OfferStatus.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.IntegerField(
        label=_("Participants (total) in the period"), min_value=0, required=False
    )
    women = forms.IntegerField(label=_("of whom women"), min_value=0, required=False)
    waiting_list = forms.IntegerField(
        label=_("People on the waiting list"), min_value=0, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total, women = data.get("participants"), data.get("women")
        if women is not None and (total is None or women > total):
            self.add_error("women", _("More women than participants in total."))
        return data


class SurveyCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything else you want to tell us (e.g. a new offer)?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
