"""Templates for a new process plan, taken from the council papers.

Speyer (Sozialausschuss 26.11.2024) plans 24 months in six building blocks; its slide leaves
the evaluation without months. Bergisch Gladbach (Mitteilungsvorlage 0183/2019) updates its
concept in four phases; the paper gives no months, so the months here are a suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from teilhabe.planning.models import PlanTemplate


@dataclass(frozen=True)
class PhaseTemplate:
    name: str
    start: int | None
    end: int | None
    steps: str = ""


@dataclass(frozen=True)
class MilestoneTemplate:
    title: str
    month: int
    phase: str


@dataclass(frozen=True)
class Template:
    description: str
    phases: list[PhaseTemplate]
    milestones: list[MilestoneTemplate] = field(default_factory=list)


SPEYER = Template(
    description=(
        "Zeitplan über 24 Monate in sechs Bausteinen nach dem Vorbild der Stadt Speyer "
        "(Sozialausschuss 26.11.2024)."
    ),
    phases=[
        PhaseTemplate(
            "Einarbeitung/Vernetzung",
            1,
            2,
            "Literaturrecherche\nVorbesprechungen: Stadtverwaltung intern, Schlüsselpersonen",
        ),
        PhaseTemplate(
            "Vorbereitung/Bestandserhebung",
            3,
            8,
            "Datenauswertungen (Bevölkerungsdaten)\n"
            "Bestandserhebung: In welchen Handlungsfeldern sind welche Akteure tätig? Welche "
            "Angebote / Möglichkeiten der Teilhabe bestehen bereits? In welchem Umfang werden "
            "sie bereits genutzt?",
        ),
        PhaseTemplate("Bedarfsermittlung", 8, 16),
        PhaseTemplate("Maßnahmenplanung", 15, 20),
        PhaseTemplate("Maßnahmenumsetzung", 20, 24),
        PhaseTemplate("Evaluation", None, None),
    ],
)

UPDATE = Template(
    description=(
        "Fortschreibung eines bestehenden Integrationskonzepts in vier aufeinander "
        "abgestimmten Phasen nach dem Vorbild der Stadt Bergisch Gladbach "
        "(Mitteilungsvorlage 0183/2019). Die Monate sind ein Vorschlag."
    ),
    phases=[
        PhaseTemplate(
            "Auswertungs- und Positionierungsphase",
            1,
            4,
            "Wertung der Erfahrungen und Ergebnisse aus der Umsetzung des vorherigen "
            "Integrationskonzepts\nDatenbasierte aktuelle Informationsgewinnung\n"
            "Wertung zusätzlich hinzugekommener Aspekte\n"
            "Festlegung von zukünftigen Handlungsschwerpunkten\n"
            "Abstimmung und Erstellung einer Gliederung",
        ),
        PhaseTemplate(
            "Beteiligungs- und Aktivierungsphase",
            5,
            10,
            "Marktstände und Online-Befragung\nDurchführung der Integrationskonferenz\n"
            "Arbeitsgruppenphase\nZusammenstellung der Ergebnisse",
        ),
        PhaseTemplate("Redaktionelle Endbearbeitung", 11, 13),
        PhaseTemplate(
            "Vorstellung in den politischen Gremien und Verabschiedung",
            14,
            16,
            "Vorstellung in den politischen Gremien\nVerabschiedung durch den Rat",
        ),
    ],
    milestones=[
        MilestoneTemplate("Gliederung abgestimmt", 4, "Auswertungs- und Positionierungsphase"),
        MilestoneTemplate("Integrationskonferenz", 7, "Beteiligungs- und Aktivierungsphase"),
        MilestoneTemplate(
            "Entwurf den Gremien vorgestellt",
            14,
            "Vorstellung in den politischen Gremien und Verabschiedung",
        ),
        MilestoneTemplate(
            "Verabschiedung durch den Rat",
            16,
            "Vorstellung in den politischen Gremien und Verabschiedung",
        ),
    ],
)

EMPTY = Template(description="", phases=[])

TEMPLATES: dict[str, Template] = {
    PlanTemplate.SPEYER: SPEYER,
    PlanTemplate.UPDATE: UPDATE,
    PlanTemplate.EMPTY: EMPTY,
}
