"""Local calendar periods. Instants are aware UTC; the household's day is its local day."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_day_start(instant: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant at which the local day containing `instant` began."""
    local = instant.astimezone(tz)
    return datetime.combine(local.date(), time(0), tzinfo=tz).astimezone(UTC)


def next_local_day_start(instant: datetime, tz: ZoneInfo) -> datetime:
    local = instant.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
