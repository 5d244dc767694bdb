"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from tests.url_matrix import EDIT, POST_EDIT, READ, REDIRECT, Row, ars


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
    world.extra["statistics_dataset"] = dataset
    world.extra["statistics_indicator"] = Indicator.objects.create(
        municipality=world.municipality, code="t", name="Test", definition="Test"
    )
    world.extra["statistics_index_run"] = DistrictIndexRun.objects.create(
        municipality=world.municipality, name="Test", parameters={"indicators": []}
    )


def _pk(key: str):  # type: ignore[no-untyped-def]
    return lambda w: ars(w) | {"pk": w.extra[key].pk}


MATRIX: list = [
    Row("statistics:dataset_list", ars, READ),
    Row("statistics:dataset_detail", _pk("statistics_dataset"), READ),
    Row("statistics:dataset_edit", _pk("statistics_dataset"), EDIT),
    Row("statistics:dataset_download", _pk("statistics_dataset"), READ),
    Row("statistics:dataset_import", ars, EDIT),
    Row(
        "statistics:dataset_import_check",
        ars,
        EDIT | {r: REDIRECT for r, s in EDIT.items() if s == 200},
    ),
    Row("statistics:indicator_list", ars, READ),
    Row("statistics:indicator_detail", _pk("statistics_indicator"), READ),
    Row("statistics:indicator_create", ars, EDIT),
    Row("statistics:indicator_edit", _pk("statistics_indicator"), EDIT),
    Row("statistics:indicator_publication", _pk("statistics_indicator"), POST_EDIT),
    Row("statistics:indicator_csv", _pk("statistics_indicator"), READ),
    Row("statistics:index_list", ars, READ),
    Row("statistics:index_create", ars, EDIT),
    Row("statistics:index_import", ars, EDIT),
    Row(
        "statistics:index_import_check",
        ars,
        EDIT | {r: REDIRECT for r, s in EDIT.items() if s == 200},
    ),
    Row("statistics:index_detail", _pk("statistics_index_run"), READ),
]
