"""The data's status on the home page and its section of the handover view; registered in
``wiring.py``."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core import handover
from teilhabe.core.lifecycle import StepStatus
from teilhabe.core.models import Municipality
from teilhabe.statistics.models import Dataset, Indicator, IndicatorValue


def data_status(municipality: Municipality) -> StepStatus:
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


def handover_data(municipality: Municipality) -> handover.Section:
    """The date of the newest data per indicator, so a successor sees what is out of date."""
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
