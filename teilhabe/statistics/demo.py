"""The demo's data: the Köln population data, the indicator catalogue and a district index."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from teilhabe.core.demo import TOWN_ARS, data_dir
from teilhabe.core.models import Municipality
from teilhabe.statistics.importers.table import TableMapping
from teilhabe.statistics.models import DistrictIndexRun, Indicator
from teilhabe.statistics.services import (
    catalogue_seed,
    dataset_import,
    district_index_compute,
    indicator_save,
)

# Foreigners from the Ausländerzentralregister end at the Kreis: the demo town has no value
# of its own and shows the county's as comparison (written here, nothing is fetched).
AZR_TABLE = """Ausländische Bevölkerung (Ausländerzentralregister), Kreis Beispielland
Schlüssel;Gebiet;Ausländer:innen;Bevölkerung
05999;Kreis Beispielland;{foreign};{total}
05;Nordrhein-Westfalen;{land_foreign};{land_total}
Quelle: Statistisches Bundesamt, Ausländerzentralregister
"""
AZR_YEARS = [
    (date(2022, 12, 31), "11.890", "99.200", "2.836.000", "18.139.000"),
    (date(2023, 12, 31), "12.400", "100.000", "2.931.000", "18.190.000"),
]


def demo_statistics(koeln: Municipality) -> None:
    """The Köln population data through the same importer as any upload; the catalogue; a
    district index; for the town in the demo county an indicator that ends at the Kreis."""
    _demo_county_only()
    catalogue_seed(municipality=koeln)
    path = data_dir() / "bevoelkerung.csv"
    dataset_import(
        municipality=koeln, data=path.read_bytes(), filename=path.name, fmt="koeln", user=None
    )
    if not DistrictIndexRun.objects.filter(municipality=koeln).exists():
        chosen = list(
            Indicator.objects.filter(
                municipality=koeln,
                code__in=["anteil-auslaender", "anteil-mh", "anteil-deutsche-mh"],
            )
        )
        district_index_compute(
            municipality=koeln,
            name="Sozialraum-Index 2012 (Demo)",
            indicators=chosen,
            period=date(2012, 12, 31),
            base_period=date(2008, 12, 31),
            cutoffs=[-1.0, -0.5, 0.5, 1.0],
            min_population=300,
            user=None,
        )


def _demo_county_only() -> None:
    town = Municipality.objects.filter(ars=TOWN_ARS).first()
    if town is None:
        return
    indicator = Indicator.objects.filter(municipality=town, code="anteil-auslaender-azr").first()
    if indicator is None:
        indicator = indicator_save(
            indicator=Indicator(
                municipality=town,
                code="anteil-auslaender-azr",
                name="Ausländeranteil (Ausländerzentralregister)",
                definition="Ausländische Staatsangehörige je 100 Einwohner:innen.",
                kind="share",
                concept="foreign_azr",
                numerator={"table": "12521-0041", "variable": "auslaender"},
                denominator={"table": "12521-0041", "variable": "bevoelkerung"},
                comparability_note=(
                    "Das Ausländerzentralregister weist Werte nur bis zur Kreisebene aus."
                ),
                published_at=timezone.now(),
            )
        )
    for period, foreign, total, land_foreign, land_total in AZR_YEARS:
        text = AZR_TABLE.format(
            foreign=foreign, total=total, land_foreign=land_foreign, land_total=land_total
        )
        dataset_import(
            municipality=town,
            data=text.encode("utf-8"),
            filename=f"azr-{period.year}.csv",
            fmt="table",
            user=None,
            metadata={
                "table_code": "12521-0041",
                "title": f"Ausländerzentralregister {period.year}",
                "source": "Statistisches Bundesamt, Ausländerzentralregister",
                "licence": "dl-de/by-2-0",
            },
            mapping=TableMapping(
                key_column=0,
                name_column=1,
                value_columns={2: "auslaender", 3: "bevoelkerung"},
                period=period,
            ),
        )
