"""Prepayment end to end: the display on a real mosquitto, a simulated prepayment meter behind a
bridge, and a household tapping the screen."""

import time
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from prepay_bridge import SimBridge
from PySide6.QtCore import Qt

from ihd.core import utrn
from ihd.core.account_view import Action, Stage
from ihd.core.clock import ManualClock
from ihd.core.prepayment import PaymentMode, Supply
from ihd.han.prepay_sim import PrepaymentMeter, genuine_code


@pytest.fixture
def bridge(broker):
    made = []

    def make(**kw):
        made.append(SimBridge(broker.port, **kw))
        return made[-1]

    yield make
    for b in made:
        b.close()


def open_display(qtbot, make_display, broker):
    clock = ManualClock(datetime.now(UTC))
    display = make_display({"bridge": {"broker": broker.url}}, clock=clock)
    qtbot.waitUntil(lambda: display.figures.view().electricity.account, timeout=5000)
    qtbot.waitUntil(lambda: display.home.electricity.main.value_text != "–", timeout=2000)  # and on screen
    return display


def top_up(qtbot, display, code):
    """As a person does it: Top up on the home screen, the digits, Check code, Send."""
    button = display.home.electricity.buttons[Action.TOP_UP]
    display.home.scroll.ensureWidgetVisible(button)  # scrolled to, as a finger would
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    screen = display.account.topup_screen
    # a press in a scroll area is held back a moment (is it a drag?) before it lands
    qtbot.waitUntil(lambda: display.window.current == "topup", timeout=3000)
    qtbot.keyClicks(screen, code)
    assert screen.code.text() == utrn.grouped(code)
    qtbot.mouseClick(screen.check, Qt.MouseButton.LeftButton)
    return screen


def send(qtbot, display, screen):
    assert display.account.topup.stage is Stage.CONFIRM
    qtbot.mouseClick(screen.send, Qt.MouseButton.LeftButton)


def balance(display):
    return display.home.electricity.main.value_text


def test_an_accepted_code_raises_the_credit(qtbot, broker, bridge, make_display, caplog):
    caplog.set_level("DEBUG")
    sim = bridge()
    display = open_display(qtbot, make_display, broker)
    assert balance(display) == "£10.00"
    screen = top_up(qtbot, display, genuine_code(1234, 7))
    assert screen.message.text() == "Add £12.34 to your electricity?"
    send(qtbot, display, screen)
    qtbot.waitUntil(lambda: display.account.topup.stage is Stage.DONE, timeout=5000)
    assert screen.message.text() == "Top-up accepted: £12.34 added. Your credit is now £22.34."
    qtbot.waitUntil(lambda: balance(display) == "£22.34", timeout=5000)
    assert sim.meter.credit_p == D(2234)
    assert display.figures.live.snapshot().account.top_ups[display.figures.view().electricity.fuel][0].code_ending == \
        genuine_code(1234, 7)[-4:]
    assert "…" + genuine_code(1234, 7)[-4:] in caplog.text  # logged, but only its last four digits
    assert genuine_code(1234, 7)[:16] not in caplog.text


def test_a_mistyped_digit_is_caught_before_anything_is_sent(qtbot, broker, bridge, make_display):
    sim = bridge()
    display = open_display(qtbot, make_display, broker)
    good = genuine_code(1000, 8)
    wrong = good[:5] + str((int(good[5]) + 1) % 10) + good[6:]
    screen = top_up(qtbot, display, wrong)
    assert display.account.topup.stage is Stage.ENTER
    assert "a digit is wrong, or two are the wrong way round" in screen.message.text()
    assert sim.heard == []
    # Put it right: delete back to the mistake, and type the rest again.
    for _ in range(15):
        qtbot.keyClick(screen, Qt.Key.Key_Backspace)
    qtbot.keyClicks(screen, good[5:])
    assert screen.message.text() == ""  # typing again clears the complaint
    qtbot.mouseClick(screen.check, Qt.MouseButton.LeftButton)
    send(qtbot, display, screen)
    qtbot.waitUntil(lambda: display.account.topup.stage is Stage.DONE, timeout=5000)
    assert [name for name, _id in sim.heard] == ["top-up"]


def test_a_code_the_meter_refuses_is_explained_and_counts_towards_the_lock(qtbot, broker, bridge, make_display):
    bridge(meter=PrepaymentMeter(D("24.67"), D("57.21"), credit_p=D(1000), debt_p=D(0), friendly=None, strict=True))
    display = open_display(qtbot, make_display, broker)
    forged = utrn.make(2000, 9, 42)  # well formed: only the meter can tell it is not genuine
    screen = top_up(qtbot, display, forged)
    send(qtbot, display, screen)
    qtbot.waitUntil(lambda: display.account.topup.stage is Stage.DONE, timeout=5000)
    assert screen.message.text() == ("The meter did not accept this code. Check it against your receipt and "
                                     "try again.")
    assert display.account.lock.wrong == 1
    assert balance(display) == "£10.00"


def test_more_credit_than_the_meter_holds_is_refused(qtbot, broker, bridge, make_display):
    sim = bridge()
    sim.meter.credit_p = D(24_000)
    sim.publish_state()
    display = open_display(qtbot, make_display, broker)
    screen = top_up(qtbot, display, genuine_code(2000, 14))
    send(qtbot, display, screen)
    qtbot.waitUntil(lambda: display.account.topup.stage is Stage.DONE, timeout=5000)
    assert screen.message.text() == ("The meter cannot hold that much credit. Use this code later, when your "
                                     "credit is lower.")
    assert screen.message.property("warning") is True
    assert sim.meter.credit_p == D(24_000)


def test_a_code_already_used_at_the_meter_is_a_duplicate_explained_plainly(qtbot, broker, bridge, make_display):
    code = genuine_code(500, 10)
    sim = bridge()
    sim.meter.used_codes.add(code)  # typed in at the meter's own keypad last week
    display = open_display(qtbot, make_display, broker)
    screen = top_up(qtbot, display, code)
    send(qtbot, display, screen)
    qtbot.waitUntil(lambda: display.account.topup.stage is Stage.DONE, timeout=5000)
    assert "used already, so no credit was added again" in screen.message.text()
    # The display will not send it a second time either: it says when it was sent and what came of it.
    qtbot.keyClick(screen, Qt.Key.Key_Delete)
    qtbot.keyClicks(screen, code)
    qtbot.mouseClick(screen.check, Qt.MouseButton.LeftButton)
    assert "the meter refused it" in screen.message.text()
    assert [name for name, _id in sim.heard] == ["top-up"]


def test_a_bridge_that_never_answers_times_out_with_advice(qtbot, broker, bridge, make_display):
    sim = bridge(answering=False)
    display = open_display(qtbot, make_display, broker)
    screen = top_up(qtbot, display, genuine_code(800, 11))
    send(qtbot, display, screen)
    qtbot.waitUntil(lambda: len(sim.heard) == 1, timeout=5000)
    assert screen.message.text() == "Sending the code to the meter…"
    display.clock.advance(25)
    display.account.tick()
    assert "Still waiting for the meter" in screen.message.text()
    assert screen.stop.isVisible()
    display.clock.advance(40)
    display.account.tick()  # sent again, with the same id
    qtbot.waitUntil(lambda: len(sim.heard) >= 2, timeout=5000)
    assert len({request_id for _name, request_id in sim.heard}) == 1
    display.clock.advance(15 * 60)
    display.account.tick()
    assert display.account.topup.stage is Stage.DONE
    assert screen.message.text().startswith("The meter did not answer. Check your credit")
    assert display.account.channel.pending == {}


def test_a_top_up_pending_while_the_broker_restarts_is_applied_exactly_once(qtbot, broker, bridge, make_display):
    sim = bridge()
    display = open_display(qtbot, make_display, broker)
    broker.stop()
    qtbot.waitUntil(lambda: not display.account.channel.connected, timeout=30000)
    screen = top_up(qtbot, display, genuine_code(1500, 12))
    send(qtbot, display, screen)
    assert display.account.topup.stage is Stage.WAITING
    broker.start()  # the same port; the display and the bridge both find it again

    last = [time.monotonic()]

    def answered():  # each real second, half a minute passes: the display asks again if need be
        if time.monotonic() - last[0] >= 1:
            last[0] = time.monotonic()
            display.clock.advance(31)
            display.account.tick()
        return display.account.topup.stage is Stage.DONE

    qtbot.waitUntil(answered, timeout=40000)
    assert screen.message.text() == "Top-up accepted: £15.00 added. Your credit is now £25.00."
    assert sim.meter.credit_p == D(2500)
    assert sim.meter.top_ups[0][1] == D(1500)
    assert len(sim.meter.top_ups) == 1


def test_five_wrong_codes_lock_the_keypad_for_a_minute_with_a_countdown(qtbot, broker, bridge, make_display):
    bridge()
    display = open_display(qtbot, make_display, broker)
    wrong = "73947252416745201638"
    screen = top_up(qtbot, display, wrong)
    for _ in range(4):
        qtbot.mouseClick(screen.check, Qt.MouseButton.LeftButton)
    assert screen.message.text() == "Too many wrong codes. Try again in 60 seconds."
    assert not screen.keypad.keys["5"].isEnabled()
    qtbot.keyClick(screen, Qt.Key.Key_Backspace)
    assert screen.digits == wrong  # a locked keypad takes nothing, from the keyboard either
    display.clock.advance(59)
    display.account.tick()
    assert screen.message.text() == "Too many wrong codes. Try again in 1 second."
    display.clock.advance(1)
    display.account.tick()
    assert screen.keypad.keys["5"].isEnabled()
    assert screen.message.text() == ""


def test_the_keypad_lock_is_kept_across_a_restart(qtbot, broker, bridge, make_display):
    bridge()
    display = open_display(qtbot, make_display, broker)
    screen = top_up(qtbot, display, "73947252416745201638")
    for _ in range(4):
        qtbot.mouseClick(screen.check, Qt.MouseButton.LeftButton)
    assert not screen.keypad.keys["5"].isEnabled()
    display.writer.flush(10)
    display.clock.advance(20)
    # the display started afresh on the same data, 20 s later: a new monotonic clock, the same wall time
    again = make_display({"bridge": {"broker": broker.url}}, clock=ManualClock(display.clock.now()))
    qtbot.waitUntil(lambda: again.figures.view().electricity.account, timeout=5000)
    qtbot.mouseClick(again.home.electricity.buttons[Action.TOP_UP], Qt.MouseButton.LeftButton)
    again.account.tick()
    assert again.account.topup_screen.message.text() == "Too many wrong codes. Try again in 40 seconds."
    assert not again.account.topup_screen.keypad.keys["5"].isEnabled()


def test_emergency_credit_is_asked_about_then_turned_on(qtbot, broker, bridge, make_display):
    sim = bridge()
    sim.meter.credit_p = D(150)  # below the £5 line: the meter offers emergency credit
    sim.publish_state()
    display = open_display(qtbot, make_display, broker)
    qtbot.waitUntil(lambda: Action.EMERGENCY_CREDIT in display.figures.view().electricity.actions, timeout=5000)
    assert display.figures.view().electricity.alert == "Credit is low: £1.50 left."
    qtbot.mouseClick(display.home.electricity.buttons[Action.EMERGENCY_CREDIT], Qt.MouseButton.LeftButton)
    assert display.window.current == "confirm"
    assert "It is a loan" in display.window.screen("confirm").text.text()
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    assert display.window.current == "home"
    qtbot.waitUntil(lambda: sim.meter.emergency_in_use, timeout=5000)
    qtbot.waitUntil(lambda: display.figures.view().electricity.alert_kind == "emergency-in-use", timeout=5000)
    assert display.account.screen.status.text() == "Emergency credit is on."


def test_not_now_changes_nothing(qtbot, broker, bridge, make_display):
    sim = bridge()
    sim.meter.credit_p = D(150)
    sim.publish_state()
    display = open_display(qtbot, make_display, broker)
    qtbot.waitUntil(lambda: Action.EMERGENCY_CREDIT in display.figures.view().electricity.actions, timeout=5000)
    qtbot.mouseClick(display.home.electricity.buttons[Action.EMERGENCY_CREDIT], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(display.window.screen("confirm").no, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert sim.heard == []
    assert not sim.meter.emergency_in_use


def test_a_top_up_arms_the_supply_and_the_household_turns_it_on(qtbot, broker, bridge, make_display):
    sim = bridge()
    sim.meter.use_up_credit()
    sim.publish_state()
    display = open_display(qtbot, make_display, broker)
    qtbot.waitUntil(lambda: display.figures.view().electricity.alert_kind == "supply-off", timeout=5000)
    assert display.figures.view().electricity.alert.startswith("Your electricity is off")
    screen = top_up(qtbot, display, genuine_code(2000, 13))
    send(qtbot, display, screen)
    qtbot.waitUntil(lambda: display.account.topup.stage is Stage.DONE, timeout=5000)
    assert "Your electricity is ready to come back on" in screen.message.text()
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: Action.ENABLE_SUPPLY in display.figures.view().electricity.actions, timeout=5000)
    assert "Check that cookers, heaters and irons are off" in display.figures.view().electricity.alert
    button = display.home.electricity.buttons[Action.ENABLE_SUPPLY]
    qtbot.waitUntil(button.isVisible, timeout=2000)  # on screen, as a person sees it, before the tap
    display.home.scroll.ensureWidgetVisible(button)  # scrolled to, as a finger would
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    # a press in a scroll area is held back a moment (is it a drag?) before it lands
    qtbot.waitUntil(lambda: "hair straighteners" in display.window.screen("confirm").text.text(), timeout=3000)
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sim.meter.supply is Supply.ON, timeout=5000)
    qtbot.waitUntil(lambda: display.figures.view().electricity.alert == "", timeout=5000)
    assert display.account.screen.status.text() == "Your electricity is back on."


@pytest.mark.parametrize(("accept", "mode"), [(True, PaymentMode.PREPAYMENT), (False, PaymentMode.CREDIT)])
def test_a_switch_to_prepayment_waits_for_the_households_answer(qtbot, broker, bridge, make_display, accept, mode):
    sim = bridge()
    sim.meter.mode = PaymentMode.CREDIT
    sim.meter.propose("p-1", PaymentMode.PREPAYMENT, SimBridge.now(), "About your unpaid bills.")
    sim.publish_state()
    clock = ManualClock(datetime.now(UTC))
    display = make_display({"bridge": {"broker": broker.url}}, clock=clock)
    qtbot.waitUntil(lambda: display.home.news.isVisible(), timeout=5000)
    assert display.home.news.accessibleName() == "Your supplier is asking you something about how you pay."
    assert not display.figures.view().electricity.account  # a credit meter: no balance on the home screen
    qtbot.mouseClick(display.home.news, Qt.MouseButton.LeftButton)
    assert display.window.current == "prepayment"
    card = display.account.screen
    buttons = {b.text(): b for b in card.findChildren(type(display.home.news)) if b.isVisible()}
    qtbot.wait(200)
    assert sim.meter.mode is PaymentMode.CREDIT  # nothing has changed by looking
    if accept:
        qtbot.mouseClick(buttons["Accept…"], Qt.MouseButton.LeftButton)
        assert display.window.current == "confirm"
        assert "Nothing changes unless you accept" in display.window.screen("confirm").text.text()
        assert display.window.screen("confirm").note.text() == "Your supplier says: About your unpaid bills."
        qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(buttons["Decline"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sim.meter.proposals == [], timeout=5000)
    assert sim.meter.mode is mode
    qtbot.waitUntil(lambda: display.account.screen.status.text() == "Your answer has been sent to your supplier.",
                    timeout=5000)
    qtbot.waitUntil(lambda: display.figures.view().news == "", timeout=5000)  # the question is gone
    assert display.figures.view().electricity.account is accept  # now on pay as you go, or still on credit


def test_a_message_is_confirmed_as_read(qtbot, broker, bridge, make_display):
    sim = bridge()
    sim.meter.messages.append({"id": "9", "ts": "2026-11-20T09:00:00Z", "text": "Price change from 1 January.",
                               "importance": "medium", "confirm": True})
    sim.publish_state()
    display = open_display(qtbot, make_display, broker)
    qtbot.waitUntil(lambda: display.figures.view().news_short == "1 message", timeout=5000)
    assert display.home.electricity.more.text() == "✉ 1 message"
    qtbot.mouseClick(display.home.electricity.more, Qt.MouseButton.LeftButton)
    assert display.window.current == "prepayment"
    read = next(b for b in display.account.screen.findChildren(type(display.home.news))
                if b.text() == "I have read this" and b.isVisible())
    display.account.screen.scroll.ensureWidgetVisible(read)  # below the fold at 800x480: scroll to it
    qtbot.mouseClick(read, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sim.meter.messages[0].get("confirmed") is True, timeout=5000)
    qtbot.waitUntil(lambda: display.figures.view().news_short == "", timeout=5000)


def test_a_read_only_bridge_shows_balances_without_buttons(qtbot, broker, make_display):
    pub = broker.publisher()
    pub.send("ihd/v1/capabilities", b'{"contract": "ihd/v1", "commands": []}', retain=True)
    pub.send("ihd/v1/electricity/prepayment", f'{{"ts": "{SimBridge.now():%Y-%m-%dT%H:%M:%SZ}", '
             '"mode": "prepayment", "credit_p": 420}'.encode(), retain=True)
    display = open_display(qtbot, make_display, broker)
    view = display.figures.view().electricity
    assert view.main.value == "£4.20"
    assert view.actions == ()
    assert view.alert == "Credit is low: £4.20 left."
    display.window.show_screen("prepayment")
    qtbot.waitUntil(display.account.screen.read_only.isVisible, timeout=2000)  # at the screen's next refresh
    pub.close()
