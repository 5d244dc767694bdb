"""Queries per page do not grow with the number of measures (1,000 measures with their
milestones and status updates): the measure list (with its overdue filter), the tree and the
dashboard."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from teilhabe.concept.models import Goal, Measure, StrategicGoal
from teilhabe.core.models import FieldOfAction
from teilhabe.implementation.models import Milestone, StatusUpdate

# The number of queries of each page, whatever the number of measures (session, user and
# access included). A change here must be deliberate.
EXPECTED = {"concept:measure_list": 12, "concept:tree": 15, "implementation:dashboard": 14}


def _bulk(world, start: int, count: int) -> None:
    m = world.municipality
    fields = list(FieldOfAction.objects.filter(municipality=m))
    goals = list(Goal.objects.filter(municipality=m))
    lights = ["green", "yellow", "red", ""]
    states = ["not_started", "in_progress", "implemented", "permanent"]
    measures = Measure.objects.bulk_create(
        Measure(
            municipality=m,
            number=f"M-{i:05d}",
            title=f"Maßnahme {i}",
            lead_unit=world.org_unit,
            traffic_light=lights[i % 4],
            implementation_state=states[i % 4],
            end_date=date(2026, 1, 1) + timedelta(days=i % 700),
        )
        for i in range(start, start + count)
    )
    Measure.fields.through.objects.bulk_create(
        Measure.fields.through(measure_id=x.pk, fieldofaction_id=fields[i % len(fields)].pk)
        for i, x in enumerate(measures)
    )
    Measure.goals.through.objects.bulk_create(
        Measure.goals.through(measure_id=x.pk, goal_id=goals[i % len(goals)].pk)
        for i, x in enumerate(measures)
    )
    Milestone.objects.bulk_create(
        Milestone(measure=x, title="Start", due_on=date(2025, 1, 1) + timedelta(days=i % 900))
        for i, x in enumerate(measures)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(measure=x, traffic_light="green", text="läuft", money_spent=100)
        for x in measures[::3]
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_tree_and_dashboard_use_a_fixed_number_of_queries(world):
    m = world.municipality
    second = FieldOfAction.objects.create(municipality=m, name="Bildung", position=2)
    for field in (world.field, second):
        sg = StrategicGoal.objects.create(
            municipality=m, field=field, title=f"Leitziel {field.name}"
        )
        for n in range(3):
            Goal.objects.create(municipality=m, strategic_goal=sg, title=f"Ziel {n}")
    client = login(Client(), world.users["admin"])
    _bulk(world, 0, 10)
    client.get(
        reverse("concept:measure_list", args=[m.ars])
    )  # the session's first request does more
    small = {name: _queries(client, reverse(name, args=[m.ars])) for name in EXPECTED}
    _bulk(world, 10, 990)
    assert Measure.objects.filter(municipality=m).count() == 1000
    large = {name: _queries(client, reverse(name, args=[m.ars])) for name in EXPECTED}
    filtered = _queries(
        client,
        reverse("concept:measure_list", args=[m.ars]) + "?ampel=red&ueberfaellig=1&q=Maßnahme",
    )
    assert small == large
    assert large == EXPECTED
    assert filtered == EXPECTED["concept:measure_list"]
