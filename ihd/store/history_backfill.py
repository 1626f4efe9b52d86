"""Days the bridge sends late, as totals or half-hours: written where nothing better is known, a
day-only total shaped like the weeks before it. Part of `HistoryWriter` (which holds `db` and the rest)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from ihd.core.periods import local_midnight, slot_start, slots
from ihd.core.readings import BackfillReading
from ihd.core.units import Direction, Fuel, RegisterUnit, to_kwh
from ihd.store.history_reader import from_ts as _dt
from ihd.store.history_reader import to_ts as _ts

if TYPE_CHECKING:
    from ihd.store.history import Changes

SHAPE_DAYS = 28  # a day known only as a total takes the shape of the four weeks before it
ZERO = Decimal(0)


class Backfills:
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
