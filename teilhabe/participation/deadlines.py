"""Participation's deadlines: the end of a survey; registered in ``wiring.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.deadlines import Deadline
from teilhabe.core.models import Municipality
from teilhabe.participation import selectors


def survey_end_deadlines(
    municipality: Municipality, today: date, until: date
) -> Iterator[Deadline]:
    # A closed survey is done: its end leaves the list instead of turning overdue.
    for survey in selectors.surveys_closing(municipality=municipality, until=until):
        if survey.closes_at is None:  # excluded by the query; for the type checker
            continue
        yield Deadline(
            kind="survey_end",
            key=f"survey-{survey.pk}",
            day=timezone.localdate(survey.closes_at),
            title=survey.title,
            action=_("The survey closes: remind the people you asked, then evaluate the answers"),
            url=reverse("participation:survey_detail", args=[municipality.ars, survey.pk]),
        )
