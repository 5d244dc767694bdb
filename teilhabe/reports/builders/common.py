"""The parts every document is made of: numbered chapters of blocks, the document around
them, and how figures, money, dates and counts of people are printed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from teilhabe.reports.models import Report, ReportKind
from teilhabe.statistics import disclosure


def day(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d.%m.%Y")


def euro(value: Decimal | float | int | None) -> str:
    if value is None:
        return "–"
    text = f"{Decimal(value):,.0f}".replace(",", ".")
    return f"{text} €"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def shown_count(value: int | None) -> str:
    """A count of people for print: below k it is not shown (disclosure control)."""
    if value is None:
        return "–"
    return disclosure.SUPPRESSED if disclosure.is_small(value) else f"{value:,}".replace(",", ".")


def text_blocks(text: str) -> list[tuple[str, Any]]:
    """Plain text as blocks: numbered lines ("1. …") are headings, "– " lines a list."""
    blocks: list[tuple[str, Any]] = []
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    for line in lines[1:] if lines and not lines[0][:2].rstrip(".").isdigit() else lines:
        if not line.strip():
            continue
        if line[:1].isdigit() and ". " in line[:4]:
            blocks.append(("heading", line))
        elif line.startswith(("– ", "- ")):
            if blocks and blocks[-1][0] == "list":
                blocks[-1][1].append(line[2:])
            else:
                blocks.append(("list", [line[2:]]))
        else:
            blocks.append(("text", line))
    return blocks


class Chapter:
    def __init__(self, doc: DocumentBuilder, number: str, title: str) -> None:
        self.doc = doc
        self.number = number
        self.title = title
        self.blocks: list[dict[str, Any]] = []
        self._sub = 0

    def section(self, title: str, *, level: int = 3, new_page: bool = False) -> None:
        if level == 3:
            self._sub += 1
            number = f"{self.number}.{self._sub}"
        else:
            number = ""
            if not self._sub:
                level = 3  # no numbered section above it: the outline must not skip a level
        self.blocks.append(
            {
                "type": "heading",
                "level": level,
                "number": number,
                "text": title,
                "id": f"k{self.number}-{len(self.blocks)}",
                "new_page": new_page,
            }
        )

    def text(self, text: str, *, empty: str = "") -> None:
        items = paragraphs(text)
        if items:
            self.blocks.append({"type": "text", "items": items})
        elif empty:
            self.blocks.append({"type": "text", "items": [empty], "muted": True})

    def bullets(self, items: list[str]) -> None:
        if items:
            self.blocks.append({"type": "list", "items": items})

    def table(
        self,
        *,
        caption: str,
        columns: list[str],
        rows: list[list[Any]],
        numeric: list[bool] | None = None,
        row_headers: bool = True,
        empty: str = "",
    ) -> None:
        if not rows:
            if empty:
                self.text(empty)
            return
        self.blocks.append(
            {
                "type": "table",
                "caption": caption,
                "columns": columns,
                "rows": [["" if c is None else str(c) for c in row] for row in rows],
                "numeric": numeric or [False] * len(columns),
                "row_headers": row_headers,
            }
        )

    def figure(
        self,
        *,
        spec: dict[str, Any],
        title: str,
        alt: str,
        source: str,
        table: dict[str, Any] | None = None,
    ) -> None:
        self.doc.figure_count += 1
        n = self.doc.figure_count
        self.blocks.append(
            {
                "type": "figure",
                "id": f"abb-{n}",
                "number": n,
                "title": title,
                "alt": alt,
                "spec": spec,
                "source": source,
                "table": table,
            }
        )
        if source:
            self.doc.source(source)


class DocumentBuilder:
    def __init__(self, *, report: Report, title: str, subtitle: str) -> None:
        self.report = report
        self.municipality = report.municipality
        self.title = title
        self.subtitle = subtitle
        self.chapters: list[Chapter] = []
        self.sources: list[str] = []
        self.figure_count = 0
        self.facts: dict[str, Any] = {}
        self.appendix: list[dict[str, Any]] = []

    def chapter(self, title: str) -> Chapter:
        chapter = Chapter(self, str(len(self.chapters) + 1), title)
        self.chapters.append(chapter)
        return chapter

    def source(self, text: str) -> None:
        if text and text not in self.sources:
            self.sources.append(text)

    def as_dict(self, *, period_start: datetime | None, period_end: datetime | None) -> dict:
        return {
            "kind": self.report.kind,
            "kind_label": str(ReportKind(self.report.kind).label),
            "title": self.title,
            "subtitle": self.subtitle,
            "municipality": self.municipality.name,
            "date": day(timezone.now()),
            "period": (
                f"{day(period_start)} – {day(period_end)}" if period_start or period_end else ""
            ),
            "summary_easy": paragraphs(self.report.summary_easy),
            "chapters": [
                {"number": c.number, "title": c.title, "id": f"k{c.number}", "blocks": c.blocks}
                for c in self.chapters
            ],
            "sources": self.sources,
            "figure_count": self.figure_count,
            "facts": self.facts,
            "appendix": self.appendix,
        }
