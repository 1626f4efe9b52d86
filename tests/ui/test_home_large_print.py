"""Large print on the landscape panel: one fuel at a time, its figures in sight, the other a tap away."""

from PySide6.QtCore import Qt

from ihd.core.clock import ManualClock
from ihd.gallery import EVENING
from ihd.ui.layout_check import missing_essentials


def test_one_fuel_at_a_time_with_a_button_naming_the_other(qtbot, make_display):
    display = make_display(demo=True, clock=ManualClock(EVENING))
    qtbot.waitUntil(display.settled, timeout=5000)
    home = display.home
    assert home.electricity.isVisible()
    assert home.gas.isVisible()
    assert not home.other_fuel.isVisible()
    display.choices.set_profile("large-print")
    qtbot.wait(10)
    assert home.electricity.isVisible()
    assert not home.gas.isVisible()
    assert home.other_fuel.accessibleName() == "Gas"  # its words, without the arrow
    assert home.other_fuel.accessibleDescription() == "Show gas"
    qtbot.waitUntil(lambda: missing_essentials(display.window, home) == [], timeout=3000)  # once re-fitted
    qtbot.mouseClick(home.other_fuel, Qt.MouseButton.LeftButton)
    qtbot.wait(10)
    assert home.gas.isVisible()
    assert not home.electricity.isVisible()
    assert home.other_fuel.accessibleName() == "Electricity"
    assert home.other_fuel.accessibleDescription() == "Show electricity"
    qtbot.waitUntil(lambda: missing_essentials(display.window, home) == [], timeout=3000)  # once re-fitted
    display.choices.set_profile("standard")  # and back: both again
    qtbot.wait(10)
    assert home.electricity.isVisible()
    assert home.gas.isVisible()
    assert not home.other_fuel.isVisible()
