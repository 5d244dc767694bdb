"""This part's entries in the navigation, the lifecycle overview, the handover view and the
demo."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import handover, lifecycle, navigation, seeding, uploads
from teilhabe.core.permissions import can_read
from teilhabe.statistics import status

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

lifecycle.register("data")(status.data_status)

handover.register("data", position=70)(status.handover_data)

seeding.register("teilhabe.statistics.demo.demo_statistics")

# Land-wide flat files: up to TEILHABE_MAX_DATASET_UPLOAD_BYTES (1 GB), streamed to disk.
uploads.register_limit("statistics:dataset_import", "TEILHABE_MAX_DATASET_UPLOAD_BYTES", 1024**3)
