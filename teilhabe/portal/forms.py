"""Forms of the portal (explicit fields): the public feedback form and the workspace's
settings and texts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.portal.models import PORTAL_LANGUAGES, Feedback, PortalSettings, PortalText, TextKey

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Feedback.Topic.choices)
    message = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe the barrier or your remark. Please do not enter personal data."),
    )
    page = forms.CharField(
        label=_("Page concerned"),
        max_length=300,
        required=False,
        help_text=_("The address or the name of the page."),
    )
    reply_to = forms.EmailField(
        label=_("E-mail address for a reply"),
        required=False,
        help_text=_("Only if you want an answer. It is deleted when your message is handled."),
    )

    def clean_message(self) -> str:
        text = self.cleaned_data["message"].strip()
        if len(text) < 5:
            raise forms.ValidationError(_("Please write at least a few words."))
        return text


class PortalSettingsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    languages_text = forms.CharField(
        label=_("Portal languages"),
        max_length=200,
        help_text=_("Language codes separated by commas, German first, e.g. de, en, tr, ar, uk."),
    )

    class Meta:
        model = PortalSettings
        fields = [
            "is_enabled",
            "show_concept",
            "show_measures",
            "show_participation",
            "show_indicators",
            "show_offers",
            "show_surveys",
            "show_documents",
            "show_open_data",
            "contact_email",
            "contact_phone",
            "conformity",
            "known_issues",
            "statement_date",
            "assessment_method",
            "enforcement_body",
        ]
        widgets = {
            "statement_date": DATE,
            "known_issues": forms.Textarea(attrs={"rows": 4}),
            "enforcement_body": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["languages_text"].initial = ", ".join(self.instance.all_languages)
        self.order_fields(["is_enabled", "languages_text"])

    def clean_languages_text(self) -> list[str]:
        codes = [c.strip().lower() for c in self.cleaned_data["languages_text"].split(",")]
        codes = list(dict.fromkeys(c for c in codes if c))
        unknown = [c for c in codes if c not in PORTAL_LANGUAGES]
        if unknown:
            raise forms.ValidationError(
                _("Unknown language code(s): %(codes)s. Allowed are: %(allowed)s.")
                % {"codes": ", ".join(unknown), "allowed": ", ".join(PORTAL_LANGUAGES)}
            )
        if "de" not in codes:
            codes.insert(0, "de")
        return codes


class PortalTextForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[(code, f"{name} ({code})") for code, (name, _rtl) in PORTAL_LANGUAGES.items()],
    )

    class Meta:
        model = PortalText
        fields = ["key", "language", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = TextKey.choices
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class FeedbackNoteForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
