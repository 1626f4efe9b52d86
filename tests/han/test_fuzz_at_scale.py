"""Bad input at scale: every contract example and every recorded Glow payload mutated thousands of
times, malformed UTF-8, deep nesting, oversized payloads and floods. No crash, memory bounded,
every refusal counted."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ihd.core.readings import Rejection
from ihd.han.dialects import make_dialect
from ihd.han.feed import MAX_QUEUED, Feed
from ihd.han.payload import MAX_DEPTH, MAX_PAYLOAD_BYTES
from ihd.han.rejections import RejectionLog

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "docs" / "contract" / "examples"
GLOW = ROOT / "tests" / "data" / "payloads" / "glow"


def native_examples() -> list[tuple[str, dict]]:
    """(topic, payload) for every example the bridge sends (not the display's commands)."""
    found = []
    for path in sorted(EXAMPLES.glob("*.json")):
        if path.name.startswith("command."):
            continue
        parts = path.stem.split(".")
        if parts[0] == "response":
            topic = f"ihd/v1/response/{parts[1]}"
        elif parts[0] in ("electricity", "gas", "grid", "weather"):
            topic = f"ihd/v1/{parts[0]}/{parts[1]}"
        else:
            topic = f"ihd/v1/{parts[0]}"
        found.append((topic, json.loads(path.read_text())))
    return found


def glow_examples() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(GLOW.glob("*.json")):
        data = json.loads(path.read_text())
        kind = "STATE" if "software" in data or "han" in data else (
            "SENSOR/gasmeter" if "gasmeter" in data else "SENSOR/electricitymeter")
        found.append((f"glow/ABC/{kind}", data))
    return found


NATIVE, GLOWS = native_examples(), glow_examples()
LEAF = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | st.text(max_size=30) \
    | st.sampled_from(["", "NaN", "-Infinity", "1e999", "2026-13-45T99:99:99Z", "kWh", "m3", "ON", "\ud800"])
VALUE = st.recursive(LEAF, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=3), max_leaves=8)


def paths(data, prefix=()):
    """Every place in a JSON document a value sits."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


def mutated(data, where, value, drop: bool):
    data = copy.deepcopy(data)
    if not where:
        return value
    parent = data
    for step in where[:-1]:
        parent = parent[step]
    if drop and isinstance(parent, dict):
        del parent[where[-1]]
    else:
        parent[where[-1]] = value
    return data


def answered(dialect, topic: str, payload: bytes) -> None:
    parsed = dialect.parse(topic, payload)
    assert parsed.readings or parsed.rejections or topic.endswith(("/STATE",))
    assert all(r.reason for r in parsed.rejections)


def mutation_test(examples, dialect_name):
    dialect = make_dialect(dialect_name)

    @settings(max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def run(data):
        topic, document = data.draw(st.sampled_from(examples))
        where = data.draw(st.sampled_from(list(paths(document))))
        value = data.draw(VALUE)
        changed = mutated(document, where, value, data.draw(st.booleans()))
        try:
            payload = json.dumps(changed).encode()
        except UnicodeEncodeError:
            payload = json.dumps(changed, ensure_ascii=False).encode("utf-8", "surrogatepass")
        answered(dialect, topic, payload)

    run()


def test_every_native_example_mutated_thousands_of_times():
    mutation_test(NATIVE, "native")


def test_every_recorded_glow_payload_mutated_thousands_of_times():
    mutation_test(GLOWS, "glow")


def test_the_examples_themselves_are_read_without_refusal():
    native = make_dialect("native")
    for topic, document in NATIVE:
        parsed = native.parse(topic, json.dumps(document).encode())
        assert not parsed.rejections, (topic, parsed.rejections)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(NATIVE + GLOWS), st.integers(0, 400), st.binary(min_size=1, max_size=4))
def test_malformed_utf8_anywhere_is_refused_in_words(example, at, junk):
    topic, document = example
    payload = json.dumps(document).encode()
    at = min(at, len(payload))
    broken = payload[:at] + b"\xff" + junk + payload[at:]
    parsed = make_dialect("auto").parse(topic, broken)
    assert not parsed.readings
    assert parsed.rejections[0].reason


def test_deep_nesting_and_oversized_payloads_are_refused_cheaply():
    auto = make_dialect("auto")
    deep = b"[" * 30_000 + b"]" * 30_000  # under the size limit, and would overflow a recursive parser
    for topic in ("ihd/v1/electricity/demand", "glow/ABC/SENSOR/electricitymeter"):
        parsed = auto.parse(topic, b'{"a":' + deep + b"}")
        assert parsed.rejections[0].reason == f"JSON is nested deeper than {MAX_DEPTH} levels"
        parsed = auto.parse(topic, b'{"watts": 1, "pad": "' + b"x" * (MAX_PAYLOAD_BYTES + 1) + b'"}')
        assert parsed.rejections[0].reason.endswith(f"is larger than {MAX_PAYLOAD_BYTES}")
        nested_ok = b'{"a":' + b"[" * (MAX_DEPTH - 2) + b"]" * (MAX_DEPTH - 2) + b"}"
        assert "nested" not in (auto.parse(topic, nested_ok).rejections or [Rejection(topic, "")])[0].reason


def test_a_flood_is_bounded_and_every_refusal_is_counted(caplog):
    caplog.set_level(logging.WARNING)
    rejections = RejectionLog()
    feed = Feed(make_dialect("native"), rejections, wake=lambda: None)  # a GUI too busy to drain
    good = b'{"ts": "2026-01-15T12:00:00Z", "watts": 500}'
    for i in range(50_000):
        feed.receive("ihd/v1/electricity/demand", good, False)
        feed.receive(f"ihd/v1/flood/{i}", b"{}", False)
        feed.receive("ihd/v1/electricity/demand", b"\xfe\xff", False)
    assert len(feed._queue) <= 2 * MAX_QUEUED  # the backlog stays bounded: each demand superseded by the next
    assert feed._waiting == 1
    assert feed.dropped == 50_000 - 1
    assert feed.superseded == {"demand": 50_000 - 1}  # and counted, by kind
    assert feed.received == 150_000
    assert rejections.total == 100_000
    assert rejections.counts() == {"not a topic of the ihd/v1 contract": 50_000, "payload is not UTF-8 text": 50_000}
    assert len(caplog.records) <= 4  # each reason logged once, not 100,000 times
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from ihd.core.clock import ManualClock
    from ihd.core.live import LiveModel

    feed.drain(LiveModel(ManualClock(datetime(2026, 1, 15, 12, 0, tzinfo=UTC)), ZoneInfo("Europe/London")))
    assert (feed.taken, feed.refused, feed.dropped) == (1, 100_000, 50_000 - 1)
    assert feed.taken + feed.refused + feed.dropped == feed.received  # the About screen's counts add up
