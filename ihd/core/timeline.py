"""A value that holds from an instant until the next change: a tariff, for one.

Stored as changes only: a value the same as the one already in force adds nothing (a Glow bridge
repeats its tariff with every message), so what is kept grows with real changes, not with
time. Lookups by instant are a bisect. A repeat is not remembered, so a later correction to an
earlier instant holds until the next change kept (bridges send their words in time order).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Edit:
    """What an `add` changed: the instant now holding a new value (if any), and instants whose
    change was dropped because it no longer changed anything."""

    stored: datetime | None = None
    removed: tuple[datetime, ...] = ()

    def __bool__(self) -> bool:
        return self.stored is not None or bool(self.removed)


class Timeline(Generic[T]):
    def __init__(self, same: Callable[[T, T], bool]) -> None:
        self._same = same
        self._at: list[datetime] = []
        self._values: list[T] = []

    def __len__(self) -> int:
        return len(self._at)

    def __iter__(self) -> Iterator[tuple[datetime, T]]:
        return zip(self._at, self._values, strict=True)

    def first(self) -> T | None:
        return self._values[0] if self._values else None

    def at(self, instant: datetime) -> T | None:
        """The value in force at `instant`, or None before the first."""
        index = bisect_right(self._at, instant)
        return self._values[index - 1] if index else None

    def add(self, at: datetime, value: T) -> Edit:
        index = bisect_right(self._at, at)
        removed: list[datetime] = []
        if index and self._at[index - 1] == at:  # the same instant again: the newer word wins
            if self._same(self._values[index - 1], value):
                return Edit()
            if index > 1 and self._same(self._values[index - 2], value):
                self._drop(index - 1, removed)  # back to what was in force before: no change at all
                return Edit(None, (*removed, *self._merge_next(index - 2, value)))
            self._values[index - 1] = value
            return Edit(at, tuple(self._merge_next(index - 1, value)))
        if index and self._same(self._values[index - 1], value):
            return Edit()
        self._at.insert(index, at)
        self._values.insert(index, value)
        return Edit(at, tuple(self._merge_next(index, value)))

    def _merge_next(self, index: int, value: T) -> list[datetime]:
        """The change after `index` is no change if it repeats `value`: it goes."""
        removed: list[datetime] = []
        if index + 1 < len(self._at) and self._same(self._values[index + 1], value):
            self._drop(index + 1, removed)
        return removed

    def _drop(self, index: int, removed: list[datetime]) -> None:
        removed.append(self._at.pop(index))
        self._values.pop(index)

    def forget_before(self, instant: datetime) -> list[datetime]:
        """Drop the changes that `instant` and everything after no longer need: all before it but
        the one in force at it. Returns the instants dropped."""
        index = bisect_right(self._at, instant) - 1
        if index <= 0:
            return []
        gone = self._at[:index]
        del self._at[:index]
        del self._values[:index]
        return gone


class SlotBook(Generic[T]):
    """Values for single half-hours (a dynamic price, a grid intensity): found by their start, and
    in order by bisect for a range. A value the same as the one held adds nothing."""

    def __init__(self) -> None:
        self._values: dict[datetime, T] = {}
        self._starts: list[datetime] = []

    def __len__(self) -> int:
        return len(self._starts)

    def __contains__(self, start: datetime) -> bool:
        return start in self._values

    def get(self, start: datetime) -> T | None:
        return self._values.get(start)

    def put(self, start: datetime, value: T) -> bool:
        """Keep `value` for the half-hour at `start`; whether that changed anything."""
        if start in self._values:
            if self._values[start] == value:
                return False
        else:
            insort(self._starts, start)
        self._values[start] = value
        return True

    def starts(self, after: datetime, before: datetime) -> list[datetime]:
        """The starts strictly between `after` and `before`, in order."""
        return self._starts[bisect_right(self._starts, after):bisect_left(self._starts, before)]

    def items(self, after: datetime, before: datetime) -> list[tuple[datetime, T]]:
        return [(start, self._values[start]) for start in self.starts(after, before)]

    def span(self) -> tuple[datetime, datetime] | None:
        return (self._starts[0], self._starts[-1]) if self._starts else None

    def forget_before(self, instant: datetime) -> None:
        cut = bisect_left(self._starts, instant)
        for start in self._starts[:cut]:
            del self._values[start]
        del self._starts[:cut]
