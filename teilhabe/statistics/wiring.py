"""This part's entries in the navigation, the lifecycle overview and the demo."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import demo, handover, lifecycle, navigation
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.core.permissions import can_read

navigation.register(
    navigation.NavEntry("data", gettext_lazy("Datasets"), "statistics:dataset_list", can_read, 20)
)
navigation.register(
    navigation.NavEntry(
        "data", gettext_lazy("Indicators"), "statistics:indicator_list", can_read, 30
    )
)
navigation.register(
    navigation.NavEntry(
        "data", gettext_lazy("District index"), "statistics:index_list", can_read, 40
    )
)


@lifecycle.register("data")
def _data_status(municipality: Municipality) -> StepStatus:
    from teilhabe.statistics.models import Dataset, Indicator

    datasets = Dataset.objects.filter(municipality=municipality, is_current=True)
    count = datasets.count()
    if not count:
        return StepStatus(
            next_action=_("Import population data (Köln long format, GENESIS, Zensus or a table)."),
            url=reverse("statistics:dataset_import", args=[municipality.ars]),
        )
    newest = datasets.order_by("-period_end").first()
    with_data = (
        Indicator.objects.filter(municipality=municipality, values__isnull=False).distinct().count()
    )
    return StepStatus(
        facts=[
            _("%(n)s datasets, newest as of %(date)s")
            % {
                "n": count,
                "date": f"{newest.period_end:%d.%m.%Y}" if newest and newest.period_end else "–",
            },
            _("%(n)s indicators with values") % {"n": with_data},
        ],
        url=reverse("statistics:indicator_list", args=[municipality.ars]),
        started=True,
    )


@handover.register("data", position=70)
def _handover_data(municipality: Municipality) -> handover.Section:
    """The date of the newest data per indicator, so a successor sees what is out of date."""
    from datetime import timedelta

    from django.db.models import Max, OuterRef, Subquery
    from django.utils import timezone

    from teilhabe.statistics.models import Indicator, IndicatorValue

    newest_value = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-period")
    indicators = (
        Indicator.objects.filter(municipality=municipality, values__isnull=False)
        .annotate(
            newest=Max("values__period"),
            source=Subquery(newest_value.values("dataset__source")[:1]),
            table_code=Subquery(newest_value.values("dataset__table_code")[:1]),
        )
        .order_by("newest", "name")
    )
    stale_before = timezone.localdate() - timedelta(days=2 * 365)
    items = [
        handover.Item(
            label=indicator.name,
            detail=f"{indicator.source} ({indicator.table_code})",
            day=indicator.newest,
            url=reverse("statistics:indicator_detail", args=[municipality.ars, indicator.pk]),
            urgent=indicator.newest < stale_before,
            status=_("older than two years") if indicator.newest < stale_before else "",
        )
        for indicator in indicators
    ]
    return handover.Section(
        title=_("Data basis: newest data per indicator"),
        intro=_("Oldest first; data older than two years should be renewed."),
        items=items,
        empty=_("No indicator has values yet."),
        columns=(_("Indicator"), _("Source (table)"), _("newest reference date")),
    )


@demo.register
def demo_statistics(koeln: Municipality) -> None:
    """The Köln population data through the same importer as any upload; the catalogue; a
    district index."""
    from datetime import date

    from teilhabe.statistics.models import DistrictIndexRun, Indicator
    from teilhabe.statistics.services import (
        catalogue_seed,
        dataset_import,
        district_index_compute,
    )

    catalogue_seed(municipality=koeln)
    path = demo.data_dir() / "bevoelkerung.csv"
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
