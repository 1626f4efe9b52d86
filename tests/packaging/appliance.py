"""Helpers for the appliance tests: the scripts, and what an install leaves behind."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INSTALL = REPO / "packaging" / "install.sh"
UNINSTALL = REPO / "packaging" / "uninstall.sh"


def sh(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["sh", *map(str, args)], capture_output=True, text=True, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(f"{args[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def install(root: Path, wheel: Path, *options: str) -> str:
    """install.sh into `root`: everything but the system packages, the user and starting services."""
    return sh(INSTALL, "--root", root, "--wheel", wheel, *options).stdout


def logins(root: Path) -> dict[str, str]:
    lines = (root / "etc/ihd/broker-logins").read_text().splitlines()
    return dict(line.split(" ", 1) for line in lines)


def broker_lines(root: Path) -> tuple[str, ...]:
    """The installed broker configuration with its files found under `root`; the tests' Broker
    puts its own loopback listener on a free port in place of the shipped one."""
    lines = []
    for line in (root / "etc/mosquitto/conf.d/ihd.conf").read_text().splitlines():
        if line.startswith("listener"):
            continue
        lines.append(line.replace("/etc/mosquitto/", f"{root}/etc/mosquitto/"))
    return tuple(lines)
