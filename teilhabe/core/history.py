"""Shared history fields and helpers (django-simple-history).

Every domain model keeps its history through ``teilhabe.core.models.history()``. Besides the
standard "who, when, what", each entry records whether the change was made under delegated
administration (a county acting for one of its towns), and whether its author was anonymised
after the retention period.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class DelegationHistoryModel(models.Model):
    # Name of the county through whose delegated administration the change was made, if any.
    delegated_by = models.CharField(_("delegated by"), max_length=200, blank=True, default="")
    # True once the retention period has passed and the author was removed.
    author_anonymised = models.BooleanField(_("author anonymised"), default=False)

    class Meta:
        abstract = True


@receiver(pre_create_historical_record)
def _record_delegation(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    request = getattr(HistoricalRecords.context, "request", None)
    acting_via = getattr(request, "delegated_by", None) if request is not None else None
    if acting_via is not None and hasattr(history_instance, "delegated_by"):
        history_instance.delegated_by = acting_via.name
