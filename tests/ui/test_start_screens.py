"""`--screen topup` and `--screen consent`: a tester starts where a tap would have led."""

from dataclasses import replace

from ihd.core.household import PinHash
from ihd.ui.layout_check import missing_essentials


def test_the_top_up_screen_at_start_waits_for_a_code(qtbot, make_display):
    display = make_display(demo="prepayment")
    qtbot.waitUntil(display.settled, timeout=5000)
    display._show_first("topup")  # as --screen topup does at start
    assert display.window.current == "topup"
    assert display.account.topup_screen.keypad.keys["1"].hasFocus()
    assert missing_essentials(display.window, display.account.topup_screen) == []
    display.account.topup_screen.back.emit()
    assert display.window.current == "home"


def test_your_data_at_start_is_behind_the_household_pin(qtbot, make_display):
    display = make_display(demo=True)
    qtbot.waitUntil(display.settled, timeout=5000)
    display._show_first("consent")
    assert display.window.current == "consent"  # no PIN set: nothing to ask
    display.window.show_screen("home")
    household = display.household
    household.house = replace(household.house, pin=PinHash.of("2580"))
    display._show_first("consent")
    assert display.window.current == "pin"


def test_only_home_is_built_at_start_and_each_screen_once(make_display, qtbot):
    display = make_display(demo="prepayment")
    assert set(display.window.screens) == {"home"}
    others = ["settings", "history", "glance", "prepayment", "topup", "consent", "pin", "about", "confirm"]
    for name in others:
        display.window.show_screen(name)
        built = display.window.screens[name]
        assert built.isEnabled()
        assert display.window.current == name
        display.window.show_screen("home")
        assert not built.isEnabled()  # hidden and disabled, as every screen not on show
        display.window.show_screen(name)
        assert display.window.screens[name] is built
    assert set(display.window.screens) == {"home", *others}
