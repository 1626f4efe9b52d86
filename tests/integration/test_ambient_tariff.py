"""A time-of-use household on a real broker: the band says cheap now, or peak, and until when."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ihd.core.clock import ManualClock

COSY = Path(__file__).parents[2] / "docs" / "contract" / "examples" / "electricity.tariff.cosy.json"


def band(display):
    display.figures.refresh()
    return display.home.band.property("level"), display.home.band.word.text()


def test_the_bridges_cosy_tariff_shows_cheap_until_the_band_ends_then_peak(qtbot, broker, make_display):
    morning = datetime(2026, 1, 15, 5, 10, tzinfo=UTC)  # winter: London is on GMT
    clock = ManualClock(morning)
    display = make_display({"bridge": {"broker": broker.url}, "ambient": {"mode": "tariff"}}, clock=clock)
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    pub = broker.publisher()
    pub.send("ihd/v1/electricity/tariff", COSY.read_text(), retain=True)
    pub.send("ihd/v1/electricity/demand", json.dumps({"ts": morning.strftime("%Y-%m-%dT%H:%M:%SZ"), "watts": 3500}))
    qtbot.waitUntil(lambda: band(display) == ("low", "▼ Cheap until 07:00"), timeout=5000)
    assert "13p a kWh" in display.home.band.reason.text()

    clock.advance(timedelta(hours=11, minutes=20).total_seconds())  # 16:30, the peak
    pub.send("ihd/v1/electricity/demand", json.dumps({"ts": clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                       "watts": 3500}))
    qtbot.waitUntil(lambda: band(display)[1] == "▲ Peak until 19:00", timeout=5000)
    assert "40p a kWh" in display.home.band.reason.text()
    pub.close()
