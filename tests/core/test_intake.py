"""Readings whose own times cannot be believed are refused before they are shown or stored."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ihd.core.intake import AHEAD, RECORDS_AHEAD, RECORDS_OLD, TOO_OLD, UNBEGUN, admit
from ihd.core.readings import (
    BackfillReading,
    DayStart,
    Demand,
    OutdoorTemperature,
    PriceReading,
    RegisterReading,
)
from ihd.core.units import Direction, Fuel, RegisterUnit

NOW = datetime(2026, 11, 23, 12, 20, tzinfo=UTC)
D = Decimal


def register(at, value="100"):
    return RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(value), RegisterUnit.KWH, at)


def test_a_demand_a_little_ahead_is_taken_and_one_further_ahead_refused():
    assert admit(Demand(Fuel.ELECTRICITY, 500.0, NOW + timedelta(minutes=4)), NOW)[1] == ()
    assert admit(Demand(Fuel.ELECTRICITY, 500.0, NOW + timedelta(minutes=6)), NOW) == (None, (AHEAD,))
    # the tolerance is the household's to set
    late = Demand(Fuel.ELECTRICITY, 500.0, NOW + timedelta(minutes=6))
    assert admit(late, NOW, timedelta(minutes=10))[0] == late


def test_an_outdoor_temperature_stamped_in_2199_is_refused():
    reading = OutdoorTemperature(12.0, datetime(2199, 1, 1, tzinfo=UTC))
    assert admit(reading, NOW) == (None, (AHEAD,))


def test_a_register_is_never_booked_into_a_half_hour_that_has_not_begun():
    at_edge = datetime(2026, 11, 23, 12, 29, tzinfo=UTC)
    assert admit(register(NOW + timedelta(minutes=4)), NOW)[1] == ()  # 12:24, this half-hour
    assert admit(register(at_edge), at_edge - timedelta(minutes=1))[1] == ()
    assert admit(register(at_edge + timedelta(minutes=2)), at_edge) == (None, (UNBEGUN,))  # 12:31 at 12:29


def test_a_register_from_a_bridge_without_its_clock_set_is_refused():
    assert admit(register(datetime(2000, 1, 1, tzinfo=UTC)), NOW) == (None, (TOO_OLD,))
    assert admit(register(NOW - timedelta(days=399)), NOW)[1] == ()
    assert admit(register(NOW - timedelta(days=401)), NOW) == (None, (TOO_OLD,))


def test_an_ancient_day_start_hint_is_dropped_and_the_reading_kept():
    r = RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(100), RegisterUnit.KWH, NOW,
                        DayStart(datetime(2000, 1, 1, tzinfo=UTC), D(1)))
    taken, problems = admit(r, NOW)
    assert taken == register(NOW)
    assert problems == ()


def test_backfill_keeps_its_believable_records_and_says_what_it_left_out():
    records = ((datetime(2000, 1, 1, tzinfo=UTC), D(1)), (NOW - timedelta(hours=1), D("0.4")),
               (NOW + timedelta(hours=2), D(580)))
    reading = BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH, records)
    taken, problems = admit(reading, NOW)
    assert taken.records == (records[1],)
    assert set(problems) == {RECORDS_AHEAD, RECORDS_OLD}
    only_bad = BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH, records[2:])
    assert admit(only_bad, NOW) == (None, (RECORDS_AHEAD,))


def test_prices_for_tomorrow_are_kept_and_prices_older_than_the_history_are_not():
    tomorrow = (NOW + timedelta(days=1), D(12))
    ancient = (datetime(2001, 1, 1, tzinfo=UTC), D(12))
    reading = PriceReading(Fuel.ELECTRICITY, Direction.IMPORT, (ancient, tomorrow), True)
    taken, problems = admit(reading, NOW)
    assert taken.prices == (tomorrow,)
    assert problems == (RECORDS_OLD,)


def test_reasons_name_a_kind_never_a_value():
    for n in range(50):
        _, problems = admit(register(NOW + timedelta(hours=n + 1), str(n)), NOW)
        assert problems == (AHEAD,)


def test_bulk_history_is_held_to_the_ceiling_per_hour_of_live_readings():
    from ihd.core.intake import RECORDS_TOO_MUCH

    hour_ago = NOW - timedelta(hours=1)
    records = ((hour_ago, D(412)), (hour_ago + timedelta(minutes=30), D("0.4")))  # Wh sent as kWh
    reading = BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, True, RegisterUnit.KWH, records)
    taken, problems = admit(reading, NOW)
    assert taken.records == records[1:]
    assert problems == (RECORDS_TOO_MUCH,)
    day = datetime(2026, 11, 20, tzinfo=UTC)
    days = BackfillReading(Fuel.ELECTRICITY, Direction.IMPORT, False, RegisterUnit.KWH,
                           ((day, D(9999)), (day + timedelta(days=1), D(24))))
    assert admit(days, NOW)[0].records == ((day + timedelta(days=1), D(24)),)
    gas = BackfillReading(Fuel.GAS, Direction.IMPORT, True, RegisterUnit.M3,
                          ((hour_ago, D(3)), (NOW - timedelta(hours=2), D(30))))
    assert admit(gas, NOW)[0].records == ((hour_ago, D(3)),)  # 30 m3 is over 300 kWh
