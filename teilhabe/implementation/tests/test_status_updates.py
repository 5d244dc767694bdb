"""Status updates: the measure follows the newest one, and their import from a spreadsheet."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from teilhabe.concept.tests.factories import measure
from teilhabe.implementation import imports, services
from teilhabe.implementation.models import StatusUpdate


def test_status_update_sets_the_traffic_light_and_starts_the_measure(world):
    m = measure(world)
    services.status_update_create(
        measure=m,
        traffic_light="yellow",
        text="Räume fehlen.",
        user=world.users["office"],
        progress_percent=30,
    )
    m.refresh_from_db()
    assert (m.traffic_light, m.progress_percent, m.implementation_state) == (
        "yellow",
        30,
        "in_progress",
    )


def test_status_updates_import(world):
    measure(world, number="SP-1")
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "Nummer",
            "Datum",
            "Ampel",
            "Sachstand",
            "Fortschritt (%)",
            "Erreichte Teilnehmende",
            "Verausgabte Mittel (EUR)",
        ]
    )
    ws.append(["SP-1", date(2026, 5, 1), "gefährdet", "Raum fehlt", 40, 25, "1.000,00"])
    out = io.BytesIO()
    wb.save(out)
    parsed = imports.parse_status_updates(
        municipality=world.municipality, data=out.getvalue(), filename="s.xlsx"
    )
    assert parsed.ok, parsed.errors
    assert imports.status_updates_import(
        municipality=world.municipality, parsed=parsed, user=None
    ) == {"created": 1, "unchanged": 0}
    assert imports.status_updates_import(
        municipality=world.municipality, parsed=parsed, user=None
    ) == {"created": 0, "unchanged": 1}
    update = StatusUpdate.objects.get()
    assert (update.traffic_light, update.money_spent, update.participants) == (
        "yellow",
        Decimal("1000.00"),
        25,
    )


def test_the_import_template_has_the_columns_of_the_import(world, client):
    from django.urls import reverse
    from openpyxl import load_workbook

    from conftest import login

    login(client, world.users["admin"])
    url = reverse("implementation:update_import_template", args=[world.municipality.ars])
    assert url.endswith("/massnahmen/import/vorlage/sachstaende/")
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [label for _key, label in imports.UPDATE_COLUMNS]


def test_evaluation_history_names_the_author_outside_a_request(world):
    from teilhabe.implementation.models import Evaluation

    editor = world.users["editor"]
    evaluation = services.evaluation_save(
        evaluation=Evaluation(
            municipality=world.municipality, measure=measure(world), report_year=2025
        ),
        expected_version=None,
        user=editor,
    )
    assert evaluation.history.first().history_user == editor
