"""From cumulative register readings to energy per half-hour.

Between two readings of one register the energy used is spread over the half-hours in
proportion to time: the only honest assumption without finer data, and one that makes totals
independent of where an interval is split or in which order readings arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ihd.core.limits import MAX_KWH_PER_HOUR, REGISTER_JUMP_SLACK_KWH
from ihd.core.periods import overlaps


@dataclass(frozen=True, slots=True)
class Point:
    """One register reading: its meter time and value (in the register's own unit)."""

    at: datetime
    value: Decimal


def spread(a: Point, b: Point) -> Iterator[tuple[datetime, Decimal]]:
    """(half-hour start, amount) for the register's rise from `a` to `b`, by time. A register that
    did not move still yields each half-hour, at zero: the meter was read, and read no use."""
    total = Decimal((b.at - a.at).total_seconds())
    rise = b.value - a.value
    if total <= 0:
        return
    for slot, seconds in overlaps(a.at, b.at):
        yield slot, rise * Decimal(seconds) / total


def step_problem(before: Point | None, new: Point, after: Point | None,
                 to_kwh: Callable[[Decimal], Decimal]) -> str | None:
    """Why `new` cannot sit between its neighbours on a healthy meter, or None.

    A register only rises, and no home draws more than MAX_KWH_PER_HOUR."""
    for low, high in ((before, new), (new, after)):
        if low is None or high is None:
            continue
        if high.value < low.value:
            return f"register went backwards from {low.value} to {high.value}"
        hours = Decimal((high.at - low.at).total_seconds()) / 3600
        rise = to_kwh(high.value - low.value)
        if rise > MAX_KWH_PER_HOUR * hours + REGISTER_JUMP_SLACK_KWH:
            return f"register jumped by {rise:.3f} kWh in {hours * 60:.1f} minutes"
    return None


@dataclass(frozen=True, slots=True)
class DayFigures:
    """A local day's use so far. `since` is None when the whole day is covered, else when the
    data begins (the display started, or its history begins, part way through the day)."""

    day_start: datetime
    kwh: Decimal
    cost_p: Decimal | None  # None while a part of the day has no known rate
    co2_kg: Decimal
    since: datetime | None
    last_at: datetime | None
    estimated: bool = False  # known only as a day total: its cost and carbon are estimates


@dataclass(frozen=True, slots=True)
class Total:
    """Use in one bucket of a chart: a half-hour, a day or a month."""

    start: datetime
    kwh: Decimal
    cost_p: Decimal | None  # None while a part of it has no known rate
    co2_kg: Decimal
    standing_p: Decimal | None = None  # the days' standing charges, where the bucket is days
    estimated: bool = False  # part of it known only as day totals, priced by an estimate
