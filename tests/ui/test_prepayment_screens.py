"""The prepayment demo as a newcomer tries it: read the balance, enter a code with the big keys,
see a mistyped digit caught, see the credit rise, and bring an armed supply back on."""

from datetime import UTC, datetime
from decimal import Decimal as D

from PySide6.QtCore import Qt

from ihd.core import utrn
from ihd.core.account_view import Action, Stage
from ihd.core.clock import ManualClock
from ihd.core.units import Fuel

NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # outside the demo meter's friendly hours


def demo(qtbot, make_display, **config):
    display = make_display(config or None, demo="prepayment", clock=ManualClock(NOON))
    qtbot.waitUntil(lambda: display.figures.view().electricity.account, timeout=5000)
    qtbot.waitUntil(lambda: display.home.electricity.when.text() == "Credit", timeout=2000)  # and on screen
    return display


def next_reading(qtbot, display):
    """The demo's meter reports again, at once; on, once what it reported is in (however long
    a busy machine takes)."""
    with display.demo._lock:
        credit = display.demo._meter.credit_p
    display.demo._nudge.set()

    def arrived() -> bool:
        account = display.figures.live.snapshot().account
        return account is not None and account.prepayment[Fuel.ELECTRICITY].credit_p == credit

    qtbot.waitUntil(arrived, timeout=10_000)
    display.figures.refresh()


def press(qtbot, screen, code):
    for digit in code:
        qtbot.mouseClick(screen.keypad.keys[digit], Qt.MouseButton.LeftButton)


def test_a_newcomer_tops_up_and_brings_the_supply_back(qtbot, make_display):
    display = demo(qtbot, make_display)
    assert display.home.electricity.main.value_text == "£8.50"
    assert display.home.electricity.when.text() == "Credit"
    # The supply goes off (the demo's button), and the home screen says so in words.
    display.window.show_screen("prepayment")
    display.account.screen.scroll.ensureWidgetVisible(display.account.screen.run_out)  # below the fold
    qtbot.mouseClick(display.account.screen.run_out, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: display.figures.view().electricity.alert_kind == "supply-off", timeout=5000)
    # A code with one digit wrong is caught before it goes anywhere.
    code = display.demo.codes()[0]
    top_up = display.account.screen.cards[Fuel.ELECTRICITY].buttons[Action.TOP_UP]
    display.account.screen.scroll.ensureWidgetVisible(top_up)
    qtbot.mouseClick(top_up, Qt.MouseButton.LeftButton)
    screen = display.account.topup_screen
    assert screen.hint.text() == f"Demo: try the code {utrn.grouped(code)}"
    wrong = code[:-1] + str((int(code[-1]) + 3) % 10)
    press(qtbot, screen, wrong)
    qtbot.mouseClick(screen.check, Qt.MouseButton.LeftButton)
    assert screen.message.property("warning") is True
    assert "a digit is wrong" in screen.message.text()
    qtbot.mouseClick(screen.keypad.keys["erase"], Qt.MouseButton.LeftButton)
    press(qtbot, screen, code[-1])
    qtbot.mouseClick(screen.check, Qt.MouseButton.LeftButton)
    assert screen.message.text() == "Add £5.00 to your electricity?"
    qtbot.mouseClick(screen.send, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: display.account.topup.stage is Stage.DONE, timeout=5000)
    assert "ready to come back on" in screen.message.text()
    assert screen.digits == ""  # the used code is gone from the box
    assert "0 of 20 digits" in screen.code.accessibleName()
    assert display.window.focusWidget() is screen.back_button  # focus on a named place
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert display.window.current == "prepayment"
    # Armed: the household checks the appliances and turns it on.
    card = display.account.screen.cards[Fuel.ELECTRICITY]
    qtbot.waitUntil(lambda: card.buttons[Action.ENABLE_SUPPLY].isVisible(), timeout=5000)
    display.figures.refresh()  # the screen as it stands once the news is shown, then scrolled to and tapped
    display.account.screen.scroll.ensureWidgetVisible(card.buttons[Action.ENABLE_SUPPLY])
    qtbot.mouseClick(card.buttons[Action.ENABLE_SUPPLY], Qt.MouseButton.LeftButton)
    # a finger's press in a scroll area is held back a moment (is it a drag?) before it lands
    qtbot.waitUntil(lambda: display.window.current == "confirm", timeout=3000)
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: display.figures.view().electricity.alert_kind == "none", timeout=5000)
    assert display.home.electricity.main.value_text == "£5.00"
    assert display.demo.codes()[0] != code  # that one is spent; the hint offers the next


def test_low_credit_is_said_once_not_on_every_reading(qtbot, make_display):
    display = demo(qtbot, make_display, speech={"engine": "mock", "speak_changes": True})
    with display.demo._lock:
        display.demo._meter.credit_p = D(480)
    for _ in range(5):
        next_reading(qtbot, display)
        with display.demo._lock:
            display.demo._meter.credit_p -= D(1)  # the pennies fall with each reading
    spoken = [s for s in display.voice.speaker.said if "Credit is low" in s]
    assert spoken == ["Electricity: Credit is low: £4.80 left."]
    assert display.home.electricity.alert.isVisible()


def test_the_keyboard_types_a_code_and_a_screen_reader_hears_it_in_groups(qtbot, make_display):
    display = demo(qtbot, make_display, speech={"engine": "mock", "speak_changes": True})
    display.account.open_top_up(Fuel.ELECTRICITY)
    screen = display.account.topup_screen
    qtbot.keyClicks(screen, "73947")
    assert screen.code.text() == "7394 7___ ____ ____ ____"
    assert screen.code.accessibleName() == "Top-up code, 5 of 20 digits: 7 3 9 4, 7"
    qtbot.keyClick(screen, Qt.Key.Key_Backspace)
    assert screen.digits == "7394"
    assert not screen.check.isEnabled()  # not until all twenty are in
    qtbot.keyClicks(screen, "7252416745201637")
    assert screen.check.isEnabled()
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert display.account.topup.stage is Stage.CONFIRM
    assert screen.message.text() == "Add £12.34 to your electricity?"
    # focus goes to Send: a screen reader hears there what it will do, and speech says it
    assert screen.focusWidget() is screen.send
    assert (screen.send.accessibleName(), screen.send.accessibleDescription()) == (
        "Send", "Add £12.34 to your electricity?")
    assert display.voice.speaker.said[-1] == "Add £12.34 to your electricity?"
    qtbot.keyClick(screen.send, Qt.Key.Key_Tab)
    assert screen.focusWidget() is screen.change
    qtbot.wait(1500)  # the screen is shown again each second: the focus stays where the user put it
    assert screen.focusWidget() is screen.change
    qtbot.mouseClick(screen.change, Qt.MouseButton.LeftButton)
    assert display.account.topup.stage is Stage.ENTER


def test_a_credit_home_has_no_prepayment_screen_furniture(qtbot, make_display):
    display = make_display(demo=True, clock=ManualClock(NOON))
    qtbot.waitUntil(display.settled, timeout=5000)
    view = display.figures.view()
    assert not view.electricity.account
    assert not display.home.electricity.actions.isVisible()
    display.window.show_screen("prepayment")
    assert display.account.screen.empty.isVisible()


def test_the_glance_view_shows_the_balance_by_name(qtbot, make_display):
    display = demo(qtbot, make_display)
    display.window.show_screen("glance")
    display.figures.refresh()
    assert display.window.screen("glance").figure.text() == "Credit: £8.50"


def test_the_lamp_says_the_supply_is_off_across_the_room_and_in_the_guest_view(qtbot, make_display):
    display = demo(qtbot, make_display)
    display.window.show_screen("prepayment")
    display.account.screen.scroll.ensureWidgetVisible(display.account.screen.run_out)
    qtbot.mouseClick(display.account.screen.run_out, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: display.home.band.property("level") == "supply-off", timeout=5000)
    assert display.home.band.word.text() == "■ Electricity off"
    assert "Top up" in display.home.band.reason.text()
    display.window.show_screen("glance")
    assert display.window.screen("glance").property("level") == "supply-off"
    assert display.window.screen("glance").word.text() == "Electricity off"
    # The lodger sees the alert in words, without the balance.
    display.household.set_guest(True)
    display.window.show_screen("home")
    display.figures.refresh()
    assert display.home.band.property("level") == "supply-off"
    assert "£" not in display.home.band.accessibleName()
    assert display.figures.view().electricity.account is False  # the balance panel is not shown
