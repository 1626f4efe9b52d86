"""Nothing lost while the display is away: it keeps one client id and a persistent session, so
what the bridge sends (QoS 1) while the display restarts is queued by the broker and counted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ihd.core.clock import ManualClock
from ihd.core.units import Direction, Fuel

NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def register(pub, minutes: int, value: str) -> None:
    at = NOON - timedelta(minutes=60 - minutes)
    pub.send("ihd/v1/electricity/import", json.dumps({"ts": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                      "value": float(value), "unit": "kWh"}), qos=1)


def today(display) -> Decimal | None:
    display.writer.flush(10)
    figures = display.shared.reader().day(Fuel.ELECTRICITY, Direction.IMPORT, NOON.date())
    return figures.kwh if figures is not None else None


def test_readings_sent_while_the_display_restarts_are_counted(qtbot, broker, make_display, tmp_path):
    config = {"bridge": {"broker": broker.url, "dialect": "native"}}
    first = make_display(config, clock=ManualClock(NOON))
    qtbot.waitUntil(lambda: "Connected" in first.home.link.text(), timeout=5000)
    pub = broker.publisher()
    register(pub, 0, "100.0")
    qtbot.waitUntil(lambda: first.figures.live.snapshot().electricity.last_reading_at is not None, timeout=5000)
    kept_id = (tmp_path / "data" / "mqtt-client-id").read_text().strip()
    first.stop()  # the display restarts...

    register(pub, 10, "100.2")  # ...while the meter carries on
    register(pub, 20, "100.5")
    again = make_display(config, clock=ManualClock(NOON))
    assert (tmp_path / "data" / "mqtt-client-id").read_text().strip() == kept_id
    qtbot.waitUntil(lambda: today(again) == Decimal("0.5"), timeout=10000)  # queued for it, and counted
    assert again.feed.received >= 2
    pub.close()
