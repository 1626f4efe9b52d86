"""The words and buttons of prepayment, decided without a screen."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from ihd.core.account_view import AccountViewModel, Action
from ihd.core.live import Account
from ihd.core.prepayment import (
    Debt,
    EmergencyCredit,
    Importance,
    ModeProposal,
    PaymentMode,
    PrepaymentState,
    Proposals,
    Result,
    SupplierMessage,
    Supply,
    TopUpRecord,
)
from ihd.core.units import Fuel
from ihd.core.utrn import Problem
from ihd.i18n import I18n

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ALL = frozenset({"top-up", "emergency-credit", "enable-supply", "confirm-message", "payment-mode"})


def state(fuel=Fuel.ELECTRICITY, credit=1000, **kw):
    return PrepaymentState(fuel, kw.pop("mode", PaymentMode.PREPAYMENT), kw.pop("at", NOW), D(credit), **kw)


def account(*states, messages=(), proposals=(), top_ups=None):
    return Account({s.fuel: s for s in states}, top_ups or {}, tuple(messages), Proposals(tuple(proposals)))


def build(acc, commands=ALL, spend=None, language="en_GB"):
    return AccountViewModel(I18n(language), LONDON).build(acc, commands, NOW, spend or {})


def test_the_balance_days_left_debt_and_emergency_credit_in_words():
    ec = EmergencyCredit(D(1000), D(1000), in_use=False, available=False)
    view = build(account(state(credit=1250, emergency=ec, debts=(Debt(D(4500), per_day_p=D(50)),))),
                 spend={Fuel.ELECTRICITY: D(200)})
    (fuel,) = view.fuels
    assert (fuel.label, fuel.balance, fuel.balance_spoken) == ("Credit", "£12.50", "£12.50")
    assert fuel.days_left == "About 5 days left at your usual use"  # 1250 / (200 + 50)
    assert fuel.lines == ("Emergency credit of £10.00 becomes available when credit runs low.",
                          "Debt of £45.00, paid back at 50p a day.")
    assert fuel.actions == (Action.TOP_UP,)


def test_days_left_in_the_singular_and_when_it_is_not_known_yet():
    assert build(account(state(credit=300)), spend={Fuel.ELECTRICITY: D(250)}).fuels[0].days_left == \
        "About 1 day left at your usual use"
    assert build(account(state(credit=100)), spend={Fuel.ELECTRICITY: D(250)}).fuels[0].days_left == \
        "Less than a day left at your usual use"
    unknown = build(account(state())).fuels[0]
    assert not unknown.days_known
    assert unknown.days_left == "How long it lasts shows after a few days of history"


def test_emergency_credit_in_use_is_the_headline_and_the_alert():
    ec = EmergencyCredit(D(1000), D(640), in_use=True, available=False)
    (fuel,) = build(account(state(credit=-360, emergency=ec))).fuels
    assert (fuel.label, fuel.balance) == ("Emergency credit left", "£6.40")
    assert fuel.alert_text == "Using emergency credit: £6.40 left. Top up soon."
    assert fuel.lines[0].startswith("Using emergency credit: £6.40 of £10.00 left.")


def test_buttons_follow_what_the_meter_allows_and_the_bridge_relays():
    ec = EmergencyCredit(D(1000), D(1000), in_use=False, available=True)
    assert build(account(state(credit=100, emergency=ec))).fuels[0].actions == \
        (Action.TOP_UP, Action.EMERGENCY_CREDIT)
    armed = build(account(state(supply=Supply.ARMED))).fuels[0]
    assert Action.ENABLE_SUPPLY in armed.actions
    assert "press Turn electricity on" in armed.alert_text
    read_only = build(account(state(supply=Supply.ARMED)), commands=frozenset())
    assert read_only.read_only
    assert read_only.fuels[0].actions == ()


def test_gas_is_never_turned_on_from_the_display_but_the_household_is_told_how():
    gas = build(account(state(Fuel.GAS, supply=Supply.ARMED))).fuels[0]
    assert Action.ENABLE_SUPPLY not in gas.actions
    assert "turn it on at the gas meter" in gas.alert_text


def test_a_credit_meter_shows_no_balance_and_an_old_figure_says_when_it_is_from():
    assert build(account(state(mode=PaymentMode.CREDIT))).fuels == ()
    old = build(account(state(at=NOW - timedelta(hours=2)))).fuels[0]
    assert old.lines[-1] == "As the meter said at 10:00"
    assert old.label == "Last known credit"  # older than the meter's update cycle: not the balance now
    assert build(account(state(at=NOW - timedelta(minutes=10)))).fuels[0].label == "Credit"


def test_a_balance_from_an_earlier_day_says_which_day():
    yesterday = build(account(state(at=NOW - timedelta(hours=20)))).fuels[0]
    assert yesterday.lines[-1] == "As the meter said yesterday at 16:00"
    assert yesterday.label == "Last known credit"
    older = build(account(state(at=NOW - timedelta(days=3)))).fuels[0]
    assert older.lines[-1] == "As the meter said on Fri 20 Nov at 12:00"


def test_messages_proposals_and_the_top_up_log():
    messages = (SupplierMessage("1", NOW, "Hello", Importance.CRITICAL, needs_confirmation=True),
                SupplierMessage("2", NOW, "Old news", Importance.LOW, needs_confirmation=True, confirmed=True))
    proposal = ModeProposal("p", Fuel.ELECTRICITY, PaymentMode.PREPAYMENT, NOW, "Unpaid bills")
    log = {Fuel.ELECTRICITY: (TopUpRecord(NOW, D(2000), "1637"), TopUpRecord(NOW, D(500)))}
    view = build(account(state(), messages=messages, proposals=(proposal,), top_ups=log))
    assert [(m.importance, m.urgent, m.can_confirm) for m in view.messages] == [("Urgent", True, True),
                                                                                 ("For information", False, False)]
    quiet = build(account(state(), messages=messages, proposals=(proposal,)), commands=frozenset({"top-up"}))
    assert not quiet.messages[0].can_confirm  # the bridge cannot carry the confirmation...
    assert quiet.messages[0].unread  # ...but the message is still news
    assert not quiet.proposals[0].can_answer
    assert view.proposals[0].title == "Your supplier asks to switch your electricity to pay as you go"
    assert "Nothing changes unless you accept" in view.proposals[0].explanation
    assert view.news == "Your supplier is asking you something about how you pay."
    assert view.top_ups == ("Electricity, Mon 23 Nov, 12:00: £20.00 (code ending 1637)",
                            "Electricity, Mon 23 Nov, 12:00: £5.00")
    only_messages = build(account(state(), messages=messages))
    assert (only_messages.news, only_messages.news_short) == ("1 message from your supplier to read", "1 message")


def test_top_up_words():
    vm = AccountViewModel(I18n(), LONDON)
    assert vm.code_problem(Problem.TOO_SHORT, 19) == "The code has 19 digits; a top-up code has 20."
    assert vm.code_problem(Problem.TOO_SHORT, 1) == "The code has 1 digit; a top-up code has 20."
    assert vm.locked(1) == "Too many wrong codes. Try again in 1 second."
    assert vm.confirm_top_up(1234, Fuel.GAS) == "Add £12.34 to your gas?"
    assert vm.result(Result.ACCEPTED, D(500), D(1500), "") == \
        "Top-up accepted: £5.00 added. Your credit is now £15.00."
    assert vm.result(Result.REJECTED_ERROR, None, None, "") == \
        "The meter could not take the code (no reason given). It has not been used: try again later."
    assert "accepted it" in vm.already_sent(NOW, "accepted")
    assert "has not answered yet" in vm.already_sent(NOW, "")
    assert vm.command_result("enable-supply", Result.ACCEPTED_SUPPLY_ENABLED, "") == "Your electricity is back on."
    assert vm.command_result("emergency-credit", Result.REJECTED_NOT_ALLOWED, "not now") == \
        "The meter says this cannot be done now (not now)."


def test_every_language_has_the_words():
    ec = EmergencyCredit(D(1000), D(640), in_use=True, available=False)
    for language in ("cy", "pl", "ur"):
        fuel = build(account(state(credit=-360, emergency=ec)), language=language).fuels[0]
        assert "Using emergency credit" not in fuel.alert_text
        assert "6.40" in fuel.alert_text or "6,40" in fuel.alert_text


def test_friendly_hours_say_which_day_they_end():
    evening = NOW.replace(hour=20)
    def line(until):
        view = AccountViewModel(I18n(), LONDON).build(account(state(friendly_until=until, at=evening)), ALL,
                                                      evening, {})
        return next(x for x in view.fuels[0].lines if x.startswith("Friendly"))
    assert line(evening.replace(hour=22)).startswith("Friendly hours until 22:00:")
    assert line(evening + timedelta(hours=14)).startswith("Friendly hours until tomorrow at 10:00:")
    assert line(evening + timedelta(days=2, hours=14)).startswith("Friendly hours until Thursday at 10:00:")
