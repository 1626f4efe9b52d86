"""Idle cost: CPU time per minute of the running display fed one reading every 10 s from a real
mosquitto, against a bare PySide6 window sitting idle for the same minute.

    .venv/bin/python benchmarks/idle.py [--seconds N] [--json PATH]

Both are separate processes, measured from /proc after a 10 s settling time, side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from broker import Broker

SETTLE_S = 10
TICK = os.sysconf("SC_CLK_TCK")

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
w = QLabel("1.23 kW")
w.resize(800, 480)
w.show()
app.exec()
"""


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def measure(procs: list[subprocess.Popen], seconds: float) -> list[float]:
    time.sleep(SETTLE_S)
    before = [cpu_s(p.pid) for p in procs]
    time.sleep(seconds)
    return [(cpu_s(p.pid) - b) * 60 / seconds for p, b in zip(procs, before, strict=True)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        broker = Broker(Path(tmp))
        broker.start()
        stop = threading.Event()

        def feed() -> None:
            pub = broker.publisher()
            while not stop.is_set():
                ts = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                pub.send("ihd/v1/electricity/demand", json.dumps({"ts": ts, "watts": 420}))
                stop.wait(10)
            pub.close()

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        ihd = subprocess.Popen([sys.executable, "-m", "ihd", "--broker", broker.url, "--dialect", "native",
                                "--data-dir", f"{tmp}/data"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        bare = subprocess.Popen([sys.executable, "-c", BARE], env=env)
        try:
            ihd_cpu, bare_cpu = measure([ihd, bare], args.seconds)
        finally:
            for p in (ihd, bare):
                p.terminate()
                p.wait(15)
            stop.set()
            feeder.join(15)
            broker.stop()
    result = {"seconds": args.seconds, "ihd_cpu_s_per_min": ihd_cpu, "bare_cpu_s_per_min": bare_cpu,
              "ihd_share_of_a_core": ihd_cpu / 60}
    print(f"{'measure':<48}{'CPU s/min':>10}")
    print(f"{'bare PySide6 window, idle':<48}{bare_cpu:>10.3f}")
    print(f"{'ihd, one reading every 10 s':<48}{ihd_cpu:>10.3f}")
    print(f"{'share of one core (target under 1%)':<48}{ihd_cpu / 60 * 100:>9.2f}%")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
