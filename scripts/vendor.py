"""Copy the front-end assets from node_modules/ into static/vendor/ and record their versions.

Run through `make vendor` (which runs `npm ci` first). The result is committed, so that
`make run` needs no npm and no page ever loads anything from a third party.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
TARGET = ROOT / "static" / "vendor"

FILES = {
    "@kern-ux/native": [
        "dist/kern.min.css",
        "dist/fonts/fira-sans.css",
        "dist/fonts/fira-sans",
        "LICENSE.md",
    ],
    "htmx.org": ["dist/htmx.min.js", "LICENSE"],
    "vega": ["build/vega.min.js", "LICENSE"],
    "vega-lite": ["build/vega-lite.min.js", "LICENSE"],
    "vega-embed": ["build/vega-embed.min.js", "LICENSE"],
    "vega-interpreter": ["build/vega-interpreter.js", "LICENSE"],
    "leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE"],
}


def _interpreter_as_script(source: str) -> str:
    """vega-interpreter ships only as an ES module importing vega-util; the vega bundle
    exports the same helpers, so a tiny rewrite makes it a classic script (``vegaInterpreter``).
    It lets Vega evaluate expressions without ``eval`` — our CSP forbids ``unsafe-eval``."""
    source, n_import = re.subn(
        r"^import \{([^}]*)\} from 'vega-util';$",
        r"const {\1} = vega;",
        source,
        count=1,
        flags=re.M,
    )
    source, n_export = re.subn(
        r"^export \{ expression as expressionInterpreter \};$",
        "window.vegaInterpreter = { expressionInterpreter: expression };",
        source,
        count=1,
        flags=re.M,
    )
    if not (n_import and n_export):
        raise SystemExit("vega-interpreter changed its module layout; update scripts/vendor.py")
    return "(function () {\n" + source + "\n})();\n"


def main() -> None:
    if TARGET.exists():
        shutil.rmtree(TARGET)
    versions = []
    for package, paths in FILES.items():
        source_dir = NODE / package
        version = json.loads((source_dir / "package.json").read_text())["version"]
        versions.append(f"{package} {version}")
        dest_dir = TARGET / package.replace("@", "").replace("/", "-")
        for rel in paths:
            src = source_dir / rel
            dest = dest_dir / Path(rel).name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dest)
            elif package == "vega-interpreter" and rel.endswith(".js"):
                dest.write_text(_interpreter_as_script(src.read_text()))
            else:
                shutil.copy2(src, dest)
    (TARGET / "VERSIONS.txt").write_text(
        "Vendored from the npm registry by scripts/vendor.py (make vendor). Do not edit.\n"
        + "\n".join(versions)
        + "\n"
    )
    print("\n".join(versions))


if __name__ == "__main__":
    main()
