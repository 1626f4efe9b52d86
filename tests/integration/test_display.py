"""The whole display against a real broker: what a bridge publishes reaches the screen."""

import logging

from bridge_helpers import glow, midnight_iso, now_iso, texts
from PySide6.QtCore import Qt

from ihd.core.units import DisplayUnit

DEMAND = "ihd/v1/electricity/demand"
IMPORT = "ihd/v1/electricity/import"
TARIFF = "ihd/v1/electricity/tariff"
GLOW_ELEC = "glow/XXXXXXYYYYYY/SENSOR/electricitymeter"
GLOW_GAS = "glow/XXXXXXYYYYYY/SENSOR/gasmeter"


def wait_text(qtbot, figure, expected, timeout=2000):
    """Waits until the figure shows `expected`; the 2 s default is the display's promise."""
    qtbot.waitUntil(lambda: expected in figure.value_text, timeout=timeout)


def test_native_messages_reach_the_home_screen(qtbot, broker, make_display):
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    display.choices.set_unit(DisplayUnit.ENERGY)
    pub = broker.publisher()
    pub.send(DEMAND, f'{{"ts":"{now_iso()}","watts":1234}}')
    main = display.home.electricity.main
    wait_text(qtbot, main, "1.23")
    assert main.unit_text == "kW"
    assert main.figure.accessibleName() == "Electricity, Now, 1.23 kilowatts"

    pub.send(TARIFF, b'{"unit_rate_p_per_kwh":24.5,"standing_charge_p_per_day":60,"vat_included":true}',
             retain=True)
    pub.send(IMPORT, f'{{"ts":"{now_iso(120)}","value":100.5,"unit":"kWh"}}')
    pub.send(IMPORT, f'{{"ts":"{now_iso()}","value":102.5,"unit":"kWh"}}')
    today = display.home.electricity.today
    wait_text(qtbot, today, "2.00")
    assert today.unit_text == "kWh"
    assert today.figure.accessibleName().startswith("Electricity, Today, 2.00 kilowatt hours, since ")
    pub.close()


def test_glow_messages_reach_the_home_screen_within_two_seconds(qtbot, broker, make_display):
    display = make_display({"bridge": {"broker": broker.url, "dialect": "glow"},
                            "display": {"unit": "energy"}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    pub = broker.publisher()
    pub.send(GLOW_ELEC, glow("electricity-megakid"))
    wait_text(qtbot, display.home.electricity.main, "0.95")
    pub.send(GLOW_GAS, glow("gas-issue48"))
    gas = display.home.gas.main
    qtbot.waitUntil(lambda: "Meter reading at" in gas.note.text(), timeout=2000)
    # Today's gas is counted from the device's day counter (UTC midnight) and the register.
    qtbot.waitUntil(lambda: gas.value_text != "–", timeout=2000)
    pub.close()


def test_auto_dialect_takes_either_format(qtbot, broker, make_display):
    display = make_display({"bridge": {"broker": broker.url}, "display": {"unit": "energy"}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    pub = broker.publisher()
    pub.send(GLOW_ELEC, glow("electricity-glowprom"))
    wait_text(qtbot, display.home.electricity.main, "0.43")
    pub.send(DEMAND, f'{{"ts":"{now_iso()}","watts":2500}}')
    wait_text(qtbot, display.home.electricity.main, "2.50")
    pub.close()


def test_unit_switch_changes_every_figure(qtbot, broker, make_display):
    display = make_display({"bridge": {"broker": broker.url}, "display": {"unit": "energy"}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    pub = broker.publisher()
    pub.send(TARIFF, b'{"unit_rate_p_per_kwh":20,"standing_charge_p_per_day":50,"vat_included":true}')
    gas_tariff = b'{"unit_rate_p_per_kwh":6,"standing_charge_p_per_day":30,"vat_included":true}'
    pub.send("ihd/v1/gas/tariff", gas_tariff)
    start = f'"day_start":{{"ts":"{midnight_iso()}","value":'
    pub.send(IMPORT, f'{{"ts":"{now_iso()}","value":101.5,"unit":"kWh",{start}100}}}}')
    pub.send("ihd/v1/gas/import", f'{{"ts":"{now_iso()}","value":1002,"unit":"kWh",{start}1000}}}}')
    pub.send(DEMAND, f'{{"ts":"{now_iso()}","watts":2000}}')
    home = display.home
    # small amounts since midnight, so the day start is plausible even just after midnight
    wait_text(qtbot, home.gas.main, "2.00")
    wait_text(qtbot, home.electricity.main, "2.00")
    assert home.electricity.today.value_text == "1.50"

    qtbot.mouseClick(home.units.buttons[DisplayUnit.MONEY], Qt.MouseButton.LeftButton)
    assert home.electricity.main.value_text == "40p"
    assert home.electricity.main.unit_text == "an hour"
    assert home.electricity.today.value_text == "30p"
    assert home.gas.main.value_text == "12p"
    assert "Standing charge: 50p a day" in home.electricity.standing.text()
    assert "Total today: 80p" in home.electricity.standing.text()
    assert home.electricity.main.figure.accessibleName() == "Electricity, Now, 40 pence an hour"
    assert home.electricity.main.figure.accessibleDescription() == ""  # "an hour" is heard once, in the name

    qtbot.mouseClick(home.units.buttons[DisplayUnit.CARBON], Qt.MouseButton.LeftButton)
    assert home.electricity.main.value_text == "0.35"  # 2 kW x 0.177
    assert home.electricity.today.value_text == "0.27"  # 1.5 kWh x 0.177
    assert home.gas.main.value_text == "0.37"  # 2 kWh x 0.18296
    assert home.electricity.standing.isHidden()
    assert home.units.buttons[DisplayUnit.CARBON].isChecked()
    pub.close()


def test_lost_broker_is_shown_and_figures_resume_after_restart(qtbot, broker, make_display):
    display = make_display({"bridge": {"broker": broker.url}, "display": {"unit": "energy"}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    pub = broker.publisher()
    pub.send(DEMAND, f'{{"ts":"{now_iso()}","watts":700}}')
    wait_text(qtbot, display.home.electricity.main, "0.70")
    pub.close()
    broker.stop()
    qtbot.waitUntil(lambda: "Connection lost" in display.home.link.text(), timeout=10000)
    assert display.home.link.accessibleName().startswith("Connection lost")
    broker.start()
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=20000)
    pub = broker.publisher()
    pub.send(DEMAND, f'{{"ts":"{now_iso()}","watts":900}}')
    wait_text(qtbot, display.home.electricity.main, "0.90")
    pub.close()


def test_a_dead_bridge_shows_through_its_last_will(qtbot, broker, make_display):
    display = make_display({"bridge": {"broker": broker.url}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    pub = broker.publisher()
    pub.send("ihd/v1/status", b'{"state":"offline"}', retain=True)
    qtbot.waitUntil(lambda: "bridge says it is offline" in display.home.link.text(), timeout=2000)
    pub.close()


GARBAGE = [
    (DEMAND, b"not json"),
    (DEMAND, b'{"ts":"2026-01-01T00:00:00Z","watts":"lots"}'),
    (DEMAND, b'{"ts":"2026-01-01T00:00:00Z","watts":NaN}'),
    (DEMAND, b'{"ts":"2026-01-01T00:00:00Z","watts":-Infinity}'),
    (DEMAND, b'{"ts":"2026-01-01T00:00:00Z","watts":1e12}'),
    (IMPORT, b'{"ts":"2026-01-01T00:00:00Z","value":-3,"unit":"kWh"}'),
    (TARIFF, b'{"unit_rate_p_per_kwh":"free"}'),
    ("ihd/v1/water/import", b"{}"),
    (DEMAND, b'{"pad":"' + b"x" * 1_000_000 + b'"}'),
    (DEMAND, b"\xc3\x28"),
    (GLOW_ELEC, b'{"electricitymeter":{"timestamp":"2026-01-01T00:00:00Z","power":{"value":-8388.608}}}'),
]


def test_garbage_never_changes_what_is_shown(qtbot, broker, make_display, caplog):
    display = make_display({"bridge": {"broker": broker.url}, "display": {"unit": "energy"}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    pub = broker.publisher()
    pub.send(IMPORT, f'{{"ts":"{now_iso(120)}","value":100,"unit":"kWh"}}')
    pub.send(IMPORT, f'{{"ts":"{now_iso(60)}","value":101,"unit":"kWh"}}')
    pub.send(DEMAND, f'{{"ts":"{now_iso()}","watts":800}}')
    wait_text(qtbot, display.home.electricity.main, "0.80")
    wait_text(qtbot, display.home.electricity.today, "1.00")
    shown = texts(display)
    before = display.rejections.total
    caplog.set_level(logging.WARNING, logger="ihd.rejected")

    for topic, payload in GARBAGE:
        pub.send(topic, payload)
    backwards = f'{{"ts":"{now_iso()}","value":50,"unit":"kWh"}}'
    pub.send(IMPORT, backwards)
    expected = len(GARBAGE) + 1
    qtbot.waitUntil(lambda: display.rejections.total - before == expected, timeout=5000)
    display.figures.refresh()
    assert texts(display) == shown
    refused = [r for r in caplog.records if r.name == "ihd.rejected"]
    assert len(refused) == expected  # each logged once, with its reason
    assert any("backwards" in r.getMessage() for r in refused)
    assert any("-8388.608" in r.getMessage() for r in refused)
    pub.close()


def test_home_without_gas_hides_the_gas_panel(qtbot, broker, make_display):
    display = make_display({"bridge": {"broker": broker.url}, "gas": {"enabled": False}})
    assert display.home.gas.isHidden()
    assert display.home.electricity.isVisible()
