"""The display's figures for other devices in the home, seen by a subscriber on the real broker as
Home Assistant would see them: nothing until the household allows it, then discovery and figures,
and everything taken off the broker when withdrawn."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from broker import Subscriber

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


def switch(qtbot, display, on: bool) -> None:
    desk = display.household
    display.window.show_screen("consent")
    desk.switch(Category.HOME_DEVICES, on)
    if on:
        assert display.confirm.title.text() == "Figures for other devices in the home"
        display.confirm.yes.click()


def test_nothing_for_other_devices_until_allowed_then_discovery_and_figures(qtbot, broker, make_display, watchers):
    watcher = watchers()
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}})
    qtbot.waitUntil(lambda: display.consent.loaded and bool(watcher.on("ihd/v1/consent")), timeout=5000)
    pub = broker.publisher()
    pub.send("ihd/v1/electricity/demand", json.dumps({"ts": NOW_ISO(), "watts": 1500}))
    qtbot.waitUntil(lambda: display.live.snapshot().electricity.recent_kw == 1.5, timeout=3000)
    for _ in range(3):
        display._tick()
    qtbot.wait(300)
    assert watcher.on("homeassistant/") == []
    assert watcher.on("ihd/v1/display/") == []

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
    assert len({c["unique_id"] for c in configs.values()}) == len(ha.SENSORS)
    qtbot.waitUntil(lambda: bool(watcher.on("ihd/v1/display/state")), timeout=3000)
    state = json.loads(watcher.on("ihd/v1/display/state")[-1][1])
    assert state["power_kw"] == 1.5
    assert state["credit_gbp"] is None  # a credit meter
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
