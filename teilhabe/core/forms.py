from __future__ import annotations

import typing
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.models import (
    AreaKind,
    FieldOfAction,
    FieldOfActionTemplate,
    Municipality,
    MunicipalityKind,
    OrgUnit,
    ReminderSettings,
    Role,
)
from teilhabe.core.uploads import GatedFileField


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("E-mail address or password is wrong. Please check your input."),
        "inactive": _("This account is deactivated."),
    }


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app or backup code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class OtpSetupForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from the app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )


class InvitationAcceptForm(SetPasswordForm):  # type: ignore[type-arg]
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    field_order = ["first_name", "last_name", "new_password1", "new_password2"]


class AreaImportForm(forms.Form):
    file = GatedFileField(
        kinds=["geojson"],
        label=_("GeoJSON file"),
        help_text=_("A FeatureCollection of polygons in WGS84."),
    )
    kind = forms.ChoiceField(label=_("Kind of areas"), choices=AreaKind.choices)
    valid_from = forms.DateField(
        label=_("valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.TEILHABE_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB).")
                % {"mb": settings.TEILHABE_MAX_UPLOAD_BYTES // 1_000_000}
            )
        return upload


class AreaMappingForm(forms.Form):
    key_property = forms.ChoiceField(label=_("Property holding the key"))
    name_property = forms.ChoiceField(label=_("Property holding the name"))
    parent_property = forms.ChoiceField(
        label=_("Property holding the key of the parent area"), required=False
    )
    parent_prefix_length = forms.IntegerField(
        label=_("or: parent key = the first digits of the key"),
        min_value=0,
        max_value=12,
        required=False,
        initial=0,
        help_text=_("e.g. 1: Stadtteil 101 belongs to Stadtbezirk 1. 0 = no parent areas."),
    )
    key_width = forms.IntegerField(
        label=_("Pad keys with leading zeros to this many digits"),
        min_value=0,
        max_value=12,
        required=False,
        initial=0,
    )
    parent_key_width = forms.IntegerField(
        label=_("Pad parent keys to this many digits"),
        min_value=0,
        max_value=12,
        required=False,
        initial=0,
    )

    def __init__(self, *args: Any, properties: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(p, p) for p in properties]
        for name in ("key_property", "name_property"):
            typing.cast(forms.ChoiceField, self.fields[name]).choices = choices
        typing.cast(forms.ChoiceField, self.fields["parent_property"]).choices = [
            ("", _("– none –")),
            *choices,
        ]

    def mapping(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "key_property": data["key_property"],
            "name_property": data["name_property"],
            "parent_property": data.get("parent_property") or "",
            "parent_prefix_length": data.get("parent_prefix_length") or 0,
            "key_width": data.get("key_width") or 0,
            "parent_key_width": data.get("parent_key_width") or 0,
        }


class FieldOfActionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = FieldOfAction
        fields = ["name", "description", "colour", "is_active"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class FieldAdoptForm(forms.Form):
    templates = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("integration concept", "Fields of action from the catalogue"),
        queryset=FieldOfActionTemplate.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )


class OrgUnitForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OrgUnit
        fields = ["name", "short_name", "kind", "parent", "email"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = OrgUnit.objects.filter(municipality=municipality)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        typing.cast(forms.ModelChoiceField, self.fields["parent"]).queryset = qs  # type: ignore[type-arg]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    field_of_action = forms.ModelChoiceField(
        label=pgettext_lazy("integration concept", "Field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        help_text=_("Only for the working group role."),
    )
    org_unit = forms.ModelChoiceField(
        label=_("Organisational unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Only for the responsible office role."),
    )
    valid_until = forms.DateField(
        label=_("Access until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Required for external process moderation, e.g. the end of the funding period."
        ),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        typing.cast(
            forms.ModelChoiceField, self.fields["field_of_action"]
        ).queryset = FieldOfAction.objects.filter(  # type: ignore[type-arg]
            municipality=municipality
        )
        typing.cast(
            forms.ModelChoiceField, self.fields["org_unit"]
        ).queryset = OrgUnit.objects.filter(municipality=municipality)  # type: ignore[type-arg]


class MunicipalitySettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Municipality
        fields = ["name", "logo", "gender_style", "strategic_goal_label", "goal_label"]


class MunicipalityCreateForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new municipality by its ARS; the model checks the ARS against the kind and parent."""

    class Meta:
        model = Municipality
        fields = ["ars", "name", "kind", "parent"]
        help_texts = {
            "ars": _(
                "12 digits: Land (2), Regierungsbezirk (1), Kreis (2), Verband (4), Gemeinde (3), "
                "e.g. 053150000000 for Köln, 110000000000 for Berlin."
            ),
            "parent": _("Only for a town or an association in a county."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = typing.cast(forms.ModelChoiceField, self.fields["parent"])  # type: ignore[type-arg]
        parent.queryset = Municipality.objects.filter(kind=MunicipalityKind.KREIS)


class DeadlineFilterForm(forms.Form):
    """The filter bar of the Fristen page; the choices are the municipality's."""

    art = forms.ChoiceField(label=_("Kind"), required=False)
    stelle = forms.TypedChoiceField(label=_("Office"), required=False, coerce=int, empty_value=None)
    feld = forms.TypedChoiceField(
        label=pgettext_lazy("integration concept", "Field of action"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    ueberfaellig = forms.BooleanField(label=_("only overdue"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        kinds: list[tuple[str, str]],
        units: list[OrgUnit],
        fields: list[FieldOfAction],
    ) -> None:
        super().__init__(data)
        everything: list[tuple[Any, Any]] = [("", _("all"))]
        for name, choices in (
            ("art", kinds),
            ("stelle", [(u.pk, str(u)) for u in units]),
            ("feld", [(f.pk, f.name) for f in fields]),
        ):
            typing.cast(forms.ChoiceField, self.fields[name]).choices = everything + choices


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["frequency", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the e-mails"), choices=settings.LANGUAGES
        )
