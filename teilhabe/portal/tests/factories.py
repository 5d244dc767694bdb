"""A municipality with published items and, beside them, drafts that must never reach the
portal, the API or the open data. Every draft carries ``MARKER`` in its text."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

MARKER = "GEHEIMER-ENTWURF-7Q"


def public_world(world: Any) -> None:
    from teilhabe.concept.models import (
        Goal,
        Guideline,
        Measure,
        PoliticalState,
        Recommendation,
        StrategicGoal,
        Vision,
    )
    from teilhabe.council.models import Paper, PaperStatus, PaperType
    from teilhabe.inventory.models import Actor, Offer, OfferLocation
    from teilhabe.participation.models import Answer, Contribution, Question, Response, Survey
    from teilhabe.portal.models import Feedback, PortalText
    from teilhabe.statistics.models import Dataset, Indicator, IndicatorValue, Level

    m = world.municipality
    now = timezone.now()
    square = [[6.95, 50.93], [6.96, 50.93], [6.96, 50.94], [6.95, 50.94], [6.95, 50.93]]
    world.area.geometry = {"type": "Polygon", "coordinates": [square]}
    world.area.save()
    admin = world.users["admin"]
    pub = {"published_at": now, "published_by": admin}

    Vision.objects.update_or_create(municipality=m, defaults={"text": "Köln hält zusammen.", **pub})
    Guideline.objects.create(municipality=m, title="Teilhabe für alle", **pub)
    Guideline.objects.create(municipality=m, title=f"Leitlinie {MARKER}")
    sg = StrategicGoal.objects.create(
        municipality=m, field=world.field, title="Deutsch lernen", **pub
    )
    StrategicGoal.objects.create(municipality=m, field=world.field, title=f"Leitziel {MARKER}")
    goal = Goal.objects.create(municipality=m, strategic_goal=sg, title="Mehr Sprachkurse", **pub)
    Goal.objects.create(municipality=m, strategic_goal=sg, title=f"Ziel {MARKER}")
    rec = Recommendation.objects.create(
        municipality=m, field=world.field, number="PORTAL-E1", title="Kurse ausbauen", **pub
    )
    Recommendation.objects.create(
        municipality=m, field=world.field, number="PORTAL-E2", title=f"Empfehlung {MARKER}"
    )
    measure = Measure.objects.create(
        municipality=m,
        number="PORTAL-1",
        title="Sprachcafé",
        description="Treffpunkt zum Deutschsprechen.",
        political_state=PoliticalState.ADOPTED,
        decided_on=date(2025, 3, 1),
        traffic_light="green",
        **pub,
    )
    measure.fields.add(world.field)
    measure.goals.add(goal)
    measure.recommendations.add(rec)
    draft = Measure.objects.create(
        municipality=m, number="PORTAL-2", title=f"Maßnahme {MARKER}", description=MARKER
    )
    draft.fields.add(world.field)
    draft.recommendations.add(rec)
    # Contributions: one reviewed, one not (both taken up by the published recommendation).
    reviewed = Contribution.objects.create(
        municipality=m,
        text="Mehr Abendkurse für Berufstätige",
        channel="event",
        field_of_action=world.field,
        approved_for_publication=True,
    )
    unreviewed = Contribution.objects.create(
        municipality=m, text=f"Beitrag {MARKER} mit Namen", channel="survey"
    )
    rec.contributions.add(reviewed, unreviewed)
    # Offers: a published one of a published actor; an unpublished one; one of a draft actor.
    actor = Actor.objects.create(municipality=m, name="Caritas", kind="wohlfahrtsverband", **pub)
    hidden_actor = Actor.objects.create(municipality=m, name=f"Träger {MARKER}", kind="verein")
    offer = Offer.objects.create(
        municipality=m,
        actor=actor,
        title="Sprachkurs A1",
        form="kurs",
        languages=["de", "ar"],
        target_groups=["frauen"],
        **pub,
    )
    offer.fields_of_action.add(world.field)
    OfferLocation.objects.create(offer=offer, area=world.area, venue="Bürgerzentrum")
    Offer.objects.create(municipality=m, actor=actor, title=f"Angebot {MARKER}", form="kurs")
    Offer.objects.create(
        municipality=m, actor=hidden_actor, title=f"Kurs {MARKER}", form="kurs", **pub
    )
    measure.offers.add(offer)
    # Indicators: a published one with values (one small count suppressed), an unpublished one.
    dataset = Dataset(
        municipality=m,
        title="Bevölkerung",
        source="Stadt Köln",
        table_code="b1",
        format="koeln",
        file_name="b.csv",
        sha256="1" * 64,
        licence="dl-de/by-2-0",
        period_start=date(2023, 12, 31),
        period_end=date(2024, 12, 31),
    )
    dataset.file.save("b.csv", ContentFile(b"x"), save=False)
    dataset.save()
    indicator = Indicator.objects.create(
        municipality=m,
        code="einwohner-test",
        name="Einwohner",
        definition="Einwohnerzahl",
        kind="count",
        unit="Personen",
        field_of_action=world.field,
        **pub,
    )
    for year, value in ((2023, 1000.0), (2024, 1100.0)):
        IndicatorValue.objects.create(
            indicator=indicator,
            dataset=dataset,
            level=Level.MUNICIPALITY,
            region_key=m.ars,
            region_name=m.name,
            period=date(year, 12, 31),
            value=value,
        )
    top = world.area.parent
    for area, value in ((world.area, 2.0), (top, 1098.0)):
        IndicatorValue.objects.create(
            indicator=indicator,
            dataset=dataset,
            level=Level.AREA,
            area=area,
            region_key=area.key,
            region_name=area.name,
            period=date(2024, 12, 31),
            value=value,
        )
    secret = Indicator.objects.create(
        municipality=m, code="geheim", name=f"Kennzahl {MARKER}", definition=MARKER, kind="count"
    )
    IndicatorValue.objects.create(
        indicator=secret,
        dataset=dataset,
        level=Level.MUNICIPALITY,
        region_key=m.ars,
        period=date(2024, 12, 31),
        value=4242.0,
    )
    # Surveys: an open public one without published results and a marker in a free answer.
    survey = Survey.objects.create(
        municipality=m,
        title="Befragung Zusammenleben",
        opens_at=now - timedelta(days=1),
        texts={"de": {"privacy": "Hinweis"}},
    )
    question = Question.objects.create(
        survey=survey, position=1, kind="long_text", text={"de": "Was fehlt?"}
    )
    response = Response.objects.create(
        survey=survey, submitted_on=now.date(), language="de", idempotency_key=uuid.uuid4()
    )
    Answer.objects.create(response=response, question=question, text=f"Antwort {MARKER}")
    # Council papers: a public one in the RIS, a draft, a non-public one.
    paper_type, _created = PaperType.objects.get_or_create(municipality=m, name="Beschlussvorlage")
    paper = Paper.objects.create(
        municipality=m,
        paper_type=paper_type,
        subject="Integrationskonzept 2026",
        status=PaperStatus.SUBMITTED,
        reference="2026/0815",
    )
    Paper.objects.create(municipality=m, paper_type=paper_type, subject=f"Vorlage {MARKER}")
    Paper.objects.create(
        municipality=m,
        paper_type=paper_type,
        subject=f"Nichtöffentlich {MARKER}",
        status=PaperStatus.SUBMITTED,
        reference="2026/0816",
        is_public=False,
    )
    text = PortalText.objects.create(
        municipality=m, key="welcome", language="de", title="Willkommen", body="Hallo Köln"
    )
    feedback = Feedback.objects.create(municipality=m, message=f"Rückmeldung {MARKER}")
    world.extra.update(
        {
            "portal_measure": measure,
            "portal_draft_measure": draft,
            "portal_offer": offer,
            "portal_indicator": indicator,
            "portal_secret_indicator": secret,
            "portal_paper": paper,
            "portal_text": text,
            "portal_feedback": feedback,
            "portal_survey": survey,
        }
    )
