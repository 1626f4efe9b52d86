"""The batch's fast path: a register reading that comes after everything its register has counted
(nearly all of them: a meter's readings arrive in order) is placed in memory, and the batch's
readings and half-hours are written together when it ends, or before anything reads them back.
Part of `HistoryWriter` (which holds `db` and the rest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from ihd.core.ledger import Point, spread, step_problem
from ihd.core.periods import local_day_start, next_local_day_start
from ihd.core.readings import (
    RegisterReading,
)
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.store.history_reader import from_ts as _dt
from ihd.store.history_reader import to_ts as _ts

if TYPE_CHECKING:
    from ihd.store.history import Changes, Key

ZERO = Decimal(0)
TINY = Decimal("1e-9")  # a half-hour's amount this close to nought is nought (what rounding leaves)


@dataclass(slots=True)
class _Tail:
    """A register's latest reading while a batch is written, as the database gives it back (to
    the second); a reading stamped in a later second than `floor` goes straight after it (nothing
    counted lies beyond)."""

    point: Point
    unit: RegisterUnit
    series: int
    floor: int


@dataclass(slots=True)
class _Held:
    """A half-hour's meter amount as the batch has it so far, written when the batch ends."""

    start: datetime
    unit: RegisterUnit
    amount: Decimal


class InOrder:
    def _append(self, r: RegisterReading, changes: Changes) -> bool:
        """Place `r` in memory if it comes after everything counted of its register, fits after
        the latest reading, and any word of where its day began is already kept; else False (the
        careful way, `_add_register`, takes it)."""
        key = (r.fuel.value, r.direction.value)
        if r.day_start is not None and r.day_start.at < r.at and (key, _ts(r.day_start.at)) not in self._stored_now:
            return False
        tail = self._tail(key)
        at = _ts(r.at)
        if tail is None or at <= tail.floor:
            return False
        new = Point(r.at, r.value)
        if tail.unit != r.unit or step_problem(tail.point, new, None, self._to_kwh[r.unit]) is not None:
            return False
        self._rows.append((*key, at, str(r.value), r.unit.value, tail.series, "meter"))
        self._stored_now.add((key, at))
        for start, amount in spread(tail.point, new):
            self._hold(r.fuel, r.direction, r.unit, start, amount, changes)
        changes.days.add((r.fuel, r.direction, self._local_date(r.at)))
        tail.point = Point(_dt(at), r.value)
        tail.floor = at
        return True

    def _local_date(self, at: datetime) -> date:
        """`at`'s local date, remembered for the day."""
        day = self._day
        if day is None or not day[0] <= at < day[1]:
            start, end = local_day_start(at, self.tz), next_local_day_start(at, self.tz)
            day = self._day = start, end, at.astimezone(self.tz).date()
        return day[2]

    def _tail(self, key: Key) -> _Tail | None:
        """The register's latest reading, when nothing counted (no span of pruned readings) lies
        after it; None if it has none, or a span does."""
        if key in self._tails:
            return self._tails[key]
        row = self.db.execute("SELECT at, value, unit, series FROM reading WHERE fuel = ? AND direction = ? "
                              "ORDER BY at DESC LIMIT 1", key).fetchone()
        tail = None
        if row is not None:
            span_end = self.db.execute("SELECT MAX(end_at) FROM counted WHERE fuel = ? AND direction = ?",
                                       key).fetchone()[0]
            if span_end is None or span_end <= row[0]:
                tail = _Tail(Point(_dt(row[0]), Decimal(row[1])), RegisterUnit(row[2]), row[3], row[0])
        self._tails[key] = tail
        return tail

    def _hold(self, fuel: Fuel, direction: Direction, unit: RegisterUnit, start: datetime, amount: Decimal,
              changes: Changes) -> None:
        """`_add_to_slot` for the meter, in memory."""
        slot = (fuel, direction, _ts(start))
        held = self._held.get(slot)
        if held is None:
            row = self.db.execute("SELECT amount, source FROM slot WHERE fuel = ? AND direction = ? AND start = ?",
                                  (fuel.value, direction.value, slot[2])).fetchone()
            held = self._held[slot] = _Held(start, unit, Decimal(row[0]) if row and row[1] == "meter" else ZERO)
            changes.days.add((fuel, direction, self._local_date(start)))
        total = held.amount + amount
        held.amount = ZERO if abs(total) < TINY else total
        held.unit = unit

    def _write_held(self) -> None:
        """Write what the batch holds in memory, before anything reads the tables back."""
        if self._rows:
            self.db.executemany("INSERT INTO reading (fuel, direction, at, value, unit, series, source) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)", self._rows)
            self._rows.clear()
        for (fuel, direction, _start), held in self._held.items():
            self._write_slot(fuel, direction, held.unit, held.start, held.amount, "meter")
        self._held.clear()

    def _forget_batch(self) -> None:
        self._tails.clear()
        self._rows.clear()
        self._held.clear()
        self._stored_now.clear()
        self._tariffs_seen.clear()

    # -- registers
