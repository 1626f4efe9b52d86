"""A full disk fails every save: it is said in the log once a minute with a count, not each time."""

from __future__ import annotations

import logging
import sqlite3

from ihd.store.writer import Writer


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_save_errors_are_logged_at_most_once_a_minute(caplog, tmp_path):
    caplog.set_level(logging.ERROR, logger="ihd.store.writer")
    clock = Clock()
    writer = Writer(clock)
    writer.start()
    db = sqlite3.connect(tmp_path / "history.sqlite3", check_same_thread=False)
    db.execute("CREATE TABLE t (x)")
    db.execute("PRAGMA query_only = ON")  # every write now fails, as on a read-only card
    reasons = []

    def save() -> None:
        db.execute("INSERT INTO t VALUES (1)")

    try:
        for i in range(2000):
            clock.now = i * 0.1  # 2000 saves over 200 seconds
            writer.submit("the history", save, reasons.append)
            writer.flush()
    finally:
        writer.stop()
        db.close()
    assert len(reasons) == 2000  # every failure still reaches the screen's notice
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 4  # at 0, 60, 120 and 180 seconds
    assert lines[0] == "could not save the history: attempt to write a readonly database"
    assert "more failures not logged" in lines[1]
