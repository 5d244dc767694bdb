"""Benchmark of the document generator: the integration report of the demo municipality.

1. A temporary SQLite database with the demo (``migrate`` and the demo loader run in a child
   process, so their memory does not count).
2. In this process: build the document, draw the charts and maps (SVG, once), write the PDF
   (PDF/UA-1, tagged), the Word file and the spreadsheet appendix.
3. Print time, pages, charts, the PDF's pages/s with "ratio" against the target of 15 pages/s,
   and the peak memory (RSS) of this process against the target of 300 MB.

Usage: .venv/bin/python -m bench.reports [--db PATH] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_PAGES_PER_S = 15.0
TARGET_MB = 300.0

LOADER = """
import logging
from teilhabe.core import demo
koeln = demo.demo_koeln()
demo.demo_federation()
for step in demo._steps:
    try:
        step(koeln)
    except Exception as exc:  # a part's demo that fails must not stop the benchmark
        logging.warning("demo step %s failed: %s", step.__name__, exc)
"""


def log(msg: str) -> None:
    print(msg, flush=True)


def prepare(db: Path, media: Path) -> None:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", MEDIA_ROOT=str(media))
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([py, "manage.py", "shell", "-v0", "-c", LOADER], cwd=ROOT, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="an existing SQLite database with the demo")
    parser.add_argument("--out", help="directory for the generated files")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    media = tmp / "media"
    if args.db:
        db = Path(args.db).resolve()
    else:
        db = tmp / "demo.sqlite3"
        started = time.perf_counter()
        prepare(db, media)
        log(f"demo loaded into {db} in {time.perf_counter() - started:.1f} s")
    os.environ.update(
        DATABASE_URL=f"sqlite:///{db}",
        MEDIA_ROOT=str(media),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from teilhabe.core.demo import KOELN_ARS
    from teilhabe.core.models import Municipality
    from teilhabe.reports import builders, render
    from teilhabe.reports.models import Report, ReportKind

    koeln = Municipality.objects.get(ars=KOELN_ARS)
    report = Report(
        municipality=koeln,
        kind=ReportKind.INTEGRATION,
        title="Integrationsbericht 2026",
        outlook="Ausblick auf die nächsten drei Jahre.",
    )
    t0 = time.perf_counter()
    doc = builders.build(report, appendix=True)
    t1 = time.perf_counter()
    images = render.chart_images(doc)
    t2 = time.perf_counter()
    pdf = render.render_pdf(doc, images)
    t3 = time.perf_counter()
    docx = render.render_docx(doc, images)
    t4 = time.perf_counter()
    xlsx = render.render_xlsx(doc)
    t5 = time.perf_counter()
    out = Path(args.out) if args.out else tmp
    out.mkdir(parents=True, exist_ok=True)
    (out / "integrationsbericht.pdf").write_bytes(pdf.data)
    (out / "integrationsbericht.docx").write_bytes(docx)
    (out / "integrationsbericht-anhang.xlsx").write_bytes(xlsx)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pdf_rate = pdf.pages / (t3 - t2)
    total_rate = pdf.pages / (t3 - t0 + 0.0)
    log(
        f"integration report: {pdf.pages} pages, {doc['figure_count']} charts and maps, "
        f"{len(pdf.data) / 1e6:.1f} MB PDF, {len(docx) / 1e6:.1f} MB DOCX, "
        f"{len(xlsx) / 1e6:.1f} MB XLSX in {out}"
    )
    log(
        f"times: data {t1 - t0:.2f} s, charts {t2 - t1:.2f} s, PDF {t3 - t2:.2f} s, "
        f"DOCX {t4 - t3:.2f} s, XLSX {t5 - t4:.2f} s, total {t5 - t0:.2f} s"
    )
    log(
        f"report pdf: {pdf_rate:.1f} pages/s (PDF writing), ratio {pdf_rate / TARGET_PAGES_PER_S:.2f}x "
        f"vs target {TARGET_PAGES_PER_S:.0f} pages/s"
    )
    log(
        f"report pdf with data and charts: {total_rate:.1f} pages/s, ratio "
        f"{total_rate / TARGET_PAGES_PER_S:.2f}x vs target {TARGET_PAGES_PER_S:.0f} pages/s"
    )
    log(
        f"report memory: peak RSS {peak_mb:.0f} MB, ratio {TARGET_MB / peak_mb:.2f}x vs target "
        f"< {TARGET_MB:.0f} MB"
    )


if __name__ == "__main__":
    main()
