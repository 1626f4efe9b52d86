"""Killed while writing (a power cut, a crash): the database is whole and keeps all but the
last moments."""

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from decimal import Decimal

WRITER = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal
    from pathlib import Path
    from zoneinfo import ZoneInfo
    from ihd.core.pricing import Pricer
    from ihd.core.readings import RegisterReading
    from ihd.core.units import Direction, Fuel, GasConversion, RegisterUnit
    from ihd.store.history import HistoryWriter

    path = Path(sys.argv[1])
    writer = HistoryWriter(path, Pricer(ZoneInfo("Europe/London")), GasConversion())
    last = writer.db.execute("SELECT MAX(at), MAX(CAST(value AS REAL)) FROM reading").fetchone()
    at = datetime(2026, 11, 23, tzinfo=UTC) if last[0] is None else datetime.fromtimestamp(last[0], UTC)
    value = Decimal(1000) if last[1] is None else Decimal(str(last[1]))
    print("ready", flush=True)
    while True:
        batch = []
        for _ in range(20):
            at += timedelta(seconds=10)
            value += Decimal("0.003")
            batch.append(("t", RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, value, RegisterUnit.KWH, at)))
        writer.apply(batch, at)
""")


def test_kill_9_while_writing_leaves_a_whole_database(tmp_path):
    path = tmp_path / "history.sqlite3"
    for round_ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.3 + 0.1 * round_)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        first, last = db.execute("SELECT MIN(at), MAX(at) FROM reading").fetchone()
        low = Decimal(db.execute("SELECT value FROM reading WHERE at = ?", (first,)).fetchone()[0])
        high = Decimal(db.execute("SELECT value FROM reading WHERE at = ?", (last,)).fetchone()[0])
        counted = sum(Decimal(k) for (k,) in db.execute("SELECT kwh FROM slot"))
        # every committed batch is whole: half-hour totals agree with the registers exactly
        assert abs(counted - (high - low)) < Decimal("1e-9")
        assert db.execute("SELECT COUNT(*) FROM reading").fetchone()[0] % 20 == 0
        db.close()
