"""Naming someone to tell: letters for the display's language, a keyboard too, one question a page."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ihd.core.consent import Category
from ihd.ui.widgets.letters import ERASE, OTHER, SPACE


def open_naming(qtbot, make_display, language="en_GB"):
    display = make_display({"consent": {"alerts_through": "Warm Homes Advice"}, "display": {"language": language}},
                           demo="prepayment")
    qtbot.waitUntil(display.settled, timeout=5000)
    display.shared.show("consent")
    display.household.switch(Category.TRUSTED_PERSON, True)
    assert display.shared.current == "trusted"
    return display, display.trusted.screen


def test_the_name_is_typed_on_the_keys_or_a_keyboard_and_nothing_is_kept_until_agreed(qtbot, make_display):
    display, screen = open_naming(qtbot, make_display)
    assert not screen.next.isEnabled()  # nothing typed: nowhere to go
    for key in ("A", "N", "N", SPACE, SPACE, "M", "A", "E", ERASE, ERASE):
        qtbot.mouseClick(screen.letters.keys[key], Qt.MouseButton.LeftButton)
    assert screen.name == "Ann M"  # a capital at each word's start, one space however often pressed
    qtbot.keyClicks(screen, "olly")  # a keyboard too
    override = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "\u202e")
    QApplication.sendEvent(screen, override)  # a direction override is not kept
    assert screen.name == "Ann Molly"
    assert screen.name_shown.accessibleName() == "Their name: Ann Molly"
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert screen.pages.currentIndex() == 1
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)  # back to the name, not out
    assert screen.pages.currentIndex() == 0
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    qtbot.mouseClick(screen.helpers.buttons["friend"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.done, Qt.MouseButton.LeftButton)
    confirm = display.window.screen("confirm")
    assert "Ann Molly (friend or neighbour), told by Warm Homes Advice" in confirm.text.text()
    assert "nothing else" in confirm.text.text()
    qtbot.mouseClick(confirm.no, Qt.MouseButton.LeftButton)
    assert display.trusted.person is None  # "no": no one named, nothing on
    assert not display.consent.state.allows(Category.TRUSTED_PERSON)
    assert display.shared.current == "consent"


def test_urdu_has_its_own_letters_right_to_left_and_a_key_to_latin_ones(qtbot, make_display):
    _display, screen = open_naming(qtbot, make_display, "ur")
    pad = screen.letters
    assert "ا" in pad.keys
    assert "Q" not in pad.keys
    assert pad.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.mouseClick(pad.keys["ا"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.keys[OTHER], Qt.MouseButton.LeftButton)
    assert "Q" in pad.keys
    assert pad.layoutDirection() == Qt.LayoutDirection.LeftToRight
    qtbot.mouseClick(pad.keys["Q"], Qt.MouseButton.LeftButton)
    assert screen.name == "اq"


def test_the_switch_is_not_offered_where_no_organisation_passes_the_messages_on(qtbot, make_display):
    display = make_display(demo="prepayment")
    qtbot.waitUntil(display.settled, timeout=5000)
    display.shared.show("consent")
    card = display.household.screen.cards[Category.TRUSTED_PERSON]
    assert not card.switch.isEnabled()
    assert "No organisation is set up" in card.state.text()


def test_the_second_page_starts_on_the_chosen_helper(qtbot, make_display):
    display, screen = open_naming(qtbot, make_display)
    display.window.activateWindow()
    qtbot.keyClicks(screen, "Jo")
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.helpers.buttons["family"].hasFocus(), timeout=2000)
