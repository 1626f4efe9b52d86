"""Reading the household's history for the screens: half-hours, days, the usual use at this time
of the week, the consent log and what was quarantined. Sums are Decimal, never SQL floats."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from ihd.core.consent import ConsentRecord
from ihd.core.ledger import DayFigures, Point, Total
from ihd.core.periods import local_midnight, slot_start
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.store import consent as consent_log
from ihd.store import share_marks
from ihd.store.db import connect


def to_ts(at: datetime) -> int:
    return int(at.timestamp())


def from_ts(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def read_day(db: sqlite3.Connection, tz: ZoneInfo, fuel: Fuel, direction: Direction,
             day: date) -> DayFigures | None:
    row = db.execute("SELECT kwh, cost_p, co2_kg, covered_from, last_at, estimated FROM day WHERE fuel = ? "
                     "AND direction = ? AND day = ?", (fuel.value, direction.value, day.isoformat())).fetchone()
    if row is None:
        return None
    kwh, cost, co2, covered_from, last_at, estimated = row
    return DayFigures(local_midnight(day, tz), Decimal(kwh), None if cost is None else Decimal(cost),
                      Decimal(co2), None if covered_from is None else from_ts(covered_from),
                      None if last_at is None else from_ts(last_at), bool(estimated))


class HistoryReader:
    """Queries for the screens, on a connection of their own (WAL lets it read while the writer
    writes). Sums are Decimal, never SQL floats."""

    def __init__(self, path: Path, tz: ZoneInfo) -> None:
        self.tz = tz
        self.db = connect(path)  # migrates a new file; reads only after that

    def consent_log(self) -> list[ConsentRecord]:
        """Every consent choice, oldest first (the audit log)."""
        return consent_log.records(self.db)

    def share_marks(self) -> dict[str, datetime]:
        """Per consent category, the start of the first period the broker has not acknowledged."""
        return share_marks.marks(self.db)

    def heard_up_to(self) -> datetime | None:
        """The newest meter reading kept."""
        return share_marks.heard_up_to(self.db)

    def half_hours(self, fuel: Fuel, direction: Direction, start: datetime, end: datetime) -> list[Total]:
        rows = self.db.execute("SELECT start, kwh, cost_p, co2_kg FROM slot WHERE fuel = ? AND direction = ? "
                               "AND start >= ? AND start < ? ORDER BY start",
                               (fuel.value, direction.value, to_ts(start), to_ts(end))).fetchall()
        return [Total(from_ts(s), Decimal(k), None if c is None else Decimal(c), Decimal(co2))
                for s, k, c, co2 in rows]

    def days(self, fuel: Fuel, direction: Direction, first: date, end: date) -> list[tuple[date, Total]]:
        rows = self.db.execute("SELECT day, kwh, cost_p, co2_kg, standing_p, estimated FROM day WHERE fuel = ? "
                               "AND direction = ? AND day >= ? AND day < ? ORDER BY day",
                               (fuel.value, direction.value, first.isoformat(), end.isoformat())).fetchall()
        return [(date.fromisoformat(d), Total(local_midnight(date.fromisoformat(d), self.tz), Decimal(k),
                                              None if c is None else Decimal(c), Decimal(co2),
                                              None if s is None else Decimal(s), bool(e)))
                for d, k, c, co2, s, e in rows]

    def day(self, fuel: Fuel, direction: Direction, day: date) -> DayFigures | None:
        return read_day(self.db, self.tz, fuel, direction, day)

    def usual_kw(self, fuel: Fuel, at: datetime, weeks: int = 8, at_least: int = 3) -> float | None:
        """The household's usual use in the half-hour containing `at`, from the same half-hour on
        the same day of the week over the past `weeks`: the median, in kW. None with fewer than
        `at_least` such half-hours recorded."""
        local = slot_start(at).astimezone(self.tz)  # the same wall-clock time, across clock changes
        starts = [int((local - timedelta(weeks=n)).astimezone(UTC).timestamp()) for n in range(1, weeks + 1)]
        marks = ",".join("?" * len(starts))
        rows = self.db.execute(f"SELECT kwh FROM slot WHERE fuel = ? AND direction = 'import' "
                               f"AND start IN ({marks})", (fuel.value, *starts)).fetchall()
        if len(rows) < at_least:
            return None
        values = sorted(float(k) for (k,) in rows)
        middle = len(values) // 2
        median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
        return median * 2  # kWh in half an hour is twice that in kW

    def quarantined(self, limit: int = 20) -> list[tuple[datetime, str, str]]:
        rows = self.db.execute("SELECT at, fuel, reason FROM quarantine ORDER BY id DESC LIMIT ?", (limit,))
        return [(from_ts(at), fuel, reason) for at, fuel, reason in rows]

    def close(self) -> None:
        self.db.close()


@dataclass(frozen=True, slots=True)
class StoredReading:
    """A register reading as the history keeps it."""

    at: datetime
    value: Decimal
    unit: RegisterUnit
    series: int

    @property
    def point(self) -> Point:
        return Point(self.at, self.value)


def stored_reading(row: tuple[int, str, str, int]) -> StoredReading:
    return StoredReading(from_ts(row[0]), Decimal(row[1]), RegisterUnit(row[2]), row[3])
