"""The demo's inventory: Köln's actors, their offers, locations and usage, and the county's
actors shared in the federation (with one planted duplicate)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from shapely.geometry import shape
from simple_history.utils import bulk_create_with_history

from teilhabe.core.demo import COUNTY_ARS, TOWN_ARS, VILLAGE_ARS
from teilhabe.core.models import Area, FieldOfAction, Municipality, OrgUnit
from teilhabe.inventory.models import (
    Actor,
    ActorKind,
    ActorNote,
    Offer,
    OfferForm,
    OfferLocation,
    OfferStatus,
    TargetGroup,
    Usage,
    UsageSource,
)

# (name, kind, fields, languages, street, postcode, Stadtteil key)
KOELN_ACTORS: list[tuple[str, str, list[str], list[str], str, str, str]] = [
    (
        "Caritasverband für die Stadt Köln e. V.",
        ActorKind.WELFARE,
        ["Sprache", "Arbeit und Qualifizierung", "Gesundheit", "Wohnen"],
        ["de", "ar", "fa", "uk"],
        "Bartholomäus-Schink-Straße 6",
        "50825",
        "401",
    ),
    (
        "Diakonie Köln und Region",
        ActorKind.WELFARE,
        ["Sprache", "Wohnen", "Gesundheit"],
        ["de", "en", "ru", "uk"],
        "Brandenburger Straße 23",
        "50668",
        "104",
    ),
    (
        "AWO Kreisverband Köln e. V.",
        ActorKind.WELFARE,
        ["Bildung", "Arbeit und Qualifizierung", "Freizeit und Sport"],
        ["de", "tr", "ar"],
        "Rubensstraße 7",
        "50676",
        "101",
    ),
    (
        "DRK Kreisverband Köln e. V.",
        ActorKind.WELFARE,
        ["Gesundheit", "Sprache"],
        ["de", "ar", "ti"],
        "Oskar-Jäger-Straße 101",
        "50825",
        "401",
    ),
    (
        "Der Paritätische Köln",
        ActorKind.WELFARE,
        ["Politische Partizipation", "Bildung"],
        ["de", "en"],
        "Marsilstein 4",
        "50676",
        "101",
    ),
    (
        "Volkshochschule Köln",
        ActorKind.EDUCATION,
        ["Sprache", "Bildung", "Arbeit und Qualifizierung"],
        ["de", "en", "tr", "ar"],
        "Cäcilienstraße 29",
        "50667",
        "101",
    ),
    (
        "Jobcenter Köln",
        ActorKind.JOBCENTER,
        ["Arbeit und Qualifizierung"],
        ["de", "en", "ar", "tr", "uk"],
        "Luxemburger Straße 121",
        "50939",
        "302",
    ),
    (
        "Agentur für Arbeit Köln",
        ActorKind.JOBCENTER,
        ["Arbeit und Qualifizierung"],
        ["de", "en", "fr"],
        "Luxemburger Straße 121",
        "50939",
        "302",
    ),
    (
        "Kölner Flüchtlingsrat e. V.",
        ActorKind.ASSOCIATION,
        ["Wohnen", "Politische Partizipation", "Gesundheit"],
        ["de", "en", "fr", "ar", "fa"],
        "Herwarthstraße 7",
        "50672",
        "104",
    ),
    (
        "Allerweltshaus Köln e. V.",
        ActorKind.ASSOCIATION,
        ["Kultur", "Politische Partizipation"],
        ["de", "en", "es"],
        "Körnerstraße 77",
        "50823",
        "401",
    ),
    (
        "Stadtbibliothek Köln",
        ActorKind.OFFICE,
        ["Sprache", "Bildung", "Kultur"],
        ["de", "en", "tr", "ar", "uk"],
        "Josef-Haubrich-Hof 1",
        "50676",
        "101",
    ),
    (
        "Amt für Integration und Vielfalt",
        ActorKind.OFFICE,
        ["Politische Partizipation", "Sprache"],
        ["de", "en"],
        "Ottmar-Pohl-Platz 1",
        "51103",
        "802",
    ),
    (
        "Amt für Kinder, Jugend und Familie",
        ActorKind.OFFICE,
        ["Bildung", "Sprache"],
        ["de", "en", "tr", "ar"],
        "Ottmar-Pohl-Platz 1",
        "51103",
        "802",
    ),
    (
        "Gesundheitsamt Köln",
        ActorKind.OFFICE,
        ["Gesundheit"],
        ["de", "en", "ar", "tr"],
        "Neumarkt 15-21",
        "50667",
        "101",
    ),
    (
        "Integrationsrat der Stadt Köln",
        ActorKind.OFFICE,
        ["Politische Partizipation"],
        ["de", "tr", "it", "el"],
        "Rathausplatz 2",
        "50667",
        "103",
    ),
    (
        "Interkultureller Dienst Chorweiler",
        ActorKind.WELFARE,
        ["Bildung", "Freizeit und Sport", "Sprache"],
        ["de", "tr", "ru", "ar"],
        "Pariser Platz 1",
        "50765",
        "609",
    ),
    (
        "Bürgerzentrum Chorweiler",
        ActorKind.ASSOCIATION,
        ["Kultur", "Freizeit und Sport"],
        ["de", "tr", "ru"],
        "Pariser Platz 1",
        "50765",
        "609",
    ),
    (
        "Türkisch-Deutscher Elternverein Chorweiler e. V.",
        ActorKind.MIGRANT_ORG,
        ["Bildung"],
        ["de", "tr"],
        "Liverpooler Platz 2",
        "50765",
        "609",
    ),
    (
        "Elternnetzwerk NRW – Regionalgruppe Köln",
        ActorKind.MIGRANT_ORG,
        ["Bildung", "Politische Partizipation"],
        ["de", "tr", "ar", "ku"],
        "Venloer Straße 421",
        "50825",
        "401",
    ),
    (
        "Afrikanischer Frauenverein Köln e. V.",
        ActorKind.MIGRANT_ORG,
        ["Gesundheit", "Arbeit und Qualifizierung"],
        ["de", "en", "fr", "so"],
        "Keupstraße 24",
        "51063",
        "901",
    ),
    (
        "Ukrainischer Verein Kiwi Köln e. V.",
        ActorKind.MIGRANT_ORG,
        ["Sprache", "Kultur", "Bildung"],
        ["uk", "ru", "de"],
        "Berrenrather Straße 188",
        "50937",
        "302",
    ),
    (
        "Syrisches Kulturforum Köln e. V.",
        ActorKind.MIGRANT_ORG,
        ["Kultur", "Sprache"],
        ["ar", "ku", "de"],
        "Kalker Hauptstraße 101",
        "51103",
        "802",
    ),
    (
        "Polnischer Katholischer Verein Köln",
        ActorKind.RELIGIOUS,
        ["Kultur", "Freizeit und Sport"],
        ["pl", "de"],
        "Mauritiuswall 2",
        "50676",
        "101",
    ),
    (
        "DITIB-Gemeinde Köln-Ehrenfeld",
        ActorKind.RELIGIOUS,
        ["Bildung", "Freizeit und Sport"],
        ["tr", "de"],
        "Venloer Straße 160",
        "50823",
        "401",
    ),
    (
        "Evangelische Gemeinde Köln-Kalk",
        ActorKind.RELIGIOUS,
        ["Sprache", "Freizeit und Sport"],
        ["de", "fa"],
        "Kalk-Mülheimer Straße 240",
        "51103",
        "802",
    ),
    (
        "Jüdische Gemeinde Köln – Integrationszentrum",
        ActorKind.RELIGIOUS,
        ["Sprache", "Kultur"],
        ["ru", "uk", "de"],
        "Roonstraße 50",
        "50674",
        "102",
    ),
    (
        "Sportverein Rot-Weiß Porz 1920 e. V.",
        ActorKind.ASSOCIATION,
        ["Freizeit und Sport"],
        ["de"],
        "Humboldtstraße 40",
        "51145",
        "706",
    ),
    (
        "Fußballverein Vingst 05 e. V.",
        ActorKind.ASSOCIATION,
        ["Freizeit und Sport"],
        ["de", "tr"],
        "Burgstraße 15",
        "51103",
        "803",
    ),
    (
        "Kölner Sportjugend im Stadtsportbund",
        ActorKind.ASSOCIATION,
        ["Freizeit und Sport"],
        ["de"],
        "Schaevenstraße 1b",
        "50676",
        "101",
    ),
    (
        "Mieterverein Köln e. V.",
        ActorKind.ASSOCIATION,
        ["Wohnen"],
        ["de", "tr"],
        "Mühlenbach 49",
        "50676",
        "101",
    ),
    (
        "Wohnungslosenhilfe Köln-Mülheim",
        ActorKind.WELFARE,
        ["Wohnen", "Gesundheit"],
        ["de", "pl", "ro", "bg"],
        "Buchheimer Straße 34",
        "51063",
        "901",
    ),
    (
        "Medizinische Flüchtlingshilfe Köln",
        ActorKind.ASSOCIATION,
        ["Gesundheit"],
        ["de", "en", "ar", "fa"],
        "Hansaring 98",
        "50670",
        "104",
    ),
    (
        "Therapiezentrum für Folteropfer Köln",
        ActorKind.WELFARE,
        ["Gesundheit"],
        ["de", "ar", "fa", "ku", "ti"],
        "Spiesergasse 12",
        "50670",
        "103",
    ),
    (
        "Sprachcafé Ehrenamt Nippes",
        ActorKind.INITIATIVE,
        ["Sprache"],
        ["de"],
        "Neusser Straße 260",
        "50733",
        "501",
    ),
    (
        "Willkommensinitiative Rodenkirchen",
        ActorKind.INITIATIVE,
        ["Sprache", "Freizeit und Sport"],
        ["de", "en"],
        "Hauptstraße 85",
        "50996",
        "208",
    ),
    (
        "Willkommen in Lindenthal e. V.",
        ActorKind.INITIATIVE,
        ["Sprache", "Bildung"],
        ["de", "en", "ar"],
        "Dürener Straße 118",
        "50931",
        "303",
    ),
    (
        "Bildungswerk Kalk gGmbH",
        ActorKind.EDUCATION,
        ["Arbeit und Qualifizierung", "Sprache"],
        ["de", "ar", "tr", "ro"],
        "Kalker Hauptstraße 147",
        "51103",
        "802",
    ),
    (
        "Berufsförderungswerk Porz",
        ActorKind.EDUCATION,
        ["Arbeit und Qualifizierung"],
        ["de", "en"],
        "Frankfurter Straße 40",
        "51145",
        "706",
    ),
    (
        "IQ Netzwerk Köln – Anerkennungsberatung",
        ActorKind.EDUCATION,
        ["Arbeit und Qualifizierung"],
        ["de", "en", "ar", "fa", "uk", "ru"],
        "Ottoplatz 1",
        "50679",
        "105",
    ),
    (
        "Handwerkskammer zu Köln – Willkommenslotsen",
        ActorKind.COMPANY,
        ["Arbeit und Qualifizierung"],
        ["de", "en"],
        "Heumarkt 12",
        "50667",
        "101",
    ),
    (
        "IHK Köln – Ausbildungsberatung Zugewanderte",
        ActorKind.COMPANY,
        ["Arbeit und Qualifizierung"],
        ["de", "en"],
        "Unter Sachsenhausen 10-26",
        "50667",
        "103",
    ),
    (
        "Ford-Werke Köln – Patenschaftsprogramm",
        ActorKind.COMPANY,
        ["Arbeit und Qualifizierung"],
        ["de", "en", "tr"],
        "Henry-Ford-Straße 1",
        "50735",
        "504",
    ),
    (
        "Gesamtschule Chorweiler",
        ActorKind.SCHOOL,
        ["Bildung", "Sprache"],
        ["de", "tr", "ar"],
        "Merianstraße 11",
        "50765",
        "609",
    ),
    (
        "Hauptschule Ehrenfeld – Internationale Klassen",
        ActorKind.SCHOOL,
        ["Bildung", "Sprache"],
        ["de", "ar", "uk"],
        "Borsigstraße 22",
        "50825",
        "401",
    ),
    (
        "Grundschule Vingst",
        ActorKind.SCHOOL,
        ["Bildung"],
        ["de", "tr"],
        "Würzburger Straße 9",
        "51103",
        "803",
    ),
    (
        "Familienzentrum Kita Meschenich",
        ActorKind.DAYCARE,
        ["Bildung", "Sprache"],
        ["de", "ar", "ro"],
        "Kettelerstraße 18",
        "50997",
        "213",
    ),
    (
        "Familienzentrum Kita Bocklemünd",
        ActorKind.DAYCARE,
        ["Bildung"],
        ["de", "tr", "ru"],
        "Görlinger-Zentrum 10",
        "50829",
        "405",
    ),
    (
        "Kommunales Integrationszentrum Köln",
        ActorKind.OFFICE,
        ["Bildung", "Sprache", "Politische Partizipation"],
        ["de", "en"],
        "Ottmar-Pohl-Platz 1",
        "51103",
        "802",
    ),
    (
        "Jugendzentrum Buchforst",
        ActorKind.ASSOCIATION,
        ["Freizeit und Sport", "Bildung"],
        ["de", "tr", "ar"],
        "Waldecker Straße 11",
        "51065",
        "902",
    ),
    (
        "Jugendtreff Finkenberg",
        ActorKind.ASSOCIATION,
        ["Freizeit und Sport"],
        ["de", "ru", "tr"],
        "Stresemannstraße 21",
        "51149",
        "716",
    ),
    (
        "Frauenberatungsstelle Mülheim",
        ActorKind.WELFARE,
        ["Gesundheit", "Arbeit und Qualifizierung"],
        ["de", "tr", "ar", "fa"],
        "Berliner Straße 121",
        "51063",
        "901",
    ),
    (
        "Nachbarschaftszentrum Höhenberg",
        ActorKind.ASSOCIATION,
        ["Kultur", "Freizeit und Sport", "Sprache"],
        ["de", "tr", "ar"],
        "Frankfurter Straße 70",
        "51103",
        "804",
    ),
    (
        "Mobile Beratung EU-Zugewanderte",
        ActorKind.WELFARE,
        ["Wohnen", "Arbeit und Qualifizierung"],
        ["ro", "bg", "pl", "de"],
        "Kalker Hauptstraße 55",
        "51103",
        "802",
    ),
    (
        "Theater im Bauturm – Interkulturelles Ensemble",
        ActorKind.ASSOCIATION,
        ["Kultur"],
        ["de", "en"],
        "Aachener Straße 24",
        "50674",
        "102",
    ),
    (
        "Kölner Migrantinnenbeirat e. V.",
        ActorKind.MIGRANT_ORG,
        ["Politische Partizipation"],
        ["de", "tr", "ar", "ru"],
        "Ebertplatz 1",
        "50668",
        "104",
    ),
    (
        "Griechische Gemeinde Köln e. V.",
        ActorKind.MIGRANT_ORG,
        ["Kultur", "Bildung"],
        ["el", "de"],
        "Kreuzfeldstraße 13",
        "51145",
        "706",
    ),
    (
        "Italienisches Kulturzentrum Köln",
        ActorKind.MIGRANT_ORG,
        ["Kultur", "Sprache"],
        ["it", "de"],
        "Universitätsstraße 81",
        "50931",
        "303",
    ),
    (
        "Afghanischer Kulturverein Köln e. V.",
        ActorKind.MIGRANT_ORG,
        ["Kultur", "Sprache"],
        ["fa", "ps", "de"],
        "Rolshover Straße 45",
        "51105",
        "801",
    ),
    (
        "Lernpaten Köln e. V.",
        ActorKind.INITIATIVE,
        ["Bildung"],
        ["de"],
        "Venloer Straße 41",
        "50672",
        "104",
    ),
    (
        "Gesundheitskiosk Kalk",
        ActorKind.WELFARE,
        ["Gesundheit"],
        ["de", "tr", "ar", "ru", "ro"],
        "Kalker Hauptstraße 217",
        "51103",
        "802",
    ),
    (
        "Sprachbrücke Porz e. V.",
        ActorKind.INITIATIVE,
        ["Sprache"],
        ["de", "uk", "ar"],
        "Josefstraße 52",
        "51143",
        "706",
    ),
]

# Offer templates per field: (title, form, target groups, schedule, capacity, fee, funding)
OFFER_TEMPLATES: dict[str, list[tuple[str, str, list[str], str, int, str, str]]] = {
    "Sprache": [
        (
            "Integrationskurs Allgemein (B1)",
            OfferForm.COURSE,
            ["neuzugewanderte", "gefluechtete"],
            "Mo–Fr 8:30–12:45",
            20,
            "kostenfrei (BAMF)",
            "Bundesamt für Migration und Flüchtlinge",
        ),
        (
            "Sprachcafé – Deutsch im Gespräch",
            OfferForm.GROUP,
            ["alle"],
            "Dienstags 17:00–18:30",
            25,
            "kostenfrei",
            "Ehrenamt",
        ),
        (
            "Deutsch für Mütter mit Kinderbetreuung",
            OfferForm.COURSE,
            ["frauen", "familien"],
            "Mo, Mi 9:00–11:30",
            15,
            "kostenfrei",
            "Landesprogramm",
        ),
        (
            "Berufssprachkurs B2",
            OfferForm.COURSE,
            ["arbeitsuchende"],
            "Mo–Do 13:00–17:00",
            18,
            "kostenfrei (BAMF)",
            "Bundesamt für Migration und Flüchtlinge",
        ),
        (
            "Lesepaten für Grundschulkinder",
            OfferForm.GROUP,
            ["kinder"],
            "Donnerstags 14:00–15:30",
            12,
            "kostenfrei",
            "Ehrenamt",
        ),
    ],
    "Bildung": [
        (
            "Hausaufgabenhilfe",
            OfferForm.GROUP,
            ["kinder", "jugendliche"],
            "Mo–Do 14:00–16:00",
            20,
            "kostenfrei",
            "Kommunale Mittel",
        ),
        (
            "Elterncafé Schule verstehen",
            OfferForm.GROUP,
            ["familien"],
            "jeden 1. Mittwoch 9:00",
            20,
            "kostenfrei",
            "KOMM-AN NRW",
        ),
        (
            "Rucksack KiTa – Elternbildung",
            OfferForm.COURSE,
            ["familien", "frauen"],
            "Freitags 9:00–11:00",
            12,
            "kostenfrei",
            "Land NRW",
        ),
        (
            "Bildungsberatung für Zugewanderte",
            OfferForm.COUNSELLING,
            ["neuzugewanderte", "jugendliche"],
            "nach Vereinbarung",
            40,
            "kostenfrei",
            "Kommunale Mittel",
        ),
    ],
    "Arbeit und Qualifizierung": [
        (
            "Anerkennungsberatung ausländischer Abschlüsse",
            OfferForm.COUNSELLING,
            ["fachkraefte", "neuzugewanderte"],
            "Di, Do 9:00–15:00",
            60,
            "kostenfrei",
            "IQ Netzwerk / ESF Plus",
        ),
        (
            "Bewerbungstraining",
            OfferForm.COURSE,
            ["arbeitsuchende", "jugendliche"],
            "Mittwochs 10:00–13:00",
            14,
            "kostenfrei",
            "Jobcenter",
        ),
        (
            "Mentoring Frauen in Arbeit",
            OfferForm.GROUP,
            ["frauen", "arbeitsuchende"],
            "14-täglich montags",
            16,
            "kostenfrei",
            "ESF Plus",
        ),
        (
            "Jobbörse für Geflüchtete",
            OfferForm.EVENT,
            ["gefluechtete", "arbeitsuchende"],
            "halbjährlich",
            200,
            "kostenfrei",
            "Agentur für Arbeit",
        ),
    ],
    "Gesundheit": [
        (
            "Gesundheitslotsen in Muttersprache",
            OfferForm.COUNSELLING,
            ["alle"],
            "Mo–Fr 10:00–14:00",
            50,
            "kostenfrei",
            "Krankenkassen (Präventionsgesetz)",
        ),
        (
            "Psychosoziale Beratung für Geflüchtete",
            OfferForm.COUNSELLING,
            ["gefluechtete"],
            "nach Vereinbarung",
            30,
            "kostenfrei",
            "Land NRW",
        ),
        (
            "Frauengesundheitsgruppe",
            OfferForm.GROUP,
            ["frauen"],
            "Freitags 10:00–12:00",
            15,
            "kostenfrei",
            "Kommunale Mittel",
        ),
    ],
    "Wohnen": [
        (
            "Wohnungssuche-Sprechstunde",
            OfferForm.COUNSELLING,
            ["gefluechtete", "familien"],
            "Dienstags 10:00–13:00",
            40,
            "kostenfrei",
            "Kommunale Mittel",
        ),
        (
            "Mieterberatung mehrsprachig",
            OfferForm.COUNSELLING,
            ["alle"],
            "Donnerstags 16:00–19:00",
            35,
            "Mitgliedsbeitrag",
            "Eigenmittel",
        ),
        (
            "Auszugsmanagement aus Gemeinschaftsunterkünften",
            OfferForm.COUNSELLING,
            ["gefluechtete"],
            "nach Vereinbarung",
            25,
            "kostenfrei",
            "Kommunale Mittel",
        ),
    ],
    "Freizeit und Sport": [
        (
            "Schwimmkurs für Frauen",
            OfferForm.COURSE,
            ["frauen"],
            "Samstags 8:00–9:30",
            12,
            "15 € pro Kurs",
            "Stadtsportbund",
        ),
        (
            "Offener Fußballtreff",
            OfferForm.GROUP,
            ["jugendliche"],
            "Freitags 16:00–18:00",
            30,
            "kostenfrei",
            "Integration durch Sport (DOSB)",
        ),
        (
            "Ferienprogramm international",
            OfferForm.EVENT,
            ["kinder", "jugendliche"],
            "Sommerferien",
            40,
            "5 € pro Tag",
            "Kommunale Mittel",
        ),
        (
            "Seniorentreff international",
            OfferForm.GROUP,
            ["senioren"],
            "Mittwochs 14:00–17:00",
            25,
            "kostenfrei",
            "Eigenmittel",
        ),
    ],
    "Kultur": [
        (
            "Interkulturelles Stadtteilfest",
            OfferForm.EVENT,
            ["alle"],
            "jährlich im September",
            500,
            "kostenfrei",
            "Bezirksmittel",
        ),
        (
            "Theaterwerkstatt international",
            OfferForm.GROUP,
            ["jugendliche"],
            "Montags 17:00–19:00",
            15,
            "kostenfrei",
            "Kulturrucksack NRW",
        ),
        (
            "Erzählcafé Lebensgeschichten",
            OfferForm.GROUP,
            ["senioren", "alle"],
            "monatlich",
            20,
            "kostenfrei",
            "Ehrenamt",
        ),
    ],
    "Politische Partizipation": [
        (
            "Demokratiewerkstatt für Zugewanderte",
            OfferForm.COURSE,
            ["neuzugewanderte"],
            "4 Abende im Quartal",
            20,
            "kostenfrei",
            "Demokratie leben!",
        ),
        (
            "Sprechstunde des Integrationsrats",
            OfferForm.COUNSELLING,
            ["alle"],
            "jeden 2. Montag",
            30,
            "kostenfrei",
            "Kommunale Mittel",
        ),
        (
            "Qualifizierung Migrantenorganisationen",
            OfferForm.COURSE,
            ["ehrenamtliche"],
            "Samstags, 6 Termine",
            18,
            "kostenfrei",
            "Land NRW",
        ),
    ],
}


def _centroid(area: Area) -> tuple[Decimal, Decimal] | None:
    if not area.geometry:
        return None
    point = shape(area.geometry).representative_point()
    return Decimal(f"{point.y:.6f}"), Decimal(f"{point.x:.6f}")


def _jitter(point: tuple[Decimal, Decimal], rng: random.Random) -> tuple[Decimal, Decimal]:
    return (
        point[0] + Decimal(f"{rng.uniform(-0.003, 0.003):.6f}"),
        point[1] + Decimal(f"{rng.uniform(-0.004, 0.004):.6f}"),
    )


@transaction.atomic
def _demo_koeln(koeln: Municipality) -> None:
    if Actor.objects.filter(municipality=koeln).exists():
        return
    rng = random.Random(2026)  # noqa: S311  (reproducible demo data, not security)
    fields = {f.name: f for f in FieldOfAction.objects.filter(municipality=koeln)}
    quarters = list(Area.objects.filter(municipality=koeln, kind="stadtteil"))
    by_key = {a.key: a for a in quarters}
    points = {a.pk: _centroid(a) for a in quarters}
    units = {u.name: u for u in OrgUnit.objects.filter(municipality=koeln)}
    actors = []
    for name, kind, actor_fields, languages, street, postcode, key in KOELN_ACTORS:
        area = by_key.get(key)
        point = points.get(area.pk) if area else None
        slug = name.split(" ")[0].lower().replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
        actor = Actor(
            municipality=koeln,
            name=name,
            kind=kind,
            description=_demo_description(kind),
            email=f"integration@{slug.strip('.,–')}.koeln.example",
            phone=f"0221 {rng.randint(100000, 999999)}",
            street=street,
            postcode=postcode,
            city="Köln",
            area=area,
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            website=f"https://{slug.strip('.,–')}.koeln.example",
            languages=languages,
        )
        if rng.random() < 0.6:
            actor.published_at = actor.created_at
        # A municipal office as provider: its org unit's staff ("responsible office")
        # maintain its offers.
        actor.org_unit = units.get(name) if kind == ActorKind.OFFICE else None
        actor.full_clean()
        actor.save()
        actor.fields_of_action.set([fields[f] for f in actor_fields if f in fields])
        actors.append((actor, actor_fields, area))
    # Districts without offers in some fields keep the gap view honest (Chorweiler, Porz …).
    offers: list[Offer] = []
    places: list[list[tuple[Area | None, tuple[Decimal, Decimal] | None, str]]] = []
    for actor, actor_fields, home in actors:
        for field_name in actor_fields:
            templates = OFFER_TEMPLATES.get(field_name, [])
            count = rng.choice([1, 1, 1, 2])
            for title, form, groups, schedule, capacity, fee, funding in rng.sample(
                templates, min(count, len(templates))
            ):
                area = home if rng.random() < 0.6 or home is None else rng.choice(quarters)
                point = points.get(area.pk) if area else None
                status = rng.choices(
                    [OfferStatus.ACTIVE, OfferStatus.PLANNED, OfferStatus.ENDED], [85, 7, 8]
                )[0]
                offer = Offer(
                    municipality=koeln,
                    actor=actor,
                    title=title if rng.random() < 0.7 or area is None else f"{title} – {area.name}",
                    description=(
                        f"{title} von {actor.name} für Menschen in "
                        f"{area.name if area else 'Köln'} und den angrenzenden Stadtteilen."
                    ),
                    target_groups=groups,
                    languages=[lang for lang in actor.languages if rng.random() < 0.7] or ["de"],
                    form=form,
                    schedule=schedule,
                    start_date=date(
                        rng.choice([2019, 2021, 2022, 2023, 2024]), rng.choice([1, 3, 8, 9]), 1
                    ),
                    end_date=date(2025, 6, 30) if status == OfferStatus.ENDED else None,
                    capacity=capacity,
                    fee=fee,
                    step_free=rng.random() < 0.55,
                    childcare=form == OfferForm.COURSE and rng.random() < 0.4,
                    funding=funding,
                    status=status,
                )
                if status == OfferStatus.PLANNED:
                    offer.start_date = date(2026, 3, 1)
                if actor.published_at and rng.random() < 0.7:
                    offer.published_at = actor.published_at
                offer.full_clean()
                offers.append(offer)
                # Most offers have one location; every eighth a second one elsewhere.
                spots = [(area, point, actor.street if area == actor.area else "")]
                if area is not None and rng.random() < 0.125:
                    other = rng.choice(quarters)
                    spots.append((other, points.get(other.pk), f"Bürgerzentrum {other.name}"))
                places.append(spots)
    offers = offers[:190]
    offers = bulk_create_with_history(offers, Offer)
    saved = list(Offer.objects.filter(municipality=koeln).order_by("pk"))
    locations = []
    for offer, spots in zip(saved, places, strict=False):
        for position, (area, point, venue) in enumerate(spots):
            jittered = _jitter(point, rng) if point else (None, None)
            locations.append(
                OfferLocation(
                    offer=offer,
                    position=position,
                    venue=venue,
                    city="Köln" if venue else "",
                    area=area,
                    latitude=jittered[0],
                    longitude=jittered[1],
                )
            )
    bulk_create_with_history(locations, OfferLocation)
    for offer in saved:
        template_field = next(
            (
                f
                for f, items in OFFER_TEMPLATES.items()
                if any(offer.title.startswith(t[0]) for t in items)
            ),
            None,
        )
        offer.fields_of_action.set([fields[template_field]] if template_field in fields else [])
    usages = []
    periods = [
        (date(2024, 1, 1), date(2024, 6, 30)),
        (date(2024, 7, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 12, 31)),
    ]
    for offer in saved:
        if offer.status == OfferStatus.PLANNED:
            continue
        for start, end in periods:
            if offer.start_date and offer.start_date > end:
                continue
            if offer.end_date and offer.end_date < start:
                continue
            base = offer.capacity or 20
            total = max(0, int(base * rng.uniform(0.5, 1.3)))
            women = (
                int(total * rng.uniform(0.3, 0.8)) if "frauen" not in offer.target_groups else total
            )
            young = int(total * rng.uniform(0, 0.4))
            usages.append(
                Usage(
                    offer=offer,
                    period_start=start,
                    period_end=end,
                    participants=total,
                    women=women,
                    age_under_18=young,
                    age_18_26=int((total - young) * 0.3),
                    age_27_64=int((total - young) * 0.6),
                    age_65_plus=None,
                    waiting_list=rng.choice([None, 0, 0, 3, 8, 15]) if total >= base else 0,
                    source=rng.choice([UsageSource.STAFF, UsageSource.ACTOR]),
                )
            )
    bulk_create_with_history(usages, Usage)
    ActorNote.objects.create(
        actor=actors[0][0],
        municipality=koeln,
        text="Ansprechstelle für die Arbeitsgruppe Sprache; Jahresgespräch jeweils im Februar.",
    )


def _demo_description(kind: str) -> str:
    texts = {
        ActorKind.WELFARE: "Freier Träger der Wohlfahrtspflege mit Beratungs- und Gruppenangeboten für Zugewanderte.",
        ActorKind.MIGRANT_ORG: "Migrantenorganisation; ehrenamtliche Angebote in der Herkunftssprache und auf Deutsch.",
        ActorKind.ASSOCIATION: "Gemeinnütziger Verein mit offenen Angeboten im Stadtteil.",
        ActorKind.EDUCATION: "Bildungsträger mit Kursen zu Sprache, Qualifizierung und Beruf.",
        ActorKind.RELIGIOUS: "Religionsgemeinschaft mit Begegnungs- und Bildungsangeboten.",
        ActorKind.COMPANY: "Unternehmen bzw. Kammer mit Angeboten zum Einstieg in Ausbildung und Arbeit.",
        ActorKind.JOBCENTER: "Beratung und Vermittlung in Arbeit und Ausbildung.",
        ActorKind.SCHOOL: "Schule mit Angeboten für neu zugewanderte Kinder und ihre Eltern.",
        ActorKind.DAYCARE: "Familienzentrum mit Eltern- und Sprachbildungsangeboten.",
        ActorKind.INITIATIVE: "Ehrenamtliche Initiative von Bürgerinnen und Bürgern.",
        ActorKind.OFFICE: "Dienststelle der Stadtverwaltung.",
    }
    return texts.get(kind, "")


@transaction.atomic
def _demo_federation() -> None:
    county = Municipality.objects.filter(ars=COUNTY_ARS).first()
    town = Municipality.objects.filter(ars=TOWN_ARS).first()
    village = Municipality.objects.filter(ars=VILLAGE_ARS).first()
    if county is None or town is None or village is None:
        return
    if Actor.objects.filter(municipality__in=[county, town, village]).exists():
        return

    def fields(m: Municipality, names: list[str]) -> list[FieldOfAction]:
        return list(FieldOfAction.objects.filter(municipality=m, name__in=names))

    def actor(
        m: Municipality, name: str, kind: str, names: list[str], shared: bool, **extra: object
    ) -> Actor:
        a = Actor(
            municipality=m,
            name=name,
            kind=kind,
            shared_in_federation=shared,
            city=extra.pop("city", ""),
            **extra,
        )  # type: ignore[arg-type]
        a.full_clean()
        a.save()
        a.fields_of_action.set(fields(m, names))
        return a

    all_fields = [f.name for f in FieldOfAction.objects.filter(municipality=county)]
    caritas = actor(
        county,
        "Caritasverband für den Kreis Beispielland e. V.",
        ActorKind.WELFARE,
        all_fields[:3],
        True,
        street="Kirchplatz 3",
        postcode="59999",
        city="Beispielstadt",
        email="migration@caritas-beispielland.example",
        languages=["de", "ar", "uk"],
    )
    vhs = actor(
        county,
        "Kreisvolkshochschule Beispielland",
        ActorKind.EDUCATION,
        all_fields[:2],
        True,
        street="Schulstraße 10",
        postcode="59999",
        city="Beispielstadt",
        email="integration@kvhs-beispielland.example",
        languages=["de", "en"],
    )
    actor(
        county,
        "Jobcenter Kreis Beispielland",
        ActorKind.JOBCENTER,
        all_fields[2:3],
        True,
        street="Bahnhofstraße 1",
        postcode="59999",
        city="Beispielstadt",
        email="team-migration@jobcenter-beispielland.example",
        languages=["de", "en", "ar"],
    )
    actor(
        county,
        "Kommunales Integrationszentrum Kreis Beispielland",
        ActorKind.OFFICE,
        all_fields,
        False,
        email="ki@kreis-beispielland.example",
    )
    # The planted duplicate: the town recorded the county's Caritas once more.
    actor(
        town,
        "Caritasverband Kreis Beispielland e.V.",
        ActorKind.WELFARE,
        all_fields[:1],
        True,
        street="Kirchplatz 3",
        postcode="59999",
        city="Beispielstadt",
        email="migration@caritas-beispielland.example",
    )
    actor(
        town,
        "Integrationsverein Beispielstadt e. V.",
        ActorKind.ASSOCIATION,
        all_fields[:2],
        False,
        email="kontakt@integration-beispielstadt.example",
        city="Beispielstadt",
    )
    actor(
        village,
        "Helferkreis Asyl Musterdorf",
        ActorKind.INITIATIVE,
        all_fields[:1],
        True,
        email="helferkreis@musterdorf.example",
        city="Musterdorf",
    )
    for m, a, title in (
        (town, caritas, "Migrationsberatung für Erwachsene"),
        (village, caritas, "Migrationsberatung – Außensprechstunde Musterdorf"),
        (town, vhs, "Integrationskurs mit Kinderbetreuung"),
        (village, vhs, "Deutschkurs am Abend"),
    ):
        o = Offer(
            municipality=m,
            actor=a,
            title=title,
            form=OfferForm.COURSE if "kurs" in title.lower() else OfferForm.COUNSELLING,
            target_groups=[TargetGroup.NEWCOMERS, TargetGroup.REFUGEES],
            languages=["de"],
            capacity=20,
            start_date=date(2024, 1, 1),
            # The towns let the county count their offers in its gap view.
            shared_in_federation=m != county,
        )
        o.full_clean()
        o.save()
        o.fields_of_action.set(fields(m, all_fields[:1]))
    ActorNote.objects.create(
        actor=caritas,
        municipality=town,
        text="Sprechstunde im Rathaus Beispielstadt, Raum 112, dienstags.",
    )
    ActorNote.objects.create(
        actor=caritas, municipality=county, text="Kooperationsvertrag KIM bis 2027."
    )


def demo_inventory(koeln: Municipality) -> None:
    _demo_koeln(koeln)
    _demo_federation()
