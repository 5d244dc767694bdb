"""The catalogue of fields of action, as the five council papers name them (see ../shared/seeds)."""

FIELD_CATALOGUE: list[dict[str, str]] = [
    {
        "name": "Sprache",
        "colour": "#1f5f8b",
        "sources": "Speyer, Lampertheim",
        "description": "Deutsch lernen und Mehrsprachigkeit wertschätzen: Sprachkurse, Sprachförderung in Kita und Schule, Sprachmittlung.",
    },
    {
        "name": "Bildung",
        "colour": "#2d7d46",
        "sources": "Speyer, Landshut, Bergisch Gladbach",
        "description": "Schulische und außerschulische Bildung, frühkindliche Bildung, Übergänge Schule–Beruf.",
    },
    {
        "name": "Arbeit und Qualifizierung",
        "colour": "#8a4b0f",
        "sources": "Speyer (Arbeit), Lampertheim, Bergisch Gladbach (Arbeit & Beschäftigung)",
        "description": "Zugang zu Ausbildung und Arbeit, Anerkennung ausländischer Abschlüsse, Qualifizierung.",
    },
    {
        "name": "Gesundheit",
        "colour": "#a1262d",
        "sources": "Speyer, Landshut",
        "description": "Zugang zu Gesundheitsversorgung und Prävention, kultursensible Pflege, psychosoziale Beratung.",
    },
    {
        "name": "Wohnen",
        "colour": "#5b3f8c",
        "sources": "Speyer, Lampertheim, Landshut (Wohnungspolitik)",
        "description": "Zugang zu Wohnraum, Nachbarschaft und Quartier, Vermeidung von Segregation.",
    },
    {
        "name": "Freizeit und Sport",
        "colour": "#0f6e6e",
        "sources": "Speyer, Bergisch Gladbach (Freizeit & Kultur)",
        "description": "Begegnung in Vereinen, Sport und Freizeit, offene Angebote im Stadtteil.",
    },
    {
        "name": "Kultur",
        "colour": "#7a5a00",
        "sources": "Speyer, Bergisch Gladbach (Freizeit & Kultur)",
        "description": "Kulturelle Teilhabe, interkulturelle Feste, Kultureinrichtungen für alle.",
    },
    {
        "name": "Politische Partizipation",
        "colour": "#3b4f9a",
        "sources": "Speyer, Landshut (Beteiligung), Bergisch Gladbach (Teilhabe und politische Mitbestimmung)",
        "description": "Mitbestimmung und Beteiligung, Integrationsrat und Beirat, Einbürgerung.",
    },
    {
        "name": "Soziales",
        "colour": "#6b4e2e",
        "sources": "Landshut",
        "description": "Soziale Beratung und Unterstützung, Familien, Seniorinnen und Senioren, Armutsprävention.",
    },
    {
        "name": "Ehrenamt",
        "colour": "#2f6f3f",
        "sources": "Lampertheim",
        "description": "Bürgerschaftliches Engagement von und für Zugewanderte, Patenschaften, Migrantenorganisationen.",
    },
    {
        "name": "Interkulturelle Öffnung der Verwaltung",
        "colour": "#454f5b",
        "sources": "Landshut, Lampertheim (Verwaltung)",
        "description": "Die Verwaltung für alle zugänglich machen: Mehrsprachigkeit, Personal mit Einwanderungsgeschichte, Schulungen.",
    },
    {
        "name": "Abbau von Diskriminierung",
        "colour": "#8c2f5d",
        "sources": "Speyer (strukturelle Teilhabebarrieren)",
        "description": "Strukturelle Teilhabebarrieren erkennen und abbauen, Antidiskriminierungsberatung.",
    },
]


def seed_field_catalogue(template_model) -> None:  # type: ignore[no-untyped-def]
    """Write the catalogue into ``FieldOfActionTemplate`` (the model as of the caller: the
    migration passes its historical model, the test setup the current one)."""
    for position, entry in enumerate(FIELD_CATALOGUE, start=1):
        template_model.objects.update_or_create(
            name=entry["name"], defaults={**entry, "position": position}
        )
