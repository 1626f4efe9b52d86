"""The next 24 hours on the screen, as a household on a time-of-use tariff reaches and reads it."""

import re
from datetime import UTC, datetime

from PySide6.QtCore import Qt

from ihd.core.clock import ManualClock

PEAK = datetime(2026, 1, 15, 17, 0, tzinfo=UTC)  # the demo's Cosy-style peak: cheap again from 22:00


def test_from_history_to_the_next_24_hours_and_back(make_display, qtbot):
    display = make_display(demo="time-of-use", clock=ManualClock(PEAK))
    qtbot.waitUntil(display.settled, timeout=5000)
    qtbot.mouseClick(display.home.history, Qt.MouseButton.LeftButton)
    history = display.history.screen
    qtbot.mouseClick(history.kinds.buttons["week"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(history.earlier, Qt.MouseButton.LeftButton)
    assert history.title.text() == "Last week"
    history.words_area.ensureWidgetVisible(history.ahead)  # under the chart's words: scrolled to, as a finger does
    qtbot.waitUntil(lambda: not history.ahead.visibleRegion().isEmpty(), timeout=3000)
    qtbot.mouseClick(history.ahead, Qt.MouseButton.LeftButton)
    assert display.window.current == "ahead"
    screen = display.ahead.screen
    qtbot.waitUntil(lambda: screen.now.text().startswith("Now "), timeout=5000)
    assert "a kWh, until" in screen.now.text()  # a banded tariff: the price changes ahead
    jobs = screen.jobs.text().splitlines()
    assert jobs[0] == "Washing machine, 2 h: cheapest from 22:00, about 13p instead of 40p now. Greenest from 02:00."
    assert len(jobs) == 4
    assert screen.chart is not None
    assert len(screen.chart.drawn()[0]) == 48
    qtbot.mouseClick(screen.measures.buttons["carbon"], Qt.MouseButton.LeftButton)
    assert display.ahead.view().axis_caption == "g CO2e a kWh each half-hour, forecast"  # the demo's forecast
    assert screen.axis.text() == "g CO2e a kWh each half-hour, forecast"
    # Back to History, as it was left: the household's period is not lost
    assert screen.back_button.accessibleDescription() == "Back to History"
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert display.window.current == "history"
    assert history.title.text() == "Last week"


def test_the_glance_line_opens_the_next_24_hours(make_display, qtbot):
    display = make_display(demo="time-of-use", size=(720, 1280), clock=ManualClock(PEAK))
    qtbot.waitUntil(display.settled, timeout=5000)
    line = display.home.at_a_glance
    qtbot.waitUntil(line.isVisible, timeout=5000)
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    assert display.window.current == "ahead"
    screen = display.ahead.screen
    assert screen.back_button.accessibleDescription() == "Back to the home screen"
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert display.window.current == "home"


def test_read_aloud_says_the_best_times(make_display, qtbot):
    display = make_display({"speech": {"engine": "mock"}}, demo="time-of-use", clock=ManualClock(PEAK))
    qtbot.waitUntil(display.settled, timeout=5000)
    display.window.show_screen("ahead")
    qtbot.mouseClick(display.ahead.screen.speak, Qt.MouseButton.LeftButton)
    said = display.voice.speaker.said[-1]
    assert said.startswith("The next 24 hours. Now ")
    assert "Washing machine, 2 h: cheapest from" in said


def test_the_lamp_by_carbon_follows_the_forecast(make_display, qtbot):
    display = make_display(demo=True, clock=ManualClock(PEAK))  # the evening peak: high carbon, not low use
    qtbot.waitUntil(display.settled, timeout=5000)
    display.choices.choose(ambient_mode="carbon")
    qtbot.waitUntil(lambda: "carbon" in display.home.band.accessibleName().lower(), timeout=5000)
    view = display.figures.view().ambient
    assert re.fullmatch(r"High carbon (until \d\d:\d\d|now)", view.word), view.word  # shown at once
    assert view.reason.startswith("The grid's forecast for your area: ")
