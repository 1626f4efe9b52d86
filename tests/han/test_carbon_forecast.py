"""The simulated homes' carbon forecast: believable, and read by the display as a bridge's would be."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ihd.han.dialects import make_dialect
from ihd.han.simulator import carbon_forecast
from ihd.han.simulator_cli import parser, rounds

LONDON = ZoneInfo("Europe/London")


def test_the_forecast_covers_two_days_and_is_lowest_at_night_and_highest_at_the_evening_peak():
    topic, payload, retained = carbon_forecast(datetime(2026, 12, 3, 0, 10, tzinfo=UTC), LONDON)
    assert retained
    (reading,) = make_dialect("native").parse(topic, payload).readings
    assert len(reading.records) == 96
    by_hour = {start.hour: grams for start, grams, _band in reading.records if start.minute == 0}
    assert by_hour[3] < by_hour[12] < by_hour[17]
    assert {band for _s, _g, band in reading.records} <= {"very low", "low", "moderate", "high", "very high"}


def test_ihd_sim_sends_the_forecast_with_its_first_readings():
    args = parser().parse_args(["--count", "1"])
    from ihd.han.simulator import SimulatedHome
    from ihd.han.simulator_cli import SimClock

    start = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    batches = list(rounds(args, SimClock(start, 1.0), SimulatedHome(start)))
    topics = [t for batch in batches for t, _p, _r in batch]
    assert "ihd/v1/grid/carbon-intensity" in topics
