"""The ambient engine: thresholds, slack, dwell, the household's baseline, tariff bands and warmth."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ihd.core.ambient import (
    AmbientEngine,
    AmbientFuel,
    AmbientInputs,
    AmbientMode,
    AmbientSettings,
    Level,
    Why,
    is_cold,
    judge,
)
from ihd.core.ambient_view import ambient_view
from ihd.core.bands import Band
from ihd.core.pricing import Pricer
from ihd.core.readings import PriceReading
from ihd.core.tariff import Tariff
from ihd.core.units import Direction, Fuel
from ihd.i18n import I18n

LONDON = ZoneInfo("Europe/London")
D = Decimal
DEFAULT = AmbientSettings()


def level(kw, shown=None, settings=DEFAULT, **more):
    return judge(settings, AmbientInputs(kw, **more), shown).level


@pytest.mark.parametrize(("kw", "expected"), [
    (0.4, Level.LOW), (1.99, Level.LOW), (2.0, Level.MEDIUM), (3.99, Level.MEDIUM), (4.0, Level.HIGH), (9, Level.HIGH),
])
def test_default_thresholds_are_2_and_4_kw(kw, expected):
    assert level(kw) is expected


def test_slack_keeps_a_level_until_use_is_clear_of_its_threshold():
    assert level(3.7, shown=Level.HIGH) is Level.HIGH  # 4 kW less 10%
    assert level(3.5, shown=Level.HIGH) is Level.MEDIUM
    assert level(1.85, shown=Level.MEDIUM) is Level.MEDIUM
    assert level(1.75, shown=Level.MEDIUM) is Level.LOW


@given(st.floats(min_value=0, max_value=50), st.floats(min_value=0, max_value=50),
       st.sampled_from([None, *Level]))
def test_levels_never_fall_as_use_rises(a, b, shown):
    low, high = sorted((a, b))
    assert level(low, shown).rank <= level(high, shown).rank


def test_a_kettle_raises_the_level_after_a_few_seconds_and_it_settles_back_without_flicker():
    engine = AmbientEngine(DEFAULT)
    assert engine.update(AmbientInputs(0.3), 0).level is Level.LOW
    assert engine.update(AmbientInputs(3.3), 10).level is Level.LOW  # the kettle goes on
    assert engine.update(AmbientInputs(3.2), 16).level is Level.MEDIUM  # held for 5 s
    shown = [engine.update(AmbientInputs(kw), t).level for t, kw in
             ((200, 0.3), (205, 3.1), (210, 0.3), (225, 0.3), (240, 0.3))]
    assert shown == [Level.MEDIUM] * 4 + [Level.LOW]  # down only after half a minute below
    assert engine.update(AmbientInputs(0.3), 300).level is Level.LOW


def test_no_demand_means_no_level():
    assert judge(DEFAULT, AmbientInputs(None), None).why is Why.NO_DATA
    assert judge(DEFAULT, AmbientInputs(-1.2), None) == judge(DEFAULT, AmbientInputs(-1.2), None)
    assert judge(DEFAULT, AmbientInputs(-1.2), None).why is Why.EXPORTING


def test_relative_to_the_households_usual_use():
    usual = AmbientSettings(mode=AmbientMode.RELATIVE)
    assert level(1.0, settings=usual, usual_kw=0.9) is Level.LOW
    assert level(1.5, settings=usual, usual_kw=0.9) is Level.MEDIUM
    assert level(2.5, settings=usual, usual_kw=0.9) is Level.HIGH  # while 2.5 kW is medium by kW
    found = judge(usual, AmbientInputs(2.5), None)  # no history yet
    assert (found.level, found.why) == (Level.MEDIUM, Why.NO_BASELINE)


def test_the_meters_own_indicator_and_falling_back_when_it_is_quiet():
    meter = AmbientSettings(mode=AmbientMode.METER)
    assert judge(meter, AmbientInputs(0.5, meter_level=Level.HIGH), None).level is Level.HIGH
    quiet = judge(meter, AmbientInputs(0.5), None)
    assert (quiet.level, quiet.why) == (Level.LOW, Why.METER_QUIET)


def test_warmth_safe_heating_on_a_cold_day_is_never_high():
    gas = AmbientSettings(fuel=AmbientFuel.GAS)
    cold = judge(gas, AmbientInputs(20.0, gas_kw=20.0, cold=True), None)
    assert (cold.level, cold.why) == (Level.MEDIUM, Why.WARMTH)
    assert judge(gas, AmbientInputs(20.0, gas_kw=20.0, cold=False), None).level is Level.HIGH
    unsafe = AmbientSettings(fuel=AmbientFuel.GAS, warmth_safe=False)
    assert judge(unsafe, AmbientInputs(20.0, gas_kw=20.0, cold=True), None).level is Level.HIGH
    both = AmbientSettings(fuel=AmbientFuel.BOTH)
    assert judge(both, AmbientInputs(25.0, gas_kw=20.0, cold=True), None).level is Level.MEDIUM
    assert judge(DEFAULT, AmbientInputs(6.0, cold=True), None).level is Level.HIGH  # electricity: not heating


def test_cold_is_the_thermometer_else_the_heating_season():
    assert is_cold(5.0, 7, DEFAULT)
    assert not is_cold(18.0, 1, DEFAULT)
    assert is_cold(None, 1, DEFAULT)
    assert not is_cold(None, 7, DEFAULT)


def test_tariff_bands_give_cheap_normal_and_peak_with_the_next_change():
    cosy = Tariff(D("26.5"), D(50), bands=(Band(time(4), time(7), D("13.4")), Band(time(16), time(19), D("39.8"))))
    pricer = Pricer(LONDON, configured={Fuel.ELECTRICITY: cosy})
    at = datetime(2026, 1, 5, 16, 20, tzinfo=UTC)
    assert pricer.price_level(Fuel.ELECTRICITY, at) == (Level.HIGH, datetime(2026, 1, 5, 19, tzinfo=UTC))
    assert pricer.price_level(Fuel.ELECTRICITY, at.replace(hour=5))[0] is Level.LOW
    assert pricer.price_level(Fuel.ELECTRICITY, at.replace(hour=12))[0] is Level.MEDIUM
    assert Pricer(LONDON, configured={Fuel.ELECTRICITY: Tariff(D(25), D(50))}).price_level(Fuel.ELECTRICITY, at) \
        is None


def test_dynamic_prices_cheapest_quarter_is_cheap_and_negative_always_is():
    pricer = Pricer(LONDON)
    start = datetime(2026, 1, 5, tzinfo=UTC)
    prices = tuple((start + timedelta(minutes=30 * i), D(i) if i != 3 else D(-2)) for i in range(48))
    pricer.add_prices(PriceReading(Fuel.ELECTRICITY, Direction.IMPORT, prices, True))
    assert pricer.price_level(Fuel.ELECTRICITY, start + timedelta(minutes=95))[0] is Level.LOW  # -2p
    assert pricer.price_level(Fuel.ELECTRICITY, start + timedelta(hours=20))[0] is Level.HIGH
    assert pricer.price_level(Fuel.ELECTRICITY, start + timedelta(hours=12))[0] is Level.MEDIUM


def test_tariff_mode_words_say_when_it_changes():
    tariff = AmbientSettings(mode=AmbientMode.TARIFF)
    found = judge(tariff, AmbientInputs(1.0, tariff_level=Level.HIGH,
                                        tariff_until=datetime(2026, 1, 5, 19, tzinfo=UTC)), None)
    view = ambient_view(found, I18n(), LONDON, rate_p=D("39.8"))
    assert view.word == "Peak until 19:00"
    assert view.shape == "▲"
    assert view.reason == "Electricity costs 40p a kWh now."
    assert not view.alarming  # a price is not an alarm
    single = judge(tariff, AmbientInputs(1.0), None)
    assert single.why is Why.NO_TARIFF_BANDS


def test_every_level_has_a_word_a_shape_and_a_reason():
    fmt = I18n()
    seen = set()
    for kw in (0.5, 2.5, 5.0):
        view = ambient_view(judge(DEFAULT, AmbientInputs(kw), None), fmt, LONDON)
        assert view.word
        assert view.shape
        assert view.reason
        seen.add((view.word, view.shape))
    assert len(seen) == 3
    assert ambient_view(judge(DEFAULT, AmbientInputs(5.0), None), fmt, LONDON).alarming
    gentle = ambient_view(judge(DEFAULT, AmbientInputs(5.0), None), fmt, LONDON, gentle=True)
    assert gentle.word == "Using more"


# -- the lamp follows the supply


@pytest.mark.parametrize(("alert", "word", "shape"), [
    ("supply-off", "Electricity off", "■"), ("supply-armed", "Ready to turn on", "▶"),
    ("emergency-in-use", "Emergency credit", "⚠"), ("low", "Credit low", "◔"),
])
def test_a_supply_or_credit_alert_takes_the_lamp_over_from_the_level_of_use(alert, word, shape):
    from ihd.core.prepayment import Alert

    calm = judge(DEFAULT, AmbientInputs(0.2), None)
    assert calm.level is Level.LOW
    view = ambient_view(calm, I18n(), LONDON, alert=(Fuel.ELECTRICITY, Alert(alert)))
    assert (view.word, view.shape) == (word, shape)
    assert view.key != "low"  # never the calm "Low" colour
    assert not any(ch.isdigit() or ch == "£" for ch in view.reason)  # no amounts: a guest sees it too
    assert view.alarming is (alert == "supply-off")  # said again while the house has no power


def test_the_most_urgent_alert_wins_whatever_the_fuel():
    from ihd.core.ambient_view import most_urgent
    from ihd.core.prepayment import Alert

    assert most_urgent([]) is None
    assert most_urgent([(Fuel.ELECTRICITY, Alert.NONE)]) is None
    assert most_urgent([(Fuel.ELECTRICITY, Alert.LOW), (Fuel.GAS, Alert.SUPPLY_OFF)]) == (Fuel.GAS, Alert.SUPPLY_OFF)
    assert most_urgent([(Fuel.GAS, Alert.LOW), (Fuel.ELECTRICITY, Alert.LOW)]) == (Fuel.ELECTRICITY, Alert.LOW)
    assert most_urgent([(Fuel.GAS, Alert.SUPPLY_ARMED), (Fuel.ELECTRICITY, Alert.EMERGENCY_IN_USE)]) == (
        Fuel.GAS, Alert.SUPPLY_ARMED)


def test_gas_off_says_gas():
    from ihd.core.prepayment import Alert

    view = ambient_view(None, I18n(), LONDON, alert=(Fuel.GAS, Alert.SUPPLY_OFF))
    assert view.word == "Gas off"
    assert view.key == "supply-off"


def _forecast(grams_by_slot, start):
    from ihd.core.readings import IntensityReading

    pricer = Pricer(LONDON)
    bands = ((40, "very low"), (120, "low"), (200, "moderate"), (290, "high"))
    pricer.add_intensity(IntensityReading(tuple(
        (start + timedelta(minutes=30 * n), g, next((b for limit, b in bands if g < limit), "very high"))
        for n, g in enumerate(grams_by_slot))))
    return pricer


def test_the_lamp_follows_the_grids_carbon_forecast_until_it_changes():
    from ihd.core.ambient import carbon_now

    start = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    pricer = _forecast([100, 90, 110, 150, 250, 260], start)
    now = start + timedelta(minutes=40)
    carbon = carbon_now(pricer.intensity, now)
    assert carbon == (Level.LOW, start + timedelta(minutes=90), 90)
    settings = AmbientSettings(mode=AmbientMode.CARBON)
    found = judge(settings, AmbientInputs(kw=3.9, carbon=carbon), None)
    assert (found.level, found.why, found.grams) == (Level.LOW, Why.CARBON, 90)  # not the kW: the grid
    view = ambient_view(found, I18n("en_GB"), LONDON)
    assert view.word == "Low carbon until 02:30"
    assert view.reason == "The grid's forecast for your area: 90 g CO2e a kWh now."
    assert not view.alarming
    assert carbon_now(pricer.intensity, start + timedelta(hours=2, minutes=5))[0] is Level.HIGH


def test_without_a_carbon_forecast_the_lamp_says_it_judges_by_kw():
    from ihd.core.ambient import carbon_now

    assert carbon_now(Pricer(LONDON).intensity, datetime(2026, 12, 3, 1, 0, tzinfo=UTC)) is None
    found = judge(AmbientSettings(mode=AmbientMode.CARBON), AmbientInputs(kw=4.5), None)
    assert (found.level, found.why) == (Level.HIGH, Why.NO_CARBON_FORECAST)
    assert ambient_view(found, I18n("en_GB"), LONDON).reason == (
        "No carbon forecast for now, so judged by kW: using 4.5 kW.")
