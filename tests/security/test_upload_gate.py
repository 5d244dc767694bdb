"""Every file field refuses files that are not what they claim, by content, with a German
message, and stores nothing. The hostile corpus is built here, small, from a valid table."""

from __future__ import annotations

import functools
import importlib
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from conftest import login
from teilhabe.core import uploads
from teilhabe.core.uploads import GatedFileField, UploadGate, UploadRefused, check_upload
from tests.reliability.hostile import _rewrite_zip, to_csv, to_xlsx, xml_bomb_xlsx
from tests.url_matrix import APPS

TABLE = [["Träger", "Plätze"], ["Caritas Köln", "12"], ["Sprachcafé Ehrenfeld", "30"]]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


def _docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Integrationskonzept 2019")
    document.save(out)
    return out.getvalue()


def _pdf() -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache
def _zip_bomb() -> bytes:
    """An XLSX with a sheet of 40 MB of one repeated row: about 1000:1, 40 KB on disk."""
    data = to_xlsx(TABLE)
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>'
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + row * (40_000_000 // len(row)) + b"</sheetData></worksheet>"
    )
    return _rewrite_zip(data, {"xl/worksheets/sheet1.xml": sheet})


def _many_members() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for n in range(uploads.MAX_MEMBERS + 1):
            target.writestr(f"customXml/extra{n}.xml", b"<a/>")
    return out.getvalue()


# name → (file name, builder): each is refused by every field, whatever kinds it accepts.
HOSTILE = {
    "zip_bomb_xlsx": ("Kennzahlen.xlsx", _zip_bomb),
    "billion_laughs_xlsx": ("Kennzahlen.xlsx", lambda: xml_bomb_xlsx(TABLE)),
    "csv_renamed_xlsx": ("Kennzahlen.xlsx", lambda: to_csv(TABLE).encode()),
    "xlsx_renamed_pdf": ("Anlage.pdf", lambda: to_xlsx(TABLE)),
    "pdf_zip_polyglot": ("Anlage.docx", lambda: b"%PDF-1.4\n%\xe2\xe3\n" + _docx()),
    "png_html_polyglot": ("Logo.png", lambda: _png() + b"<html><script>alert(1)</script>"),
    "html_as_pdf": ("Protokoll.pdf", lambda: b"<!DOCTYPE html><script>alert(1)</script>"),
    "broken_pdf": ("Protokoll.pdf", lambda: b"%PDF-1.7\n1 0 obj << /Kaputt >>\n" * 20),
    "empty": ("Leer.docx", lambda: b""),
    "exe_as_docx": ("Einladung.docx", lambda: b"MZ\x90\x00\x03" + bytes(500)),
    "svg_with_script": (
        "Logo.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
    ),
    "too_many_members_docx": ("Konzept.docx", _many_members),
    "csv_with_binary": ("Liste.csv", lambda: to_csv(TABLE).encode() + bytes(range(256))),
}

# Every file field that takes uploads, with what it accepts (checked against the real field).
MODEL_FIELDS = {
    "core.Municipality.logo": ("png", "jpeg", "svg"),
    "council.CouncilSettings.docx_template": ("docx",),
    "council.Attachment.file": ("pdf", "docx", "xlsx", "odt", "ods", "png", "jpeg"),
    "participation.GroupDocument.file": (
        "pdf",
        "docx",
        "xlsx",
        "odt",
        "ods",
        "pptx",
        "png",
        "jpeg",
    ),
    "participation.EventAttachment.file": ("pdf", "jpeg", "png", "docx", "xlsx"),
}
FORM_FIELDS = {
    "teilhabe.core.forms.AreaImportForm.file": ("geojson",),
    "teilhabe.concept.forms.UploadForm.file": ("xlsx", "csv"),
    "teilhabe.concept.forms.WordUploadForm.file": ("docx",),
    "teilhabe.council.forms.AttachmentForm.file": MODEL_FIELDS["council.Attachment.file"],
    "teilhabe.inventory.forms.ImportForm.file": ("xlsx", "csv"),
}
# File fields outside the gate, with the reason.
OUTSIDE = {
    "reports.Edition.pdf": "written by Teilhabe itself, never uploaded",
    "reports.Edition.docx": "written by Teilhabe itself, never uploaded",
    "reports.Edition.xlsx": "written by Teilhabe itself, never uploaded",
    "statistics.Dataset.file": "stored by the importers, which refuse hostile files themselves "
    "(tests/reliability/test_uploads.py, test_bad_input.py)",
    "teilhabe.statistics.forms.DatasetUploadForm.file": "the importers refuse hostile files "
    "(tests/reliability/test_uploads.py)",
    "teilhabe.statistics.forms.IndexUploadForm.file": "the importers refuse hostile files "
    "(tests/reliability/test_uploads.py)",
}


def _model_file_fields() -> dict[str, models.FileField]:
    return {
        f"{m._meta.app_label}.{m.__name__}.{f.name}": f
        for m in apps.get_models()
        if m.__module__.startswith("teilhabe.") and not m.__name__.startswith("Historical")
        for f in m._meta.get_fields()
        if isinstance(f, models.FileField)
    }


def _form_file_fields() -> dict[str, forms.FileField]:
    """File fields declared on the forms of every part (a ModelForm's come from its model)."""
    found = {}
    for app in ["core", *APPS]:
        try:
            module = importlib.import_module(f"teilhabe.{app}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in vars(module).items():
            if not (isinstance(cls, type) and issubclass(cls, forms.BaseForm)):
                continue
            if cls.__module__ != module.__name__ or issubclass(cls, forms.BaseModelForm):
                continue
            for field_name, field in cls.base_fields.items():
                if isinstance(field, forms.FileField):
                    found[f"{module.__name__}.{name}.{field_name}"] = field
    return found


def test_every_file_field_is_gated_or_named_outside_with_a_reason():
    model_fields, form_fields = _model_file_fields(), _form_file_fields()
    missing = sorted(
        (set(model_fields) | set(form_fields)) - set(MODEL_FIELDS) - set(FORM_FIELDS) - set(OUTSIDE)
    )
    assert not missing, f"file fields not in the hostile corpus test: {missing}"
    for name, kinds in MODEL_FIELDS.items():
        gates = [v for v in model_fields[name].validators if isinstance(v, UploadGate)]
        assert [g.kinds for g in gates] == [kinds], name
        assert isinstance(model_fields[name].upload_to, uploads.StoredName), name
    for name, kinds in FORM_FIELDS.items():
        assert isinstance(form_fields[name], GatedFileField), name
        assert form_fields[name].kinds == tuple(kinds), name


def _run_field(field_id: str, upload: SimpleUploadedFile) -> None:
    if field_id in MODEL_FIELDS:
        field = _model_file_fields()[field_id]
        field.run_validators(upload)
    else:
        _form_file_fields()[field_id].clean(upload)


@pytest.mark.parametrize("field_id", [*MODEL_FIELDS, *FORM_FIELDS])
@pytest.mark.parametrize("variant", list(HOSTILE))
def test_every_file_field_refuses_the_hostile_corpus_in_german(field_id, variant):
    name, build = HOSTILE[variant]
    with translation.override("de"), pytest.raises(forms.ValidationError) as refused:
        _run_field(field_id, SimpleUploadedFile(name, build()))
    message = " ".join(refused.value.messages)
    assert "Datei" in message or "PDF" in message or "SVG" in message or "Bild" in message, message


@pytest.mark.parametrize(
    ("name", "build", "kinds"),
    [
        ("Anlage.pdf", _pdf, ("pdf",)),
        ("Konzept 2019.docx", _docx, ("docx", "pdf")),
        ("Träger.xlsx", lambda: to_xlsx(TABLE), ("xlsx", "csv")),
        ("Träger.csv", lambda: to_csv(TABLE).encode("cp1252"), ("xlsx", "csv")),
        ("Träger.csv", lambda: to_csv(TABLE).encode("utf-16"), ("xlsx", "csv")),
        ("Logo.png", _png, ("png", "jpeg", "svg")),
        ("Logo.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', ("svg",)),
    ],
)
def test_real_files_pass_the_gate(name, build, kinds, tmp_path):
    upload = SimpleUploadedFile(name, build())
    kind = check_upload(upload, kinds=kinds)
    assert kind.key in kinds
    # The same check on a path on disk (the statistics import streams there).
    path = tmp_path / name
    path.write_bytes(build())
    assert check_upload(path, kinds=kinds) == kind


def test_the_zip_bomb_is_refused_without_unpacking_it_in_memory(tmp_path):
    import tracemalloc

    path = tmp_path / "bombe.xlsx"
    path.write_bytes(_zip_bomb())
    assert path.stat().st_size < 500_000
    tracemalloc.start()
    with pytest.raises(UploadRefused):
        check_upload(path, kinds=["xlsx"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5_000_000, peak


def _paper(world):
    from teilhabe.council import services
    from teilhabe.council.models import Paper, PaperType

    m = world.municipality
    services.paper_types_ensure(municipality=m)
    return services.paper_save(
        paper=Paper(
            municipality=m,
            paper_type=PaperType.objects.get(municipality=m, name="Beschlussvorlage"),
            subject="Integrationskonzept – Beschluss",
            lead=world.org_unit,
        ),
        sections=[],
    )


@pytest.fixture
def staff(world):
    return login(Client(), world.users["admin"])


def _media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("variant", list(HOSTILE))
def test_the_stores_refuse_hostile_files_and_store_nothing(world, staff, settings, variant):
    """The three stores of the outside review: council attachments, event attachments, group
    documents (and the logo): a German error on the form, no row, no file on disk."""
    from teilhabe.council.models import Attachment
    from teilhabe.participation.models import Event, EventAttachment, GroupDocument, WorkingGroup

    ars = world.municipality.ars
    paper = _paper(world)
    event = Event.objects.create(
        municipality=world.municipality,
        kind="conference",
        title="Werkstatt Sprache",
        date=date(2026, 3, 14),
    )
    group = WorkingGroup.objects.create(
        municipality=world.municipality, field_of_action=world.field, name="AG Sprache"
    )
    name, build = HOSTILE[variant]
    posts = [
        (reverse("council:paper_attachments", args=[ars, paper.pk]), {"title": "Anlage"}),
        (
            reverse("participation:attachment_add", args=[ars, event.pk]),
            {"kind": "other", "title": "Teilnahmeliste"},
        ),
        (reverse("participation:document_add", args=[ars, "ag", group.pk]), {"title": "Protokoll"}),
    ]
    with translation.override("de"):
        for url, data in posts:
            response = staff.post(url, data | {"file": SimpleUploadedFile(name, build())})
            assert response.status_code == 200, url
            assert "Datei" in response.content.decode() or "PDF" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not EventAttachment.objects.exists()
    assert not GroupDocument.objects.exists()
    assert _media_files(settings) == []


def test_a_stored_file_gets_a_generated_name_and_downloads_under_its_own(world, staff, settings):
    from teilhabe.council.models import Attachment

    ars = world.municipality.ars
    paper = _paper(world)
    response = staff.post(
        reverse("council:paper_attachments", args=[ars, paper.pk]),
        {"title": "Anlage 1", "file": SimpleUploadedFile("../../Anlage 1 (Entwurf).pdf", _pdf())},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Anlage 1 (Entwurf).pdf"
    assert "Entwurf" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    download = staff.get(reverse("council:attachment_download", args=[ars, attachment.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Anlage%201%20%28Entwurf%29.pdf" in download["Content-Disposition"] or (
        "Anlage 1 (Entwurf).pdf" in download["Content-Disposition"]
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")
