from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.bands import Band
from ihd.core.ledger import DayFigures
from ihd.core.live import Freshness, LiveModel
from ihd.core.pricing import Pricer
from ihd.core.readings import BridgeStatus, Demand, IntensityReading, RegisterReading, TariffReading
from ihd.core.tariff import Tariff, TariffSource
from ihd.core.units import Direction, Fuel, RegisterUnit

LONDON = ZoneInfo("Europe/London")
D = Decimal


def model(clock, **kw):
    return LiveModel(clock, LONDON, **kw)


def demand(clock, watts, age=0):
    return Demand(Fuel.ELECTRICITY, watts, clock.now() - timedelta(seconds=age))


def gas_reg(value, at):
    return RegisterReading(Fuel.GAS, Direction.IMPORT, D(value), RegisterUnit.M3, at)


def test_nothing_heard_is_waiting(clock):
    snap = model(clock).snapshot()
    assert snap.electricity.freshness is Freshness.WAITING
    assert snap.electricity.demand_w is None


def test_electricity_goes_stale_after_60_seconds_without_a_reading(clock):
    live = model(clock)
    live.apply(demand(clock, 950))
    clock.advance(59)
    assert live.snapshot().electricity.demand_w == 950
    clock.advance(2)
    snap = live.snapshot().electricity
    assert snap.freshness is Freshness.STALE
    assert snap.demand_w is None  # never an old number as if it were current
    assert snap.last_reading_at == clock.now() - timedelta(seconds=61)


def test_gas_goes_stale_65_minutes_after_its_meter_time_last_moved(clock):
    live = model(clock)
    at = clock.now()
    live.apply(gas_reg("5000", at))
    for _ in range(64):  # the same reading every minute, as a Glow does
        clock.advance(60)
        live.apply(gas_reg("5000", at))
    assert live.snapshot().gas.freshness is Freshness.FRESH
    clock.advance(120)
    live.apply(gas_reg("5000", at))
    assert live.snapshot().gas.freshness is Freshness.STALE
    live.apply(gas_reg("5000.5", clock.now()))
    assert live.snapshot().gas.freshness is Freshness.FRESH


def test_wall_clock_jump_does_not_change_freshness(clock):
    live = model(clock)
    live.apply(demand(clock, 500))
    clock.set_wall(clock.now() + timedelta(hours=3))
    assert live.snapshot().electricity.freshness is Freshness.FRESH


def test_retained_reading_is_dated_by_its_own_time(clock):
    live = model(clock)
    live.apply(demand(clock, 500, age=3600), retained=True)
    assert live.snapshot().electricity.freshness is Freshness.STALE


def test_reading_far_in_the_future_is_refused(clock):
    live = model(clock)
    reason = live.apply(Demand(Fuel.ELECTRICITY, 100, clock.now() + timedelta(days=30)))
    assert "ahead" in reason
    assert live.snapshot().electricity.freshness is Freshness.WAITING


def test_bridge_tariff_wins_over_config_and_vat_is_added_when_excluded(clock):
    config = Tariff(D(20), D(50), True, TariffSource.CONFIG)
    live = model(clock, pricer=Pricer(LONDON, configured={Fuel.ELECTRICITY: config}))
    assert live.snapshot().electricity.unit_rate_p == D(20)
    live.apply(TariffReading(Fuel.ELECTRICITY, D(10), D(40), False, None))
    snap = live.snapshot().electricity
    assert snap.unit_rate_p == D("10.50")
    assert snap.tariff.source is TariffSource.BRIDGE
    assert snap.standing_charge_p == D(50)  # the day began on the config's tariff, received at noon
    clock.advance(24 * 3600)
    assert live.snapshot().electricity.standing_charge_p == D("42.00")


def test_the_rate_now_follows_the_band_in_force(clock):
    go = Tariff(D(28), D(50), bands=(Band(time(0, 30), time(5, 30), D(8)),))
    live = model(clock, pricer=Pricer(LONDON, configured={Fuel.ELECTRICITY: go}))
    assert live.snapshot().electricity.unit_rate_p == D(28)
    clock.set_wall(datetime(2026, 11, 24, 1, 0, tzinfo=UTC))
    assert live.snapshot().electricity.unit_rate_p == D(8)


def test_carbon_now_uses_the_grids_intensity_when_sent(clock):
    live = model(clock)
    assert live.snapshot().electricity.kg_per_kwh == D("0.177")
    live.apply(IntensityReading(((datetime(2026, 11, 23, 12, tzinfo=UTC), 250, "high"),)))
    assert live.snapshot().electricity.kg_per_kwh == D("0.250")


def test_todays_figures_are_the_ledgers_for_today_only(clock):
    live = model(clock)
    today = DayFigures(datetime(2026, 11, 23, tzinfo=UTC), D(5), D(100), D("0.9"), None, clock.now())
    live.set_today(Fuel.ELECTRICITY, Direction.IMPORT, today)
    live.set_today(Fuel.ELECTRICITY, Direction.EXPORT, replace(today, kwh=D(2)))
    snap = live.snapshot().electricity
    assert snap.today == today
    assert snap.exported_today_kwh == D(2)
    clock.advance(13 * 3600)  # past midnight: yesterday's figures are not today's
    assert live.snapshot().electricity.today is None


def test_bridge_status_is_kept(clock):
    live = model(clock)
    live.apply(BridgeStatus(False, None, "gone"))
    assert live.snapshot().bridge.online is False


def test_the_account_is_the_newest_state_each_fuel_sent(clock):
    from ihd.core.prepayment import Messages, PaymentMode, PrepaymentState, SupplierMessage, TopUpLog, TopUpRecord

    live = model(clock)
    assert live.snapshot().account is None  # a bridge that says nothing of an account
    now = clock.now()
    newer = PrepaymentState(Fuel.ELECTRICITY, PaymentMode.PREPAYMENT, now, Decimal(500))
    older = PrepaymentState(Fuel.ELECTRICITY, PaymentMode.PREPAYMENT, now - timedelta(minutes=5), Decimal(900))
    assert live.apply(newer) is None
    assert live.apply(older) == "prepayment state is older than the one already shown"
    ahead = PrepaymentState(Fuel.GAS, PaymentMode.PREPAYMENT, now + timedelta(hours=7), Decimal(1))
    assert live.apply(ahead) is not None
    live.apply(TopUpLog(Fuel.ELECTRICITY, (TopUpRecord(now, Decimal(1000), "1637"),)))
    live.apply(Messages((SupplierMessage("1", now, "Hello"),)))
    account = live.snapshot().account
    assert account.prepayment[Fuel.ELECTRICITY].credit_p == 500
    assert Fuel.GAS not in account.prepayment
    assert [s.fuel for s in account.in_prepayment()] == [Fuel.ELECTRICITY]
    assert account.top_ups[Fuel.ELECTRICITY][0].code_ending == "1637"
    assert account.messages[0].text == "Hello"


# -- stamps that cannot be believed


def test_a_demand_stamped_hours_ahead_is_refused_and_honest_ones_are_shown_at_once(clock):
    live = model(clock)
    live.apply(demand(clock, 400))
    assert live.apply(Demand(Fuel.ELECTRICITY, 10_000, clock.now() + timedelta(hours=5, minutes=50))) is not None
    clock.advance(10)
    assert live.apply(demand(clock, 450)) is None
    assert live.snapshot().electricity.demand_w == 450


def test_a_bridge_clock_stepping_back_is_followed_again_within_half_a_minute(clock):
    live = model(clock)
    live.apply(Demand(Fuel.ELECTRICITY, 400, clock.now() + timedelta(minutes=4)))  # a fast clock, tolerated
    shown = []
    for _ in range(6):  # NTP corrects the bridge: its readings now read four minutes earlier
        clock.advance(10)
        live.apply(demand(clock, 500))
        shown.append(live.snapshot().electricity.demand_w)
    assert shown[:2] == [400, 400]  # a late delivery, for all the display can tell
    assert shown[-1] == 500
    assert live.snapshot().electricity.last_reading_at == clock.now()  # "no reading since" follows it too


def test_a_prepayment_state_stamped_ahead_never_replaces_the_real_one(clock):
    from ihd.core.prepayment import PaymentMode, PrepaymentState

    live = model(clock)
    real = PrepaymentState(Fuel.ELECTRICITY, PaymentMode.PREPAYMENT, clock.now(), D("179"))
    live.apply(real)
    forged = PrepaymentState(Fuel.ELECTRICITY, PaymentMode.PREPAYMENT, clock.now() + timedelta(hours=5, minutes=33),
                             D("9999"))
    assert live.apply(forged) is not None
    assert live.snapshot().account.prepayment[Fuel.ELECTRICITY] == real
    # one within the tolerance is taken, but cannot hold off the meter's next word for long
    live.apply(replace(forged, at=clock.now() + timedelta(minutes=4)))
    clock.advance(60)
    later = replace(real, at=clock.now(), credit_p=D("170"))
    assert live.apply(later) is None
    assert live.snapshot().account.prepayment[Fuel.ELECTRICITY] == later


def test_the_meter_indicator_and_outdoor_temperature_are_never_fresh_for_ever(clock):
    from ihd.core.readings import AmbientIndicator, OutdoorTemperature

    live = model(clock)
    assert live.apply(OutdoorTemperature(30.0, datetime(2199, 1, 1, tzinfo=UTC))) is not None
    live.apply(AmbientIndicator("high", clock.now() + timedelta(minutes=4)))
    live.apply(OutdoorTemperature(8.0, clock.now() + timedelta(minutes=4)))
    assert live.snapshot().meter_level == "high"
    assert live.snapshot().outdoor_c == 8.0
    clock.advance(6 * 60)  # a stamp ahead buys no extra freshness
    assert live.snapshot().meter_level is None
    clock.advance(3 * 3600)
    assert live.snapshot().outdoor_c is None
    live.apply(AmbientIndicator("low", clock.now() - timedelta(minutes=10)))  # already old when it came
    assert live.snapshot().meter_level is None


# -- today while the history cannot save


def elec_reg(value, at):
    return RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(value), RegisterUnit.KWH, at)


def test_today_carries_on_from_the_registers_while_the_history_cannot_save(clock):
    live = model(clock)
    day = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
    live.apply(elec_reg("100", clock.now()))
    counted = DayFigures(day, D("1.0"), D("30"), D("0.2"), None, clock.now())
    live.set_today(Fuel.ELECTRICITY, Direction.IMPORT, counted)
    clock.advance(300)
    live.apply(elec_reg("100.5", clock.now()))
    assert live.snapshot().electricity.today == counted  # saving works: the history's word stands
    live.saving_fails(True)
    today = live.snapshot().electricity.today
    assert today.kwh == D("1.5")
    assert today.last_at == clock.now()
    assert today.cost_p is None  # no rate known for the rise: not guessed
    live.saving_fails(False)
    assert live.snapshot().electricity.today == counted


def test_with_no_history_at_all_today_counts_from_the_first_reading_heard(clock):
    live = model(clock)
    live.saving_fails(True)  # a damaged or unreadable history never reported a figure
    first = clock.now()
    live.apply(elec_reg("200", first))
    clock.advance(600)
    live.apply(elec_reg("200.3", clock.now()))
    today = live.snapshot().electricity.today
    assert today.kwh == D("0.3")
    assert today.since == first  # said as "since 12:00", not as the whole day


def test_a_clock_stepping_back_is_noted_for_the_about_screen(clock):
    live = model(clock)
    live.apply(demand(clock, 400))
    clock.advance(5)
    live.apply(Demand(Fuel.ELECTRICITY, 400, clock.now() - timedelta(seconds=20)))  # a late delivery
    assert live.snapshot().clock_stepped_back is None
    clock.advance(40)
    live.apply(Demand(Fuel.ELECTRICITY, 500, clock.now() - timedelta(minutes=3)))  # the bridge's clock went back
    assert live.snapshot().clock_stepped_back == clock.now()
    assert live.snapshot().electricity.demand_w == 500


def test_the_meter_readings_others_count_only_go_up_and_keep_each_direction(clock):
    m = model(clock)
    now = clock.now()
    export = RegisterReading(Fuel.ELECTRICITY, Direction.EXPORT, D("812.5"), RegisterUnit.KWH, now)
    for reading in (gas_reg("100.0", now - timedelta(minutes=30)), gas_reg("101.0", now - timedelta(minutes=1)),
                    gas_reg("100.5", now - timedelta(minutes=20)),  # late: already passed
                    gas_reg("99.0", now), export):  # newer but lower: not a cycle for others to count
        m.apply(reading)
    assert m.snapshot().gas.meter[Direction.IMPORT].value == D("101.0")
    assert m.snapshot().electricity.meter == {Direction.EXPORT: export}
