"""Faults a display meets in a home: the broker killed and restarted again and again, the disk
filling up. The display keeps running, says what is wrong, and neither loses nor doubles data."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from ihd.core.clock import ManualClock
from ihd.core.units import Direction, Fuel
from ihd.store.db import connect

NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
IMPORT = "ihd/v1/electricity/import"
DEMAND = "ihd/v1/electricity/demand"


def iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def register(pub, i: int) -> None:
    """The i-th reading of the morning: 0.01 kWh more each minute from 100 kWh at 05:00 (the 400th
    is still before noon, the display's clock: a reading stamped ahead of it would be refused)."""
    at = NOON - timedelta(hours=7) + timedelta(minutes=i)
    pub.send(IMPORT, json.dumps({"ts": iso(at), "value": 100 + i / 100, "unit": "kWh"}))


def connected(display) -> bool:
    return "Connected" in display.home.link.text()


def live_today(display) -> Decimal | None:
    today = display.figures.live.snapshot().electricity.today
    return today.kwh if today is not None else None


def today_kwh(display) -> Decimal | None:
    display.writer.flush(10)
    figures = display.shared.reader().day(Fuel.ELECTRICITY, Direction.IMPORT, NOON.date())
    return figures.kwh if figures is not None else None


def test_the_broker_killed_and_restarted_again_and_again(qtbot, broker, make_display):
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}}, clock=ManualClock(NOON))
    sent = 0
    for _ in range(5):
        qtbot.waitUntil(lambda: connected(display), timeout=20000)
        pub = broker.publisher()
        for _ in range(6):
            register(pub, sent)
            register(pub, sent)  # a bridge resending after a reconnect: the same reading twice
            sent += 1
        pub.close()
        qtbot.waitUntil(lambda s=sent: today_kwh(display) == Decimal(s - 1) / 100, timeout=5000)
        broker.proc.kill()  # not a clean shutdown: the socket just goes
        broker.proc.wait()
        qtbot.waitUntil(lambda: not connected(display), timeout=30000)
        assert "Connection lost" in display.home.link.text()
        broker.start()
    qtbot.waitUntil(lambda: connected(display), timeout=20000)
    pub = broker.publisher()
    pub.send(DEMAND, json.dumps({"ts": iso(NOON), "watts": 777}))
    display.choices.set_unit(display.choices.unit.ENERGY)
    qtbot.waitUntil(lambda: "0.78" in display.home.electricity.main.value_text, timeout=5000)  # figures resume
    pub.close()
    # every reading counted once: 30 minutes of 0.01 kWh, however often the broker went
    assert today_kwh(display) == Decimal(sent - 1) / 100
    rows = display.shared.reader().db.execute("SELECT COUNT(*) FROM reading WHERE fuel = 'electricity'").fetchone()[0]
    assert rows == sent


def mount_tmpfs(where: Path, size: str) -> None:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB disk where make_display keeps the display's data."""
    where = tmp_path / "data"
    mount_tmpfs(where, "2m")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_is_said_on_screen_and_the_display_carries_on(qtbot, broker, make_display, small_disk):
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}}, clock=ManualClock(NOON))
    assert display.options.config.data_dir == small_disk
    qtbot.waitUntil(lambda: connected(display), timeout=5000)
    pub = broker.publisher()
    for i in range(10):
        register(pub, i)
    qtbot.waitUntil(lambda: today_kwh(display) == Decimal("0.09"), timeout=5000)

    filler = small_disk / "filler"
    # fill the disk to the last byte; unbuffered, so that closing has nothing left to write (a
    # buffered file's close tried again, and failed the test, when its last block half fitted)
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError:
            pass
    for i in range(10, 400):  # enough new rows to need new pages
        register(pub, i)
    qtbot.waitUntil(lambda: display.home.notice.isVisible(), timeout=10000)
    assert display.home.notice.text().startswith("History is not being saved (")
    assert "The figures on screen carry on." in display.home.notice.text()
    pub.send(DEMAND, json.dumps({"ts": iso(NOON), "watts": 1234}))
    display.choices.set_unit(display.choices.unit.ENERGY)
    qtbot.waitUntil(lambda: "1.23" in display.home.electricity.main.value_text, timeout=5000)  # still live
    # Today keeps counting from the registers, though none of it could be saved
    qtbot.waitUntil(lambda: live_today(display) == Decimal("3.99"), timeout=10000)
    display.figures.refresh()
    assert display.home.electricity.today.value_text == "3.99"

    filler.unlink()  # space again: the next save works and the message goes
    register(pub, 400)
    qtbot.waitUntil(lambda: not display.home.notice.isVisible(), timeout=10000)
    assert today_kwh(display) == Decimal("4.00")  # the history counted the whole gap itself
    pub.close()
    display.writer.flush(10)
    with connect(small_disk / "history.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = {at for (at,) in db.execute("SELECT at FROM reading")}
    first = int((NOON - timedelta(hours=7)).timestamp())
    assert {first + 60 * i for i in range(10)} <= kept  # what it had before the disk filled is all there


def readings(data):
    """Register readings in the history so far (0 before it exists)."""
    import sqlite3

    if not (data / "history.sqlite3").exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{data / 'history.sqlite3'}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return 0
    try:
        return db.execute("SELECT COUNT(*) FROM reading").fetchone()[0]
    except sqlite3.Error:  # not yet made (no table), or busy: not writing yet as far as we can tell
        return 0
    finally:
        db.close()


def test_sigkill_while_writing_never_corrupts_the_history(broker, tmp_path):
    """The display's own process, killed without warning while ihd-sim pours a day's readings in."""
    import os
    import random
    import signal
    import sqlite3
    import time

    data = tmp_path / "data"
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    sim = subprocess.Popen([sys.executable, "-m", "ihd.han.simulator_cli", "--broker", broker.url, "--speed", "2000",
                            "--interval", "0.02"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rng = random.Random(7)
    counts = []
    try:
        for _ in range(6):
            app = subprocess.Popen([sys.executable, "-m", "ihd", "--broker", broker.url, "--data-dir", str(data)],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # started and writing (slow on a busy machine), then killed at a moment of its own
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and readings(data) <= (counts[-1] if counts else 0):
                time.sleep(0.1)
            time.sleep(rng.uniform(0.2, 1.0))
            app.send_signal(signal.SIGKILL)
            app.wait()
            with sqlite3.connect(data / "history.sqlite3") as db:
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                counts.append(db.execute("SELECT COUNT(*) FROM reading").fetchone()[0])
    finally:
        sim.kill()
        sim.wait()
    assert counts == sorted(counts)  # nothing once committed is lost to a later kill
    assert counts[-1] > counts[0] > 0, counts  # and it was writing all along


def test_a_damaged_history_is_kept_aside_and_a_new_one_started(qtbot, broker, make_display, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    damaged = b"SQLite format 3\x00" + b"\x07" * 8000  # a header, then garbage: as a torn write leaves it
    (data / "history.sqlite3").write_bytes(damaged)
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}}, clock=ManualClock(NOON))
    qtbot.waitUntil(lambda: connected(display), timeout=5000)
    pub = broker.publisher()
    for i in range(3):
        register(pub, i)
    qtbot.waitUntil(lambda: today_kwh(display) == Decimal("0.02"), timeout=5000)  # a new history, counting
    pub.close()
    (aside,) = data.glob("history.sqlite3.damaged-*")
    assert aside.read_bytes() == damaged  # kept for support, untouched
    assert not display.figures.history_problem


def test_a_read_only_disk_still_shows_today_and_says_so(qtbot, broker, make_display, tmp_path):
    where = tmp_path / "data"
    mount_tmpfs(where, "2m")
    try:
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}}, clock=ManualClock(NOON))
        qtbot.waitUntil(lambda: connected(display), timeout=5000)
        qtbot.waitUntil(lambda: display.home.notice.isVisible(), timeout=5000)
        assert display.home.notice.text().startswith("History is not being saved (")
        pub = broker.publisher()
        for i in range(5):
            register(pub, i)
        qtbot.waitUntil(lambda: live_today(display) == Decimal("0.04"), timeout=5000)
        display.choices.set_unit(display.choices.unit.ENERGY)
        display.figures.refresh()
        assert display.home.electricity.today.value_text == "0.04"
        pub.close()
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_the_history_is_the_households_alone(qtbot, broker, make_display, tmp_path):
    data = tmp_path / "data"
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}}, clock=ManualClock(NOON))
    qtbot.waitUntil(lambda: connected(display), timeout=5000)
    pub = broker.publisher()
    register(pub, 0)
    register(pub, 1)
    qtbot.waitUntil(lambda: today_kwh(display) == Decimal("0.01"), timeout=5000)
    pub.close()
    for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
        assert (data / name).stat().st_mode & 0o777 == 0o600, name  # whatever the umask (022 here)
