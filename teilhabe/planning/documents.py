"""Editable Word files of the planning part (the Sachbericht draft)."""

from __future__ import annotations

from teilhabe.core import documents


def text_to_docx(*, title: str, text: str) -> bytes:
    """A simple Word document: the first line as title, numbered lines ("1. …") as headings,
    lines starting with "– " as list items, everything else as paragraphs (German language)."""
    document = documents.docx_new(title=title)
    lines = text.splitlines()
    document.add_heading(lines[0] if lines else title, level=1)
    for line in lines[1:]:
        if not line.strip():
            continue
        if line[:2].rstrip(".").isdigit() and line[1:3].startswith("."):
            document.add_heading(line, level=2)
        elif line.startswith("– "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    return documents.docx_bytes(document)
