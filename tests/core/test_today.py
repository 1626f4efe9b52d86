from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from ihd.core.readings import DayStart, RegisterReading
from ihd.core.today import RESET_CONFIRM_READINGS, DayTotal
from ihd.core.units import Direction, Fuel, GasConversion, RegisterUnit, to_kwh

LONDON = ZoneInfo("Europe/London")
D = Decimal


def kwh(reading, amount):
    return to_kwh(amount, reading.unit, GasConversion())


def reg(value, at, unit=RegisterUnit.KWH, day_start=None, fuel=Fuel.ELECTRICITY):
    return RegisterReading(fuel, Direction.IMPORT, D(str(value)), unit, at, day_start)


def t(h, m=0, day=23, month=11):
    return datetime(2026, month, day, h, m, tzinfo=UTC)


def test_first_reading_without_a_day_start_counts_from_then():
    total = DayTotal(LONDON, kwh)
    assert total.apply(reg(100, t(10)), D(25)) is None
    assert total.apply(reg(101.5, t(11)), D(25)) is None
    fig = total.figures(t(11, 30))
    assert fig.kwh == D("1.5")
    assert fig.since == t(10)
    assert fig.cost_p == D("37.5")


def test_day_start_at_local_midnight_covers_the_whole_day():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(110, t(10), day_start=DayStart(t(0), D(100))), D(20))
    fig = total.figures(t(10))
    assert fig.kwh == D(10)
    assert fig.since is None


def test_day_start_at_utc_midnight_is_ignored_in_summer():
    # In BST local midnight is 23:00 UTC the day before; a UTC-midnight figure is an hour out.
    total = DayTotal(LONDON, kwh)
    at = datetime(2026, 7, 1, 10, tzinfo=UTC)
    total.apply(reg(110, at, day_start=DayStart(datetime(2026, 7, 1, tzinfo=UTC), D(100))), D(20))
    assert total.figures(at).since == at


def test_local_midnight_rollover_interpolates_the_register():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, t(23, 0, day=22)), D(10))
    total.apply(reg(104, t(1, 0, day=23)), D(10))  # midnight is halfway
    fig = total.figures(t(1, 0))
    assert fig.kwh == D(2)
    assert fig.since is None
    assert fig.cost_p == D(20)


def test_rollover_in_summer_happens_at_2300_utc():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, datetime(2026, 7, 1, 22, 30, tzinfo=UTC)), D(10))
    total.apply(reg(101, datetime(2026, 7, 1, 23, 30, tzinfo=UTC)), D(10))
    fig = total.figures(datetime(2026, 7, 1, 23, 30, tzinfo=UTC))
    assert fig.kwh == D("0.5")
    assert fig.day_start == datetime(2026, 7, 1, 23, tzinfo=UTC)


def test_figures_are_none_on_a_new_day_before_its_first_reading():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, t(22, day=22)), D(10))
    assert total.figures(t(0, 5)) is None


def test_cost_follows_the_rate_in_force_interval_by_interval():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, t(0, 30), day_start=DayStart(t(0), D(100))), D(7))
    total.apply(reg(104, t(4, 30)), D(7))  # 4 kWh cheap overnight
    total.apply(reg(105, t(17)), D(30))  # 1 kWh at peak
    assert total.figures(t(17)).cost_p == D(4 * 7 + 30)


def test_energy_used_before_a_rate_is_known_is_costed_at_the_first_rate():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, t(9)), None)
    total.apply(reg(101, t(10)), None)
    assert total.figures(t(10)).cost_p is None
    total.apply(reg(102, t(11)), D(20))
    assert total.figures(t(11)).cost_p == D(40)


def test_backwards_register_is_refused_and_changes_nothing():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, t(9)), D(20))
    total.apply(reg(101, t(10)), D(20))
    before = total.figures(t(10))
    reason = total.apply(reg(50, t(10, 1)), D(20))
    assert "backwards" in reason
    assert total.figures(t(10, 1)) == before


def test_absurd_jump_is_refused():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, t(9)), D(20))
    reason = total.apply(reg(5000, t(9, 1)), D(20))
    assert "jumped" in reason
    assert total.figures(t(9, 1)).kwh == 0


def test_older_reading_is_refused():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, t(9)), D(20))
    assert "older" in total.apply(reg(100.1, t(8)), D(20))


def test_repeated_reading_is_harmless():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, t(9)), D(20))
    total.apply(reg(101, t(10)), D(20))
    assert total.apply(reg(101, t(10)), D(20)) is None
    assert total.figures(t(10)).kwh == 1
    assert total.figures(t(10)).cost_p == 20


def test_confirmed_meter_reset_keeps_todays_use_and_counts_on():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, t(9)), D(20))
    total.apply(reg(103, t(10)), D(20))
    reasons = [total.apply(reg(D("0.1") * (i + 1), t(10, 1 + 2 * i)), D(20))
               for i in range(RESET_CONFIRM_READINGS)]
    assert all(r is not None for r in reasons[:-1])
    assert reasons[-1] is None
    fig = total.figures(t(11))
    assert fig.kwh == D(3) + D("0.5")


def test_unit_change_is_refused():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(100, t(9), RegisterUnit.M3, fuel=Fuel.GAS), D(6))
    assert "unit" in total.apply(reg(101, t(10), RegisterUnit.KWH, fuel=Fuel.GAS), D(6))


def test_gas_volume_is_converted_for_energy_and_cost():
    total = DayTotal(LONDON, kwh)
    total.apply(reg(5000, t(6), RegisterUnit.M3, fuel=Fuel.GAS), D(6))
    total.apply(reg(5001, t(7), RegisterUnit.M3, fuel=Fuel.GAS), D(6))
    fig = total.figures(t(7))
    assert fig.kwh == GasConversion().kwh_per_m3()
    assert fig.cost_p == GasConversion().kwh_per_m3() * 6


@given(st.lists(st.decimals(min_value=0, max_value=5, places=3), min_size=1, max_size=60))
def test_today_equals_the_sum_of_accepted_increments(steps):
    total = DayTotal(LONDON, kwh)
    value, at = D(1000), t(0, 1)
    total.apply(reg(value, at, day_start=DayStart(t(0), value)), D(10))
    for step in steps:
        value, at = value + step, at + timedelta(minutes=5)
        assert total.apply(reg(value, at), D(10)) is None
    fig = total.figures(at)
    assert fig.kwh == sum(steps)
    assert fig.cost_p == sum(steps) * 10
