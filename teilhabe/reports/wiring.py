"""This part's entries in the navigation and the lifecycle overview."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import deadlines, lifecycle, navigation
from teilhabe.council import consequences
from teilhabe.reports import deadlines as report_deadlines
from teilhabe.reports import status
from teilhabe.reports.models import Report
from teilhabe.reports.permissions import can_read_reports

consequences.linkable_register(
    model=Report, label=gettext_lazy("Report"), detail_url="reports:report_detail"
)
navigation.register(
    navigation.NavEntry(
        "report", gettext_lazy("Reports"), "reports:report_list", can_read_reports, 10
    )
)

lifecycle.register("report")(status.report_status)

deadlines.register_kind(
    "integration_report", gettext_lazy("Integration report"), check=can_read_reports, position=70
)
deadlines.register("integration_report")(report_deadlines.integration_report_deadlines)
