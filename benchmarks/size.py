"""Installed size: ihd and what it needs, against a bare PySide6-Essentials, in the venv that runs this.

    .venv/bin/python benchmarks/size.py [--json PATH]

Adds up the files each installed distribution lists in its RECORD: ihd's own package, its
dependencies (from pyproject.toml beside this folder, else from ihd's installed metadata) and
theirs in turn; test tools and pip are not counted. The baseline is PySide6-Essentials with
shiboken6, which is all a bare PySide6-Essentials venv holds beyond pip, measured in the same venv.
PySide6-Addons (440 MB, which Qt's text-to-speech came in before speech went through
speech-dispatcher) is not needed: if a venv made before still holds it, it is reported, not counted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import tomllib
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).parent
BARE = ("PySide6-Essentials", "shiboken6")
_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def wanted(requirement: str) -> str | None:
    """The distribution a requirement names, or None if it is only for an extra or another system."""
    name, _, marker = requirement.partition(";")
    if marker.strip():
        try:
            from packaging.markers import Marker  # present where the test tools are

            if not Marker(marker).evaluate({"extra": ""}):
                return None
        except ImportError:
            if "extra" in marker:
                return None
    found = _NAME.match(name)
    return found.group(1) if found else None


def ihd_requirements() -> list[str]:
    pyproject = HERE.parent / "pyproject.toml"
    if pyproject.exists():
        return tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    return metadata.requires("ihd") or []


def dist_mb(dist: metadata.Distribution) -> float:
    total = 0
    for file in dist.files or ():
        with contextlib.suppress(OSError):  # listed, and gone
            total += Path(str(dist.locate_file(file))).stat().st_size
    return total / 1e6


def needed() -> dict[str, float]:
    """MB of each distribution ihd needs installed, by name, found by walking the requirements."""
    sizes: dict[str, float] = {}
    todo = [n for r in ihd_requirements() if (n := wanted(r))]
    while todo:
        name = todo.pop()
        if key(name) in {key(n) for n in sizes}:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        sizes[dist.metadata["Name"]] = dist_mb(dist)
        todo += [n for r in dist.requires or () if (n := wanted(r))]
    return sizes


def package_mb() -> float:
    """ihd's own package (an editable install lists only a pointer to it in its RECORD)."""
    import ihd

    return sum(f.stat().st_size for f in Path(ihd.__file__).parent.rglob("*") if f.is_file()) / 1e6


def measure() -> dict:
    deps = needed()
    bare = {name: mb for name, mb in deps.items() if key(name) in {key(n) for n in BARE}}
    try:
        addons: float | None = dist_mb(metadata.distribution("PySide6-Addons"))
    except metadata.PackageNotFoundError:
        addons = None
    result = {
        "ihd_mb": package_mb() + sum(deps.values()),
        "bare_pyside6_essentials_mb": sum(bare.values()),
        "by_distribution_mb": {"ihd": package_mb(), **dict(sorted(deps.items(), key=lambda kv: -kv[1]))},
        "pyside6_addons_installed_mb": addons,
    }
    result["ratio"] = result["ihd_mb"] / result["bare_pyside6_essentials_mb"]
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    result = measure()
    print(f"{'installed':<46}{'MB':>8}")
    for name, mb in result["by_distribution_mb"].items():
        print(f"  {name:<44}{mb:>8.1f}")
    print(f"{'ihd and what it needs':<46}{result['ihd_mb']:>8.1f}")
    print(f"{'bare PySide6-Essentials (with shiboken6)':<46}{result['bare_pyside6_essentials_mb']:>8.1f}")
    print(f"{'ratio':<46}{result['ratio']:>8.2f}")
    if result["pyside6_addons_installed_mb"] is not None:
        print(f"{'PySide6-Addons, installed here, not needed':<46}{result['pyside6_addons_installed_mb']:>8.1f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
