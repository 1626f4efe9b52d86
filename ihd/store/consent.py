"""The consent log: every choice the household made, with the words it saw, in the history
database. The table refuses updates and deletes (triggers), so the record can only grow; only the
new-occupier wipe, which removes the whole file, ends it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from ihd.core.consent import Category, ConsentRecord


def append(db: sqlite3.Connection, record: ConsentRecord) -> None:
    db.execute("INSERT INTO consent_log (at, category, granted, version, language, statement) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (int(record.at.timestamp()), record.category.value, int(record.granted), record.version,
                record.language, record.statement))


def records(db: sqlite3.Connection) -> list[ConsentRecord]:
    """Oldest first. A category this version no longer knows is passed over, not fatal."""
    found = []
    for at, category, granted, version, language, statement in db.execute(
            "SELECT at, category, granted, version, language, statement FROM consent_log ORDER BY id"):
        try:
            found.append(ConsentRecord(Category(category), bool(granted), datetime.fromtimestamp(at, UTC),
                                       version, language, statement))
        except ValueError:
            continue
    return found
