"""The household's history: register readings in, half-hour and day totals out.

`HistoryWriter` runs on the store's writer thread and is the only thing that writes. It keeps
each register reading once (a restart or a re-sent message changes nothing), refuses readings
that cannot sit between their neighbours (quarantined with the reason), spreads each rise over
the half-hours it covers, prices each half-hour at what was in force then, and keeps a total
per local day. `HistoryReader` (in history_reader.py) answers the screens' questions.

A batch is one transaction. Within it, a reading that comes after everything its register has
counted (nearly every reading: a meter's readings arrive in order) is placed in memory: its rise
is added to the half-hours it covers there, and the readings and half-hours are written together
when the batch ends, or before anything that reads them back. The result is the same, row for
row, as placing each reading alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from ihd.core.ledger import DayFigures, Point, spread, step_problem
from ihd.core.periods import local_midnight
from ihd.core.pricing import Pricer
from ihd.core.readings import (
    BackfillReading,
    IntensityReading,
    PriceReading,
    Reading,
    RegisterReading,
    Rejection,
    TariffReading,
)
from ihd.core.retention import Retention, retention_policy
from ihd.core.units import Direction, Fuel, GasConversion, RegisterUnit, to_kwh
from ihd.store import counted
from ihd.store.db import connect
from ihd.store.history_backfill import Backfills
from ihd.store.history_in_order import TINY, ZERO, InOrder, _Held, _Tail
from ihd.store.history_rates import Rates
from ihd.store.history_reader import StoredReading as _Stored
from ihd.store.history_reader import from_ts as _dt
from ihd.store.history_reader import read_day
from ihd.store.history_reader import stored_reading as _stored
from ihd.store.history_reader import to_ts as _ts
from ihd.store.history_retention import Retaining

# Readings that fall backwards but agree among themselves this many times, over this long,
# are a replaced or reset meter: a new series starts and today's use so far is kept.
RESET_CONFIRM_READINGS = 6
RESET_CONFIRM_SECONDS = 300


Key = tuple[str, str]  # (fuel, direction)


@dataclass
class Changes:
    """What one batch did, for the screens."""

    rejected: list[Rejection]
    days: set[tuple[Fuel, Direction, date]]


class HistoryWriter(InOrder, Retaining, Rates, Backfills):
    def __init__(self, path: Path, pricer: Pricer, gas: GasConversion, retention: Retention | None = None):
        self.pricer = pricer
        self.tz = pricer.tz
        self._gas = gas
        self._retention = retention or retention_policy()
        self.db = connect(path)
        self._load_rates()
        # What a batch holds in memory until it ends (see the module's words)
        self._tails: dict[Key, _Tail | None] = {}
        self._rows: list[tuple[str, str, int, str, str, int, str]] = []
        self._held: dict[tuple[Fuel, Direction, int], _Held] = {}
        self._stored_now: set[tuple[Key, int]] = set()  # instants known to be stored
        self._tariffs_seen: dict[Fuel, TariffReading] = {}
        self._day: tuple[datetime, datetime, date] | None = None  # the local day last asked about
        self._to_kwh = {unit: self._kwh_of(unit) for unit in RegisterUnit}

    # -- the batch entry point

    def apply(self, readings: Iterable[tuple[str, Reading]], received_at: datetime) -> Changes:
        """Take a batch of (source topic, reading) in one transaction."""
        changes = Changes([], set())
        self._forget_batch()
        try:
            with self.transaction():
                for source, reading in readings:
                    problem = self._apply_one(reading, received_at, changes)
                    if problem is not None:
                        changes.rejected.append(Rejection(source, problem))
                self._write_held()
                self._update_days(changes.days)
        finally:
            self._forget_batch()
        return changes

    def _apply_one(self, reading: Reading, received_at: datetime, changes: Changes) -> str | None:
        match reading:
            case RegisterReading():
                if self._append(reading, changes):
                    return None
                self._write_held()
                key = (reading.fuel.value, reading.direction.value)
                problem = self._add_register(reading, received_at, changes)
                self._tails.pop(key, None)  # it may have moved: found again when next needed
                if reading.day_start is not None and self._stored_at(key, reading.day_start.at) is not None:
                    self._stored_now.add((key, _ts(reading.day_start.at)))
                return problem
            case TariffReading():
                # A Glow repeats its tariff with every message: the same words again change nothing,
                # so they need not wait for what is held to be written first.
                if self._tariffs_seen.get(reading.fuel) != reading:
                    self._write_held()
                    self._tariffs_seen[reading.fuel] = reading
                self._add_tariff(reading, received_at, changes)
            case PriceReading():
                self._write_held()
                self._add_prices(reading, changes)
            case IntensityReading():
                self._write_held()
                self._add_intensity(reading, changes)
            case BackfillReading():
                self._write_held()
                self._backfill(reading, changes)
        return None

    # -- readings in order, placed in memory

    def _add_register(self, r: RegisterReading, received_at: datetime, changes: Changes,
                      *, hint: bool = False) -> str | None:
        """Keep `r` once, between its neighbours, and spread the rises either side of it.
        A `hint` (a bridge's word for where the day began) is dropped quietly if it does not fit."""
        key = (r.fuel.value, r.direction.value)
        if r.day_start is not None and r.day_start.at < r.at:
            start = RegisterReading(r.fuel, r.direction, r.day_start.value, r.unit, r.day_start.at)
            self._add_register(start, received_at, changes, hint=True)
        known, problem = self._known(r, received_at, changes, hint)
        if known:
            return problem
        before, after = self._neighbours(key, r.at)
        if after is not None and before is not None and after.series != before.series:
            after = None  # r lies after the end of an old series: it belongs with that series
        if (before and before.unit != r.unit) or (after and after.unit != r.unit):
            return None if hint else self._quarantine(r, received_at, "register unit changed")
        problem = step_problem(before.point if before else None, Point(r.at, r.value),
                               after.point if after else None, self._kwh_of(r.unit))
        if problem is not None:
            if hint:
                return None
            if after is None and before is not None and self._reset_confirmed(r, before, received_at, changes):
                return None
            return self._quarantine(r, received_at, problem)
        series = before.series if before else (after.series if after else 0)
        self._insert(r, series, "meter")
        new = _Stored(r.at, r.value, r.unit, series)
        if before and after:
            self._spread(r.fuel, r.direction, r.unit, before, after, -1, changes)
        if before:
            self._spread(r.fuel, r.direction, r.unit, before, new, 1, changes)
        if after:
            self._spread(r.fuel, r.direction, r.unit, new, after, 1, changes)
        changes.days.add((r.fuel, r.direction, r.at.astimezone(self.tz).date()))
        return None

    def _known(self, r: RegisterReading, received_at: datetime, changes: Changes,
               hint: bool) -> tuple[bool, str | None]:
        """Whether `r`'s instant is already counted, and if so why `r` is refused (or None)."""
        key = (r.fuel.value, r.direction.value)
        existing = self._stored_at(key, r.at)
        if existing is not None:
            return True, (None if hint else self._restated(r, existing, changes))
        span = counted.containing(self.db, key, r.at)
        if span is None:
            return False, None
        # Counted long ago, by readings since pruned: a repeat adds nothing, a contradiction is refused.
        if hint or span.agrees(r.at, r.value, r.unit):
            return True, None
        return True, self._quarantine(r, received_at, "disagrees with readings counted before")

    def _restated(self, r: RegisterReading, existing: _Stored, changes: Changes) -> str | None:
        """The same instant again: a repeat is harmless; the latest reading may still rise
        within its stamped second or minute (some bridges stamp coarsely)."""
        if existing.value == r.value:
            return None
        key = (r.fuel.value, r.direction.value)
        before, after = self._neighbours(key, r.at)
        if after is not None or r.value < existing.value:
            return "a different value for a time already recorded"
        if before is not None and before.series == existing.series:
            problem = step_problem(before.point, Point(r.at, r.value), None, self._kwh_of(r.unit))
            if problem:
                return problem
            self._spread(r.fuel, r.direction, r.unit, before, existing, -1, changes)
            self._spread(r.fuel, r.direction, r.unit, before, _Stored(r.at, r.value, r.unit, existing.series), 1,
                         changes)
        self.db.execute("UPDATE reading SET value = ? WHERE fuel = ? AND direction = ? AND at = ?",
                        (str(r.value), *key, _ts(r.at)))
        return None

    def _reset_confirmed(self, r: RegisterReading, last: _Stored, received_at: datetime,
                         changes: Changes) -> bool:
        rows = self.db.execute(
            "SELECT at, value FROM quarantine WHERE fuel = ? AND direction = ? AND at > ? AND unit = ? "
            "ORDER BY at", (r.fuel.value, r.direction.value, _ts(last.at), r.unit.value)).fetchall()
        run = [Point(_dt(at), Decimal(v)) for at, v in rows if Decimal(v) < last.value]
        run.append(Point(r.at, r.value))
        rising = all(b.value >= a.value and b.at > a.at for a, b in pairwise(run))
        if not (rising and r.value < last.value and len(run) >= RESET_CONFIRM_READINGS
                and (run[-1].at - run[0].at).total_seconds() >= RESET_CONFIRM_SECONDS):
            return False
        series = last.series + 1
        previous: _Stored | None = None
        for point in run:
            reading = RegisterReading(r.fuel, r.direction, point.value, r.unit, point.at)
            self._insert(reading, series, "meter")
            stored = _Stored(point.at, point.value, r.unit, series)
            if previous is not None:
                self._spread(r.fuel, r.direction, r.unit, previous, stored, 1, changes)
            previous = stored
        self.db.execute("DELETE FROM quarantine WHERE fuel = ? AND direction = ? AND at > ?",
                        (r.fuel.value, r.direction.value, _ts(last.at)))
        return True

    def _spread(self, fuel: Fuel, direction: Direction, unit: RegisterUnit, a: _Stored, b: _Stored,
                sign: int, changes: Changes) -> None:
        for start, amount in spread(a.point, b.point):
            self._add_to_slot(fuel, direction, unit, start, amount * sign, "meter")
            changes.days.add((fuel, direction, start.astimezone(self.tz).date()))
        changes.days.add((fuel, direction, b.at.astimezone(self.tz).date()))

    def _add_to_slot(self, fuel: Fuel, direction: Direction, unit: RegisterUnit, start: datetime,
                     amount: Decimal, source: str) -> None:
        row = self.db.execute("SELECT amount, source FROM slot WHERE fuel = ? AND direction = ? AND start = ?",
                              (fuel.value, direction.value, _ts(start))).fetchone()
        # Meter readings supersede a bridge's backfilled figure for the same half-hour.
        old = Decimal(row[0]) if row and row[1] == source else ZERO
        total = old + amount
        if abs(total) < TINY:
            total = ZERO
        self._write_slot(fuel, direction, unit, start, total, source)

    def _write_slot(self, fuel: Fuel, direction: Direction, unit: RegisterUnit, start: datetime,
                    amount: Decimal, source: str) -> None:
        kwh = to_kwh(amount, unit, self._gas)
        rate = self.pricer.rate(fuel, direction, start)
        cost = None if rate is None else kwh * rate
        co2 = kwh * self.pricer.kg_per_kwh(fuel, start) if direction is Direction.IMPORT else ZERO
        self.db.execute(
            "INSERT OR REPLACE INTO slot (fuel, direction, start, amount, unit, kwh, cost_p, co2_kg, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (fuel.value, direction.value, _ts(start), str(amount), unit.value, str(kwh),
             None if cost is None else str(cost), str(co2), source))

    # -- what was in force

    def _update_days(self, days: set[tuple[Fuel, Direction, date]]) -> None:
        for fuel, direction, day in sorted(days):
            self._update_day(fuel, direction, day)

    def _update_day(self, fuel: Fuel, direction: Direction, day: date) -> None:
        start, end = local_midnight(day, self.tz), local_midnight(day + timedelta(days=1), self.tz)
        key = (fuel.value, direction.value)
        if self._final(fuel, direction, day):
            return  # its half-hours were rolled up and deleted: a late straggler cannot recount it
        rows = self.db.execute("SELECT kwh, cost_p, co2_kg FROM slot WHERE fuel = ? AND direction = ? "
                               "AND start >= ? AND start < ?", (*key, _ts(start), _ts(end))).fetchall()
        if not rows:
            # No half-hour of it is counted (a reading stamped at its midnight begins it, no more):
            # no row, so no standing charge for a day the display knows nothing of.
            self.db.execute("DELETE FROM day WHERE fuel = ? AND direction = ? AND day = ? AND source = 'meter'",
                            (*key, day.isoformat()))
            return
        last_at = self.db.execute("SELECT MAX(at) FROM reading WHERE fuel = ? AND direction = ? "
                                  "AND at >= ? AND at < ?", (*key, _ts(start), _ts(end))).fetchone()[0]
        firsts = [self.db.execute("SELECT MIN(at) FROM reading WHERE fuel = ? AND direction = ?", key).fetchone()[0],
                  counted.first_start(self.db, key)]
        first = min((f for f in firsts if f is not None), default=None)
        covered_from = first if first is not None and _ts(start) < first < _ts(end) else None
        kwh = sum((Decimal(r[0]) for r in rows), ZERO)
        costs = [r[1] for r in rows]
        cost = None if any(c is None for c in costs) else sum((Decimal(c) for c in costs), ZERO)
        co2 = sum((Decimal(r[2]) for r in rows), ZERO)
        standing = self.pricer.standing_charge(fuel, start) if direction is Direction.IMPORT else None
        self.db.execute(
            "INSERT OR REPLACE INTO day (fuel, direction, day, kwh, cost_p, co2_kg, standing_p, covered_from, "
            "last_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'meter')",
            (*key, day.isoformat(), str(kwh), None if cost is None else str(cost), str(co2),
             None if standing is None else str(standing), covered_from, last_at))

    def _final(self, fuel: Fuel, direction: Direction, day: date) -> bool:
        """Whether the day's total was counted from readings whose half-hours have since gone."""
        return self.db.execute("SELECT 1 FROM day WHERE fuel = ? AND direction = ? AND day = ? AND "
                               "source = 'rolled-up'", (fuel.value, direction.value, day.isoformat())).fetchone() \
            is not None

    def day_figures(self, fuel: Fuel, direction: Direction, day: date) -> DayFigures | None:
        return read_day(self.db, self.tz, fuel, direction, day)

    # -- upkeep

    def close(self) -> None:
        self.db.close()

    # -- helpers

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _kwh_of(self, unit: RegisterUnit):  # type: ignore[no-untyped-def]
        return lambda amount: to_kwh(amount, unit, self._gas)

    def _stored_at(self, key: tuple[str, str], at: datetime) -> _Stored | None:
        row = self.db.execute("SELECT at, value, unit, series FROM reading WHERE fuel = ? AND direction = ? "
                              "AND at = ?", (*key, _ts(at))).fetchone()
        return None if row is None else _stored(row)

    def _neighbours(self, key: tuple[str, str], at: datetime) -> tuple[_Stored | None, _Stored | None]:
        before = self.db.execute("SELECT at, value, unit, series FROM reading WHERE fuel = ? AND direction = ? "
                                 "AND at < ? ORDER BY at DESC LIMIT 1", (*key, _ts(at))).fetchone()
        after = self.db.execute("SELECT at, value, unit, series FROM reading WHERE fuel = ? AND direction = ? "
                                "AND at > ? ORDER BY at LIMIT 1", (*key, _ts(at))).fetchone()
        near, far = (None if before is None else _stored(before)), (None if after is None else _stored(after))
        # The ends of spans whose readings were pruned stand in for them.
        ended = counted.ending_before(self.db, key, at)
        if ended is not None and (near is None or ended.end > near.at):
            near = _Stored(ended.end, ended.end_value, ended.unit, ended.series)
        begun = counted.starting_after(self.db, key, at)
        if begun is not None and (far is None or begun.start < far.at):
            far = None if begun.start_value is None else _Stored(begun.start, begun.start_value, begun.unit,
                                                                   begun.series)
        return near, far

    def _insert(self, r: RegisterReading, series: int, source: str) -> None:
        self.db.execute("INSERT INTO reading (fuel, direction, at, value, unit, series, source) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (r.fuel.value, r.direction.value, _ts(r.at), str(r.value), r.unit.value, series, source))

    def _quarantine(self, r: RegisterReading, received_at: datetime, reason: str) -> str:
        self.db.execute("INSERT INTO quarantine (fuel, direction, at, value, unit, reason, received) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", (r.fuel.value, r.direction.value, _ts(r.at),
                                                         str(r.value), r.unit.value, reason, _ts(received_at)))
        return reason
