"""Downloads and uploads of the concept: the measure list and the whole tree as XLSX and CSV,
import templates, and the import of measures (upload, preview with the problems per line,
confirmation; the implementation part imports status updates through the same page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concept import imports, selectors, spreadsheets
from teilhabe.concept.forms import UploadForm
from teilhabe.concept.permissions import can_edit_concept
from teilhabe.concept.spreadsheets import TREE_HEADERS
from teilhabe.core.models import Municipality
from teilhabe.core.spreadsheets import spreadsheet_response as _download
from teilhabe.core.tasks import upload_store
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view

# --- exports -------------------------------------------------------------------------------------


@municipality_view()
def measure_export(request: WorkspaceRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    municipality = request.municipality
    filters = selectors.MeasureFilters.from_params(request.GET)
    measures = list(
        selectors.measures_filtered(municipality=municipality, filters=filters).prefetch_related(
            "goals", "partner_units", "target_groups", "areas"
        )
    )
    headers = [label for _k, label in spreadsheets.MEASURE_COLUMNS]
    rows = spreadsheets.measure_rows(measures)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if fmt == "xlsx":
        content = spreadsheets.write_xlsx(sheets=[("Maßnahmen", headers, rows)])
    else:
        content = spreadsheets.write_csv(headers=headers, rows=rows)
    return _download(content, f"massnahmen-{stamp}", fmt)


@municipality_view()
def tree_export(request: WorkspaceRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    municipality = request.municipality
    tree = selectors.concept_tree(municipality=municipality)
    rows = spreadsheets.tree_rows(tree, municipality=municipality)
    name = f"integrationskonzept-{timezone.localdate().strftime('%Y-%m-%d')}"
    if fmt == "csv":
        return _download(spreadsheets.write_csv(headers=TREE_HEADERS, rows=rows), name, fmt)
    measures = list(
        selectors.measures_base(municipality=municipality)
        .prefetch_related("goals", "partner_units", "target_groups", "areas")
        .order_by("number")
    )
    content = spreadsheets.write_xlsx(
        sheets=[
            ("Konzept", TREE_HEADERS, rows),
            (
                "Maßnahmen",
                [label for _k, label in spreadsheets.MEASURE_COLUMNS],
                spreadsheets.measure_rows(measures),
            ),
        ]
    )
    return _download(content, name, fmt)


@municipality_view(can_edit_concept)
def import_template(request: WorkspaceRequest, kind: str) -> HttpResponse:
    if kind != "massnahmen":
        raise Http404
    return template_download(spreadsheets.MEASURE_COLUMNS, kind)


def template_download(columns: list[tuple[str, str]], kind: str) -> HttpResponse:
    """An empty Excel file with the columns of an import."""
    headers = [label for key, label in columns if key not in spreadsheets.EXPORT_ONLY]
    return _download(
        spreadsheets.write_xlsx(sheets=[("Vorlage", headers, [])]), f"vorlage-{kind}", "xlsx"
    )


# --- imports -------------------------------------------------------------------------------------


def import_page(
    request: WorkspaceRequest,
    *,
    session_key: str,
    parse: Any,
    apply: Any,
    template_title: str,
    done_url: str,
    template_url: str,
    columns: list[tuple[str, str]],
    **extra: Any,
) -> HttpResponse:
    """Upload → preview with the problems per line → confirm → result. Nothing is written
    before the confirmation, and only when the whole file is valid. ``extra``: more context."""
    municipality = request.municipality
    form = UploadForm(request.POST or None, request.FILES or None)
    pending = request.session.get(session_key)
    result = None
    if request.method == "POST" and "confirm" in request.POST and pending:
        result = _parse_stored(parse, municipality=municipality, pending=pending)
        if result.ok and _import_applied(request, result, apply):
            del request.session[session_key]
            return redirect(done_url)
        form = UploadForm()
    elif request.method == "POST" and form.is_valid():
        pending, result = _store_and_parse(
            request, form.cleaned_data["file"], session_key=session_key, parse=parse
        )
    return render(
        request,
        "concept/import.html",
        {
            "form": form,
            "pending": pending if result else None,
            "title": template_title,
            "template_url": template_url,
            **_preview_context(result, columns),
            **extra,
        },
    )


def _parse_stored(parse: Any, *, municipality: Municipality, pending: dict[str, str]) -> Any:
    """Parse the file stored at the upload again, for the confirmation."""
    data = (Path(settings.MEDIA_ROOT) / pending["upload"]).read_bytes()
    return parse(municipality=municipality, data=data, filename=pending["name"])


def _store_and_parse(
    request: WorkspaceRequest, upload: UploadedFile, *, session_key: str, parse: Any
) -> tuple[dict[str, str], Any]:
    """Keep an uploaded file until the confirmation (noted in the session) and parse it."""
    data = upload.read()
    suffix = Path(upload.name or "").suffix.lower()
    request.session[session_key] = {"upload": upload_store(data, suffix), "name": upload.name}
    result = parse(municipality=request.municipality, data=data, filename=upload.name)
    return request.session[session_key], result


def _preview_context(result: Any, columns: list[tuple[str, str]]) -> dict[str, Any]:
    """The import page's preview of a parsed file (if any) and the columns it expects."""
    labels = dict(columns)
    return {
        "result": result,
        "preview_columns": [
            (k, labels[k]) for k in (result.columns if result else []) if k in labels
        ],
        "preview_rows": result.rows[:20] if result else [],
        "columns": [label for k, label in columns if k not in spreadsheets.EXPORT_ONLY],
    }


def _import_applied(request: WorkspaceRequest, result: Any, apply: Any) -> bool:
    """Write a confirmed, valid import and say how it went; a validation error of the writing
    is added to the result's errors."""
    try:
        counts = apply(municipality=request.municipality, parsed=result, user=request.user)
    except ValidationError as exc:
        result.errors.extend(exc.messages)
        return False
    messages.success(
        request,
        _("Import finished: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
        % {
            "created": counts.get("created", 0),
            "updated": counts.get("updated", 0),
            "unchanged": counts.get("unchanged", 0),
        },
    )
    return True


@municipality_view(can_edit_concept)
def measure_import(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    return import_page(
        request,
        session_key="concept_measure_import",
        parse=imports.parse_measures,
        apply=lambda municipality, parsed, user: imports.measures_import(
            municipality=municipality, parsed=parsed
        ),
        template_title=_("Import measures"),
        done_url=f"/k/{municipality.ars}/massnahmen/",
        template_url=reverse("concept:import_template", args=[municipality.ars, "massnahmen"]),
        columns=spreadsheets.MEASURE_COLUMNS,
    )
