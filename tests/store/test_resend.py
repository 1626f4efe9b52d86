"""Idempotent at any age: whatever is re-sent, however late, across prunes and restarts, the
history equals that of one clean feed. On real SQLite files."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

import pytest
from history_helpers import LONDON, utc, writer_at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ihd.core.bands import Band
from ihd.core.readings import BackfillReading, DayStart, RegisterReading, TariffReading
from ihd.core.units import Direction, Fuel, RegisterUnit

D = Decimal
START = utc(2026, 10, 1, 0, 7)
FEED_DAYS = 30


def elec(value, at, day_start=None):
    return RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(value), RegisterUnit.KWH, at, day_start)


@cache
def feed():
    """(received at, reading): a month of a bridge's register every two to five hours, each
    first reading of a UTC day carrying the day's start (as a Glow does), a tariff change, and
    the bridge's backfill of the days before the display began."""
    rnd = random.Random(15)
    out = [(START, BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, False, RegisterUnit.KWH,
                                   tuple((datetime.combine(date(2026, 9, 26 + n), time(0), LONDON), D(7 + n))
                                         for n in range(3)))),
           (START, BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH,
                                   tuple((utc(2026, 9, 30) + timedelta(minutes=30 * n), D("0.25"))
                                         for n in range(46))))]
    value, at, last_day = D(1000), START, None
    while at < START + timedelta(days=FEED_DAYS):
        rise = D(rnd.choice([0, 0, rnd.randint(1, 4000)])) / 1000  # some stretches read no use at all
        step = timedelta(minutes=rnd.randint(120, 300))
        midnight = datetime.combine((at + step).date(), time(0), at.tzinfo)
        at_next, value_next = at + step, value + rise
        hint = None
        if midnight.date() != last_day and at < midnight < at_next:
            share = D((midnight - at).total_seconds()) / D(step.total_seconds())
            hint = DayStart(midnight, (value + rise * share).quantize(D("0.001")))
            last_day = midnight.date()
        at, value = at_next, value_next
        out.append((at, elec(value, at, hint)))
    middle = START + timedelta(days=12, hours=5)
    e7 = TariffReading(Fuel.ELECTRICITY, D(30), D(55), False, middle,
                       (Band(time(0, 30), time(7, 30), D(12), "night"),), True)
    out.insert(next(i for i, (when, _) in enumerate(out) if when > middle), (middle, e7))
    return out


def run(path, schedule=None, restarts=frozenset()):
    """Feed the clean feed in order, pruning as the days turn; after feed item i, re-send the
    items `schedule` names for i (each an earlier one), and restart after those in `restarts`."""
    writer, pruned = writer_at(path), None
    try:
        for i, (received, reading) in enumerate(feed()):
            writer.apply([("feed", reading)], received)
            for j in (schedule or {}).get(i, ()):
                writer.apply([("again", feed()[j][1])], received)
            if received.date() != pruned:
                pruned = received.date()
                writer.prune(received)
            if i in restarts:
                writer.close()
                writer = writer_at(path)
        writer.prune(received + timedelta(days=1))
        return snapshot(writer)
    finally:
        writer.close()


def snapshot(writer):
    days = writer.db.execute("SELECT fuel, direction, day, kwh, cost_p, co2_kg, standing_p FROM day "
                             "ORDER BY fuel, direction, day").fetchall()
    slots = writer.db.execute("SELECT fuel, direction, start, kwh, cost_p, co2_kg FROM slot "
                              "ORDER BY fuel, direction, start").fetchall()

    def exact(row):  # key columns, then figures (None where no rate was known)
        return row[:3] + tuple(None if v is None else D(v).quantize(D("1e-12")) for v in row[3:])

    return [exact(r) for r in days], [exact(r) for r in slots]


@cache
def clean(folder):
    return run(folder / "clean.sqlite3")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_resend_schedule_equals_the_clean_feed(tmp_path_factory, data):
    n = len(feed())
    resends = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60))
    schedule: dict[int, list[int]] = {}
    for a, b in resends:  # re-send item min(a, b) after item max(a, b): any subset, order and age
        schedule.setdefault(max(a, b), []).append(min(a, b))
    restarts = frozenset(data.draw(st.lists(st.integers(0, n - 1), max_size=4)))
    folder = tmp_path_factory.getbasetemp()
    expected = clean(folder)
    got = run(tmp_path_factory.mktemp("resend") / "h.sqlite3", schedule, restarts)
    assert got == expected


def test_the_clean_feed_is_what_a_hand_count_says(tmp_path):
    """The reference itself: the register's whole rise is in the day rows, and the feed crossed
    prunes (its first three weeks of readings are gone)."""
    days, _slots = run(tmp_path / "h.sqlite3")
    readings = [r for _, r in feed() if isinstance(r, RegisterReading)]
    meter_days = [d for d in days if d[2] >= "2026-10-01"]
    assert sum(d[3] for d in meter_days) == pytest.approx(readings[-1].value - readings[0].value, abs=D("1e-9"))
    assert [d[3] for d in days if d[2] < "2026-09-30"] == [D(7), D(8), D(9)]  # the daily backfill, once


def test_a_day_re_sent_after_the_prune_counts_once(make_writer):
    """Re-sending a late-October day once doubled it (and a July day spread standing charges
    over every day since): the spans pruned readings leave behind now know it was counted."""
    writer = make_writer()
    day = [elec(D(5000) + D(i) / 2, utc(2026, 10, 20) + timedelta(hours=i)) for i in range(25)]
    writer.apply([("t", r) for r in day], utc(2026, 10, 21))
    writer.apply([("t", elec(6000, utc(2026, 11, 20)))], utc(2026, 11, 20))
    writer.prune(utc(2026, 11, 20))
    before = writer.db.execute("SELECT day, kwh, standing_p FROM day ORDER BY day").fetchall()
    assert writer.db.execute("SELECT COUNT(*) FROM reading").fetchone()[0] == 1
    changes = writer.apply([("t", r) for r in day], utc(2026, 11, 21))
    assert not changes.rejected
    assert writer.db.execute("SELECT day, kwh, standing_p FROM day ORDER BY day").fetchall() == before
    assert writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, date(2026, 10, 20)).kwh == D("11.5")  # 23 hours


def test_a_re_send_that_disagrees_with_what_was_counted_is_refused_with_a_reason(make_writer, reader):
    writer = make_writer()
    writer.apply([("t", elec(100, utc(2026, 10, 20, 8))), ("t", elec(104, utc(2026, 10, 20, 12))),
                  ("t", elec(110, utc(2026, 11, 20)))], utc(2026, 10, 21))
    writer.prune(utc(2026, 11, 20))
    day = writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, date(2026, 10, 20))
    changes = writer.apply([("t", elec(90, utc(2026, 10, 20, 10))), ("t", elec(101, utc(2026, 10, 20, 10)))],
                           utc(2026, 11, 21))
    assert [r.reason for r in changes.rejected] == ["disagrees with readings counted before"]
    assert [q[2] for q in reader().quarantined()] == ["disagrees with readings counted before"]
    assert writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, date(2026, 10, 20)) == day


def test_a_reading_from_before_everything_extends_the_history_back(make_writer):
    """A bridge replaying its store from before the display began: new, so counted, once."""
    writer = make_writer()
    writer.apply([("t", elec(200, utc(2026, 10, 20, 8))), ("t", elec(210, utc(2026, 11, 20)))], utc(2026, 10, 21))
    writer.prune(utc(2026, 11, 20))
    older = elec(196, utc(2026, 10, 20, 4))
    for _ in range(2):
        writer.apply([("t", older)], utc(2026, 11, 21))
        writer.prune(utc(2026, 11, 22))
    day = writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, date(2026, 10, 20))
    assert day.kwh == pytest.approx(4 + D(10) * 15 / 736, abs=D("1e-12"))  # 04:00-08:00, then 15 of 736 hours


def test_backfill_re_sent_after_the_half_hours_are_rolled_up_changes_nothing(make_writer):
    writer = make_writer()
    writer.apply([("t", elec(100, utc(2025, 10, 20))), ("t", elec(110, utc(2025, 10, 21)))], utc(2025, 10, 21))
    writer.prune(utc(2026, 11, 30))  # beyond 400 days: the half-hours go, the day total stays
    fill = BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH,
                           ((utc(2025, 10, 20, 9), D(3)),))
    daily = BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, False, RegisterUnit.KWH,
                            ((datetime.combine(date(2025, 10, 20), time(0), LONDON), D(50)),))
    writer.apply([("t", fill), ("t", daily)], utc(2026, 12, 1))
    assert writer.db.execute("SELECT COUNT(*) FROM slot").fetchone()[0] == 0
    day = writer.day_figures(Fuel.ELECTRICITY, Direction.IMPORT, date(2025, 10, 20))
    assert day.kwh == pytest.approx(D(10) * 23 / 24, abs=D("1e-12"))


def test_a_history_pruned_before_spans_were_kept_still_knows_what_it_counted(tmp_path):
    import sqlite3

    from ihd.store.db import connect, migrate

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, 2)
    db.execute("INSERT INTO slot VALUES ('electricity', 'import', ?, '1', 'kWh', '1', '20', '0.177', 'meter')",
               (int(utc(2026, 10, 20, 9).timestamp()),))
    db.execute("INSERT INTO reading VALUES ('electricity', 'import', ?, '150', 'kWh', 0, 'meter')",
               (int(utc(2026, 11, 20).timestamp()),))
    db.close()
    connect(path).close()
    writer = writer_at(path)
    try:
        changes = writer.apply([("t", elec(120, utc(2026, 10, 20, 10))), ("t", elec(160, utc(2026, 10, 25)))],
                               utc(2026, 11, 21))
        assert [r.reason for r in changes.rejected] == ["disagrees with readings counted before"]
        assert writer.db.execute("SELECT COUNT(*) FROM slot").fetchone()[0] == 1  # nothing counted again
    finally:
        writer.close()
