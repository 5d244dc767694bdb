"""Rules for where code lives: small wiring modules, demo data only where the demo is loaded,
no Python module past 900 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "teilhabe"

WIRING_MAX_LINES = 80
MODULE_MAX_LINES = 900

# Known offenders, to be split; each entry is removed as soon as the file is back under the
# limit (the tests below fail when an entry no longer offends). Paths relative to ROOT.
WIRING_TOO_LONG: set[str] = set()
DEMO_IMPORTERS: set[str] = set()
MODULES_TOO_LONG: set[str] = set()

# The commands that load the demo may import it.
DEMO_LOADERS = {
    "teilhabe/core/management/commands/load_demo.py",
}


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _is_demo_module(dotted: str) -> bool:
    """A demo module is ``demo`` or ``demo_*`` in a Teilhabe package (not a name imported from
    a module, such as ``teilhabe.core.seeding.demo_steps``)."""
    last = dotted.rsplit(".", 1)[-1]
    if not dotted.startswith("teilhabe.") or not (last == "demo" or last.startswith("demo_")):
        return False
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imported_modules(path: Path) -> set[str]:
    """Every module an import in the file may load, at any depth (also inside functions)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
    return out


def _exempt_from_demo_rule(path: Path) -> bool:
    return (
        path.name.startswith("demo")
        or "tests" in path.relative_to(PACKAGE).parts
        or _relative(path) in DEMO_LOADERS
    )


def test_wiring_modules_only_register():
    too_long = {
        _relative(path) for path in PACKAGE.glob("*/wiring.py") if _lines(path) > WIRING_MAX_LINES
    }
    assert too_long - WIRING_TOO_LONG == set(), (
        f"wiring.py only registers (at most {WIRING_MAX_LINES} lines): move status functions "
        "into status.py or selectors.py and demo data into demo.py"
    )
    assert WIRING_TOO_LONG - too_long == set(), "short enough now: remove from WIRING_TOO_LONG"


def test_only_the_demo_imports_demo_modules():
    importers = {}
    for path in PACKAGE.rglob("*.py"):
        if _exempt_from_demo_rule(path):
            continue
        demo_modules = sorted(m for m in _imported_modules(path) if _is_demo_module(m))
        if demo_modules:
            importers[_relative(path)] = demo_modules
    unexpected = {k: v for k, v in importers.items() if k not in DEMO_IMPORTERS}
    assert unexpected == {}, (
        "demo modules are loaded only by load_demo: register the step's dotted path with "
        "teilhabe.core.seeding.register instead of importing it"
    )
    assert DEMO_IMPORTERS - importers.keys() == set(), "fixed now: remove from DEMO_IMPORTERS"


def test_no_python_module_past_900_lines():
    too_long = set()
    for top in ("teilhabe", "tests", "config", "scripts", "bench"):
        for path in (ROOT / top).rglob("*.py"):
            # Generated migrations and demo data are long by nature.
            if "migrations" in path.parts or path.name.startswith("demo"):
                continue
            if _lines(path) > MODULE_MAX_LINES:
                too_long.add(_relative(path))
    assert too_long - MODULES_TOO_LONG == set(), (
        f"split modules past {MODULE_MAX_LINES} lines (a package past ~800)"
    )
    assert MODULES_TOO_LONG - too_long == set(), "short enough now: remove from MODULES_TOO_LONG"


def test_the_demo_rule_recognises_demo_modules():
    assert _is_demo_module("teilhabe.core.demo")
    assert _is_demo_module("teilhabe.inventory.demo")
    assert not _is_demo_module("teilhabe.core.seeding.demo_steps")
    assert not _is_demo_module("teilhabe.core.seeding")
