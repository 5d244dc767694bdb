"""Downloads and uploads of the concept: the measure list and the whole tree as XLSX and CSV,
import templates, and the import of measures (upload, preview with the problems per line,
confirmation; the implementation part imports status updates through the same page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.concept import imports, selectors, spreadsheets
from teilhabe.concept.forms import UploadForm
from teilhabe.concept.permissions import can_edit_concept
from teilhabe.core.spreadsheets import spreadsheet_response as _download
from teilhabe.core.tasks import upload_store
from teilhabe.core.tenancy import municipality_view


def _m(request: HttpRequest) -> Any:
    return request.municipality  # type: ignore[attr-defined]


# --- exports -------------------------------------------------------------------------------------


@municipality_view()
def measure_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    municipality = _m(request)
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


TREE_HEADERS = [
    "Ebene",
    "Handlungsfeld",
    "Nummer",
    "Titel",
    "Text",
    "Indikator",
    "Einheit",
    "Ausgangswert",
    "Ausgangsjahr",
    "Zielwert",
    "Zieljahr",
    "Maßnahmen",
]


@municipality_view()
def tree_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    municipality = _m(request)
    t = selectors.concept_tree(municipality=municipality)
    blank = [""] * 7
    rows: list[list[Any]] = []
    if t.vision:
        rows.append(["Leitbild", "", "", "", t.vision.text, *blank])
    for i, g in enumerate(t.guidelines, start=1):
        rows.append(["Leitlinie", "", str(i), g.title, g.text, *blank])
    for f in t.fields:
        rows.append(
            [
                "Handlungsfeld",
                f.field.name,
                "",
                f.field.name,
                f.field.description,
                *[""] * 6,
                f.rollup.total,
            ]
        )
        for sg in f.strategic_goals:
            s = sg.strategic_goal
            rows.append(
                [
                    municipality.strategic_goal_label,
                    f.field.name,
                    "",
                    s.title,
                    s.text,
                    *[""] * 6,
                    sg.rollup.total,
                ]
            )
            for gn in sg.goals:
                g = gn.goal
                rows.append(
                    [
                        municipality.goal_label,
                        f.field.name,
                        "",
                        g.title,
                        g.text,
                        g.indicator_text,
                        g.unit,
                        g.baseline_value,
                        g.baseline_year,
                        g.target_value,
                        g.target_year,
                        "; ".join(m.number for m in gn.measures),
                    ]
                )
        for r in f.recommendations:
            rows.append(["Handlungsempfehlung", f.field.name, r.number, r.title, r.text, *[""] * 7])
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if fmt == "csv":
        return _download(
            spreadsheets.write_csv(headers=TREE_HEADERS, rows=rows),
            f"integrationskonzept-{stamp}",
            fmt,
        )
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
    return _download(content, f"integrationskonzept-{stamp}", fmt)


@municipality_view(can_edit_concept)
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
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
    request: HttpRequest,
    *,
    session_key: str,
    parse: Any,
    apply: Any,
    template_title: str,
    done_url: str,
    template_url: str,
    columns: list[tuple[str, str]],
) -> HttpResponse:
    """Upload → preview with the problems per line → confirm → result. Nothing is written
    before the confirmation, and only when the whole file is valid."""
    municipality = _m(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    pending = request.session.get(session_key)
    result = None
    if request.method == "POST" and "confirm" in request.POST and pending:
        data = (Path(settings.MEDIA_ROOT) / pending["upload"]).read_bytes()
        result = parse(municipality=municipality, data=data, filename=pending["name"])
        if result.ok:
            try:
                counts = apply(municipality=municipality, parsed=result, user=request.user)
            except ValidationError as exc:
                result.errors.extend(exc.messages)
            else:
                del request.session[session_key]
                messages.success(
                    request,
                    _(
                        "Import finished: %(created)s new, %(updated)s changed, %(unchanged)s unchanged."
                    )
                    % {
                        "created": counts.get("created", 0),
                        "updated": counts.get("updated", 0),
                        "unchanged": counts.get("unchanged", 0),
                    },
                )
                return redirect(done_url)
        form = UploadForm()
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        suffix = Path(upload.name).suffix.lower()
        request.session[session_key] = {"upload": upload_store(data, suffix), "name": upload.name}
        result = parse(municipality=municipality, data=data, filename=upload.name)
        pending = request.session[session_key]
    labels = dict(columns)
    return render(
        request,
        "concept/import.html",
        {
            "form": form,
            "result": result,
            "pending": pending if result else None,
            "title": template_title,
            "template_url": template_url,
            "preview_columns": [
                (k, labels[k]) for k in (result.columns if result else []) if k in labels
            ],
            "preview_rows": result.rows[:20] if result else [],
            "columns": [label for k, label in columns if k not in spreadsheets.EXPORT_ONLY],
        },
    )


@municipality_view(can_edit_concept)
def measure_import(request: HttpRequest) -> HttpResponse:
    municipality = _m(request)
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
