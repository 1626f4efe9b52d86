"""Rates in force at band edges, across midnight and the clock change, and costs that do not
depend on where an interval is split."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ihd.core.bands import Band
from ihd.core.ledger import Point, spread
from ihd.core.pricing import Pricer
from ihd.core.readings import PriceReading, TariffReading
from ihd.core.tariff import Tariff
from ihd.core.units import Direction, Fuel

LONDON = ZoneInfo("Europe/London")
D = Decimal
COSY = Tariff(D("26.5"), D("48.9"), bands=(
    Band(time(4), time(7), D("13.4"), "cosy"), Band(time(13), time(16), D("13.4"), "cosy"),
    Band(time(22), time(0), D("13.4"), "cosy"), Band(time(16), time(19), D("39.8"), "peak")))
E7_GMT = Tariff(D(30), D(50), bands=(Band(time(0, 30), time(7, 30), D(10), "night"),), bands_in_gmt=True)


def local(*args):
    return datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(("at", "rate"), [
    (local(2026, 1, 5, 3, 59), D("26.5")),
    (local(2026, 1, 5, 4, 0), D("13.4")),  # a band includes its start
    (local(2026, 1, 5, 6, 59), D("13.4")),
    (local(2026, 1, 5, 7, 0), D("26.5")),  # and not its end
    (local(2026, 1, 5, 16, 0), D("39.8")),
    (local(2026, 1, 5, 23, 30), D("13.4")),  # 22:00 to midnight
    (local(2026, 1, 6, 0, 0), D("26.5")),
    (local(2026, 7, 5, 16, 30), D("39.8")),  # local bands keep to the clock in summer
])
def test_cosy_bands_at_their_edges(at, rate):
    assert COSY.rate_at(at, LONDON) == rate


@pytest.mark.parametrize(("at", "rate"), [
    (local(2026, 1, 5, 0, 30), D(10)),
    (local(2026, 1, 5, 7, 29), D(10)),
    (local(2026, 7, 5, 0, 30), D(30)),  # in summer the GMT night starts at 01:30 on the clock
    (local(2026, 7, 5, 8, 0), D(10)),  # and runs to 08:30
    (local(2026, 7, 5, 8, 30), D(30)),
])
def test_economy_7_fixed_in_gmt(at, rate):
    assert E7_GMT.rate_at(at, LONDON) == rate


def test_a_band_past_midnight_and_an_all_day_band():
    go = Tariff(D(28), D(50), bands=(Band(time(23, 30), time(5, 30), D(8)),))
    assert go.rate_at(local(2026, 1, 5, 23, 45), LONDON) == 8
    assert go.rate_at(local(2026, 1, 6, 5, 15), LONDON) == 8
    assert go.rate_at(local(2026, 1, 6, 5, 30), LONDON) == 28
    flat = Tariff(D(28), D(50), bands=(Band(time(9), time(9), D(5)),))
    assert flat.rate_at(local(2026, 1, 5, 20), LONDON) == 5


def test_next_change_is_when_the_rate_moves():
    assert COSY.next_change(local(2026, 1, 5, 15, 10), LONDON) == local(2026, 1, 5, 16, 0).astimezone(UTC)
    assert COSY.next_change(local(2026, 1, 5, 17, 0), LONDON) == local(2026, 1, 5, 19, 0).astimezone(UTC)
    assert Tariff(D(28), D(50)).next_change(local(2026, 1, 5, 12), LONDON) is None


def test_rates_across_the_spring_clock_change():
    go = Tariff(D(28), D(50), bands=(Band(time(0, 30), time(4, 30), D(8)),))
    # 29 March 2026: 01:00 GMT becomes 02:00 BST; the clock goes 00:59 -> 02:00
    assert go.rate_at(datetime(2026, 3, 29, 0, 45, tzinfo=UTC), LONDON) == 8  # 00:45 GMT
    assert go.rate_at(datetime(2026, 3, 29, 1, 0, tzinfo=UTC), LONDON) == 8  # 02:00 BST
    assert go.rate_at(datetime(2026, 3, 29, 3, 30, tzinfo=UTC), LONDON) == 28  # 04:30 BST


def test_the_bridges_tariff_takes_over_from_when_it_was_received():
    pricer = Pricer(LONDON, configured={Fuel.ELECTRICITY: Tariff(D(20), D(50))})
    noon = datetime(2026, 1, 5, 12, tzinfo=UTC)
    pricer.add_tariff(Fuel.ELECTRICITY, Tariff.from_reading(
        TariffReading(Fuel.ELECTRICITY, D(30), D(60), False, None), noon))
    assert pricer.import_rate(Fuel.ELECTRICITY, noon - timedelta(minutes=30)) == 20
    assert pricer.import_rate(Fuel.ELECTRICITY, noon) == D("31.50")  # with 5% VAT added


def test_negative_dynamic_prices_win_for_their_half_hour():
    pricer = Pricer(LONDON, configured={Fuel.ELECTRICITY: Tariff(D(20), D(50))})
    slot = datetime(2026, 1, 5, 3, tzinfo=UTC)
    pricer.add_prices(PriceReading(Fuel.ELECTRICITY, Direction.IMPORT, ((slot, D(-4)),), False))
    assert pricer.import_rate(Fuel.ELECTRICITY, slot) == D("-4.20")
    assert pricer.import_rate(Fuel.ELECTRICITY, slot + timedelta(minutes=30)) == 20


def cost(pricer, a, b):
    return sum((amount * pricer.import_rate(Fuel.ELECTRICITY, slot) for slot, amount in spread(a, b)), D(0))


@given(st.integers(min_value=60, max_value=5 * 86400), st.floats(min_value=0.01, max_value=0.99),
       st.integers(min_value=0, max_value=10_000))
def test_cost_of_an_interval_is_the_sum_of_its_parts_split_anywhere(seconds, share, start_minute):
    pricer = Pricer(LONDON, configured={Fuel.ELECTRICITY: COSY})
    start = datetime(2026, 3, 27, tzinfo=UTC) + timedelta(minutes=start_minute)  # across a clock change
    a = Point(start, D(1000))
    b = Point(start + timedelta(seconds=seconds), D(1000) + D(seconds) / 3600)
    middle_at = a.at + timedelta(seconds=int(seconds * share))
    middle = Point(middle_at, a.value + (b.value - a.value) * D((middle_at - a.at).total_seconds()) / D(seconds))
    whole, parts = cost(pricer, a, b), cost(pricer, a, middle) + cost(pricer, middle, b)
    assert whole == pytest.approx(parts, abs=D("1e-9"))
