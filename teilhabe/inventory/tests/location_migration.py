"""Run the offer-location data migration forwards and back on a fresh SQLite database of its
own: ``python -m teilhabe.inventory.tests.location_migration DB_PATH`` prints JSON.

Migrating the test database back would unapply every later migration of every app that depends
on the inventory; a database that holds only the inventory's dependencies takes seconds."""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal


def main(db_path: str) -> dict[str, object]:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.loader import MigrationLoader

    def executor_of_the_old_migrations() -> MigrationExecutor:
        # The inventory's squashed migration replaces these steps in a new database.
        executor = MigrationExecutor(connection)
        executor.loader = MigrationLoader(connection, replace_migrations=False)
        return executor

    before = ("inventory", "0002_offer_locations")
    after = ("inventory", "0004_offer_single_location_removed")
    executor = executor_of_the_old_migrations()
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    municipality = old.get_model("core", "Municipality").objects.create(
        ars="053150000000", name="Stadt Köln", kind="kreisfreie_stadt"
    )
    area = old.get_model("core", "Area").objects.create(
        municipality=municipality, key="101", name="Altstadt/Süd", kind="stadtteil"
    )
    actor = old.get_model("inventory", "Actor").objects.create(
        municipality=municipality, name="AWO", kind="wohlfahrtsverband"
    )
    offer_model = old.get_model("inventory", "Offer")
    offer = offer_model.objects.create(
        municipality=municipality,
        actor=actor,
        title="Frauentreff",
        form="gruppe",
        venue="Begegnungszentrum",
        area=area,
        latitude=Decimal("50.94"),
        longitude=Decimal("6.96"),
    )
    bare = offer_model.objects.create(
        municipality=municipality, actor=actor, title="Online-Beratung", form="online"
    )

    executor = executor_of_the_old_migrations()
    executor.migrate([after])
    new = executor.loader.project_state([after]).apps
    locations = new.get_model("inventory", "OfferLocation").objects
    moved = locations.get(offer_id=offer.pk)
    bare_has_location = locations.filter(offer_id=bare.pk).exists()

    executor = executor_of_the_old_migrations()
    executor.migrate([before])
    restored = (
        executor.loader.project_state([before]).apps.get_model("inventory", "Offer").objects
    ).get(pk=offer.pk)
    return {
        "area": area.pk,
        "moved": [moved.venue, moved.area_id],
        "bare_has_location": bare_has_location,
        "restored": [restored.venue, restored.area_id, str(restored.latitude)],
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
