"""The simulated prepayment meter behaves as a GB meter does, and speaks the contract."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from ihd.core import utrn
from ihd.core.prepayment import PaymentMode, PrepaymentState, Result, Supply
from ihd.han.dialects.native import NativeDialect
from ihd.han.prepay_sim import PrepaymentMeter, demo_codes, genuine_code

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # outside the friendly hours


def meter(**kw):
    m = PrepaymentMeter(D("24.67"), D("57.21"), **kw)
    m.run_to(NOON, D(0))
    return m


def ask(m, name, at=NOON, request_id="r1", **fields):
    topic, payload, retain = m.handle(name, json.dumps({"id": request_id, **fields}).encode(), at)
    assert topic == f"response/{name}"
    assert not retain
    return json.loads(payload)


def test_use_burns_credit_with_the_standing_charge_and_debt_recovery():
    m = meter(credit_p=D(1000))
    m.run_to(NOON + timedelta(hours=1), D(2))
    # 2 kWh at 24.67p, an hour of 57.21p a day and of 50p a day of debt
    assert m.credit_p == pytest.approx(D(1000) - D("49.34") - D("57.21") / 24 - D(50) / 24, abs=D("0.001"))


def test_a_good_code_is_taken_once():
    m = meter(credit_p=D(1000))
    code = demo_codes(1)[0]
    first = ask(m, "top-up", utrn=code)
    assert first["result"] == Result.ACCEPTED
    assert first["amount_p"] == 500
    assert first["credit_p"] == 1500
    assert ask(m, "top-up", utrn=code)["result"] == Result.ACCEPTED  # the same request id: the same answer
    assert ask(m, "top-up", request_id="r2", utrn=code)["result"] == Result.REJECTED_DUPLICATE
    assert m.credit_p == 1500


def test_bad_codes_are_refused_and_five_lock_the_meters_keypad():
    m = meter()
    for n in range(5):
        assert ask(m, "top-up", request_id=f"bad{n}", utrn="73947252416745201638")["result"] == \
            Result.REJECTED_INVALID
    good = demo_codes(1)[0]
    assert ask(m, "top-up", request_id="good", utrn=good)["result"] == Result.REJECTED_KEYPAD_LOCK
    later = NOON + timedelta(minutes=2)
    assert ask(m, "top-up", at=later, request_id="good2", utrn=good)["result"] == Result.ACCEPTED


def test_a_strict_meter_refuses_a_well_formed_code_without_its_suppliers_tag():
    forged = utrn.make(2000, 1, 12345)
    assert utrn.problem(forged) is None  # the display cannot tell: only the meter can
    strict = meter(strict=True)
    assert ask(strict, "top-up", utrn=forged)["result"] == Result.REJECTED_INVALID
    assert strict.credit_p == 1250
    assert ask(meter(), "top-up", utrn=forged)["result"] == Result.ACCEPTED  # any well-formed code, else


def test_too_much_credit_is_refused():
    m = meter(credit_p=D(24_000))
    assert ask(m, "top-up", utrn=genuine_code(2000, 1))["result"] == Result.REJECTED_MAX_CREDIT


def test_running_out_disconnects_then_a_top_up_arms_and_the_household_turns_it_on():
    m = meter(credit_p=D(10), debt_p=D(0))
    m.run_to(NOON + timedelta(hours=1), D(5))
    assert m.supply is Supply.OFF
    assert ask(m, "enable-supply", request_id="e0")["result"] == Result.REJECTED_NOT_ALLOWED
    top_up = ask(m, "top-up", utrn=genuine_code(2000, 1))
    assert top_up["result"] == Result.ACCEPTED_SUPPLY_ARMED
    assert m.supply is Supply.ARMED
    assert ask(m, "enable-supply", request_id="e1")["result"] == Result.ACCEPTED_SUPPLY_ENABLED
    assert m.supply is Supply.ON


def test_emergency_credit_keeps_the_lights_on_until_it_too_is_used():
    m = meter(credit_p=D(100), debt_p=D(0))
    assert ask(m, "emergency-credit")["result"] == Result.ACCEPTED
    m.run_to(NOON + timedelta(hours=1), D(10))  # about £2.50: into emergency credit
    assert m.supply is Supply.ON
    assert m.credit_p < 0
    m.run_to(NOON + timedelta(hours=2), D(40))  # £10 more: emergency credit gone
    assert m.supply is Supply.OFF


def test_friendly_hours_keep_the_supply_on():
    evening = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    m = PrepaymentMeter(D("24.67"), D("57.21"), credit_p=D(10), debt_p=D(0))
    m.run_to(evening, D(0))
    m.run_to(evening + timedelta(hours=1), D(5))
    assert m.supply is Supply.ON
    assert m.friendly_until(evening) == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("accept", "mode"), [(True, PaymentMode.PREPAYMENT), (False, PaymentMode.CREDIT)])
def test_a_proposal_to_switch_changes_nothing_until_accepted(accept, mode):
    m = meter(mode=PaymentMode.CREDIT)
    m.propose("p1", PaymentMode.PREPAYMENT, NOON)
    assert ask(m, "payment-mode", proposal_id="p1", accept=accept)["result"] == Result.ACCEPTED
    assert m.mode is mode
    assert m.proposals == []


def test_what_the_meter_publishes_is_the_contract():
    m = meter()
    m.messages.append({"id": "1", "ts": "2026-11-23T08:00:00Z", "text": "Hello", "confirm": True})
    ask(m, "top-up", utrn=demo_codes(1)[0])
    dialect = NativeDialect()
    readings = []
    for topic, payload, retain in m.bridge_messages(NOON):
        assert retain
        parsed = dialect.parse(f"ihd/v1/{topic}", payload)
        assert parsed.rejections == ()
        readings.extend(parsed.readings)
    state = next(r for r in readings if isinstance(r, PrepaymentState))
    assert state.credit_p == D("1750.00")
    assert state.debt_per_day_p == 50
    assert ask(m, "confirm-message", request_id="c1", message_id="1")["result"] == Result.ACCEPTED
    assert m.messages[0]["confirmed"] is True


def test_nonsense_commands_get_no_answer_or_an_error():
    m = meter()
    assert m.handle("top-up", b"not json", NOON) is None
    assert ask(m, "self-destruct")["result"] == Result.REJECTED_ERROR
