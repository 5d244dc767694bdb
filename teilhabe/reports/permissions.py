"""Who may do what with reports: everyone with access reads, staff write and generate,
admins approve editions for publication."""

from __future__ import annotations

from teilhabe.core.permissions import can_administer, can_edit, can_read

can_read_reports = can_read
can_write_reports = can_edit
can_publish_reports = can_administer
