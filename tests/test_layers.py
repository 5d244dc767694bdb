"""Apps depend one way, down the layers. import-linter (`make lint`, contract in pyproject.toml)
checks the imports; it cannot see a model named by its label, so these tests do:

- outside migrations and tests, an app looks up only its own models by a written-out label
  (``apps.get_model("concept", "Recommendation")`` in participation is a hidden import); a
  lookup with a label held in a variable (a generic loop over a list of labels) passes;
- a relation ("participation.WorkingGroup") points to the app's own layer or one below it."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def layer_of_app() -> dict[str, int]:
    """Each app's layer in the import-linter contract, counted from core (0) upwards."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layers: dict[str, int] = {}
    for depth, layer in enumerate(reversed(contract["layers"])):
        for name in re.split(r"[|:]", layer):
            layers[name.strip().strip("()")] = depth
    return layers


def _literal_label(call: ast.Call) -> str | None:
    """The app label of a ``get_model(...)`` call written out in the code, else None."""
    if not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.JoinedStr) and first.values:
        first = first.values[0]  # f"concept.{name}": the written-out start
    if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
        return None
    if "." in first.value:
        return first.value.split(".", 1)[0]
    return first.value if len(call.args) > 1 else None


def foreign_model_lookups(source: str, app_label: str) -> list[tuple[int, str]]:
    """(line, label) of every ``get_model`` call with a written-out label of another app."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name != "get_model":
            continue
        label = _literal_label(node)
        if label is not None and label != app_label:
            found.append((node.lineno, label))
    return found


def test_the_scan_finds_a_lookup_of_another_apps_model():
    source = (
        "from django.apps import apps\n"
        "def f(name):\n"
        "    a = apps.get_model('concept', 'Recommendation')\n"
        "    b = apps.get_model('concept.Measure')\n"
        "    c = apps.get_model(f'reports.{name}')\n"
        "    d = apps.get_model('participation', 'Survey')\n"
        "    e = apps.get_model(name)\n"
        "    return a, b, c, d, e\n"
    )
    assert foreign_model_lookups(source, "participation") == [
        (3, "concept"),
        (4, "concept"),
        (5, "reports"),
    ]


def test_no_app_looks_up_another_apps_model_by_its_label():
    offenders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("teilhabe."):
            continue
        for path in sorted(Path(config.path).rglob("*.py")):
            parts = path.relative_to(config.path).parts
            if "migrations" in parts or "tests" in parts:
                continue
            for line, label in foreign_model_lookups(path.read_text(), config.label):
                offenders.append(f"{path.relative_to(ROOT)}:{line} looks up a model of {label}")
    assert not offenders, (
        "Import the model (from a lower app) or let the higher app register through a registry "
        "in core:\n" + "\n".join(offenders)
    )


def test_relations_point_down_the_layers():
    layers = layer_of_app()
    offenders = []
    for model in apps.get_models():
        app = model._meta.app_label
        if not model.__module__.startswith("teilhabe.") or app not in layers:
            continue
        for field in [*model._meta.fields, *model._meta.many_to_many]:
            target = field.related_model
            if target is None or not isinstance(target, type):
                continue
            other = target._meta.app_label
            if other == app or other not in layers:
                continue
            if layers[other] >= layers[app]:
                offenders.append(f"{model._meta.label}.{field.name} → {target._meta.label}")
    assert not offenders, "Relations to the same or a higher layer:\n" + "\n".join(offenders)
