"""`feeds/status`: its schema, its example, what ihd-feeds builds, and the display passing it over
quietly (it is not a reading)."""

import json
from datetime import UTC, datetime

import pytest
from published import CONTRACT, validator

from ihd.han.dialects.native import NativeDialect
from ihd.han.dialects.native_feeds import OFFLINE, SourceStatus, read_status, status
from ihd.han.payload import PayloadError

EXAMPLES = sorted((CONTRACT / "examples" / "feeds").glob("*.json"))
AT = datetime(2026, 11, 23, 16, 5, tzinfo=UTC)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_meet_the_schema_and_read(example):
    validator("feeds-status").validate(json.loads(example.read_bytes()))
    read_status(example.read_bytes())


def test_what_ihd_feeds_builds_meets_the_schema_and_reads_back():
    sources = {"prices": SourceStatus("unavailable", since=AT, reason="the server failed (500 Internal Server Error)",
                                      checked=AT, updated=datetime(2026, 11, 22, 16, 2, tzinfo=UTC), next=AT),
               "carbon": SourceStatus("ok", since=AT, scope="regional", region="South Scotland")}
    payload = status(AT, sources)
    validator("feeds-status").validate(json.loads(payload))
    heard = read_status(payload)
    assert heard.online
    assert heard.at == AT
    assert heard.sources == sources
    validator("feeds-status").validate(json.loads(OFFLINE))
    assert not read_status(OFFLINE).online


def test_the_display_reads_it_as_any_record_of_the_contract():
    for payload, online in ((status(AT, {"prices": SourceStatus("waiting")}), True), (OFFLINE, False)):
        parsed = NativeDialect().parse("ihd/v1/feeds/status", payload)
        assert parsed.rejections == ()
        (reading,) = parsed.readings
        assert reading.online is online


@pytest.mark.parametrize("payload", [
    b'{"contract": "ihd/v2", "state": "offline"}',
    b'{"contract": "ihd/v1", "state": "online", "ts": "2026-11-23T16:05:00Z", "sources": {"gas": {"state": "ok"}}}',
    b'{"contract": "ihd/v1", "state": "online", "ts": "2026-11-23T16:05:00Z", "sources": {"prices": {"state": "?"}}}',
    b'{"contract": "ihd/v1", "state": "online", "sources": {}}',
])
def test_a_status_that_is_not_as_the_schema_says_is_refused_by_both(payload):
    with pytest.raises(PayloadError):
        read_status(payload)
    assert not validator("feeds-status").is_valid(json.loads(payload))
