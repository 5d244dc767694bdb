"""The data basis: datasets with provenance, observations per area and period, the indicator
catalogue, computed indicator values and district index runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.core.mixins import Publishable
from teilhabe.core.models import Area, FieldOfAction, Municipality, history


class DatasetFormat(models.TextChoices):
    KOELN = "koeln", _("Köln open data, long format")
    GENESIS = "genesis", _("GENESIS / Regionalstatistik table (CSV)")
    FFCSV = "ffcsv", _("GENESIS flat file (ffcsv)")
    ZENSUS_GRID = "zensus_grid", _("Zensus 2022 grid (100 m)")
    TABLE = "table", _("Table (CSV or Excel) with column mapping")
    INDEX = "index", _("District index of the statistics office")


class Level(models.TextChoices):
    AREA = "area", _("area of the municipality")
    MUNICIPALITY = "municipality", _("whole municipality")
    KREIS = "kreis", _("county (Kreis)")
    LAND = "land", _("state (Land)")
    BUND = "bund", _("Germany (Bund)")


LEVEL_ORDER = [Level.AREA, Level.MUNICIPALITY, Level.KREIS, Level.LAND, Level.BUND]


class Dataset(models.Model):
    """One imported statistical table with its provenance ("Quelle, Stand")."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="datasets"
    )
    title = models.CharField(_("Title"), max_length=300)
    source = models.CharField(
        _("Source"),
        max_length=300,
        help_text=_("e.g. Stadt Köln, Amt für Stadtentwicklung und Statistik"),
    )
    table_code = models.CharField(
        _("Table code"), max_length=80, help_text=_("e.g. 12411-0015 or the office's own code")
    )
    format = models.CharField(_("Format"), max_length=20, choices=DatasetFormat.choices)
    period_start = models.DateField(_("first reference date"), null=True, blank=True)
    period_end = models.DateField(_("last reference date"), null=True, blank=True)
    territorial_status = models.CharField(
        _("Territorial status (Gebietsstand)"), max_length=60, blank=True
    )
    licence = models.CharField(_("Licence"), max_length=120, blank=True)
    attribution = models.CharField(_("Attribution"), max_length=300, blank=True)
    is_estimate = models.BooleanField(
        _("estimate"),
        default=False,
        help_text=_("Values were estimated, e.g. Zensus grid cells assigned to areas."),
    )
    file = models.FileField(_("File"), upload_to="statistics/")
    file_name = models.CharField(_("File name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    version = models.PositiveIntegerField(_("Version"), default=1)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    is_current = models.BooleanField(_("current version"), default=True)
    row_count = models.PositiveIntegerField(_("Values"), default=0)
    unknown_keys = models.JSONField(_("unknown area keys"), default=list, blank=True)
    notes = models.TextField(_("Notes"), blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported on"), default=timezone.now)

    history = history()

    class Meta:
        verbose_name = _("Dataset")
        verbose_name_plural = _("Datasets")
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "sha256"], name="dataset_unique_file_per_municipality"
            )
        ]
        indexes = [models.Index(fields=["municipality", "table_code", "is_current"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.table_code})"

    @property
    def stand(self) -> str:
        """The reference date(s) as German text."""
        if not self.period_end:
            return ""
        if self.period_start and self.period_start != self.period_end:
            return f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"
        return f"{self.period_end:%d.%m.%Y}"

    @property
    def citation(self) -> str:
        """ "Quelle: …, Stand: …, Lizenz: …" as printed under every figure: the attribution the
        licence asks for, the source entered at import (when the attribution does not name
        it already) and the licence."""
        source = self.source
        if self.attribution:
            same = self.source.casefold() in self.attribution.casefold()
            source = (
                self.attribution
                if same or not self.source
                else f"{self.attribution} ({self.source})"
            )
        text = _("Source: %(source)s, as of: %(stand)s") % {
            "source": source,
            "stand": self.stand or "–",
        }
        if self.licence:
            text += _(", licence: %(licence)s") % {"licence": self.licence}
        return str(text)


class Observation(models.Model):
    """One value of a dataset: a region (area or higher level) × reference date × variable
    × category. Stored exactly; disclosure control applies on output only."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="observations")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("Level"), max_length=20, choices=Level.choices)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT)
    region_key = models.CharField(_("Regional key"), max_length=40)
    region_name = models.CharField(_("Region"), max_length=200, blank=True)
    period = models.DateField(_("Reference date"))
    variable = models.CharField(_("Variable"), max_length=80)
    variable_label = models.CharField(_("Variable (label)"), max_length=200, blank=True)
    category = models.CharField(_("Category"), max_length=80, blank=True)
    category_label = models.CharField(_("Category (label)"), max_length=200, blank=True)
    sex = models.CharField(_("Sex"), max_length=20, blank=True)
    age_band = models.CharField(_("Age band"), max_length=40, blank=True)
    value = models.FloatField(_("Value"), null=True, blank=True)
    # The official symbol where no value is given: - . / x … ( ) (meaning in importers.base).
    flag = models.CharField(_("Symbol"), max_length=4, blank=True)

    class Meta:
        verbose_name = _("Value")
        verbose_name_plural = _("Values")
        indexes = [
            models.Index(fields=["dataset", "variable", "category"]),
            models.Index(fields=["municipality", "variable", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.region_key} {self.period} {self.variable}/{self.category}: {self.value}"


class IndicatorKind(models.TextChoices):
    SHARE = "share", _("share (numerator ÷ denominator)")
    COUNT = "count", _("count")
    CHANGE = "change", _("change against the previous reference date")
    SEGREGATION = "segregation", _("segregation index D over areas")


class Polarity(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("higher is better")
    LOWER_BETTER = "lower_better", _("lower is better")
    NEUTRAL = "neutral", _("descriptive (no direction)")


class Concept(models.TextChoices):
    MH_REGISTER = "mh_register", _("migration background derived from the population register")
    EINWANDERUNG = "einwanderung", _("Einwanderungsgeschichte (Destatis, Mikrozensus)")
    FOREIGN_REGISTER = "foreign_register", _("foreign nationals from the population register")
    FOREIGN_AZR = "foreign_azr", _("foreign nationals from the Ausländerzentralregister")
    FOREIGN_FORTSCHREIBUNG = (
        "foreign_fortschreibung",
        _("foreign nationals from the population update (Fortschreibung)"),
    )
    OTHER = "other", _("other / not applicable")


class Framework(models.TextChoices):
    LAENDER = "laender", _("Integrationsmonitoring der Länder")
    KGST = "kgst", _("KGSt / municipal integration monitoring")
    MUNICIPAL = "municipal", _("own municipal indicator")


class Indicator(Publishable):
    """A Kennzahl of the catalogue, per field of action, with its definition and the series
    its numerator and denominator come from."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="indicators"
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=pgettext_lazy("integration concept", "Field of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    code = models.SlugField(_("Code"), max_length=60)
    name = models.CharField(_("Name"), max_length=200)
    definition = models.TextField(_("Definition"))
    kind = models.CharField(
        _("Kind"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.SHARE
    )
    # Series: {"table": "<table code>", "variable": "…", "category": "…", "sex": "…", "age_band": "…"}
    numerator = models.JSONField(_("Numerator (series and filters)"), default=dict, blank=True)
    denominator = models.JSONField(_("Denominator (series and filters)"), default=dict, blank=True)
    unit = models.CharField(_("Unit"), max_length=30, default="%")
    polarity = models.CharField(
        _("Polarity"), max_length=20, choices=Polarity.choices, default=Polarity.NEUTRAL
    )
    concept = models.CharField(
        _("Concept used"), max_length=30, choices=Concept.choices, default=Concept.OTHER
    )
    comparability_note = models.TextField(_("Comparability"), blank=True)
    source_note = models.CharField(_("Source note"), max_length=300, blank=True)
    framework = models.CharField(
        _("Reference framework"),
        max_length=20,
        choices=Framework.choices,
        default=Framework.MUNICIPAL,
    )
    # Breaks in the time series: [{"date": "2022-05-15", "note": "Zensus 2022"}]
    breaks = models.JSONField(_("Breaks in the time series"), default=list, blank=True)
    position = models.PositiveIntegerField(_("Order"), default=0)

    history = history()

    class Meta:
        verbose_name = pgettext_lazy("statistics", "Indicator")
        verbose_name_plural = pgettext_lazy("statistics", "Indicators")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="indicator_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_rate(self) -> bool:
        return self.kind in (IndicatorKind.SHARE, IndicatorKind.SEGREGATION)


class IndicatorValue(models.Model):
    """A computed value of an indicator for a region and reference date (exact; disclosure
    control is applied when it is shown)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("Level"), max_length=20, choices=Level.choices)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE)
    region_key = models.CharField(_("Regional key"), max_length=40)
    region_name = models.CharField(_("Region"), max_length=200, blank=True)
    period = models.DateField(_("Reference date"))
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    population = models.FloatField(_("Residents"), null=True, blank=True)
    # Summed from the areas below (no value of its own was delivered); ``sources`` are the
    # ids of the datasets the sum was taken from.
    derived = models.BooleanField(_("summed from areas"), default=False)
    sources = models.JSONField(_("source datasets"), default=list, blank=True)
    # Beside a delivered value: the same indicator computed from the sum of the areas below,
    # so that a difference between the official total and the areas is shown.
    area_sum = models.FloatField(_("sum of the areas"), null=True, blank=True)

    class Meta:
        verbose_name = _("Indicator value")
        verbose_name_plural = _("Indicator values")
        ordering = ["period", "level", "region_key"]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_key} {self.period}: {self.value}"


class IndexRunSource(models.TextChoices):
    COMPUTED = "computed", _("computed in Teilhabe")
    IMPORTED = "imported", _("imported from the statistics office")


class DistrictIndexRun(models.Model):
    """One run of a district index (Sozialraum-Index) with the parameters it used."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="district_index_runs"
    )
    name = models.CharField(_("Name"), max_length=200)
    source = models.CharField(
        _("Origin"), max_length=10, choices=IndexRunSource.choices, default=IndexRunSource.COMPUTED
    )
    # {"indicators": [codes], "period": "YYYY-MM-DD", "base_period": …, "cutoffs": [-1, 1],
    #  "min_population": 300, "area_kind": "stadtteil"}
    parameters = models.JSONField(_("Parameters"), default=dict)
    # [{"area_id", "key", "name", "status", "dynamics", "status_class", "dynamics_class", "excluded"}]
    results = models.JSONField(_("Results"), default=list)
    dataset = models.ForeignKey(Dataset, null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    history = history()

    class Meta:
        verbose_name = _("District index")
        verbose_name_plural = _("District indices")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class TableMappingMemory(models.Model):
    """The column mapping last used for a table of one source and header shape, so that next
    year's file of the same shape imports in one step."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("Source"), max_length=300, blank=True)
    # Hash of the normalised column headers (teilhabe.statistics.importers.table.table_shape).
    shape = models.CharField(_("Header shape"), max_length=40)
    columns = models.JSONField(_("Columns"), default=list)
    # TableMapping.as_dict() without the reference date, which changes every year.
    mapping = models.JSONField(_("Mapping"), default=dict)
    updated_at = models.DateTimeField(_("last used"), default=timezone.now)

    class Meta:
        verbose_name = _("Remembered column mapping")
        verbose_name_plural = _("Remembered column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source", "shape"], name="table_mapping_unique_shape"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.shape[:8]})"
