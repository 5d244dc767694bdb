"""Seed the catalogue of fields of action from the five council papers (reversible)."""

from django.db import migrations


def seed(apps, schema_editor):
    from teilhabe.core.catalogue import seed_field_catalogue

    seed_field_catalogue(apps.get_model("core", "FieldOfActionTemplate"))


def unseed(apps, schema_editor):
    from teilhabe.core.catalogue import FIELD_CATALOGUE

    apps.get_model("core", "FieldOfActionTemplate").objects.filter(name__in=[e["name"] for e in FIELD_CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
