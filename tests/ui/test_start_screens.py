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


def test_home_is_drawn_before_the_history_and_the_data_start(make_display, qtbot):
    """The first frame is home's alone: the history's file, the data and the timers start after it."""
    display = make_display(demo=True)
    assert display.writer.flush(5)
    assert display.store._history is None  # not opened: nothing queued for it yet
    assert display.shared._reader is None  # nor read for home's comparison with yesterday
    assert display.demo._thread is None
    assert not display._timer.isActive()
    display.seed_demo_history()  # too soon: the history is not open, so it waits for its turn
    assert not display.demo_seeded
    with qtbot.waitSignal(display.window.first_painted, timeout=5000):
        pass
    assert display.window.current == "home"
    qtbot.waitUntil(lambda: display._timer.isActive() and display.demo._thread is not None, timeout=5000)
    qtbot.waitUntil(display.settled, timeout=5000)  # the figures follow
    compared = lambda: display.glance_line.glance(display.clock.now()).compared  # noqa: E731
    qtbot.waitUntil(lambda: compared() != "", timeout=5000)  # and home's comparison with yesterday


def test_a_window_never_drawn_still_gets_its_data(make_display, qtbot):
    """No screen attached, no first frame: the rest starts a moment later all the same."""
    display = make_display(demo=True)
    display.window.first_painted.disconnect(display._run)  # as if the frame never came
    with qtbot.waitSignal(display.window.first_painted, timeout=5000):
        pass
    assert display.demo._thread is None  # the frame alone started nothing
    qtbot.waitUntil(lambda: display.demo._thread is not None, timeout=3000)
    qtbot.waitUntil(display.settled, timeout=5000)
