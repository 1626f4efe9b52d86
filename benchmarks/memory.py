"""Memory: resident size after start against a bare PySide6 window, and its growth over a
simulated day run at high speed.

    .venv/bin/python benchmarks/memory.py [--runs N] [--json PATH]

Each measurement is a fresh process. The days: the demo home on a clock moved on a minute at a time
(1440 steps a day, each with its readings, history writes and a redraw); resident size is taken
after start, after the first day and after the second. The first day fills SQLite's page caches
and Qt's glyph caches; a leak shows as growth over the second.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

RSS = """
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
"""

BARE = RSS + """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
w = QLabel("1.23 kW")
w.resize(800, 480)
w.show()
for _ in range(20):
    app.processEvents()
w.grab()
print(rss_mb())
"""

IHD = RSS + """
import sys, tempfile
from datetime import UTC, datetime
from PySide6.QtWidgets import QApplication
from ihd.app import Display
from ihd.cli import parse_options
from ihd.core.clock import ManualClock

app = QApplication(sys.argv[:1])
day = sys.argv[1] == "day"
with tempfile.TemporaryDirectory() as data:
    clock = ManualClock(datetime(2026, 1, 15, 1, 0, 30, tzinfo=UTC))  # gas has no rise yet just after midnight
    display = Display(parse_options(["--demo", "--data-dir", data]), clock)
    display.start()
    while not display.settled():
        app.processEvents()
    for _ in range(20):
        app.processEvents()
    display.window.grab()
    if not day:
        print(rss_mb())
    else:
        def minutes(n):
            for _ in range(n):
                clock.advance(60)
                display.demo._nudge.set()
                display.writer.flush()
                app.processEvents()
                display._tick()
        start = rss_mb()
        minutes(24 * 60)
        first = rss_mb()
        minutes(24 * 60)
        print(start, first, rss_mb())
    display.stop()
"""


def run(script: str, *args: str) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True, env=env)
    return [float(x) for x in done.stdout.split()]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    bare, ihd = [], []
    for _ in range(args.runs):
        bare.append(run(BARE)[0])
        ihd.append(run(IHD, "start")[0])
    start, first, second = run(IHD, "day")
    result = {
        "bare_window_rss_mb": statistics.median(bare),
        "ihd_rss_mb": statistics.median(ihd),
        "day_start_rss_mb": start,
        "day_1_end_rss_mb": first,
        "day_2_end_rss_mb": second,
        "runs": args.runs,
    }
    result["ratio"] = result["ihd_rss_mb"] / result["bare_window_rss_mb"]
    result["first_day_growth"] = first / start - 1
    result["day_growth"] = second / first - 1
    print(f"{'measure':<46}{'MB':>8}")
    print(f"{'bare PySide6 window, after start':<46}{result['bare_window_rss_mb']:>8.1f}")
    print(f"{'ihd --demo, after start':<46}{result['ihd_rss_mb']:>8.1f}")
    print(f"{'ratio (target within 2x)':<46}{result['ratio']:>8.2f}")
    print(f"{'simulated days: at start, after 1, after 2':<46}{start:>8.1f}{first:>8.1f}{second:>8.1f}")
    print(f"{'growth over the first day (caches filling)':<46}{result['first_day_growth'] * 100:>7.1f}%")
    print(f"{'growth over a day once warm (target under 5%)':<46}{result['day_growth'] * 100:>7.1f}%")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
