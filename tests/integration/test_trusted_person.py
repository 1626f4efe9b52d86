"""Tell someone I trust, as a charity would run it: the household names the person on its screen
and agrees; its pay-as-you-go meter (a simulated bridge on the home's mosquitto) goes into
emergency credit, off, back on and low again; each of those, and nothing else, arrives at the
centre (over the TLS bridge ihd configures) as one row in PostgreSQL and one run of the service's
alert program, and the withdrawal deletes them."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from centre_helpers import home_broker, rows
from prepay_bridge import SimBridge
from sharing_helpers import open_display

from ihd.core.consent import Category
from ihd.core.prepayment import Supply
from ihd.core.units import Fuel

pytestmark = pytest.mark.broker
THROUGH = "Warm Homes Advice"


def name_and_agree(qtbot, display, name, helper):
    """As the household does it: the switch, the name on the letter keys, who they are, then yes."""
    display.household.switch(Category.TRUSTED_PERSON, True)
    assert display.shared.current == "trusted"
    screen = display.trusted.screen
    for letter in name.upper():
        qtbot.mouseClick(screen.letters.keys[letter], qtbot_button())
    assert screen.name == name
    qtbot.mouseClick(screen.next, qtbot_button())
    qtbot.mouseClick(screen.helpers.buttons[helper], qtbot_button())
    qtbot.mouseClick(screen.done, qtbot_button())
    assert display.shared.current == "confirm"
    confirm = display.window.screen("confirm")
    assert name in confirm.text.text()
    qtbot.mouseClick(confirm.yes, qtbot_button())


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


@pytest.fixture
def pay_as_you_go_home(qtbot, tmp_path, centre, make_display):
    """A home bridged to the centre for trusted-person alerts, its prepayment meter behind a
    simulated bridge on the home's broker, and its display: (broker, bridge, display)."""
    ca, centre_mqtt, _collector = centre
    home = home_broker(tmp_path / "home", ca, centre_mqtt, "home-0042", ("trusted-person",))
    home.start()
    bridge = SimBridge(home.port)
    bridge.meter.friendly = None
    display = open_display(qtbot, home, make_display, datetime.now(UTC), {"consent": {"alerts_through": THROUGH}})
    qtbot.waitUntil(lambda: display.trusted.watch.situations.get(Fuel.ELECTRICITY) == "fine", timeout=10000)
    yield home, bridge, display
    bridge.close()
    home.stop()


def test_each_change_of_the_meter_reaches_the_centre_once_and_nothing_else(qtbot, centre, database,
                                                                          pay_as_you_go_home):
    heard = centre[2].alerts
    _home, bridge, display = pay_as_you_go_home
    meter, watch = bridge.meter, display.trusted.watch

    def meter_says(change, situation):
        change()
        display.clock.set_wall(datetime.now(UTC))
        bridge.publish_state()
        qtbot.waitUntil(lambda: watch.situations.get(Fuel.ELECTRICITY) == situation, timeout=10000)

    qtbot.waitUntil(lambda: watch.situations.get(Fuel.ELECTRICITY) == "fine", timeout=10000)
    meter_says(lambda: setattr(meter, "credit_p", Decimal(300)), "low")  # not on yet: followed, not told
    name_and_agree(qtbot, display, "Sam", "carer")
    assert display.consent.state.allows(Category.TRUSTED_PERSON)
    # the words the household saw are in the consent log, with the name
    qtbot.waitUntil(lambda: any("Sam (carer)" in r.statement for r in display.shared.reader().consent_log()),
                    timeout=5000)

    def emergency():
        meter.emergency_in_use, meter.credit_p = True, Decimal(-40)

    meter_says(emergency, "emergency")
    meter_says(meter.use_up_credit, "off")

    def topped_up():
        meter.emergency_in_use, meter.credit_p, meter.supply = False, Decimal(2000), Supply.ON

    meter_says(topped_up, "fine")
    meter_says(lambda: setattr(meter, "credit_p", Decimal(250)), "low")
    meter_says(lambda: setattr(meter, "credit_p", Decimal(240)), "low")  # still low: no news

    def alerts():
        return rows(database, "SELECT condition, fuel, person_name, person_helper, credit_p FROM trusted_alert "
                              "ORDER BY at, condition")

    wanted = [("emergency-credit", "electricity", "Sam", "carer", None),
              ("supply-off", "electricity", "Sam", "carer", None),
              ("supply-on", "electricity", "Sam", "carer", None),
              ("credit-low", "electricity", "Sam", "carer", None)]
    qtbot.waitUntil(lambda: alerts() == wanted, timeout=60000)
    qtbot.waitUntil(lambda: len(heard) == 4, timeout=5000)
    assert [(a.condition, link) for a, link in heard] == [(w[0], "home-0042") for w in wanted]
    qtbot.waitUntil(lambda: watch.waiting == [], timeout=5000)  # acknowledged, so never sent again
    me = display.shared.home_id
    assert rows(database, "SELECT DISTINCT home_id FROM trusted_alert") == [(me,)]

    # Withdrawn: the centre deletes the alerts, and a later change goes nowhere.
    display.household.switch(Category.TRUSTED_PERSON, False)
    qtbot.waitUntil(lambda: alerts() == [], timeout=15000)
    meter_says(meter.use_up_credit, "off")
    display.clock.advance(5)
    qtbot.wait(2000)
    assert alerts() == []
    assert watch.waiting == []


def test_what_changed_while_the_centre_was_away_arrives_once_when_it_is_back(qtbot, centre, database,
                                                                             pay_as_you_go_home):
    _ca, centre_mqtt, collector = centre
    _home, bridge, display = pay_as_you_go_home
    watch = display.trusted.watch
    name_and_agree(qtbot, display, "Jo", "family")
    centre_mqtt.stop()  # the link to the centre is cut: the home's broker keeps what comes
    bridge.meter.credit_p = Decimal(100)
    display.clock.set_wall(datetime.now(UTC))
    bridge.publish_state()
    qtbot.waitUntil(lambda: watch.situations.get(Fuel.ELECTRICITY) == "low", timeout=10000)
    qtbot.waitUntil(lambda: watch.waiting == [], timeout=10000)  # the home's broker has it
    centre_mqtt.start()
    qtbot.waitUntil(lambda: rows(database, "SELECT condition, person_name, person_helper FROM trusted_alert")
                    == [("credit-low", "Jo", "family")], timeout=60000)
    qtbot.wait(1000)
    assert len(collector.alerts) == 1
