from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ihd.core.ledger import DayFigures
from ihd.core.link import Link, LinkProblem, LinkState
from ihd.core.live import LiveModel
from ihd.core.readings import BridgeStatus, Demand, RegisterReading, TariffReading
from ihd.core.units import Direction, DisplayUnit, Fuel, RegisterUnit
from ihd.core.viewmodels import Glance, HomeViewModel
from ihd.i18n import I18n

LONDON = ZoneInfo("Europe/London")
D = Decimal
CONNECTED = Link(LinkState.CONNECTED)


@pytest.fixture
def vm():
    return HomeViewModel(I18n("en_GB"), LONDON, gas_enabled=True)


@pytest.fixture
def live(clock):
    return LiveModel(clock, LONDON)


def elec(clock, value):
    return RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, D(value), RegisterUnit.KWH, clock.now())


def today(live, clock, kwh, cost_p=None, fuel=Fuel.ELECTRICITY, since=None):
    """Today's figures as the history ledger would report them."""
    figures = DayFigures(datetime(2026, 11, 23, tzinfo=UTC), D(kwh), None if cost_p is None else D(cost_p),
                         D(kwh) * D("0.177"), since, clock.now())
    live.set_today(fuel, Direction.IMPORT, figures)


def test_waiting_for_the_meter(vm, live):
    view = vm.build(live.snapshot(), Link(LinkState.CONNECTING), DisplayUnit.ENERGY)
    assert view.electricity.main.value == "–"
    assert view.electricity.main_note == "Waiting for the meter…"
    assert view.link_text == "Connecting to the bridge…"
    assert not view.link_ok


def test_power_in_each_unit(vm, live, clock):
    live.apply(TariffReading(Fuel.ELECTRICITY, D("24.5"), D(60), True, None))
    live.apply(Demand(Fuel.ELECTRICITY, 1500, clock.now()))
    energy = vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY).electricity
    assert (energy.main.value, energy.main.unit) == ("1.50", "kW")
    assert energy.main_accessible == "Electricity, Now, 1.50 kilowatts"
    money = vm.build(live.snapshot(), CONNECTED, DisplayUnit.MONEY).electricity
    assert (money.main.value, money.main.unit) == ("37p", "an hour")  # 1.5 x 24.5 = 36.75
    assert money.main_accessible == "Electricity, Now, 37 pence an hour"
    carbon = vm.build(live.snapshot(), CONNECTED, DisplayUnit.CARBON).electricity
    assert (carbon.main.value, carbon.main.unit) == ("0.27", "kg CO2e an hour")


def test_money_over_a_pound_and_standing_charge_apart(vm, live, clock):
    live.apply(TariffReading(Fuel.ELECTRICITY, D("24.5"), D("57.21"), True, None))
    live.apply(elec(clock, "1010"))
    today(live, clock, 10, 245)
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.MONEY).electricity
    assert view.today.value == "£2.45"
    assert view.today_note == ""  # the whole day is counted
    assert view.standing == "Standing charge: 57p a day\nTotal today: £3.02"


def test_no_tariff_says_so_and_falls_back_to_power(vm, live, clock):
    live.apply(Demand(Fuel.ELECTRICITY, 800, clock.now()))
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.MONEY).electricity
    assert (view.main.value, view.main.unit) == ("0.80", "kW")
    assert view.main_note == "No price known yet"
    assert "No price known yet" in view.standing


def test_exporting_is_said_in_words(vm, live, clock):
    live.apply(Demand(Fuel.ELECTRICITY, -1832, clock.now()))
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.MONEY).electricity
    assert view.main.value == "1.83"
    assert view.main_note == "Sending power to the grid"


def test_stale_electricity_shows_no_old_number(vm, live, clock):
    live.apply(Demand(Fuel.ELECTRICITY, 800, clock.now()))
    live.apply(elec(clock, "100"))
    today(live, clock, 1)
    clock.advance(61)
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY).electricity
    assert view.main.value == "–"
    assert view.main_note == "No reading since 12:00"
    assert view.today_note == "up to 12:00"


def test_gas_shows_when_the_meter_last_reported_and_goes_stale(vm, live, clock):
    live.apply(RegisterReading(Fuel.GAS, Direction.IMPORT, D(5000), RegisterUnit.M3, clock.now()))
    today(live, clock, D(2) * D("11.2206"), fuel=Fuel.GAS)
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY).gas
    assert view.main.value == "22.4"  # 2 m3 x 11.2206
    assert view.main_note == "Meter reading at 12:00"
    clock.advance(66 * 60)
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY).gas
    assert view.main_note == "No new gas reading since 12:00"


def test_times_are_local(vm, live, clock):
    clock.set_wall(datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
    live.apply(Demand(Fuel.ELECTRICITY, 800, clock.now()))
    clock.advance(120)
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY).electricity
    assert view.main_note == "No reading since 13:00"  # BST


def test_gas_panel_hidden_when_the_home_has_no_gas(live):
    vm = HomeViewModel(I18n("en_GB"), LONDON, gas_enabled=False)
    assert not vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY).gas.visible


@pytest.mark.parametrize(
    ("link", "bridge", "text", "ok"),
    [
        (Link(LinkState.DEMO), None, "DEMO: a simulated home, not your meter", True),
        (Link(LinkState.CONNECTED), BridgeStatus(False),
         "Connected, but the bridge says it is offline", False),
        (Link(LinkState.CONNECTED), BridgeStatus(True, meter_joined=False),
         "Connected, but the bridge cannot reach the meter", False),
        (Link(LinkState.CONNECTED), BridgeStatus(True, meter_joined=True), "Connected to the bridge", True),
        (Link(LinkState.LOST), None, "Connection lost: trying again", False),
        (Link(LinkState.LOST, LinkProblem.NOT_LISTENING, "pi:1883", "x", 4.0), None,
         "Connection lost: nothing answers at pi:1883 (is the broker running?). Trying again.", False),
        (Link(LinkState.REFUSED, LinkProblem.LOGIN_REFUSED), None,
         "Cannot connect: the broker refused the username or password. Trying again.", False),
    ],
)
def test_link_in_words(vm, live, link, bridge, text, ok):
    if bridge:
        live.apply(bridge)
    assert vm.link_words(link, live.snapshot()) == (text, ok)


def test_polish_formatting(live, clock):
    vm = HomeViewModel(I18n("pl"), LONDON, gas_enabled=True)
    live.apply(TariffReading(Fuel.ELECTRICITY, D(100), D(0), True, None))
    live.apply(elec(clock, "1012.5"))
    today(live, clock, "12.5", 1250)
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY).electricity
    assert view.today.value == "12,5"
    money = vm.build(live.snapshot(), CONNECTED, DisplayUnit.MONEY).electricity
    assert money.today.value == "12,50\xa0£"  # a British display writes the pound as £


def test_clock_moves_on_without_readings(vm, live, clock):
    live.apply(Demand(Fuel.ELECTRICITY, 800, clock.now()))
    for _ in range(3):
        clock.advance(timedelta(seconds=30).total_seconds())
    assert vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY).electricity.main.value == "–"


def test_a_reading_from_an_earlier_day_says_which_day(vm, live, clock):
    live.apply(Demand(Fuel.ELECTRICITY, 800, clock.now()))
    live.apply(RegisterReading(Fuel.GAS, Direction.IMPORT, D(5000), RegisterUnit.M3, clock.now()))
    clock.advance(20 * 3600)
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY)
    assert view.electricity.main_note == "No reading since yesterday at 12:00"
    assert view.gas.main_note.startswith("No new gas reading since yesterday at 12:00")
    clock.advance(3 * 86400)
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY)
    assert view.electricity.main_note == "No reading since Mon 23 Nov at 12:00"


@pytest.mark.parametrize(("link", "text"), [
    (Link(LinkState.LOST, LinkProblem.NOT_LISTENING, "pi:1883", "x", 4.0), "Connection lost: trying again"),
    (Link(LinkState.REFUSED, LinkProblem.LOGIN_REFUSED),
     "Cannot connect to the bridge. Trying again; the About screen says why."),
])
def test_the_home_screen_says_the_link_in_plain_words(vm, live, link, text):
    view = vm.build(live.snapshot(), link, DisplayUnit.MONEY)
    assert view.link_text == text
    assert "pi:1883" not in view.link_text
    assert "config" not in view.electricity.standing  # no price yet: said without the config file


def test_the_glance_line_has_the_time_the_comparison_the_rate_and_the_next_cheap_period(vm, live, clock):
    live.apply(TariffReading(Fuel.ELECTRICITY, D("24.5"), D(60), True, None))
    cheap_at = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)
    glance = Glance("12% less than yesterday by this time", True, (False, cheap_at))
    line = vm.build(live.snapshot(), CONNECTED, DisplayUnit.MONEY, glance=glance).glance
    local = clock.now().astimezone(LONDON).strftime("%H:%M")
    assert line == f"{local} · 12% less than yesterday by this time · Electricity 24.50p a kWh · cheap from 00:30"
    guest = vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY, glance=Glance("", False, (True, None))).glance
    assert guest == local  # the guest view: no price, nothing that shows the tariff


def test_today_against_yesterday_as_a_pair_of_bars(vm, live):
    view = vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY, glance=Glance("", True, None, (4.42, 4.61)))
    assert view.pair == (("Today so far: 4.4 kWh", 4.42), ("Yesterday by this time: 4.6 kWh", 4.61))
    assert vm.build(live.snapshot(), CONNECTED, DisplayUnit.ENERGY).pair is None  # no history yet: no bars
