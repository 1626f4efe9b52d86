"""Consent in the store: an append-only log, and withdrawing detailed history deletes the detail
while keeping correct daily totals."""

import sqlite3
from datetime import date, timedelta
from decimal import Decimal

import pytest
from history_helpers import utc

from ihd.core.consent import Category, ConsentRecord
from ihd.core.readings import RegisterReading
from ihd.core.retention import retention_policy
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.store import consent as consent_log

D = Decimal
NOW = utc(2026, 11, 23, 12)


def elec(value, at):
    return RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(str(value)), RegisterUnit.KWH, at)


def three_days(writer):
    """A reading every 10 minutes from 21 Nov to now, rising 0.1 kWh each time."""
    at, value, readings = utc(2026, 11, 21), D(1000), []
    while at <= NOW:
        readings.append(elec(value, at))
        at += timedelta(minutes=10)
        value += D("0.1")
    writer.apply([("test", r) for r in readings], NOW)


def days(writer):
    return {d: writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, d)
            for d in (date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23))}


def count(db, table, where="1"):
    return db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()[0]


def test_withdrawing_detail_deletes_earlier_half_hours_and_readings_and_keeps_the_day_totals(make_writer):
    writer = make_writer()
    three_days(writer)
    before = days(writer)
    today = int(utc(2026, 11, 23).timestamp())
    assert count(writer.db, "slot", f"start < {today}") == 96
    writer.set_retention(retention_policy(detailed_history=False))
    writer.prune(NOW)
    assert count(writer.db, "slot", f"start < {today}") == 0
    assert count(writer.db, "reading", f"at < {today}") == 0
    assert count(writer.db, "slot", f"start >= {today}") == 24  # today's, to count today's total
    after = days(writer)
    assert {d: (f.kwh, f.cost_p) for d, f in after.items()} == {d: (f.kwh, f.cost_p) for d, f in before.items()}
    assert after[date(2026, 11, 22)].kwh == D("14.4")  # 144 ten-minute steps of 0.1 kWh


def test_a_rolled_up_day_is_final(make_writer):
    writer = make_writer()
    three_days(writer)
    writer.set_retention(retention_policy(detailed_history=False))
    writer.prune(NOW)
    total = days(writer)[date(2026, 11, 22)].kwh
    # A straggler for a rolled-up day cannot recount it from the little that is left.
    writer.apply([("test", elec("1005.05", utc(2026, 11, 22, 20, 5)))], NOW)
    assert days(writer)[date(2026, 11, 22)].kwh == total


def test_with_detail_kept_nothing_of_the_last_13_months_goes(make_writer):
    writer = make_writer()
    three_days(writer)
    writer.prune(NOW)
    assert count(writer.db, "slot") == 96 + 24


def test_the_consent_log_only_grows(make_writer):
    writer = make_writer()
    record = ConsentRecord(Category.SUPPLIER_DAILY, True, NOW, 1, "cy", "Geiriau")
    with writer.transaction():
        consent_log.append(writer.db, record)
    assert consent_log.records(writer.db) == [record]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        writer.db.execute("UPDATE consent_log SET granted = 0")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        writer.db.execute("DELETE FROM consent_log")
    writer.db.execute("INSERT INTO consent_log (at, category, granted, version, language, statement) "
                      "VALUES (1, 'retired-category', 1, 1, 'en_GB', 'x')")
    assert consent_log.records(writer.db) == [record]  # an unknown category is passed over
