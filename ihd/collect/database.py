"""Writing what homes share into PostgreSQL: each record in its own transaction, upserted on its
natural key, so a repeat (a bridge's retry, a display re-sending what was not acknowledged) changes
nothing but the figures and when they came.

Consent rules here, whatever a home sends:
- a home identity belongs to the link it first came on; the same identity on another link is
  refused (one home cannot write, or withdraw, another's records);
- a consent record older than the one in force is kept for the audit but changes nothing;
- a category not granted (withdrawn, never chosen, or the household ended by the new-occupier
  wipe) has its records deleted as the record arrives, and its shares are refused until it is
  granted again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import psycopg

from ihd.collect import records as r
from ihd.collect.schema import migrate

# What each category's withdrawal deletes: (table, whether the table has a category column).
DELETES: dict[str, tuple[tuple[str, bool], ...]] = {
    "supplier-half-hourly": (("half_hourly", True),),
    "third-party": (("half_hourly", True),),
    "supplier-daily": (("daily", True),),
    "carbon-lookup": (("carbon_region", False),),
    "trusted-person": (("trusted_alert", False),),
}
COLUMNS = {"electricity/import": "electricity_import_kwh", "electricity/export": "electricity_export_kwh",
           "gas/import": "gas_import_kwh"}


class Database:
    def __init__(self, dsn: str, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.conn = psycopg.connect(dsn, autocommit=True)
        self._now = clock
        migrate(self.conn)

    def close(self) -> None:
        self.conn.close()

    def take(self, link: str, record: r.Record) -> str:
        """Store `record`, come on `link`, in one transaction; returns what was done, in a few
        words for the log ("stored", or why nothing was)."""
        now = self._now()
        with self.conn.transaction():
            if isinstance(record, r.Cleared):
                return self._cleared(link, record)
            if not self._bind(record.home, link, now):
                return f"refused: home {record.home} belongs to another link"
            if isinstance(record, r.Consent):
                return self._consent(record, now)
            category = "carbon-lookup" if isinstance(record, r.CarbonRegion) else record.category
            if not self._granted(record.home, category):
                return f"refused: {category} is not granted by home {record.home}"
            if isinstance(record, r.TrustedAlert):
                return self._alert(record, now)
            if isinstance(record, r.HalfHour):
                self._upsert("half_hourly", "start", record, record.start, now, service=record.service)
            elif isinstance(record, r.Day):
                self._upsert("daily", "day", record, record.day, now)
            else:
                self.conn.execute(
                    "INSERT INTO carbon_region (home_id, postcode_district, received_at) VALUES (%s, %s, %s) "
                    "ON CONFLICT (home_id) DO UPDATE SET postcode_district = EXCLUDED.postcode_district, "
                    "received_at = EXCLUDED.received_at", (record.home, record.postcode_district, now))
            return "stored"

    # -- homes and consent

    def _bind(self, home: str, link: str, now: datetime) -> bool:
        """The home is known on this link (and seen now), or new and now bound to it."""
        row = self.conn.execute(
            "INSERT INTO home (home_id, link, first_seen, last_seen) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (home_id) DO UPDATE SET last_seen = EXCLUDED.last_seen WHERE home.link = EXCLUDED.link "
            "RETURNING home_id", (home, link, now, now)).fetchone()
        return row is not None

    def _consent(self, record: r.Consent, now: datetime) -> str:
        self.conn.execute("INSERT INTO consent_record (home_id, ts, received_at, body) VALUES (%s, %s, %s, %s)",
                          (record.home, record.ts, now, json.dumps(record.body)))
        (newer,) = self.conn.execute("SELECT consent_ts IS NULL OR consent_ts <= %s FROM home WHERE home_id = %s",
                                     (record.ts, record.home)).fetchone()  # type: ignore[misc]
        if not newer:
            return "kept for the audit: older than the consent in force"
        self.conn.execute("UPDATE home SET consent_ts = %s, statements_version = %s, ended_at = %s WHERE home_id = %s",
                          (record.ts, record.version, record.ts if record.ended else None, record.home))
        deleted = 0
        for category, (granted, since) in record.categories.items():
            self.conn.execute(
                "INSERT INTO consent (home_id, category, granted, since, updated_at) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (home_id, category) DO UPDATE SET granted = EXCLUDED.granted, since = EXCLUDED.since, "
                "updated_at = EXCLUDED.updated_at", (record.home, category, granted, since, now))
            if not granted:
                deleted += self._delete(record.home, category)
        return f"stored; {deleted} withdrawn records deleted" if deleted else "stored"

    def _granted(self, home: str, category: str) -> bool:
        row = self.conn.execute("SELECT granted FROM consent WHERE home_id = %s AND category = %s",
                                (home, category)).fetchone()
        return bool(row and row[0])

    def _delete(self, home: str, category: str) -> int:
        deleted = 0
        for table, by_category in DELETES.get(category, ()):
            if by_category:
                cursor = self.conn.execute(f"DELETE FROM {table} WHERE home_id = %s AND category = %s",
                                           (home, category))
            else:
                cursor = self.conn.execute(f"DELETE FROM {table} WHERE home_id = %s", (home,))
            deleted += cursor.rowcount
        return deleted

    def _cleared(self, link: str, record: r.Cleared) -> str:
        if record.topic != r.CARBON_TOPIC:
            return "passed over: an empty message"
        cursor = self.conn.execute("DELETE FROM carbon_region WHERE home_id IN (SELECT home_id FROM home "
                                   "WHERE link = %s)", (link,))
        return f"cleared {cursor.rowcount} district(s)"

    # -- tell someone I trust

    def _alert(self, alert: r.TrustedAlert, now: datetime) -> str:
        """A repeat changes nothing (not even when it came): it was already there to act on."""
        row = self.conn.execute(
            "INSERT INTO trusted_alert (home_id, fuel, condition, at, person_name, person_helper, credit_p, "
            "received_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING home_id",
            (alert.home, alert.fuel, alert.condition, alert.at, alert.name, alert.helper, alert.credit_p,
             now)).fetchone()
        return "stored; a new alert" if row is not None else "stored before"

    # -- use

    def _upsert(self, table: str, key: str, record: r.HalfHour | r.Day, at: object, now: datetime,
                **more: object) -> None:
        values = {column: record.kwh.get(register) for register, column in COLUMNS.items()} | more
        names = ["home_id", "category", key, *values, "received_at"]
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in [*values, "received_at"])
        self.conn.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))}) "
            f"ON CONFLICT (home_id, category, {key}) DO UPDATE SET {updates}",
            (record.home, record.category, at, *values.values(), now))
