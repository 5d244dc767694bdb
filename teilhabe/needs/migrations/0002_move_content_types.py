"""The content types (and with them the permissions and every generic relation) of the models
that moved from the concept app to the needs app follow them: app_label concept → needs."""

from django.db import migrations

MOVED = [
    "need",
    "needevidence",
    "needsettings",
    "needproposal",
    "weighingcriterion",
    "weighinground",
    "needrating",
    "targetgroup",
    "historicalneed",
    "historicalneedevidence",
    "historicalneedsettings",
    "historicalneedproposal",
    "historicalweighingcriterion",
    "historicalweighinground",
    "historicalneedrating",
    "historicaltargetgroup",
]


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(
        ContentType.objects.using(db)
        .filter(app_label=new, model__in=MOVED)
        .values_list("model", flat=True)
    )
    ContentType.objects.using(db).filter(app_label=old, model__in=MOVED).exclude(
        model__in=taken
    ).update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "concept", "needs")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "needs", "concept")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("needs", "0001_initial"),
        ("concept", "0004_move_needs_out"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
