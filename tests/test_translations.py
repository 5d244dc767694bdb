"""The German catalogues are the real interface: complete, without fuzzy entries, current."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _po_files() -> list[Path]:
    return sorted(
        p for p in ROOT.glob("**/locale/de/LC_MESSAGES/django.po") if ".venv" not in p.parts
    )


def test_german_catalogues_exist():
    assert ROOT / "locale/de/LC_MESSAGES/django.po" in _po_files()


@pytest.mark.parametrize("po_path", _po_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_german_catalogue_is_complete(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_german_catalogues_are_current(tmp_path):
    """Extract the messages of a copy of the tree; every msgid must already be translated."""
    copy = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            "node_modules",
            ".git",
            "vendor",
            "var",
            "*.sqlite3*",
            "__pycache__",
            "data",
            "bench",
        ),
    )
    subprocess.run(
        [str(copy / "scripts/messages.sh")],  # the copy: the script works on its own tree
        cwd=copy,
        check=True,
        env={"PY": sys.executable, "PATH": "/usr/bin:/bin"},
    )
    missing = []
    for fresh in copy.glob("**/locale/de/LC_MESSAGES/django.po"):
        committed = ROOT / fresh.relative_to(copy)
        known = (
            {(e.msgctxt, e.msgid) for e in polib.pofile(str(committed))}
            if committed.exists()
            else set()
        )
        missing += [
            f"{fresh.relative_to(copy)}: {e.msgid}"
            for e in polib.pofile(str(fresh))
            if (e.msgctxt, e.msgid) not in known
        ]
    assert not missing, "run `make messages` and translate: " + "; ".join(missing[:20])
