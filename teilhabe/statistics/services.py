"""Writes of the data basis: import datasets (atomic, idempotent, versioned), seed and compute
the indicator catalogue, compute district indices."""

from __future__ import annotations

import hashlib
import math
import os
import shutil
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from teilhabe.core.models import Area, AreaKind, FieldOfAction, Municipality, User
from teilhabe.statistics import aggregation, catalogue
from teilhabe.statistics.importers.base import ImportResult, key_level
from teilhabe.statistics.importers.ffcsv import parse_ffcsv
from teilhabe.statistics.importers.genesis import parse_genesis
from teilhabe.statistics.importers.index import IndexMapping, parse_index
from teilhabe.statistics.importers.koeln import WHOLE_MUNICIPALITY, parse_koeln
from teilhabe.statistics.importers.names import Place, Places
from teilhabe.statistics.importers.table import TableMapping, parse_table, table_shape
from teilhabe.statistics.importers.zensus import parse_zensus_grid
from teilhabe.statistics.models import (
    Dataset,
    DatasetFormat,
    DistrictIndexRun,
    IndexRunSource,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    Level,
    Observation,
    TableMappingMemory,
)

ProgressFn = Callable[[int, str], None]


@dataclass
class ImportOutcome:
    dataset: Dataset
    created: bool
    replaced: Dataset | None
    result: ImportResult | None


def comparison_keys(municipality: Municipality) -> set[str]:
    """Regional keys of the municipality and the levels above it, as statistics offices
    write them (ARS, AGS, Kreis, Land, Germany)."""
    ars = municipality.ars
    keys = {ars, ars[:5], ars[:2], "DG"}
    if municipality.ags:
        keys.add(municipality.ags)
    return keys


def table_places(municipality: Municipality) -> Places:
    """The municipality and its areas as the table importer matches names and totals."""
    ars = municipality.ars
    total_keys = {ars, WHOLE_MUNICIPALITY}
    if municipality.ags:
        total_keys.add(municipality.ags)
    if ars.endswith("0000000"):
        total_keys.add(ars[:5])  # a kreisfreie Stadt is its own Kreis
    kinds = dict(AreaKind.choices)
    return Places(
        municipality_key=ars,
        municipality_name=municipality.name,
        total_keys=total_keys,
        areas=[
            Place(key=a.key, name=a.name, kind=a.kind, kind_label=str(kinds.get(a.kind, a.kind)))
            for a in Area.objects.filter(municipality=municipality).only("key", "name", "kind")
        ],
    )


def parse_file(
    *,
    municipality: Municipality,
    data: bytes,
    fmt: str,
    filename: str,
    mapping: TableMapping | None = None,
) -> ImportResult:
    """Run the importer of ``fmt`` on the file (pure: nothing is written)."""
    if fmt == DatasetFormat.KOELN:
        return parse_koeln(data, filename=filename)
    if fmt == DatasetFormat.GENESIS:
        return parse_genesis(data, filename=filename)
    if fmt == DatasetFormat.FFCSV:
        keys = comparison_keys(municipality) | set(
            Area.objects.filter(municipality=municipality).values_list("key", flat=True)
        )
        return parse_ffcsv(data, filename=filename, keep_keys=keys)
    if fmt == DatasetFormat.ZENSUS_GRID:
        areas = [
            (a.key, a.name, a.geometry)
            for a in Area.objects.filter(municipality=municipality, children__isnull=True)
        ]
        return parse_zensus_grid(data, areas=areas, filename=filename)
    if fmt == DatasetFormat.TABLE:
        if mapping is None:
            raise ValueError("a table needs a column mapping")
        return parse_table(
            data, mapping=mapping, filename=filename, places=table_places(municipality)
        )
    raise ValueError(f"unknown format {fmt!r}")


def _region(
    key: str, municipality: Municipality, areas: dict[str, Area]
) -> tuple[str, Area | None] | None:
    if key in areas:
        return Level.AREA, areas[key]
    if key == WHOLE_MUNICIPALITY or key in (municipality.ars, municipality.ags):
        return Level.MUNICIPALITY, None
    if municipality.ars.endswith("0000000") and key == municipality.ars[:5]:
        return Level.MUNICIPALITY, None  # a kreisfreie Stadt is its own Kreis
    if municipality.ars.endswith("0" * 10) and key == municipality.ars[:2]:
        return Level.MUNICIPALITY, None  # Berlin and Hamburg are their own Land
    level = key_level(key)
    if level in ("kreis", "land", "bund"):
        return level, None
    return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def dataset_import(
    *,
    municipality: Municipality,
    data: bytes | Path,
    filename: str,
    fmt: str,
    user: User | None,
    metadata: dict[str, Any] | None = None,
    mapping: TableMapping | None = None,
    progress: ProgressFn | None = None,
    result: ImportResult | None = None,
    version_of: int | None = None,
) -> ImportOutcome:
    """Import a file as a dataset. The same file twice is recognised. The file becomes a new
    version of the dataset ``version_of`` (as the user confirmed in the preview), otherwise a
    dataset of its own, whose table code no current dataset uses. All or nothing.

    ``data`` may be a path for large files: the file is then hashed while it is parsed (in a
    second thread) and kept by a hard link where possible instead of a copy."""
    report = progress or (lambda _p, _m: None)
    if isinstance(data, Path):
        with ThreadPoolExecutor(max_workers=1) as pool:
            hashing = pool.submit(file_sha256, data)
            if result is None and fmt != DatasetFormat.FFCSV:
                data_bytes = data.read_bytes()
            report(5, _("Reading the file …"))
            if result is None:
                result = parse_file(
                    municipality=municipality,
                    data=data if fmt == DatasetFormat.FFCSV else data_bytes,
                    fmt=fmt,
                    filename=filename,
                    mapping=mapping,
                )
            sha256 = hashing.result()
    else:
        sha256 = hashlib.sha256(data).hexdigest()
    existing = Dataset.objects.filter(municipality=municipality, sha256=sha256).first()
    if existing is not None:
        return ImportOutcome(dataset=existing, created=False, replaced=None, result=None)
    report(5, _("Reading the file …"))
    if result is None:
        result = parse_file(
            municipality=municipality,
            data=data if isinstance(data, bytes) else data.read_bytes(),
            fmt=fmt,
            filename=filename,
            mapping=mapping,
        )
    if not result.ok:
        raise ValidationError(result.errors or [_("The file contains no values.")])
    report(50, _("Assigning %(n)s values to areas …") % {"n": len(result.rows)})
    meta = {k: v for k, v in result.meta.items() if v} | {
        k: v for k, v in (metadata or {}).items() if v
    }
    periods = result.periods
    areas = {a.key: a for a in Area.objects.filter(municipality=municipality)}
    resolved: dict[str, tuple[str, Area | None] | None] = {}
    unknown: set[str] = set()
    kept: list[str] = []  # the stored copy of the file, removed again if the import fails
    try:
        return _dataset_write(
            municipality=municipality,
            filename=filename,
            fmt=fmt,
            user=user,
            data=data,
            report=report,
            result=result,
            sha256=sha256,
            meta=meta,
            periods=periods,
            areas=areas,
            resolved=resolved,
            unknown=unknown,
            kept=kept,
            version_of=version_of,
        )
    except IntegrityError:
        for name in kept:
            default_storage.delete(name)
        # The same file was imported at the same moment by someone else (unique per
        # municipality and SHA-256): that import won, this one changes nothing.
        existing = Dataset.objects.filter(municipality=municipality, sha256=sha256).first()
        if existing is None:
            raise
        return ImportOutcome(dataset=existing, created=False, replaced=None, result=None)
    except BaseException:
        for name in kept:
            default_storage.delete(name)
        raise


def _dataset_write(
    *,
    municipality: Municipality,
    data: bytes | Path,
    filename: str,
    fmt: str,
    user: User | None,
    report: ProgressFn,
    result: ImportResult,
    sha256: str,
    meta: dict[str, Any],
    periods: list[date],
    areas: dict[str, Area],
    resolved: dict[str, tuple[str, Area | None] | None],
    unknown: set[str],
    kept: list[str],
    version_of: int | None,
) -> ImportOutcome:
    with transaction.atomic():
        previous = None
        if version_of is not None:
            previous = (
                Dataset.objects.select_for_update()
                .filter(municipality=municipality, pk=version_of, is_current=True)
                .first()
            )
            if previous is None:
                raise ValidationError(
                    _(
                        "The dataset this file should replace is no longer the current "
                        "version. Upload the file again and choose anew."
                    )
                )
        table_code = (
            previous.table_code if previous else _own_table_code(municipality, meta, fmt, filename)
        )
        dataset = Dataset(
            municipality=municipality,
            title=str(meta.get("title") or filename)[:300],
            source=str(meta.get("source") or _("unknown – please complete"))[:300],
            table_code=table_code,
            format=fmt,
            period_start=periods[0],
            period_end=periods[-1],
            territorial_status=str(meta.get("territorial_status", ""))[:60],
            licence=str(meta.get("licence", ""))[:120],
            attribution=str(meta.get("attribution", ""))[:300],
            is_estimate=result.is_estimate,
            file_name=filename[:255],
            sha256=sha256,
            version=previous.version + 1 if previous else 1,
            replaces=previous,
            imported_by=user,
            notes="\n".join(result.warnings),
        )
        _keep_file(dataset, data, f"{sha256[:16]}-{Path(filename).name[-80:]}")
        kept.append(dataset.file.name)
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        # The unique file hash is left to the database: a concurrent import of the same file
        # then ends in IntegrityError and the import that won is returned.
        dataset.full_clean(validate_constraints=False)
        dataset.save()
        records = []
        for row in result.rows:
            if row.region_key not in resolved:
                resolved[row.region_key] = _region(row.region_key, municipality, areas)
            where = resolved[row.region_key]
            if where is None:
                unknown.add(row.region_key)
                level, area_id = Level.AREA, None
            else:
                level, area_id = where[0], (where[1].pk if where[1] is not None else None)
            records.append(
                (
                    dataset.pk,
                    municipality.pk,
                    level,
                    area_id,
                    row.region_key[:40],
                    row.region_name[:200],
                    row.period,
                    row.variable[:80],
                    row.variable_label[:200],
                    row.category[:80],
                    row.category_label[:200],
                    row.sex[:20],
                    row.age_band[:40],
                    row.value,
                    row.flag[:4],
                )
            )
        report(70, _("Saving %(n)s values …") % {"n": len(records)})
        _store_observations(records)
        observations = records
        dataset.row_count = len(observations)
        dataset.unknown_keys = sorted(unknown)
        dataset.save(update_fields=["row_count", "unknown_keys"])
        report(85, _("Computing the indicators …"))
        indicator_values_compute(municipality=municipality)
    return ImportOutcome(dataset=dataset, created=True, replaced=previous, result=result)


def _own_table_code(
    municipality: Municipality, meta: dict[str, Any], fmt: str, filename: str
) -> str:
    """The table code of a dataset of its own: the code given or found in the file, else one
    made from the title or file name; a code a current dataset already has gets a number, so
    an unconfirmed upload never counts in place of another table."""
    base = str(meta.get("table_code") or "")[:72]
    if not base:
        title = str(meta.get("title") or Path(filename).stem)
        base = (fmt if fmt != DatasetFormat.TABLE else slugify(title)[:60]) or "tabelle"
    taken = set(
        Dataset.objects.filter(
            municipality=municipality, is_current=True, table_code__startswith=base
        ).values_list("table_code", flat=True)
    )
    code, number = base, 1
    while code in taken:
        number += 1
        code = f"{base}-{number}"
    return code


_OBSERVATION_COLUMNS = (
    "dataset_id",
    "municipality_id",
    "level",
    "area_id",
    "region_key",
    "region_name",
    "period",
    "variable",
    "variable_label",
    "category",
    "category_label",
    "sex",
    "age_band",
    "value",
    "flag",
)


def _store_observations(records: list[tuple[Any, ...]]) -> None:
    """Insert observations in batches with one prepared statement (bulk_create spends most of
    its time preparing each field of each row; the values here are already clean)."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _OBSERVATION_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_OBSERVATION_COLUMNS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(records), 5000):
            cursor.executemany(sql, records[start : start + 5000])


def _keep_file(dataset: Dataset, data: bytes | Path, name: str) -> None:
    """Store the uploaded file with the dataset (a hard link for large files on disk)."""
    if isinstance(data, bytes):
        dataset.file.save(name, ContentFile(data), save=False)
        return
    relative = dataset.file.field.generate_filename(dataset, name)
    relative = default_storage.get_available_name(relative)
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(data, target)
    except OSError:
        shutil.copyfile(data, target)
    dataset.file.name = relative


def table_mapping_remember(
    *, municipality: Municipality, source: str, columns: list[str], mapping: dict[str, Any]
) -> None:
    """Keep the mapping of a table for the next file of the same source and header shape
    (without the reference date, which the next file has anew)."""
    TableMappingMemory.objects.update_or_create(
        municipality=municipality,
        source=source[:300],
        shape=table_shape(columns),
        defaults={
            "columns": columns,
            "mapping": {k: v for k, v in mapping.items() if k != "period"},
            "updated_at": timezone.now(),
        },
    )


def catalogue_seed(*, municipality: Municipality) -> int:
    """Add the catalogue's indicators that the municipality does not have yet."""
    fields = {f.name: f for f in FieldOfAction.objects.filter(municipality=municipality)}
    existing = set(
        Indicator.objects.filter(municipality=municipality).values_list("code", flat=True)
    )
    created = 0
    for position, spec in enumerate([*catalogue.INDICATORS, *catalogue.NO_DATA_YET]):
        if spec["code"] in existing:
            continue
        indicator = Indicator(
            municipality=municipality,
            field_of_action=fields.get(spec.get("field") or ""),
            code=spec["code"],
            name=spec["name"],
            definition=spec["definition"],
            kind=spec.get("kind", IndicatorKind.SHARE),
            numerator=spec.get("numerator", {}),
            denominator=spec.get("denominator", {}),
            unit=spec.get("unit", "%"),
            polarity=spec.get("polarity", "neutral"),
            concept=spec.get("concept", "other"),
            comparability_note=spec.get("comparability_note", ""),
            source_note=spec.get("source_note", ""),
            framework=spec.get("framework", "municipal"),
            breaks=spec.get("breaks", []),
            position=position,
        )
        indicator.full_clean()
        indicator.save()
        created += 1
    return created


def _series_filter(series: dict[str, Any]) -> Q:
    q = Q(dataset__is_current=True)
    if series.get("table"):
        q &= Q(dataset__table_code=series["table"])
    for name in ("variable", "category", "sex", "age_band"):
        if name in series:
            value = series[name]
            q &= Q(**{f"{name}__in": value}) if isinstance(value, list) else Q(**{name: value})
    return q


Key = tuple[str, str, date]


def _sums(municipality: Municipality, series: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    rows = (
        Observation.objects.filter(municipality=municipality)
        .filter(_series_filter(series))
        .values("level", "region_key", "period")
        .annotate(
            total=Sum("value"),
            dataset=Max("dataset_id"),
            area=Max("area_id"),
            name=Max("region_name"),
        )
    )
    return {(r["level"], r["region_key"], r["period"]): r for r in rows}


def _area_sum(kind: str, n: dict[str, Any], d: dict[str, Any] | None) -> float | None:
    """The indicator computed from the areas' sums, beside a delivered value."""
    n_sum = n.get("area_sum")
    if n_sum is None:
        return None
    if kind == IndicatorKind.COUNT:
        return n_sum
    if kind == IndicatorKind.SHARE and d and d.get("area_sum"):
        return 100 * n_sum / d["area_sum"]
    return None


def indicator_values_compute(*, municipality: Municipality) -> int:
    """Recompute every indicator's values from the current datasets; counts of areas are
    summed up the area tree first (``aggregation``)."""
    indicators = list(Indicator.objects.filter(municipality=municipality))
    tree = aggregation.AreaTree.of(municipality)

    def sums(series: dict[str, Any]) -> dict[Key, dict[str, Any]]:
        return aggregation.roll_up(_sums(municipality, series), tree)

    population_spec = next((i.numerator for i in indicators if i.code == "einwohner"), None)
    population = sums(population_spec) if population_spec else {}
    IndicatorValue.objects.filter(indicator__municipality=municipality).delete()
    values: list[IndicatorValue] = []
    leaf_areas = set(
        Area.objects.filter(municipality=municipality, children__isnull=True).values_list(
            "key", flat=True
        )
    )
    for indicator in indicators:
        if not indicator.numerator:
            continue
        num = sums(indicator.numerator)
        if not num:
            continue
        den = sums(indicator.denominator) if indicator.denominator else {}
        if indicator.kind == IndicatorKind.SEGREGATION:
            values.extend(_segregation(indicator, num, den, leaf_areas))
            continue
        previous_period: dict[tuple[str, str], tuple[date, float]] = {}
        for key in sorted(num, key=lambda k: k[2]):
            row = num[key]
            n = row["total"]
            d = den.get(key, {}).get("total") if den else None
            if indicator.kind == IndicatorKind.SHARE:
                value = 100 * n / d if n is not None and d else None
            elif indicator.kind == IndicatorKind.CHANGE:
                before = previous_period.get(key[:2])
                d = before[1] if before else None
                value = 100 * (n / d - 1) if n is not None and d else None
                if n is not None:
                    previous_period[key[:2]] = (key[2], n)
                if before is None:
                    continue
            else:
                value = n
            d_row = den.get(key) if den else None
            derived = row["derived"] or bool(d_row and d_row["derived"])
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    dataset_id=row["dataset"],
                    level=key[0],
                    area_id=row["area"],
                    region_key=key[1],
                    region_name=row["name"] or "",
                    period=key[2],
                    numerator=n,
                    denominator=d,
                    value=value,
                    population=population.get(key, {}).get("total"),
                    derived=derived,
                    sources=sorted(row["datasets"] | (d_row["datasets"] if d_row else set())),
                    area_sum=None if derived else _area_sum(indicator.kind, row, d_row),
                )
            )
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    return len(values)


def _segregation(
    indicator: Indicator,
    num: dict[Key, dict[str, Any]],
    den: dict[Key, dict[str, Any]],
    leaf_areas: set[str],
) -> list[IndicatorValue]:
    """D = ½ Σ |aᵢ/A − bᵢ/B| over the lowest areas; b = population minus group."""
    by_period: dict[date, list[tuple[float, float]]] = defaultdict(list)
    dataset: dict[date, int] = {}
    for (level, key, period), row in num.items():
        if level != Level.AREA or key not in leaf_areas:
            continue
        total = den.get((level, key, period), {}).get("total")
        if row["total"] is None or total is None:
            continue
        by_period[period].append((row["total"], total - row["total"]))
        dataset[period] = row["dataset"]
    out = []
    for period, pairs in sorted(by_period.items()):
        a_sum = sum(a for a, _ in pairs)
        b_sum = sum(b for _, b in pairs)
        if not a_sum or not b_sum or len(pairs) < 2:
            continue
        d_index = 0.5 * sum(abs(a / a_sum - b / b_sum) for a, b in pairs)
        out.append(
            IndicatorValue(
                indicator=indicator,
                dataset_id=dataset[period],
                level=Level.MUNICIPALITY,
                region_key=WHOLE_MUNICIPALITY,
                period=period,
                numerator=a_sum,
                denominator=a_sum + b_sum,
                value=100 * d_index,
                population=a_sum + b_sum,
            )
        )
    return out


def _zscores(values: dict[int, float]) -> dict[int, float]:
    if len(values) < 2:
        return dict.fromkeys(values, 0.0)
    mean = sum(values.values()) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values.values()) / (len(values) - 1))
    return {k: (v - mean) / sd if sd else 0.0 for k, v in values.items()}


def _classify(score: float, cutoffs: list[float]) -> int:
    """Class 1 (lowest) … len(cutoffs)+1 (highest)."""
    return 1 + sum(1 for c in cutoffs if score >= c)


def district_index_compute(
    *,
    municipality: Municipality,
    name: str,
    indicators: list[Indicator],
    period: date,
    base_period: date,
    cutoffs: list[float],
    min_population: int,
    user: User | None,
) -> DistrictIndexRun:
    """A district index: z-standardise each indicator across areas (sign by polarity, so that
    a high status means more need), status = mean z at ``period``, dynamics = mean z of the
    change since ``base_period``; classes by the cut-offs; small areas excluded."""
    if not 2 <= len(indicators) <= 6:
        raise ValidationError(_("Choose between 2 and 6 indicators."))
    if base_period >= period:
        raise ValidationError(_("The base date must lie before the reference date."))
    values = IndicatorValue.objects.filter(
        indicator__in=indicators,
        level=Level.AREA,
        area__isnull=False,
        area__children__isnull=True,
        period__in=[period, base_period],
    ).select_related("area")
    table: dict[tuple[int, int, date], IndicatorValue] = {
        (v.indicator_id, v.area_id, v.period): v
        for v in values  # type: ignore[misc]
    }
    areas = {v.area_id: v.area for v in values}
    excluded = {
        area_id
        for area_id in areas
        if any(
            (v := table.get((i.pk, area_id, period))) is None
            or v.population is None
            or v.population < min_population
            for i in indicators
        )
    }
    status_parts: dict[int, list[float]] = defaultdict(list)
    dynamics_parts: dict[int, list[float]] = defaultdict(list)
    for indicator in indicators:
        sign = -1.0 if indicator.polarity == "higher_better" else 1.0
        now = {
            a: table[(indicator.pk, a, period)].value
            for a in areas
            if a not in excluded and table[(indicator.pk, a, period)].value is not None
        }
        change = {
            a: now[a] - table[(indicator.pk, a, base_period)].value  # type: ignore[operator]
            for a in now
            if (indicator.pk, a, base_period) in table
            and table[(indicator.pk, a, base_period)].value is not None
        }
        for a, z in _zscores(now).items():  # type: ignore[arg-type]
            status_parts[a].append(sign * z)
        for a, z in _zscores(change).items():
            dynamics_parts[a].append(sign * z)
    results = []
    for area_id, area in sorted(areas.items(), key=lambda item: item[1].key):
        status = (
            sum(status_parts[area_id]) / len(status_parts[area_id])
            if status_parts[area_id]
            else None
        )
        dynamics = (
            sum(dynamics_parts[area_id]) / len(dynamics_parts[area_id])
            if dynamics_parts[area_id]
            else None
        )
        results.append(
            {
                "area_id": area_id,
                "key": area.key,
                "name": area.name,
                "excluded": area_id in excluded,
                "status": None if status is None else round(status, 4),
                "dynamics": None if dynamics is None else round(dynamics, 4),
                "status_class": None if status is None else _classify(status, cutoffs),
                "dynamics_class": None if dynamics is None else _classify(dynamics, cutoffs),
            }
        )
    run = DistrictIndexRun(
        municipality=municipality,
        name=name,
        source=IndexRunSource.COMPUTED,
        parameters={
            "indicators": [i.code for i in indicators],
            "period": period.isoformat(),
            "base_period": base_period.isoformat(),
            "cutoffs": cutoffs,
            "min_population": min_population,
        },
        results=results,
        created_by=user,
    )
    run.full_clean()
    run.save()
    return run


INDEX_VARIABLES = {
    "status": "index_status",
    "dynamics": "index_dynamics",
    "status_class": "index_status_class",
    "dynamics_class": "index_dynamics_class",
}


def district_index_import(
    *,
    municipality: Municipality,
    data: bytes,
    filename: str,
    mapping: IndexMapping,
    name: str,
    period: date,
    metadata: dict[str, str],
    user: User | None,
) -> DistrictIndexRun:
    """Import the statistics office's own district index as a run. The file is kept as a
    dataset (provenance, SHA-256, versions); its values are stored as observations and the
    run's results name the areas. Unknown area keys are kept and listed. All or nothing."""
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Dataset.objects.filter(municipality=municipality, sha256=sha256).first()
    if existing is not None:
        raise ValidationError(
            _("This file was already imported on %(date)s as “%(title)s”.")
            % {"date": f"{existing.imported_at:%d.%m.%Y}", "title": existing.title}
        )
    parsed = parse_index(data, mapping=mapping, filename=filename)
    if not parsed.ok:
        raise ValidationError(parsed.errors or [_("The file contains no values.")])
    areas = {a.key: a for a in Area.objects.filter(municipality=municipality)}
    table_code = (metadata.get("table_code") or "sozialraumindex")[:80]
    unknown = sorted(r["key"] for r in parsed.results if r["key"] not in areas)
    with transaction.atomic():
        previous = (
            Dataset.objects.select_for_update()
            .filter(
                municipality=municipality,
                table_code=table_code,
                period_start=period,
                period_end=period,
                is_current=True,
            )
            .first()
        )
        dataset = Dataset(
            municipality=municipality,
            title=(metadata.get("title") or parsed.meta.get("title") or name)[:300],
            source=(metadata.get("source") or _("unknown – please complete"))[:300],
            table_code=table_code,
            format=DatasetFormat.INDEX,
            period_start=period,
            period_end=period,
            territorial_status=metadata.get("territorial_status", "")[:60],
            licence=metadata.get("licence", "")[:120],
            attribution=metadata.get("attribution", "")[:300],
            file_name=filename[:255],
            sha256=sha256,
            version=previous.version + 1 if previous else 1,
            replaces=previous,
            imported_by=user,
            unknown_keys=unknown,
        )
        _keep_file(dataset, data, f"{sha256[:16]}-{Path(filename).name[-80:]}")
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        dataset.full_clean()
        dataset.save()
        observations = []
        for entry in parsed.results:
            area = areas.get(entry["key"])
            entry["area_id"] = area.pk if area else None
            if area and not entry["name"]:
                entry["name"] = area.name
            for field_name, variable in INDEX_VARIABLES.items():
                if entry[field_name] is None:
                    continue
                observations.append(
                    Observation(
                        dataset=dataset,
                        municipality=municipality,
                        level=Level.AREA,
                        area=area,
                        region_key=entry["key"][:40],
                        region_name=entry["name"][:200],
                        period=period,
                        variable=variable,
                        value=float(entry[field_name]),
                    )
                )
        Observation.objects.bulk_create(observations, batch_size=2000)
        dataset.row_count = len(observations)
        dataset.save(update_fields=["row_count"])
        run = DistrictIndexRun(
            municipality=municipality,
            name=name,
            source=IndexRunSource.IMPORTED,
            parameters={
                "period": period.isoformat(),
                "mapping": mapping.as_dict(),
                "file": filename,
            },
            results=parsed.results,
            dataset=dataset,
            created_by=user,
        )
        run.full_clean()
        run.save()
    return run


def indicator_save(*, indicator: Indicator) -> Indicator:
    """Save an indicator of the catalogue (new or edited) and recompute the values, since
    its series may have changed."""
    with transaction.atomic():
        if indicator.pk is None:
            last = Indicator.objects.filter(municipality=indicator.municipality).aggregate(
                Max("position")
            )["position__max"]
            indicator.position = (last or 0) + 1
        indicator.full_clean()
        indicator.save()
        indicator_values_compute(municipality=indicator.municipality)
    return indicator


def dataset_metadata_update(*, dataset: Dataset) -> Dataset:
    """Save corrected provenance of a dataset (the history keeps the previous text)."""
    dataset.full_clean()
    dataset.save(
        update_fields=[
            "title",
            "source",
            "licence",
            "attribution",
            "territorial_status",
        ]
    )
    return dataset


@transaction.atomic
def publish_indicator(*, indicator: Indicator, user: User) -> Indicator:
    """Record the approval of an indicator (its values and provenance) for the portal."""
    indicator.published_at = timezone.now()
    indicator.published_by = user
    indicator.save(update_fields=["published_at", "published_by"])
    return indicator


@transaction.atomic
def withdraw_indicator(*, indicator: Indicator) -> Indicator:
    """Withdraw the approval: the indicator leaves the portal, the API and the open data."""
    indicator.published_at = None
    indicator.published_by = None
    indicator.save(update_fields=["published_at", "published_by"])
    return indicator
