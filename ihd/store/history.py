"""The household's history: register readings in, half-hour and day totals out.

`HistoryWriter` runs on the store's writer thread and is the only thing that writes. It keeps
each register reading once (a restart or a re-sent message changes nothing), refuses readings
that cannot sit between their neighbours (quarantined with the reason), spreads each rise over
the half-hours it covers, prices each half-hour at what was in force then, and keeps a total
per local day. `HistoryReader` answers the screens' questions from its own connection.

A batch is one transaction. Within it, a reading that comes after everything its register has
counted (nearly every reading: a meter's readings arrive in order) is placed in memory: its rise
is added to the half-hours it covers there, and the readings and half-hours are written together
when the batch ends, or before anything that reads them back. The result is the same, row for
row, as placing each reading alone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

from ihd.core.bands import Band
from ihd.core.consent import ConsentRecord
from ihd.core.ledger import DayFigures, Point, Total, spread, step_problem
from ihd.core.periods import local_day_start, local_midnight, next_local_day_start, slot_start, slots
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
from ihd.core.tariff import Tariff, TariffSource
from ihd.core.timeline import Edit
from ihd.core.units import Direction, Fuel, GasConversion, RegisterUnit, to_kwh
from ihd.store import consent as consent_log
from ihd.store import counted
from ihd.store.db import connect

# Readings that fall backwards but agree among themselves this many times, over this long,
# are a replaced or reset meter: a new series starts and today's use so far is kept.
RESET_CONFIRM_READINGS = 6
RESET_CONFIRM_SECONDS = 300
SHAPE_DAYS = 28  # a day known only as a total takes the shape of the four weeks before it
ZERO = Decimal(0)
TINY = Decimal("1e-9")  # a half-hour's amount this close to nought is nought (what rounding leaves)


def _ts(at: datetime) -> int:
    return int(at.timestamp())


def _dt(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


@dataclass(frozen=True, slots=True)
class _Stored:
    at: datetime
    value: Decimal
    unit: RegisterUnit
    series: int

    @property
    def point(self) -> Point:
        return Point(self.at, self.value)


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


Key = tuple[str, str]  # (fuel, direction)


@dataclass
class Changes:
    """What one batch did, for the screens."""

    rejected: list[Rejection]
    days: set[tuple[Fuel, Direction, date]]


class HistoryWriter:
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

    def _add_tariff(self, reading: TariffReading, received_at: datetime, changes: Changes) -> None:
        tariff = Tariff.from_reading(reading, received_at)
        edit = self.pricer.add_tariff(reading.fuel, tariff)
        if not edit:
            return  # the tariff already in force, repeated (a Glow sends it with every message)
        self._store_tariff_edit(reading.fuel, edit, tariff)
        # From when it took effect; and any energy that had no known rate until now.
        since = min(at for at in (edit.stored, *edit.removed) if at is not None)
        self._reprice("fuel = ? AND (start >= ? OR cost_p IS NULL)", (reading.fuel.value, _ts(since)), changes)

    def _store_tariff_edit(self, fuel: Fuel, edit: Edit, tariff: Tariff) -> None:
        self._drop_tariff_rows(fuel, edit.removed)
        if edit.stored is not None:
            self.db.execute("INSERT OR REPLACE INTO tariff (fuel, effective, body) VALUES (?, ?, ?)",
                            (fuel.value, _ts(edit.stored), json.dumps(_tariff_body(tariff))))

    def _drop_tariff_rows(self, fuel: Fuel, instants: Iterable[datetime]) -> None:
        self.db.executemany("DELETE FROM tariff WHERE fuel = ? AND effective = ?",
                            [(fuel.value, _ts(at)) for at in instants])

    def _add_prices(self, reading: PriceReading, changes: Changes) -> None:
        changed = self.pricer.add_prices(reading)
        for start in changed:
            rate = self.pricer.rate(reading.fuel, reading.direction, start)
            self.db.execute("INSERT OR REPLACE INTO price (fuel, direction, start, rate) VALUES (?, ?, ?, ?)",
                            (reading.fuel.value, reading.direction.value, _ts(start), str(rate)))
        if changed:
            self._reprice("fuel = ? AND direction = ? AND start >= ? AND start <= ?",
                          (reading.fuel.value, reading.direction.value, _ts(min(changed)), _ts(max(changed))),
                          changes)

    def _add_intensity(self, reading: IntensityReading, changes: Changes) -> None:
        changed = set(self.pricer.add_intensity(reading))
        for start, grams, band in reading.records:
            if start in changed:
                self.db.execute("INSERT OR REPLACE INTO intensity (start, grams, band) VALUES (?, ?, ?)",
                                (_ts(start), grams, band))
        if changed:
            self._reprice("fuel = 'electricity' AND start >= ? AND start <= ?",
                          (_ts(min(changed)), _ts(max(changed))), changes)

    def _reprice(self, where: str, args: tuple[object, ...], changes: Changes) -> None:
        rows = self.db.execute(f"SELECT fuel, direction, start, amount, unit, source FROM slot WHERE {where}",
                               args).fetchall()
        for fuel, direction, start, amount, unit, source in rows:
            fuel_, direction_, at = Fuel(fuel), Direction(direction), _dt(start)
            self._write_slot(fuel_, direction_, RegisterUnit(unit), at, Decimal(amount), source)
            changes.days.add((fuel_, direction_, at.astimezone(self.tz).date()))

    def _load_rates(self) -> None:
        rows = self.db.execute("SELECT fuel, body FROM tariff ORDER BY effective").fetchall()
        for fuel, body in rows:
            self.pricer.add_tariff(Fuel(fuel), _tariff_from_body(json.loads(body)))
        if len(rows) > sum(len(self.pricer.tariffs(fuel)) for fuel in Fuel):
            # Written before repeats were dropped (a row per Glow message): keep the changes only.
            with self.transaction():
                self.db.execute("DELETE FROM tariff")
                for fuel in Fuel:
                    for at, tariff in self.pricer.tariffs(fuel):
                        self._store_tariff_edit(fuel, Edit(at), tariff)
        prices: dict[tuple[str, str], list[tuple[datetime, Decimal]]] = {}
        for fuel, direction, start, rate in self.db.execute("SELECT fuel, direction, start, rate FROM price"):
            prices.setdefault((fuel, direction), []).append((_dt(start), Decimal(rate)))
        for (fuel, direction), items in prices.items():
            self.pricer.add_prices(PriceReading(Fuel(fuel), Direction(direction), tuple(items), True))
        records = tuple((_dt(s), g, b) for s, g, b in self.db.execute("SELECT start, grams, band FROM intensity"))
        self.pricer.add_intensity(IntensityReading(records))

    # -- backfill

    def _backfill(self, reading: BackfillReading, changes: Changes) -> None:
        """Past use from the bridge fills gaps only: never a half-hour or day the meter's own
        readings already cover, so nothing is counted twice."""
        fuel, direction = reading.fuel, reading.direction
        for start, amount in reading.records:
            if amount < 0 or self._final(fuel, direction, start.astimezone(self.tz).date()):
                continue
            if reading.half_hourly:
                at = slot_start(start)
                row = self.db.execute("SELECT source FROM slot WHERE fuel = ? AND direction = ? AND start = ?",
                                      (fuel.value, direction.value, _ts(at))).fetchone()
                if row is None or row[0] == "backfill":
                    self._write_slot(fuel, direction, reading.unit, at, amount, "backfill")
                    changes.days.add((fuel, direction, at.astimezone(self.tz).date()))
            else:
                self._backfill_day(fuel, direction, reading.unit, start.astimezone(self.tz).date(), amount)

    def _backfill_day(self, fuel: Fuel, direction: Direction, unit: RegisterUnit, day: date,
                      amount: Decimal) -> None:
        start, end = local_midnight(day, self.tz), local_midnight(day + timedelta(days=1), self.tz)
        has_slots = self.db.execute("SELECT 1 FROM slot WHERE fuel = ? AND direction = ? AND start >= ? "
                                    "AND start < ? LIMIT 1", (fuel.value, direction.value, _ts(start),
                                                              _ts(end))).fetchone()
        if has_slots:
            return
        kwh = to_kwh(amount, unit, self._gas)
        cost, co2, estimated = self._price_day_total(fuel, direction, start, end, kwh)
        standing = self.pricer.standing_charge(fuel, start) if direction is Direction.IMPORT else None
        self.db.execute(
            "INSERT OR REPLACE INTO day (fuel, direction, day, kwh, cost_p, co2_kg, standing_p, covered_from, "
            "last_at, source, estimated) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, 'backfill', ?)",
            (fuel.value, direction.value, day.isoformat(), str(kwh), None if cost is None else str(cost),
             str(co2), None if standing is None else str(standing), int(estimated)))

    def _price_day_total(self, fuel: Fuel, direction: Direction, start: datetime, end: datetime,
                         kwh: Decimal) -> tuple[Decimal | None, Decimal, bool]:
        """Cost and carbon of a day known only as its total, and whether they are estimates. On one
        rate all day the price is exact; where the rate (or the grid's intensity) varies, the total
        is spread in the household's usual shape over the day (evenly, without one) and priced
        half-hour by half-hour: an estimate, and marked as one."""
        starts = list(slots(start, end))
        rates = [self.pricer.rate(fuel, direction, s) for s in starts]
        kgs = [self.pricer.kg_per_kwh(fuel, s) if direction is Direction.IMPORT else ZERO for s in starts]
        if len(set(rates)) == 1 and len(set(kgs)) == 1:
            return (None if rates[0] is None else kwh * rates[0]), kwh * kgs[0], False
        shares = [kwh * w for w in self._usual_shape(fuel, direction, starts)]
        cost = None if None in rates else sum((s * r for s, r in zip(shares, rates, strict=True) if r is not None),
                                              ZERO)
        return cost, sum((s * k for s, k in zip(shares, kgs, strict=True)), ZERO), True

    def _usual_shape(self, fuel: Fuel, direction: Direction, starts: list[datetime]) -> list[Decimal]:
        """Each half-hour's share of a day's use, from the same clock times over the four weeks
        before; equal shares where nothing was counted then."""
        rows = self.db.execute("SELECT start, kwh FROM slot WHERE fuel = ? AND direction = ? AND start >= ? "
                               "AND start < ?", (fuel.value, direction.value,
                                                 _ts(starts[0] - timedelta(days=SHAPE_DAYS)), _ts(starts[0])))
        usual: dict[time, Decimal] = {}
        for at, kwh in rows:
            clock = _dt(at).astimezone(self.tz).time()
            usual[clock] = usual.get(clock, ZERO) + Decimal(kwh)
        weights = [usual.get(s.astimezone(self.tz).time(), ZERO) for s in starts]
        total = sum(weights, ZERO)
        if total <= 0:
            return [Decimal(1) / len(starts)] * len(starts)
        return [w / total for w in weights]

    # -- day totals

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

    def set_retention(self, retention: Retention) -> None:
        """A new policy (consent to detailed history given or withdrawn); `prune` applies it."""
        self._retention = retention

    def prune(self, now: datetime) -> None:
        """Drop what the retention policy no longer keeps (the latest reading of each register
        always stays: the next reading is measured from it). Cut-offs fall at local midnights, so
        a day keeps all its half-hours or none; a day that loses them keeps its daily total, which
        from then on is final (nothing is left to recount it from)."""
        keep, tz = self._retention, self.tz
        raw = _ts(local_day_start(now - timedelta(days=keep.raw_days), tz))
        slot_cut = local_day_start(now - timedelta(days=keep.half_hour_days), tz)
        rates = _ts(now - timedelta(days=Retention().half_hour_days))  # prices are not the household's data
        with self.transaction():
            for fuel in Fuel:
                for direction in Direction:
                    self._prune_readings((fuel.value, direction.value), raw)
            self.db.execute("DELETE FROM quarantine WHERE received < ?",
                            (_ts(now - timedelta(days=keep.quarantine_days)),))
            self.db.execute("UPDATE day SET source = 'rolled-up' WHERE day < ? AND source = 'meter'",
                            (slot_cut.astimezone(tz).date().isoformat(),))
            self.db.execute("DELETE FROM slot WHERE start < ?", (_ts(slot_cut),))
            self.db.execute("DELETE FROM price WHERE start < ?", (rates,))
            for fuel, dropped in self.pricer.forget_before(_dt(rates)).items():
                self._drop_tariff_rows(fuel, dropped)
            self.db.execute("DELETE FROM intensity WHERE start < ?", (rates,))
            self.db.execute("DELETE FROM day WHERE day < ?",
                            ((now - timedelta(days=keep.day_days)).date().isoformat(),))

    def _prune_readings(self, key: tuple[str, str], cut: int) -> None:
        """Readings before `cut` go, all but the register's latest; what they counted stays as spans."""
        latest = self.db.execute("SELECT MAX(at) FROM reading WHERE fuel = ? AND direction = ?", key).fetchone()[0]
        if latest is None:
            return
        cut = min(cut, latest)
        going = self.db.execute("SELECT at, value, unit, series FROM reading WHERE fuel = ? AND direction = ? "
                                "AND at < ? ORDER BY at", (*key, cut)).fetchall()
        if not going:
            return
        kept = _stored(self.db.execute("SELECT at, value, unit, series FROM reading WHERE fuel = ? AND direction = ? "
                                       "AND at >= ? ORDER BY at LIMIT 1", (*key, cut)).fetchone())
        counted.seal(self.db, key, (counted.Point(s.at, s.value, s.unit, s.series) for s in map(_stored, going)),
                     counted.Point(kept.at, kept.value, kept.unit, kept.series))
        self.db.execute("DELETE FROM reading WHERE fuel = ? AND direction = ? AND at < ?", (*key, cut))

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


def _stored(row: tuple[int, str, str, int]) -> _Stored:
    return _Stored(_dt(row[0]), Decimal(row[1]), RegisterUnit(row[2]), row[3])


def read_day(db: sqlite3.Connection, tz: ZoneInfo, fuel: Fuel, direction: Direction,
             day: date) -> DayFigures | None:
    row = db.execute("SELECT kwh, cost_p, co2_kg, covered_from, last_at, estimated FROM day WHERE fuel = ? "
                     "AND direction = ? AND day = ?", (fuel.value, direction.value, day.isoformat())).fetchone()
    if row is None:
        return None
    kwh, cost, co2, covered_from, last_at, estimated = row
    return DayFigures(local_midnight(day, tz), Decimal(kwh), None if cost is None else Decimal(cost),
                      Decimal(co2), None if covered_from is None else _dt(covered_from),
                      None if last_at is None else _dt(last_at), bool(estimated))


def _tariff_body(tariff: Tariff) -> dict[str, object]:
    return {
        "unit_rate_p": str(tariff.unit_rate_p),
        "standing_charge_p": None if tariff.standing_charge_p is None else str(tariff.standing_charge_p),
        "vat_included": tariff.vat_included,
        "source": tariff.source.value,
        "received_at": None if tariff.received_at is None else tariff.received_at.isoformat(),
        "applies_from": None if tariff.applies_from is None else tariff.applies_from.isoformat(),
        "bands": [[b.start.isoformat(), b.end.isoformat(), str(b.rate_p), b.name] for b in tariff.bands],
        "bands_in_gmt": tariff.bands_in_gmt,
        "export_rate_p": None if tariff.export_rate_p is None else str(tariff.export_rate_p),
    }


def _tariff_from_body(body: dict[str, object]) -> Tariff:
    def when(value: object) -> datetime | None:
        return None if value is None else datetime.fromisoformat(str(value))

    def money(value: object) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    bands = tuple(Band(time.fromisoformat(s), time.fromisoformat(e), Decimal(r), n)
                  for s, e, r, n in body["bands"])  # type: ignore[attr-defined]
    return Tariff(Decimal(str(body["unit_rate_p"])), money(body["standing_charge_p"]), bool(body["vat_included"]),
                  TariffSource(str(body["source"])), when(body["received_at"]), bands, bool(body["bands_in_gmt"]),
                  money(body["export_rate_p"]), when(body["applies_from"]))


class HistoryReader:
    """Queries for the screens, on a connection of their own (WAL lets it read while the writer
    writes). Sums are Decimal, never SQL floats."""

    def __init__(self, path: Path, tz: ZoneInfo) -> None:
        self.tz = tz
        self.db = connect(path)  # migrates a new file; reads only after that

    def consent_log(self) -> list[ConsentRecord]:
        """Every consent choice, oldest first (the audit log)."""
        return consent_log.records(self.db)

    def half_hours(self, fuel: Fuel, direction: Direction, start: datetime, end: datetime) -> list[Total]:
        rows = self.db.execute("SELECT start, kwh, cost_p, co2_kg FROM slot WHERE fuel = ? AND direction = ? "
                               "AND start >= ? AND start < ? ORDER BY start",
                               (fuel.value, direction.value, _ts(start), _ts(end))).fetchall()
        return [Total(_dt(s), Decimal(k), None if c is None else Decimal(c), Decimal(co2)) for s, k, c, co2 in rows]

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
        return [(_dt(at), fuel, reason) for at, fuel, reason in rows]

    def close(self) -> None:
        self.db.close()

