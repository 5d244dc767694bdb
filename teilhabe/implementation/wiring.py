"""This part's entries in the navigation, the lifecycle overview, the demo, and its panels on
the concept's page of a measure."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from teilhabe.core import deadlines, extensions, lifecycle, navigation, seeding
from teilhabe.core.permissions import Access, can_read
from teilhabe.implementation import deadlines as implementation_deadlines
from teilhabe.implementation import selectors, views
from teilhabe.implementation.permissions import can_see_led_measures


def _is_town_of_county(access: Access) -> bool:
    # The entry leads to a page with its own predicate: show it only to whom that admits.
    return access.municipality.parent_id is not None and can_see_led_measures(access)


for entry in (
    navigation.NavEntry(
        "implementation",
        gettext_lazy("Implementation dashboard"),
        "implementation:dashboard",
        can_read,
        10,
    ),
    navigation.NavEntry(
        "implementation",
        gettext_lazy("County measures we lead"),
        "implementation:led_measure_list",
        _is_town_of_county,
        20,
    ),
    navigation.NavEntry(
        "report",
        gettext_lazy("Evaluations of measures"),
        "implementation:evaluation_list",
        can_read,
        30,
    ),
):
    navigation.register(entry)

lifecycle.register("implementation")(selectors.lifecycle_step)

# The concept's measures know whether a milestone is overdue (list filter, badge, alert).
extensions.register_annotation("concept.measure", "overdue", selectors.has_overdue_milestone)

MEASURE_PAGE = "concept.measure_detail"
for slot, key, template, context, position in (
    ("actions", "report", "_measure_actions.html", views.report_button, 10),
    ("money", "spent", "_measure_spent.html", views.money_spent, 10),
    ("sections", "milestones", "_measure_milestones.html", views.milestones, 10),
    ("sections", "updates", "_measure_updates.html", views.status_updates, 20),
    ("end", "evaluations", "_measure_evaluations.html", views.evaluations, 10),
):
    extensions.register_panel(
        f"{MEASURE_PAGE}.{slot}",
        key,
        template=f"implementation/{template}",
        context=context,
        position=position,
    )

deadlines.register_kind("measure_milestone", gettext_lazy("Milestone of a measure"), position=50)
deadlines.register_kind("status_update", gettext_lazy("Status update of a measure"), position=55)
deadlines.register("measure_milestone")(implementation_deadlines.milestone_deadlines)
deadlines.register("status_update")(implementation_deadlines.status_update_deadlines)

seeding.register("teilhabe.implementation.demo.demo_step")
