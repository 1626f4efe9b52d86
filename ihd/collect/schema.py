"""The collector's tables in PostgreSQL, with numbered migrations.

Each migration takes the schema from version N-1 to N in one transaction, under an advisory lock
so two collectors starting together do not both run it; `collect_schema` holds the version. One
table per record kind, each keyed on the record's natural key, so a repeat is an update:

- `home`: each home identity, the link (bridge) it arrives on, and when its household ended;
- `consent`: each home's choice in force per category, from its latest consent record;
- `consent_record`: every consent record received, as sent (the audit);
- `half_hourly` (home, category, start) and `daily` (home, category, day): the shared use;
- `carbon_region` (home): the postcode district, while carbon look-ups are allowed;
- `trusted_alert` (home, fuel, condition, at): "tell someone I trust" messages, each a row a
  support service acts on (`handled_at` is theirs to set).
"""

from __future__ import annotations

import psycopg

LOCK = 0x1D_C011EC7  # the advisory lock migrations run under

MIGRATIONS: tuple[str, ...] = (
    # 1: homes, their consent, and the use they share
    """
    CREATE TABLE home (
        home_id TEXT PRIMARY KEY,
        link TEXT NOT NULL,
        first_seen TIMESTAMPTZ NOT NULL,
        last_seen TIMESTAMPTZ NOT NULL,
        consent_ts TIMESTAMPTZ,
        statements_version INTEGER,
        ended_at TIMESTAMPTZ);
    CREATE INDEX home_by_link ON home (link);
    CREATE TABLE consent (
        home_id TEXT NOT NULL REFERENCES home ON DELETE CASCADE,
        category TEXT NOT NULL,
        granted BOOLEAN NOT NULL,
        since TIMESTAMPTZ,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (home_id, category));
    CREATE TABLE consent_record (
        id BIGSERIAL PRIMARY KEY,
        home_id TEXT NOT NULL REFERENCES home ON DELETE CASCADE,
        ts TIMESTAMPTZ NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        body JSONB NOT NULL);
    CREATE INDEX consent_record_by_home ON consent_record (home_id, ts);
    CREATE TABLE half_hourly (
        home_id TEXT NOT NULL REFERENCES home ON DELETE CASCADE,
        category TEXT NOT NULL,
        start TIMESTAMPTZ NOT NULL,
        electricity_import_kwh NUMERIC,
        electricity_export_kwh NUMERIC,
        gas_import_kwh NUMERIC,
        service TEXT,
        received_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (home_id, category, start));
    CREATE TABLE daily (
        home_id TEXT NOT NULL REFERENCES home ON DELETE CASCADE,
        category TEXT NOT NULL,
        day DATE NOT NULL,
        electricity_import_kwh NUMERIC,
        electricity_export_kwh NUMERIC,
        gas_import_kwh NUMERIC,
        received_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (home_id, category, day));
    CREATE TABLE carbon_region (
        home_id TEXT PRIMARY KEY REFERENCES home ON DELETE CASCADE,
        postcode_district TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL);
    """,
    # 2: tell someone I trust
    """
    CREATE TABLE trusted_alert (
        home_id TEXT NOT NULL REFERENCES home ON DELETE CASCADE,
        fuel TEXT NOT NULL,
        condition TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        person_name TEXT NOT NULL,
        person_helper TEXT NOT NULL,
        credit_p NUMERIC,
        received_at TIMESTAMPTZ NOT NULL,
        handled_at TIMESTAMPTZ,
        PRIMARY KEY (home_id, fuel, condition, at));
    CREATE INDEX trusted_alert_to_handle ON trusted_alert (received_at) WHERE handled_at IS NULL;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchema(RuntimeError):
    """The database was set up by a newer ihd-collect; it is left untouched."""


def version(conn: psycopg.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS collect_schema (version INTEGER NOT NULL)")
    row = conn.execute("SELECT version FROM collect_schema").fetchone()
    if row is None:
        conn.execute("INSERT INTO collect_schema (version) VALUES (0)")
        return 0
    return int(row[0])


def migrate(conn: psycopg.Connection, target: int = SCHEMA_VERSION) -> int:
    """Brings the schema to `target`; returns the version it was at."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
        found = version(conn)
        if found > SCHEMA_VERSION:
            raise NewerSchema(f"the database was set up by a newer ihd-collect (schema {found})")
        for number in range(found + 1, target + 1):
            conn.execute(MIGRATIONS[number - 1])  # type: ignore[arg-type]
            conn.execute("UPDATE collect_schema SET version = %s", (number,))
    return found
