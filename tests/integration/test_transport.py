"""The transport against a real mosquitto: messages, lost connections, refusals."""

import pytest

from ihd.core.link import LinkProblem, LinkState
from ihd.han.transport import Credentials


@pytest.fixture
def start(broker, transport):
    def make(url=None, creds=None, subs=("ihd/v1/#",)):
        return transport(url or broker.url, creds, subs)

    return make


def test_messages_and_retained_flag_reach_the_handler(broker, start):
    pub = broker.publisher()
    pub.send("ihd/v1/status", '{"state":"online"}', retain=True)
    _, rec = start()
    rec.wait_link(LinkState.CONNECTED)
    assert rec.messages.get(timeout=5) == ("ihd/v1/status", b'{"state":"online"}', True)
    pub.send("ihd/v1/electricity/demand", b"x")
    assert rec.messages.get(timeout=5) == ("ihd/v1/electricity/demand", b"x", False)
    pub.close()


def test_lost_broker_is_reported_and_the_link_comes_back(broker, start):
    _, rec = start()
    rec.wait_link(LinkState.CONNECTED)
    broker.stop()
    lost = rec.wait_link(LinkState.LOST, timeout=10)
    assert lost.retry_in is not None
    assert lost.problem is not None
    broker.start()
    rec.wait_link(LinkState.CONNECTED, timeout=15)
    pub = broker.publisher()
    pub.send("ihd/v1/status", b"after")
    assert rec.messages.get(timeout=5)[1] == b"after"
    pub.close()


def test_nothing_listening_says_so(start):
    from broker import free_port

    _, rec = start(url=f"mqtt://127.0.0.1:{free_port()}")
    link = rec.wait_link(LinkState.LOST)
    assert link.problem is LinkProblem.NOT_LISTENING


def test_unknown_host_says_so(start):
    _, rec = start(url="mqtt://no-such-host.invalid:1883")
    link = rec.wait_link(LinkState.LOST)
    assert link.problem is LinkProblem.HOST_UNKNOWN
    assert link.where == "no-such-host.invalid"


def test_wrong_password_is_a_refusal(tmp_path, start):
    import subprocess

    from broker import Broker

    pwfile = tmp_path / "passwd"
    pwfile.write_text("")
    subprocess.run(["mosquitto_passwd", "-b", str(pwfile), "display", "right"], check=True)
    pwfile.chmod(0o600)
    secured = Broker(tmp_path, (f"password_file {pwfile}", "allow_anonymous false"))
    secured.start()
    try:
        _, rec = start(url=secured.url, creds=Credentials("display", "wrong"))
        link = rec.wait_link(LinkState.REFUSED)
        assert link.problem is LinkProblem.LOGIN_REFUSED
        _, ok = start(url=secured.url, creds=Credentials("display", "right"))
        ok.wait_link(LinkState.CONNECTED)
    finally:
        secured.stop()


def test_tls_to_a_plain_listener_fails_clearly(broker, start):
    _, rec = start(url=f"mqtts://127.0.0.1:{broker.port}")
    link = rec.wait_link(LinkState.REFUSED)
    assert link.problem is LinkProblem.TLS_FAILED


@pytest.mark.parametrize("block", [7, 64 * 1024])
def test_a_flood_read_a_block_at_a_time_arrives_whole_and_in_order(broker, start, monkeypatch, block):
    """The socket is read a block at a time; a block of 7 bytes cuts every packet (its type, its
    length, its topic, its payload) somewhere, and nothing may be lost, joined or reordered."""
    import json

    import paho.mqtt.client as mqtt

    from ihd.han import transport as transport_module

    monkeypatch.setattr(transport_module, "READ_BLOCK", block)
    _, rec = start()
    rec.wait_link(LinkState.CONNECTED)
    sender = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"flood-{block}")
    sender.connect("127.0.0.1", broker.port)
    sender.loop_start()
    # fewer than the broker queues for a slow subscriber (mosquitto's max_queued_messages, 1000)
    sent = [(f"ihd/v1/t{i % 7}", json.dumps({"n": i, "pad": "x" * (i % 300)}).encode()) for i in range(900)]
    for topic, payload in sent:
        sender.publish(topic, payload, qos=1)
    got = [rec.messages.get(timeout=10)[:2] for _ in sent]
    sender.loop_stop()
    sender.disconnect()
    assert got == sent


def test_a_ca_file_that_cannot_be_read_is_said_and_nothing_is_sent(broker, transport, tmp_path):
    """Checked as the link starts (the client is made then, once home is drawn): refused, with
    the reason, rather than a display that stops."""
    missing = tmp_path / "no-such-ca.crt"
    link_to, rec = transport(f"mqtts://127.0.0.1:{broker.port}", Credentials(ca_file=missing), ("ihd/v1/#",))
    link = rec.wait_link(LinkState.REFUSED)
    assert link.problem is LinkProblem.TLS_FAILED
    assert str(missing) in link.detail
    assert not link_to.publish("ihd/v1/anything", b"x").is_published()


def test_a_burst_is_handed_on_in_batches_and_a_lone_message_at_once(broker):
    """What one read of the socket brings goes on together, up to BATCH at a time (so the feed
    can let a newer value stand for older ones in it); a lone message is not held back."""
    import queue

    from broker import Recorder

    from ihd.han.address import BrokerAddress
    from ihd.han.backoff import Backoff
    from ihd.han.transport import BATCH, MqttTransport

    pub = broker.publisher()
    kept = {f"ihd/v1/t{i}": f'{{"n": {i}}}'.encode() for i in range(3 * BATCH)}
    for topic, payload in kept.items():  # waiting for the display as it connects, all at once
        pub.send(topic, payload, retain=True)
    batches: queue.Queue = queue.Queue()
    rec = Recorder()
    transport = MqttTransport(BrokerAddress.parse(broker.url), ["ihd/v1/#"], batches.put, rec.link,
                              backoff=Backoff(0.2, 1.0))
    transport.start()
    try:
        rec.wait_link(LinkState.CONNECTED)
        got: list = []
        while sum(map(len, got)) < len(kept):
            got.append(batches.get(timeout=10))
        sizes = [len(b) for b in got]
        assert 1 < max(sizes) <= BATCH
        assert len(got) >= 3
        assert {(topic, payload) for b in got for topic, payload, _retained in b} == set(kept.items())
        assert all(retained for b in got for _topic, _payload, retained in b)
        pub.send("ihd/v1/electricity/demand", b"x")
        assert batches.get(timeout=5) == [("ihd/v1/electricity/demand", b"x", False)]
    finally:
        transport.stop()
        pub.close()


def test_a_listener_that_fails_loses_only_what_it_failed_on(broker):
    """A bug in what takes the messages costs that batch (logged), never the network thread; one
    taking them one at a time loses only the message it failed on."""
    import queue
    import threading

    from broker import Recorder

    from ihd.han.address import BrokerAddress
    from ihd.han.backoff import Backoff
    from ihd.han.transport import MqttTransport, one_by_one

    got: queue.Queue = queue.Queue()

    def take(_topic, payload, _retained):
        if payload == b"bad":
            raise ValueError("a bug")
        got.put(payload)

    one_by_one(take)([("t", b"1", False), ("t", b"bad", False), ("t", b"2", False)])
    assert [got.get_nowait(), got.get_nowait()] == [b"1", b"2"]

    failed = threading.Event()

    def take_all(batch):
        if any(payload == b"bad" for _topic, payload, _retained in batch):
            failed.set()
            raise ValueError("a bug")
        for _topic, payload, _retained in batch:
            got.put(payload)

    rec = Recorder()
    transport = MqttTransport(BrokerAddress.parse(broker.url), ["ihd/v1/#"], take_all, rec.link,
                              backoff=Backoff(0.2, 1.0))
    transport.start()
    pub = broker.publisher()
    try:
        rec.wait_link(LinkState.CONNECTED)
        pub.send("ihd/v1/x", b"bad")
        assert failed.wait(5)
        pub.send("ihd/v1/x", b"after")
        assert got.get(timeout=5) == b"after"  # the network thread goes on
    finally:
        transport.stop()
        pub.close()
