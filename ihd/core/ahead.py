"""The next 24 hours: each half-hour's price and the grid's carbon, as far as they are known, and
the cheapest and greenest time for the household's common jobs.

Prices come from whatever the display knows (a dynamic tariff's published half-hours, a banded
tariff's bands, a single rate); carbon only from a forecast the bridge or `ihd-feeds` sent.
A window is a run of whole half-hours, all of them known; the best is the one whose total over
the job's energy is least (ties go to the earliest, so nobody waits for nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ihd.core.periods import SLOT, slot_start

HORIZON = 48  # half-hours ahead, counting the one in progress


@dataclass(frozen=True, slots=True)
class Job:
    """A household job that can wait for a better time: how long it runs and what it uses."""

    key: str  # "washing", "dishwasher", "dryer", "car"
    hours: Decimal
    kwh: Decimal

    @property
    def slots(self) -> int:
        return max(1, int((self.hours * 2).to_integral_value()))


# Typical energy a run (documented in docs/ahead.md; each can be changed in the config's [ahead]).
JOBS = (
    Job("washing", Decimal(2), Decimal("1.0")),  # a 40 °C cotton wash
    Job("dishwasher", Decimal(3), Decimal("1.1")),  # an eco programme
    Job("dryer", Decimal("1.5"), Decimal("2.5")),  # a condenser tumble dryer, a full load
    Job("car", Decimal(4), Decimal(28)),  # four hours on a 7 kW home charger
)


@dataclass(frozen=True, slots=True)
class HalfHour:
    """One half-hour ahead: its price and the grid's carbon, as far as each is known."""

    start: datetime
    rate_p: Decimal | None  # pence per kWh with VAT; None if not known
    grams: int | None  # gCO2/kWh, forecast; None if no forecast reached the display
    band: str | None  # the forecast's index: "very low" .. "very high"


@dataclass(frozen=True, slots=True)
class Window:
    """A run of whole half-hours, with the mean price or carbon over them."""

    start: datetime
    end: datetime
    mean: Decimal  # the mean over its half-hours (pence per kWh, or gCO2/kWh)


def half_hours(rate, intensity, now: datetime, count: int = HORIZON) -> list[HalfHour]:  # type: ignore[no-untyped-def]
    """The half-hour in progress and those after it: `rate(start)` pence per kWh (or None) and
    `intensity(start)` a (grams, band) pair (or None), as the Pricer gives them."""
    first = slot_start(now)
    found = []
    for n in range(count):
        start = first + n * SLOT
        carbon = intensity(start)
        found.append(HalfHour(start, rate(start), None if carbon is None else carbon[0],
                              None if carbon is None else carbon[1]))
    return found


def best_window(values: Sequence[tuple[datetime, Decimal | int | None]], length: int) -> Window | None:
    """The run of `length` consecutive half-hours, all known, with the least total; the earliest
    of equals. None when no such run exists (too little is known)."""
    if length <= 0:
        return None
    best: tuple[Decimal, int] | None = None
    run, total = 0, Decimal(0)
    for i, (_start, value) in enumerate(values):
        if value is None:
            run, total = 0, Decimal(0)
            continue
        run += 1
        total += Decimal(value)
        if run > length:
            total -= Decimal(values[i - length][1])  # type: ignore[arg-type]
            run = length
        if run == length and (best is None or total < best[0]):
            best = (total, i - length + 1)
    if best is None:
        return None
    total, first = best
    start = values[first][0]
    return Window(start, start + length * SLOT, total / length)


def cost_p(window_rates: Sequence[Decimal], kwh: Decimal) -> Decimal:
    """What a job costs run across these half-hours, its energy spread evenly over them."""
    return sum((rate * kwh / len(window_rates) for rate in window_rates), Decimal(0))


def rates_from(slots: Sequence[HalfHour], start: datetime, length: int) -> list[Decimal] | None:
    """The rates of `length` half-hours from `start`, if all are known."""
    by_start = {s.start: s.rate_p for s in slots}
    rates = [by_start.get(start + n * SLOT) for n in range(length)]
    return None if any(r is None for r in rates) else rates  # type: ignore[return-value]
