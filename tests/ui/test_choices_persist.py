"""Profile and language switch at run time from settings, and the choice persists;
--profile and --lang apply to one run only."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def choose(qtbot, display, choices, key):
    display.window.show_screen("settings")
    button = choices.buttons[key]
    display.choices.screen.scroll.ensureWidgetVisible(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_profile_and_language_switch_live_and_are_kept(qtbot, make_display, tmp_path):
    display = make_display(demo=True)
    choose(qtbot, display, display.choices.screen.profiles, "large-high-contrast")
    assert display.shared.theme.profile.name == "large-high-contrast"
    assert "#000000" in QApplication.instance().styleSheet()
    choose(qtbot, display, display.choices.screen.languages, "ur")
    assert display.home.speak.text() == "\u200fبلند آواز سے پڑھیں"  # marked right to left
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    display.stop()

    again = make_display(demo=True)
    assert again.shared.theme.profile.name == "large-high-contrast"
    assert again.shared.i18n.language == "ur"
    again.choices.set_language("en_GB")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_command_line_choices_are_for_one_run(qtbot, make_display, tmp_path):
    from dataclasses import replace

    display = make_display(demo=True)
    display.stop()
    options = replace(display.options, profile="high-contrast", language="pl")
    from ihd.app import Display

    tester = Display(options)
    qtbot.addWidget(tester.window)
    assert tester.shared.theme.profile.name == "high-contrast"
    assert tester.shared.i18n.language == "pl"
    assert tester.choices.prefs.profile == "standard"  # the household's own choice is untouched


def test_a_failed_save_is_said_on_screen_and_the_choice_still_applies(qtbot, make_display, tmp_path):
    display = make_display(demo=True)
    (tmp_path / "data").mkdir(exist_ok=True)
    blocker = tmp_path / "data" / "preferences.json"
    blocker.mkdir()  # a folder where the file should go: the save must fail
    choose(qtbot, display, display.choices.screen.profiles, "large-print")
    display.writer.stop()
    qtbot.waitUntil(lambda: display.choices.screen.problem.isVisible(), timeout=3000)
    assert "could not be saved" in display.choices.screen.problem.text()
    assert display.shared.theme.profile.name == "large-print"


def test_escape_goes_home_and_focus_returns_to_settings(qtbot, make_display):
    display = make_display(demo=True)
    with qtbot.waitActive(display.window):
        display.window.activateWindow()
    qtbot.waitUntil(lambda: display._running, timeout=5000)  # drawn: keys are for a window on the screen
    qtbot.mouseClick(display.home.settings, Qt.MouseButton.LeftButton)
    assert display.window.current == "settings"
    assert display.choices.screen.back_button.hasFocus()
    qtbot.keyClick(display.window, Qt.Key.Key_Escape)
    assert display.window.current == "home"
    assert display.home.settings.hasFocus()


def test_arrow_keys_move_between_choices_without_choosing(qtbot, make_display):
    display = make_display(demo=True)
    with qtbot.waitActive(display.window):
        display.window.activateWindow()
    units = display.home.units.buttons
    units["energy"].setFocus()
    qtbot.keyClick(units["energy"], Qt.Key.Key_Right)
    assert units["money"].hasFocus()
    assert display.choices.unit.value == "money"  # unchanged: moving is not choosing
    qtbot.keyClick(units["money"], Qt.Key.Key_Right)
    assert units["carbon"].hasFocus()
    qtbot.keyClick(units["carbon"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: display.choices.unit.value == "carbon", timeout=1000)
