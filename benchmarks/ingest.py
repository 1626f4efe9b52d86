"""Ingest: readings per second through the dialect, the live model, the store and the home
screen's view-model, from a real mosquitto, against a bare paho subscriber on the same broker;
with the GUI event loop's worst lateness while it happens.

    PYTHONPATH=. .venv/bin/python benchmarks/ingest.py [--messages N] [--runs N] [--json PATH]

A separate process publishes N messages (demand and register readings, alternately, a second
apart) as fast as it can, once to the bare subscriber and once to the display, alternately for
each run. The display's time runs until every message has been received and dealt with (taken,
or dropped as superseded by a newer value of its topic) and the history is written; the event
loop's worst lateness is measured over all of that time, the loop waiting for events as the
display's own does. Drops are counted and reported by kind, never a failure: under a flood, a
demand reading superseded before the screen could show it is meant to go. The register readings
the history holds are reported beside those sent.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
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


def run_until(done: Callable[[], bool], seconds: float, every_ms: int = 5) -> None:
    """Run the GUI's event loop until `done()` (looked at every few ms) or `seconds` pass. The loop
    waits for events as the display's own does: it does not spin, taking a core from the broker
    and the publisher."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.monotonic() + seconds
    check = QTimer()
    check.setInterval(every_ms)
    check.timeout.connect(lambda: (done() or time.monotonic() > deadline) and loop.quit())
    check.start()
    if not done():
        loop.exec()
    check.stop()


def display_rate(port: int, n: int) -> dict:
    """The display's rate, its worst event-loop lateness, and what became of the messages."""
    from PySide6.QtCore import QTimer

    from ihd.app import Display
    from ihd.cli import Options
    from ihd.config import parse_config
    from ihd.core.clock import ManualClock
    from ihd.core.link import LinkState
    from ihd.main import tune_process

    with tempfile.TemporaryDirectory() as data:
        options = Options(parse_config({"bridge": {"broker": f"mqtt://127.0.0.1:{port}", "dialect": "native"}}))
        options.config.__dict__["data_dir"] = Path(data)
        display = Display(options, ManualClock(NOON))
        display.start()
        tune_process()  # as `ihd` sets its process up
        run_until(lambda: display.figures.link.state is LinkState.CONNECTED, 10)
        display.writer.flush()
        feed = display.feed
        base = feed.received  # its own consent record, heard back
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
        run_until(lambda: feed.received != base, 30, every_ms=1)
        first = time.perf_counter()
        last = first
        timer.start()
        heard, quiet_since = feed.received, time.monotonic()

        def finished() -> bool:
            nonlocal heard, quiet_since
            if feed.received != heard:
                heard, quiet_since = feed.received, time.monotonic()
            # every message dealt with; or the broker lost some (QoS 0) and the rest is in
            return (feed.received - base >= n or time.monotonic() - quiet_since > 5) and not feed.pending

        run_until(finished, 120)
        # The history written (readings it gathers are not left to fall due): waited for on a thread
        # of its own, with the loop running, so that the wait is measured too.
        saved = threading.Event()
        threading.Thread(target=lambda: display.writer.flush(60) and saved.set(), daemon=True).start()
        run_until(saved.is_set, 60)
        timer.stop()
        end = time.perf_counter()
        pub.wait()
        outcome = {
            "received": feed.received - base,
            "accepted_readings": feed.accepted,
            "dropped_messages": feed.dropped,
            "superseded": dict(getattr(feed, "superseded", {})),
            "overflowed": dict(getattr(feed, "overflowed", {})),
        }
        display.stop()
        display.window.close()
        with sqlite3.connect(Path(data) / "history.sqlite3") as db:
            outcome["history_register_readings"] = db.execute("SELECT COUNT(*) FROM reading").fetchone()[0]
    outcome["per_s"] = outcome["received"] / (end - first)
    outcome["worst_event_loop_lateness_s"] = worst
    return outcome


def _most(counts) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Per kind, the most of any run."""
    out: dict[str, int] = {}
    for run in counts:
        for kind, n in run.items():
            out[kind] = max(out.get(kind, 0), n)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])  # noqa: F841 - kept alive while the display runs
    with tempfile.TemporaryDirectory() as tmp:
        broker = Broker(Path(tmp))
        broker.start()
        try:
            bare_rates, runs = [], []
            for _ in range(args.runs):
                bare_rates.append(bare(broker.port, args.messages))
                runs.append(display_rate(broker.port, args.messages))
        finally:
            broker.stop()
    result = {
        "messages": args.messages,
        "runs": args.runs,
        "bare_subscriber_per_s": statistics.median(bare_rates),
        "ihd_per_s": statistics.median(r["per_s"] for r in runs),
        "worst_event_loop_lateness_ms": max(r["worst_event_loop_lateness_s"] for r in runs) * 1000,
        "received": min(r["received"] for r in runs),
        "accepted_readings": min(r["accepted_readings"] for r in runs),
        "dropped_messages": max(r["dropped_messages"] for r in runs),
        "superseded": _most(r["superseded"] for r in runs),
        "overflowed": _most(r["overflowed"] for r in runs),
        "history_register_readings": min(r["history_register_readings"] for r in runs),
        "register_readings_sent": args.messages // 2,
    }
    result["ratio"] = result["ihd_per_s"] / result["bare_subscriber_per_s"]
    print(f"{'measure':<52}{'per s':>10}")
    print(f"{'bare paho subscriber':<52}{result['bare_subscriber_per_s']:>10.0f}")
    print(f"{'ihd: dialect, live model, history, view-model':<52}{result['ihd_per_s']:>10.0f}")
    print(f"{'ratio (target at least 0.5)':<52}{result['ratio']:>10.2f}")
    print(f"{'worst event-loop lateness meanwhile, ms (under 50)':<52}{result['worst_event_loop_lateness_ms']:>10.1f}")
    print(f"messages received {result['received']} of {args.messages}; readings accepted "
          f"{result['accepted_readings']}; messages dropped {result['dropped_messages']}")
    print(f"superseded by a newer value of their topic, by kind: {result['superseded'] or 'none'}")
    print(f"dropped from a full queue, by kind: {result['overflowed'] or 'none'}")
    print(f"register readings in the history: {result['history_register_readings']} "
          f"of {result['register_readings_sent']} sent")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
