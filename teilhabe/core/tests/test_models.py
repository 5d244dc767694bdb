from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from teilhabe.core.models import Municipality, MunicipalityKind
from teilhabe.core.services import municipality_create


@pytest.mark.parametrize(
    ("ars", "kind", "ags"),
    [
        ("053150000000", MunicipalityKind.KREISFREIE_STADT, "05315000"),  # Köln
        ("053780004004", MunicipalityKind.GEMEINDE, "05378004"),  # Bergisch Gladbach
        ("053780000000", MunicipalityKind.KREIS, None),  # Rheinisch-Bergischer Kreis
        ("050000000000", MunicipalityKind.LAND, None),
        ("073385003000", MunicipalityKind.VERBAND, None),
    ],
)
def test_valid_ars_and_derived_ags(db, ars, kind, ags):
    municipality = Municipality(ars=ars, name="X", kind=kind)
    municipality.full_clean()
    assert municipality.ags == ags


@pytest.mark.parametrize(
    ("ars", "kind"),
    [
        ("05315000000", MunicipalityKind.KREISFREIE_STADT),  # 11 digits
        ("173150000000", MunicipalityKind.KREISFREIE_STADT),  # no Land 17
        ("05315000000A", MunicipalityKind.KREISFREIE_STADT),
        ("053780004004", MunicipalityKind.KREIS),  # a town's key is no county
        ("053150000000", MunicipalityKind.GEMEINDE),  # a city's key has no Gemeinde number
    ],
)
def test_invalid_ars_is_refused_with_a_german_message(db, ars, kind):
    with pytest.raises(ValidationError) as exc:
        Municipality(ars=ars, name="X", kind=kind).full_clean()
    assert "ars" in exc.value.message_dict


def test_ars_keeps_its_leading_zero(db):
    municipality = municipality_create(
        ars="053150000000", name="Stadt Köln", kind="kreisfreie_stadt"
    )
    assert Municipality.objects.get(pk=municipality.pk).ars == "053150000000"


def test_town_must_lie_in_its_county(db):
    county = municipality_create(
        ars="053780000000", name="Rheinisch-Bergischer Kreis", kind="kreis"
    )
    municipality_create(
        ars="053780004004", name="Bergisch Gladbach", kind="gemeinde", parent=county
    )
    with pytest.raises(ValidationError) as exc:
        municipality_create(ars="053820000001", name="Bonn-artig", kind="gemeinde", parent=county)
    assert "parent" in exc.value.message_dict


def test_only_a_town_with_county_can_be_administered_by_it(db):
    with pytest.raises(ValidationError):
        municipality_create(
            ars="053780004004", name="X", kind="gemeinde", administered_by_parent=True
        )
