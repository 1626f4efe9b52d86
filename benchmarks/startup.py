"""Start-up: `ihd --demo --screenshot` against a bare PySide6 window that shows and saves a frame.

Both run as fresh processes, alternately, on the same machine in the same run; the table gives
medians and their ratio. Run: .venv/bin/python benchmarks/startup.py [--runs N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
w = QLabel("1.23 kW")
w.resize(800, 480)
w.show()
app.processEvents()
w.grab().save(sys.argv[1], "PNG")
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # An installed display runs from compiled bytecode; without it every start recompiles ihd's
    # sources (some shells and CI images set this), which the bare window never pays for.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        bare = [sys.executable, "-c", BARE, f"{tmp}/bare.png"]
        ihd = [sys.executable, "-m", "ihd", "--demo", "--data-dir", tmp, "--screenshot", f"{tmp}/ihd.png"]
        timed(bare, env), timed(ihd, env)  # warm the file cache
        bare_s, ihd_s = [], []
        for _ in range(args.runs):
            bare_s.append(timed(bare, env))
            ihd_s.append(timed(ihd, env))
    result = {
        "bare_window_s": statistics.median(bare_s),
        "ihd_demo_screenshot_s": statistics.median(ihd_s),
        "runs": args.runs,
    }
    result["ratio"] = result["ihd_demo_screenshot_s"] / result["bare_window_s"]
    print(f"{'measure':<34}{'median s':>10}")
    print(f"{'bare PySide6 window, grab, save':<34}{result['bare_window_s']:>10.3f}")
    print(f"{'ihd --demo --screenshot':<34}{result['ihd_demo_screenshot_s']:>10.3f}")
    print(f"{'ratio (target within 2x)':<34}{result['ratio']:>10.2f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
