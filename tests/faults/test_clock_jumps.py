"""A Raspberry Pi has no real-time clock: it may start with yesterday's time and jump when the
network corrects it. No negative interval, no standing charge counted twice, no staleness stuck."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ihd.core.clock import ManualClock
from ihd.core.live import Freshness
from ihd.core.units import Direction, Fuel

NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
TARIFF = b'{"unit_rate_p_per_kwh": 20, "standing_charge_p_per_day": 60, "vat_included": true}'


def iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_wall_clock_jumps_back_and_forward(qtbot, broker, make_display):
    clock = ManualClock(NOON)
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}}, clock=clock)
    qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
    pub = broker.publisher()
    pub.send("ihd/v1/electricity/tariff", TARIFF, retain=True)

    def reading(at: datetime, value: str) -> None:
        pub.send("ihd/v1/electricity/import", json.dumps({"ts": iso(at), "value": float(value), "unit": "kWh"}))

    reading(NOON - timedelta(minutes=10), "100.0")
    reading(NOON - timedelta(minutes=5), "100.5")
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.today is not None
                    and display.figures.live.snapshot().electricity.today.kwh == Decimal("0.5"), timeout=5000)

    # Restarted after a power cut, the Pi believes it is yesterday.
    clock.set_wall(NOON - timedelta(days=1))
    clock.advance(5)
    display._tick()
    snap = display.figures.live.snapshot()
    assert snap.electricity.freshness is Freshness.FRESH  # heard 5 s ago, whatever the wall clock says
    assert snap.electricity.recent_kw is None or snap.electricity.recent_kw >= 0
    reading(NOON + timedelta(seconds=5), "100.6")  # the meter's true time: a day "ahead" of this clock
    qtbot.waitUntil(lambda: display.rejections.total == 1, timeout=3000)  # refused, not counted backwards
    assert "ahead of this display's clock" in next(iter(display.rejections.counts()))

    # The network corrects the clock.
    clock.set_wall(NOON + timedelta(minutes=1))
    clock.advance(5)
    reading(NOON + timedelta(minutes=1), "100.7")
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.today.kwh == Decimal("0.7"), timeout=5000)
    display._tick()
    assert display.figures.live.snapshot().electricity.freshness is Freshness.FRESH

    # And forward, well past a reading: stale by the display's own count of seconds, then fresh again.
    clock.set_wall(NOON + timedelta(hours=3))
    display._tick()
    assert display.figures.live.snapshot().electricity.freshness is Freshness.FRESH  # a jump alone ages nothing
    clock.advance(3600)
    display._tick()
    assert display.figures.live.snapshot().electricity.freshness is Freshness.STALE
    reading(NOON + timedelta(hours=3, minutes=1), "101.7")
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.freshness is Freshness.FRESH, timeout=5000)
    pub.close()

    display.writer.flush(10)
    db = display.shared.reader().db
    negative = db.execute("SELECT COUNT(*) FROM slot WHERE CAST(kwh AS REAL) < 0").fetchone()[0]
    assert negative == 0  # no negative interval
    day = display.shared.reader().day(Fuel.ELECTRICITY, Direction.IMPORT, NOON.date())
    assert round(day.kwh, 9) == Decimal("1.7")  # spread over the half-hours it spans, in Decimal
    (standing,) = db.execute("SELECT standing_p FROM day WHERE fuel = 'electricity' AND direction = 'import'"
                             ).fetchall()[0]
    assert Decimal(str(standing)) == Decimal(60)  # one day, one standing charge
    days = db.execute("SELECT COUNT(*) FROM day WHERE fuel = 'electricity' AND direction = 'import'").fetchone()[0]
    assert days == 1  # the jump to yesterday made no day of its own
