"""The next 24 hours: the best window for a job, and the words the forward view says."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from ihd.core.ahead import HalfHour, Job, best_window, cost_p, half_hours
from ihd.core.ahead_view import CARBON, PRICE, AheadViewModel
from ihd.core.periods import SLOT
from ihd.i18n import I18n

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 12, 3, 2, 30, tzinfo=UTC)
WASH = Job("washing", Decimal(2), Decimal("1.0"))


def slots_of(rates, grams=None, start=START):
    grams = grams or [None] * len(rates)
    return [HalfHour(start + n * SLOT, None if r is None else Decimal(str(r)), g, None if g is None else "low")
            for n, (r, g) in enumerate(zip(rates, grams, strict=True))]


prices = st.lists(st.one_of(st.none(), st.decimals(-50, 150, places=2)), min_size=1, max_size=48)


@given(prices, st.integers(1, 8))
def test_the_chosen_window_is_never_dearer_than_another_of_its_length(values, length):
    series = [(START + n * SLOT, v) for n, v in enumerate(values)]
    found = best_window(series, length)
    windows = [series[i:i + length] for i in range(len(series) - length + 1)]
    known = [w for w in windows if all(v is not None for _s, v in w)]
    if not known:
        assert found is None
        return
    assert found is not None
    assert found.end - found.start == length * SLOT
    totals = {w[0][0]: sum(v for _s, v in w) for w in known}
    assert totals[found.start] == min(totals.values())
    assert found.start == min(s for s, t in totals.items() if t == totals[found.start])  # the earliest of equals
    assert found.mean == totals[found.start] / length


def test_a_job_costs_its_energy_spread_over_its_half_hours():
    assert cost_p([Decimal(10), Decimal(30)], Decimal(2)) == Decimal(40)


def test_half_hours_start_with_the_one_in_progress_and_cross_a_clock_change():
    before_change = datetime(2026, 10, 24, 12, 10, tzinfo=UTC)  # BST ends at 01:00 UTC on the 25th
    found = half_hours(lambda s: Decimal(20), lambda s: None, before_change)
    assert found[0].start == datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    assert found[-1].start - found[0].start == timedelta(hours=23, minutes=30)  # 24 real hours
    fmt = I18n("en_GB")
    labels = [fmt.time(s.start, LONDON) for s in found]
    assert labels.count("01:00") == 2  # the hour that happens twice is shown twice


def test_a_banded_tariff_names_the_cheapest_time_and_what_now_would_cost():
    rates = [30] * 4 + [10] * 8 + [30] * 36
    view = AheadViewModel(I18n("en_GB"), LONDON, [WASH]).build(slots_of(rates), PRICE)
    assert view.now == "Now 30.0p a kWh, until 04:30."
    assert view.jobs == ("Washing machine, 2 h: cheapest from 04:30, about 10p instead of 30p now.",)
    assert "No carbon forecast" in view.note
    assert [b.value for b in view.bars[:5]] == [30.0, 30.0, 30.0, 30.0, 10.0]


def test_a_single_rate_says_any_time_costs_the_same():
    view = AheadViewModel(I18n("en_GB"), LONDON, [WASH]).build(slots_of([24.5] * 48), PRICE)
    assert view.now == "Now 24.5p a kWh, the same for the next 24 hours."
    assert view.jobs == ("Washing machine, 2 h: about 25p, whenever it runs.",)


def test_negative_prices_are_the_cheapest_of_all():
    rates = [20] * 10 + [-5] * 4 + [20] * 34
    view = AheadViewModel(I18n("en_GB"), LONDON, [WASH]).build(slots_of(rates), PRICE)
    assert view.jobs[0].startswith("Washing machine, 2 h: cheapest from 07:30, about -5p")


def test_the_carbon_forecast_is_shown_as_a_forecast_with_the_greenest_time():
    grams = [200] * 6 + [90] * 4 + [200] * 38
    view = AheadViewModel(I18n("en_GB"), LONDON, [WASH]).build(slots_of([24.5] * 48, grams), CARBON)
    assert view.shown == CARBON
    assert view.axis_caption == "g CO2e a kWh each half-hour, forecast"
    assert "a forecast" in view.note
    assert view.jobs[0].endswith("Greenest from 05:30.")
    assert view.bars[6].spoken == "05:30 to 06:00: 90 g CO2e a kWh (low)"


def test_without_prices_it_says_so_and_asks_for_nothing_it_cannot_give():
    view = AheadViewModel(I18n("cy"), LONDON, [WASH]).build(slots_of([None] * 48), CARBON)
    assert view.shown == PRICE  # no forecast to show: the prices' chart, empty, with why
    assert all(b.value is None for b in view.bars)
    assert view.now == "Nid yw'r pris nawr yn hysbys: nid oes tariff wedi cyrraedd y sgrin."
    assert view.jobs == ("Peiriant golchi, 2 awr: nid yw'r prisiau sydd i ddod yn hysbys.",)


def test_a_failing_feed_is_said_where_its_figures_are_shown():
    from ihd.core.feeds_status import FeedsStatus, SourceStatus

    since = datetime(2026, 12, 3, 16, 5, tzinfo=UTC)
    feeds = FeedsStatus(True, since, {"prices": SourceStatus("unavailable", since, "the server failed (500)"),
                                      "carbon": SourceStatus("ok")})
    vm = AheadViewModel(I18n("en_GB"), LONDON, [WASH])
    view = vm.build(slots_of([24.5] * 48), PRICE, feeds)
    assert view.note.startswith("Prices from the internet unavailable since 16:05.")
    assert "Prices from the internet unavailable since 16:05." in view.summary
    assert vm.build(slots_of([24.5] * 48), PRICE, FeedsStatus(False)).note.startswith(
        "ihd-feeds has stopped: the prices and forecast shown may be out of date.")
    assert "unavailable" not in vm.build(slots_of([24.5] * 48), PRICE, FeedsStatus(True, since, {})).note
