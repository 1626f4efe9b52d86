"""The last hour of electricity demand, one point a minute, for the home screen's trend line.

Demand comes every few seconds; the trend keeps the mean of each minute, for the last sixty
minutes only, so what it holds is bounded however long the display runs and however fast the
bridge reports. A minute with no reading is a gap (None), never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MINUTE = timedelta(minutes=1)
TREND_MINUTES = 60


@dataclass(frozen=True, slots=True)
class Trend:
    """The points, oldest first, in kW (None where no reading came); the last is the minute now."""

    points: tuple[float | None, ...] = ()

    @property
    def known(self) -> list[float]:
        return [p for p in self.points if p is not None]

    def __bool__(self) -> bool:
        return len(self.known) >= 2  # a line needs two points


NO_TREND = Trend()


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


class DemandTrend:
    def __init__(self, minutes: int = TREND_MINUTES) -> None:
        self._minutes = minutes
        self._sums: dict[datetime, tuple[float, int]] = {}  # minute: (sum of watts, readings)

    def add(self, at: datetime, watts: float) -> None:
        minute = _minute(at)
        total, count = self._sums.get(minute, (0.0, 0))
        self._sums[minute] = (total + watts, count + 1)
        newest = max(self._sums)
        oldest = newest - (self._minutes - 1) * MINUTE
        for old in [m for m in self._sums if m < oldest]:
            del self._sums[old]

    def trend(self, now: datetime) -> Trend:
        """The last hour up to `now`, a minute a point."""
        last = _minute(now)
        points = []
        for back in range(self._minutes - 1, -1, -1):
            found = self._sums.get(last - back * MINUTE)
            points.append(None if found is None else found[0] / found[1] / 1000)
        return Trend(tuple(points))

    def __len__(self) -> int:
        return len(self._sums)
