"""Start-up, against a bare PySide6 window that shows and saves a frame, in two measures:

- first frame: from starting `ihd --demo` to its log line saying the home screen is drawn (what
  a householder waits for; the history and the data start after it), against the bare window's
  line once its frame is saved;
- settled picture: `ihd --demo --screenshot` to its exit, once the demo's readings and history
  are on screen and saved as a PNG, against the bare window to its exit.

All run as fresh processes, alternately, on the same machine in the same run; the table gives
medians and their ratios. Run: .venv/bin/python benchmarks/startup.py [--runs N] [--json PATH]
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

from ihd.features.appliance import ON_SHOW  # logged once the first frame is drawn

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
w = QLabel("1.23 kW")
w.resize(800, 480)
w.show()
app.processEvents()
w.grab().save(sys.argv[1], "PNG")
print("saved", file=sys.stderr, flush=True)
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def until_line(cmd: list[str], env: dict[str, str], marker: str) -> float:
    """Seconds from starting `cmd` to a line of its stderr holding `marker`; then it is stopped."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    try:
        for line in proc.stderr:
            if marker in line:
                return time.perf_counter() - start
        raise RuntimeError(f"{cmd[1:3]} ended without saying {marker!r}")
    finally:
        proc.terminate()
        proc.wait(30)


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
        ihd = [sys.executable, "-m", "ihd", "--demo", "--data-dir", tmp]
        shot = [*ihd, "--screenshot", f"{tmp}/ihd.png"]
        timed(bare, env), timed(shot, env)  # warm the file cache; the demo's history is written
        bare_s, ihd_s, bare_frame, ihd_frame = [], [], [], []
        for _ in range(args.runs):
            bare_frame.append(until_line(bare, env, "saved"))
            ihd_frame.append(until_line(ihd, env, ON_SHOW))
            bare_s.append(timed(bare, env))
            ihd_s.append(timed(shot, env))
    result = {
        "bare_window_frame_s": statistics.median(bare_frame),
        "ihd_first_frame_s": statistics.median(ihd_frame),
        "bare_window_s": statistics.median(bare_s),
        "ihd_demo_screenshot_s": statistics.median(ihd_s),
        "runs": args.runs,
    }
    result["first_frame_ratio"] = result["ihd_first_frame_s"] / result["bare_window_frame_s"]
    result["ratio"] = result["ihd_demo_screenshot_s"] / result["bare_window_s"]
    print(f"{'measure':<46}{'median s':>10}")
    print(f"{'bare PySide6 window: frame saved':<46}{result['bare_window_frame_s']:>10.3f}")
    print(f"{'ihd --demo: home screen drawn':<46}{result['ihd_first_frame_s']:>10.3f}")
    print(f"{'first frame ratio (target within 2x)':<46}{result['first_frame_ratio']:>10.2f}")
    print(f"{'bare PySide6 window: to exit':<46}{result['bare_window_s']:>10.3f}")
    print(f"{'ihd --demo --screenshot: settled, saved, exit':<46}{result['ihd_demo_screenshot_s']:>10.3f}")
    print(f"{'settled picture ratio':<46}{result['ratio']:>10.2f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
