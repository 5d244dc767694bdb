"""Move each offer's single location (venue, area, coordinates) into an OfferLocation.

Reversible: going back copies the first location of each offer onto the offer again (further
locations are lost then, as the old schema has room for one only).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Offer = apps.get_model("inventory", "Offer")
    OfferLocation = apps.get_model("inventory", "OfferLocation")
    batch = []
    offers = Offer.objects.exclude(
        venue="", area__isnull=True, latitude__isnull=True, longitude__isnull=True
    )
    for offer in offers.iterator():
        batch.append(
            OfferLocation(
                offer_id=offer.pk,
                position=0,
                venue=offer.venue,
                area_id=offer.area_id,
                latitude=offer.latitude,
                longitude=offer.longitude,
            )
        )
    OfferLocation.objects.bulk_create(batch, batch_size=500)


def backwards(apps, schema_editor):
    Offer = apps.get_model("inventory", "Offer")
    OfferLocation = apps.get_model("inventory", "OfferLocation")
    first: dict[int, object] = {}
    for location in OfferLocation.objects.order_by("offer_id", "position", "pk"):
        first.setdefault(location.offer_id, location)
    for offer_id, location in first.items():
        Offer.objects.filter(pk=offer_id).update(
            venue=(location.venue or location.street)[:200],
            area_id=location.area_id,
            latitude=location.latitude,
            longitude=location.longitude,
        )
    OfferLocation.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_offer_locations")]

    operations = [migrations.RunPython(forwards, backwards)]
