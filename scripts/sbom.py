"""Write the CycloneDX SBOM of what a Teilhabe installation runs (`make sbom`).

1. ``cyclonedx-py environment`` describes every package installed in .venv.
2. Only the runtime closure of Teilhabe's own dependencies is kept (test, lint and benchmark
   tools are not shipped); the full list stays beside it for reference.
3. The front-end packages vendored into static/vendor/ are added from package-lock.json.

Output: var/sbom/teilhabe.cdx.json (and var/sbom/environment.cdx.json). Generated per build
from the installed environment, so it is not kept in the repository.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "sbom"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(root: str = "teilhabe") -> set[str]:
    """Names of the distributions Teilhabe needs at run time (no extras), transitively."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        name = _norm(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for spec in requires:
            req = Requirement(spec)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            todo.append(req.name)
    return seen


def npm_components() -> list[dict[str, object]]:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    components = []
    for name in sorted(package.get("dependencies", {})):
        entry = lock.get(f"node_modules/{name}", {})
        version = entry.get("version", package["dependencies"][name])
        component: dict[str, object] = {
            "type": "library",
            "bom-ref": f"pkg:npm/{name}@{version}",
            "name": name,
            "version": version,
            "purl": f"pkg:npm/{name.replace('@', '%40')}@{version}",
            "description": "vendored into static/vendor/",
        }
        if entry.get("license"):
            component["licenses"] = [{"expression": entry["license"]}]
        integrity = str(entry.get("integrity", ""))
        if integrity.startswith("sha512-"):
            import base64

            digest = base64.b64decode(integrity.removeprefix("sha512-")).hex()
            component["hashes"] = [{"alg": "SHA-512", "content": digest}]
        components.append(component)
    return components


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    full = OUT / "environment.cdx.json"
    subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).parent / "cyclonedx-py"),
            "environment",
            "--pyproject",
            str(ROOT / "pyproject.toml"),
            "--output-format",
            "JSON",
            "--output-reproducible",
            "--output-file",
            str(full),
            sys.executable,
        ],
        check=True,
    )
    bom = json.loads(full.read_text(encoding="utf-8"))
    keep = runtime_closure()
    components = [c for c in bom.get("components", []) if _norm(c["name"]) in keep]
    refs = {c["bom-ref"] for c in components} | {bom["metadata"]["component"]["bom-ref"]}
    bom["components"] = components + npm_components()
    bom["dependencies"] = [
        {**d, "dependsOn": [r for r in d.get("dependsOn", []) if r in refs]}
        for d in bom.get("dependencies", [])
        if d["ref"] in refs
    ]
    target = OUT / "teilhabe.cdx.json"
    target.write_text(json.dumps(bom, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    version = SchemaVersion.from_version(bom["specVersion"])
    error = JsonStrictValidator(version).validate_str(target.read_text(encoding="utf-8"))
    if error is not None:
        print(f"SBOM does not validate: {error}", file=sys.stderr)
        return 1
    python = len(components)
    print(
        f"{target.relative_to(ROOT)}: {python} Python + {len(bom['components']) - python} npm components"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
