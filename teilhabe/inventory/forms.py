"""Forms of the inventory (explicit fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.models import FieldOfAction, Municipality, OrgUnit
from teilhabe.core.selectors import areas_for_municipality
from teilhabe.core.uploads import GatedFileField
from teilhabe.core.widgets import Select, choices_from_rows
from teilhabe.inventory.models import (
    LANGUAGES,
    Actor,
    Offer,
    OfferForm,
    OfferLocation,
    OfferStatus,
    SurveyRound,
    TargetGroup,
    Usage,
)
from teilhabe.inventory.selectors import actors_as_choices
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
            self.fields["area"].queryset = areas_for_municipality(municipality=municipality)  # type: ignore[attr-defined]
        if "org_unit" in self.fields:
            self.fields["org_unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
                municipality=municipality
            )
        if "version" in self.fields:
            self.initial.setdefault("version", self.instance.version)


class ActorForm(_ScopedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
            "org_unit",
        ]


class ActorNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Our notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visible only to your municipality, also for shared actors."),
    )


class OfferEditForm(_ScopedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
        self.fields["actor"].queryset = actors_as_choices(actors)  # type: ignore[attr-defined]
        choices_from_rows(self.fields["actor"], "name")
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
            "schedule",
            "start_date",
            "end_date",
            "capacity",
            "fee",
            "step_free",
            "childcare",
            "funding",
            "status",
            "shared_in_federation",
        ]
        widgets = {"start_date": _DATE, "end_date": _DATE, "actor": Select}


class OfferLocationForm(forms.ModelForm):
    """One location of an offer; the area list is the municipality's own."""

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for_municipality(municipality=municipality)  # type: ignore[attr-defined]

    class Meta:
        model = OfferLocation
        fields = ["venue", "street", "postcode", "city", "area", "latitude", "longitude"]
        widgets = {"area": Select}  # a hundred areas in every location form

    def has_content(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return any(data.get(name) not in (None, "") for name in self.Meta.fields)


class _LocationFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            lat, lon = form.cleaned_data.get("latitude"), form.cleaned_data.get("longitude")
            if (lat is None) != (lon is None):
                form.add_error("latitude", _("Give both latitude and longitude, or neither."))


OfferLocationFormSet = forms.inlineformset_factory(
    Offer,
    OfferLocation,
    form=OfferLocationForm,
    formset=_LocationFormSet,
    fields=OfferLocationForm.Meta.fields,
    extra=1,
    can_delete=True,
)


def location_changes(
    formset: forms.BaseInlineFormSet,  # type: ignore[type-arg]
) -> tuple[list[OfferLocation], list[OfferLocation]]:
    """The locations of a valid formset to save (unsaved) and those to delete; empty new rows
    are left out."""
    kept, removed = [], []
    for location_form in formset.forms:
        if location_form in formset.deleted_forms:
            if location_form.instance.pk:
                removed.append(location_form.instance)
            continue
        if location_form.instance.pk is None and not location_form.has_content():
            continue
        kept.append(location_form.save(commit=False))
    return kept, removed


def parse_origin_groups(text: str) -> dict[str, int]:
    """ "Syrien: 12" per line → {"Syrien": 12}; errors name the line."""
    groups: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
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


def origin_groups_text(groups: dict[str, int] | None) -> str:
    return "\n".join(f"{k}: {v}" for k, v in (groups or {}).items())


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
        return parse_origin_groups(self.cleaned_data["origin_text"])

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
            ("locations", _("Locations of offers")),
            ("usage", _("Usage")),
        ],
    )
    file = GatedFileField(
        kinds=["xlsx", "csv"],
        label=_("File"),
        help_text=_("Excel workbook (.xlsx) or CSV (UTF-8, separated by semicolons or commas)."),
    )

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
    age_under_18 = forms.IntegerField(label=_("of whom under 18"), min_value=0, required=False)
    age_18_26 = forms.IntegerField(label=_("of whom 18–26"), min_value=0, required=False)
    age_27_64 = forms.IntegerField(label=_("of whom 27–64"), min_value=0, required=False)
    age_65_plus = forms.IntegerField(label=_("of whom 65 and older"), min_value=0, required=False)
    origin_groups = forms.CharField(
        label=_("by origin group"),
        required=False,
        help_text=_("One group per line: name and number, e.g. “Syrien: 12”."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    waiting_list = forms.IntegerField(
        label=_("People on the waiting list"), min_value=0, required=False
    )

    def clean_origin_groups(self) -> dict[str, int]:
        return parse_origin_groups(self.cleaned_data.get("origin_groups") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total, women = data.get("participants"), data.get("women")
        if women is not None and (total is None or women > total):
            self.add_error("women", _("More women than participants in total."))
        bands = [data.get(name) for name in ("age_under_18", "age_18_26", "age_27_64")]
        bands.append(data.get("age_65_plus"))
        if any(b is not None for b in bands) and sum(b or 0 for b in bands) > (total or 0):
            self.add_error(
                "age_under_18", _("The age bands add up to more than the participants in total.")
            )
        groups = data.get("origin_groups") or {}
        if groups and sum(groups.values()) > (total or 0):
            self.add_error(
                "origin_groups",
                _("The origin groups add up to more than the participants in total."),
            )
        return data


class SurveyProposalForm(forms.Form):
    """A new offer the actor proposes in the survey; all optional unless a title is given."""

    title = forms.CharField(label=_("Title of the new offer"), max_length=200, required=False)
    form = forms.ChoiceField(
        label=_("Form"), choices=[("", "–"), *OfferForm.choices], required=False
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("integration concept", "Fields of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (OfferStatus.ACTIVE, OfferStatus.ACTIVE.label),
            (OfferStatus.PLANNED, OfferStatus.PLANNED.label),
        ],
        initial=OfferStatus.ACTIVE,
        required=False,
    )
    schedule = forms.CharField(label=_("Schedule"), max_length=200, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A German postcode has five digits, e.g. 50667.")},
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    capacity = forms.IntegerField(label=_("Capacity (places)"), min_value=1, required=False)
    fee = forms.CharField(label=_("Cost for participants"), max_length=100, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [
            name
            for name, value in data.items()
            if name != "status"
            and value not in (None, "", [], {})
            and not (hasattr(value, "exists") and not value.exists())
        ]
        if filled and not data.get("title"):
            self.add_error("title", _("Give the new offer a title, or leave all its fields empty."))
        if data.get("title"):
            if not data.get("form"):
                self.add_error("form", _("Choose the form of the new offer."))
            if not data.get("fields_of_action"):
                self.add_error("fields_of_action", _("Choose at least one field of action."))
        return data

    def proposal(self) -> dict[str, Any]:
        """The filled fields as plain values (field-of-action ids), empty ones left out."""
        out: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "fields_of_action":
                value = sorted(f.pk for f in value)
            if value not in (None, "", []):
                out[name] = value
        return out if out.get("title") else {}


class SurveyCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything else you want to tell us (e.g. a new offer)?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
