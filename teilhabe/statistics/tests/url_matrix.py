"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from tests.url_matrix import EDIT, READ, REDIRECT, Row, ars


def setup(world) -> None:  # type: ignore[no-untyped-def]
    """Create the objects the rows below need; store them in world.extra."""
    from django.core.files.base import ContentFile

    from teilhabe.statistics.models import Dataset, DistrictIndexRun, Indicator

    dataset = Dataset(
        municipality=world.municipality,
        title="Test",
        source="Test",
        table_code="t",
        format="koeln",
        file_name="t.csv",
        sha256="0" * 64,
    )
    dataset.file.save("t.csv", ContentFile(b"x"), save=False)
    dataset.save()
    world.extra["dataset"] = dataset
    world.extra["indicator"] = Indicator.objects.create(
        municipality=world.municipality, code="t", name="Test", definition="Test"
    )
    world.extra["index_run"] = DistrictIndexRun.objects.create(
        municipality=world.municipality, name="Test", parameters={"indicators": []}
    )


def _pk(key: str):  # type: ignore[no-untyped-def]
    return lambda w: ars(w) | {"pk": w.extra[key].pk}


MATRIX: list = [
    Row("statistics:dataset_list", ars, READ),
    Row("statistics:dataset_detail", _pk("dataset"), READ),
    Row("statistics:dataset_download", _pk("dataset"), READ),
    Row("statistics:dataset_import", ars, EDIT),
    Row(
        "statistics:dataset_import_check",
        ars,
        EDIT | {r: REDIRECT for r, s in EDIT.items() if s == 200},
    ),
    Row("statistics:indicator_list", ars, READ),
    Row("statistics:indicator_detail", _pk("indicator"), READ),
    Row("statistics:indicator_csv", _pk("indicator"), READ),
    Row("statistics:index_list", ars, READ),
    Row("statistics:index_create", ars, EDIT),
    Row("statistics:index_detail", _pk("index_run"), READ),
]
