"""A time-of-use band: a stretch of each day at its own unit rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Band:
    """[start, end) of each day at `rate_p`; a band whose end is before its start runs past
    midnight, and one whose start equals its end runs all day."""

    start: time
    end: time
    rate_p: Decimal
    name: str = ""

    def covers(self, at: time) -> bool:
        if self.start == self.end:
            return True
        if self.start < self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end
