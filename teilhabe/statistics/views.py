"""Pages of the data basis: datasets and their import, the indicator catalogue with charts,
maps, tables and CSV downloads, and district indices."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from teilhabe.core.http import csv_download
from teilhabe.core.models import Area
from teilhabe.core.selectors import object_history
from teilhabe.core.tasks import task_enqueue, upload_store
from teilhabe.core.tenancy import WorkspaceRequest, municipality_view
from teilhabe.statistics import charts, selectors, services
from teilhabe.statistics.forms import (
    DatasetMetadataForm,
    DatasetUploadForm,
    DatasetVersionForm,
    DistrictIndexForm,
    IndexMappingForm,
    IndexUploadForm,
    IndicatorForm,
    TableMappingForm,
)
from teilhabe.statistics.importers.base import (
    OFFICIAL_SYMBOLS,
    SAMPLE_LINES,
    ImportResult,
    read_sample,
)
from teilhabe.statistics.importers.index import IndexMapping, parse_index
from teilhabe.statistics.importers.table import (
    TableLayout,
    TableMapping,
    analyse,
    column_profile,
    guess_period,
    read_cells,
)
from teilhabe.statistics.models import (
    Dataset,
    DatasetFormat,
    DistrictIndexRun,
    Indicator,
    Level,
)
from teilhabe.statistics.permissions import can_import, can_read
from teilhabe.statistics.tasks import import_dataset_task

_PENDING = "statistics_import"


@municipality_view(can_read)
def dataset_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    datasets = selectors.datasets_for_municipality(municipality=municipality)
    shown = request.GET.get("versionen", "") != "alle"
    return render(
        request,
        "statistics/dataset_list.html",
        {
            "datasets": datasets.filter(is_current=True) if shown else datasets,
            "current_only": shown,
        },
    )


@municipality_view(can_read)
def dataset_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    dataset = get_object_or_404(Dataset, pk=pk, municipality=request.municipality)
    versions = Dataset.objects.filter(
        municipality=dataset.municipality,
        table_code=dataset.table_code,
        period_start=dataset.period_start,
        period_end=dataset.period_end,
    ).order_by("-version")
    sample = dataset.observations.select_related("area").order_by(
        "period", "region_key", "variable", "category"
    )[:30]
    flagged = dataset.observations.exclude(flag="").count()
    return render(
        request,
        "statistics/dataset_detail.html",
        {
            "dataset": dataset,
            "versions": versions,
            "sample": sample,
            "flagged": flagged,
            "symbols": OFFICIAL_SYMBOLS,
            "history": object_history(dataset),
        },
    )


@municipality_view(can_read)
def dataset_download(request: WorkspaceRequest, pk: int) -> FileResponse:
    dataset = get_object_or_404(Dataset, pk=pk, municipality=request.municipality)
    return FileResponse(dataset.file.open("rb"), as_attachment=True, filename=dataset.file_name)


@municipality_view(can_import)
def dataset_import(request: WorkspaceRequest) -> HttpResponse:
    """Step 1: upload. The file is kept; nothing is imported yet."""
    form = DatasetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()[:6] or ".csv"
        request.session[_PENDING] = {
            "upload": upload_store(upload, suffix),  # streamed, never read into memory
            "name": upload.name,
            "format": form.cleaned_data["format"],
            "metadata": form.metadata(),
        }
        return redirect("statistics:dataset_import_check", request.municipality.ars)
    return render(request, "statistics/dataset_import.html", {"form": form})


def _table_layout(request: WorkspaceRequest, data: bytes, filename: str) -> TableLayout | None:
    """The uploaded table's layout; None, with the reason as a message, when it has no data."""
    rows, errors = read_cells(data, filename=filename)
    layout = analyse(rows) if not errors else None
    if layout is None:
        messages.error(
            request,
            errors[0]
            if errors
            else _(
                "%(file)s: no data lines found (a line with a key or name and numbers). Check "
                "that the file is a table with one line per area."
            )
            % {"file": filename},
        )
    return layout


def _table_source(pending: dict[str, Any], layout: TableLayout) -> str:
    """The source a mapping is remembered for: as entered, else the file's source line."""
    entered = str(pending["metadata"].get("source") or "")
    return entered or next((f for f in layout.footer if "quelle" in f.lower()), "")


def _table_mapping_form(
    request: WorkspaceRequest,
    pending: dict[str, Any],
    layout: TableLayout,
    ambiguous: dict[str, Any] | None = None,
) -> TableMappingForm:
    """The mapping form: what was posted, else the mapping remembered for this source and
    header shape (bound, so the preview shows at once when the file names its year), else a
    guess."""
    levels = selectors.area_levels(municipality=request.municipality)

    def form(*args: Any, **kwargs: Any) -> TableMappingForm:
        return TableMappingForm(
            *args, columns=layout.columns, levels=levels, ambiguous=ambiguous, **kwargs
        )

    if request.method == "POST":
        return form(request.POST)
    remembered = selectors.table_mapping_remembered(
        municipality=request.municipality,
        source=_table_source(pending, layout),
        columns=layout.columns,
    )
    if remembered is not None:
        period = guess_period(layout)
        messages.info(request, _("The mapping of the last file of this source was taken over."))
        data = TableMappingForm.data_from(remembered, period)
        return form(data) if period else form(initial=data)
    initial = {
        "key_column": 0,
        "name_column": 1 if len(layout.columns) > 2 else -1,
        "value_columns": list(range(2, len(layout.columns))),
    }
    return form(initial=initial)


def _table_preview(
    request: WorkspaceRequest, pending: dict[str, Any], data: bytes, layout: TableLayout
) -> tuple[TableMappingForm, ImportResult | None]:
    """Map and parse the table's sample; a second pass adds the choice of each ambiguous area
    name to the form."""
    form = _table_mapping_form(request, pending, layout)
    if not form.is_bound or not form.is_valid():
        return form, None
    result = _parse(request, pending, data, form.mapping())
    ambiguous = result.meta.get("ambiguous")
    if ambiguous:
        form = _table_mapping_form(request, pending, layout, ambiguous)
        if form.is_bound and form.is_valid():
            result = _parse(request, pending, data, form.mapping())
    return form, result


def _parse(
    request: WorkspaceRequest,
    pending: dict[str, Any],
    data: bytes,
    mapping: dict[str, Any] | None,
) -> ImportResult:
    return services.parse_file(
        municipality=request.municipality,
        data=data,
        fmt=pending["format"],
        filename=pending["name"],
        mapping=TableMapping.from_dict(mapping) if mapping else None,
    )


def _dataset_import_start(
    request: WorkspaceRequest,
    pending: dict[str, Any],
    layout: TableLayout | None,
    mapping: dict[str, Any] | None,
    version_of: int | None,
) -> HttpResponse:
    """Remember a table's mapping for the next file of its shape and start the import task."""
    municipality = request.municipality
    if layout is not None and mapping is not None:
        services.table_mapping_remember(
            municipality=municipality,
            source=_table_source(pending, layout),
            columns=layout.columns,
            mapping=mapping,
        )
    run = task_enqueue(
        import_dataset_task,
        title=_("Import data: %(file)s") % {"file": pending["name"]},
        municipality=municipality,
        user=request.user,
        municipality_id=municipality.pk,
        user_id=request.user.pk,
        upload=pending["upload"],
        filename=pending["name"],
        fmt=pending["format"],
        metadata=pending["metadata"],
        mapping=mapping,
        version_of=version_of,
    )
    del request.session[_PENDING]
    return redirect("core:task_detail", municipality.ars, run.pk)


def _version_form(
    request: WorkspaceRequest, pending: dict[str, Any], result: ImportResult
) -> DatasetVersionForm:
    meta = result.meta | {k: v for k, v in pending["metadata"].items() if v}
    candidates = selectors.version_candidates(
        municipality=request.municipality,
        table_code=str(meta.get("table_code") or ""),
        source=str(meta.get("source") or ""),
        title=str(meta.get("title") or ""),
    )
    form = DatasetVersionForm(request.POST or None, candidates=candidates)
    form.upload = {"source": meta.get("source", ""), "table_code": meta.get("table_code", "")}
    return form


@municipality_view(can_import)
def dataset_import_check(request: WorkspaceRequest) -> HttpResponse:
    """Step 2: (for tables: map the columns,) preview a sample as understood, list the
    problems, choose between a new version and a dataset of its own, then start the import
    of the whole file as a task."""
    pending = request.session.get(_PENDING)
    if not pending:
        messages.info(request, _("Please upload a file first."))
        return redirect("statistics:dataset_import", request.municipality.ars)
    data = read_sample(Path(settings.MEDIA_ROOT) / pending["upload"])
    context: dict[str, Any] = {"pending": pending, "mapping_form": None, "layout": None}
    context["sample_lines"] = f"{SAMPLE_LINES:,}".replace(",", ".")
    if pending["format"] == DatasetFormat.TABLE:
        layout = context["layout"] = _table_layout(request, data, pending["name"])
        if layout is None:
            return redirect("statistics:dataset_import", request.municipality.ars)
        context["profile"] = column_profile(layout)
        context["mapping_form"], result = _table_preview(request, pending, data, layout)
        if result is None:
            return render(request, "statistics/dataset_import_check.html", context)
        mapping = context["mapping_form"].mapping()
    else:
        result, mapping = _parse(request, pending, data, None), None
    version_form = _version_form(request, pending, result)
    if "start" in request.POST and result.ok and version_form.is_valid():
        version_of = version_form.cleaned_data["version_of"]
        return _dataset_import_start(request, pending, context["layout"], mapping, version_of)
    context |= {"result": result, "preview": result.rows[:20], "version_form": version_form}
    context["keys"] = sorted({r.region_key for r in result.rows})[:200]
    return render(request, "statistics/dataset_import_check.html", context)


@municipality_view(can_read)
def indicator_list(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    indicators = selectors.indicators_for_municipality(municipality=municipality)
    field = request.GET.get("handlungsfeld", "")
    if field.isdigit():
        indicators = indicators.filter(field_of_action_id=int(field))
    indicators = list(indicators)
    latest = selectors.latest_values(municipality=municipality, indicators=indicators)
    rows = [(i, latest.get(i.pk)) for i in indicators]
    return render(
        request,
        "statistics/indicator_list.html",
        {
            "rows": rows,
            "fields": municipality.fields_of_action.all(),
            "field": field,
        },
    )


def _indicator_context(request: WorkspaceRequest, pk: int) -> dict[str, object]:
    indicator = get_object_or_404(Indicator, pk=pk, municipality=request.municipality)
    series = selectors.indicator_series(indicator=indicator)
    periods = series["periods"]
    chosen = request.GET.get("stichtag", "")
    period = next((p for p in periods if p.isoformat() == chosen), periods[-1] if periods else None)
    area_values = series["areas"].get(period, []) if period else []
    level = request.GET.get("ebene", "")
    kinds = sorted({v.area.kind for v in area_values if v.area})
    if level not in kinds:
        level = "stadtteil" if "stadtteil" in kinds else (kinds[0] if kinds else "")
    area_values = [v for v in area_values if v.area and v.area.kind == level]
    return {
        "indicator": indicator,
        "series": series,
        "period": period,
        "rows": selectors.area_rows(indicator=indicator, values=area_values),
        "level": level,
        "kinds": kinds,
        "series_rows": selectors.series_rows(indicator=indicator, series=series),
        "history": object_history(indicator),
    }


@municipality_view(can_read)
def indicator_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    ctx = _indicator_context(request, pk)
    indicator: Indicator = ctx["indicator"]  # type: ignore[assignment]
    series: dict[str, Any] = ctx["series"]  # type: ignore[assignment]
    rows: list[dict[str, Any]] = ctx["rows"]  # type: ignore[assignment]
    period: date = ctx["period"]  # type: ignore[assignment]
    ctx["series_spec"] = charts.indicator_time_series(indicator=indicator, series=series)
    ctx["map_spec"] = (
        charts.indicator_area_map(
            indicator=indicator, rows=rows, period=period, kind=str(ctx["level"])
        )
        if rows
        else None
    )
    breaks = selectors.break_marks(indicator=indicator, periods=series["periods"])
    ctx["breaks"] = breaks
    ctx["break_periods"] = {b["first"] for b in breaks if b["first"]}
    if indicator.code == "anteil-mh" or indicator.code.startswith("herkunft-"):
        origin, origin_value = selectors.origin_rows(municipality=indicator.municipality)
        ctx["origin_rows"] = origin
        ctx["origin_value"] = origin_value
        ctx["origin_spec"] = charts.bar_spec(
            title=_("Residents with migration background by region of origin"),
            rows=origin,
            unit=_("persons"),
        )
    return render(request, "statistics/indicator_detail.html", ctx)


@municipality_view(can_read)
def indicator_csv(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Exactly the numbers a chart shows: ?tabelle=zeitreihe|karte|herkunft (German CSV)."""
    ctx = _indicator_context(request, pk)
    indicator: Indicator = ctx["indicator"]  # type: ignore[assignment]
    which = request.GET.get("tabelle", "zeitreihe")
    rows: list[list[object]] = []
    if which == "karte":
        rows.append(["Schlüssel", "Gebiet", f"{indicator.name} ({indicator.unit})", "Stichtag"])
        for row in ctx["rows"]:  # type: ignore[attr-defined]
            rows.append([row["key"], row["name"], row["text"], f"{ctx['period']:%d.%m.%Y}"])
    elif which == "herkunft":
        origins, _v = selectors.origin_rows(municipality=indicator.municipality)
        rows.append(["Herkunftsregion", "Personen"])
        rows.extend([row["gruppe"], row["text"]] for row in origins)
    else:
        rows.append(["Ebene", "Stichtag", f"{indicator.name} ({indicator.unit})"])
        for row in ctx["series_rows"]:  # type: ignore[attr-defined]
            rows.append([row["ebene"], row["jahr"], row["text"]])
        for mark in selectors.break_marks(indicator=indicator, periods=ctx["series"]["periods"]):  # type: ignore[index]
            rows.append([f"Bruch in der Zeitreihe am {mark['date']:%d.%m.%Y}: {mark['note']}"])
    rows.extend([dataset.citation] for dataset in ctx["series"]["datasets"])  # type: ignore[index]
    return csv_download(f"{indicator.code}-{which}.csv", rows)


@municipality_view(can_read)
def index_list(request: WorkspaceRequest) -> HttpResponse:
    runs = selectors.index_runs(municipality=request.municipality)
    return render(request, "statistics/index_list.html", {"runs": runs})


@municipality_view(can_import)
def index_create(request: WorkspaceRequest) -> HttpResponse:
    municipality = request.municipality
    candidates = Indicator.objects.filter(
        municipality=municipality, values__level=Level.AREA
    ).distinct()
    form = DistrictIndexForm(request.POST or None, indicators=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.district_index_compute(
                municipality=municipality,
                name=data["name"],
                indicators=list(data["indicators"]),
                period=data["period"],
                base_period=data["base_period"],
                cutoffs=data["cutoffs"],
                min_population=data["min_population"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The district index was computed."))
            return redirect("statistics:index_detail", municipality.ars, run.pk)
    return render(request, "statistics/index_create.html", {"form": form})


@municipality_view(can_read)
def index_detail(request: WorkspaceRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(DistrictIndexRun, pk=pk, municipality=request.municipality)
    if request.GET.get("format") == "csv":
        return csv_download(f"sozialraumindex-{run.pk}.csv", selectors.index_csv_rows(run=run))
    return render(
        request,
        "statistics/index_detail.html",
        {
            "run": run,
            "spec": charts.matrix_spec(run=run),
            "history": object_history(run),
            **selectors.index_sources(run=run),
        },
    )


_PENDING_INDEX = "statistics_index_import"


def _guess_index_columns(columns: list[str]) -> dict[str, int]:
    """Pre-select the mapping from the header labels (Status, Dynamik, Klasse)."""
    guess = {"key_column": 0, "name_column": 1 if len(columns) > 2 else -1}
    for i, label in enumerate(columns):
        text = label.lower()
        is_class = "klasse" in text or "class" in text or "typ" in text
        if "status" in text:
            guess.setdefault("status_class_column" if is_class else "status_column", i)
        elif "dynamik" in text or "dynamics" in text:
            guess.setdefault("dynamics_class_column" if is_class else "dynamics_column", i)
    return guess


@municipality_view(can_import)
def index_import(request: WorkspaceRequest) -> HttpResponse:
    """Step 1: the statistics office's index file and its provenance."""
    form = IndexUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()[:6] or ".csv"
        request.session[_PENDING_INDEX] = {
            "upload": upload_store(upload.read(), suffix),
            "name": upload.name,
            "run_name": form.cleaned_data["name"],
            "period": form.cleaned_data["period"].isoformat(),
            "metadata": form.metadata(),
        }
        return redirect("statistics:index_import_check", request.municipality.ars)
    return render(request, "statistics/index_import.html", {"form": form})


def _index_import(
    request: WorkspaceRequest, form: IndexMappingForm, pending: dict[str, Any], data: bytes
) -> HttpResponse | None:
    """Import the index; None (with the problem on the form) when the service refuses."""
    municipality = request.municipality
    try:
        run = services.district_index_import(
            municipality=municipality,
            data=data,
            filename=pending["name"],
            mapping=IndexMapping(**form.mapping()),
            name=pending["run_name"],
            period=date.fromisoformat(pending["period"]),
            metadata=pending["metadata"],
            user=request.user,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    (Path(settings.MEDIA_ROOT) / pending["upload"]).unlink(missing_ok=True)
    del request.session[_PENDING_INDEX]
    messages.success(request, _("The district index was imported."))
    return redirect("statistics:index_detail", municipality.ars, run.pk)


@municipality_view(can_import)
def index_import_check(request: WorkspaceRequest) -> HttpResponse:
    """Step 2: map the columns, preview, then import (nothing is saved before)."""
    municipality = request.municipality
    pending = request.session.get(_PENDING_INDEX)
    if not pending:
        messages.info(request, _("Please upload a file first."))
        return redirect("statistics:index_import", municipality.ars)
    data = (Path(settings.MEDIA_ROOT) / pending["upload"]).read_bytes()
    layout = _table_layout(request, data, pending["name"])
    if layout is None:
        return redirect("statistics:index_import", municipality.ars)
    form = IndexMappingForm(
        request.POST or None, columns=layout.columns, initial=_guess_index_columns(layout.columns)
    )
    parsed = None
    if request.method == "POST" and form.is_valid():
        if "start" in request.POST and (done := _index_import(request, form, pending, data)):
            return done
        parsed = parse_index(data, mapping=IndexMapping(**form.mapping()), filename=pending["name"])
    known = set(Area.objects.filter(municipality=municipality).values_list("key", flat=True))
    unknown = sorted(r["key"] for r in parsed.results if r["key"] not in known) if parsed else []
    return render(
        request,
        "statistics/index_import_check.html",
        {"pending": pending, "form": form, "layout": layout, "parsed": parsed, "unknown": unknown},
    )


def _indicator_form(request: WorkspaceRequest, indicator: Indicator | None) -> HttpResponse:
    municipality = request.municipality
    form = IndicatorForm(request.POST or None, instance=indicator, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        saved = services.indicator_save(indicator=form.instance)
        messages.success(request, _("The indicator was saved and its values recomputed."))
        return redirect("statistics:indicator_detail", municipality.ars, saved.pk)
    return render(request, "statistics/indicator_form.html", {"form": form, "indicator": indicator})


@municipality_view(can_import)
def indicator_create(request: WorkspaceRequest) -> HttpResponse:
    return _indicator_form(request, None)


@municipality_view(can_import)
def indicator_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=pk, municipality=request.municipality)
    return _indicator_form(request, indicator)


@municipality_view(can_import)
def dataset_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Correct the provenance of a dataset after import; the history keeps the old text."""
    dataset = get_object_or_404(Dataset, pk=pk, municipality=request.municipality)
    form = DatasetMetadataForm(request.POST or None, instance=dataset)
    if request.method == "POST" and form.is_valid():
        services.dataset_metadata_update(dataset=form.instance)
        messages.success(request, _("The details of the dataset were saved."))
        return redirect("statistics:dataset_detail", dataset.municipality.ars, dataset.pk)
    return render(request, "statistics/dataset_form.html", {"form": form, "dataset": dataset})


@municipality_view(can_import)
def indicator_publication(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Approve an indicator for the public portal, or withdraw the approval (POST)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    indicator = get_object_or_404(Indicator, pk=pk, municipality=request.municipality)
    if request.POST.get("approve") == "1":
        services.publish_indicator(indicator=indicator, user=request.user)
        messages.success(request, _("The indicator is approved for the public portal."))
    else:
        services.withdraw_indicator(indicator=indicator)
        messages.success(request, _("The indicator was withdrawn from the public portal."))
    return redirect("statistics:indicator_detail", ars=request.municipality.ars, pk=pk)
