"""A time-of-use band: a stretch of each day at its own unit rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from ihd.core.periods import in_daily_window


@dataclass(frozen=True, slots=True)
class Band:
    """[start, end) of each day at `rate_p`; a band whose end is before its start runs past
    midnight, and one whose start equals its end runs all day."""

    start: time
    end: time
    rate_p: Decimal
    name: str = ""

    def covers(self, at: time) -> bool:
        return in_daily_window(at, self.start, self.end)
