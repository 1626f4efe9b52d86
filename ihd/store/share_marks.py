"""How far each consent category's shares have been acknowledged by the broker ("shared up to"),
in the history database: the wipe, which removes the file, ends them with the consent log."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from ihd.core.units import Direction, Fuel


def marks(db: sqlite3.Connection) -> dict[str, datetime]:
    """Category -> the start of its first period not yet acknowledged."""
    return {category: datetime.fromtimestamp(up_to, UTC)
            for category, up_to in db.execute("SELECT category, up_to FROM share_mark")}


def keep(db: sqlite3.Connection, category: str, up_to: datetime) -> None:
    db.execute("INSERT INTO share_mark (category, up_to) VALUES (?, ?) "
               "ON CONFLICT (category) DO UPDATE SET up_to = excluded.up_to",
               (category, int(up_to.timestamp())))


def heard_up_to(db: sqlite3.Connection) -> datetime | None:
    """The newest meter reading kept, of any fuel: the periods before it have all their readings
    (a bridge delivers each register's readings in order), so their use is known. One index seek
    per register."""
    found = [at for fuel in Fuel for direction in Direction
             for (at,) in db.execute("SELECT MAX(at) FROM reading WHERE fuel = ? AND direction = ?",
                                     (fuel.value, direction.value)) if at is not None]
    return datetime.fromtimestamp(max(found), UTC) if found else None
