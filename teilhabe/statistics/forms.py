"""Forms of the data basis, with explicit fields."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.uploads import max_upload_bytes
from teilhabe.statistics.models import Dataset, DatasetFormat, Indicator

UPLOAD_FORMATS = [c for c in DatasetFormat.choices if c[0] != DatasetFormat.INDEX]


def _limited(upload, url_name: str = ""):  # type: ignore[no-untyped-def]
    limit = max_upload_bytes(url_name)
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        )
    return upload


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
        return _limited(self.cleaned_data["file"], "statistics:dataset_import")

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


BY_NAME = -1


def ambiguous_field(norm: str) -> str:
    """The form field that resolves one ambiguous area name."""
    return "area_" + hashlib.sha1(norm.encode(), usedforsecurity=False).hexdigest()[:10]


class TableMappingForm(forms.Form):
    key_column = forms.TypedChoiceField(label=_("Column with the area key"), coerce=int)
    name_column = forms.TypedChoiceField(
        label=_("Column with the area name"), coerce=int, required=False, empty_value=-1
    )
    level = forms.ChoiceField(
        label=_("Level of the areas"),
        required=False,
        help_text=_("Names are matched only with areas of this level (without a key column)."),
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

    def __init__(  # type: ignore[no-untyped-def]
        self,
        *args,
        columns: list[str],
        levels: list[tuple[str, str]] = (),  # type: ignore[assignment]
        ambiguous: dict[str, dict[str, Any]] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        choices = [(i, f"{i + 1}: {c}") for i, c in enumerate(columns)]
        self.fields["key_column"].choices = [  # type: ignore[attr-defined]
            (BY_NAME, _("(none – match the areas by their name)")),
            *choices,
        ]
        self.fields["name_column"].choices = [(-1, _("(none)")), *choices]  # type: ignore[attr-defined]
        self.fields["level"].choices = [("", _("any level")), *levels]  # type: ignore[attr-defined]
        self.fields["value_columns"].choices = choices[1:]  # type: ignore[attr-defined]
        self.ambiguous = ambiguous or {}
        for norm, entry in self.ambiguous.items():
            lines = ", ".join(str(n) for n in entry["lines"][:5])
            self.fields[ambiguous_field(norm)] = forms.ChoiceField(
                label=_("Which area is “%(name)s” (line %(lines)s)?")
                % {"name": entry["name"], "lines": lines},
                choices=[("", "–"), *((k, f"{k} {n} – {kind}") for k, n, kind in entry["options"])],
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("key_column") == BY_NAME and data.get("name_column", -1) < 0:
            self.add_error(
                "name_column", _("Without a key column, choose the column with the area name.")
            )
        return data

    def mapping(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "key_column": data["key_column"],
            "name_column": data.get("name_column", -1),
            "value_columns": {str(c): "" for c in data["value_columns"]},
            "period": data["period"].isoformat(),
            "key_width": data.get("key_width") or 0,
            "level": data.get("level", ""),
            "resolved": {
                norm: data[ambiguous_field(norm)]
                for norm in self.ambiguous
                if data.get(ambiguous_field(norm))
            },
        }

    @staticmethod
    def data_from(mapping: dict[str, Any], period: str) -> dict[str, Any]:
        """Form data that reproduces a remembered mapping for a file of another year."""
        data = {
            "key_column": mapping["key_column"],
            "name_column": mapping.get("name_column", -1),
            "value_columns": list(mapping["value_columns"]),
            "period": period,
            "key_width": mapping.get("key_width", 0),
            "level": mapping.get("level", ""),
        }
        for norm, key in mapping.get("resolved", {}).items():
            data[ambiguous_field(norm)] = key
        return data


class DatasetVersionForm(forms.Form):
    """Whether the upload replaces a dataset (a new version of it) or is one of its own."""

    version_of = forms.TypedChoiceField(
        label=_("This file is"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, candidates, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.upload: dict[str, Any] = {}  # what the new file says of itself, shown beside them
        self.fields["version_of"].choices = [  # type: ignore[attr-defined]
            ("", _("a dataset of its own")),
            *(
                (
                    d.pk,
                    _("a new version of “%(title)s” (version %(v)s, as of %(stand)s)")
                    % {"title": d.title, "v": d.version, "stand": d.stand or "–"},
                )
                for d in self.candidates
            ),
        ]
        self.fields["version_of"].initial = ""


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


class IndexUploadForm(forms.Form):
    """Step 1 of importing the statistics office's district index."""

    file = forms.FileField(label=_("File"), help_text=_("CSV or Excel (.xlsx), one line per area"))
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("e.g. Sozialraum-Index 2024 (Amt 15)")
    )
    period = forms.DateField(label=_("Reference date (Stichtag)"), help_text=_("e.g. 31.12.2024"))
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("e.g. Stadt Köln, Amt für Stadtentwicklung und Statistik"),
    )
    table_code = forms.CharField(
        label=_("Table code"),
        max_length=80,
        required=False,
        help_text=_("Leave empty for “sozialraumindex”."),
    )
    territorial_status = forms.CharField(
        label=_("Territorial status (Gebietsstand)"), max_length=60, required=False
    )
    licence = forms.CharField(label=_("Licence"), max_length=120, required=False)
    attribution = forms.CharField(label=_("Attribution"), max_length=300, required=False)

    def clean_file(self):  # type: ignore[no-untyped-def]
        return _limited(self.cleaned_data["file"])

    def metadata(self) -> dict[str, str]:
        return {
            k: self.cleaned_data.get(k, "")
            for k in ("source", "table_code", "territorial_status", "licence", "attribution")
        }


class IndexMappingForm(forms.Form):
    """Step 2: which column holds the key, the name, status and dynamics."""

    key_column = forms.TypedChoiceField(label=_("Column with the area key"), coerce=int)
    name_column = forms.TypedChoiceField(label=_("Column with the area name"), coerce=int)
    status_column = forms.TypedChoiceField(label=_("Column with the status value"), coerce=int)
    status_class_column = forms.TypedChoiceField(
        label=_("Column with the status class"), coerce=int
    )
    dynamics_column = forms.TypedChoiceField(label=_("Column with the dynamics value"), coerce=int)
    dynamics_class_column = forms.TypedChoiceField(
        label=_("Column with the dynamics class"), coerce=int
    )
    key_width = forms.IntegerField(
        label=_("Pad keys with leading zeros to"),
        min_value=0,
        max_value=12,
        initial=0,
        required=False,
        help_text=_("e.g. 3: key 1 becomes 001; 0 keeps the keys as they are."),
    )

    OPTIONAL = ("name_column", "status_column", "status_class_column", "dynamics_column")

    def __init__(self, *args, columns: list[str], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choices = [(i, f"{i + 1}: {c}") for i, c in enumerate(columns)]
        self.fields["key_column"].choices = choices  # type: ignore[attr-defined]
        for name in (*self.OPTIONAL, "dynamics_class_column"):
            self.fields[name].choices = [(-1, _("(none)")), *choices]  # type: ignore[attr-defined]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        chosen = [
            data.get(n)
            for n in (
                "status_column",
                "status_class_column",
                "dynamics_column",
                "dynamics_class_column",
            )
        ]
        if all(c in (None, -1) for c in chosen):
            raise forms.ValidationError(
                _("Choose at least one column with a status or dynamics value or class.")
            )
        used = [c for c in [data.get("key_column"), *chosen] if c not in (None, -1)]
        if len(used) != len(set(used)):
            raise forms.ValidationError(
                _("Each column can be used only once; please check the choices.")
            )
        return data

    def mapping(self) -> dict[str, int]:
        data = self.cleaned_data
        return {
            "key_column": data["key_column"],
            "name_column": data["name_column"],
            "status_column": data["status_column"],
            "status_class_column": data["status_class_column"],
            "dynamics_column": data["dynamics_column"],
            "dynamics_class_column": data["dynamics_class_column"],
            "key_width": data.get("key_width") or 0,
        }


SERIES_PARTS = ("table", "variable", "category", "sex", "age_band")


def _series_fields(prefix: str, label: str) -> dict[str, forms.Field]:
    labels = {
        "table": _("%(part)s: table code"),
        "variable": _("%(part)s: variable"),
        "category": _("%(part)s: category"),
        "sex": _("%(part)s: sex"),
        "age_band": _("%(part)s: age band"),
    }
    return {
        f"{prefix}_{part}": forms.CharField(
            label=labels[part] % {"part": label},
            max_length=200,
            required=False,
            help_text=_("Several values separated by commas are added up.")
            if part != "table"
            else _("The table code of the datasets, e.g. 12411-0015 or bevoelkerung-koeln."),
        )
        for part in SERIES_PARTS
    }


def series_from(data: dict, prefix: str) -> dict[str, object]:
    """Form fields → a series with filters ({"table", "variable", …}); empty parts omitted."""
    series: dict[str, object] = {}
    for part in SERIES_PARTS:
        text = (data.get(f"{prefix}_{part}") or "").strip()
        if not text:
            continue
        values = [v.strip() for v in text.split(",") if v.strip()]
        series[part] = values if len(values) > 1 and part != "table" else values[0]
    return series


def series_initial(series: dict, prefix: str) -> dict[str, str]:
    out = {}
    for part in SERIES_PARTS:
        value = series.get(part, "")
        out[f"{prefix}_{part}"] = ", ".join(value) if isinstance(value, list) else str(value)
    return out


def parse_breaks(text: str) -> list[dict[str, str]]:
    """One break per line: "15.05.2022: Umstellung auf Zensus 2022"."""
    from teilhabe.statistics.importers.base import parse_period

    breaks = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        when, sep, note = line.partition(":")
        day = parse_period(when) if sep else None
        if day is None or not note.strip():
            raise forms.ValidationError(
                _(
                    "Line %(n)s: write the date, a colon and what changed, "
                    "e.g. “15.05.2022: Umstellung auf Zensus 2022”."
                )
                % {"n": number}
            )
        breaks.append({"date": day.isoformat(), "note": note.strip()[:200]})
    return sorted(breaks, key=lambda b: b["date"])


class IndicatorForm(forms.ModelForm):
    """Create or edit an indicator of the catalogue; series and breaks as plain fields."""

    breaks_text = forms.CharField(
        label=_("Breaks in the time series"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: date, colon, what changed – e.g. 15.05.2022: Zensus 2022."),
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "code",
            "field_of_action",
            "definition",
            "kind",
            "unit",
            "polarity",
            "concept",
            "comparability_note",
            "source_note",
            "framework",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "comparability_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "code": _("Short name for links and exports: small letters, digits and hyphens."),
        }

    def __init__(self, *args, municipality, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        self.fields["field_of_action"].queryset = municipality.fields_of_action.all()  # type: ignore[attr-defined]
        self.fields.update(_series_fields("numerator", str(_("Numerator"))))
        self.fields.update(_series_fields("denominator", str(_("Denominator"))))
        if self.instance.pk:
            self.initial.update(series_initial(self.instance.numerator, "numerator"))
            self.initial.update(series_initial(self.instance.denominator, "denominator"))
            self.initial["breaks_text"] = "\n".join(
                f"{b['date'][8:10]}.{b['date'][5:7]}.{b['date'][:4]}: {b['note']}"
                for b in self.instance.breaks
            )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        taken = Indicator.objects.filter(municipality=self.municipality, code=code).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(
                _("The code “%(code)s” is already used by another indicator.") % {"code": code}
            )
        return code

    def clean_breaks_text(self) -> list[dict[str, str]]:
        return parse_breaks(self.cleaned_data.get("breaks_text", ""))

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        numerator = series_from(data, "numerator")
        denominator = series_from(data, "denominator")
        if numerator and "variable" not in numerator:
            self.add_error(
                "numerator_variable", _("Name the variable the numerator counts, e.g. BEV001.")
            )
        if data.get("kind") == "share" and numerator and not denominator:
            self.add_error(
                "denominator_variable",
                _("A share needs a denominator: name the series it is divided by."),
            )
        if denominator and "variable" not in denominator:
            self.add_error("denominator_variable", _("Name the variable the denominator counts."))
        self.instance.numerator = numerator
        self.instance.denominator = denominator
        self.instance.breaks = data.get("breaks_text", [])
        return data


class DatasetMetadataForm(forms.ModelForm):
    """The provenance of a dataset, corrected after import."""

    class Meta:
        model = Dataset
        fields = ["title", "source", "licence", "attribution", "territorial_status"]
        help_texts = {
            "licence": _("e.g. Datenlizenz Deutschland – Namensnennung – 2.0"),
            "attribution": _("As printed under every figure, e.g. © IT.NRW, Düsseldorf, 2024"),
            "territorial_status": _("e.g. 31.12.2023 (Gebietsstand of the regional keys)"),
        }
