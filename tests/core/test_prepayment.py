"""Prepayment rules: the alert worth giving, low credit without nagging, and days left."""

from datetime import UTC, datetime
from decimal import Decimal as D

from ihd.core.prepayment import (
    Alert,
    CreditWatch,
    Debt,
    EmergencyCredit,
    KeypadLock,
    PaymentMode,
    PrepaymentState,
    Result,
    Supply,
    days_left,
)
from ihd.core.units import Fuel

AT = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


def state(credit, **kw):
    return PrepaymentState(Fuel.ELECTRICITY, kw.pop("mode", PaymentMode.PREPAYMENT), AT, D(credit), **kw)


def test_low_credit_warns_once_below_the_line_and_not_again_until_clear_of_it():
    watch = CreditWatch()
    seen = [watch.alert(state(c, low_credit_p=D(500))) for c in (800, 520, 499, 510, 560, 590, 601, 499)]
    assert seen == [Alert.NONE, Alert.NONE, Alert.LOW, Alert.LOW, Alert.LOW, Alert.LOW, Alert.NONE, Alert.LOW]


def test_without_a_line_from_the_meter_five_pounds_is_low():
    assert CreditWatch().alert(state(450)) is Alert.LOW
    assert CreditWatch().alert(state(550)) is Alert.NONE


def test_the_most_urgent_alert_wins():
    watch = CreditWatch()
    ec = EmergencyCredit(D(1000), D(400), in_use=True, available=False)
    assert watch.alert(state(-600, emergency=ec)) is Alert.EMERGENCY_IN_USE
    assert watch.alert(state(1000, supply=Supply.ARMED)) is Alert.SUPPLY_ARMED
    assert watch.alert(state(-1000, supply=Supply.OFF, emergency=ec)) is Alert.SUPPLY_OFF
    assert watch.alert(state(0, mode=PaymentMode.CREDIT)) is Alert.NONE  # a credit meter has no alarms


def test_days_left_counts_credit_and_emergency_credit_in_use_against_usual_spend_and_debt():
    plain = state(1000)
    assert days_left(plain, D(250)) == 4
    assert days_left(plain, None) is None
    with_debt = state(1000, debts=(Debt(D(4500), per_day_p=D(50)), Debt(D(100), percent_of_top_up=D(10))))
    assert with_debt.debt_p == D(4600)
    assert days_left(with_debt, D(250)) == 3
    ec = EmergencyCredit(D(1000), D(600), in_use=True, available=False)
    assert state(-400, emergency=ec).spendable_p == D(600)
    assert days_left(state(-400, emergency=ec), D(200)) == 3
    assert days_left(state(1000), D(0)) is None


def test_results_say_whether_they_were_accepted():
    assert Result.ACCEPTED_SUPPLY_ARMED.accepted
    assert not Result.REJECTED_DUPLICATE.accepted


def test_five_wrong_codes_lock_the_keypad_for_a_minute():
    lock = KeypadLock()
    assert [lock.wrong_code(10.0) for _ in range(5)] == [False, False, False, False, True]
    assert lock.seconds_left(10.0) == 60
    assert lock.seconds_left(69.2) == 1
    assert lock.seconds_left(70.0) == 0
    assert not lock.wrong_code(71.0)  # it starts counting afresh


def test_a_good_code_clears_the_count():
    lock = KeypadLock()
    for _ in range(4):
        lock.wrong_code(0.0)
    lock.good_code()
    assert not lock.wrong_code(1.0)
    assert lock.seconds_left(1.0) == 0


def test_the_lock_and_the_count_survive_a_restart_but_never_outlast_their_minute():
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    lock = KeypadLock()
    for _ in range(5):
        lock.wrong_code(100.0)
    saved = lock.saved(120.0, now)  # 40 s left
    after = KeypadLock()
    after.restore(saved, 3.0, now + timedelta(seconds=10))  # the monotonic clock began again at boot
    assert after.seconds_left(3.0) == 30
    counting = KeypadLock()
    for _ in range(3):
        counting.wrong_code(0.0)
    again = KeypadLock()
    again.restore(counting.saved(0.0, now), 0.0, now)
    assert not again.wrong_code(1.0)
    assert again.wrong_code(1.0)  # the fifth wrong code, across the restart
    back = KeypadLock()
    back.restore(saved, 0.0, now - timedelta(days=1))  # a wall clock set a day back
    assert back.seconds_left(0.0) == 60
    for junk in (None, {}, {"wrong": "x", "locked_until": "soon"}, {"wrong": 99, "locked_until": "2026-01-15T12:00"}):
        fresh = KeypadLock()
        fresh.restore(junk, 0.0, now)
        assert fresh.seconds_left(0.0) == 0
        assert fresh.wrong == 0
