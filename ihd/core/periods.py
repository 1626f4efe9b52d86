"""Calendar periods in the household's time zone, and the half-hour settlement periods.

Instants are aware UTC. GB half-hours start on the UTC hour and half hour (the UK's offsets are
whole hours), so a local day holds 46, 48 or 50 of them on the clock-change days.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

SLOT = timedelta(minutes=30)


def in_daily_window(at: time, start: time, end: time) -> bool:
    """Whether a clock time falls in [start, end) of each day; a window whose end is before its
    start runs past midnight, and one whose start equals its end is the whole day."""
    if start == end:
        return True
    if start < end:
        return start <= at < end
    return at >= start or at < end


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant at which the local `day` begins."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def local_day_start(instant: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant at which the local day containing `instant` began."""
    return local_midnight(instant.astimezone(tz).date(), tz)


def next_local_day_start(instant: datetime, tz: ZoneInfo) -> datetime:
    return local_midnight(instant.astimezone(tz).date() + timedelta(days=1), tz)


def slot_start(instant: datetime) -> datetime:
    """The start of the half-hour containing `instant`."""
    utc = instant.astimezone(UTC)
    return utc.replace(minute=utc.minute - utc.minute % 30, second=0, microsecond=0)


def slots(start: datetime, end: datetime) -> Iterator[datetime]:
    """Starts of the half-hours from `start` (a slot start) up to `end`."""
    at = slot_start(start)
    while at < end:
        yield at
        at += SLOT


def overlaps(start: datetime, end: datetime) -> Iterator[tuple[datetime, float]]:
    """(slot start, seconds of [start, end) inside that slot), in order."""
    for at in slots(start, end):
        seconds = (min(at + SLOT, end) - max(at, start)).total_seconds()
        if seconds > 0:
            yield at, seconds


class PeriodKind(StrEnum):
    DAY = "day"
    WEEK = "week"  # Monday to Sunday
    MONTH = "month"  # calendar month
    YEAR = "year"
    BILLING = "billing"  # a month starting on the billing day


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar period in the household's time zone: a day, week, month, year or billing month."""

    kind: PeriodKind
    first: date  # first local day
    end: date  # first local day after the period
    tz: ZoneInfo
    billing_day: int = 1

    @property
    def start_utc(self) -> datetime:
        return local_midnight(self.first, self.tz)

    @property
    def end_utc(self) -> datetime:
        return local_midnight(self.end, self.tz)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.end - self.first).days)]

    def contains(self, instant: datetime) -> bool:
        return self.start_utc <= instant < self.end_utc

    def shifted(self, steps: int) -> Period:
        """The period `steps` after (or, negative, before) this one."""
        period = self
        for _ in range(abs(steps)):
            anchor = period.end if steps > 0 else period.first - timedelta(days=1)
            period = period_of(self.kind, local_midnight(anchor, self.tz), self.tz, self.billing_day)
        return period


def _month_start(day: date, billing_day: int = 1) -> date:
    """The start of the (billing) month containing `day`; a billing day past a month's end
    falls on that month's last day."""
    def start_in(year: int, month: int) -> date:
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        return date(year, month, min(billing_day, last))

    here = start_in(day.year, day.month)
    if day >= here:
        return here
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return start_in(year, month)


def _next_month_start(first: date, billing_day: int = 1) -> date:
    probe = first + timedelta(days=32)
    return _month_start(probe, billing_day) if billing_day > 1 else date(probe.year, probe.month, 1)


def period_of(kind: PeriodKind, instant: datetime, tz: ZoneInfo, billing_day: int = 1) -> Period:
    """The period of `kind` that contains `instant`, in local time."""
    day = instant.astimezone(tz).date()
    if kind is PeriodKind.DAY:
        return Period(kind, day, day + timedelta(days=1), tz, billing_day)
    if kind is PeriodKind.WEEK:
        first = day - timedelta(days=day.weekday())
        return Period(kind, first, first + timedelta(days=7), tz, billing_day)
    if kind is PeriodKind.YEAR:
        return Period(kind, date(day.year, 1, 1), date(day.year + 1, 1, 1), tz, billing_day)
    step = billing_day if kind is PeriodKind.BILLING else 1
    first = _month_start(day, step)
    return Period(kind, first, _next_month_start(first, step), tz, billing_day)
