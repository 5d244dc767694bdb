"""Forms of the needs assessment (explicit fields, choices scoped to the municipality)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core import widgets
from teilhabe.core.editing import DateInput, VersionedForm
from teilhabe.core.models import Area, FieldOfAction, Municipality
from teilhabe.core.selectors import areas_for_municipality
from teilhabe.needs.models import (
    SCORE_MAX,
    SCORE_MIN,
    Need,
    NeedPriority,
    NeedSettings,
    NeedStatus,
    TargetGroup,
    WeighingCriterion,
)

# The relations by which the concept answers a need (``Recommendation.needs``, ``Measure.needs``)
# with the height of their choice lists. The concept sits above the needs and declares them; the
# needs find them on ``Need`` and never import the concept.
ANSWERS = {"recommendations": 6, "measures": 8}


def answer_models() -> dict[str, type[models.Model]]:
    """The models that answer a need, by the name of their relation on ``Need``."""
    found = {}
    for name in ANSWERS:
        try:
            model = Need._meta.get_field(name).related_model
        except FieldDoesNotExist:
            continue
        if isinstance(model, type) and issubclass(model, models.Model):
            found[name] = model
    return found


class NeedForm(VersionedForm):
    class Meta:
        model = Need
        fields = [
            "title",
            "statement",
            "field",
            "target_groups",
            "citywide",
            "areas",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 5}),
            "target_groups": forms.CheckboxSelectMultiple,
            "areas": widgets.SelectMultiple(attrs={"size": 8}),
        }

    M2M = ("target_groups", "areas", *ANSWERS)

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        field_ids: frozenset[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = FieldOfAction.objects.filter(municipality=municipality)
        if field_ids is not None:
            fields = fields.filter(pk__in=field_ids)
        scoped = {
            "field": fields,
            "target_groups": TargetGroup.objects.filter(municipality=municipality),
            # Labels only: no geometries or measure details in the choices.
            "areas": areas_for_municipality(municipality=municipality),
        }
        for name, queryset in scoped.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        self._add_answers(municipality)
        self.fields["areas"].label_from_instance = lambda a: f"{a.key} {a.name}"  # type: ignore[attr-defined]
        self.fields["areas"].help_text = _(
            "Hold Ctrl (Mac: Cmd) to choose several. Leave empty for a municipality-wide need."
        )

    def _add_answers(self, municipality: Municipality) -> None:
        """What answers the need, chosen from the municipality's recommendations and measures."""
        for name, model in answer_models().items():
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=model._meta.verbose_name_plural,
                queryset=model._default_manager.filter(municipality=municipality).only(
                    "pk", "number", "title"
                ),
                required=False,
                widget=widgets.SelectMultiple(attrs={"size": ANSWERS[name]}),
            )
            if self.instance.pk and not self.is_bound:
                self.initial[name] = [o.pk for o in getattr(self.instance, name).all()]

    def m2m_data(self) -> dict[str, list[Any]]:
        return {
            name: list(self.cleaned_data.get(name) or [])
            for name in self.M2M
            if name in self.fields
        }


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)
    reason = forms.CharField(
        label=_("Reason for dismissing"),
        max_length=300,
        required=False,
        help_text=_("Only when dismissing."),
    )


class IndicatorEvidenceForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=pgettext_lazy("statistics", "Indicator"), queryset=FieldOfAction.objects.none()
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("Empty: the value of the whole municipality."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from teilhabe.statistics.models import Indicator

        self.fields["indicator"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, values__isnull=False
        ).distinct()
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality).order_by(  # type: ignore[attr-defined]
            "key"
        )
        self.fields["area"].label_from_instance = lambda a: f"{a.key} {a.name}"  # type: ignore[attr-defined]


def _contribution_label(c: Any) -> str:
    prefix = f"{c.field_of_action.name}: " if c.field_of_action else ""
    return prefix + c.text[:110]


class ContributionEvidenceForm(forms.Form):
    contribution = forms.ModelChoiceField(
        label=pgettext_lazy("participation", "Contribution"), queryset=Area.objects.none()
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from teilhabe.participation.models import Contribution

        field = self.fields["contribution"]
        field.queryset = Contribution.objects.filter(municipality=municipality).select_related(  # type: ignore[attr-defined]
            "field_of_action"
        )
        field.label_from_instance = _contribution_label  # type: ignore[attr-defined]


class GapEvidenceForm(forms.Form):
    field = forms.ModelChoiceField(
        label=pgettext_lazy("integration concept", "Field of action"),
        queryset=FieldOfAction.objects.none(),
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = FieldOfAction.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality).order_by(  # type: ignore[attr-defined]
            "key"
        )
        self.fields["area"].label_from_instance = lambda a: f"{a.key} {a.name}"  # type: ignore[attr-defined]


class WaitingListEvidenceForm(forms.Form):
    offer = forms.ModelChoiceField(
        label=pgettext_lazy("inventory", "Offer"), queryset=Area.objects.none()
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from teilhabe.inventory.models import Offer

        field = self.fields["offer"]
        field.queryset = (  # type: ignore[attr-defined]
            Offer.objects.filter(municipality=municipality, usages__waiting_list__gt=0)
            .select_related("actor")
            .distinct()
        )
        field.label_from_instance = lambda o: f"{o.title} ({o.actor.name})"  # type: ignore[attr-defined]
        field.help_text = _("Offers whose usage records a waiting list.")


class StatementEvidenceForm(forms.Form):
    text = forms.CharField(
        label=_("Statement"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    stated_by = forms.CharField(
        label=_("Stated by"), max_length=200, help_text=_("e.g. working group Bildung, Dr. Weber")
    )
    stated_on = forms.DateField(label=_("Stated on"), required=False, widget=DateInput)


EVIDENCE_FORMS: dict[str, type[forms.Form]] = {
    "indikator": IndicatorEvidenceForm,
    "beitrag": ContributionEvidenceForm,
    "luecke": GapEvidenceForm,
    "warteliste": WaitingListEvidenceForm,
    "stellungnahme": StatementEvidenceForm,
}


class ProposalAcceptForm(forms.Form):
    field = forms.ModelChoiceField(
        label=pgettext_lazy("integration concept", "Field of action"),
        queryset=FieldOfAction.objects.none(),
    )
    title = forms.CharField(label=_("Title of the need"), max_length=300)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = FieldOfAction.objects.filter(municipality=municipality)  # type: ignore[attr-defined]


class ProposalDismissForm(forms.Form):
    note = forms.CharField(label=_("Why dismissed"), max_length=300, required=False)


class NeedSettingsForm(forms.ModelForm):
    class Meta:
        model = NeedSettings
        fields = [
            "deviation_threshold",
            "min_area_population",
            "gap_min_population",
            "waiting_list_min",
            "cluster_min",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["deviation_threshold"]
        field.localize = True
        field.widget.is_localized = True
        field.widget.input_type = "text"  # type: ignore[attr-defined]
        field.widget.attrs["inputmode"] = "decimal"


class CriterionForm(forms.ModelForm):
    class Meta:
        model = WeighingCriterion
        fields = ["name", "description", "weight", "position", "is_active"]


class RoundForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("e.g. Gewichtung der Bedarfe 2026")
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs to weigh"),
        queryset=Need.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["needs"]
        field.queryset = Need.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, status=NeedStatus.ACCEPTED
        ).order_by("number")
        field.label_from_instance = lambda n: f"{n.number} {n.title}"  # type: ignore[attr-defined]


SCORE_CHOICES = [("", _("no score"))] + [(str(i), str(i)) for i in range(SCORE_MIN, SCORE_MAX + 1)]


class RatingForm(forms.Form):
    """A member's scores of one need: one select per criterion of the round."""

    conflict_of_interest = forms.BooleanField(
        label=_("I declare a conflict of interest for this need"), required=False
    )
    conflict_note = forms.CharField(
        label=_("Conflict of interest"),
        max_length=300,
        required=False,
        help_text=_("e.g. my organisation would carry out an offer for this need"),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, criteria: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scored: dict[str, forms.Field] = {}
        for c in criteria:
            scored[f"c{c['id']}"] = forms.TypedChoiceField(
                label=_("%(name)s (weight %(weight)s)")
                % {"name": c["name"], "weight": c["weight"]},
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("1 = low, 5 = high"),
            )
        self.fields = {**scored, **self.fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("conflict_of_interest") and not (data.get("conflict_note") or "").strip():
            self.add_error("conflict_note", _("Describe the conflict of interest."))
        return data

    def scores(self) -> dict[str, int]:
        return {
            str(c["id"]): self.cleaned_data[f"c{c['id']}"]
            for c in self.criteria
            if self.cleaned_data.get(f"c{c['id']}") is not None
        }


PRIORITY_CHOICES = [("", _("no priority")), *[(str(v), label) for v, label in NeedPriority.choices]]


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput)
    body_name = forms.CharField(
        label=_("decided by"), max_length=200, help_text=_("e.g. Lenkungsgruppe, Steuerungsgruppe")
    )
    note = forms.CharField(
        label=_("Note on the decision"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, needs: list[Need], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs = needs
        for need in needs:
            self.fields[f"p{need.pk}"] = forms.TypedChoiceField(
                label=f"{need.number} {need.title}",
                choices=PRIORITY_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def priorities(self) -> dict[int, int | None]:
        return {n.pk: self.cleaned_data.get(f"p{n.pk}") for n in self.needs}
