"""A centre that runs RabbitMQ (its MQTT plugin; RabbitMQ clusters natively) instead of mosquitto:
the same bridge ihd writes for the home's mosquitto, the same ihd-collect, a real PostgreSQL. The
half-hours go while the collector is away (they wait in its session at RabbitMQ, over a restart of
the node) and while the node is down (they wait at the home); each arrives once."""

from datetime import timedelta

import paho.mqtt.client as mqtt
import pytest
import rabbitmq
from broker import Publisher
from centre_helpers import ROOT, Authority, RunningCollector, home_broker, rows
from sharing_helpers import open_display, pass_half_hour, readings_in, start_of_a_slot

from ihd.core.consent import Category
from ihd.core.periods import SLOT

pytestmark = pytest.mark.broker
SERVICE = "Warm Homes Advice"
LINK = "home-0042"


@pytest.fixture
def rabbit_centre(tmp_path, database):
    """A RabbitMQ node as the centre, with ihd-collect subscribed: (the CA, the node, the collector)."""
    if not rabbitmq.installed():
        pytest.skip("rabbitmq-server is not installed; run: sh packaging/dev.sh test (it installs Debian's)")
    ca = Authority(tmp_path / "ca")
    node = rabbitmq.RabbitMQ(ca.crt, *ca.issue("centre", server=True), writers=(LINK,))
    try:
        node.start()
        collector = RunningCollector(node, ca, database).start()
        assert collector.collector.connected.wait(15)
        yield ca, node, collector
        collector.stop()
    finally:
        node.close()


def half_hours(database):
    return rows(database, "SELECT h.link, s.start FROM half_hourly AS s JOIN home AS h USING (home_id) "
                "ORDER BY s.start")


def test_a_rabbitmq_centre_takes_the_bridge_and_every_half_hour_arrives_once(
        qtbot, tmp_path, rabbit_centre, database, make_display):
    ca, node, collector = rabbit_centre
    home = home_broker(tmp_path / "home", ca, node, LINK, ("third-party",))
    home.start()
    meter = None
    try:
        first = start_of_a_slot(hours_ago=4)
        display = open_display(qtbot, home, make_display, first - timedelta(minutes=1),
                               {"consent": {"third_party_name": SERVICE}})
        display.consent.choose(Category.THIRD_PARTY, True, "Half-hourly use, to Warm Homes Advice")
        qtbot.waitUntil(lambda: rows(database, "SELECT link FROM home") == [(LINK,)], timeout=15000)
        meter = Publisher(home.port)
        stream = display.consent._streams[Category.THIRD_PARTY]

        def share(n):
            readings_in(meter, first + n * SLOT, 6000.0 + 0.5 * n, display)
            pass_half_hour(qtbot, display, first + n * SLOT)
            qtbot.waitUntil(lambda: (display.consent.tick(), stream.mark == first + (n + 1) * SLOT)[1],
                            timeout=10000)

        share(0)
        qtbot.waitUntil(lambda: len(half_hours(database)) == 1, timeout=15000)
        # The collector is away: its half-hour waits in its session at RabbitMQ...
        collector.stop()
        share(1)
        qtbot.wait(1000)  # the bridge hands it on
        # ...and the node restarts, then is down while the next is shared: that one waits at home.
        node.stop()
        share(2)
        node.start()
        again = RunningCollector(node, ca, database).start()
        try:
            qtbot.waitUntil(lambda: len(half_hours(database)) == 3, timeout=60000)
            assert half_hours(database) == [(LINK, first + n * SLOT) for n in range(3)]
            assert again.collector.refused == {}

            # Withdrawn: the consent record crosses too, and the centre deletes the category's records.
            display.consent.choose(Category.THIRD_PARTY, False, "Half-hourly use, to Warm Homes Advice")
            qtbot.waitUntil(lambda: half_hours(database) == [], timeout=15000)
        finally:
            again.stop()

        # A home's certificate writes under its own name only: RabbitMQ closes the connection.
        closed = []
        forger = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="forger", reconnect_on_failure=False)
        forger.tls_set(ca_certs=str(ca.crt), certfile=str(ca.folder / f"{LINK}.crt"),
                       keyfile=str(ca.folder / f"{LINK}.key"))
        forger.on_disconnect = lambda *_: closed.append(True)
        forger.connect("127.0.0.1", node.port)
        forger.loop_start()
        try:
            forger.publish(f"{ROOT}/home-0099/consent", b"{}", qos=1)
            qtbot.waitUntil(lambda: closed == [True], timeout=10000)
        finally:
            forger.loop_stop()
        assert rows(database, "SELECT link FROM home") == [(LINK,)]
    finally:
        if meter is not None:
            meter.close()
        home.stop()
