"""Helpers for the tests of what the display shares: a display on a clock the test moves, a meter's
register readings for a half-hour, and what a listener heard, by its natural key."""

import contextlib
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ihd.core.clock import ManualClock
from ihd.core.periods import slot_start

LONDON = ZoneInfo("Europe/London")
HALF_HOURLY = "ihd/v1/share/supplier/half-hourly"
DAILY = "ihd/v1/share/supplier/daily"


def iso(at):
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def reading(pub, at, value):
    pub.send("ihd/v1/electricity/import", json.dumps({"ts": iso(at), "value": value, "unit": "kWh"}))


def readings_in(pub, start, value, display=None):
    """Register readings inside the half-hour from `start` (0.5 kWh in it), and one as it ends, as
    a meter reporting every few seconds would give: the display's history then knows the half-hour
    whole. The display's clock first moves past them (a reading stamped ahead of it is refused)."""
    if display is not None:
        display.clock.advance(max(0.0, (start + timedelta(minutes=31) - display.clock.now()).total_seconds()))
    for at, v in ((start + timedelta(minutes=5), value), (start + timedelta(minutes=15), value + 0.5),
                  (start + timedelta(minutes=30), value + 0.5)):
        reading(pub, at, v)


def open_display(qtbot, broker, make_display, start, config=None, data="data"):
    display = make_display({"bridge": {"broker": broker.url}, **(config or {})}, clock=ManualClock(start), data=data)
    qtbot.waitUntil(lambda: display.consent.loaded and display.consent._connected, timeout=5000)
    return display


def pass_half_hour(qtbot, display, slot):
    """The half-hour from `slot` ends (and its grace): the display shares it if it may. Its
    readings are waited for first (a busy machine may not have drained them yet); while the link is
    cut on purpose none come, and the test goes on after a while."""
    end = slot + timedelta(minutes=30)

    def heard_to_the_end():
        last = display.figures.live.snapshot().electricity.last_reading_at
        return last is not None and last >= end

    with contextlib.suppress(qtbot.TimeoutError):
        qtbot.waitUntil(heard_to_the_end, timeout=5000)
    display.writer.flush(5)
    display.clock.advance(max(0.0, (slot + timedelta(minutes=33) - display.clock.now()).total_seconds()))
    display.consent.tick()
    qtbot.wait(300)


def start_of_a_slot(hours_ago=3):
    """A fresh half-hour some hours ago today, so every reading is in the past of the real clock."""
    return slot_start(datetime.now(UTC) - timedelta(hours=hours_ago))


def shared(listener, topic=HALF_HOURLY):
    """Each payload heard on `topic`, as JSON, in order."""
    return [json.loads(p) for t, p, _r in listener.on(topic) if t == topic and p]


def starts(listener, topic=HALF_HOURLY):
    """The period starts heard on `topic`, in order, repeats included."""
    return [record["start"] for record in shared(listener, topic)]
