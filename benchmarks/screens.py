"""First paint of each screen: the time from the tap that opens it (`show_screen`) to a rendered
frame (a grab of the window), the first time (built then) and again (already built), in one
process on the demo home, two seconds after its figures are up (a person looks before tapping;
the chart's libraries are imported in that time, off the GUI thread). The second opening is the
baseline.

    .venv/bin/python benchmarks/screens.py [--runs N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SCREENS = ("history", "settings", "consent", "about", "glance", "prepayment", "topup", "pin", "confirm")

ONE_RUN = """
import json, sys, time
from PySide6.QtWidgets import QApplication
from ihd.app import Display
from ihd.cli import parse_options
app = QApplication(sys.argv[:1])
d = Display(parse_options(["--demo", "prepayment", "--data-dir", sys.argv[1]]))
d.start()
while not d.settled():
    app.processEvents()
looked = time.perf_counter() + 2  # a person looks at the home screen before the first tap
while time.perf_counter() < looked:
    app.processEvents()
found = {}
for name in sys.argv[2].split(","):
    times = []
    for _ in range(2):
        start = time.perf_counter()
        d.window.show_screen(name)
        app.processEvents()
        d.window.grab()
        times.append(time.perf_counter() - start)
        d.window.show_screen("home")
        app.processEvents()
    found[name] = times
d.stop()
print(json.dumps(found))
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    first: dict[str, list[float]] = {name: [] for name in SCREENS}
    again: dict[str, list[float]] = {name: [] for name in SCREENS}
    for _ in range(args.runs):  # a fresh process each run: each screen's first opening is a real first
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run([sys.executable, "-c", ONE_RUN, tmp, ",".join(SCREENS)], env=env, check=True,
                                 capture_output=True, text=True).stdout
        for name, (once, twice) in json.loads(out.splitlines()[-1]).items():
            first[name].append(once)
            again[name].append(twice)
    result = {name: {"first_ms": statistics.median(first[name]) * 1000,
                     "again_ms": statistics.median(again[name]) * 1000} for name in SCREENS}
    result["slowest_first_ms"] = max(v["first_ms"] for v in result.values())  # type: ignore[union-attr]
    result["runs"] = args.runs
    print(f"{'screen':<12}{'first ms':>10}{'again ms':>10}")
    for name in SCREENS:
        print(f"{name:<12}{result[name]['first_ms']:>10.1f}{result[name]['again_ms']:>10.1f}")
    print(f"slowest first paint {result['slowest_first_ms']:.1f} ms (target under 100 ms)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
