"""Benchmark of the document generator: the integration report of the demo municipality.

1. A temporary SQLite database with the demo (``migrate`` and the demo loader run in child
   processes, so their memory does not count).
2. A fresh worker process (``--worker``) does the work exactly as the edition task does:
   build the document, draw the charts and maps (once, in the chart process that
   ``documents.charts_jpeg`` starts), write the PDF (PDF/UA-1, tagged), the Word file and the
   spreadsheet appendix. Each step is timed on its own (wall clock, and CPU time to show
   how much of the wall time was waiting for a busy machine).
3. Print time, pages, charts, the PDF's pages/s with "ratio" against the target of 15 pages/s
   (pages of the report ÷ wall time of ``render_pdf``: template, WeasyPrint import, layout
   and writing), a check of the PDF's tagging, and the peak memory against the target of
   300 MB: the larger of the worker's own peak RSS and, while the charts are drawn, the
   worker's RSS plus the chart process's peak RSS (both from ``getrusage``'s ``ru_maxrss``).

Usage: .venv/bin/python -m bench.reports [--db PATH] [--out DIR]
"""

from __future__ import annotations

import argparse
import io
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

# The demo exactly as ``load_demo`` loads it; a failing step fails the benchmark instead of
# making the report shorter.
LOADER = """
from teilhabe.core import demo
demo.demo_load()
"""


def log(msg: str) -> None:
    print(msg, flush=True)


def prepare(db: Path, media: Path) -> None:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", MEDIA_ROOT=str(media))
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([py, "manage.py", "shell", "-v0", "-c", LOADER], cwd=ROOT, env=env, check=True)


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def pdf_check(data: bytes) -> str:
    """Tagging, language, title and alt texts of the figures, as the tests check them."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        figures, missing = 0, 0
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if str(node.get("/S", "")) == "/Figure":
                figures += 1
                missing += not str(node.get("/Alt", "")).strip()
            kids = node.get("/K")
            children = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            stack.extend(k for k in children if isinstance(k, pikepdf.Dictionary))
        return (
            f"tagged {bool(pdf.Root.MarkInfo.Marked)}, language {pdf.Root.Lang}, "
            f"title {'yes' if str(pdf.docinfo.get('/Title', '')) else 'no'}, "
            f"{figures} figures, {missing} without alt text"
        )


def worker(db: Path, media: Path, out: Path) -> None:
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
    cpu = time.process_time
    t0, c0 = time.perf_counter(), cpu()
    doc = builders.build(report, appendix=True)
    t1, c1 = time.perf_counter(), cpu()
    rss_at_charts = current_rss_mb()
    images = render.chart_images(doc)
    t2, c2 = time.perf_counter(), cpu()
    chart_cpu = sum(os.times()[2:4])  # the chart process, after it has ended
    pdf = render.render_pdf(doc, images)
    t3, c3 = time.perf_counter(), cpu()
    docx = render.render_docx(doc, images)
    t4, c4 = time.perf_counter(), cpu()
    xlsx = render.render_xlsx(doc)
    t5, c5 = time.perf_counter(), cpu()
    worker_mb = peak_rss_mb(resource.RUSAGE_SELF)
    charts_mb = peak_rss_mb(resource.RUSAGE_CHILDREN)
    peak_mb = max(worker_mb, rss_at_charts + charts_mb)
    out.mkdir(parents=True, exist_ok=True)
    (out / "integrationsbericht.pdf").write_bytes(pdf.data)
    (out / "integrationsbericht.docx").write_bytes(docx)
    (out / "integrationsbericht-anhang.xlsx").write_bytes(xlsx)
    pdf_rate = pdf.pages / (t3 - t2)
    total_rate = pdf.pages / (t3 - t0)
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
        f"CPU: data {c1 - c0:.2f} s, charts {c2 - c1 + chart_cpu:.2f} s (chart process "
        f"{chart_cpu:.2f} s), PDF {c3 - c2:.2f} s, DOCX {c4 - c3:.2f} s, XLSX {c5 - c4:.2f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    log(f"pdf/ua-1: {pdf_check(pdf.data)}")
    log(
        f"report pdf: {pdf_rate:.1f} pages/s (PDF writing), ratio "
        f"{pdf_rate / TARGET_PAGES_PER_S:.2f}x vs target {TARGET_PAGES_PER_S:.0f} pages/s"
    )
    log(
        f"report pdf with data and charts: {total_rate:.1f} pages/s, ratio "
        f"{total_rate / TARGET_PAGES_PER_S:.2f}x vs target {TARGET_PAGES_PER_S:.0f} pages/s"
    )
    log(
        f"report memory: peak RSS {peak_mb:.0f} MB (worker {worker_mb:.0f} MB; while drawing "
        f"charts {rss_at_charts:.0f} + chart process {charts_mb:.0f} MB), ratio "
        f"{TARGET_MB / peak_mb:.2f}x vs target < {TARGET_MB:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="an existing SQLite database with the demo")
    parser.add_argument("--out", help="directory for the generated files")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--media", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(Path(args.db), Path(args.media), Path(args.out))
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    media = tmp / "media"
    if args.db:
        db = Path(args.db).resolve()
    else:
        db = tmp / "demo.sqlite3"
        started = time.perf_counter()
        prepare(db, media)
        log(f"demo loaded into {db} in {time.perf_counter() - started:.1f} s")
    out = Path(args.out).resolve() if args.out else tmp
    # A fresh process does the work, so its peak memory is the report's alone.
    command = [sys.executable, "-m", "bench.reports", "--worker"]
    command += ["--db", str(db), "--media", str(media), "--out", str(out)]
    subprocess.run(command, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
