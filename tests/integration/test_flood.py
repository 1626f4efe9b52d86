"""A flood through a real mosquitto, arriving while the GUI thread is too busy to take it: the
newest value of every topic, every command response, price and tariff reaches the display, every
register reading reaches the history, and the history's totals are exact afterwards."""

import json
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import paho.mqtt.client as mqtt
import pytest
from broker import Broker

from ihd.core.clock import ManualClock
from ihd.core.link import LinkState
from ihd.core.prepayment import CommandResponse
from ihd.core.readings import RegisterReading
from ihd.core.units import Direction, Fuel
from ihd.han import feed as feed_module

NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
ROOM = 2000  # the queue's room, made smaller than the display's so the flood overflows it sooner
P = "ihd/v1/"
D = Decimal


def iso(at):
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def roomy_broker(tmp_path):
    """A broker that queues a slow subscriber's messages without limit (mosquitto keeps 1000)."""
    b = Broker(tmp_path, ("max_queued_messages 0",))
    b.start()
    yield b
    b.stop()


def flood(registers):
    """(topic, payload) as a bridge catching up sends them: demand and the register each second,
    the meter's indicator and the outdoor temperature, prepayment states, three tariff changes,
    three days of prices and three answers to top-ups among them."""
    out = []
    start = NOON - timedelta(seconds=registers + 30)
    for i in range(registers):
        at = start + timedelta(seconds=i)
        out.append((P + "electricity/demand", {"ts": iso(at), "watts": 200 + i % 900}))
        out.append((P + "electricity/import", {"ts": iso(at), "value": 3000 + i / 1000, "unit": "kWh"}))
        if i % 10 == 0:
            out.append((P + "electricity/ambient", {"ts": iso(at), "level": ["low", "medium", "high"][i % 3]}))
            out.append((P + "weather/outdoor", {"ts": iso(at), "celsius": round(-5 + i / 100, 2)}))
            out.append((P + "electricity/prepayment", {"ts": iso(at), "mode": "prepayment", "credit_p": 5000 - i}))
        if i % (registers // 3) == 7:
            n = i // (registers // 3)
            out.append((P + "electricity/tariff", {"unit_rate_p_per_kwh": 20 + n, "standing_charge_p_per_day": 50,
                                                   "vat_included": True, "from": iso(NOON - timedelta(days=3 - n))}))
            out.append((P + "electricity/prices", {"vat_included": True, "prices": [
                {"from": iso(NOON + timedelta(hours=n)), "rate_p_per_kwh": 10 + n}]}))
            out.append((P + "response/top-up", {"id": f"topup-{n}", "ts": iso(at), "result": "accepted"}))
    return [(topic, json.dumps(body).encode()) for topic, body in out]


def send_all(port, messages):
    sender = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="flood-bridge")
    sender.connect("127.0.0.1", port)
    sender.loop_start()
    infos = [sender.publish(topic, payload, qos=1) for topic, payload in messages]
    for info in infos:
        info.wait_for_publish(30)
    sender.loop_stop()
    sender.disconnect()


def wait_without_the_gui(display, base, count):
    """Wait for the network thread to have received `count` messages, the GUI thread doing
    nothing meanwhile (no events processed, so nothing is drained)."""
    deadline = time.monotonic() + 60
    while display.feed.received - base < count:
        assert time.monotonic() < deadline, f"only {display.feed.received - base} of {count} arrived"
        time.sleep(0.01)


def started(qtbot, make_display, broker):
    display = make_display({"bridge": {"broker": broker.url, "dialect": "native"}}, clock=ManualClock(NOON))
    qtbot.waitUntil(lambda: display.figures.link.state is LinkState.CONNECTED, timeout=10000)
    display.writer.flush()
    qtbot.wait(200)  # its own messages (the consent record) heard back
    qtbot.waitUntil(lambda: not display.feed.pending)
    return display


def watch(display, monkeypatch):
    """Everything handed to the history, and the command responses the account screen is given."""
    handed, responses = [], []
    display.figures.for_history.connect(handed.extend)
    display.figures.responses.connect(responses.append)
    return handed, responses


@pytest.mark.parametrize("registers", [ROOM - 200, ROOM + 800])
def test_a_flood_keeps_every_last_value_command_price_and_tariff_and_the_history_exact(
        qtbot, make_display, roomy_broker, monkeypatch, registers):
    monkeypatch.setattr(feed_module, "MAX_QUEUED", ROOM)
    display = started(qtbot, make_display, roomy_broker)
    handed, responses = watch(display, monkeypatch)
    feed = display.feed
    base, dropped_before = feed.received, feed.dropped
    messages = flood(registers)

    send_all(roomy_broker.port, messages)
    wait_without_the_gui(display, base, len(messages))
    qtbot.waitUntil(lambda: not feed.pending, timeout=30000)
    assert display.writer.flush()
    qtbot.wait(50)  # today's totals, posted to the GUI thread

    sent = {}
    for topic, payload in messages:
        sent.setdefault(topic, []).append(json.loads(payload))
    snap = display.figures.live.snapshot()
    # the newest value of every topic
    assert snap.electricity.demand_w == sent[P + "electricity/demand"][-1]["watts"]
    assert snap.meter_level == sent[P + "electricity/ambient"][-1]["level"]
    assert snap.outdoor_c == sent[P + "weather/outdoor"][-1]["celsius"]
    assert snap.account.prepayment[Fuel.ELECTRICITY].credit_p == sent[P + "electricity/prepayment"][-1]["credit_p"]
    assert snap.electricity.meter[Direction.IMPORT].value == D(str(sent[P + "electricity/import"][-1]["value"]))
    # every command response, tariff and price
    assert [r.id for r in responses if isinstance(r, CommandResponse)] == ["topup-0", "topup-1", "topup-2"]
    rates = [t.unit_rate_p for _at, t in display.figures.live.pricer.tariffs(Fuel.ELECTRICITY)]
    assert rates == [D(20), D(21), D(22)]
    for n in range(3):
        slot = NOON + timedelta(hours=n)
        assert display.figures.live.pricer.rate(Fuel.ELECTRICITY, Direction.IMPORT, slot) == D(10 + n)
    # the register readings: every one to the history while the queue had room; beyond that, the
    # oldest in-between ones went (the register counts on, so no energy is lost), never the newest
    registers_handed = [r for _t, r in handed if isinstance(r, RegisterReading)]
    values = [D(str(body["value"])) for body in sent[P + "electricity/import"]]
    assert [r.value for r in registers_handed] == values[len(values) - len(registers_handed):]
    overflowed = feed.overflowed.get("register", 0)
    assert len(registers_handed) == registers - overflowed
    assert (overflowed > 0) == (registers > ROOM)
    assert set(feed.overflowed) <= {"register"}  # nothing else was dropped for room
    assert set(feed.superseded) == {"demand", "meter indicator", "outdoor temperature", "prepayment"}
    # what became of the messages adds up
    assert feed.received - base == len(messages)
    assert feed.taken + feed.refused + feed.dropped == feed.received
    assert feed.dropped - dropped_before == sum(feed.superseded.values()) + overflowed
    # the history's total for the day is the register's whole rise, to the last digit
    first, last = registers_handed[0].value, values[-1]
    today = display.shared.reader().day(Fuel.ELECTRICITY, Direction.IMPORT, NOON.date())
    assert today.kwh == last - first
    assert snap.electricity.today.kwh == last - first  # and the home screen was told
