"""A simulated month through the display's own code (dialect, feed and live model, the history
service on its writer thread, a real SQLite file), with restarts, prunes, re-sends of days of
every age, a clock change and tariff changes, checked day by day against a hand count. The full
year runs in benchmarks/soak.py."""

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from soak import soak


@pytest.mark.parametrize(("dialect", "start"), [("glow", date(2026, 3, 15)),  # the clocks go forward
                                                ("native", date(2026, 10, 10))])  # and back
def test_a_simulated_month_equals_the_hand_count_every_day(tmp_path, dialect, start):
    result = soak(tmp_path, days=31, interval_s=600, dialect=dialect, start=start, tariff_every=10,
                  restart_every=9)
    assert result["mismatches"] == []
    assert result["restarts"] == 3
    assert result["resent"] > 500
    last = result["months"][-1]
    assert last["tariff_rows"] == 5  # four electricity tariffs and the gas one, however often repeated
    assert last["counted_rows"] == 2  # a span per register for all that was pruned
    assert last["reading_rows"] < 2 * 16 * 24 * 6  # two weeks and a day of readings, no more
