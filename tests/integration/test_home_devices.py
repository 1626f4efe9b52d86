"""The display's figures for other devices in the home, seen by a subscriber on the real broker as
Home Assistant would see them: nothing until the household allows it, then discovery and figures,
and everything taken off the broker when withdrawn."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from broker import Subscriber
from published import check_all

from ihd.core.consent import Category
from ihd.han import home_assistant as ha

NOW_ISO = lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731


@pytest.fixture
def watchers(broker):
    """Subscribers to discovery and the display's own topics, as Home Assistant would be."""
    made: list[Subscriber] = []

    def watcher(name: str = "ha") -> Subscriber:
        made.append(Subscriber(broker.port, name).listen("homeassistant/#", "ihd/v1/display/#", "ihd/v1/consent"))
        return made[-1]

    yield watcher
    for w in made:
        w.close()
    # every payload the display published meets its schema in docs/contract/schemas
    assert sum(check_all(w.on("ihd/v1/")) for w in made) > 0


def switch(qtbot, display, on: bool) -> None:
    desk = display.household
    display.window.show_screen("consent")
    desk.switch(Category.HOME_DEVICES, on)
    if on:
        assert display.window.screen("confirm").title.text() == "Figures for other devices in the home"
        display.window.screen("confirm").yes.click()


def test_nothing_for_other_devices_until_allowed_then_discovery_and_figures(qtbot, broker, make_display, watchers):
    watcher = watchers()
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}})
    qtbot.waitUntil(lambda: display.consent.loaded and bool(watcher.on("ihd/v1/consent")), timeout=5000)
    pub = broker.publisher()
    pub.send("ihd/v1/electricity/demand", json.dumps({"ts": NOW_ISO(), "watts": 1500}))
    for topic, value, unit in (("electricity/import", 12345.678, "kWh"), ("electricity/export", 812.5, "kWh"),
                               ("gas/import", 4321.5, "m3")):
        pub.send(f"ihd/v1/{topic}", json.dumps({"ts": NOW_ISO(), "value": value, "unit": unit}))
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.recent_kw == 1.5, timeout=3000)
    qtbot.waitUntil(lambda: bool(display.figures.live.snapshot().gas.meter), timeout=3000)
    for _ in range(3):
        display._tick()
    qtbot.wait(300)
    assert watcher.on("homeassistant/") == []
    assert [p for _t, p, _r in watcher.on("ihd/v1/display/") if p] == []  # at most the will cleared

    switch(qtbot, display, True)
    node = display.home_devices.node
    qtbot.waitUntil(lambda: len(watcher.on("homeassistant/")) == len(ha.SENSORS), timeout=3000)
    configs = {topic: json.loads(payload) for topic, payload, _r in watcher.on("homeassistant/")}
    power = configs[f"homeassistant/sensor/ihd/{node}_power_kw/config"]
    assert power["state_topic"] == "ihd/v1/display/state"
    assert power["unit_of_measurement"] == "kW"
    assert power["device_class"] == "power"
    assert power["value_template"] == "{{ value_json.power_kw }}"
    assert power["availability_topic"] == "ihd/v1/display/availability"
    assert power["default_entity_id"] == f"sensor.ihd_{node}_power_kw"
    assert power["origin"]["name"] == "ihd"
    gas_m3 = configs[f"homeassistant/sensor/ihd/{node}_gas_import_m3/config"]
    assert (gas_m3["device_class"], gas_m3["state_class"], gas_m3["unit_of_measurement"]) == \
        ("gas", "total_increasing", "m³")
    assert len({c["unique_id"] for c in configs.values()}) == len(ha.SENSORS)
    qtbot.waitUntil(lambda: bool(watcher.on("ihd/v1/display/state")), timeout=3000)
    state = json.loads(watcher.on("ihd/v1/display/state")[-1][1])
    assert state["power_kw"] == 1.5
    assert state["credit_gbp"] is None  # a credit meter
    assert (state["electricity_import_kwh"], state["electricity_export_kwh"]) == (12345.678, 812.5)
    assert state["gas_import_m3"] == 4321.5
    assert state["gas_import_kwh"] == round(4321.5 * 1.02264 * 39.5 / 3.6, 3)  # the default conversion
    assert (b"online" in [p for _t, p, _r in watcher.on("ihd/v1/display/availability")])

    late = watchers("late")  # Home Assistant started after the display: the retained config is there
    qtbot.waitUntil(lambda: len(late.on("homeassistant/")) == len(ha.SENSORS), timeout=3000)
    assert all(retained for _t, _p, retained in late.on("homeassistant/"))
    assert display.rejections.total == 0, display.rejections.counts()  # its own topics heard back quietly
    pub.close()


def test_withdrawing_takes_the_sensors_off_the_broker(qtbot, broker, make_display, watchers):
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}})
    qtbot.waitUntil(lambda: display.consent.loaded and display.consent._connected, timeout=5000)
    switch(qtbot, display, True)
    watcher = watchers()
    qtbot.waitUntil(lambda: len(watcher.on("homeassistant/")) == len(ha.SENSORS), timeout=3000)

    switch(qtbot, display, False)
    qtbot.waitUntil(lambda: sum(1 for _t, p, _r in watcher.on("homeassistant/") if p == b"") == len(ha.SENSORS),
                    timeout=3000)
    for _ in range(3):
        display._tick()
    after = watchers("after")  # a device that looks now finds nothing retained
    qtbot.wait(500)
    assert after.on("homeassistant/") == []
    assert after.on("ihd/v1/display/") == []
    assert "Switched off. The figures have been taken off the broker" in display.household.screen.status.text()


# -- availability that tells the truth: the last will, a clean stop, and no leftovers


def allow_home_devices(data: Path, version: int | None = None) -> None:
    """The household's saved choice, as the consent screen would have left it (on the words of
    `version`, today's by default)."""
    from ihd.core.consent import STATEMENTS_VERSION, ConsentRecord
    from ihd.store import consent as consent_log
    from ihd.store.db import connect

    db = connect(data / "history.sqlite3")
    consent_log.append(db, ConsentRecord(Category.HOME_DEVICES, True, datetime.now(UTC),
                                         version or STATEMENTS_VERSION, "en_GB", "Figures for other devices"))
    db.close()


def start_display(broker, data: Path) -> subprocess.Popen:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-m", "ihd", "--broker", broker.url, "--data-dir", str(data)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def retained(broker, topic: str, name: str, wait_s: float = 1.0) -> bytes | None:
    """What a device that subscribes now is given on `topic`, if anything."""
    late = Subscriber(broker.port, name).listen(topic)
    try:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and not late.on(topic):
            time.sleep(0.05)
        found = [payload for _t, payload, was_retained in late.on(topic) if was_retained]
        return found[-1] if found else None
    finally:
        late.close()


def killed_once_connected(broker, data: Path, heard: bytes) -> None:
    """Start the display as its own process, wait until `heard` is on its availability topic,
    then kill it as a power cut would (no goodbye to the broker)."""
    watcher = Subscriber(broker.port, "before").listen(AVAILABILITY)
    app = start_display(broker, data)
    try:
        watcher.wait_for(heard, timeout=30)
        app.send_signal(signal.SIGKILL)
        app.wait(10)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        watcher.close()


AVAILABILITY = "ihd/v1/display/availability"


def test_a_display_killed_while_sharing_leaves_offline_for_a_late_subscriber(broker, tmp_path):
    allow_home_devices(tmp_path / "data")
    killed_once_connected(broker, tmp_path / "data", b"online")
    deadline = time.monotonic() + 30  # the keep-alive grace (1.5 x 15 s, as the broker checks it)
    while (payload := retained(broker, AVAILABILITY, "late")) != b"offline" and time.monotonic() < deadline:
        time.sleep(0.5)
    assert payload == b"offline"


def test_a_will_left_while_not_sharing_is_cleared_at_the_next_start(qtbot, broker, tmp_path, make_display):
    killed_once_connected(broker, tmp_path / "data", b"")  # not sharing: it clears the topic on connecting
    assert retained(broker, AVAILABILITY, "late") == b"offline"  # the will: it cannot follow consent
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}})
    qtbot.waitUntil(lambda: display.consent.loaded and display.home_devices._will_cleared, timeout=5000)
    qtbot.wait(300)
    assert retained(broker, AVAILABILITY, "after") is None
    assert retained(broker, "homeassistant/#", "after-discovery") is None


def test_a_clean_stop_says_offline(qtbot, broker, make_display, watchers):
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}})
    qtbot.waitUntil(lambda: display.consent.loaded and display.consent._connected, timeout=5000)
    switch(qtbot, display, True)
    watcher = watchers()
    watcher.wait_for(b"online")
    display.stop()
    assert retained(broker, AVAILABILITY, "late") == b"offline"


def test_every_shared_figure_expires_if_the_display_goes_quiet():
    for _topic, payload in ha.discovery("pi", "ihd/v1", "1.2.3"):
        assert json.loads(payload)["expire_after"] == ha.EXPIRE_AFTER_S > 3 * ha.STATE_EVERY_S


# -- a cost that Home Assistant counts right across midnight


def test_the_cost_today_begins_again_at_local_midnight_and_says_so(qtbot, broker, make_display, watchers):
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from ihd.core.clock import ManualClock
    from ihd.core.periods import local_day_start

    tz = ZoneInfo("Europe/London")
    midnight = local_day_start(datetime.now(UTC), tz)  # today's, so every reading is in the real past
    display = make_display({"bridge": {"broker": broker.url},
                            "tariff": {"electricity": {"unit_rate_p_per_kwh": 20}}},
                           clock=ManualClock(midnight - timedelta(minutes=40)))
    qtbot.waitUntil(lambda: display.consent.loaded and display.consent._connected, timeout=5000)
    watcher = watchers()
    display.consent.choose(Category.HOME_DEVICES, True, "the words shown")
    pub = broker.publisher()

    def states():
        return [json.loads(p) for _t, p, _r in watcher.on("ihd/v1/display/state") if p]

    value = 5000.0
    for minutes in (-35, -25, -15, -5, 5, 15, 25):  # 0.5 kWh every ten minutes, at 20p
        at = midnight + timedelta(minutes=minutes)
        display.clock.advance((at + timedelta(seconds=30) - display.clock.now()).total_seconds())
        pub.send("ihd/v1/electricity/import",
                 json.dumps({"ts": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "value": value, "unit": "kWh"}))
        value += 0.5
        qtbot.waitUntil(lambda at=at: display.figures.live.snapshot().electricity.last_reading_at == at, timeout=5000)
        display.writer.flush(5)
        qtbot.wait(100)  # the ledger's day figures reach the GUI thread
        sent = len(states())
        display.home_devices.update(force=True)
        qtbot.waitUntil(lambda sent=sent: len(states()) > sent, timeout=3000)

    heard = states()
    today, yesterday = midnight.astimezone(tz).isoformat(), (midnight - timedelta(days=1)).astimezone(tz).isoformat()
    assert {s["cost_today_since"] for s in heard} == {yesterday, today}
    assert max(s["cost_today_gbp"] or 0 for s in heard if s["cost_today_since"] == yesterday) == 0.3
    assert heard[-1] | {"cost_today_since": today, "cost_today_gbp": 0.25, "energy_today_kwh": 1.25} == heard[-1]
    # Within one `cost_today_since` the cost never falls: it falls only where that moves on, in
    # the same message, which Home Assistant takes as a new cycle rather than a negative cost.
    for a, b in itertools.pairwise(heard):
        if None not in (a["cost_today_gbp"], b["cost_today_gbp"]) and b["cost_today_gbp"] < a["cost_today_gbp"]:
            assert datetime.fromisoformat(b["cost_today_since"]) > datetime.fromisoformat(a["cost_today_since"])
    pub.close()


def test_a_household_that_allowed_sharing_on_the_first_words_keeps_them(qtbot, broker, make_display, watchers,
                                                                          tmp_path):
    """The first statement did not name the meter readings or the price: they stay unsent (null)
    until the household allows sharing again on the words that do."""
    allow_home_devices(tmp_path / "data", version=1)
    watcher = watchers()
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"},
                            "tariff": {"electricity": {"unit_rate_p_per_kwh": 20}}})
    qtbot.waitUntil(lambda: display.consent.loaded and display.home_devices._announced, timeout=5000)
    pub = broker.publisher()
    pub.send("ihd/v1/electricity/import", json.dumps({"ts": NOW_ISO(), "value": 12345.678, "unit": "kWh"}))
    pub.send("ihd/v1/electricity/demand", json.dumps({"ts": NOW_ISO(), "watts": 1500}))
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.recent_kw == 1.5, timeout=3000)

    def state():
        display.home_devices.update(force=True)
        qtbot.wait(200)
        return json.loads(watcher.on("ihd/v1/display/state")[-1][1])

    first = state()
    assert first["power_kw"] == 1.5
    assert (first["electricity_import_kwh"], first["unit_rate_gbp_per_kwh"]) == (None, None)
    switch(qtbot, display, True)  # asked again, on today's words
    again = state()
    assert (again["electricity_import_kwh"], again["unit_rate_gbp_per_kwh"]) == (12345.678, 0.2)
    pub.close()
