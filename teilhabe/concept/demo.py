"""The demo concept of Stadt Köln: vision, guidelines, strategic goals and goals in eight fields
of action, recommendations of the working groups, 40 measures in all states (the implementation
part adds their status updates and milestones), two drafts with change proposals, and the
previous concept of 2012 that the current one updates. Idempotent: once the vision exists,
nothing is added."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from teilhabe.concept import services
from teilhabe.concept.models import (
    CarryOver,
    ConceptCycle,
    Goal,
    Guideline,
    Measure,
    PoliticalState,
    PreviousMeasure,
    ProposalDecision,
    Recommendation,
    StrategicGoal,
    Vision,
)
from teilhabe.core.models import Area, FieldOfAction, Municipality, OrgUnit, User
from teilhabe.needs.demo import TARGET_GROUPS
from teilhabe.needs.models import TargetGroup

VISION = (
    "Köln ist eine Stadt, in der alle Menschen, die hier dauerhaft und rechtmäßig leben, "
    "gleichberechtigt am gesellschaftlichen, wirtschaftlichen, kulturellen und politischen Leben "
    "teilhaben. Vielfalt verstehen wir als Stärke und gesellschaftlichen Mehrwert, nicht als Defizit. "
    "Integration ist ein langfristiger Prozess und eine Querschnittsaufgabe der gesamten "
    "Stadtgesellschaft: Verwaltung, Politik, Wohlfahrtsverbände, Migrantenorganisationen, Wirtschaft "
    "und Ehrenamt tragen gemeinsam Verantwortung dafür, strukturelle Teilhabebarrieren abzubauen."
)

GUIDELINES = [
    (
        "Teilhabe statt Einzelfallhilfe",
        "Das Konzept entwickelt Strategien und Maßnahmen zum Abbau struktureller Teilhabebarrieren; Einzelfalllösungen sind nicht sein Gegenstand.",
    ),
    (
        "Integration als Querschnittsaufgabe",
        "Alle Dezernate und Ämter prüfen ihre Angebote auf Zugänglichkeit für Menschen mit Migrationsgeschichte.",
    ),
    (
        "Beteiligung der Betroffenen",
        "Migrantinnen und Migranten, der Integrationsrat und die Migrantenorganisationen wirken an Planung, Umsetzung und Bewertung mit.",
    ),
    (
        "Chancen statt Defizite",
        "Zuwanderung wird nicht defizitorientiert betrachtet; Mehrsprachigkeit und internationale Erfahrungen sind Ressourcen.",
    ),
    (
        "Datenbasiert und überprüfbar",
        "Ziele werden mit Kennzahlen, Ausgangswerten und Zielwerten hinterlegt und alle drei Jahre im Integrationsbericht überprüft.",
    ),
    (
        "Stadtteilorientierung",
        "Angebote werden dort gestärkt, wo Menschen leben – in den Stadtbezirken und Sozialräumen.",
    ),
]


# field → (prefix, [(strategic goal, [(goal, indicator, unit, baseline, baseline year, target,
# target year)])], [(recommendation, addressees)], [(measure title, description, lead,
# partners, target groups, areas or None for municipality-wide, recommendation index)])
CONTENT: dict[str, tuple] = {
    "Sprache": (
        "SP",
        [
            (
                "Alle Kölnerinnen und Kölner können sich im Alltag auf Deutsch verständigen",
                [
                    (
                        "Mehr Neuzugewanderte schließen einen Integrationskurs erfolgreich ab",
                        "Anteil der Teilnehmenden mit Abschluss B1 im Deutsch-Test für Zuwanderer",
                        "%",
                        "54",
                        2024,
                        "65",
                        2029,
                    ),
                    (
                        "Sprachkurse sind auch für Eltern mit kleinen Kindern erreichbar",
                        "Sprachkursplätze mit Kinderbetreuung",
                        "Plätze",
                        "120",
                        2024,
                        "300",
                        2028,
                    ),
                ],
            ),
        ],
        [
            (
                "Sprachkurse mit Kinderbetreuung flächendeckend anbieten",
                "Volkshochschule, Kursträger, BAMF-Regionalstelle",
            ),
            ("Mehrsprachigkeit in der Verwaltung sichtbar nutzen", "Stadtverwaltung"),
        ],
        [
            (
                "Sprachcafés in den Stadtteilbibliotheken",
                "Offene Gesprächsrunden mit ehrenamtlichen Sprachpatinnen und -paten, wöchentlich in zehn Stadtteilbibliotheken.",
                "Amt 15",
                "Stadtbibliothek Köln, Freiwilligenagentur",
                ["Neuzugewanderte", "Ehrenamtliche"],
                None,
                0,
            ),
            (
                "Integrationskurse mit Kinderbetreuung",
                "Gemeinsam mit den Kursträgern werden Kurse mit paralleler Kinderbetreuung geplant; die Stadt trägt die Betreuungskosten.",
                "Amt 51",
                "Volkshochschule Köln, Kursträger",
                ["Eltern", "Frauen"],
                None,
                0,
            ),
            (
                "Sprachmittlerpool für Ämter und Schulen",
                "Ein Pool geschulter Sprach- und Kulturmittlerinnen für Elterngespräche, Beratung und Behördengänge in 25 Sprachen.",
                "Amt 15",
                "Caritas, Diakonie, Integrationsrat",
                ["Neuzugewanderte", "Geflüchtete"],
                None,
                1,
            ),
            (
                "Mehrsprachige Bürgerinformation",
                "Die wichtigsten Verwaltungsinformationen erscheinen in Leichter Sprache und in den häufigsten Herkunftssprachen.",
                "Amt 11",
                "Presseamt",
                ["Neuzugewanderte"],
                None,
                1,
            ),
            (
                "Berufsbezogene Sprachförderung in der Pflege",
                "Sprachkurse auf B2-Niveau für Pflegehilfskräfte mit Praxisbegleitung in städtischen Seniorenzentren.",
                "Amt 50",
                "Jobcenter Köln, Pflegeschulen",
                ["Ausländische Fachkräfte"],
                None,
                None,
            ),
        ],
    ),
    "Bildung": (
        "BI",
        [
            (
                "Bildungserfolg hängt nicht von der Herkunft ab",
                [
                    (
                        "Kinder mit Sprachförderbedarf erhalten vor der Einschulung Förderung",
                        "Anteil der Kinder mit Förderbedarf in alltagsintegrierter Sprachbildung",
                        "%",
                        "61",
                        2023,
                        "85",
                        2028,
                    ),
                    (
                        "Weniger Jugendliche verlassen die Schule ohne Abschluss",
                        "Schulabgänge ohne Abschluss, nichtdeutsche Staatsangehörigkeit",
                        "%",
                        "14,2",
                        2023,
                        "9",
                        2029,
                    ),
                ],
            ),
            (
                "Eltern sind Partner der Bildungseinrichtungen",
                [
                    (
                        "Eltern mit Migrationsgeschichte nehmen an Elternabenden teil",
                        "Teilnahmequote an Elternabenden in Schulen mit Elternbegleitprogramm",
                        "%",
                        "38",
                        2024,
                        "60",
                        2028,
                    ),
                ],
            ),
        ],
        [
            (
                "Seiteneinsteigerklassen mit Übergangsbegleitung ausstatten",
                "Schulamt für die Stadt Köln, Bezirksregierung",
            ),
            (
                "Elternbegleiterinnen in Kitas und Grundschulen einsetzen",
                "Kita-Träger, Grundschulen",
            ),
        ],
        [
            (
                "Übergangsbegleitung für Seiteneinsteigerinnen und Seiteneinsteiger",
                "Schulsozialarbeit begleitet Jugendliche aus Seiteneinsteigerklassen beim Übergang in Regelklassen und Ausbildung.",
                "Amt 40",
                "Schulamt, Kommunales Integrationszentrum",
                ["Kinder und Jugendliche", "Neuzugewanderte"],
                ["Chorweiler", "Kalk"],
                0,
            ),
            (
                "Elternbegleiterinnen in Kitas",
                "Geschulte Elternbegleiterinnen aus den Communities bauen Brücken zwischen Familien und Kitas.",
                "Amt 51",
                "Kita-Träger, Migrantenorganisationen",
                ["Eltern"],
                ["Mülheim", "Porz"],
                1,
            ),
            (
                "Alltagsintegrierte Sprachbildung in allen städtischen Kitas",
                "Fortbildung aller pädagogischen Fachkräfte nach dem Landeskonzept; Sprachbeobachtung im zweiten Kita-Jahr.",
                "Amt 51",
                "Fachberatung Kita",
                ["Kinder und Jugendliche"],
                None,
                None,
            ),
            (
                "Hausaufgabenhilfe in Unterkünften für Geflüchtete",
                "Ehrenamtlich getragene Lernhilfe mit Koordination durch das Jugendamt.",
                "Amt 51",
                "Willkommensinitiativen",
                ["Kinder und Jugendliche", "Geflüchtete", "Ehrenamtliche"],
                None,
                None,
            ),
            (
                "Herkunftssprachlicher Unterricht an weiterführenden Schulen",
                "Ausbau des Unterrichts in Türkisch, Arabisch, Russisch und Ukrainisch als zweite Fremdsprache.",
                "Amt 40",
                "Schulamt",
                ["Kinder und Jugendliche"],
                None,
                None,
            ),
        ],
    ),
    "Arbeit und Qualifizierung": (
        "AQ",
        [
            (
                "Menschen mit Migrationsgeschichte finden Arbeit, die ihrer Qualifikation entspricht",
                [
                    (
                        "Ausländische Berufsabschlüsse werden schneller anerkannt",
                        "Durchschnittliche Dauer bis zum Anerkennungsbescheid",
                        "Monate",
                        "7,5",
                        2024,
                        "4",
                        2028,
                    ),
                    (
                        "Mehr Geflüchtete sind sozialversicherungspflichtig beschäftigt",
                        "Beschäftigungsquote Geflüchteter (Asylherkunftsländer)",
                        "%",
                        "41",
                        2024,
                        "50",
                        2029,
                    ),
                ],
            ),
        ],
        [
            (
                "Anerkennungsberatung und Qualifizierung aus einer Hand",
                "Jobcenter Köln, Agentur für Arbeit, IHK, Handwerkskammer",
            ),
            ("Die Stadt als Arbeitgeberin öffnet sich", "Stadtverwaltung"),
        ],
        [
            (
                "Lotsenstelle Anerkennung",
                "Eine Anlaufstelle berät zu Anerkennung, Anpassungsqualifizierung und Finanzierung und vermittelt an die zuständigen Stellen.",
                "Amt 50",
                "IHK Köln, Handwerkskammer, IQ-Netzwerk",
                ["Ausländische Fachkräfte"],
                None,
                0,
            ),
            (
                "Ausbildungspatenschaften für junge Geflüchtete",
                "Ehrenamtliche Patinnen und Paten begleiten durch die Ausbildung; Koordination durch einen freien Träger.",
                "Amt 50",
                "Jobcenter Köln, Handwerkskammer",
                ["Geflüchtete", "Kinder und Jugendliche", "Ehrenamtliche"],
                None,
                0,
            ),
            (
                "Interkulturelle Öffnung der Stadtverwaltung",
                "Mehr Auszubildende mit Migrationsgeschichte, anonymisierte Bewerbungsverfahren in Pilotämtern, Fortbildung der Personalauswahl.",
                "Amt 11",
                "Gleichstellungsamt, Personalrat",
                ["Kinder und Jugendliche"],
                None,
                1,
            ),
            (
                "Jobmessen in den Stadtbezirken",
                "Zweimal im Jahr Jobmessen mit Betrieben aus dem Stadtbezirk, Dolmetschende vor Ort.",
                "Amt 50",
                "Agentur für Arbeit, Wirtschaftsförderung",
                ["Neuzugewanderte", "Geflüchtete"],
                ["Kalk", "Chorweiler"],
                None,
            ),
            (
                "Gründungsberatung für Migrantinnen",
                "Mehrsprachige Beratung zur Existenzgründung mit Mikrokrediten.",
                "Amt 15",
                "Wirtschaftsförderung, KfW",
                ["Frauen"],
                None,
                None,
            ),
        ],
    ),
    "Gesundheit": (
        "GE",
        [
            (
                "Gesundheitsangebote erreichen alle Menschen gleichermaßen",
                [
                    (
                        "Mehr Familien nehmen die Früherkennungsuntersuchungen wahr",
                        "Teilnahme an der U7 bei Kindern mit nichtdeutscher Familiensprache",
                        "%",
                        "82",
                        2023,
                        "92",
                        2028,
                    ),
                ],
            ),
        ],
        [
            ("Gesundheitslotsinnen aus den Communities ausbilden", "Gesundheitsamt, Krankenkassen"),
        ],
        [
            (
                "Gesundheitslotsinnen und -lotsen (MiMi)",
                "Mehrsprachige Informationsveranstaltungen zu Vorsorge, Impfen und psychischer Gesundheit durch geschulte Lotsinnen.",
                "Amt 53",
                "Ethno-Medizinisches Zentrum, Krankenkassen",
                ["Neuzugewanderte", "Frauen"],
                None,
                0,
            ),
            (
                "Psychosoziale Erstberatung für Geflüchtete",
                "Niedrigschwellige Erstberatung und Vermittlung in Therapie, mit Sprachmittlung.",
                "Amt 53",
                "Psychosoziales Zentrum, Caritas",
                ["Geflüchtete"],
                None,
                0,
            ),
            (
                "Kultursensible Altenhilfe",
                "Fortbildung der Pflegedienste und Beratung älterer Menschen mit Migrationsgeschichte zu Pflegeleistungen.",
                "Amt 50",
                "Seniorennetzwerke, Pflegedienste",
                ["Ältere Menschen mit Migrationsgeschichte"],
                None,
                None,
            ),
            (
                "Impfsprechstunden in Unterkünften",
                "Mobile Sprechstunden des Gesundheitsamtes in Gemeinschaftsunterkünften.",
                "Amt 53",
                "",
                ["Geflüchtete"],
                None,
                None,
            ),
        ],
    ),
    "Wohnen": (
        "WO",
        [
            (
                "Geflüchtete und Neuzugewanderte leben in eigenen Wohnungen",
                [
                    (
                        "Weniger Menschen leben dauerhaft in Gemeinschaftsunterkünften",
                        "Personen mit mehr als 24 Monaten Aufenthalt in Gemeinschaftsunterkünften",
                        "Personen",
                        "2.850",
                        2024,
                        "1.500",
                        2028,
                    ),
                ],
            ),
            (
                "Gute Nachbarschaft in allen Stadtteilen",
                [
                    (
                        "Nachbarschaftsprojekte in Quartieren mit hohem Zuzug",
                        "Quartiere mit aktivem Nachbarschaftsprojekt",
                        "Quartiere",
                        "6",
                        2024,
                        "12",
                        2028,
                    ),
                ],
            ),
        ],
        [
            (
                "Auszugsmanagement aus Gemeinschaftsunterkünften stärken",
                "Wohnungsunternehmen, Wohlfahrtsverbände",
            ),
            (
                "Diskriminierung auf dem Wohnungsmarkt entgegenwirken",
                "Wohnungswirtschaft, Antidiskriminierungsbüro",
            ),
        ],
        [
            (
                "Auszugsmanagement und Wohnungslotsen",
                "Wohnungslotsen vermitteln zwischen Vermietenden und Geflüchteten und begleiten das erste Mietjahr.",
                "Amt 56",
                "GAG Immobilien, Wohlfahrtsverbände",
                ["Geflüchtete"],
                None,
                0,
            ),
            (
                "Mietführerschein",
                "Kurs zu Rechten und Pflichten im Mietverhältnis, mehrsprachig.",
                "Amt 56",
                "Mieterverein Köln",
                ["Neuzugewanderte", "Geflüchtete"],
                None,
                0,
            ),
            (
                "Testing gegen Diskriminierung bei der Wohnungsvergabe",
                "Paired-Testing-Studie und Beratung der Wohnungswirtschaft zu diskriminierungsfreier Vergabe.",
                "Amt 15",
                "Antidiskriminierungsbüro",
                ["Neuzugewanderte"],
                None,
                1,
            ),
            (
                "Quartiersmanagement Chorweiler-Nord",
                "Nachbarschaftsfeste, Hausgemeinschaftsarbeit und ein Quartiersbüro.",
                "Amt 56",
                "Sozialraumkoordination",
                ["Ehrenamtliche"],
                ["Chorweiler"],
                None,
            ),
            (
                "Belegungsbindung für Geflüchtete bei Neubauprojekten",
                "Quote für Haushalte aus Unterkünften bei städtisch geförderten Neubauten.",
                "Amt 56",
                "Stadtplanungsamt",
                ["Geflüchtete"],
                None,
                None,
            ),
        ],
    ),
    "Freizeit und Sport": (
        "FS",
        [
            (
                "Vereine und Freizeitangebote stehen allen offen",
                [
                    (
                        "Mehr Kinder mit Migrationsgeschichte sind Mitglied in einem Sportverein",
                        "Anteil der Mitglieder unter 18 Jahren mit Migrationsgeschichte in geförderten Vereinen",
                        "%",
                        "22",
                        2024,
                        "30",
                        2028,
                    ),
                ],
            ),
        ],
        [
            (
                "Sportvereine bei der interkulturellen Öffnung unterstützen",
                "Stadtsportbund, Vereine",
            ),
        ],
        [
            (
                "Integration durch Sport – Vereinsfonds",
                "Zuschüsse für Mitgliedsbeiträge und Vereinsprojekte, die Kinder aus Unterkünften aufnehmen.",
                "Amt 51",
                "Stadtsportbund Köln",
                ["Kinder und Jugendliche", "Geflüchtete"],
                None,
                0,
            ),
            (
                "Schwimmkurse für Mädchen und Frauen",
                "Kurse mit weiblichem Personal zu geschützten Zeiten in drei Bädern.",
                "Amt 51",
                "KölnBäder, Sportvereine",
                ["Frauen"],
                ["Ehrenfeld", "Mülheim", "Porz"],
                0,
            ),
            (
                "Ferienfreizeiten für alle",
                "Sozialstaffel und mehrsprachige Information zu städtischen Ferienangeboten.",
                "Amt 51",
                "Jugendzentren",
                ["Kinder und Jugendliche"],
                None,
                None,
            ),
            (
                "Interkulturelle Übungsleiterausbildung",
                "Ausbildung von Übungsleitungen aus Migrantenorganisationen.",
                "Amt 51",
                "Stadtsportbund, Migrantenorganisationen",
                ["Migrantenorganisationen", "Ehrenamtliche"],
                None,
                None,
            ),
        ],
    ),
    "Kultur": (
        "KU",
        [
            (
                "Die kulturelle Vielfalt der Stadt ist sichtbar",
                [
                    (
                        "Mehr geförderte Kulturprojekte von Migrantenorganisationen",
                        "Geförderte Projekte von Migrantenorganisationen pro Jahr",
                        "Projekte",
                        "14",
                        2024,
                        "25",
                        2028,
                    ),
                ],
            ),
        ],
        [
            ("Kulturförderung für Migrantenorganisationen öffnen", "Kulturamt, Kulturstiftungen"),
        ],
        [
            (
                "Fonds für interkulturelle Kulturprojekte",
                "Jährlicher Projektfonds mit vereinfachtem Antragsverfahren.",
                "Amt 15",
                "Kulturamt",
                ["Migrantenorganisationen"],
                None,
                0,
            ),
            (
                "Interkulturelle Woche",
                "Stadtweites Programm mit Migrantenorganisationen, Religionsgemeinschaften und Kultureinrichtungen.",
                "Amt 15",
                "Integrationsrat, Religionsgemeinschaften",
                ["Migrantenorganisationen"],
                None,
                None,
            ),
            (
                "Museumsbesuche mit Sprachmittlung",
                "Führungen in Herkunftssprachen in den städtischen Museen.",
                "Amt 15",
                "Museumsdienst Köln",
                ["Neuzugewanderte", "Ältere Menschen mit Migrationsgeschichte"],
                None,
                0,
            ),
        ],
    ),
    "Politische Partizipation": (
        "PP",
        [
            (
                "Menschen mit Migrationsgeschichte gestalten die Stadt mit",
                [
                    (
                        "Höhere Wahlbeteiligung bei der Integrationsratswahl",
                        "Wahlbeteiligung Integrationsratswahl",
                        "%",
                        "11,8",
                        2020,
                        "18",
                        2025,
                    ),
                    (
                        "Migrantenorganisationen sind in Gremien vertreten",
                        "Sitze von Migrantenorganisationen in beratenden Gremien",
                        "Sitze",
                        "9",
                        2024,
                        "15",
                        2028,
                    ),
                ],
            ),
        ],
        [
            ("Integrationsrat stärken und bekannter machen", "Integrationsrat, Rat der Stadt"),
            (
                "Migrantenorganisationen professionalisieren",
                "Migrantenorganisationen, Kommunales Integrationszentrum",
            ),
        ],
        [
            (
                "Mobilisierungskampagne zur Integrationsratswahl",
                "Mehrsprachige Kampagne mit Infoständen auf Wochenmärkten und in Moscheegemeinden.",
                "Amt 15",
                "Integrationsrat, Wahlamt",
                ["Neuzugewanderte"],
                None,
                0,
            ),
            (
                "Qualifizierung für Migrantenorganisationen",
                "Fortbildungsreihe zu Vereinsrecht, Fördermitteln und Projektmanagement.",
                "Amt 15",
                "Kommunales Integrationszentrum",
                ["Migrantenorganisationen"],
                None,
                1,
            ),
            (
                "Einbürgerungskampagne",
                "Informationsabende und eine Einbürgerungsfeier im Rathaus; kürzere Bearbeitungszeiten.",
                "Amt 11",
                "Ausländerbehörde",
                ["Neuzugewanderte"],
                None,
                0,
            ),
            (
                "Beteiligung in der Stadtteilplanung",
                "Dolmetschende und Kinderbetreuung bei Bürgerversammlungen in den Stadtbezirken.",
                "Amt 15",
                "Stadtplanungsamt, Bezirksämter",
                ["Eltern", "Frauen"],
                ["Kalk", "Mülheim"],
                None,
            ),
        ],
    ),
}

# Cycled over the measures so the demo shows every state (political states come from the
# adoption of draft 2 and later decisions).
FINANCIAL = [
    ("existing_funds", None, None),
    ("budgeted", 2026, "45000"),
    ("no_cost", None, None),
    ("third_party_granted", None, "82000"),
    ("registered", 2027, "60000"),
    ("open", None, "35000"),
    ("budgeted", 2026, "120000"),
    ("third_party_applied", None, "150000"),
    ("blocked", 2026, "25000"),
    ("existing_funds", None, "8000"),
]
IMPLEMENTATION = [
    ("in_progress", "green"),
    ("in_progress", "yellow"),
    ("implemented", "green"),
    ("not_started", ""),
    ("permanent", "green"),
    ("in_progress", "red"),
    ("paused", "yellow"),
    ("in_progress", "green"),
    ("stopped", "red"),
    ("not_started", ""),
]
REASONS = {
    "paused": "Die Stelle der Koordination ist seit dem Frühjahr unbesetzt; Neubesetzung im Verfahren.",
    "stopped": "Die Landesförderung wurde nicht verlängert; Nachfolgefinanzierung wird geprüft.",
}
PREVIOUS = [
    (
        "1.1",
        "Deutschkurse für Mütter in Familienzentren",
        "Sprache",
        "Amt 51",
        "umgesetzt, verstetigt",
        "continued",
        "SP-2",
    ),
    (
        "1.2",
        "Dolmetscherpool im Jugendamt",
        "Sprache",
        "Amt 51",
        "teilweise umgesetzt",
        "continued",
        "SP-3",
    ),
    (
        "2.1",
        "Hausaufgabenhilfe in Übergangsheimen",
        "Bildung",
        "Amt 51",
        "umgesetzt",
        "continued",
        "BI-4",
    ),
    ("2.2", "Elternseminare zum Schulsystem", "Bildung", "Amt 40", "umgesetzt", "completed", None),
    (
        "3.1",
        "Beratungsstelle Anerkennung ausländischer Abschlüsse",
        "Arbeit",
        "Amt 50",
        "in Landesstruktur überführt",
        "continued",
        "AQ-1",
    ),
    (
        "3.2",
        "Praktikumsbörse für Jugendliche mit Migrationshintergrund",
        "Arbeit",
        "Amt 50",
        "eingestellt",
        "dropped",
        None,
    ),
    ("4.1", "Gesundheitslotsen", "Gesundheit", "Amt 53", "umgesetzt", "continued", "GE-1"),
    (
        "5.1",
        "Wohnraumvermittlung für Flüchtlinge",
        "Wohnen",
        "Amt 56",
        "teilweise umgesetzt",
        "continued",
        "WO-1",
    ),
    ("6.1", "Interkulturelle Woche", "Kultur", "Amt 15", "jährlich", "continued", "KU-2"),
    (
        "7.1",
        "Wahlaufruf zur Integrationsratswahl 2010",
        "Politische Partizipation",
        "Amt 15",
        "abgeschlossen",
        "completed",
        None,
    ),
    (
        "7.2",
        "Runder Tisch der Religionsgemeinschaften",
        "Politische Partizipation",
        "Amt 15",
        "ruht seit 2016",
        "",
        None,
    ),
]

PREVIOUS_SECTIONS = [
    (
        1,
        "1. Präambel",
        "Die Stadt Köln versteht Integration als gesamtgesellschaftliche Aufgabe. Das Konzept bündelt die Aktivitäten der Verwaltung und ihrer Partner.",
    ),
    (
        1,
        "2. Handlungsfelder",
        "Das Konzept umfasst sieben Handlungsfelder: Sprache, Bildung, Arbeit, Gesundheit, Wohnen, Kultur und politische Partizipation.",
    ),
    (
        2,
        "2.1 Sprache",
        "Sprache ist der Schlüssel zur Teilhabe. Die Stadt unterstützt Deutschkurse für Mütter und baut einen Dolmetscherpool auf.",
    ),
    (
        2,
        "2.2 Bildung",
        "Kinder und Jugendliche mit Migrationshintergrund sollen die gleichen Bildungschancen haben.",
    ),
    (
        1,
        "3. Umsetzung und Controlling",
        "Die Umsetzung wird jährlich im Ausschuss für Soziales berichtet. Eine Fortschreibung ist nach fünf Jahren vorgesehen.",
    ),
]


def _areas(koeln: Municipality, names: list[str] | None) -> list[Area]:
    if not names:
        return []
    return [
        a for a in Area.objects.filter(municipality=koeln, parent__isnull=True) if a.name in names
    ]


@transaction.atomic
def demo_concept(koeln: Municipality) -> None:
    if Vision.objects.filter(municipality=koeln).exists():
        return
    admin = User.objects.filter(email="integration@koeln.example").first()
    steering = User.objects.filter(email="steuerung@koeln.example").first()
    services.vision_save(municipality=koeln, text=VISION, expected_version=None)
    for i, (title, text) in enumerate(GUIDELINES, start=1):
        services.guideline_save(
            guideline=Guideline(municipality=koeln, title=title, text=text, position=i),
            expected_version=None,
        )
    groups = {
        name: TargetGroup.objects.get_or_create(municipality=koeln, name=name)[0]
        for name in TARGET_GROUPS
    }
    units = {u.short_name: u for u in OrgUnit.objects.filter(municipality=koeln)}
    fields = {f.name: f for f in FieldOfAction.objects.filter(municipality=koeln)}
    measures: list[Measure] = []
    index = 0
    for field_name, (prefix, sgs, recs, measure_rows) in CONTENT.items():
        field = fields.get(field_name)
        if field is None:
            continue
        goals: list[Goal] = []
        for sg_title, goal_rows in sgs:
            sg = services.strategic_goal_save(
                strategic_goal=StrategicGoal(municipality=koeln, field=field, title=sg_title),
                expected_version=None,
            )
            for g_title, indicator, unit, base, base_year, target, target_year in goal_rows:
                goals.append(
                    services.goal_save(
                        goal=Goal(
                            municipality=koeln,
                            strategic_goal=sg,
                            title=g_title,
                            indicator_text=indicator,
                            unit=unit,
                            baseline_value=Decimal(base.replace(".", "").replace(",", ".")),
                            baseline_year=base_year,
                            target_value=Decimal(target.replace(".", "").replace(",", ".")),
                            target_year=target_year,
                        ),
                        expected_version=None,
                    )
                )
        rec_objs = []
        for n, (r_title, addressees) in enumerate(recs, start=1):
            rec_objs.append(
                services.recommendation_save(
                    recommendation=Recommendation(
                        municipality=koeln,
                        field=field,
                        number=f"{prefix}-E{n}",
                        title=r_title,
                        text=f"Die Arbeitsgruppe {field_name} empfiehlt: {r_title}.",
                        addressees=addressees,
                        drafted_by=f"Arbeitsgruppe {field_name}",
                    ),
                    expected_version=None,
                    goals=goals[:1],
                )
            )
        for n, (title, description, lead, partners, tgroups, area_names, rec_index) in enumerate(
            measure_rows, start=1
        ):
            fin_state, fin_year, amount = FINANCIAL[index % len(FINANCIAL)]
            impl_state, light = IMPLEMENTATION[index % len(IMPLEMENTATION)]
            areas = _areas(koeln, area_names)
            measure = Measure(
                municipality=koeln,
                number=f"{prefix}-{n}",
                title=title,
                description=description,
                lead_unit=units.get(lead),
                partners_text=partners,
                citywide=not areas,
                start_date=date(2025, 1 + index % 12, 1),
                end_date=date(2027 + index % 3, 12, 31),
                priority=[1, 2, 3, None][index % 4],
                origin=["working_group", "survey", "conference", "administration"][index % 4],
                financial_state=fin_state,
                budget_year=fin_year,
                budget_product="05.01.03" if amount else "",
                budget_kind="consumptive" if amount else "",
                annual_amount=Decimal(amount) if amount else None,
                followup_costs=Decimal(amount) / 2 if amount and index % 3 == 0 else None,
                staff_plan_effect="0,5 Stelle EG 9b" if amount and index % 5 == 1 else "",
                voluntary_task=bool(amount) and index % 2 == 0,
                implementation_state=impl_state,
                state_reason=REASONS.get(impl_state, ""),
                traffic_light=light,
            )
            services.measure_save(
                measure=measure,
                expected_version=None,
                m2m={
                    "fields": [field],
                    "goals": [goals[(n - 1) % len(goals)]] if goals else [],
                    "recommendations": [rec_objs[rec_index]] if rec_index is not None else [],
                    "target_groups": [groups[g] for g in tgroups],
                    "areas": areas,
                },
            )
            measures.append(measure)
            index += 1

    by_number = {m.number: m for m in measures}
    # Draft 1, change proposals and their decision by the joint meeting (Landau's procedure).
    draft1 = services.draft_freeze(
        municipality=koeln, title="Entwurf für die Steuerungsgruppe", user=admin
    )
    guideline = Guideline.objects.filter(municipality=koeln).order_by("position")[2]
    body = "Gemeinsame Sitzung der Arbeitsgruppen und der Steuerungsgruppe"
    p1 = services.proposal_submit(
        draft=draft1,
        item_key=f"guideline:{guideline.pk}",
        kind="replace",
        proposed_text=guideline.text
        + " Ihre Beteiligung wird mit Dolmetschung und Kinderbetreuung ermöglicht.",
        justification="Beteiligung scheitert oft an Sprache und fehlender Kinderbetreuung.",
        submitted_by_name="Integrationsrat",
        user=admin,
    )
    services.proposal_decide(
        proposal=p1,
        decision=ProposalDecision.ACCEPTED,
        body_name=body,
        decided_on=date(2025, 5, 20),
    )
    services.proposal_apply(proposal=p1, user=admin)
    goal = Goal.objects.filter(municipality=koeln, strategic_goal__field__name="Wohnen").first()
    if goal is not None:
        p2 = services.proposal_submit(
            draft=draft1,
            item_key=f"goal:{goal.pk}",
            kind="add",
            proposed_title="Beratung zu Wohnberechtigungsschein und Mietrecht in Unterkünften",
            proposed_text="Regelmäßige Sprechstunden der Wohnungslotsen in allen Gemeinschaftsunterkünften.",
            justification="Viele Bewohnerinnen und Bewohner kennen ihre Ansprüche nicht.",
            submitted_by_name="Fraktion im Sozialausschuss",
            user=admin,
        )
        services.proposal_decide(
            proposal=p2,
            decision=ProposalDecision.ACCEPTED_CHANGED,
            body_name=body,
            decided_on=date(2025, 5, 20),
            final_text="Monatliche Sprechstunden der Wohnungslotsen in den Gemeinschaftsunterkünften, mit Sprachmittlung.",
            note="Angenommen mit monatlichem statt wöchentlichem Rhythmus.",
        )
        services.proposal_apply(proposal=p2, user=admin)
    p3 = services.proposal_submit(
        draft=draft1,
        item_key=f"measure:{by_number['KU-3'].pk}",
        kind="delete",
        justification="Das Angebot besteht bereits beim Museumsdienst.",
        submitted_by_name="Arbeitsgruppe Kultur",
        user=admin,
    )
    services.proposal_decide(
        proposal=p3,
        decision=ProposalDecision.REJECTED,
        body_name=body,
        decided_on=date(2025, 5, 20),
        note="Die Maßnahme erweitert das bestehende Angebot um Herkunftssprachen.",
    )
    draft2 = services.draft_freeze(municipality=koeln, title="Beschlussfassung Rat", user=admin)
    services.draft_adopt(
        draft=draft2,
        decided_on=date(2025, 6, 26),
        body_name="Rat der Stadt Köln",
        paper_reference="2154/2025",
        acknowledged=False,
        user=admin,
    )
    draft3 = services.draft_freeze(
        municipality=koeln, title="Ergänzungen nach Beschluss", user=admin
    )
    services.proposal_submit(
        draft=draft3,
        item_key=f"measure:{by_number['SP-4'].pk}",
        kind="replace",
        proposed_text="Die wichtigsten Verwaltungsinformationen erscheinen in Leichter Sprache und in den zehn häufigsten Herkunftssprachen.",
        justification="Konkretisierung der Sprachen.",
        submitted_by_name="Arbeitsgruppe Sprache",
        user=admin,
    )
    # Measures proposed by the steering group after the adoption, and later decisions.
    extra = [
        ("SP-6", "Digitale Sprachlern-App der Stadtbibliothek", "Sprache", "Amt 15"),
        ("BI-6", "Schulwegbegleitung für neu zugewanderte Kinder", "Bildung", "Amt 51"),
        (
            "AQ-6",
            "Jobcoaching für Frauen mit Fluchtgeschichte",
            "Arbeit und Qualifizierung",
            "Amt 50",
        ),
    ]
    for number, title, field_name, lead in extra:
        if field_name in fields:
            measures.append(
                services.measure_save(
                    measure=Measure(
                        municipality=koeln,
                        number=number,
                        title=title,
                        description="Von der Steuerungsgruppe bewertet und den Gremien zur Entscheidung vorgeschlagen.",
                        lead_unit=units.get(lead),
                        origin="steering",
                        annual_amount=Decimal("30000"),
                        financial_state="open",
                    ),
                    expected_version=None,
                    m2m={"fields": [fields[field_name]]},
                )
            )
    for number, state in (("PP-3", PoliticalState.ACKNOWLEDGED), ("WO-5", PoliticalState.REJECTED)):
        services.measure_set_political_state(
            measure=by_number[number],
            state=state,
            decided_on=date(2025, 9, 18),
            body_name="Ausschuss Soziales, Seniorinnen und Senioren",
            paper_reference="3012/2025",
            user=admin,
        )
    # Priority assessments of the steering group, one with a declared conflict of interest.
    if steering is not None:
        services.assessment_save(
            measure=by_number["AQ-2"],
            assessor=steering,
            priority=1,
            conflict_of_interest=True,
            conflict_note="Mein Verband ist Träger der Ausbildungspatenschaften.",
            comment="Hohe Nachfrage aus den Unterkünften.",
        )
        services.assessment_save(
            measure=by_number["SP-1"],
            assessor=steering,
            priority=2,
            conflict_of_interest=False,
            conflict_note="",
            comment="",
        )
    # Approved for publication: vision, guidelines and the adopted measures.
    if admin is not None:
        services.publication_set(
            obj=Vision.objects.get(municipality=koeln), approved=True, user=admin
        )
        for g in Guideline.objects.filter(municipality=koeln):
            services.publication_set(obj=g, approved=True, user=admin)
        for m in Measure.objects.filter(municipality=koeln, political_state=PoliticalState.ADOPTED)[
            :20
        ]:
            services.publication_set(obj=m, approved=True, user=admin)
    # The previous concept of 2012 and the carry-over decision per old measure.
    previous = services.cycle_save(
        cycle=ConceptCycle(
            municipality=koeln,
            title="Integrationskonzept 2012",
            year=2012,
            note="Vom Rat am 20.03.2012 beschlossen; Grundlage der Fortschreibung.",
        )
    )
    services.cycle_save(
        cycle=ConceptCycle(
            municipality=koeln,
            title="Integrationskonzept 2025 (Fortschreibung)",
            year=2025,
            is_current=True,
            previous=previous,
        )
    )
    services.previous_measures_import(
        cycle=previous,
        rows=[
            {
                "number": n,
                "title": t,
                "field_name": f,
                "lead": lead,
                "old_state": s,
                "description": "",
            }
            for n, t, f, lead, s, _d, _c in PREVIOUS
        ],
    )
    for n, _t, _f, _lead, _s, decision, successor in PREVIOUS:
        if decision:
            services.carry_over_decide(
                old=PreviousMeasure.objects.get(cycle=previous, number=n),
                decision=decision,
                note={
                    "completed": "Ziel erreicht.",
                    "dropped": "Bedarf durch Angebote der Agentur für Arbeit gedeckt.",
                }.get(decision, "")
                if decision != CarryOver.CONTINUED
                else "Wird in der Fortschreibung weitergeführt.",
                continued_as=by_number.get(successor) if successor else None,
            )
    services.sections_import(
        cycle=previous,
        sections=[{"level": lvl, "heading": h, "text": t} for lvl, h, t in PREVIOUS_SECTIONS],
    )
    _link_other_parts(koeln)


def _link_other_parts(koeln: Municipality) -> None:
    """Link the demo concept to the inventory, the participation and the data basis, where
    their demo content exists: offers implement measures, contributions lead to
    recommendations, indicators measure goals."""
    from teilhabe.inventory.models import Offer
    from teilhabe.participation.models import Contribution, WorkingGroup
    from teilhabe.statistics.models import Indicator

    for goal in Goal.objects.filter(municipality=koeln).select_related("strategic_goal"):
        indicator = Indicator.objects.filter(
            municipality=koeln, field_of_action_id=goal.strategic_goal.field_id
        ).first()
        if indicator is not None and goal.indicator_ref_id is None:
            goal.indicator_ref = indicator
            services.goal_save(goal=goal, expected_version=goal.version)
    for rec in Recommendation.objects.filter(municipality=koeln):
        group = WorkingGroup.objects.filter(
            municipality=koeln, field_of_action_id=rec.field_id
        ).first()
        contributions = list(
            Contribution.objects.filter(
                municipality=koeln, field_of_action_id=rec.field_id
            ).order_by("pk")[:3]
        )
        if group is not None:
            rec.working_group = group
        services.recommendation_save(
            recommendation=rec, expected_version=rec.version, contributions=contributions
        )
    for measure in Measure.objects.filter(municipality=koeln).prefetch_related("fields"):
        field_ids = [f.pk for f in measure.fields.all()]
        offers = list(
            Offer.objects.filter(fields_of_action__in=field_ids, actor__municipality=koeln)
            .distinct()
            .order_by("pk")[measure.pk % 3 : measure.pk % 3 + 2]
        )
        if offers:
            measure.offers.add(*offers)


@transaction.atomic
def demo_federation_concept() -> None:
    """The demo county: two county measures, one led by its town Beispielstadt, which reports on
    it in its own workspace; a county draft the town does not see."""
    from teilhabe.core.demo import COUNTY_ARS, TOWN_ARS

    county = Municipality.objects.filter(ars=COUNTY_ARS).first()
    town = Municipality.objects.filter(ars=TOWN_ARS).first()
    if county is None or town is None or Measure.objects.filter(municipality=county).exists():
        return
    field = FieldOfAction.objects.filter(municipality=county).order_by("position").first()
    if field is None:
        return
    services.measure_save(
        measure=Measure(
            municipality=county,
            number="K-1",
            title="Kreisweite Ehrenamtsbörse für Sprachpatenschaften",
            description="Die Stadt Beispielstadt baut für den Kreis eine Börse auf, die Sprachpatinnen und -paten vermittelt.",
            lead_municipality=town,
            financial_state="third_party_granted",
            annual_amount=Decimal("18000"),
        ),
        expected_version=None,
        m2m={"fields": [field]},
    )
    services.measure_save(
        measure=Measure(
            municipality=county,
            number="K-2",
            title="Abstimmung der Integrationskonzepte der kreisangehörigen Gemeinden",
            description="Doppelte Maßnahmen vermeiden, Kräfte bündeln (Kommunales Integrationszentrum).",
            financial_state="existing_funds",
        ),
        expected_version=None,
        m2m={"fields": [field]},
    )
    services.draft_freeze(municipality=county, title="Entwurf des Kreises", user=None)


def demo_step(koeln: Municipality) -> None:
    """The concept's demo step (registered in wiring.py): Köln's concept, then the county's."""
    demo_concept(koeln)
    demo_federation_concept()
