"""The feed under a flood, with a GUI thread too busy to drain: a newer value of a topic
supersedes the one queued; register readings, tariffs, prices and command responses are never
superseded; a full queue drops intermediate register readings first; every drop is counted by
kind, and the messages still add up."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.clock import ManualClock
from ihd.core.live import LiveModel
from ihd.core.prepayment import CommandResponse
from ihd.core.readings import Demand, PriceReading, RegisterReading, TariffReading
from ihd.han.dialects import make_dialect
from ihd.han.feed import MAX_QUEUED, Feed
from ihd.han.rejections import RejectionLog

NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
P = "ihd/v1/"


def stamp(i):
    return (NOON - timedelta(hours=3) + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")


def demand(i):
    return P + "electricity/demand", json.dumps({"ts": stamp(i), "watts": 300 + i % 700}).encode()


def register(i, fuel="electricity"):
    unit = "kWh" if fuel == "electricity" else "m3"
    return P + f"{fuel}/import", json.dumps({"ts": stamp(i), "value": 1000 + i / 1000, "unit": unit}).encode()


def tariff(rate):
    return P + "electricity/tariff", json.dumps({"unit_rate_p_per_kwh": rate, "standing_charge_p_per_day": 50,
                                                 "vat_included": True}).encode()


def prices(i):
    start = (NOON + timedelta(minutes=30 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return P + "electricity/prices", json.dumps({"vat_included": True,
                                                 "prices": [{"from": start, "rate_p_per_kwh": 10 + i}]}).encode()


def response(i):
    return P + "response/top-up", json.dumps({"id": f"r{i}", "ts": stamp(i), "result": "accepted"}).encode()


def prepayment(credit):
    return P + "electricity/prepayment", json.dumps({"ts": stamp(credit), "mode": "prepayment",
                                                     "credit_p": credit}).encode()


class Woken:
    def __init__(self):
        self.times = 0

    def __call__(self):
        self.times += 1


def made(slice_s=10.0):
    woken = Woken()
    feed = Feed(make_dialect("native"), RejectionLog(), woken, slice_s=slice_s)
    return feed, woken, LiveModel(ManualClock(NOON), ZoneInfo("Europe/London"))


def send(feed, message, retained=False):
    feed.receive(*message, retained)


def batch(*messages):
    return [(topic, payload, False) for topic, payload in messages]


def drain_all(feed, live):
    out = []
    while feed.pending:
        out += feed.drain(live)
    return out


def test_a_newer_value_supersedes_the_queued_one_and_nothing_the_history_needs_is_lost():
    feed, woken, live = made()
    for i in range(1000):
        send(feed, demand(i))
        send(feed, register(i))
        if i % 100 == 7:
            send(feed, tariff(20 + i // 100))
            send(feed, prices(i // 100))
            send(feed, response(i))
            send(feed, prepayment(1000 + i))
    assert woken.times == 1  # the GUI thread is woken once, not 4,040 times
    accepted = drain_all(feed, live)

    kinds = [type(r) for _, r in accepted]
    assert kinds.count(Demand) == 1  # the newest only: it is what would be shown
    assert live.snapshot().electricity.demand_w == 300 + 999 % 700
    registers = [r for _, r in accepted if isinstance(r, RegisterReading)]
    assert [r.value for r in registers] == [Decimal(1000) + Decimal(i) / 1000 for i in range(1000)]  # every one
    assert [r.unit_rate_p for _, r in accepted if isinstance(r, TariffReading)] == [Decimal(20 + n) for n in range(10)]
    assert len([r for _, r in accepted if isinstance(r, PriceReading)]) == 10
    assert [r.id for _, r in accepted if isinstance(r, CommandResponse)] == [f"r{i}" for i in range(7, 1000, 100)]
    assert live.snapshot().account.prepayment[next(iter(live.snapshot().account.prepayment))].credit_p == 1907

    assert feed.superseded == {"demand": 999, "prepayment": 9}
    assert not feed.overflowed
    assert feed.dropped_by_kind == {"demand": 999, "prepayment": 9}
    assert feed.received == 2040
    assert (feed.taken, feed.refused, feed.dropped) == (2040 - 1008, 0, 1008)
    assert feed.taken + feed.refused + feed.dropped == feed.received


def test_each_topic_keeps_its_own_newest_value():
    feed, _woken, live = made()
    send(feed, register(5, "gas"))
    for i in range(50):
        send(feed, demand(i))
        send(feed, (P + "electricity/ambient", json.dumps({"ts": stamp(i), "level": ["low", "high"][i % 2]}).encode()))
    accepted = drain_all(feed, live)
    assert [(type(r).__name__, getattr(r, "watts", getattr(r, "level", None))) for _, r in accepted] == [
        ("RegisterReading", None), ("Demand", 300 + 49), ("AmbientIndicator", "high")]  # in the order they came


def test_a_full_queue_drops_intermediate_register_readings_first():
    feed, _woken, live = made()
    send(feed, response(1))
    send(feed, tariff(31))
    send(feed, register(0, "gas"))  # the gas register's only reading: the last value of its topic
    extra = 500
    for i in range(MAX_QUEUED + extra):
        send(feed, register(i))
        send(feed, demand(i))
    assert feed._waiting == MAX_QUEUED
    assert feed.overflowed == {"register": extra + 4}  # room for the three above and the one demand
    accepted = drain_all(feed, live)
    electricity = [r for _, r in accepted if isinstance(r, RegisterReading) and r.fuel.value == "electricity"]
    assert electricity[-1].value == Decimal(1000) + Decimal(MAX_QUEUED + extra - 1) / 1000  # the newest kept
    assert electricity[0].value == Decimal(1000) + Decimal(extra + 4) / 1000  # the oldest went
    kinds = [type(r).__name__ for _, r in accepted]
    assert kinds[:3] == ["CommandResponse", "TariffReading", "RegisterReading"]
    assert kinds.count("Demand") == 1
    assert feed.taken + feed.refused + feed.dropped == feed.received


def test_a_full_queue_of_what_cannot_be_superseded_stays_bounded():
    feed, _woken, live = made()
    for i in range(MAX_QUEUED + 10):
        send(feed, response(i))
    assert feed._waiting == MAX_QUEUED
    assert feed.overflowed == {"command response": 10}  # bounded all the same: a hostile flood
    assert len(drain_all(feed, live)) == MAX_QUEUED


def test_the_gui_thread_drains_a_slice_at_a_time_and_wakes_itself_for_the_rest():
    feed, woken, live = made(slice_s=0.0)
    for i in range(300):
        send(feed, register(i))
    assert woken.times == 1
    first = feed.drain(live)
    assert 0 < len(first) < 300  # one chunk, then the screen's turn
    assert woken.times == 2  # and a turn of its own queued for the rest
    rest = drain_all(feed, live)
    assert [r.value for _, r in first + rest] == [Decimal(1000) + Decimal(i) / 1000 for i in range(300)]
    assert not feed.pending
    assert feed.accepted == 300


def test_a_glow_message_superseded_in_part_is_taken_for_the_rest():
    """A Glow message holds demand, the register and the tariff: a newer message supersedes its
    demand, but its register and tariff are still used, so it counts as taken."""
    feed = Feed(make_dialect("glow", glow_device="ABC123"), RejectionLog(), lambda: None)
    live = LiveModel(ManualClock(NOON), ZoneInfo("Europe/London"))

    for i in range(20):
        feed.receive(*glow_meter(i))
    accepted = drain_all(feed, live)
    assert sum(isinstance(r, RegisterReading) for _, r in accepted) == 20
    assert sum(isinstance(r, Demand) for _, r in accepted) == 1
    assert feed.superseded == {"demand": 19}
    assert (feed.received, feed.taken, feed.dropped) == (20, 20, 0)


def test_a_batch_is_read_whole_in_order_and_wakes_the_gui_thread_once():
    """What one read of the socket brought comes as a batch: every message is read (a broken one
    refused and counted), the readings keep the order they came in, and a value of a topic is
    superseded in the queue by a newer one, as when they come one at a time."""
    feed, woken, live = made()
    topic = P + "electricity/demand"
    feed.receive_all(batch((topic, b"\xfe\xff"), demand(1), register(1), prepayment(10), demand(2), tariff(20),
                           (topic, b"{"), register(3), prepayment(11), response(3)))
    assert feed.rejections.counts() == {"payload is not UTF-8 text": 1, "payload is not valid JSON": 1}
    assert feed.superseded == {"demand": 1, "prepayment": 1}
    assert woken.times == 1
    accepted = drain_all(feed, live)
    assert [type(r).__name__ for _, r in accepted] == [
        "RegisterReading", "Demand", "TariffReading", "RegisterReading", "PrepaymentState", "CommandResponse"]
    assert live.snapshot().electricity.demand_w == 302
    assert (feed.received, feed.taken, feed.refused, feed.dropped) == (10, 6, 2, 2)


def test_a_batch_of_glow_messages_keeps_every_register_reading():
    """A Glow message carries demand and the register together: a newer one supersedes the
    demand in the queue, never the register."""
    feed = Feed(make_dialect("auto"), RejectionLog(), lambda: None)
    live = LiveModel(ManualClock(NOON), ZoneInfo("Europe/London"))
    feed.receive_all([glow_meter(i) for i in range(50)])
    accepted = drain_all(feed, live)
    assert sum(isinstance(r, RegisterReading) for _, r in accepted) == 50
    assert feed.superseded == {"demand": 49}


def glow_meter(i):
    body = {"electricitymeter": {"timestamp": stamp(i), "power": {"value": 0.5, "units": "kW"},
                                 "energy": {"import": {"cumulative": 1000 + i / 1000, "day": 1, "units": "kWh",
                                                       "price": {"unitrate": 0.2, "standingcharge": 0.5}}}}}
    return "glow/ABC123/SENSOR/electricitymeter", json.dumps(body).encode(), False


class Time:
    """The feed's clock and sleep, moved by hand."""

    def __init__(self):
        self.now, self.slept = 100.0, []

    def perf_counter(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)


def test_the_network_thread_gives_way_while_the_gui_thread_is_behind_and_not_for_ever(monkeypatch):
    from ihd.han import feed as feed_module

    clock = Time()
    monkeypatch.setattr(feed_module, "time", clock)
    feed, woken, live = made()
    send(feed, register(0))  # the GUI thread is woken now
    for i, later in enumerate((0.001, 0.003, 0.004)):  # a moment: it is on its way
        clock.now += later
        send(feed, register(i + 1))
    assert clock.slept == []
    clock.now += 0.01  # it has been busy with something else for a while: each message gives way
    send(feed, register(10))
    send(feed, register(11))
    assert clock.slept == [feed_module.GIVE_WAY_S] * 2
    feed.drain(live)  # it took its turn: full speed again
    clock.now += 0.002
    send(feed, register(12))
    assert len(clock.slept) == 2
    clock.now += feed_module.GIVE_WAY_AT_MOST_S  # held up by something giving way cannot help
    send(feed, register(13))
    assert len(clock.slept) == 2
    assert woken.times == 2  # at the first message, and at the first after the queue was empty
