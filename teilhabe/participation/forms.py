"""Forms of participation (explicit fields)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.models import Area, FieldOfAction, Municipality
from teilhabe.participation.models import (
    CHOICE_KINDS,
    SURVEY_LANGUAGES,
    Contribution,
    Event,
    EventAttachment,
    GroupDocument,
    GroupMember,
    ParticipationSettings,
    Question,
    QuestionKind,
    SteeringGroup,
    Survey,
    TranslationStatus,
    WorkingGroup,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SurveyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Survey
        fields = ["title", "audience", "opens_at", "closes_at", "staff_council_note"]
        widgets = {
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            "staff_council_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "opens_at": _("Leave empty while you build the survey. Set a date to open it then."),
            "closes_at": _("Optional. The survey closes automatically at this time."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("audience") == "staff" and not (data.get("staff_council_note") or "").strip():
            self.add_error(
                "staff_council_note",
                _(
                    "A staff survey needs a note on the staff council's involvement, e.g. "
                    "“Der Personalrat hat der Befragung am 12.03.2026 zugestimmt.”"
                ),
            )
        return data


class SurveyIntroForm(forms.Form):
    """The German texts around the questions."""

    intro = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    privacy = forms.CharField(
        label=_("Privacy notice (Art. 13 GDPR)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Shown before the first question: controller, purpose, legal basis, voluntary "
            "participation, anonymity, when the answers are deleted, your rights."
        ),
    )
    thanks = forms.CharField(
        label=_("Thank-you text"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class JustificationForm(forms.Form):
    art9_justification = forms.CharField(
        label=_("Justification for special categories (Art. 9 GDPR)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Why the survey needs these questions, the legal basis (e.g. Art. 9 (2) a: explicit "
            "consent), and who checked it (data protection officer, date)."
        ),
    )


def _key(i: int) -> str:
    return f"o{i}"


def lines_to_items(text: str, existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One option per line; lines keep the key (and translations) of the same German text."""
    by_text = {(item.get("text") or {}).get("de", ""): item for item in existing}
    used = {str(item["key"]) for item in existing}
    out = []
    counter = len(existing) + 1
    for line in text.splitlines():
        label = line.strip()
        if not label:
            continue
        if label in by_text:
            item = dict(by_text.pop(label))
        else:
            while _key(counter) in used:
                counter += 1
            item = {"key": _key(counter), "text": {"de": label}}
            used.add(item["key"])
        out.append(item)
    return out


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("Question text (German)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    help = forms.CharField(label=_("Hint"), required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    options = forms.CharField(
        label=_("Answer options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line. For single and multiple choice, ranking and the matrix columns."
        ),
    )
    allow_other = forms.BooleanField(label=_("“Other” with free text"), required=False)
    rows = forms.CharField(
        label=_("Matrix rows"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One statement per line (matrix only)."),
    )
    scale_min = forms.IntegerField(label=_("Scale from"), initial=1, min_value=0, max_value=10)
    scale_max = forms.IntegerField(label=_("Scale to"), initial=5, min_value=1, max_value=11)
    scale_low = forms.CharField(label=_("Label of the lowest value"), required=False)
    scale_high = forms.CharField(label=_("Label of the highest value"), required=False)
    special_category = forms.BooleanField(
        label=_("Special category of personal data (Art. 9 GDPR)"),
        required=False,
        help_text=_("Ethnic origin, religion, health and the like."),
    )
    condition_question = forms.TypedChoiceField(
        label=_("Show only if question"), required=False, coerce=int, empty_value=None
    )
    condition_values = forms.MultipleChoiceField(
        label=_("… was answered with"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, survey: Survey, question: Question | None = None, **kwargs: Any):
        self.survey = survey
        self.question = question
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": question.kind,
                "text": question.text_in("de"),
                "help": (question.help or {}).get("de", ""),
                "required": question.required,
                "options": "\n".join((o.get("text") or {}).get("de", "") for o in question.options),
                "allow_other": question.allow_other,
                "rows": "\n".join((r.get("text") or {}).get("de", "") for r in question.rows),
                "scale_min": question.scale_min,
                "scale_max": question.scale_max,
                "scale_low": (question.scale_labels or {}).get("de", {}).get("low", ""),
                "scale_high": (question.scale_labels or {}).get("de", {}).get("high", ""),
                "special_category": question.special_category,
                "condition_question": question.condition_question_id,
                "condition_values": [
                    f"{question.condition_question_id}:{v}" for v in question.condition_values
                ],
            }
        super().__init__(*args, **kwargs)
        earlier = survey.questions.filter(
            kind__in=[*CHOICE_KINDS, QuestionKind.SCALE, QuestionKind.AREA]
        ).order_by("position", "pk")
        if question is not None:
            earlier = earlier.filter(position__lt=question.position)
        earlier = list(earlier)
        self.fields["condition_question"].choices = [("", _("always show"))] + [
            (q.pk, q.text_in("de")[:80]) for q in earlier
        ]
        values = []
        for q in earlier:
            if q.kind == QuestionKind.SCALE:
                values += [
                    (f"{q.pk}:{i}", f"{q.text_in('de')[:40]}: {i}")
                    for i in range(q.scale_min, q.scale_max + 1)
                ]
            elif q.kind == QuestionKind.AREA:
                values += [
                    (f"{q.pk}:{a.key}", f"{q.text_in('de')[:40]}: {a.name}")
                    for a in Area.objects.filter(
                        municipality=survey.municipality, parent__isnull=True
                    )
                ]
            else:
                values += [
                    (
                        f"{q.pk}:{o['key']}",
                        f"{q.text_in('de')[:40]}: {(o.get('text') or {}).get('de', '')}",
                    )
                    for o in q.options
                ]
        self.fields["condition_values"].choices = values

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        options = [line for line in (data.get("options") or "").splitlines() if line.strip()]
        if kind in (*CHOICE_KINDS, QuestionKind.MATRIX) and len(options) < 2:
            self.add_error("options", _("Give at least two answer options, one per line."))
        if kind == QuestionKind.MATRIX and not (data.get("rows") or "").strip():
            self.add_error("rows", _("Give at least one matrix row."))
        lo, hi = data.get("scale_min"), data.get("scale_max")
        if kind == QuestionKind.SCALE and lo is not None and hi is not None and hi <= lo:
            self.add_error(
                "scale_max", _("The upper end of the scale must be above the lower end.")
            )
        cq = data.get("condition_question")
        picked = data.get("condition_values") or []
        if cq:
            wanted = [v.split(":", 1)[1] for v in picked if v.startswith(f"{cq}:")]
            if not wanted:
                self.add_error(
                    "condition_values",
                    _("Choose at least one answer of the condition question."),
                )
            data["condition_values"] = wanted
        else:
            data["condition_values"] = []
        return data

    def apply(self, question: Question) -> Question:
        data = self.cleaned_data
        question.kind = data["kind"]
        question.text = {**(question.text or {}), "de": data["text"].strip()}
        question.help = {**(question.help or {}), "de": data["help"].strip()}
        question.required = data["required"] and question.kind != QuestionKind.SECTION
        question.options = lines_to_items(data.get("options") or "", question.options or [])
        question.rows = lines_to_items(data.get("rows") or "", question.rows or [])
        question.allow_other = data["allow_other"] and question.kind in (
            QuestionKind.SINGLE,
            QuestionKind.MULTIPLE,
        )
        question.scale_min = data.get("scale_min") or 0
        question.scale_max = data.get("scale_max") or 5
        labels = dict(question.scale_labels or {})
        labels["de"] = {"low": data.get("scale_low", ""), "high": data.get("scale_high", "")}
        question.scale_labels = labels
        question.special_category = data["special_category"]
        question.condition_question_id = data.get("condition_question")
        question.condition_values = data.get("condition_values") or []
        return question


class TranslationForm(forms.Form):
    """All texts of a survey in one language, with its status."""

    status = forms.ChoiceField(
        label=_("Translation status"),
        choices=[
            (TranslationStatus.MACHINE, TranslationStatus.MACHINE.label),
            (TranslationStatus.CHECKED, TranslationStatus.CHECKED.label),
        ],
    )

    def __init__(
        self, *args: Any, survey: Survey, lang: str, questions: list[Question], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.survey, self.lang, self.questions = survey, lang, questions
        texts = (survey.texts or {}).get(lang, {})
        german = (survey.texts or {}).get("de", {})
        self.fields["status"].initial = (survey.translation_status or {}).get(
            lang, TranslationStatus.MACHINE
        )
        for key, label in (
            ("title", _("Title")),
            ("intro", _("Introduction")),
            ("privacy", _("Privacy notice (Art. 13 GDPR)")),
            ("thanks", _("Thank-you text")),
        ):
            source = german.get(key, survey.title if key == "title" else "")
            self.fields[f"s_{key}"] = forms.CharField(
                label=label,
                required=False,
                initial=texts.get(key, ""),
                help_text=source,
                widget=forms.Textarea(attrs={"rows": 4 if key == "privacy" else 2}),
            )
        for q in questions:
            self.fields[f"q{q.pk}"] = forms.CharField(
                label=_("Question text"),
                required=False,
                initial=(q.text or {}).get(lang, ""),
                help_text=q.text_in("de"),
            )
            for attr in ("options", "rows"):
                for item in getattr(q, attr) or []:
                    self.fields[f"q{q.pk}_{attr}_{item['key']}"] = forms.CharField(
                        label=_("Option") if attr == "options" else _("Matrix row"),
                        required=False,
                        initial=(item.get("text") or {}).get(lang, ""),
                        help_text=(item.get("text") or {}).get("de", ""),
                    )
        for field in self.fields.values():
            field.widget.attrs.setdefault("lang", "de" if lang == "ls" else lang)
            if SURVEY_LANGUAGES.get(lang, ("", False))[1]:
                field.widget.attrs["dir"] = "rtl"
        self.fields["status"].widget.attrs.pop("lang", None)
        self.fields["status"].widget.attrs.pop("dir", None)

    def grouped(self) -> list[tuple[Question | None, list[forms.BoundField]]]:
        groups: list[tuple[Question | None, list[forms.BoundField]]] = [
            (None, [self[f"s_{k}"] for k in ("title", "intro", "privacy", "thanks")])
        ]
        for q in self.questions:
            names = [n for n in self.fields if n == f"q{q.pk}" or n.startswith(f"q{q.pk}_")]
            groups.append((q, [self[n] for n in names]))
        return groups


class SettingsForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Survey languages"),
        choices=[(k, v[0]) for k, v in SURVEY_LANGUAGES.items() if k != "ls"],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("German is always offered."),
    )

    class Meta:
        model = ParticipationSettings
        fields = ["languages", "offers_easy_language", "retention_months", "controller"]
        widgets = {"controller": forms.Textarea(attrs={"rows": 4})}

    def clean_languages(self) -> list[str]:
        langs = list(self.cleaned_data["languages"])
        if "de" in langs:
            langs.remove("de")
        return ["de", *langs]


class InvitationsForm(forms.Form):
    recipients = forms.CharField(
        label=_("Recipients"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line: the name of an actor or of a staff member (for your list)."),
    )


def _scoped(field: forms.ModelChoiceField, queryset: Any) -> None:
    field.queryset = queryset


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "date",
            "place",
            "area",
            "working_group",
            "steering_group",
            "participants",
            "participant_structure",
            "organisations",
            "agenda",
            "minutes",
        ]
        widgets = {
            "date": DATE,
            "participant_structure": forms.Textarea(attrs={"rows": 2}),
            "organisations": forms.Textarea(attrs={"rows": 4}),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self.fields["area"], Area.objects.filter(municipality=municipality))
        _scoped(
            self.fields["working_group"], WorkingGroup.objects.filter(municipality=municipality)
        )
        _scoped(
            self.fields["steering_group"], SteeringGroup.objects.filter(municipality=municipality)
        )
        if not self.instance.pk and not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = EventAttachment
        fields = ["kind", "title", "file", "consent"]
        widgets = {"consent": forms.Textarea(attrs={"rows": 3})}


class CaptureForm(forms.ModelForm):
    """The fast form at a market stand: one contribution after the other."""

    class Meta:
        model = Contribution
        fields = ["text", "kind", "field_of_action", "area", "target_group"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "autofocus": True})}
        help_texts = {
            "field_of_action": _("Leave empty: Teilhabe suggests one from the words used."),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.municipality_id:
            self.instance.municipality = municipality
        _scoped(
            self.fields["field_of_action"],
            FieldOfAction.objects.filter(municipality=municipality, is_active=True),
        )
        _scoped(self.fields["area"], Area.objects.filter(municipality=municipality))


class ContributionForm(CaptureForm):
    class Meta(CaptureForm.Meta):
        fields = [
            "text",
            "kind",
            "channel",
            "event",
            "working_group",
            "field_of_action",
            "area",
            "target_group",
            "approved_for_publication",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        _scoped(self.fields["event"], Event.objects.filter(municipality=municipality))
        _scoped(
            self.fields["working_group"], WorkingGroup.objects.filter(municipality=municipality)
        )


class ConfirmFieldForm(forms.Form):
    field_of_action = forms.ModelChoiceField(
        label=pgettext_lazy("integration concept", "Field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field_of_action"].queryset = FieldOfAction.objects.filter(
            municipality=municipality, is_active=True
        )


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "field_of_action", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(
            self.fields["field_of_action"],
            FieldOfAction.objects.filter(municipality=municipality),
        )


class SteeringGroupForm(forms.ModelForm):
    class Meta:
        model = SteeringGroup
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MemberForm(forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["user", "actor", "name", "organisation", "role", "interests"]
        widgets = {"interests": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        from teilhabe.core.models import User
        from teilhabe.inventory.selectors import actors_visible

        super().__init__(*args, **kwargs)
        _scoped(self.fields["actor"], actors_visible(municipality=municipality))
        _scoped(
            self.fields["user"],
            User.objects.filter(memberships__municipality=municipality).distinct(),
        )


class DocumentForm(forms.ModelForm):
    class Meta:
        model = GroupDocument
        fields = ["title", "file"]


class KeywordsForm(forms.Form):
    def __init__(
        self, *args: Any, fields_with_keywords: list[tuple[FieldOfAction, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        for field_of_action, words in fields_with_keywords:
            self.fields[f"f{field_of_action.pk}"] = forms.CharField(
                label=field_of_action.name,
                initial=words,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )


def clean_key(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", value)[:20]
