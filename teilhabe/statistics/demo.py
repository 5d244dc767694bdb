"""The demo's data: the Köln population data, the indicator catalogue and a district index."""

from __future__ import annotations

from datetime import date

from teilhabe.core.demo import data_dir
from teilhabe.core.models import Municipality
from teilhabe.statistics.models import DistrictIndexRun, Indicator
from teilhabe.statistics.services import catalogue_seed, dataset_import, district_index_compute


def demo_statistics(koeln: Municipality) -> None:
    """The Köln population data through the same importer as any upload; the catalogue; a
    district index."""
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
