"""Sharing without gaps: for each consent category that sends the household's use out of the home,
a mark ("shared up to": the first period not yet acknowledged), kept across restarts.

Each tick, from the mark, a category sends the periods (half-hours or local days) that are over,
that the history has heard of the meter past, and that began at or after the choice in force was
made; the mark moves on only as the broker acknowledges them, in order. After a restart, or a
link that broke with messages in flight, what was not acknowledged is sent again from the local
history. A period sent twice is harmless: each payload carries its natural key (home, category,
period start), so a receiver keeps it once.

Nothing is sent for a period that began before the choice in force was made (its use was gathered
before the household said yes), and nothing at all while the category is off: a period missed
while it was on but not sent before a withdrawal is never sent.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ihd.core.consent import Category
from ihd.core.periods import SLOT, local_day_start, next_local_day_start, slot_start

GRACE = timedelta(minutes=2)  # for a period's last readings (gas reports each half-hour) to come in
PER_TICK = 48  # periods sent at most per tick and category: a day of half-hours, so a week's
# outage is caught up in minutes without a burst the home's broker must queue at once
IN_FLIGHT = 192  # at most this many unacknowledged per category (the private broker allows 1000)


@dataclass(frozen=True, slots=True)
class Share:
    """What one category sends: on which topic (under the prefix), and by half-hour or by day."""

    category: Category
    topic: str
    daily: bool


@dataclass(slots=True)
class _Sent:
    """A period sent but not yet settled, and how to ask whether the broker has acknowledged it."""

    start: datetime
    acked: Callable[[], bool]


def _always() -> bool:
    return True


class ShareStream:
    """One category's mark, and what it has sent that the broker has not yet acknowledged."""

    def __init__(self, share: Share, tz: ZoneInfo) -> None:
        self.share, self.tz = share, tz
        self.mark: datetime | None = None  # the first period not yet acknowledged (None: none kept)
        self._next: datetime | None = None  # the next period to send
        self._in_flight: deque[_Sent] = deque()

    # -- periods

    def start_of(self, at: datetime) -> datetime:
        """The start of the period containing `at`."""
        return local_day_start(at, self.tz) if self.share.daily else slot_start(at)

    def end_of(self, start: datetime) -> datetime:
        return next_local_day_start(start, self.tz) if self.share.daily else start + SLOT

    def first_from(self, at: datetime) -> datetime:
        """The first period that begins at or after `at`."""
        start = self.start_of(at)
        return start if start == at else self.end_of(start)

    # -- sending

    def forget_in_flight(self) -> None:
        """The link broke, or the category was withdrawn: what was not acknowledged is sent again
        from the mark (if the category is still on), and nothing waits for an answer."""
        self._in_flight.clear()
        self._next = None

    def due(self, now: datetime, since: datetime, heard_up_to: Callable[[], datetime | None]) -> list[datetime]:
        """The starts of the periods to send now, oldest first, for a category granted at `since`.
        `heard_up_to` (the newest meter reading the history holds) is asked only if one is over."""
        start = max(x for x in (self._next, self.mark, self.first_from(since)) if x is not None)
        found: list[datetime] = []
        heard: datetime | None = None
        while len(found) < PER_TICK and len(self._in_flight) + len(found) < IN_FLIGHT:
            end = self.end_of(start)
            if end + GRACE > now:
                break
            if heard is None and (heard := heard_up_to()) is None:
                break
            if end > heard:
                break  # the readings that tell this period's use have not all come in yet
            found.append(start)
            start = end
        self._next = start
        return found

    def sent(self, start: datetime, acked: Callable[[], bool] = _always) -> None:
        """`start` was sent (or had nothing to send: acknowledged at once)."""
        self._in_flight.append(_Sent(start, acked))

    def settle(self) -> datetime | None:
        """Moves the mark past what the broker has acknowledged, in order; returns the new mark if
        it moved (to be kept), else None."""
        moved = None
        while self._in_flight and self._in_flight[0].acked():
            moved = self.mark = self.end_of(self._in_flight.popleft().start)
        return moved

    @property
    def waiting(self) -> int:
        return len(self._in_flight)
