from datetime import date

from teilhabe.planning import selectors
from teilhabe.planning.demo import demo_planning
from teilhabe.planning.models import Grant, Mandate, ProcessPlan, ProofOfUse, StaffPost


def test_demo_is_idempotent_and_shows_the_speyer_figures(world):
    demo_planning(world.municipality)
    demo_planning(world.municipality)
    assert Mandate.objects.filter(municipality=world.municipality).count() == 3
    plan = ProcessPlan.objects.get(municipality=world.municipality)
    assert plan.start_date == date(2025, 1, 1)
    assert Grant.objects.filter(municipality=world.municipality).count() == 2
    assert ProofOfUse.objects.filter(grant__municipality=world.municipality).count() == 6
    own = next(c for c in selectors.resource_comparison(plan=plan).options if c.option.is_chosen)
    assert own.by_kind["staff"] == 160000
    assert StaffPost.objects.get(title="Koordination Integrationskonzept").grant is not None
