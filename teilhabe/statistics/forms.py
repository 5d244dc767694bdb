"""Forms of the data basis, with explicit fields."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from teilhabe.statistics.models import DatasetFormat, Indicator

UPLOAD_FORMATS = [c for c in DatasetFormat.choices if c[0] != DatasetFormat.INDEX]


class DatasetUploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("CSV, flat file (ffcsv) or Excel (.xlsx)"))
    format = forms.ChoiceField(label=_("Format"), choices=UPLOAD_FORMATS)
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to take it from the file."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("e.g. IT.NRW, Landesdatenbank; leave empty to take it from the file."),
    )
    table_code = forms.CharField(label=_("Table code"), max_length=80, required=False)
    territorial_status = forms.CharField(
        label=_("Territorial status (Gebietsstand)"), max_length=60, required=False
    )
    licence = forms.CharField(
        label=_("Licence"),
        max_length=120,
        required=False,
        help_text=_("e.g. Datenlizenz Deutschland – Namensnennung – 2.0"),
    )
    attribution = forms.CharField(label=_("Attribution"), max_length=300, required=False)

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        limit = getattr(settings, "TEILHABE_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
            )
        return upload

    def metadata(self) -> dict[str, str]:
        return {
            k: self.cleaned_data.get(k, "")
            for k in (
                "title",
                "source",
                "table_code",
                "territorial_status",
                "licence",
                "attribution",
            )
        }


class TableMappingForm(forms.Form):
    key_column = forms.TypedChoiceField(label=_("Column with the area key"), coerce=int)
    name_column = forms.TypedChoiceField(
        label=_("Column with the area name"), coerce=int, required=False, empty_value=-1
    )
    value_columns = forms.TypedMultipleChoiceField(
        label=_("Columns with values"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    period = forms.DateField(label=_("Reference date (Stichtag)"), help_text=_("e.g. 31.12.2024"))
    key_width = forms.IntegerField(
        label=_("Pad keys with leading zeros to"),
        min_value=0,
        max_value=12,
        initial=0,
        required=False,
        help_text=_("e.g. 3: key 1 becomes 001; 0 keeps the keys as they are."),
    )

    def __init__(self, *args, columns: list[str], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choices = [(i, f"{i + 1}: {c}") for i, c in enumerate(columns)]
        self.fields["key_column"].choices = choices  # type: ignore[attr-defined]
        self.fields["name_column"].choices = [(-1, _("(none)")), *choices]  # type: ignore[attr-defined]
        self.fields["value_columns"].choices = choices[1:]  # type: ignore[attr-defined]

    def mapping(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "key_column": data["key_column"],
            "name_column": data.get("name_column", -1),
            "value_columns": {str(c): "" for c in data["value_columns"]},
            "period": data["period"].isoformat(),
            "key_width": data.get("key_width") or 0,
        }


class DistrictIndexForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators (2 to 6)"),
        queryset=Indicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    period = forms.DateField(label=_("Reference date"))
    base_period = forms.DateField(label=_("Base date for the dynamics"))
    cutoffs = forms.CharField(
        label=_("Class limits (z-values)"),
        initial="-1; -0,5; 0,5; 1",
        help_text=_("Separated by semicolons, ascending, e.g. -1; -0,5; 0,5; 1 (five classes)."),
    )
    min_population = forms.IntegerField(
        label=_("Exclude areas with fewer residents than"), initial=300, min_value=0
    )

    def __init__(self, *args, indicators, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = indicators  # type: ignore[attr-defined]

    def clean_indicators(self):  # type: ignore[no-untyped-def]
        chosen = self.cleaned_data["indicators"]
        if not 2 <= len(chosen) <= 6:
            raise forms.ValidationError(_("Choose between 2 and 6 indicators."))
        return chosen

    def clean_cutoffs(self) -> list[float]:
        text = self.cleaned_data["cutoffs"]
        try:
            values = [float(p.strip().replace(",", ".")) for p in text.split(";") if p.strip()]
        except ValueError:
            raise forms.ValidationError(
                _("Write numbers separated by semicolons, e.g. -1; -0,5; 0,5; 1.")
            ) from None
        if not values or values != sorted(values):
            raise forms.ValidationError(_("Give at least one limit, in ascending order."))
        return values
