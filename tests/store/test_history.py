"""The history store on a real SQLite file."""

import random
import sqlite3
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from history_helpers import LONDON, utc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ihd.core.bands import Band
from ihd.core.readings import BackfillReading, DayStart, PriceReading, RegisterReading, TariffReading
from ihd.core.tariff import Tariff
from ihd.core.units import Direction, Fuel, GasConversion, RegisterUnit
from ihd.store.db import SCHEMA_VERSION, NewerDatabase, connect, migrate
from ihd.store.history import RESET_CONFIRM_READINGS

D = Decimal
NOW = utc(2026, 11, 23, 12)


def elec(value, at, day_start=None):
    return RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(str(value)), RegisterUnit.KWH, at, day_start)


def apply(writer, *readings):
    return writer.apply([("test", r) for r in readings], NOW)


def day_of(writer, day=date(2026, 11, 23), fuel=Fuel.ELECTRICITY):
    return writer.day_figures(fuel, Direction.IMPORT, day)


def test_a_rise_is_spread_over_the_half_hours_it_covers(make_writer, reader):
    writer = make_writer()
    apply(writer, elec(100, utc(2026, 11, 23, 10, 15)), elec(101, utc(2026, 11, 23, 10, 45)))
    slots = reader().half_hours(Fuel.ELECTRICITY, Direction.IMPORT, utc(2026, 11, 23), utc(2026, 11, 24))
    assert [(s.start, s.kwh) for s in slots] == [(utc(2026, 11, 23, 10), D("0.5")),
                                                 (utc(2026, 11, 23, 10, 30), D("0.5"))]
    assert [s.cost_p for s in slots] == [D(10), D(10)]
    day = day_of(writer)
    assert day.kwh == 1
    assert day.cost_p == 20
    assert day.since == utc(2026, 11, 23, 10, 15)  # the data begins part way through the day


def test_a_reading_is_counted_once_however_often_it_comes(make_writer):
    writer = make_writer()
    readings = [elec(100 + i, utc(2026, 11, 23, 8) + timedelta(minutes=20 * i)) for i in range(10)]
    apply(writer, *readings)
    apply(writer, *readings)  # a restart replays, a retained message comes again
    assert day_of(writer).kwh == 9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=0, max_value=400), min_size=2, max_size=25, unique=True), st.randoms())
def test_totals_do_not_depend_on_the_order_readings_arrive(tmp_path_factory, minutes, rnd):
    from history_helpers import writer_at

    readings = [elec(D(1000) + D(m) / 100, utc(2026, 11, 23, 6) + timedelta(minutes=m)) for m in sorted(minutes)]
    mixed = list(readings)
    rnd.shuffle(mixed)
    folder = tmp_path_factory.mktemp("order")
    in_order, shuffled = writer_at(folder / "a.sqlite3"), writer_at(folder / "b.sqlite3")
    try:
        apply(in_order, *readings)
        for r in mixed:
            apply(shuffled, r)
        a, b = day_of(in_order), day_of(shuffled)
        assert a.kwh == pytest.approx(b.kwh, abs=D("1e-12"))
        assert a.cost_p == pytest.approx(b.cost_p, abs=D("1e-9"))
        assert a.kwh == pytest.approx(readings[-1].value - readings[0].value, abs=D("1e-12"))
    finally:
        in_order.close()
        shuffled.close()


def test_backwards_and_jumping_registers_are_quarantined_with_a_reason(make_writer, reader):
    writer = make_writer()
    apply(writer, elec(100, utc(2026, 11, 23, 9)), elec(101, utc(2026, 11, 23, 10)))
    changes = apply(writer, elec(50, utc(2026, 11, 23, 10, 5)), elec(5000, utc(2026, 11, 23, 10, 6)))
    reasons = [r.reason for r in changes.rejected]
    assert "backwards" in reasons[0]
    assert "jumped" in reasons[1]
    assert day_of(writer).kwh == 1
    assert [q[2] for q in reader().quarantined()] == reasons[::-1]


def test_a_late_reading_must_fit_between_its_neighbours(make_writer):
    writer = make_writer()
    apply(writer, elec(100, utc(2026, 11, 23, 9)), elec(102, utc(2026, 11, 23, 11)))
    assert apply(writer, elec(103, utc(2026, 11, 23, 10))).rejected  # above the later reading
    assert not apply(writer, elec(101.5, utc(2026, 11, 23, 10))).rejected
    assert day_of(writer).kwh == 2


def test_a_replaced_meter_starts_a_new_series_and_keeps_the_day(make_writer):
    writer = make_writer()
    apply(writer, elec(5000, utc(2026, 11, 23, 9)), elec(5003, utc(2026, 11, 23, 10)))
    for i in range(RESET_CONFIRM_READINGS):
        changes = apply(writer, elec(D("0.1") * (i + 1), utc(2026, 11, 23, 10, 1 + 2 * i)))
    assert not changes.rejected
    assert day_of(writer).kwh == D(3) + D("0.5")


def test_the_bridges_day_start_covers_the_whole_day(make_writer):
    writer = make_writer()
    apply(writer, elec(110, utc(2026, 11, 23, 10), DayStart(utc(2026, 11, 23), D(100))))
    day = day_of(writer)
    assert day.kwh == 10
    assert day.since is None


def test_a_day_boundary_is_split_by_time(make_writer):
    writer = make_writer()
    apply(writer, elec(100, utc(2026, 11, 22, 23)), elec(104, utc(2026, 11, 23, 1)))
    assert day_of(writer, date(2026, 11, 22)).kwh == 2
    assert day_of(writer).kwh == 2
    assert day_of(writer).since is None


def test_economy_7_fixed_in_gmt_moves_an_hour_in_summer(make_writer):
    e7 = Tariff(D(30), D(50), bands=(Band(time(0, 30), time(7, 30), D(10), "night"),), bands_in_gmt=True)
    writer = make_writer({Fuel.ELECTRICITY: e7})
    # summer: the night rate runs 01:30-08:30 local. 1 kWh from 07:30 to 08:30 local is night.
    apply(writer, elec(100, utc(2026, 7, 1, 6, 30)), elec(101, utc(2026, 7, 1, 7, 30)))
    assert day_of(writer, date(2026, 7, 1)).cost_p == 10
    # 08:30-09:30 local is day rate
    apply(writer, elec(102, utc(2026, 7, 1, 8, 30)))
    assert day_of(writer, date(2026, 7, 1)).cost_p == 10 + 30


def test_go_like_overnight_band_across_midnight(make_writer):
    go = Tariff(D(28), D(50), bands=(Band(time(23, 30), time(5, 30), D(8), "overnight"),))
    writer = make_writer({Fuel.ELECTRICITY: go})
    apply(writer, elec(0 + 100, utc(2026, 11, 22, 23, 0)), elec(102, utc(2026, 11, 23, 0, 0)))
    # 23:00-23:30 at 28p, 23:30-00:00 at 8p
    assert day_of(writer, date(2026, 11, 22)).cost_p == 28 + 8


def test_agile_prices_including_negative_win_for_their_half_hours(make_writer):
    writer = make_writer()
    prices = PriceReading(Fuel.ELECTRICITY, Direction.IMPORT,
                          ((utc(2026, 11, 23, 3), D("-5")), (utc(2026, 11, 23, 3, 30), D("12.5"))), True)
    apply(writer, prices)
    apply(writer, elec(100, utc(2026, 11, 23, 3)), elec(102, utc(2026, 11, 23, 4)), elec(103, utc(2026, 11, 23, 4, 30)))
    assert day_of(writer).cost_p == -5 + D("12.5") + 20  # the last half-hour at the tariff's rate


def test_energy_before_any_tariff_is_priced_when_the_first_arrives(make_writer):
    writer = make_writer(tariffs={})
    apply(writer, elec(100, utc(2026, 11, 23, 9)), elec(102, utc(2026, 11, 23, 10)))
    assert day_of(writer).cost_p is None
    apply(writer, TariffReading(Fuel.ELECTRICITY, D(25), D(60), False, utc(2026, 11, 23, 11)))
    assert day_of(writer).cost_p == D(2) * D(25) * D("1.05")  # VAT added


def test_standing_charge_is_per_day(make_writer, reader):
    writer = make_writer()
    apply(writer, elec(100, utc(2026, 11, 22, 9)), elec(110, utc(2026, 11, 24, 9)))
    days = reader().days(Fuel.ELECTRICITY, Direction.IMPORT, date(2026, 11, 22), date(2026, 11, 25))
    assert [d for d, _ in days] == [date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 24)]
    assert all(t.standing_p == 50 for _, t in days)


def test_gas_keeps_the_volume_and_counts_kwh_by_the_configured_conversion(make_writer, reader):
    writer = make_writer()
    gas = [RegisterReading(Fuel.GAS, Direction.IMPORT, D(v), RegisterUnit.M3, utc(2026, 11, 23, h)) for v, h in
           ((5000, 6), (5002, 8))]
    apply(writer, *gas)
    assert day_of(writer, fuel=Fuel.GAS).kwh == D(2) * GasConversion().kwh_per_m3()
    row = writer.db.execute("SELECT SUM(amount), unit FROM slot WHERE fuel = 'gas'").fetchone()
    assert (round(row[0], 6), row[1]) == (2, "m3")


def test_backfill_fills_gaps_without_counting_twice(make_writer):
    writer = make_writer()
    apply(writer, elec(100, utc(2026, 11, 23, 9)), elec(101, utc(2026, 11, 23, 10)))
    fill = BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH,
                           tuple((utc(2026, 11, 23, h, m), D("0.25")) for h in (8, 9) for m in (0, 30)))
    apply(writer, fill)
    apply(writer, fill)
    assert day_of(writer).kwh == D(1) + D("0.5")  # 08:00-09:00 from backfill, 09:00-10:00 from the meter
    daily = BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, False, RegisterUnit.KWH,
                            ((datetime.combine(date(2026, 11, 20), time(0), LONDON), D("8.5")),
                             (datetime.combine(date(2026, 11, 23), time(0), LONDON), D("99"))))
    apply(writer, daily)
    assert day_of(writer, date(2026, 11, 20)).kwh == D("8.5")
    assert day_of(writer).kwh == D("1.5")  # a day the meter covers is not replaced


def test_clock_change_days_add_up(make_writer, reader):
    writer = make_writer()
    start = utc(2026, 10, 24, 23)  # local midnight, 25 October (BST)
    apply(writer, elec(100, start), elec(125, start + timedelta(hours=25)))
    slots = reader().half_hours(Fuel.ELECTRICITY, Direction.IMPORT, start, start + timedelta(hours=25))
    assert len(slots) == 50
    assert day_of(writer, date(2026, 10, 25)).kwh == 25


def test_restated_latest_reading_within_its_minute(make_writer):
    writer = make_writer()
    apply(writer, elec(100, utc(2026, 11, 23, 9)), elec(101, utc(2026, 11, 23, 10)))
    assert not apply(writer, elec("101.2", utc(2026, 11, 23, 10))).rejected
    assert day_of(writer).kwh == D("1.2")


def test_prune_keeps_the_latest_reading_and_the_policy(make_writer):
    writer = make_writer()
    apply(writer, elec(100, utc(2026, 1, 1, 9)), elec(101, utc(2026, 1, 1, 10)))
    writer.prune(utc(2026, 11, 23))
    assert writer.db.execute("SELECT COUNT(*) FROM reading").fetchone()[0] == 1
    assert writer.db.execute("SELECT COUNT(*) FROM slot").fetchone()[0] == 2  # within 400 days
    writer.prune(utc(2027, 3, 1))
    assert writer.db.execute("SELECT COUNT(*) FROM slot").fetchone()[0] == 0
    assert writer.db.execute("SELECT COUNT(*) FROM day").fetchone()[0] == 1  # day totals stay for years


def test_schema_migrates_from_every_earlier_version(tmp_path):
    for start in range(SCHEMA_VERSION):
        path = tmp_path / f"v{start}.sqlite3"
        db = sqlite3.connect(path, isolation_level=None)
        migrate(db, start)
        db.close()
        db = connect(path)
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()


def test_a_newer_database_is_left_alone(tmp_path):
    path = tmp_path / "new.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(NewerDatabase):
        connect(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # its journal as it was, too
    db.close()


def test_random_day_matches_a_hand_sum(make_writer):
    rnd = random.Random(4)
    writer = make_writer()
    value, at, readings = D(1000), utc(2026, 11, 23, 0, 0, 7), []
    while at < utc(2026, 11, 23, 23, 50):
        readings.append(elec(value, at))
        value += D(rnd.randint(0, 300)) / 1000
        at += timedelta(seconds=rnd.randint(5, 900))
    apply(writer, *readings)
    assert day_of(writer).kwh == pytest.approx(readings[-1].value - readings[0].value, abs=D("1e-9"))


def test_grid_intensity_counts_the_carbon_of_its_half_hours(make_writer):
    from ihd.core.readings import IntensityReading

    writer = make_writer()
    apply(writer, elec(100, utc(2026, 11, 23, 9)), elec(102, utc(2026, 11, 23, 10)))
    assert day_of(writer).co2_kg == D(2) * D("0.177")
    apply(writer, IntensityReading(((utc(2026, 11, 23, 9), 300, "high"), (utc(2026, 11, 23, 9, 30), 100, "low"))))
    assert day_of(writer).co2_kg == D(1) * D("0.3") + D(1) * D("0.1")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from([(date(2026, 3, 29), 46), (date(2026, 10, 25), 50)]),
       st.lists(st.integers(min_value=1, max_value=25 * 60 - 1), min_size=1, max_size=30, unique=True))
def test_clock_change_days_hold_46_or_50_half_hours_that_add_up(tmp_path_factory, day_count, minutes):
    from history_helpers import writer_at

    from ihd.core.periods import local_midnight, slots

    day, count = day_count
    start, end = local_midnight(day, LONDON), local_midnight(day + timedelta(days=1), LONDON)
    assert len(list(slots(start, end))) == count
    inside = (start + timedelta(minutes=m) for m in minutes)
    points = sorted({start, end, *(at for at in inside if at < end)})
    writer = writer_at(tmp_path_factory.mktemp("dst") / "h.sqlite3")
    try:
        apply(writer, *(elec(D(100) + D(i), at) for i, at in enumerate(points)))
        halves = writer.db.execute("SELECT COUNT(*) FROM slot WHERE start >= ? AND start < ?",
                                   (int(start.timestamp()), int(end.timestamp()))).fetchone()[0]
        assert halves == count
        assert day_of(writer, day).kwh == pytest.approx(D(len(points) - 1), abs=D("1e-12"))
    finally:
        writer.close()


def test_two_connections_making_one_new_file_at_once_both_open_it(tmp_path):
    """The history's writer and a screen's reader may open a new file in the same moment: one
    makes the tables, the other waits and finds them made."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    for attempt in range(20):
        path = tmp_path / f"new{attempt}.sqlite3"
        together = Barrier(2)

        def open_it(path=path, together=together):
            together.wait()
            db = connect(path)
            db.close()

        with ThreadPoolExecutor(2) as pool:
            for opened in [pool.submit(open_it) for _ in range(2)]:
                opened.result()  # raises what either met
        db = connect(path)
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        db.close()
