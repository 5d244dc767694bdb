"""Who may do what with the implementation: plain predicates over an ``Access``."""

from __future__ import annotations

from teilhabe.concept.models import Measure
from teilhabe.concept.permissions import can_edit_concept
from teilhabe.core.models import EDITING_ROLES, Role
from teilhabe.core.permissions import Access


def can_report_any(access: Access) -> bool:
    """Reach the status-update pages at all (the object check follows)."""
    return access.has_role(*EDITING_ROLES, Role.OFFICE)


def can_report_on_measure(access: Access, measure: Measure) -> bool:
    """Post status updates and milestones: staff, the office that leads the measure, or the
    town of the county that leads it (in the town's own workspace)."""
    if measure.lead_municipality_id and measure.lead_municipality_id == access.municipality.pk:
        return access.has_role(*EDITING_ROLES, Role.OFFICE)
    if measure.municipality_id != access.municipality.pk:
        return False
    if can_edit_concept(access):
        return True
    return access.has_role(Role.OFFICE) and measure.lead_unit_id in access.org_unit_ids


def can_see_led_measures(access: Access) -> bool:
    """A town's page of the county measures it leads."""
    return access.has_role(*EDITING_ROLES, Role.OFFICE, Role.READER)


def can_edit_evaluations(access: Access) -> bool:
    return can_edit_concept(access)
