"""A home feeding a deploying organisation's centre, as it would run: the display in-process on its
home's mosquitto, bridged by the configuration ihd writes over TLS with client certificates made
here to the centre's mosquitto, and ihd-collect writing into a real PostgreSQL. The link is cut for
minutes and the home's broker restarted, the display restarted mid-day, and consent withdrawn."""

from datetime import timedelta

import pytest
from broker import Publisher
from centre_helpers import ROOT, home_broker, rows
from sharing_helpers import open_display, pass_half_hour, readings_in, start_of_a_slot

from ihd.core.consent import Category
from ihd.core.periods import SLOT

pytestmark = pytest.mark.broker
SERVICE = "Warm Homes Advice"


@pytest.fixture
def home(tmp_path, centre):
    ca, broker, _collector = centre
    made = home_broker(tmp_path / "home", ca, broker, "home-0042", ("third-party",))
    made.start()
    yield made
    made.stop()


def half_hours(database):
    return rows(database, "SELECT h.link, s.home_id, s.category, s.start, s.electricity_import_kwh, s.service "
                "FROM half_hourly AS s JOIN home AS h USING (home_id) ORDER BY s.start")


def test_every_consented_half_hour_reaches_the_centre_once_through_cuts_and_restarts(
        qtbot, centre, home, database, make_display):
    _ca, centre_mqtt, collector = centre
    first = start_of_a_slot(hours_ago=6)
    display = open_display(qtbot, home, make_display, first - timedelta(minutes=1),
                           {"consent": {"third_party_name": SERVICE}})
    me = display.shared.home_id
    display.consent.choose(Category.THIRD_PARTY, True, "Half-hourly use, to Warm Homes Advice")
    qtbot.waitUntil(lambda: rows(database, "SELECT granted FROM consent WHERE category = 'third-party'")
                    == [(True,)], timeout=15000)
    assert rows(database, "SELECT home_id, link FROM home") == [(me, "home-0042")]
    meter = Publisher(home.port)
    readings_in(meter, first, 6000.0, display)
    pass_half_hour(qtbot, display, first)
    qtbot.waitUntil(lambda: len(half_hours(database)) == 1, timeout=15000)

    # The link to the centre is cut; the display goes on sharing, its home broker queues.
    centre_mqtt.stop()
    for n in (1, 2):
        readings_in(meter, first + n * SLOT, 6000.0 + 0.5 * n, display)
        pass_half_hour(qtbot, display, first + n * SLOT)
    stream = display.consent._streams[Category.THIRD_PARTY]
    qtbot.waitUntil(lambda: (display.consent.tick(), stream.mark == first + 3 * SLOT)[1], timeout=10000)
    # ...and the home's broker restarts while the link is down: what it queued is kept on disk.
    meter.close()
    home.stop()
    home.start()
    qtbot.waitUntil(lambda: display.consent._connected, timeout=20000)
    meter = Publisher(home.port)
    readings_in(meter, first + 3 * SLOT, 6001.5, display)
    pass_half_hour(qtbot, display, first + 3 * SLOT)
    qtbot.waitUntil(lambda: (display.consent.tick(), stream.mark == first + 4 * SLOT)[1], timeout=10000)
    assert len(half_hours(database)) == 1  # nothing has crossed yet
    centre_mqtt.start()
    qtbot.waitUntil(lambda: len(half_hours(database)) == 4, timeout=60000)

    # The display restarts mid-day; the meter's readings wait for it in its session.
    display.stop()
    for n in (4, 5):
        readings_in(meter, first + n * SLOT, 6000.0 + 0.5 * n)
    again = open_display(qtbot, home, make_display, first + 6 * SLOT + timedelta(minutes=3),
                         {"consent": {"third_party_name": SERVICE}})
    qtbot.waitUntil(lambda: (again.writer.flush(5), again.consent.tick(), len(half_hours(database)) == 6)[2],
                    timeout=30000)
    kept = half_hours(database)
    assert [row[3] for row in kept] == [first + n * SLOT for n in range(6)]  # each once, none missing
    assert {row[:3] for row in kept} == {("home-0042", me, "third-party")}
    assert {(row[4], row[5]) for row in kept} == {(0.5, SERVICE)}
    # Never switched on: nothing of the supplier's categories, which this bridge does not carry anyway.
    assert rows(database, "SELECT count(*) FROM daily") == [(0,)]
    assert collector.collector.refused == {}

    # Withdrawn: the centre deletes what it holds of the category.
    again.consent.choose(Category.THIRD_PARTY, False, "Half-hourly use, to Warm Homes Advice")
    qtbot.waitUntil(lambda: half_hours(database) == [], timeout=15000)
    assert rows(database, "SELECT granted FROM consent WHERE category = 'third-party'") == [(False,)]
    assert rows(database, "SELECT count(*) FROM consent_record WHERE home_id = %s", me)[0][0] >= 3
    meter.close()


def test_the_centre_takes_a_home_only_under_its_own_name(qtbot, centre, home, database, tmp_path):
    """A home's certificate lets it write under its own name only: another home's topics are
    refused by the centre's broker, so it can neither add to nor withdraw another's records."""
    ca, centre_mqtt, collector = centre
    import paho.mqtt.client as mqtt

    crt, key = ca.issue("home-0099")
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="home-0099")
    client.tls_set(ca_certs=str(ca.crt), certfile=str(crt), keyfile=str(key))
    client.connect("127.0.0.1", centre_mqtt.port)
    client.loop_start()
    try:
        forged = b'{"contract": "ihd/v1", "home": "K7QM-2XD4-P9RT", "ts": "2026-12-02T17:00:00Z", "version": 2}'
        client.publish(f"{ROOT}/home-0042/consent", forged, qos=1).wait_for_publish(5)
        client.publish(f"{ROOT}/home-0099/consent", b"not json", qos=1).wait_for_publish(5)
        qtbot.waitUntil(lambda: sum(collector.collector.refused.values()) == 1, timeout=10000)
        assert rows(database, "SELECT count(*) FROM home") == [(0,)]  # the forged one never arrived
    finally:
        client.loop_stop()
        client.disconnect()


def test_two_homes_feed_one_centre_and_it_holds_what_each_allowed_exactly_once(
        qtbot, tmp_path, centre, database, make_display):
    """As a charity would try it: two homes, each with its own broker bridged to the centre (one
    carries the supplier's half-hours too, which its household never allows), each link cut for a
    while, one display restarted; the tables hold every consented half-hour once and nothing else."""
    ca, centre_mqtt, _collector = centre
    first = start_of_a_slot(hours_ago=6)
    brokers = {"home-a": home_broker(tmp_path / "a", ca, centre_mqtt, "home-a", ("third-party",)),
               "home-b": home_broker(tmp_path / "b", ca, centre_mqtt, "home-b",
                                     ("third-party", "supplier-half-hourly"))}
    for made in brokers.values():
        made.start()
    meters = {}
    try:
        displays = {}
        for link, made in brokers.items():
            displays[link] = open_display(qtbot, made, make_display, first - timedelta(minutes=1),
                                          {"consent": {"third_party_name": SERVICE}}, data=link)
            displays[link].consent.choose(Category.THIRD_PARTY, True, "Half-hourly use, to Warm Homes Advice")
            meters[link] = Publisher(made.port)
        homes = {link: d.shared.home_id for link, d in displays.items()}
        assert homes["home-a"] != homes["home-b"]
        centre_mqtt.stop()  # both links cut for the first two half-hours
        for n in range(4):
            if n == 2:
                centre_mqtt.start()
                displays["home-b"].stop()  # ...and home B's display restarts as the link comes back
            for link, display in displays.items():
                if link == "home-b" and n == 2:
                    readings_in(meters[link], first + n * SLOT, 7000.0 + 0.5 * n)  # waits for it at the broker
                    continue
                if link == "home-b" and n == 3:
                    display = displays[link] = open_display(
                        qtbot, brokers[link], make_display, first + 3 * SLOT + timedelta(minutes=1),
                        {"consent": {"third_party_name": SERVICE}}, data=link)
                readings_in(meters[link], first + n * SLOT, 7000.0 + 0.5 * n, display)
                pass_half_hour(qtbot, display, first + n * SLOT)

        def held():
            return sorted(rows(database, "SELECT h.link, s.category, s.start FROM half_hourly AS s "
                                         "JOIN home AS h USING (home_id)"))

        expected = sorted((link, "third-party", first + n * SLOT) for link in brokers for n in range(4))
        qtbot.waitUntil(lambda: ([d.consent.tick() for d in displays.values()], held() == expected)[1],
                        timeout=60000)
        assert rows(database, "SELECT link, home_id FROM home ORDER BY link") == sorted(homes.items())
    finally:
        for meter in meters.values():
            meter.close()
        for made in brokers.values():
            made.stop()
