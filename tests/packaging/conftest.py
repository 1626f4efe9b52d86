"""The appliance as shipped: built once per run, installed into temporary roots."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from appliance import REPO, install


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> tuple[Path, Path]:
    """The sdist, and the wheel built from it (so the wheel proves the sdist complete)."""
    out = tmp_path_factory.mktemp("dist")
    # From a copy of the sources: the build stages its files and egg-info in the tree it builds,
    # and the suite runs in several processes, each of which may build at once.
    sources = tmp_path_factory.mktemp("sources") / "ihd"
    shutil.copytree(REPO, sources, ignore=shutil.ignore_patterns(
        ".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", "gallery", ".ruff_cache"))
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(sources)],
                           capture_output=True, text=True, timeout=600)
    if built.returncode != 0:
        pytest.fail(f"building the sdist and wheel failed:\n{built.stdout[-3000:]}\n{built.stderr[-3000:]}")
    (sdist,) = out.glob("ihd-*.tar.gz")
    (wheel,) = out.glob("ihd-*.whl")
    return sdist, wheel


@pytest.fixture(scope="session")
def installed(dist, tmp_path_factory) -> tuple[Path, str]:
    """A service-mode install with a LAN listener without TLS (so --lan given twice) and a Home
    Assistant login, and what it printed."""
    root = tmp_path_factory.mktemp("root")
    certificates = tmp_path_factory.mktemp("centre")
    ca, crt, key = (certificates / name for name in ("ca.crt", "home.crt", "home.key"))
    for made in (ca, crt, key):  # the files are copied as they are; their contents are checked elsewhere
        made.write_text(f"a stand-in for {made.name}\n")
    output = install(root, dist[1], "--mode", "service", "--lan", "--lan", "--home-assistant",
                     "--bridge-password", "bridge-secret-1", "--centre", "mqtts://centre.example.org:8883",
                     "home-0042", "--centre-tls", str(ca), str(crt), str(key), "--centre-share",
                     "third-party,supplier-daily")
    return root, output
