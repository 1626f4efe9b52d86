"""What the history has counted, kept after the readings that counted it are pruned.

Register readings are kept for two weeks, to place a late one between its neighbours. When they
go, the stretch they covered stays here as a span: one row per unbroken run of a register series,
holding its first and last reading. A reading re-sent inside a span was counted long ago, however
late it comes, so it adds nothing; one that disagrees with the span's ends is refused. The ends
stand in as neighbours for a reading that comes just outside a span.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from ihd.core.units import RegisterUnit

Key = tuple[str, str]  # (fuel, direction)


@dataclass(frozen=True, slots=True)
class Span:
    """One unbroken run of a register series that the history counted, held by its first and last reading."""

    start: datetime
    start_value: Decimal | None  # None: the start of a history pruned before spans were kept
    end: datetime
    end_value: Decimal
    unit: RegisterUnit
    series: int

    def agrees(self, at: datetime, value: Decimal, unit: RegisterUnit) -> bool:
        """Whether a reading at `at` could have been one of those this span counted."""
        if unit != self.unit or value > self.end_value or (at == self.end and value != self.end_value):
            return False
        if self.start_value is None:
            return True
        return value >= self.start_value and (at != self.start or value == self.start_value)


@dataclass(frozen=True, slots=True)
class Point:
    """A register reading as the prune sees it."""

    at: datetime
    value: Decimal
    unit: RegisterUnit
    series: int


_COLUMNS = "start_at, start_value, end_at, end_value, unit, series"


def _ts(at: datetime) -> int:
    return int(at.timestamp())


def _span(row: tuple[int, str | None, int, str, str, int]) -> Span:
    start, start_value, end, end_value, unit, series = row
    return Span(datetime.fromtimestamp(start, UTC), None if start_value is None else Decimal(start_value),
                datetime.fromtimestamp(end, UTC), Decimal(end_value), RegisterUnit(unit), series)


def containing(db: sqlite3.Connection, key: Key, at: datetime) -> Span | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM counted WHERE fuel = ? AND direction = ? AND start_at <= ? "
                     "AND end_at >= ? ORDER BY start_at DESC LIMIT 1", (*key, _ts(at), _ts(at))).fetchone()
    return None if row is None else _span(row)


def ending_before(db: sqlite3.Connection, key: Key, at: datetime) -> Span | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM counted WHERE fuel = ? AND direction = ? AND end_at < ? "
                     "ORDER BY end_at DESC LIMIT 1", (*key, _ts(at))).fetchone()
    return None if row is None else _span(row)


def starting_after(db: sqlite3.Connection, key: Key, at: datetime) -> Span | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM counted WHERE fuel = ? AND direction = ? AND start_at > ? "
                     "ORDER BY start_at LIMIT 1", (*key, _ts(at))).fetchone()
    return None if row is None else _span(row)


def first_start(db: sqlite3.Connection, key: Key) -> int | None:
    return db.execute("SELECT MIN(start_at) FROM counted WHERE fuel = ? AND direction = ?", key).fetchone()[0]


def seal(db: sqlite3.Connection, key: Key, going: Iterable[Point], first_kept: Point | None) -> None:
    """Readings `going` are about to be deleted: fold them, with the register's spans, into as few
    spans as say the same. Consecutive points of one series were counted between, so they join;
    the last run reaches the first reading kept when that is of the same series."""
    pieces = [(s.start, s.start_value, s.end, s.end_value, s.unit, s.series)
              for s in map(_span, db.execute(f"SELECT {_COLUMNS} FROM counted WHERE fuel = ? AND direction = ?",
                                             key))]
    pieces += [(p.at, p.value, p.at, p.value, p.unit, p.series) for p in going]
    if not pieces:
        return
    pieces.sort(key=lambda piece: piece[0])
    merged = [pieces[0]]
    for piece in pieces[1:]:
        last = merged[-1]
        if piece[5] == last[5] and piece[4] == last[4]:
            merged[-1] = (last[0], last[1], piece[2], piece[3], last[4], last[5])
        else:
            merged.append(piece)
    if first_kept is not None and merged[-1][5] == first_kept.series and merged[-1][4] == first_kept.unit:
        last = merged[-1]
        merged[-1] = (last[0], last[1], first_kept.at, first_kept.value, last[4], last[5])
    db.execute("DELETE FROM counted WHERE fuel = ? AND direction = ?", key)
    db.executemany(f"INSERT INTO counted (fuel, direction, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [(*key, _ts(a), None if av is None else str(av), _ts(b), str(bv), unit.value, series)
                    for a, av, b, bv, unit, series in merged])
