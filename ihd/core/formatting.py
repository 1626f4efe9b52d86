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
