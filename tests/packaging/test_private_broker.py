"""mosquitto with the shipped configuration: every client logs in, and the ACLs hold."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from appliance import broker_lines, logins
from broker import Broker, Subscriber

from ihd.config import load_config
from ihd.core.consent import ConsentState
from ihd.han.dialects import native_share

DEMAND = "ihd/v1/electricity/demand"
TOP_UP = "ihd/v1/command/top-up"
STATUS = "ihd/v1/status"


@pytest.fixture
def private(installed, tmp_path):
    root, _ = installed
    broker = Broker(tmp_path, broker_lines(root))
    broker.start()
    users = logins(root)
    made: list[Subscriber] = []

    def login(user: str, password: str | None = None, name: str = "") -> Subscriber:
        client = Subscriber(broker.port, name or user, user, users[user] if password is None else password)
        made.append(client)
        return client

    yield login
    for client in made:
        client.close()
    broker.stop()


def test_a_wrong_password_or_no_login_is_refused(private):
    assert private("ihd-bridge", "guess", name="guesser").refused == "Not authorized"
    assert private("ihd-display", "", name="blank").refused == "Not authorized"


def test_the_bridge_writes_the_meter_and_the_display_reads_it(private):
    display, bridge = private("ihd-display"), private("ihd-bridge")
    display.listen("ihd/v1/#")
    bridge.send(DEMAND, b'{"watts": 420}')
    assert (DEMAND, b'{"watts": 420}') in display.wait_for(b'{"watts": 420}')


def test_the_display_cannot_forge_a_meter_reading(private):
    watcher, display, bridge = private("ihd-display", name="watcher"), private("ihd-display"), private("ihd-bridge")
    watcher.listen("ihd/v1/#")
    bridge.listen("ihd/v1/command/#")
    display.send(DEMAND, b'{"watts": 99999}')  # refused by the ACL: dropped
    display.send(TOP_UP, b'{"id": "a1"}')  # its own command goes through, after the forgery
    assert (TOP_UP, b'{"id": "a1"}') in bridge.wait_for(b'{"id": "a1"}')
    heard = watcher.wait_for(b'{"id": "a1"}')
    assert (DEMAND, b'{"watts": 99999}') not in heard


def test_the_bridge_cannot_send_commands_as_if_it_were_the_display(private):
    display, bridge = private("ihd-display"), private("ihd-bridge")
    display.listen("ihd/v1/#")
    bridge.send(TOP_UP, b'{"id": "forged"}')
    bridge.send(STATUS, b'{"state": "online"}')  # allowed, and sent after the forgery
    heard = display.wait_for(b'{"state": "online"}')
    assert (TOP_UP, b'{"id": "forged"}') not in heard


def test_home_assistant_reads_only_what_the_display_shares_for_it(private):
    display, bridge, ha = private("ihd-display"), private("ihd-bridge"), private("homeassistant")
    ha.listen("ihd/v1/#", "homeassistant/#")
    bridge.send(DEMAND, b'{"watts": 1}')  # the meter itself is not Home Assistant's to read
    display.send("ihd/v1/display/state", b'{"cost_today": 1.23}')
    heard = ha.wait_for(b'{"cost_today": 1.23}')
    assert (DEMAND, b'{"watts": 1}') not in heard


def test_ihd_feeds_writes_only_its_topics_and_reads_only_the_households_choice(private):
    display, bridge, feeds, watcher = (private("ihd-display"), private("ihd-bridge"), private("ihd-feeds"),
                                       private("ihd-display", name="watcher"))
    watcher.listen("ihd/v1/#")
    feeds.listen("ihd/v1/#")
    display.send("ihd/v1/share/supplier/half-hourly", b'{"kwh": 0.4}')  # the household's use: not its to read
    bridge.send(DEMAND, b'{"watts": 5}')  # nor the meter
    display.send("ihd/v1/share/carbon-region", b'{"postcode_district": "EH12"}')
    display.send("ihd/v1/consent", b'{"carbon-lookup": true}')
    heard = feeds.wait_for(b'{"carbon-lookup": true}')
    assert ("ihd/v1/share/carbon-region", b'{"postcode_district": "EH12"}') in heard
    assert all(payload not in (b'{"kwh": 0.4}', b'{"watts": 5}') for _topic, payload in heard)

    feeds.send(DEMAND, b'{"watts": 77777}')  # a forged reading: dropped
    feeds.send(TOP_UP, b'{"id": "from-feeds"}')  # a forged command: dropped
    ours = ("ihd/v1/electricity/prices", "ihd/v1/grid/carbon-intensity", "ihd/v1/feeds/status")
    for topic in ours:
        feeds.send(topic, topic.encode())
    heard = watcher.wait_for(b"ihd/v1/feeds/status")
    assert [t for t, p in heard if t in ours and p == t.encode()] == list(ours)
    assert (DEMAND, b'{"watts": 77777}') not in heard
    assert (TOP_UP, b'{"id": "from-feeds"}') not in heard


def test_the_installed_ihd_feeds_publishes_through_the_private_broker(installed, tmp_path):
    """The wheel's own ihd-feeds, with the login the installer made for it, between an HTTP server
    on loopback and the broker as shipped; the display's login reads what it sent, retained."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "feeds"))
    from mirror import Mirror

    root, _ = installed
    broker = Broker(tmp_path, broker_lines(root))
    broker.start()
    mirror = Mirror()
    users = logins(root)
    display = Subscriber(broker.port, "display", "ihd-display", users["ihd-display"])
    try:
        at = datetime(2026, 11, 1, tzinfo=UTC)  # the household has made no choice: carbon look-ups are off
        record = native_share.consent("K7QM-2XD4-P9RT", ConsentState().as_published(at))
        display.client.publish("ihd/v1/consent", record, qos=1, retain=True).wait_for_publish(5)
        config = tmp_path / "config.toml"
        config.write_text(f'[bridge]\nbroker = "{broker.url}"\n\n[feeds]\nenabled = true\n'
                          f'tariff_code = "E-1R-AGILE-24-10-01-C"\nprices_url = "{mirror.url}"\n'
                          f'carbon_url = "{mirror.url}"\n')
        login = dict(line.split("=", 1) for line in (root / "etc/ihd/feeds.env").read_text().splitlines()
                     if line and not line.startswith("#"))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | login
        done = subprocess.run([str(root / "opt/ihd/venv/bin/ihd-feeds"), "--config", str(config), "--once"],
                              capture_output=True, text=True, timeout=120, env=env)
        assert done.returncode == 0, done.stderr
        display.listen("ihd/v1/#")
        wanted = {"ihd/v1/electricity/prices", "ihd/v1/grid/carbon-intensity", "ihd/v1/feeds/status"}
        deadline = time.monotonic() + 10
        while not wanted <= {t for t, _p, retained in display.on("ihd/v1/") if retained} \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert wanted <= {t for t, _p, retained in display.on("ihd/v1/") if retained}
        assert not any("/postcode/" in path for path in mirror.paths())
    finally:
        display.close()
        mirror.stop()
        broker.stop()


@pytest.mark.parametrize("dialect", ["native", "glow"])
def test_the_display_shows_ihd_sim_through_the_private_broker(installed, tmp_path, qtbot, make_display, dialect):
    """As the installed appliance runs: the display with the installer's config and login, and
    ihd-sim as the bridge with the bridge's login."""
    root, _ = installed
    broker = Broker(tmp_path, broker_lines(root))
    broker.start()
    config = load_config(root / "etc/ihd/config.toml")
    bridge = {"broker": broker.url, "username": config.bridge.username, "password": config.bridge.password}
    display = make_display({"bridge": bridge | {"dialect": dialect}, "display": {"unit": "energy"}})
    proc = None
    try:
        qtbot.waitUntil(lambda: "Connected" in display.home.link.text(), timeout=5000)
        proc = subprocess.Popen([sys.executable, "-m", "ihd.han.simulator_cli", "--broker", broker.url,
                                 "--dialect", dialect, "--username", "ihd-bridge", "--password",
                                 logins(root)["ihd-bridge"], "--interval", "0.2", "--count", "10"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        qtbot.waitUntil(lambda: display.home.electricity.main.value_text not in ("–", ""), timeout=5000)
        assert proc.wait(20) == 0, proc.stderr.read() if proc.stderr else ""
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
        broker.stop()
    assert display.rejections.total == 0, display.rejections.counts()
