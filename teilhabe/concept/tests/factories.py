"""Small builders for the concept's tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from teilhabe.concept import services
from teilhabe.concept.models import Goal, Measure, Recommendation, StrategicGoal


def concept(world: Any) -> dict[str, Any]:
    m = world.municipality
    sg = services.strategic_goal_save(
        strategic_goal=StrategicGoal(
            municipality=m, field=world.field, title="Sprache öffnet Türen"
        ),
        expected_version=None,
    )
    goal = services.goal_save(
        goal=Goal(
            municipality=m,
            strategic_goal=sg,
            title="Mehr Kinder in der Sprachförderung",
            indicator_text="Anteil der Kinder mit Förderbedarf in Sprachförderung",
            unit="%",
            baseline_value=Decimal("61"),
            baseline_year=2023,
            target_value=Decimal("85"),
            target_year=2028,
        ),
        expected_version=None,
    )
    rec = services.recommendation_save(
        recommendation=Recommendation(
            municipality=m,
            field=world.field,
            number="SP-E1",
            title="Sprachkurse mit Kinderbetreuung",
        ),
        expected_version=None,
    )
    return {"sg": sg, "goal": goal, "rec": rec}


def measure(world: Any, number: str = "SP-1", **fields: Any) -> Measure:
    parts = fields.pop("_concept", None)
    values: dict[str, Any] = {"title": f"Maßnahme {number}", "lead_unit": world.org_unit} | fields
    m2m: dict[str, Any] = {"fields": [world.field]}
    if parts:
        m2m |= {"goals": [parts["goal"]], "recommendations": [parts["rec"]]}
    return services.measure_save(
        measure=Measure(municipality=world.municipality, number=number, **values),
        expected_version=None,
        m2m=m2m,
    )
