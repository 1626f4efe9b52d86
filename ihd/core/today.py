"""Today's use of one cumulative register, in the household's local day.

The display works "today" out itself from the cumulative register, because bridges disagree on
when a day starts (a Glow device resets its day counter at UTC midnight, an hour out in summer).
Cost is added interval by interval at the rate in force when the energy was used, so a
time-of-use rate change does not reprice the whole day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.limits import MAX_KWH_PER_HOUR, REGISTER_JUMP_SLACK_KWH
from ihd.core.periods import local_day_start
from ihd.core.readings import DayStart, RegisterReading

# A register that runs backwards is refused, unless this many readings in a row, rising among
# themselves over at least RESET_CONFIRM_SECONDS, say the meter really was replaced or reset.
RESET_CONFIRM_READINGS = 6
RESET_CONFIRM_SECONDS = 300


@dataclass(frozen=True, slots=True)
class DayFigures:
    """Today so far. `since` is None when the whole local day is covered, else when counting began."""

    day_start: datetime
    kwh: Decimal
    cost_p: Decimal | None
    since: datetime | None
    last_at: datetime


class DayTotal:
    def __init__(self, tz: ZoneInfo, to_kwh: Callable[[RegisterReading, Decimal], Decimal]) -> None:
        self._tz = tz
        self._to_kwh = to_kwh  # (reading giving the unit, amount in that unit) -> kWh
        self._day_start: datetime | None = None
        self._baseline = Decimal(0)
        self._since: datetime | None = None
        self._carried_kwh = Decimal(0)  # use before a confirmed meter reset
        self._cost_p = Decimal(0)
        self._uncosted_kwh = Decimal(0)  # used while no rate was known
        self._last: RegisterReading | None = None
        self._backwards: list[RegisterReading] = []

    @property
    def last(self) -> RegisterReading | None:
        return self._last

    def apply(self, reading: RegisterReading, rate_p: Decimal | None) -> str | None:
        """Take a reading. Returns a reason if it is refused (nothing changes then)."""
        last = self._last
        if last is None:
            self._start(reading, rate_p)
            return None
        if reading.unit != last.unit:
            return f"register unit changed from {last.unit} to {reading.unit}"
        if reading.at < last.at:
            return "reading is older than the last one"
        if reading.value < last.value:
            return self._backwards_reading(reading, rate_p)
        self._backwards.clear()
        delta_kwh = self._to_kwh(reading, reading.value - last.value)
        hours = Decimal((reading.at - last.at).total_seconds()) / 3600
        if delta_kwh > MAX_KWH_PER_HOUR * hours + REGISTER_JUMP_SLACK_KWH:
            return f"register jumped by {delta_kwh:.3f} kWh in {hours * 60:.1f} minutes"
        self._advance(reading, rate_p)
        return None

    def figures(self, now: datetime) -> DayFigures | None:
        """Today's figures as of `now`, or None before the first reading of the local day."""
        if self._last is None or self._day_start != local_day_start(now, self._tz):
            return None
        used = self._carried_kwh + self._to_kwh(self._last, self._last.value - self._baseline)
        cost = None if self._uncosted_kwh else self._cost_p
        return DayFigures(self._day_start, used, cost, self._since, self._last.at)

    # -- internals

    def _start(self, reading: RegisterReading, rate_p: Decimal | None) -> None:
        self._day_start = local_day_start(reading.at, self._tz)
        hint = reading.day_start
        if hint is not None and self._plausible_day_start(hint, reading):
            self._baseline, self._since = hint.value, None
        else:
            self._baseline, self._since = reading.value, reading.at
        self._last = reading
        self._add_cost(self._to_kwh(reading, reading.value - self._baseline), rate_p)

    def _plausible_day_start(self, hint: DayStart, reading: RegisterReading) -> bool:
        if hint.at != self._day_start or hint.value > reading.value:
            return False
        hours = Decimal((reading.at - hint.at).total_seconds()) / 3600
        used = self._to_kwh(reading, reading.value - hint.value)
        return used <= MAX_KWH_PER_HOUR * hours + REGISTER_JUMP_SLACK_KWH

    def _advance(self, reading: RegisterReading, rate_p: Decimal | None) -> None:
        last = self._last
        assert last is not None
        day = local_day_start(reading.at, self._tz)
        if day != self._day_start:
            self._new_day(day, last, reading)
            last_value = self._baseline
        else:
            last_value = last.value
        self._last = reading
        self._add_cost(self._to_kwh(reading, reading.value - last_value), rate_p)

    def _new_day(self, day: datetime, last: RegisterReading, reading: RegisterReading) -> None:
        """Roll over: the register at midnight is the bridge's figure, or a straight-line estimate."""
        hint = reading.day_start
        if hint is not None and hint.at == day and last.value <= hint.value <= reading.value:
            at_midnight = hint.value
        else:
            span = (reading.at - last.at).total_seconds()
            share = Decimal((day - last.at).total_seconds() / span) if span > 0 else Decimal(1)
            at_midnight = last.value + (reading.value - last.value) * share
        self._day_start, self._baseline, self._since = day, at_midnight, None
        self._carried_kwh = Decimal(0)
        self._cost_p = Decimal(0)
        self._uncosted_kwh = Decimal(0)

    def _add_cost(self, kwh: Decimal, rate_p: Decimal | None) -> None:
        if rate_p is None:
            self._uncosted_kwh += kwh
            return
        # Energy used before any rate was known is costed at the first rate that arrives.
        self._cost_p += (kwh + self._uncosted_kwh) * rate_p
        self._uncosted_kwh = Decimal(0)

    def _backwards_reading(self, reading: RegisterReading, rate_p: Decimal | None) -> str | None:
        pending = self._backwards
        if pending and reading.value < pending[-1].value:
            pending.clear()
        pending.append(reading)
        span = (pending[-1].at - pending[0].at).total_seconds()
        if len(pending) < RESET_CONFIRM_READINGS or span < RESET_CONFIRM_SECONDS:
            last = self._last
            assert last is not None
            return f"register went backwards from {last.value} to {reading.value}"
        # The meter was replaced or reset: keep what today already used and count on from here.
        last = self._last
        assert last is not None
        self._carried_kwh += self._to_kwh(last, last.value - self._baseline)
        self._baseline = pending[0].value
        self._last = pending[0]
        pending_rest = pending[1:]
        pending.clear()
        for later in pending_rest:
            self._advance(later, rate_p)
        return None
