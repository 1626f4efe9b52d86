"""The last hour of electricity demand, a point a minute, for the home screen's trend."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ihd.core.clock import ManualClock
from ihd.core.live import LiveModel
from ihd.core.readings import Demand
from ihd.core.trend import TREND_MINUTES, DemandTrend
from ihd.core.units import Fuel

T0 = datetime(2026, 1, 15, 18, 0, tzinfo=UTC)


def test_each_minute_is_the_mean_of_its_readings_and_a_quiet_minute_is_a_gap():
    trend = DemandTrend()
    trend.add(T0, 400)
    trend.add(T0 + timedelta(seconds=30), 600)
    trend.add(T0 + timedelta(minutes=2, seconds=5), 2000)
    points = trend.trend(T0 + timedelta(minutes=2, seconds=50)).points
    assert len(points) == TREND_MINUTES
    assert points[-3:] == (0.5, None, 2.0)  # kW; the minute with no reading is no reading, not zero
    assert all(p is None for p in points[:-3])


def test_it_holds_an_hour_at_most_however_long_it_runs():
    trend = DemandTrend()
    for second in range(0, 3 * 3600, 10):  # three hours of a reading every ten seconds
        trend.add(T0 + timedelta(seconds=second), 100 + second % 700)
    assert len(trend) == TREND_MINUTES
    now = T0 + timedelta(hours=3)
    points = trend.trend(now).points
    assert points[-1] is None  # the minute now has had no reading yet
    assert all(p is not None for p in points[:-1])
    assert not trend.trend(now + timedelta(hours=2))  # an hour and more of quiet: nothing to draw


def test_the_live_model_keeps_electricity_demand_as_it_comes():
    clock = ManualClock(T0)
    live = LiveModel(clock, ZoneInfo("Europe/London"))
    for watts in (300, 1200, 2500):
        live.apply(Demand(Fuel.ELECTRICITY, watts, clock.now()))
        live.apply(Demand(Fuel.GAS, 9000, clock.now()))  # gas is not on this line
        clock.advance(60)
    trend = live.snapshot().trend
    assert trend.known == [0.3, 1.2, 2.5]
    assert trend.points[-1] is None
    assert trend
    assert not LiveModel(clock, ZoneInfo("Europe/London")).snapshot().trend  # nothing heard, no line
