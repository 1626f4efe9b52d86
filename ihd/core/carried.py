"""Today's use while the history cannot count it: a full, read-only or damaged disk.

The history is the one place energy is counted. While it cannot save, its last figure for today
is carried on by the register's rise since the reading that figure counts up to, priced at the
rate in force now; with no figure at all (a history that never opened), by the rise since the
first reading heard today. When saving works again the history counts the whole gap itself.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from ihd.core.ledger import DayFigures
from ihd.core.readings import RegisterReading

RECENT = 64  # readings kept to find the one the history's figure counts up to


@dataclass
class CarriedToday:
    """Carries one fuel's figure for today on from its register while the history cannot save."""

    recent: deque[RegisterReading] = field(default_factory=lambda: deque(maxlen=RECENT))
    anchor: RegisterReading | None = None  # the reading the history's figure for today counts up to
    first: RegisterReading | None = None  # the first reading heard today
    latest: RegisterReading | None = None

    def heard(self, reading: RegisterReading, day_start: datetime) -> None:
        if reading.at >= day_start and (self.first is None or self.first.at < day_start):
            self.first = reading
        if self.latest is None or reading.at > self.latest.at:
            self.latest = reading
        self.recent.append(reading)

    def counted(self, figures: DayFigures | None) -> None:
        """The history's figure for today, as it reported it."""
        if figures is not None and figures.last_at is not None:
            found = next((r for r in reversed(self.recent) if r.at == figures.last_at), None)
            self.anchor = found or self.anchor

    def today(self, figures: DayFigures | None, day_start: datetime, kwh_of: Callable[[Decimal], Decimal],
              rate_p: Decimal | None, kg_per_kwh: Decimal) -> DayFigures | None:
        latest = self.latest
        if latest is None or latest.at < day_start:
            return figures
        if figures is not None:
            if self.anchor is None or self.anchor.at < day_start or self.anchor.at != figures.last_at:
                return figures  # where the history's figure ends is not known here: leave it be
            base, start = figures, self.anchor
        elif self.first is not None and self.first.at >= day_start:
            base = DayFigures(day_start, Decimal(0), Decimal(0), Decimal(0), self.first.at, self.first.at)
            start = self.first
        else:
            return None
        if latest.unit != start.unit or latest.value <= start.value:
            return base
        rise = kwh_of(latest.value - start.value)
        cost = base.cost_p + rise * rate_p if base.cost_p is not None and rate_p is not None else None
        return DayFigures(day_start, base.kwh + rise, cost, base.co2_kg + rise * kg_per_kwh, base.since, latest.at)
