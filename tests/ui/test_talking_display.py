"""The read-aloud control and speaking of changes, through the silent mock engine, and through a real
speech-dispatcher (tests/speechd.py) that writes down what it is given to say."""

from PySide6.QtCore import Qt

from ihd.ui.widgets.button import LONG_PRESS_MS

MOCK = {"speech": {"engine": "mock"}}


def test_read_aloud_speaks_the_key_figures_in_the_active_language(qtbot, make_display):
    display = make_display(MOCK, demo=True)
    qtbot.waitUntil(display.settled, timeout=5000)
    qtbot.mouseClick(display.home.speak, Qt.MouseButton.LeftButton)
    said = display.voice.speaker.said[-1]
    assert said.split(". ")[0] in ("Low", "Medium", "High")  # the level first, in words
    assert "Electricity, Now, " in said
    assert "Gas, Today, " in said
    assert "an hour" in said
    display.choices.set_language("cy")
    qtbot.mouseClick(display.home.speak, Qt.MouseButton.LeftButton)
    assert "Trydan, Nawr, " in display.voice.speaker.said[-1]


def test_a_long_press_toggles_speaking_changes_and_says_so(qtbot, make_display):
    display = make_display(MOCK, demo=True)
    assert not display.choices.prefs.speak_changes
    before = len(display.voice.speaker.said)
    qtbot.mousePress(display.home.speak, Qt.MouseButton.LeftButton)
    qtbot.wait(LONG_PRESS_MS + 200)
    qtbot.mouseRelease(display.home.speak, Qt.MouseButton.LeftButton)
    assert display.choices.prefs.speak_changes
    assert list(display.voice.speaker.said)[before:] == ["Speaking changes is on"]  # not also a read-aloud
    assert display.choices.screen.speak_changes.isChecked()


def test_a_lost_connection_is_spoken_once_when_speaking_changes(qtbot, broker, make_display):
    display = make_display({**MOCK, "bridge": {"broker": broker.url}, "speech": {"engine": "mock",
                                                                                "speak_changes": True}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    broker.stop()
    qtbot.waitUntil(lambda: any(s.startswith("Connection lost") for s in display.voice.speaker.said), timeout=10000)
    display.figures.refresh()
    display.figures.refresh()
    assert sum(s.startswith("Connection lost") for s in display.voice.speaker.said) == 1


def test_silent_about_changes_unless_asked(qtbot, broker, make_display):
    display = make_display({**MOCK, "bridge": {"broker": broker.url}})
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    broker.stop()
    qtbot.waitUntil(lambda: "Connection lost" in display.home.link.text(), timeout=10000)
    assert not any(s.startswith("Connection lost") for s in display.voice.speaker.said)


def test_speech_rate_and_volume_are_set_on_screen_and_kept(qtbot, make_display, tmp_path):
    display = make_display(MOCK, demo=True)
    qtbot.mouseClick(display.home.settings, Qt.MouseButton.LeftButton)
    assert display.window.current == "settings"
    for button in (display.choices.screen.faster, display.choices.screen.quieter):
        display.choices.screen.scroll.ensureWidgetVisible(button)  # as a finger would scroll to it
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert (display.choices.prefs.speech_rate, display.choices.prefs.speech_volume) == (1, 7)
    assert "Speed: 7 of 11" in display.choices.screen.rate_label.text()
    display.writer.stop()  # let the save finish
    saved = (tmp_path / "data" / "preferences.json").read_text()
    assert '"speech_rate": 1' in saved
    assert '"speech_volume": 7' in saved


def test_read_aloud_without_a_voice_says_so_where_it_was_pressed(qtbot, make_display, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no spd-say: speech-dispatcher is not installed
    display = make_display({"speech": {"engine": "speechd"}}, demo=True)
    qtbot.waitUntil(display.settled, timeout=5000)
    qtbot.mouseClick(display.home.speak, Qt.MouseButton.LeftButton)
    assert display.home.speak.text() == "No speech here"  # on the button that was pressed
    assert display.choices.screen.problem.text() == "Speech is not available on this display."
    assert "not installed" in display.voice.speaker.problem
    qtbot.waitUntil(lambda: display.home.speak.text() == "Read aloud", timeout=8000)  # and then back


def test_read_aloud_says_so_when_speech_dispatcher_turns_the_words_down(qtbot, speech_server, make_display,
                                                                          tmp_path, monkeypatch):
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{tmp_path / 'nobody.sock'}")  # no server there
    display = make_display(demo=True)  # speech-dispatcher, the default
    qtbot.waitUntil(display.settled, timeout=5000)
    qtbot.mouseClick(display.home.speak, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: display.home.speak.text() == "No speech here", timeout=10000)  # once spd-say failed
    assert display.choices.screen.problem.text() == "Speech is not available on this display."


def test_read_aloud_through_speech_dispatcher_in_welsh_at_the_chosen_speed_and_volume(qtbot, speech_server,
                                                                                      make_display):
    display = make_display(demo=True)
    qtbot.waitUntil(display.settled, timeout=5000)
    display.choices.set_language("cy")
    display.choices.screen.speech_rate_changed.emit(-2)  # as the settings screen's steppers say it
    display.choices.screen.speech_volume_changed.emit(10)
    qtbot.mouseClick(display.home.speak, Qt.MouseButton.LeftButton)
    said = display.voice.speaker.said[-1]
    assert "Trydan, Nawr, " in said
    qtbot.waitUntil(lambda: said in speech_server.ended(), timeout=10000)
    passage = speech_server.started()[-1]
    assert (passage.text, passage.language, passage.rate, passage.volume) == (said, "cy", -40, 100)
    assert display.voice.speaker.problem is None
