"""Ingest: readings per second through the dialect, the live model, the store and the home
screen's view-model, from a real mosquitto, against a bare paho subscriber on the same broker;
with the GUI event loop's worst lateness while it happens.

    .venv/bin/python benchmarks/ingest.py [--messages N] [--runs N] [--json PATH]

A separate process publishes N messages (demand and register readings, alternately, a second
apart) as fast as it can, once to the bare subscriber and once to the display, alternately for
each run. The display's time runs until every reading is accepted and saved in the history.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import paho.mqtt.client as mqtt

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from broker import Broker

NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)

PUBLISHER = """
import json, sys, time
from datetime import datetime, timedelta, UTC
import paho.mqtt.client as mqtt
port, n = int(sys.argv[1]), int(sys.argv[2])
start = datetime(2026, 1, 15, 12, 0, tzinfo=UTC) - timedelta(seconds=n)
c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-pub")
c.max_queued_messages_set(0)
c.max_inflight_messages_set(1000)
c.connect("127.0.0.1", port)
c.loop_start()
for i in range(n):
    ts = (start + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if i % 2:
        c.publish("ihd/v1/electricity/import", json.dumps({"ts": ts, "value": 1000 + i / 1000, "unit": "kWh"}), 0)
    else:
        c.publish("ihd/v1/electricity/demand", json.dumps({"ts": ts, "watts": 300 + i % 700}), 0)
c.loop_stop()
c.disconnect()
"""


def publish(port: int, n: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PUBLISHER, str(port), str(n)])


def bare(port: int, n: int) -> float:
    got = 0
    first: float | None = None
    done = threading.Event()

    def message(_c, _u, _m) -> None:
        nonlocal got, first
        if first is None:
            first = time.perf_counter()
        got += 1
        if got == n:
            done.set()

    ready = threading.Event()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-bare")
    client.on_message = message
    client.on_subscribe = lambda *_: ready.set()
    client.connect("127.0.0.1", port)
    client.subscribe("ihd/v1/#", 0)
    client.loop_start()
    ready.wait(5)
    pub = publish(port, n)
    if not done.wait(120):
        raise RuntimeError(f"the bare subscriber got {got} of {n}")
    end = time.perf_counter()
    pub.wait()
    client.loop_stop()
    client.disconnect()
    assert first is not None
    return n / (end - first)


def display_rate(port: int, n: int, app) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from ihd.app import Display
    from ihd.cli import Options
    from ihd.config import parse_config
    from ihd.core.clock import ManualClock
    from ihd.core.link import LinkState

    with tempfile.TemporaryDirectory() as data:
        options = Options(parse_config({"bridge": {"broker": f"mqtt://127.0.0.1:{port}", "dialect": "native"}}))
        options.config.__dict__["data_dir"] = Path(data)
        display = Display(options, ManualClock(NOON))
        display.start()
        deadline = time.monotonic() + 10
        while display.figures.link.state is not LinkState.CONNECTED and time.monotonic() < deadline:
            app.processEvents()
        display.writer.flush()
        base = display.feed.received  # its own consent record, heard back
        worst = 0.0
        last = time.perf_counter()

        def beat() -> None:
            nonlocal worst, last
            now = time.perf_counter()
            worst = max(worst, now - last - 0.010)
            last = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(beat)
        pub = publish(port, n)
        while display.feed.received == base:
            app.processEvents()
        first = time.perf_counter()
        last = first
        timer.start()
        deadline = time.monotonic() + 120
        while display.feed.accepted < n and time.monotonic() < deadline:
            app.processEvents()
        timer.stop()  # the wait for the history below blocks this loop on purpose: not lateness
        display.writer.flush(60)
        end = time.perf_counter()
        pub.wait()
        accepted = display.feed.accepted
        display.stop()
        display.window.close()
    if accepted < n:
        raise RuntimeError(f"the display accepted {accepted} of {n}")
    return n / (end - first), worst


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        broker = Broker(Path(tmp))
        broker.start()
        try:
            bare_rates, ihd_rates, lateness = [], [], []
            for _ in range(args.runs):
                bare_rates.append(bare(broker.port, args.messages))
                rate, worst = display_rate(broker.port, args.messages, app)
                ihd_rates.append(rate)
                lateness.append(worst)
        finally:
            broker.stop()
    result = {
        "messages": args.messages,
        "runs": args.runs,
        "bare_subscriber_per_s": statistics.median(bare_rates),
        "ihd_per_s": statistics.median(ihd_rates),
        "worst_event_loop_lateness_ms": max(lateness) * 1000,
    }
    result["ratio"] = result["ihd_per_s"] / result["bare_subscriber_per_s"]
    print(f"{'measure':<52}{'per s':>10}")
    print(f"{'bare paho subscriber':<52}{result['bare_subscriber_per_s']:>10.0f}")
    print(f"{'ihd: dialect, live model, history, view-model':<52}{result['ihd_per_s']:>10.0f}")
    print(f"{'ratio (target at least 0.5)':<52}{result['ratio']:>10.2f}")
    print(f"{'worst event-loop lateness meanwhile, ms (under 50)':<52}{result['worst_event_loop_lateness_ms']:>10.1f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
