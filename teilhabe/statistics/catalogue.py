"""The indicator catalogue Teilhabe seeds: what the Köln open data supports, and common
monitoring indicators a city imports later (marked "no data yet" until values exist)."""

from __future__ import annotations

from typing import Any

from teilhabe.statistics.models import Concept, Framework, IndicatorKind, Polarity

KOELN = "koeln-bevoelkerung"
_TOTAL = {"table": KOELN, "variable": "005", "category": "10"}
_MH = {"table": KOELN, "variable": "030"}
_MH_NOTE = (
    "Migrationshintergrund nach dem Verfahren MigraPro aus dem Melderegister abgeleitet. Nicht "
    "vergleichbar mit „Einwanderungsgeschichte“ (Destatis, Mikrozensus seit 2023) und nicht mit "
    "Angaben aus dem Zensus."
)
_FOREIGN_NOTE = (
    "Ausländerinnen und Ausländer laut Melderegister der Stadt. Nicht vergleichbar mit dem "
    "Ausländerzentralregister (AZR), das nur bis zur Kreisebene veröffentlicht wird, und nicht "
    "mit der Fortschreibung auf Basis des Zensus."
)
_ZENSUS_BREAK = {
    "date": "2022-05-15",
    "note": "Ab dem Zensus 2022 beruhen Bevölkerungszahlen auf einer neuen Basis; "
    "Werte davor und danach sind nur eingeschränkt vergleichbar.",
}

INDICATORS: list[dict[str, Any]] = [
    {
        "code": "einwohner",
        "name": "Einwohnerinnen und Einwohner",
        "definition": "Einwohnerinnen und Einwohner mit Hauptwohnung am 31.12.",
        "kind": IndicatorKind.COUNT,
        "numerator": _TOTAL,
        "unit": "Personen",
        "concept": Concept.OTHER,
        "source_note": "Melderegister, Stadt Köln",
        "breaks": [_ZENSUS_BREAK],
        "field": None,
    },
    {
        "code": "anteil-mh",
        "name": "Anteil der Einwohner:innen mit Migrationshintergrund",
        "definition": "Einwohner:innen mit Migrationshintergrund je 100 Einwohner:innen.",
        "kind": IndicatorKind.SHARE,
        "numerator": _MH | {"category": "10"},
        "denominator": _TOTAL,
        "concept": Concept.MH_REGISTER,
        "comparability_note": _MH_NOTE,
        "framework": Framework.LAENDER,
        "source_note": "Melderegister, MigraPro, Stadt Köln",
        "field": None,
    },
    {
        "code": "anteil-auslaender",
        "name": "Ausländeranteil",
        "definition": "Ausländerinnen und Ausländer je 100 Einwohner:innen.",
        "kind": IndicatorKind.SHARE,
        "numerator": _MH | {"category": "50"},
        "denominator": _TOTAL,
        "concept": Concept.FOREIGN_REGISTER,
        "comparability_note": _FOREIGN_NOTE,
        "framework": Framework.LAENDER,
        "source_note": "Melderegister, Stadt Köln",
        "field": None,
    },
    {
        "code": "anteil-deutsche-mh",
        "name": "Anteil der Deutschen mit Migrationshintergrund",
        "definition": "Deutsche mit Migrationshintergrund (Eingebürgerte, Aussiedler:innen, "
        "Kinder mit Optionsregelung) je 100 Einwohner:innen.",
        "kind": IndicatorKind.SHARE,
        "numerator": _MH | {"category": "20"},
        "denominator": _TOTAL,
        "concept": Concept.MH_REGISTER,
        "comparability_note": _MH_NOTE,
        "source_note": "Melderegister, MigraPro, Stadt Köln",
        "field": None,
    },
    {
        "code": "anteil-eingebuergerte",
        "name": "Anteil der Eingebürgerten",
        "definition": "Eingebürgerte je 100 Einwohner:innen (Bestand, nicht Einbürgerungen im Jahr).",
        "kind": IndicatorKind.SHARE,
        "numerator": _MH | {"category": "40"},
        "denominator": _TOTAL,
        "concept": Concept.MH_REGISTER,
        "comparability_note": _MH_NOTE,
        "source_note": "Melderegister, MigraPro, Stadt Köln",
        "field": "Politische Partizipation",
    },
    {
        "code": "veraenderung-mh",
        "name": "Veränderung der Zahl der Einwohner:innen mit Migrationshintergrund",
        "definition": "Veränderung gegenüber dem Vorjahr in Prozent.",
        "kind": IndicatorKind.CHANGE,
        "numerator": _MH | {"category": "10"},
        "concept": Concept.MH_REGISTER,
        "comparability_note": _MH_NOTE,
        "source_note": "Melderegister, MigraPro, Stadt Köln",
        "field": None,
    },
    {
        "code": "segregation-auslaender",
        "name": "Segregationsindex Ausländer:innen (Stadtteile)",
        "definition": "Dissimilaritätsindex D = ½ · Σ |aᵢ/A − bᵢ/B| über die Stadtteile: aᵢ "
        "Ausländer:innen, bᵢ übrige Einwohner:innen im Stadtteil i; A, B die Summen. 0 = gleich "
        "verteilt, 100 = vollständig getrennt.",
        "kind": IndicatorKind.SEGREGATION,
        "unit": "Indexpunkte",
        "numerator": _MH | {"category": "50"},
        "denominator": _TOTAL,
        "polarity": Polarity.LOWER_BETTER,
        "concept": Concept.FOREIGN_REGISTER,
        "comparability_note": "Hängt von der Gebietseinteilung ab: nur Werte über dieselben "
        "Stadtteile sind vergleichbar.",
        "source_note": "Melderegister, Stadt Köln; eigene Berechnung",
        "field": "Wohnen",
    },
    {
        "code": "segregation-mh",
        "name": "Segregationsindex Migrationshintergrund (Stadtteile)",
        "definition": "Dissimilaritätsindex D = ½ · Σ |aᵢ/A − bᵢ/B| über die Stadtteile für "
        "Einwohner:innen mit und ohne Migrationshintergrund.",
        "kind": IndicatorKind.SEGREGATION,
        "unit": "Indexpunkte",
        "numerator": _MH | {"category": "10"},
        "denominator": _TOTAL,
        "polarity": Polarity.LOWER_BETTER,
        "concept": Concept.MH_REGISTER,
        "comparability_note": _MH_NOTE,
        "source_note": "Melderegister, MigraPro, Stadt Köln; eigene Berechnung",
        "field": "Wohnen",
    },
]
for _code, _cat, _name in [
    ("herkunft-tuerkei", "100", "Türkei"),
    ("herkunft-eu", "90", "Europäische Union"),
    ("herkunft-uebriges-europa", "110", "Übriges Europa"),
    ("herkunft-asien", "80", "Asien"),
    ("herkunft-afrika", "60", "Afrika"),
    ("herkunft-amerika", "70", "Amerika"),
    ("herkunft-sonstige", "120", "Sonstige"),
]:
    INDICATORS.append(
        {
            "code": _code,
            "name": f"Einwohner:innen mit Migrationshintergrund: {_name}",
            "definition": f"Einwohner:innen mit Migrationshintergrund aus der Herkunftsregion {_name}.",
            "kind": IndicatorKind.COUNT,
            "numerator": _MH | {"category": _cat},
            "unit": "Personen",
            "concept": Concept.MH_REGISTER,
            "comparability_note": _MH_NOTE,
            "source_note": "Melderegister, MigraPro, Stadt Köln",
            "field": None,
            "origin": True,
        }
    )

# Common monitoring indicators: defined now, values follow when a city imports them.
NO_DATA_YET: list[dict[str, Any]] = [
    {
        "code": "einbuergerungsquote",
        "name": "Einbürgerungsquote",
        "definition": "Einbürgerungen im Jahr je 100 Ausländer:innen mit mindestens acht (seit "
        "2024: fünf) Jahren Aufenthalt.",
        "numerator": {"table": "12511", "variable": "EINB01"},
        "denominator": {"table": "12521", "variable": "BEV001"},
        "concept": Concept.FOREIGN_AZR,
        "comparability_note": "Nenner aus dem Ausländerzentralregister; nur bis zur Kreisebene "
        "veröffentlicht, für Stadtteile nicht verfügbar.",
        "framework": Framework.LAENDER,
        "source_note": "Einbürgerungsstatistik; Ausländerzentralregister",
        "field": "Politische Partizipation",
        "polarity": Polarity.HIGHER_BETTER,
    },
    {
        "code": "sgb2-quote-auslaender",
        "name": "SGB-II-Quote der Ausländer:innen",
        "definition": "Leistungsberechtigte nach SGB II mit ausländischer Staatsangehörigkeit je "
        "100 Ausländer:innen unter der Regelaltersgrenze.",
        "numerator": {"table": "BA-SGB2", "variable": "ELB_AUSL"},
        "denominator": {"table": "BA-SGB2", "variable": "BEV_AUSL_U65"},
        "concept": Concept.FOREIGN_FORTSCHREIBUNG,
        "framework": Framework.LAENDER,
        "source_note": "Statistik der Bundesagentur für Arbeit",
        "field": "Arbeit und Qualifizierung",
        "polarity": Polarity.LOWER_BETTER,
    },
    {
        "code": "betreuungsquote-u3-mh",
        "name": "Betreuungsquote unter Dreijähriger mit Migrationshintergrund",
        "definition": "Kinder unter drei Jahren mit mindestens einem Elternteil ausländischer "
        "Herkunft in Kindertagesbetreuung je 100 Kinder dieser Gruppe.",
        "numerator": {"table": "22541", "variable": "KIT_U3_MH"},
        "denominator": {"table": "22541", "variable": "BEV_U3_MH"},
        "concept": Concept.EINWANDERUNG,
        "framework": Framework.LAENDER,
        "source_note": "Kinder- und Jugendhilfestatistik",
        "field": "Bildung",
        "polarity": Polarity.HIGHER_BETTER,
    },
    {
        "code": "schulabschluss-ohne-auslaender",
        "name": "Ausländische Schulabgänger:innen ohne Abschluss",
        "definition": "Ausländische Abgänger:innen ohne Ersten Schulabschluss je 100 "
        "ausländische Abgänger:innen allgemeinbildender Schulen.",
        "numerator": {"table": "21111", "variable": "ABG_OHNE_AUSL"},
        "denominator": {"table": "21111", "variable": "ABG_AUSL"},
        "concept": Concept.FOREIGN_REGISTER,
        "framework": Framework.LAENDER,
        "source_note": "Schulstatistik des Landes",
        "field": "Bildung",
        "polarity": Polarity.LOWER_BETTER,
    },
    {
        "code": "beschaeftigungsquote-auslaender",
        "name": "Beschäftigungsquote der Ausländer:innen",
        "definition": "Sozialversicherungspflichtig Beschäftigte mit ausländischer "
        "Staatsangehörigkeit je 100 Ausländer:innen von 15 bis unter 65 Jahren.",
        "numerator": {"table": "BA-BST", "variable": "SVB_AUSL"},
        "denominator": {"table": "BA-BST", "variable": "BEV_AUSL_15_65"},
        "concept": Concept.FOREIGN_FORTSCHREIBUNG,
        "framework": Framework.LAENDER,
        "source_note": "Beschäftigungsstatistik der Bundesagentur für Arbeit",
        "field": "Arbeit und Qualifizierung",
        "polarity": Polarity.HIGHER_BETTER,
    },
    {
        "code": "wahlbeteiligung-integrationsrat",
        "name": "Wahlbeteiligung bei der Integrationsratswahl",
        "definition": "Wählende je 100 Wahlberechtigte der Integrationsratswahl.",
        "numerator": {"table": "wahl-ir", "variable": "WAEHLENDE"},
        "denominator": {"table": "wahl-ir", "variable": "WAHLBERECHTIGTE"},
        "concept": Concept.OTHER,
        "framework": Framework.KGST,
        "source_note": "Wahlamt der Stadt",
        "field": "Politische Partizipation",
        "polarity": Polarity.HIGHER_BETTER,
    },
]
