"""The history database: SQLite in WAL mode, with numbered migrations.

Each migration takes the schema from version N-1 to N and runs in one transaction, so a power
cut mid-upgrade leaves the old version. `PRAGMA user_version` holds the version.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

MIGRATIONS: tuple[str, ...] = (
    # 1: readings as they came, what was refused, half-hour and day totals, what was in force
    """
    CREATE TABLE reading (
        fuel TEXT NOT NULL, direction TEXT NOT NULL, at INTEGER NOT NULL,
        value TEXT NOT NULL, unit TEXT NOT NULL, series INTEGER NOT NULL, source TEXT NOT NULL,
        PRIMARY KEY (fuel, direction, at)) WITHOUT ROWID;
    CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY, fuel TEXT NOT NULL, direction TEXT NOT NULL, at INTEGER NOT NULL,
        value TEXT NOT NULL, unit TEXT NOT NULL, reason TEXT NOT NULL, received INTEGER NOT NULL);
    CREATE INDEX quarantine_by_series ON quarantine (fuel, direction, at);
    CREATE TABLE slot (
        fuel TEXT NOT NULL, direction TEXT NOT NULL, start INTEGER NOT NULL,
        amount TEXT NOT NULL, unit TEXT NOT NULL, kwh TEXT NOT NULL, cost_p TEXT, co2_kg TEXT NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (fuel, direction, start)) WITHOUT ROWID;
    CREATE TABLE day (
        fuel TEXT NOT NULL, direction TEXT NOT NULL, day TEXT NOT NULL,
        kwh TEXT NOT NULL, cost_p TEXT, co2_kg TEXT NOT NULL, standing_p TEXT,
        covered_from INTEGER, last_at INTEGER, source TEXT NOT NULL,
        PRIMARY KEY (fuel, direction, day)) WITHOUT ROWID;
    CREATE TABLE tariff (
        fuel TEXT NOT NULL, effective INTEGER NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (fuel, effective)) WITHOUT ROWID;
    CREATE TABLE price (
        fuel TEXT NOT NULL, direction TEXT NOT NULL, start INTEGER NOT NULL, rate TEXT NOT NULL,
        PRIMARY KEY (fuel, direction, start)) WITHOUT ROWID;
    CREATE TABLE intensity (start INTEGER PRIMARY KEY, grams INTEGER NOT NULL, band TEXT NOT NULL);
    """,
    # 2: the household's consent choices, each with the words it was shown; never changed once written
    """
    CREATE TABLE consent_log (
        id INTEGER PRIMARY KEY, at INTEGER NOT NULL, category TEXT NOT NULL, granted INTEGER NOT NULL,
        version INTEGER NOT NULL, language TEXT NOT NULL, statement TEXT NOT NULL);
    CREATE TRIGGER consent_log_is_append_only_update BEFORE UPDATE ON consent_log
        BEGIN SELECT RAISE(ABORT, 'the consent log is append-only'); END;
    CREATE TRIGGER consent_log_is_append_only_delete BEFORE DELETE ON consent_log
        BEGIN SELECT RAISE(ABORT, 'the consent log is append-only'); END;
    """,
    # 3: the spans counted by readings since pruned (see counted.py). A history pruned before
    # this knows only that its meter half-hours were counted: one span per register reaches from
    # the first of them to the first reading kept, its start value unknown. And whether a day's
    # cost is an estimate (a day known only as a total, on a rate that varies through the day).
    """
    ALTER TABLE day ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE counted (
        fuel TEXT NOT NULL, direction TEXT NOT NULL, start_at INTEGER NOT NULL, start_value TEXT,
        end_at INTEGER NOT NULL, end_value TEXT NOT NULL, unit TEXT NOT NULL, series INTEGER NOT NULL,
        PRIMARY KEY (fuel, direction, start_at)) WITHOUT ROWID;
    INSERT INTO counted (fuel, direction, start_at, start_value, end_at, end_value, unit, series)
        SELECT r.fuel, r.direction, s.first, NULL, r.at, r.value, r.unit, r.series
        FROM reading AS r JOIN (SELECT fuel, direction, MIN(start) AS first FROM slot WHERE source = 'meter'
                                GROUP BY fuel, direction) AS s ON s.fuel = r.fuel AND s.direction = r.direction
        WHERE s.first < r.at AND r.at = (SELECT MIN(at) FROM reading WHERE fuel = r.fuel AND direction = r.direction);
    """,
    # 4: how far each consent category's shares have been acknowledged (the start of the first
    # period not yet), so a restart or a broken link sends what was missed and nothing before
    """
    CREATE TABLE share_mark (category TEXT PRIMARY KEY, up_to INTEGER NOT NULL) WITHOUT ROWID;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
BUSY_WAIT_MS = 5000  # how long a connection waits for another one's write


class NewerDatabase(RuntimeError):
    """The file was written by a newer ihd; it is left untouched."""


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating and migrating if needed) the history database at `path`."""
    if readonly:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        db.execute("PRAGMA query_only = ON")
        return db
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_WAIT_MS}")
        _checked_version(db)  # a newer version's file is left as it is, its journal too
        _write_ahead(db)
        db.execute("PRAGMA synchronous = NORMAL")  # in WAL: a crash loses nothing committed
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _write_ahead(db: sqlite3.Connection) -> None:
    """WAL, so screens read while the writer writes. Making a new file WAL needs it to itself, and
    SQLite answers "locked" at once, without the busy wait, while another connection (the writer
    and a screen's reader opening it in the same moment) does the same."""
    waited = 0
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or waited >= BUSY_WAIT_MS:
                raise
        time.sleep(0.01)
        waited += 10


def statements(script: str) -> list[str]:
    """A script cut into whole statements (a trigger's body holds semicolons of its own); unlike
    executescript, this leaves the migration's transaction open."""
    found, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending.strip())
            pending = ""
    return found


def migrate(db: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Each step in a transaction that holds the file's write lock and reads the version inside it:
    another connection migrating the same new file at once (the history's writer and a screen's
    reader) waits, then finds the step done, instead of making the same tables again."""
    version = _checked_version(db)
    while version < target:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = _checked_version(db)
            if version < target:
                for statement in statements(MIGRATIONS[version]):
                    db.execute(statement)
                version += 1
                db.execute(f"PRAGMA user_version = {version}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def _checked_version(db: sqlite3.Connection) -> int:
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerDatabase(f"the history was written by a newer version (schema {version})")
    return version
