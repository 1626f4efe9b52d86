"""A source that throttles, fails, or answers with a body cut short or malformed: retried with
backoff as the server asks, and never in place of what was good. The failure is said on the
broker, retained, with when it began and why; what was published before stays."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from feeds_rig import PREFIX
from mirror import Reply

from ihd.han.dialects.native import NativeDialect
from ihd.han.dialects.native_feeds import INTENSITY, PRICES, STATUS, read_status

NOV23_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
NEXT_DAY_16 = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
FAILED = Reply(500, b'{"detail": "A server error occurred."}')


def source_status(r, name="prices"):
    return read_status(r.published.last(STATUS)).sources[name]


def test_a_429_is_waited_out_as_the_server_asks(rig):
    r = rig(NOV23_10, carbon="off")
    r.mirror.script(Reply(429, b'{"detail": "Request was throttled."}', {"Retry-After": "7"}))
    r.at(NOV23_10)
    assert r.waits == [7.0]
    assert len(r.mirror.requests) == 2
    assert len(r.published.parsed(PRICES).prices) == 96
    assert source_status(r).state == "ok"


def test_a_retry_after_given_as_a_date_is_honoured(rig):
    r = rig(NOV23_10, carbon="off")
    r.mirror.script(Reply(503, b"", {"Retry-After": "Mon, 23 Nov 2026 10:00:12 GMT"}))
    r.at(NOV23_10)
    assert r.waits == [12.0]
    assert source_status(r).state == "ok"


def test_a_500_is_tried_again_with_backoff_and_jitter(rig):
    r = rig(NOV23_10, carbon="off")
    r.mirror.script(FAILED, FAILED)
    r.at(NOV23_10)
    assert r.waits == [1.0, 2.0]  # half to all of 2 s, then of 4 s; the jitter is nil here
    assert source_status(r).state == "ok"


def test_a_source_that_keeps_failing_is_stated_and_what_was_good_stays(rig):
    r = rig(NOV23_10, carbon="off")
    r.at(NOV23_10)
    good = r.published.last(PRICES)
    r.mirror.script(FAILED, FAILED, FAILED)
    r.at(NEXT_DAY_16)
    assert r.published.on(PRICES) == [good]  # nothing published in its place
    status = source_status(r)
    assert (status.state, status.since) == ("unavailable", NEXT_DAY_16)
    assert status.reason == "the server failed (500 Internal Server Error)"
    assert status.updated == NOV23_10
    assert status.until == datetime(2026, 11, 25, tzinfo=UTC)
    assert r.feeds.prices.due == NEXT_DAY_16 + timedelta(seconds=30)  # half of a minute, with no jitter

    r.mirror.script(FAILED, FAILED, FAILED)
    r.at(NEXT_DAY_16 + timedelta(seconds=30))
    status = source_status(r)
    assert status.since == NEXT_DAY_16  # unavailable since the first failure in a row
    assert r.feeds.prices.due == NEXT_DAY_16 + timedelta(seconds=90)  # then half of two minutes more

    r.at(NEXT_DAY_16 + timedelta(seconds=90))
    assert source_status(r).state == "ok"
    assert len(r.published.on(PRICES)) == 2


def test_a_long_retry_after_ends_the_round_and_sets_the_next(rig):
    r = rig(NOV23_10, carbon="off")
    r.mirror.script(Reply(429, b"", {"Retry-After": "3600"}))
    r.at(NOV23_10)
    assert r.waits == []
    assert len(r.mirror.requests) == 1
    assert source_status(r).state == "unavailable"
    assert r.feeds.prices.due == NOV23_10 + timedelta(hours=1)


@pytest.mark.parametrize(("reply", "said"), [
    (Reply(200, b"x" * 2000, cut_to=700), "was cut short: 700 of 2000 bytes"),
    (Reply(200, b'{"count": 96, "next": null, "results": [{"value_inc_vat": 12.3, "valid_from": "2026-11-2'),
     "not valid JSON"),
    (Reply(200, json.dumps({"count": 1, "next": None, "results": [
        {"value_inc_vat": 5000, "valid_from": "2026-11-24T16:00:00Z", "valid_to": "2026-11-24T16:30:00Z"}]}).encode()),
     "unit rate is outside -1000p to 1000p per kWh"),
    (Reply(200, json.dumps({"count": 1, "next": None, "results": [
        {"value_inc_vat": 15, "valid_from": "2026-11-24T16:10:00Z", "valid_to": "2026-11-24T16:30:00Z"}]}).encode()),
     "does not start and end on the hour or half hour"),
    (Reply(200, b'{"count": 0, "next": null, "previous": null, "results": []}'), "has no prices for"),
    (Reply(200, b"<html>Service temporarily unavailable</html>"), "not valid JSON"),
    (Reply(404, b'{"detail": "Not found."}'), "does not know that address (404 Not Found)"),
], ids=["truncated", "malformed", "absurd-rate", "off-the-half-hour", "empty", "html", "wrong-tariff"])
def test_a_bad_answer_publishes_nothing_and_keeps_what_was_good(rig, reply, said):
    r = rig(NOV23_10, carbon="off")
    r.at(NOV23_10)
    good = r.published.last(PRICES)
    r.mirror.script(reply, reply, reply)  # a body cut short is tried again, and cut again
    r.at(NEXT_DAY_16)
    assert r.published.on(PRICES) == [good]
    status = source_status(r)
    assert status.state == "unavailable"
    assert said in status.reason


def test_a_bad_forecast_publishes_nothing_and_keeps_what_was_good(rig):
    r = rig(NOV23_10, tariff_code="", carbon="national")
    r.at(NOV23_10)
    good = r.published.last(INTENSITY)
    broken = {"data": [{"from": "2026-11-23T10:30Z", "to": "2026-11-23T11:00Z",
                        "intensity": {"forecast": 120, "index": "catastrophic"}}]}
    r.mirror.script(Reply(200, json.dumps(broken).encode()))
    r.at(NOV23_10 + timedelta(minutes=30))
    assert r.published.on(INTENSITY) == [good]
    status = source_status(r, "carbon")
    assert status.state == "unavailable"
    assert "'catastrophic' is not one of very low" in status.reason
    assert source_status(r, "prices").state == "off"


def test_a_partial_forecast_adds_to_what_was_known_and_takes_nothing_away(rig):
    r = rig(NOV23_10, tariff_code="", carbon="national")
    r.at(NOV23_10)
    later = NOV23_10 + timedelta(minutes=30)
    r.mirror.script(Reply(200, json.dumps({"data": [{"from": "2026-11-23T10:30Z", "to": "2026-11-23T11:00Z",
                                                     "intensity": {"forecast": 99, "actual": 97, "index": "low"}}]
                                           }).encode()))
    r.at(later)
    records = NativeDialect(PREFIX).parse(f"{PREFIX}/{INTENSITY}", r.published.last(INTENSITY)).readings[0].records
    assert len(records) == 96  # 10:00 to 48 hours on, as before
    assert {at: (g, b) for at, g, b in records}[later] == (97, "low")  # the actual, where known


def test_nothing_listening_is_said_in_plain_words(rig):
    r = rig(NOV23_10, carbon="off", prices_url="http://127.0.0.1:9")  # the discard port: nobody there
    r.at(NOV23_10)
    assert source_status(r).reason == "nothing answers at 127.0.0.1:9"
    assert r.waits == [1.0, 2.0]
