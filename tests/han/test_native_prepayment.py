"""The prepayment topics of the native contract: what is read, and what is refused and why."""

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from ihd.core.prepayment import Importance, PaymentMode, Result, Supply
from ihd.han.dialects.native import NativeDialect

EXAMPLES = Path(__file__).parents[2] / "docs" / "contract" / "examples"


def parse(name, data):
    payload = data if isinstance(data, bytes) else json.dumps(data).encode()
    return NativeDialect().parse(f"ihd/v1/{name}", payload)


def example(name):
    (reading,) = parse(name.replace(".", "/", 1).split(".")[0], (EXAMPLES / f"{name}.json").read_bytes()).readings
    return reading


def test_the_examples_read_as_the_meter_means_them():
    state = example("electricity.prepayment")
    assert (state.mode, state.credit_p, state.supply) == (PaymentMode.PREPAYMENT, D("1250.4"), Supply.ON)
    assert state.emergency.limit_p == 1000
    assert not state.emergency.in_use
    assert state.debt_per_day_p == 50
    assert state.friendly_until is not None
    gas = example("gas.prepayment")
    assert gas.credit_p == -320
    assert gas.emergency.in_use
    assert gas.debts[0].percent_of_top_up == 10
    assert example("electricity.prepayment.armed").supply is Supply.ARMED
    log = example("electricity.top-ups")
    assert [r.amount_p for r in log.records] == [2000, 1000]
    assert log.records[0].code_ending == "1637"
    (message,) = example("messages").messages
    assert message.importance is Importance.HIGH
    assert message.needs_confirmation
    (proposal,) = example("proposals").proposals
    assert proposal.mode is PaymentMode.PREPAYMENT
    assert proposal.id == "p-42"
    response = example("response.top-up.armed")
    assert response.result is Result.ACCEPTED_SUPPLY_ARMED
    assert response.command == "top-up"


GOOD = {"ts": "2026-11-23T17:42:10Z", "mode": "prepayment", "credit_p": 100}
BAD = [
    ("electricity/prepayment", {**GOOD, "mode": "pay-later"}, "'mode' must be one of"),
    ("electricity/prepayment", {**GOOD, "credit_p": 1e12}, "'credit_p' is outside"),
    ("electricity/prepayment", {**GOOD, "supply": "maybe"}, "'supply' must be one of"),
    ("electricity/prepayment", {**GOOD, "debts": [{"remaining_p": -5}]},
     "'debts[0].remaining_p' is outside 0 to 10000000"),
    ("electricity/prepayment", {**GOOD, "debts": [{"remaining_p": 5, "percent_of_top_up": 150}]}, "outside 0 to 100"),
    ("electricity/prepayment", {**GOOD, "emergency_credit": {"limit_p": 1000}},
     "'emergency_credit.remaining_p' is missing"),
    ("electricity/top-ups", {"top_ups": [{"ts": "2026-11-23T17:42:10Z", "amount_p": 5, "code_ending": "73947"}]},
     "'top_ups[0].code_ending' must be up to four digits"),
    ("electricity/top-ups", {"top_ups": [{"ts": "2026-11-23T17:42:10Z", "amount_p": 5,
                                          "code_ending": "ab"}]}, "up to four digits"),
    ("messages", {"messages": [{"id": "1", "ts": "2026-11-23T17:42:10Z", "text": "x" * 501}]},
     "'messages[0].text' is longer than 500"),
    ("messages", {"messages": [{}] * 51}, "'messages' holds more than 50 items"),
    ("proposals", {"proposals": [{"id": "p", "fuel": "water", "mode": "prepayment",
                                  "ts": "2026-11-23T17:42:10Z"}]},
     "'proposals[0].fuel' must be one of electricity, gas"),
    ("response/top-up", {"id": "r", "result": "maybe"}, "'result' must be one of"),
    ("response/top-up", {"result": "accepted"}, "'id' is missing"),
    ("response/self-destruct", {"id": "r", "result": "accepted"}, "not a topic"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD, ids=[f"{n}-{r}" for n, _, r in BAD])
def test_bad_payloads_are_refused_with_a_reason(name, data, reason):
    parsed = parse(name, data)
    assert parsed.readings == ()
    (rejection,) = parsed.rejections
    assert reason in rejection.reason


def test_one_bad_message_is_refused_alone_and_overrides_are_removed():
    parsed = parse("messages", {"messages": [
        {"id": "1", "ts": "2026-11-23T17:42:10Z", "text": "Your credit is \u202e05.32£\u202c"},
        {"id": "", "ts": "2026-11-23T17:42:10Z", "text": "a bad id"},
        {"id": "3", "ts": "2026-11-23T17:40:00Z", "text": "W" * 480},
    ]})
    (messages,) = parsed.readings
    assert [m.text for m in messages.messages] == ["Your credit is 05.32£", "W" * 480]
    (rejection,) = parsed.rejections
    assert rejection.source == "ihd/v1/messages"
    assert "'messages[1].id' is not text of 1 to 64 characters" in rejection.reason
    proposals = parse("proposals", {"proposals": [
        {"id": "p", "fuel": "gas", "mode": "credit", "ts": "2026-11-23T17:42:10Z", "detail": "\u2067x\u2069"},
        {"id": "q", "fuel": "water", "mode": "credit", "ts": "2026-11-23T17:42:10Z"}]})
    assert proposals.readings[0].proposals[0].detail == "x"
    assert len(proposals.rejections) == 1
