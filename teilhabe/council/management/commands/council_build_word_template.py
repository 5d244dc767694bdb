"""Build the default Word template for council papers (teilhabe/council/word/vorlage.docx).

The template holds docxtpl tags; a municipality may replace it with its own corporate design
as long as it keeps the tags (see docs/council.md). Run again after changing this command.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt, RGBColor

from teilhabe.council.documents import DEFAULT_TEMPLATE

ACCENT = RGBColor(0x1D, 0x4F, 0x6E)


def _heading(document, text: str, level: int = 2) -> None:  # type: ignore[no-untyped-def]
    paragraph = document.add_heading(text, level=level)
    for run in paragraph.runs:
        run.font.color.rgb = ACCENT


def _header_row(table, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for cell, text in zip(row.cells, texts, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True


def build(target: Path) -> Path:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10.5)
    document.core_properties.title = "{{ type }}: {{ subject }}"
    document.core_properties.language = "de-DE"

    head = document.add_paragraph()
    run = head.add_run("{{ municipality }}")
    run.bold = True
    run.font.size = Pt(13)
    run.font.color.rgb = ACCENT
    document.add_paragraph(
        "{{ labels.reference }}: {% if reference %}{{ reference }}{% else %}"
        "({{ labels.not_assigned }}){% endif %} · {{ public }}"
    )
    title = document.add_heading("{{ type }}", level=1)
    for r in title.runs:
        r.font.color.rgb = ACCENT

    meta = document.add_table(rows=4, cols=2)
    meta.style = "Table Grid"
    rows = [
        ("{{ labels.lead }}", "{{ lead }}"),
        ("{{ labels.author }}", "{{ author }}"),
        ("{{ labels.file_number }}", "{{ file_number }}"),
        ("{{ labels.paper_date }}", "{{ date }}"),
    ]
    for row, (label, value) in zip(meta.rows, rows, strict=True):
        row.cells[0].text = label
        row.cells[0].paragraphs[0].runs[0].bold = True
        row.cells[1].text = value

    _heading(document, "{{ labels.consultations }}")
    table = document.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _header_row(
        table,
        ["{{ labels.body }}", "{{ labels.date }}", "{{ labels.role }}", "{{ labels.result }}"],
    )
    loop_row, end_row = table.rows[1], table.rows[2]
    # docxtpl row loop: the row with {%tr for %} and the row with {%tr endfor %} vanish.
    loop_row.cells[0].text = "{%tr for c in consultations %}"
    end_row.cells[0].text = "{%tr endfor %}"
    body = table.add_row()
    body._tr.getparent().remove(body._tr)
    loop_row._tr.addnext(body._tr)
    body.cells[0].text = "{{ c.body }}"
    body.cells[1].text = "{{ c.date }}"
    body.cells[2].text = "{{ c.role }}"
    body.cells[3].text = "{{ c.result }}{% if c.vote %} ({{ c.vote }}){% endif %}"

    _heading(document, "{{ labels.subject }}")
    subject = document.add_paragraph()
    subject.add_run("{{ subject }}").bold = True

    document.add_paragraph("{%p if has_resolution %}")
    _heading(document, "{{ labels.resolution }}")
    document.add_paragraph("{%p for p in resolution_paragraphs %}")
    document.add_paragraph("{{ p }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")

    _heading(document, "{{ labels.justification }}")
    document.add_paragraph("{%p for s in sections %}")
    document.add_paragraph("{%p if s.heading %}")
    _heading(document, "{{ s.number }}. {{ s.heading }}", level=3)
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p for p in s.paragraphs %}")
    document.add_paragraph("{{ p }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")

    _heading(document, "{{ labels.finance }}")
    document.add_paragraph("{%p if finance_none %}")
    document.add_paragraph("{{ labels.finance_none }}.")
    document.add_paragraph("{%p else %}")
    finance = document.add_table(rows=3, cols=3)
    finance.style = "Table Grid"
    _header_row(finance, ["{{ labels.item }}", "{{ labels.description }}", "{{ labels.amount }}"])
    finance.rows[1].cells[0].text = "{%tr for f in finance %}"
    finance.rows[2].cells[0].text = "{%tr endfor %}"
    line = finance.add_row()
    line._tr.getparent().remove(line._tr)
    finance.rows[1]._tr.addnext(line._tr)
    line.cells[0].text = "{{ f.number }} {{ f.label }}"
    line.cells[1].text = "{{ f.text }}"
    line.cells[2].text = "{{ f.amount }}"
    document.add_paragraph("{%p endif %}")

    _heading(document, "{{ labels.children }}")
    document.add_paragraph("{{ children }}")
    _heading(document, "{{ labels.staff }}")
    document.add_paragraph("{{ staff_plan }}")

    document.add_paragraph("{%p if attachments %}")
    _heading(document, "{{ labels.attachments }}")
    document.add_paragraph("{%p for a in attachments %}")
    document.add_paragraph("{{ a }}", style="List Number")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")

    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


class Command(BaseCommand):
    help = "Build the default Word template for council papers."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--output", default=str(DEFAULT_TEMPLATE))

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = build(Path(options["output"]))
        self.stdout.write(f"{path}")
