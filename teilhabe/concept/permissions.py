"""Who may do what with the concept: plain predicates over an ``Access``."""

from __future__ import annotations

from teilhabe.concept.models import Measure
from teilhabe.core.models import EDITING_ROLES, Role
from teilhabe.core.permissions import Access


def can_edit_concept(access: Access) -> bool:
    """Write the tree, measures, drafts; record decisions of bodies."""
    return access.has_role(*EDITING_ROLES)


def can_propose_change(access: Access) -> bool:
    """Submit change proposals against a draft: staff, steering group, working groups."""
    return access.has_role(*EDITING_ROLES, Role.STEERING, Role.WORKING_GROUP)


def can_assess(access: Access) -> bool:
    """Rate the priority of measures: the steering group (and staff entering its votes)."""
    return access.has_role(*EDITING_ROLES, Role.STEERING)


def can_publish(access: Access) -> bool:
    return access.has_role(Role.ADMIN)


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


# --- evaluations ------------------------------------------------------------------------------


def can_edit_evaluations(access: Access) -> bool:
    return can_edit_concept(access)
