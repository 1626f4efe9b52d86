"""The command channel: one id per request, sent again until answered, never acted on twice."""

import json
from datetime import UTC, datetime

from ihd.core.clock import ManualClock
from ihd.core.prepayment import CommandResponse, Result
from ihd.han.commands import CommandChannel
from ihd.han.dialects import make_dialect

CODE = "73947252416745201637"


class Wire:
    """What the channel published, as (topic, payload) pairs."""

    def __init__(self):
        self.sent = []

    def __call__(self, topic, payload):
        self.sent.append((topic, json.loads(payload)))


def channel(saved=None, dialect="native"):
    clock = ManualClock(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    wire, store = Wire(), []
    made = CommandChannel(make_dialect(dialect).command, wire, clock, store.append, saved)
    return made, wire, clock, store


def test_a_request_waits_for_the_link_then_goes_with_its_id():
    ch, wire, _clock, _store = channel()
    request = ch.send("top-up", fuel="electricity", utrn=CODE)
    assert wire.sent == []
    ch.set_connected(True)
    ((topic, body),) = wire.sent
    assert topic == "ihd/v1/command/top-up"
    assert body["id"] == request.id
    assert body["utrn"] == CODE


def test_unanswered_requests_go_again_with_the_same_id_and_the_answer_ends_them():
    ch, wire, clock, _store = channel()
    ch.set_connected(True)
    request = ch.send("top-up", fuel="electricity", utrn=CODE)
    clock.advance(10)
    ch.tick()
    assert len(wire.sent) == 1
    assert not ch.overdue(request)
    clock.advance(25)
    ch.tick()
    assert ch.overdue(request)
    ch.set_connected(False)
    ch.set_connected(True)  # the broker came back
    assert [b["id"] for _t, b in wire.sent] == [request.id] * 3
    answer = ch.resolve(CommandResponse(request.id, "top-up", Result.ACCEPTED))
    assert answer.request is request
    assert ch.resolve(CommandResponse(request.id, "top-up", Result.ACCEPTED)) is None  # a repeat
    assert ch.pending == {}
    assert ch.used(CODE).result == "accepted"


def test_after_fifteen_minutes_without_an_answer_it_is_given_up_and_reported():
    ch, _wire, clock, _store = channel()
    ch.set_connected(True)
    request = ch.send("emergency-credit", fuel="electricity")
    clock.advance(15 * 60)
    (gone,) = ch.tick()
    assert gone.request is request
    assert gone.response is None
    assert ch.pending == {}


def test_pending_requests_and_used_codes_survive_a_restart_but_codes_are_kept_only_hashed():
    ch, _wire, _clock, store = channel()
    request = ch.send("top-up", fuel="electricity", utrn=CODE)
    saved = store[-1]
    assert [p["id"] for p in saved["pending"]] == [request.id]
    assert CODE not in json.dumps(saved["codes"])
    again, wire, _clock, _store = channel(json.loads(json.dumps(saved)))
    assert again.used(CODE) is not None
    again.set_connected(True)
    assert wire.sent[0][1]["id"] == request.id


def test_a_damaged_saved_file_loses_only_what_is_damaged():
    ch, _wire, _clock, _store = channel({"pending": [{"id": 1}, {"id": "a", "name": "top-up", "fields": {},
                                                     "created": "2026-11-23T17:00:00+00:00"}],
                                         "codes": "nonsense"})
    assert list(ch.pending) == ["a"]


def test_a_glow_device_cannot_carry_commands():
    ch, _wire, _clock, _store = channel(dialect="glow")
    assert not ch.can_send("top-up")
    assert channel()[0].can_send("top-up")
