"""mosquitto with the shipped configuration: every client logs in, and the ACLs hold."""

from __future__ import annotations

import subprocess
import sys

import pytest
from appliance import broker_lines, logins
from broker import Broker, Subscriber

from ihd.config import load_config

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
