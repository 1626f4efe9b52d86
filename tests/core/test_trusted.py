"""Tell someone I trust: which changes of a pay-as-you-go meter make a message, and nothing else."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ihd.core.prepayment import EmergencyCredit, PaymentMode, PrepaymentState, Supply
from ihd.core.trusted import Condition, Helper, TrustedPerson, TrustedWatch, clean_name
from ihd.core.units import Fuel

T0 = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
SAM = TrustedPerson("Sam", Helper.FAMILY)


def state(credit, *, fuel=Fuel.ELECTRICITY, emergency=False, supply=Supply.ON, mode=PaymentMode.PREPAYMENT):
    ec = EmergencyCredit(Decimal(500), Decimal(300), in_use=emergency, available=not emergency)
    return PrepaymentState(fuel, mode, T0, Decimal(credit), ec, supply=supply)


def run(watch, states, telling=SAM):
    for minute, s in enumerate(states):
        watch.see(s, T0 + timedelta(minutes=minute), telling)
    return [(a.fuel, a.condition) for a in watch.waiting]


def test_each_start_is_told_once_and_nothing_else():
    watch = TrustedWatch()
    told = run(watch, [state(900), state(800), state(450), state(430), state(420), state(560),  # hovers at £5
                       state(-20, emergency=True), state(-200, emergency=True),
                       state(-500, emergency=True, supply=Supply.OFF), state(-500, supply=Supply.ARMED),
                       state(1500), state(1400)])
    e = Fuel.ELECTRICITY
    assert told == [(e, Condition.CREDIT_LOW), (e, Condition.EMERGENCY_CREDIT), (e, Condition.SUPPLY_OFF),
                    (e, Condition.SUPPLY_ON)]


def test_the_first_state_heard_and_the_state_when_switched_on_are_not_news():
    watch = TrustedWatch()
    assert run(watch, [state(100)]) == []  # a new display finds credit low: where it starts from
    assert run(watch, [state(-10, emergency=True)], telling=None) == []  # not on: followed, not told
    assert run(watch, [state(-20, emergency=True)]) == []  # switched on while in emergency credit
    assert run(watch, [state(-50, supply=Supply.OFF)]) == [(Fuel.ELECTRICITY, Condition.SUPPLY_OFF)]


def test_a_restart_remembers_where_each_fuel_was_and_what_waits():
    watch = TrustedWatch()
    run(watch, [state(900), state(100), state(900, fuel=Fuel.GAS)])
    again = TrustedWatch.from_dict(json.loads(json.dumps(watch.as_dict())))
    assert again.waiting == watch.waiting
    assert run(again, [state(100), state(900, fuel=Fuel.GAS)]) == [(Fuel.ELECTRICITY, Condition.CREDIT_LOW)]
    again.sent(again.waiting[0])
    assert again.waiting == []


def test_off_to_low_says_the_supply_is_back_and_credit_is_low():
    watch = TrustedWatch()
    run(watch, [state(900), state(0, supply=Supply.OFF)])
    watch.waiting.clear()
    assert [c for _f, c in run(watch, [state(200)])] == [Condition.SUPPLY_ON, Condition.CREDIT_LOW]


def test_the_balance_goes_only_if_allowed():
    watch = TrustedWatch()
    run(watch, [state(900), state(300)])
    assert watch.waiting[0].credit_p is None
    watch = TrustedWatch()
    run(watch, [state(900), state(300)], telling=TrustedPerson("Sam", Helper.CARER, balance=True))
    assert watch.waiting[0].credit_p == Decimal(300)


def test_a_credit_meter_is_fine_and_a_damaged_file_is_read_as_not_known():
    watch = TrustedWatch()
    assert run(watch, [state(100, mode=PaymentMode.CREDIT), state(-900, mode=PaymentMode.CREDIT)]) == []
    for damaged in (None, [], {"situations": 3, "waiting": 4}, {"situations": {"electricity": "odd"},
                                                               "waiting": [{"fuel": "x"}, 7]}):
        assert TrustedWatch.from_dict(damaged).waiting == []
        assert TrustedWatch.from_dict(damaged).situations == {}


def test_a_name_cannot_hide_what_it_says():
    assert clean_name("  Sam\u202eetihw  ") == "Sametihw"  # a right-to-left override is dropped
    assert clean_name("Ann\n\tMarie") == "Ann Marie"
    assert len(clean_name("x" * 500)) == 40
    assert TrustedPerson.from_dict({"name": "\u200b", "helper": "family"}) is None
    assert TrustedPerson.from_dict({"name": "Jo", "helper": "boss"}) is None
    assert TrustedPerson.from_dict(SAM.as_dict()) == SAM
