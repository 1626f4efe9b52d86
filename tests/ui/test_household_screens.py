"""Your data, as a householder uses it: switches that ask before sharing, detail deleted when
withdrawn, the PIN and its growing lock, the guest view, the wipe, and the export."""

import csv
import json
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from ihd.core.clock import ManualClock
from ihd.core.consent import Category
from ihd.store.db import connect
from ihd.store.export import gather

EVENING = datetime(2026, 1, 15, 18, 20, tzinfo=UTC)


def open_data(qtbot, make_display, demo=True, **config):
    display = make_display(config or None, demo=demo, clock=ManualClock(EVENING))
    qtbot.waitUntil(lambda: display.consent.loaded, timeout=5000)
    display.window.show_screen("settings")
    display.choices.screen.scroll.ensureWidgetVisible(display.choices.screen.data)
    qtbot.mouseClick(display.choices.screen.data, Qt.MouseButton.LeftButton)
    assert display.window.current == "consent"
    return display


def tap(qtbot, display, widget):
    """As a finger does: on screen first (scrolled to), then tapped."""
    scroll = getattr(display.window.screens[display.window.current], "scroll", None)
    if scroll is not None:
        scroll.ensureWidgetVisible(widget)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_pin(qtbot, display, pin):
    screen = display.household.pin_screen
    assert display.window.current == "pin"
    for digit in pin:
        qtbot.mouseClick(screen.keypad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.ok, Qt.MouseButton.LeftButton)


def set_pin(qtbot, display, pin="2468"):
    tap(qtbot, display, display.household.screen.tools["pin"])
    type_pin(qtbot, display, pin)
    type_pin(qtbot, display, pin)
    assert display.household.screen.status.text() == "The household PIN is set."


def test_switching_on_asks_first_and_switching_off_takes_effect_at_once(qtbot, make_display):
    display = open_data(qtbot, make_display)
    card = display.household.screen.cards[Category.SUPPLIER_DAILY]
    assert card.switch.text() == "Off"
    assert "Off (as it starts)" in card.state.text()
    tap(qtbot, display, card.switch)
    assert display.window.current == "confirm"
    assert display.window.screen("confirm").text.text() == (
        "If you agree, this will be sent: What: how much electricity and gas you used each day, in total. Who: your "
        "energy supplier, through the bridge. How often: once a day, after midnight.")
    qtbot.mouseClick(display.window.screen("confirm").no, Qt.MouseButton.LeftButton)
    assert not display.consent.state.allows(Category.SUPPLIER_DAILY)
    assert not card.switch.isChecked()
    tap(qtbot, display, card.switch)
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    assert display.window.current == "consent"
    assert display.consent.state.allows(Category.SUPPLIER_DAILY)
    assert card.switch.text() == "On"
    assert card.state.text() == "On since 15 Jan 2026"
    # a reader going from switch to switch hears which one: the word on it, then the card's title
    assert card.switch.accessibleName() == "On: Daily use, to your energy supplier"
    assert {c.switch.accessibleName() for c in display.household.screen.cards.values()} >= {
        "Off: " + c.title.text() for c in display.household.screen.cards.values() if not c.switch.isChecked()}
    tap(qtbot, display, card.switch)
    assert not display.consent.state.allows(Category.SUPPLIER_DAILY)  # at once: no question
    assert display.household.screen.status.text().startswith("Switched off: nothing more will be sent.")
    display.writer.flush(5)
    tap(qtbot, display, display.household.screen.tools["log"])
    log = display.household.screen.log.text().splitlines()
    assert log == ["15 Jan 2026, 18:20: Daily use, to your energy supplier: switched off",
                   "15 Jan 2026, 18:20: Daily use, to your energy supplier: switched on"]
    (_first, second) = display.shared.reader().consent_log()
    assert second.statement.startswith("Daily use, to your energy supplier\nWhat: how much")


def test_a_service_not_set_up_cannot_be_switched_on(qtbot, make_display):
    display = open_data(qtbot, make_display)
    card = display.household.screen.cards[Category.THIRD_PARTY]
    assert not card.switch.isEnabled()
    assert "No outside service is set up" in card.state.text()
    named = open_data(qtbot, make_display, consent={"third_party_name": "Warm Homes Advice"})
    assert named.household.screen.cards[Category.THIRD_PARTY].title.text() == \
        "Half-hourly use, to Warm Homes Advice"


def test_withdrawing_detailed_history_deletes_the_detail_and_keeps_the_days(qtbot, make_display):
    display = open_data(qtbot, make_display)
    display.seed_demo_history()
    display.writer.flush(10)
    db = connect(display.history_path)
    today = int(datetime(2026, 1, 15, tzinfo=UTC).timestamp())
    before_days = db.execute("SELECT day, kwh FROM day WHERE day < '2026-01-15' ORDER BY day").fetchall()
    assert db.execute("SELECT COUNT(*) FROM slot WHERE start < ?", (today,)).fetchone()[0] > 10_000
    tap(qtbot, display, display.household.screen.cards[Category.DETAILED_HISTORY].switch)
    assert display.window.current == "confirm"  # it deletes: a question first, and "no" keeps it all
    assert display.window.screen("confirm").title.text() == "Switch detailed history off?"
    qtbot.mouseClick(display.window.screen("confirm").no, Qt.MouseButton.LeftButton)
    assert display.consent.state.allows(Category.DETAILED_HISTORY)
    assert display.household.screen.cards[Category.DETAILED_HISTORY].switch.isChecked()
    tap(qtbot, display, display.household.screen.cards[Category.DETAILED_HISTORY].switch)
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    assert display.household.screen.status.text().startswith("Detailed history is off.")
    display.writer.flush(10)
    assert db.execute("SELECT COUNT(*) FROM slot WHERE start < ?", (today,)).fetchone()[0] == 0
    assert db.execute("SELECT day, kwh FROM day WHERE day < '2026-01-15' ORDER BY day").fetchall() == before_days
    db.close()


def test_the_pin_guards_settings_and_wrong_pins_lock_for_longer_each_time(qtbot, make_display):
    display = open_data(qtbot, make_display)
    set_pin(qtbot, display)
    display.writer.flush(5)
    saved = (display.options.config.data_dir / "household.json").read_text()
    assert "2468" not in saved
    display.window.show_screen("home")
    qtbot.mouseClick(display.home.settings, Qt.MouseButton.LeftButton)
    assert display.window.current == "pin"
    screen = display.household.pin_screen
    for _ in range(4):
        type_pin(qtbot, display, "1357")
        assert screen.message.text() == "That is not the household PIN. Try again."
    type_pin(qtbot, display, "1357")
    assert screen.message.text() == "Too many wrong PINs. Try again in 30 seconds."
    assert not screen.keypad.keys["2"].isEnabled()
    display.clock.advance(30)
    display.household.guard(lambda: None)  # coming back to it later
    type_pin(qtbot, display, "1357")
    assert screen.message.text() == "Too many wrong PINs. Try again in 60 seconds."
    display.clock.advance(60)
    display.window.show_screen("home")
    qtbot.mouseClick(display.home.settings, Qt.MouseButton.LeftButton)
    type_pin(qtbot, display, "2468")
    assert display.window.current == "settings"


def test_a_new_pin_must_be_typed_twice_the_same(qtbot, make_display):
    display = open_data(qtbot, make_display)
    tap(qtbot, display, display.household.screen.tools["pin"])
    type_pin(qtbot, display, "1111")
    assert "not all one digit" in display.household.pin_screen.message.text()
    type_pin(qtbot, display, "2468")
    type_pin(qtbot, display, "2469")
    assert display.household.pin_screen.prompt.text() == "Those two were not the same. Choose the PIN again."
    assert display.household.house.pin is None


def test_a_pin_choice_left_half_way_does_not_let_the_next_check_set_a_new_pin(qtbot, make_display):
    display = open_data(qtbot, make_display)
    set_pin(qtbot, display)
    tap(qtbot, display, display.household.screen.tools["pin"])  # change it: the old PIN first
    type_pin(qtbot, display, "2468")
    type_pin(qtbot, display, "1357")  # the new one, once
    qtbot.mouseClick(display.household.pin_screen.back_button, Qt.MouseButton.LeftButton)
    display.window.show_screen("home")
    qtbot.mouseClick(display.home.settings, Qt.MouseButton.LeftButton)
    type_pin(qtbot, display, "1357")  # someone else tries the half-chosen one
    assert display.window.current == "pin"
    assert display.household.pin_screen.message.text() == "That is not the household PIN. Try again."
    assert display.household.house.pin.matches("2468")


def visible_words(display):
    found = []
    screen = display.window.screens[display.window.current]
    for widget in screen.findChildren(QLabel) + screen.findChildren(QAbstractButton):
        if widget.isVisibleTo(display.window):
            found.append(f"{widget.text()} | {widget.accessibleName()} | {widget.accessibleDescription()}")
    return found


ACCOUNT_WORDS = ("£", "Credit", "credit", "Debt", "debt", "p a day", "Standing", "a kWh", "Messages from",
                 "read this", "read the message", "supplier asks", "supplier is asking")


def test_the_guest_view_shows_no_account_figure_anywhere(qtbot, make_display):
    display = make_display({"ambient": {"mode": "tariff"}}, demo="prepayment", clock=ManualClock(EVENING))
    display.appliance.problems.clear()  # the log is the process's: other tests' lines are not this home's
    qtbot.waitUntil(lambda: display.figures.view().electricity.account, timeout=5000)
    display.seed_demo_history()
    display.writer.flush(10)
    display.choices.set_unit(display.choices.unit.MONEY)
    display.window.show_screen("consent")
    tap(qtbot, display, display.household.screen.tools["guest"])
    assert display.household.screen.status.text().startswith("Set a PIN first")
    assert not display.household.guest
    set_pin(qtbot, display)
    tap(qtbot, display, display.household.screen.tools["guest"])
    assert display.window.current == "home"
    assert display.home.leave_guest.isVisible()
    assert not display.home.units.buttons["money"].isVisible()
    assert not display.home.electricity.actions.isVisible()  # no Top up, no Details
    for name in list(display.window.screens):  # History may be made ready meanwhile
        display.window.show_screen(name)
        display.figures.refresh()
        display.history.refresh()
        qtbot.wait(20)
        statements = {card.lines.text() for card in display.household.screen.cards.values()} \
            if display.window.built("consent") else set()  # what kinds of data a choice covers, no figure
        shown = [w for w in visible_words(display) if any(word in w for word in ACCOUNT_WORDS)
                 and w.split(" | ")[0] not in statements]
        assert shown == [], f"{name}: {shown}"
    # The guest view survives a restart, and only the household PIN leaves it.
    display.stop()
    again = make_display(demo="prepayment", clock=ManualClock(EVENING))
    qtbot.waitUntil(lambda: again.figures.live.snapshot().account is not None, timeout=5000)
    assert again.household.guest
    assert not again.figures.view().electricity.account


def test_once_a_guest_has_the_display_no_screen_holds_the_account_out_of_sight(qtbot, make_display):
    """A screen built earlier keeps, hidden, what it last showed, and a screen reader can reach
    it: the guest view starts with every screen but home taken down, to be built again (for the
    guest) when next wanted."""
    display = make_display({"ambient": {"mode": "tariff"}}, demo="prepayment", clock=ManualClock(EVENING))
    qtbot.waitUntil(lambda: display.figures.view().electricity.account, timeout=5000)
    display.seed_demo_history()
    display.writer.flush(10)
    display.choices.set_unit(display.choices.unit.MONEY)
    for name in ("history", "prepayment", "topup", "glance", "ahead", "about", "settings"):
        display.window.show_screen(name)
    display.history.warm_up()  # over before the guest comes (else History is made ready after, for the guest)
    qtbot.waitUntil(lambda: not display.history._warming.is_alive(), timeout=30_000)
    qtbot.wait(50)  # and what it posted to the GUI thread, delivered
    display.window.show_screen("consent")
    set_pin(qtbot, display)

    def out_of_sight() -> list[str]:
        return [f"{name}: {w.text()} | {w.accessibleName()} | {w.accessibleDescription()}"
                for name, screen in display.window.screens.items() if name != display.window.current
                for w in screen.findChildren(QLabel) + screen.findChildren(QAbstractButton)
                if any(word in f"{w.text()} {w.accessibleDescription()}" for word in ("£", "Credit", "Debt"))]

    assert any(line.startswith("prepayment: £8.50") for line in out_of_sight())  # the household's, unseen
    tap(qtbot, display, display.household.screen.tools["guest"])
    assert display.household.guest
    qtbot.wait(10)  # the screens taken down go at the next turn of the event loop
    assert set(display.window.screens) == {"home"}
    assert out_of_sight() == []
    display.window.show_screen("history")  # built again, for the guest
    assert "kWh" in display.window.screens["history"].axis.text()


def test_an_answer_about_the_account_is_not_told_to_a_guest(qtbot, make_display):
    """A top-up asked for before the display was handed over, answered (or not) after: neither
    announced nor spoken, and no screen built again out of sight to hold it."""
    display = make_display({"speech": {"engine": "mock", "speak_changes": True}}, demo="prepayment",
                           clock=ManualClock(EVENING))
    qtbot.waitUntil(lambda: display.figures.view().electricity.account, timeout=5000)
    display.window.show_screen("consent")
    set_pin(qtbot, display)
    tap(qtbot, display, display.household.screen.tools["guest"])
    qtbot.wait(10)
    assert display.window.built("topup") is None
    said = list(display.voice.speaker.said)
    display.account.stop_waiting()  # "the meter did not answer"
    assert display.window.built("topup") is None
    assert list(display.voice.speaker.said) == said


def test_the_wipe_leaves_nothing_of_the_household(qtbot, make_display):
    display = open_data(qtbot, make_display)
    display.seed_demo_history()
    tap(qtbot, display, display.household.screen.cards[Category.SUPPLIER_DAILY].switch)
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    set_pin(qtbot, display)
    display.window.show_screen("history")  # the household looked at its history
    assert display.window.screens["history"].summary.text()
    display.window.show_screen("consent")
    display.writer.flush(10)
    tap(qtbot, display, display.household.screen.tools["log"])
    assert "switched on" in display.household.screen.log.text()
    tap(qtbot, display, display.household.screen.tools["wipe"])
    type_pin(qtbot, display, "2468")
    assert display.window.screen("confirm").title.text() == "Wipe this display for a new occupier?"
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    assert display.window.screen("confirm").title.text() == "Are you sure?"
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    display.writer.flush(10)
    assert display.window.current == "home"
    folder = display.options.config.data_dir
    assert not (folder / "household.json").exists()
    assert display.household.house.pin is None
    assert not display.consent.state.allows(Category.SUPPLIER_DAILY)
    # nothing the household saw waits out of sight: every screen but home is built again when wanted
    assert set(display.window.screens) == {"home"}
    display.history._prepare()  # History made ready out of sight, asked for before the wipe, comes after
    assert display.window.built("history") is None  # (it would read the file the wipe is removing)
    display.window.show_screen("consent")
    assert "switched on" not in display.household.screen.log.text()
    assert not display.household.screen.log.isVisibleTo(display.window)
    display.window.show_screen("home")
    db = connect(display.history_path)
    for table in ("day", "slot", "reading", "consent_log", "tariff"):
        assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
    db.close()
    # The display carries on as new: readings keep arriving and counting.
    display.clock.advance(60)
    display.demo._nudge.set()
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.demand_w is not None, timeout=5000)
    qtbot.mouseClick(display.home.settings, Qt.MouseButton.LeftButton)
    assert display.window.current == "settings"  # no PIN any more


@pytest.fixture
def usb_stick(tmp_path):
    """A real mount, as a USB stick is: a small tmpfs under a folder of mounts (needs root)."""
    roots = tmp_path / "media"
    stick = roots / "STICK"
    stick.mkdir(parents=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(stick)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs as a USB stick here (needs root): {done.stderr.strip()}")
    yield roots, stick
    subprocess.run(["umount", "-l", str(stick)], check=False)


def test_without_a_usb_stick_the_export_says_so_and_saves_nothing_inside(qtbot, make_display, tmp_path):
    display = open_data(qtbot, make_display)
    display.household.usb_roots = (tmp_path / "no-media",)
    tap(qtbot, display, display.household.screen.tools["export"])
    assert display.window.current == "consent"
    assert display.household.screen.status.text().startswith("No USB stick found.")
    assert "/" not in display.household.screen.status.text()  # no path inside the display
    assert not (display.options.config.data_dir / "exports").exists()


def test_export_round_trips(qtbot, make_display, usb_stick):
    display = open_data(qtbot, make_display)
    display.household.usb_roots = (usb_stick[0],)
    qtbot.waitUntil(display.settled, timeout=5000)  # the demo's day so far replayed: nothing more is coming
    display.seed_demo_history()
    tap(qtbot, display, display.household.screen.cards[Category.CARBON_LOOKUP].switch)  # not set up: no effect
    tap(qtbot, display, display.household.screen.cards[Category.SUPPLIER_DAILY].switch)
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    display.writer.flush(10)
    tap(qtbot, display, display.household.screen.tools["export"])
    assert "the USB stick STICK" in display.window.screen("confirm").text.text()
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: display.household.screen.status.text().startswith("Saved on the USB stick"),
                    timeout=10000)
    (folder,) = usb_stick[1].iterdir()
    assert folder.name in display.household.screen.status.text()
    expected = gather(display.history_path)
    document = json.loads((folder / "ihd-export.json").read_text())
    assert document["format"] == "ihd-export/1"
    assert {k: document[k] for k in expected} == expected
    with (folder / "days.csv").open(newline="") as f:
        days = list(csv.DictReader(f))
    assert days == [{k: "" if v is None else str(v) for k, v in row.items()} for row in expected["days"]]
    with (folder / "consent-log.csv").open(newline="") as f:
        (choice,) = list(csv.DictReader(f))
    assert (choice["category"], choice["granted"]) == ("supplier-daily", "True")
    assert len(expected["half_hours"]) > 10_000
    assert EVENING - timedelta(days=1) < datetime.fromisoformat(document["exported"]) <= EVENING


def lodger_forgets_the_pin(qtbot, display):
    """From the guest view: Leave guest view, Forgot PIN?, and yes."""
    display.window.show_screen("home")
    qtbot.mouseClick(display.home.leave_guest, Qt.MouseButton.LeftButton)
    assert display.window.current == "pin"
    qtbot.mouseClick(display.household.pin_screen.forgot, Qt.MouseButton.LeftButton)
    assert display.window.screen("confirm").title.text() == "Clear this display for a new occupier?"
    qtbot.mouseClick(display.window.screen("confirm").yes, Qt.MouseButton.LeftButton)


def test_a_lodger_cannot_wipe_at_once_and_the_household_sees_and_stops_it(qtbot, make_display):
    display = open_data(qtbot, make_display)
    set_pin(qtbot, display)
    tap(qtbot, display, display.household.screen.tools["guest"])
    qtbot.mouseClick(display.home.leave_guest, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(display.household.pin_screen.forgot, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(display.window.screen("confirm").no, Qt.MouseButton.LeftButton)
    assert display.window.current == "pin"  # "no" changes nothing
    assert display.household.house.wipe_at is None
    lodger_forgets_the_pin(qtbot, display)
    # Nothing is gone: the guest view, the PIN and the history stay; the home screen says when.
    assert display.window.current == "home"
    assert display.household.guest
    assert display.household.house.pin.matches("2468")
    assert display.home.wipe_box.isVisible()
    assert display.home.wipe_notice.text() == ("This display will be cleared on Sunday 18 January at 18:20. "
                                               "Enter the PIN to stop it.")
    display.clock.advance(2 * 24 * 3600)
    display._tick()
    assert display.household.house.pin is not None  # not before its time
    qtbot.mouseClick(display.home.wipe_stop, Qt.MouseButton.LeftButton)
    type_pin(qtbot, display, "2468")
    assert display.window.current == "home"
    assert display.household.house.wipe_at is None
    assert not display.home.wipe_box.isVisible()
    display.clock.advance(2 * 24 * 3600)
    display._tick()
    assert display.household.house.pin.matches("2468")  # stopped for good
    assert display.household.guest
    # The trail says who asked and who stopped it, for the household to read.
    qtbot.mouseClick(display.home.leave_guest, Qt.MouseButton.LeftButton)
    type_pin(qtbot, display, "2468")
    qtbot.mouseClick(display.home.settings, Qt.MouseButton.LeftButton)
    type_pin(qtbot, display, "2468")
    tap(qtbot, display, display.choices.screen.data)
    tap(qtbot, display, display.household.screen.tools["log"])
    log = display.household.screen.log.text().splitlines()
    assert log[:2] == ["17 Jan 2026, 18:20: clearing the display stopped with the PIN",
                       "15 Jan 2026, 18:20: clearing the display asked for without the PIN"]


def test_a_new_occupier_who_waits_gets_a_clean_display(qtbot, make_display):
    display = open_data(qtbot, make_display)
    set_pin(qtbot, display)
    tap(qtbot, display, display.household.screen.tools["guest"])
    lodger_forgets_the_pin(qtbot, display)
    again = display.household.house.wipe_at
    lodger_forgets_the_pin(qtbot, display)  # asking again does not move it
    assert display.household.house.wipe_at == again
    display.clock.advance(3 * 24 * 3600)
    display._tick()
    assert display.household.house.pin is None
    assert not display.household.guest
    assert display.household.house.audit[-1][1] == "wiped"
    assert not display.home.wipe_box.isVisible()
    assert display.window.current == "home"


def test_a_keyboard_user_types_a_pin_and_enter_means_ok(qtbot, make_display):
    display = open_data(qtbot, make_display)
    tap(qtbot, display, display.household.screen.tools["pin"])
    screen = display.household.pin_screen
    for _ in range(2):  # chosen, then again to confirm
        focused = display.window.focusWidget()
        assert focused is screen.keypad.keys["1"]  # where the screen puts the keyboard
        qtbot.keyClicks(focused, "2580")
        assert screen.digits == "2580"
        qtbot.keyClick(focused, Qt.Key.Key_Return)  # not a fifth digit
    assert display.household.screen.status.text() == "The household PIN is set."
    assert display.household.house.pin.matches("2580")
