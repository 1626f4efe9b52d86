"""Clocks. Wall time is aware UTC; ages are measured on a monotonic clock so that a
Raspberry Pi correcting its wall clock never makes data look fresher or older than it is."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current wall time, timezone-aware UTC."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that moves only when told to (tests and the fast simulator)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds

    def set_wall(self, when: datetime) -> None:
        """Jump the wall clock only, as an RTC-less Pi does when NTP corrects it."""
        self._now = when.astimezone(UTC)
