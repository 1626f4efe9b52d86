"""What the view-models need from the active language (ihd.i18n.I18n provides it)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo


class Formatter(Protocol):
    def _(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...

    def number(self, value: Decimal | float, digits: int) -> str: ...

    def money(self, pence: Decimal) -> str: ...

    def money_spoken(self, pence: Decimal) -> str: ...

    def date(self, day: date, pattern: str) -> str: ...

    def time(self, when: datetime, tz: ZoneInfo) -> str: ...


def dated(fmt: Formatter, when: datetime, now: datetime, tz: ZoneInfo, today: str, yesterday: str,
          earlier: str) -> str:
    """One of three sentences (already translated) by how many local days ago `when` was, so a
    value from an earlier day never reads as today's: each takes {time}, `earlier` also {day}."""
    day = when.astimezone(tz).date()
    days = (now.astimezone(tz).date() - day).days
    time = fmt.time(when, tz)
    if days <= 0:
        return today.format(time=time)
    if days == 1:
        return yesterday.format(time=time)
    return earlier.format(day=fmt.date(day, "EEE d MMM"), time=time)
