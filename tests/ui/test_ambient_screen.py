"""Ambient feedback on screen: the kettle, the band's word and shape, the glance view, the night."""

import itertools
import time
from datetime import UTC, datetime

from PySide6.QtCore import Qt

from ihd.core.clock import ManualClock


def band_state(display):
    band = display.home.band
    return band.property("level"), band.word.text()


def settle(qtbot, display, seconds):
    """Let the meter's time (and the engine's) move on, then let the reading of that time arrive
    (however long a busy machine takes to make and deliver it)."""
    display.clock.advance(seconds)
    now = display.clock.now()
    display.demo._nudge.set()
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.last_reading_at == now, timeout=10_000)
    display.figures.refresh()


def test_the_kettle_raises_the_level_with_word_and_shape_then_it_settles_without_flicker(qtbot, make_display):
    display = make_display(demo=True, clock=ManualClock(datetime(2026, 1, 15, 3, 0, tzinfo=UTC)))
    qtbot.waitUntil(display.settled, timeout=5000)
    display.figures.refresh()
    assert band_state(display) == ("low", "▼ Low")
    qtbot.mouseClick(display.home.kettle, Qt.MouseButton.LeftButton)
    qtbot.wait(150)
    display.figures.refresh()
    assert band_state(display)[0] == "low"  # not on one reading: it must hold a moment
    seen = []
    for _ in range(4):
        settle(qtbot, display, 2)
        seen.append(band_state(display)[0])
    assert seen[-1] in ("medium", "high")
    assert display.home.band.word.text() in ("◆ Medium", "▲ High")
    assert "Using 3." in display.home.band.reason.text()
    for _ in range(20):  # the kettle boils for three minutes, then off
        settle(qtbot, display, 15)
        seen.append(band_state(display)[0])
    assert seen[-1] == "low"
    changes = sum(1 for a, b in itertools.pairwise(seen) if a != b)
    assert changes == 2  # up once, down once: no flicker


def test_the_band_opens_the_glance_view_and_a_touch_closes_it(qtbot, make_display):
    display = make_display(demo=True)
    qtbot.waitUntil(display.settled, timeout=5000)
    qtbot.mouseClick(display.home.band, Qt.MouseButton.LeftButton)
    assert display.window.current == "glance"
    assert display.window.screen("glance").word.text() == display.home.band.word.text().split(" ", 1)[1]
    assert display.window.screen("glance").property("level") == display.home.band.property("level")
    qtbot.mouseClick(display.window.screen("glance"), Qt.MouseButton.LeftButton)
    assert display.window.current == "home"


def test_the_screen_becomes_the_lamp_after_a_while_untouched(qtbot, make_display):
    display = make_display({"ambient": {"glance_after_minutes": 1}}, demo=True)
    qtbot.waitUntil(display.settled, timeout=5000)
    display._tick()
    assert display.window.current == "home"
    display.ambient.idle.last = time.monotonic() - 61
    display._tick()
    assert display.window.current == "glance"


def test_night_dims_the_screen_and_quietens_speech(qtbot, make_display):
    clock = ManualClock(datetime(2026, 1, 15, 23, 30, tzinfo=UTC))
    display = make_display({"display": {"night_start": "23:00", "night_end": "06:30"}}, demo=True, clock=clock)
    display._tick()
    assert display.window.shade.isVisible()
    assert display.voice.policy.asleep
    clock.set_wall(datetime(2026, 1, 16, 7, 0, tzinfo=UTC))
    display._tick()
    assert not display.window.shade.isVisible()
    assert not display.voice.policy.asleep


def test_a_screen_off_at_night_wakes_for_a_touch_that_presses_nothing(qtbot, make_display, tmp_path):
    from ihd.device.backlight import Backlight

    panel = tmp_path / "sys" / "10-0045"
    panel.mkdir(parents=True)
    (panel / "brightness").write_text("200\n")
    (panel / "max_brightness").write_text("255\n")
    brightness = lambda: (panel / "brightness").read_text().strip()  # noqa: E731
    clock = ManualClock(datetime(2026, 1, 15, 23, 30, tzinfo=UTC))
    display = make_display({"display": {"night_brightness": 0}}, demo=True, clock=clock)
    qtbot.waitUntil(lambda: display._running, timeout=5000)  # drawn: the touches are watched from then on
    display.ambient.backlight = Backlight(tmp_path / "sys")
    display.ambient.idle.last -= 120  # nobody has touched it for two minutes
    display._tick()
    assert brightness() == "0"
    opened = []
    display.home.history_opened.connect(lambda: opened.append(True))
    qtbot.mouseClick(display.home.history, Qt.MouseButton.LeftButton)
    assert opened == []  # the touch only woke the screen
    display._tick()
    assert brightness() == "51"  # lit at 20% for a minute
    qtbot.mouseClick(display.home.history, Qt.MouseButton.LeftButton)
    assert opened == [True]  # now it is seen, a tap is a tap
    display.ambient.idle.last -= 61
    display._tick()
    assert brightness() == "0"
    clock.set_wall(datetime(2026, 1, 16, 7, 0, tzinfo=UTC))
    display._tick()
    assert brightness() == "200"  # morning: as it was
    assert not display.ambient.idle.asleep


def test_level_changes_are_spoken_and_high_repeats(qtbot, make_display):
    display = make_display({"speech": {"engine": "mock", "speak_changes": True}}, demo=True,
                           clock=ManualClock(datetime(2026, 1, 15, 3, 0, tzinfo=UTC)))
    qtbot.waitUntil(display.settled, timeout=5000)
    display.figures.refresh()
    display.choices.choose(high_kw=2.5, medium_kw=1.0)  # so the kettle is high
    qtbot.mouseClick(display.home.kettle, Qt.MouseButton.LeftButton)
    for _ in range(4):
        settle(qtbot, display, 2)
    assert any(s == "Electricity use: High" for s in display.voice.speaker.said)


def test_settings_change_the_thresholds_and_the_mode(qtbot, make_display):
    display = make_display(demo=True)
    qtbot.waitUntil(display.settled, timeout=5000)
    display.window.show_screen("settings")
    before = display.choices.prefs.medium_kw
    display.choices.screen.scroll.ensureWidgetVisible(display.choices.screen.medium_more)
    qtbot.mouseClick(display.choices.screen.medium_more, Qt.MouseButton.LeftButton)
    assert display.choices.prefs.medium_kw == before + 0.5
    assert display.ambient.engine.settings.medium_kw == before + 0.5
    display.choices.screen.scroll.ensureWidgetVisible(display.choices.screen.modes.buttons["tariff"])
    qtbot.mouseClick(display.choices.screen.modes.buttons["tariff"], Qt.MouseButton.LeftButton)
    assert display.ambient.engine.settings.mode.value == "tariff"
    display.figures.refresh()
    assert "one rate all day" in display.home.band.reason.text()  # the demo's tariff has no bands


def test_the_time_of_use_demo_says_cheap_now_and_until_when(qtbot, make_display):
    clock = ManualClock(datetime(2026, 1, 15, 5, 10, tzinfo=UTC))  # in the early-morning cheap hours
    display = make_display(demo="time-of-use", clock=clock)
    qtbot.waitUntil(display.settled, timeout=5000)
    display.figures.refresh()
    assert band_state(display) == ("low", "▼ Cheap until 07:00")
    assert display.home.band.reason.text() == "Electricity costs 13p a kWh now."
    clock.advance(12 * 3600)  # 17:10, the peak
    display.figures.refresh()
    assert band_state(display) == ("high", "▲ Peak until 19:00")
