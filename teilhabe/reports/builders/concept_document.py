"""The concept document, in Bergisch Gladbach's outline."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from teilhabe.concept import selectors as concept_selectors
from teilhabe.reports.builders.common import DocumentBuilder
from teilhabe.reports.builders.sections import (
    document_series,
    indicator_sections,
    inventory_section,
    measure_states,
    needs_section,
    participation_section,
    planned_offers,
)
from teilhabe.reports.models import Report


def build_concept(report: Report) -> dict[str, Any]:
    """Bergisch Gladbach's outline: 1 premise and goals, 2 process, 3 data basis, 4 fields
    of action and guiding goals, 5 measures and planned offers."""
    municipality = report.municipality
    doc = DocumentBuilder(report=report, title=report.title, subtitle=_("Integration concept"))
    c1 = doc.chapter(_("Premise and general goals"))
    for title, text in (
        (_("Meaning of the concept for the municipality"), report.premise),
        (_("Involving partners"), report.partners),
        (_("Intercultural opening"), report.opening),
        (_("Planning and implementation"), report.implementation),
    ):
        c1.section(title)
        c1.text(text, empty=_("(Text to be written.)"))
    c2 = doc.chapter(_("How the concept came about"))
    c2.text(report.process_intro)
    doc.facts["participation"] = participation_section(c2, municipality=municipality)
    c3 = doc.chapter(_("Data basis"))
    c3.text(report.data_intro)
    doc.facts["indicators"] = indicator_sections(
        c3, all_series=document_series(municipality=municipality)
    )
    if not doc.facts["indicators"]:
        c3.text(_("The data basis holds no indicator values yet."))
    c4 = doc.chapter(_("Fields of action and guiding goals"))
    tree = concept_selectors.concept_tree(municipality=municipality, with_measures=False)
    if tree.vision is not None:
        c4.section(_("Vision"))
        c4.text(tree.vision.text)
    if tree.guidelines:
        c4.section(_("Guidelines"))
        for guideline in tree.guidelines:
            c4.bullets([f"{guideline.title}" + (f": {guideline.text}" if guideline.text else "")])
    for node in tree.fields:
        c4.section(node.field.name)
        c4.text(node.field.description)
        for sg in node.strategic_goals:
            c4.section(f"{municipality.strategic_goal_label}: {sg.strategic_goal.title}", level=4)
            c4.text(sg.strategic_goal.text)
            goals = []
            for g in sg.goals:
                goal = g.goal
                line = goal.title
                if goal.indicator_text:
                    line += f" ({goal.indicator_text}"
                    if goal.target_value is not None:
                        line += f"; {_('target')} {goal.target_value:g} {goal.unit}".rstrip()
                        if goal.target_year:
                            line += f" {_('by')} {goal.target_year}"
                    line += ")"
                goals.append(line)
            c4.bullets(goals)
    c5 = doc.chapter(_("Measures and planned offers"))
    c5.section(_("Measures"))
    doc.facts["measures"] = measure_states(c5, municipality=municipality)
    c5.section(_("Needs without an answer yet"))
    needs_section(c5, municipality=municipality)
    c5.section(_("Planned offers"))
    doc.facts["inventory"] = inventory_section(c5, municipality=municipality)
    planned_offers(c5, municipality=municipality)
    return doc.as_dict(period_start=None, period_end=None)
