"""The demo: Stadt Köln with its real areas, and a fictional county with two towns.

``demo_load`` is idempotent: what exists is kept, and only what is missing is created. Other
parts of Teilhabe add their demo content through ``teilhabe.core.seeding`` (called in
registration order); this module and theirs are imported only when the demo is loaded.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.catalogue import FIELD_CATALOGUE
from teilhabe.core.geo import AreaMapping, parse_area_features
from teilhabe.core.models import (
    AreaKind,
    FieldOfAction,
    FieldOfActionTemplate,
    Membership,
    Municipality,
    MunicipalityKind,
    OrgUnit,
    OrgUnitKind,
    Role,
    User,
)
from teilhabe.core.seeding import demo_steps
from teilhabe.core.services import areas_import, fields_of_action_adopt, municipality_create

KOELN_ARS = "053150000000"
COUNTY_ARS = "059990000000"
TOWN_ARS = "059990001001"
VILLAGE_ARS = "059990002002"
DEMO_PASSWORD = "Teilhabe-Demo-2026"  # noqa: S105  (printed for the demo, documented in the README)
# Demo admins and editors get a TOTP device with this key, so a demo login needs no phone:
# `manage.py demo_code EMAIL` prints the current code. Never used outside demo municipalities.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"


def data_dir() -> Path:
    shared = Path(settings.TEILHABE_SHARED_DATA) / "koeln"
    return (
        shared
        if (shared / "stadtteile.geojson").exists()
        else Path(settings.BASE_DIR) / "data" / "koeln"
    )


KOELN_FIELDS = [
    "Sprache",
    "Bildung",
    "Arbeit und Qualifizierung",
    "Gesundheit",
    "Wohnen",
    "Freizeit und Sport",
    "Kultur",
    "Politische Partizipation",
]
KOELN_UNITS = [
    ("Dezernat für Soziales, Gesundheit und Wohnen", "Dez. V", OrgUnitKind.DEZERNAT),
    ("Amt für Integration und Vielfalt", "Amt 15", OrgUnitKind.AMT),
    ("Amt für Stadtentwicklung und Statistik", "Amt 15/St", OrgUnitKind.AMT),
    ("Amt für Schulentwicklung", "Amt 40", OrgUnitKind.AMT),
    ("Amt für Kinder, Jugend und Familie", "Amt 51", OrgUnitKind.AMT),
    ("Amt für Soziales, Arbeit und Senioren", "Amt 50", OrgUnitKind.AMT),
    ("Gesundheitsamt", "Amt 53", OrgUnitKind.AMT),
    ("Amt für Wohnungswesen", "Amt 56", OrgUnitKind.AMT),
    ("Kämmerei", "Amt 20", OrgUnitKind.AMT),
    ("Rechtsamt", "Amt 30", OrgUnitKind.AMT),
    ("Personal- und Verwaltungsmanagement", "Amt 11", OrgUnitKind.AMT),
    ("Gleichstellungsamt", "Amt 16", OrgUnitKind.STABSSTELLE),
]


def _user(email: str, first: str, last: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
    return user


def _member(user: User, municipality: Municipality, role: str, **extra: object) -> None:
    membership, _created = Membership.objects.get_or_create(
        user=user, municipality=municipality, role=role, defaults=extra
    )
    membership.full_clean()
    if (
        role in (Role.ADMIN, Role.EDITOR)
        and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    ):
        TOTPDevice.objects.create(user=user, name="Demo", key=DEMO_TOTP_KEY, confirmed=True)


def _import_geojson(
    municipality: Municipality, filename: str, mapping: AreaMapping, kind: str
) -> None:
    path = data_dir() / filename
    parsed = parse_area_features(path.read_bytes(), mapping, filename=filename)
    areas_import(municipality=municipality, parsed=parsed, kind=kind)


def _square(lon: float, lat: float, size: float) -> dict[str, object]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@transaction.atomic
def demo_koeln() -> Municipality:
    koeln = Municipality.objects.filter(ars=KOELN_ARS).first() or municipality_create(
        ars=KOELN_ARS, name="Stadt Köln", kind=MunicipalityKind.KREISFREIE_STADT, is_demo=True
    )
    if not koeln.areas.exists():
        _import_geojson(
            koeln,
            "stadtbezirke.geojson",
            AreaMapping("STB_NR", "STB_NAME", key_width=3),
            AreaKind.STADTBEZIRK,
        )
        _import_geojson(
            koeln,
            "stadtteile.geojson",
            AreaMapping(
                "STT_NR", "STT_NAME", parent_prefix_length=1, key_width=3, parent_key_width=3
            ),
            AreaKind.STADTTEIL,
        )
    fields_of_action_adopt(
        municipality=koeln,
        templates=list(FieldOfActionTemplate.objects.filter(name__in=KOELN_FIELDS)),
    )
    for name, short, kind in KOELN_UNITS:
        OrgUnit.objects.get_or_create(
            municipality=koeln, name=name, defaults={"short_name": short, "kind": kind}
        )
    youth = OrgUnit.objects.get(municipality=koeln, name="Amt für Kinder, Jugend und Familie")
    language = FieldOfAction.objects.get(municipality=koeln, name="Sprache")
    _member(_user("integration@koeln.example", "Aylin", "Demir"), koeln, Role.ADMIN)
    _member(_user("redaktion@koeln.example", "Jonas", "Becker"), koeln, Role.EDITOR)
    _member(_user("steuerung@koeln.example", "Maria", "Schneider"), koeln, Role.STEERING)
    _member(
        _user("ag-sprache@koeln.example", "Olena", "Kovalenko"),
        koeln,
        Role.WORKING_GROUP,
        field_of_action=language,
    )
    _member(
        _user("jugendamt@koeln.example", "Thomas", "Wagner"), koeln, Role.OFFICE, org_unit=youth
    )
    _member(_user("rat@koeln.example", "Hatice", "Yılmaz"), koeln, Role.READER)
    _member(
        _user("moderation@koeln.example", "Lena", "Hoffmann"),
        koeln,
        Role.MODERATOR,
        valid_until=date(2027, 12, 31),
    )
    return koeln


@transaction.atomic
def demo_federation() -> Municipality:
    county = Municipality.objects.filter(ars=COUNTY_ARS).first() or municipality_create(
        ars=COUNTY_ARS, name="Kreis Beispielland (Demo)", kind=MunicipalityKind.KREIS, is_demo=True
    )
    town = Municipality.objects.filter(ars=TOWN_ARS).first() or municipality_create(
        ars=TOWN_ARS,
        name="Stadt Beispielstadt (Demo)",
        kind=MunicipalityKind.GEMEINDE,
        parent=county,
        is_demo=True,
    )
    village = Municipality.objects.filter(ars=VILLAGE_ARS).first() or municipality_create(
        ars=VILLAGE_ARS,
        name="Gemeinde Musterdorf (Demo)",
        kind=MunicipalityKind.GEMEINDE,
        parent=county,
        administered_by_parent=True,
        is_demo=True,
    )
    if not county.areas.exists():
        from teilhabe.core.models import Area

        Area.objects.create(
            municipality=county,
            key=TOWN_ARS,
            name=town.name,
            kind=AreaKind.GEMEINDE,
            geometry=_square(7.10, 50.90, 0.08),
        )
        Area.objects.create(
            municipality=county,
            key=VILLAGE_ARS,
            name=village.name,
            kind=AreaKind.GEMEINDE,
            geometry=_square(7.18, 50.90, 0.08),
        )
    templates = list(
        FieldOfActionTemplate.objects.filter(name__in=[e["name"] for e in FIELD_CATALOGUE[:5]])
    )
    for municipality in (county, town, village):
        fields_of_action_adopt(municipality=municipality, templates=templates)
    _member(_user("kreis@beispielland.example", "Sabine", "Krüger"), county, Role.ADMIN)
    _member(_user("stadt@beispielstadt.example", "Murat", "Aksoy"), town, Role.ADMIN)
    _member(_user("rat@beispielstadt.example", "Peter", "Lange"), town, Role.READER)
    return county


def demo_load() -> list[Municipality]:
    koeln = demo_koeln()
    county = demo_federation()
    for step in demo_steps():
        step(koeln)
    return [koeln, county]


DEMO_LOGINS = [
    (
        "integration@koeln.example",
        "Stadt Köln",
        "Administration (Integrationsbeauftragte), Zwei-Faktor",
    ),
    ("redaktion@koeln.example", "Stadt Köln", "Redaktion, Zwei-Faktor"),
    ("steuerung@koeln.example", "Stadt Köln", "Steuerungsgruppe"),
    ("ag-sprache@koeln.example", "Stadt Köln", "Arbeitsgruppe Sprache"),
    ("jugendamt@koeln.example", "Stadt Köln", "zuständige Stelle (Jugendamt)"),
    ("rat@koeln.example", "Stadt Köln", "Lesezugriff (Rat)"),
    ("moderation@koeln.example", "Stadt Köln", "externe Prozessmoderation bis 31.12.2027"),
    (
        "kreis@beispielland.example",
        "Kreis Beispielland",
        "Administration; verwaltet Musterdorf stellvertretend",
    ),
    ("stadt@beispielstadt.example", "Stadt Beispielstadt", "Administration"),
    ("rat@beispielstadt.example", "Stadt Beispielstadt", "Lesezugriff"),
]
