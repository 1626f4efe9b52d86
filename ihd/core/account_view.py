"""Screen-ready words for prepayment: the balance and what it means, the alerts, what a household
can do now, top-up results, supplier messages and proposals. Qt-free, so every phrase is tested
without a display; the screens only place them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from ihd.core.formatting import Formatter, dated
from ihd.core.live import Account
from ihd.core.plain import breakable
from ihd.core.prepayment import (
    Alert,
    CreditWatch,
    Importance,
    ModeProposal,
    PaymentMode,
    PrepaymentState,
    Result,
    SupplierMessage,
    Supply,
    days_left,
)
from ihd.core.units import Fuel
from ihd.core.utrn import Problem

OLD_STATE = timedelta(minutes=30)  # a balance older than this says when it is from


class Action(StrEnum):
    """Buttons a fuel's account can offer; each only when the bridge relays its command."""

    TOP_UP = "top-up"
    EMERGENCY_CREDIT = "emergency-credit"
    ENABLE_SUPPLY = "enable-supply"


@dataclass(frozen=True, slots=True)
class FuelAccount:
    """The account screen's words for one fuel in prepayment, and what the household can do now."""

    fuel: Fuel
    title: str
    label: str  # "Credit", or "Emergency credit left" while it is in use
    balance: str
    balance_spoken: str  # the amount in words
    days_left: str  # "About 5 days left at your usual use", or why that is not known
    days_known: bool  # False: days_left explains why it cannot say yet (the home screen leaves it out)
    lines: tuple[str, ...]  # emergency credit, debt, friendly hours, how old the figures are
    alert: Alert
    alert_text: str  # "" when there is nothing to warn of
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class MessageView:
    """A supplier's message as the account screen shows it."""

    id: str
    when: str
    text: str
    importance: str  # in words
    urgent: bool
    unread: bool  # the supplier asks for a confirmation not yet given
    can_confirm: bool  # ... and the bridge can send one


@dataclass(frozen=True, slots=True)
class ProposalView:
    """A supplier's proposal to change how a fuel is paid for, in words for the household to answer."""

    id: str
    fuel: Fuel
    title: str
    explanation: str
    supplier_note: str
    can_answer: bool = True  # the bridge can send the household's answer


@dataclass(frozen=True, slots=True)
class AccountView:
    """The account screen's words for every fuel in prepayment, and the news for the home screen."""

    fuels: tuple[FuelAccount, ...]  # only the fuels in prepayment
    top_ups: tuple[str, ...]  # "Mon 23 Nov, 09:12: £20.00 (code ending 1637)"
    messages: tuple[MessageView, ...]
    proposals: tuple[ProposalView, ...]
    news: str = ""  # for the home screen: an unread message or a proposal waiting
    news_short: str = ""  # the same in a few words, for a button
    read_only: bool = False  # the bridge relays no commands: balances without buttons
    demo_codes: tuple[str, ...] = field(default=())

    def fuel(self, fuel: Fuel) -> FuelAccount | None:
        return next((f for f in self.fuels if f.fuel is fuel), None)


class AccountViewModel:
    def __init__(self, fmt: Formatter, tz: ZoneInfo) -> None:
        self.fmt = fmt
        self._tz = tz
        self.watch = CreditWatch()

    def build(self, account: Account, commands: frozenset[str], now: datetime,
              usual_spend_p: dict[Fuel, Decimal | None]) -> AccountView:
        fuels = tuple(self._fuel(s, commands, now, usual_spend_p.get(s.fuel)) for s in account.in_prepayment())
        messages = tuple(self._message(m, "confirm-message" in commands) for m in account.messages)
        proposals = tuple(self._proposal(p, "payment-mode" in commands) for p in account.proposals.proposals)
        news, short = self._news(messages, proposals)
        return AccountView(fuels, self._top_ups(account), messages, proposals, news, short, read_only=not commands)

    # -- a fuel's account

    def _fuel(self, state: PrepaymentState, commands: frozenset[str], now: datetime,
              usual_spend_p: Decimal | None) -> FuelAccount:
        _, money = self.fmt._, self.fmt.money
        title = _("Electricity") if state.fuel is Fuel.ELECTRICITY else _("Gas")
        ec = state.emergency
        old = now - state.at > OLD_STATE  # older than the meter's update cycle: not the balance now
        if ec is not None and ec.in_use:
            label = _("Last known emergency credit") if old else _("Emergency credit left")
            shown = ec.remaining_p
        else:
            label, shown = _("Last known credit") if old else _("Credit"), state.credit_p
        alert = self.watch.alert(state)
        return FuelAccount(
            state.fuel, title, label, money(shown),
            self.fmt.money_spoken(shown),
            self._days_left(state, usual_spend_p), days_left(state, usual_spend_p) is not None,
            self._lines(state, now), alert,
            self._alert_text(state, alert), self._actions(state, commands))

    def _days_left(self, state: PrepaymentState, usual_spend_p: Decimal | None) -> str:
        _ = self.fmt._
        if state.supply is not Supply.ON:
            return ""
        days = days_left(state, usual_spend_p)
        if days is None:
            return _("How long it lasts shows after a few days of history")
        if days == 0:
            return _("Less than a day left at your usual use")
        return self.fmt.ngettext("About {n} day left at your usual use", "About {n} days left at your usual use",
                                 days).format(n=days)

    def _lines(self, state: PrepaymentState, now: datetime) -> tuple[str, ...]:
        _, money = self.fmt._, self.fmt.money
        lines = []
        ec = state.emergency
        if ec is not None and ec.in_use:
            lines.append(_("Using emergency credit: {left} of {limit} left. It is paid back from your next "
                           "top-up.").format(left=money(ec.remaining_p), limit=money(ec.limit_p)))
        elif ec is not None and ec.available:
            lines.append(_("Emergency credit of {limit} is there if you need it.").format(limit=money(ec.limit_p)))
        elif ec is not None:
            lines.append(_("Emergency credit of {limit} becomes available when credit runs low.").format(
                limit=money(ec.limit_p)))
        for debt in state.debts:
            if debt.remaining_p > 0:
                lines.append(self._debt(debt.remaining_p, debt.per_day_p, debt.percent_of_top_up))
        if state.friendly_until is not None and state.friendly_until > now:
            ahead = (state.friendly_until.astimezone(self._tz).date() - now.astimezone(self._tz).date()).days
            words = _("Friendly hours until {time}: the supply will not be cut off before then.") if ahead <= 0 \
                else _("Friendly hours until tomorrow at {time}: the supply will not be cut off before then.") \
                if ahead == 1 else _("Friendly hours until {day} at {time}: the supply will not be cut off before "
                                     "then.")
            lines.append(words.format(time=self.fmt.time(state.friendly_until, self._tz),
                                      day=self.fmt.date(state.friendly_until.astimezone(self._tz).date(), "EEEE")))
        if now - state.at > OLD_STATE:
            lines.append(dated(self.fmt, state.at, now, self._tz, _("As the meter said at {time}"),
                               _("As the meter said yesterday at {time}"),
                               _("As the meter said on {day} at {time}")))
        return tuple(lines)

    def _debt(self, remaining: Decimal, per_day: Decimal | None, percent: Decimal | None) -> str:
        _, money = self.fmt._, self.fmt.money
        if per_day and percent:
            return _("Debt of {amount}, paid back at {per_day} a day and {percent}% of each top-up.").format(
                amount=money(remaining), per_day=money(per_day), percent=self.fmt.number(percent, 0))
        if per_day:
            return _("Debt of {amount}, paid back at {per_day} a day.").format(
                amount=money(remaining), per_day=money(per_day))
        if percent:
            return _("Debt of {amount}, paid back from {percent}% of each top-up.").format(
                amount=money(remaining), percent=self.fmt.number(percent, 0))
        return _("Debt of {amount}.").format(amount=money(remaining))

    def _alert_text(self, state: PrepaymentState, alert: Alert) -> str:
        _, money = self.fmt._, self.fmt.money
        electricity = state.fuel is Fuel.ELECTRICITY
        match alert:
            case Alert.SUPPLY_OFF:
                return _("Your electricity is off because the credit has run out. Top up to turn it back on.") \
                    if electricity else _("Your gas is off because the credit has run out. Top up to turn it back "
                                          "on.")
            case Alert.SUPPLY_ARMED if electricity:
                return _("Your electricity is ready to come back on. Check that cookers, heaters and irons are "
                         "off, then press Turn electricity on.")
            case Alert.SUPPLY_ARMED:
                return _("Your gas is ready to come back on. Check that the cooker and fires are off, then turn it "
                         "on at the gas meter: press its button and follow the steps on its screen.")
            case Alert.EMERGENCY_IN_USE:
                left = state.emergency.remaining_p if state.emergency else Decimal(0)
                return _("Using emergency credit: {left} left. Top up soon.").format(left=money(left))
            case Alert.LOW:
                return _("Credit is low: {amount} left.").format(amount=money(state.credit_p))
        return ""

    def _actions(self, state: PrepaymentState, commands: frozenset[str]) -> tuple[Action, ...]:
        found = []
        if Action.TOP_UP in commands:
            found.append(Action.TOP_UP)
        if Action.EMERGENCY_CREDIT in commands and state.emergency is not None and state.emergency.available:
            found.append(Action.EMERGENCY_CREDIT)
        # Gas is turned back on at the gas meter, never from a display.
        if Action.ENABLE_SUPPLY in commands and state.supply is Supply.ARMED and state.fuel is Fuel.ELECTRICITY:
            found.append(Action.ENABLE_SUPPLY)
        return tuple(found)

    # -- the log, messages and proposals

    def _top_ups(self, account: Account) -> tuple[str, ...]:
        _ = self.fmt._
        lines = []
        for fuel, records in account.top_ups.items():
            title = _("Electricity") if fuel is Fuel.ELECTRICITY else _("Gas")
            for record in records[:10]:
                when = self._when(record.at)
                words = _("{fuel}, {when}: {amount} (code ending {digits})") if record.code_ending else \
                    _("{fuel}, {when}: {amount}")
                lines.append(words.format(fuel=title, when=when, amount=self.fmt.money(record.amount_p),
                                          digits=record.code_ending))
        return tuple(lines)

    def _message(self, message: SupplierMessage, can_send: bool) -> MessageView:
        _ = self.fmt._
        unread = message.needs_confirmation and not message.confirmed
        importance = {Importance.LOW: _("For information"), Importance.MEDIUM: _("Message"),
                      Importance.HIGH: _("Important"), Importance.CRITICAL: _("Urgent")}[message.importance]
        return MessageView(message.id, self._when(message.at), breakable(message.text), importance,
                           message.importance in (Importance.HIGH, Importance.CRITICAL), unread,
                           unread and can_send)

    def _proposal(self, proposal: ModeProposal, can_answer: bool) -> ProposalView:
        _ = self.fmt._
        electricity = proposal.fuel is Fuel.ELECTRICITY
        if proposal.mode is PaymentMode.PREPAYMENT:
            title = _("Your supplier asks to switch your electricity to pay as you go") if electricity else \
                _("Your supplier asks to switch your gas to pay as you go")
            explanation = _(
                "Pay as you go (prepayment) means paying for energy before you use it, by topping up. If the "
                "credit and emergency credit run out, the supply can be switched off until you top up, except in "
                "friendly hours. Nothing changes unless you accept. You can decline and talk to your supplier "
                "first.")
        else:
            title = _("Your supplier asks to switch your electricity to a credit meter") if electricity else \
                _("Your supplier asks to switch your gas to a credit meter")
            explanation = _("On a credit meter you pay by bill for energy already used. Nothing changes unless "
                            "you accept.")
        return ProposalView(proposal.id, proposal.fuel, title, explanation, breakable(proposal.detail), can_answer)

    def _news(self, messages: tuple[MessageView, ...], proposals: tuple[ProposalView, ...]) -> tuple[str, str]:
        _ = self.fmt._
        if proposals:
            return _("Your supplier is asking you something about how you pay."), _("A question")
        waiting = sum(1 for m in messages if m.unread)
        if waiting:
            return (self.fmt.ngettext("{n} message from your supplier to read", "{n} messages from your supplier "
                                      "to read", waiting).format(n=waiting),
                    self.fmt.ngettext("{n} message", "{n} messages", waiting).format(n=waiting))
        return "", ""

    def _when(self, at: datetime) -> str:
        local = at.astimezone(self._tz)
        return f"{self.fmt.date(local.date(), 'EEE d MMM')}, {self.fmt.time(at, self._tz)}"

    # -- top-ups as they happen

    def code_problem(self, problem: Problem, typed: int) -> str:
        _ = self.fmt._
        match problem:
            case Problem.TOO_SHORT:
                return self.fmt.ngettext("The code has {n} digit; a top-up code has 20.",
                                         "The code has {n} digits; a top-up code has 20.", typed).format(n=typed)
            case Problem.TOO_LONG:
                return _("A top-up code has 20 digits; this has more.")
            case Problem.MISTYPED:
                return _("This code does not add up: a digit is wrong, or two are the wrong way round. Check it "
                         "against your receipt.")
        return _("This is not a top-up code. Check it against your receipt.")

    def locked(self, seconds: int) -> str:
        return self.fmt.ngettext("Too many wrong codes. Try again in {n} second.",
                                 "Too many wrong codes. Try again in {n} seconds.", seconds).format(n=seconds)

    def already_sent(self, at: datetime, result: str) -> str:
        _ = self.fmt._
        when = self._when(at)
        if result.startswith("accepted"):
            return _("This code was used on {when} and the meter accepted it. Each code works once.").format(
                when=when)
        if result:
            return _("This code was sent on {when} and the meter refused it. Check it against your receipt, "
                     "or contact your supplier.").format(when=when)
        return _("This code was sent on {when} and the meter has not answered yet. Check your credit before "
                 "trying it again.").format(when=when)

    def confirm_top_up(self, pence: int, fuel: Fuel) -> str:
        _ = self.fmt._
        words = _("Add {amount} to your electricity?") if fuel is Fuel.ELECTRICITY else _("Add {amount} to your gas?")
        return words.format(amount=self.fmt.money(Decimal(pence)))

    def result(self, result: Result, amount_p: Decimal | None, credit_p: Decimal | None, detail: str) -> str:
        _, money = self.fmt._, self.fmt.money
        added = money(amount_p) if amount_p is not None else ""
        match result:
            case Result.ACCEPTED | Result.ACCEPTED_SUPPLY_ENABLED | Result.ACCEPTED_SUPPLY_DISABLED:
                if credit_p is not None and added:
                    return _("Top-up accepted: {amount} added. Your credit is now {credit}.").format(
                        amount=added, credit=money(credit_p))
                return _("Top-up accepted.")
            case Result.ACCEPTED_SUPPLY_ARMED:
                return _("Top-up accepted: {amount} added. Your electricity is ready to come back on.").format(
                    amount=added)
            case Result.REJECTED_INVALID:
                return _("The meter did not accept this code. Check it against your receipt and try again.")
            case Result.REJECTED_DUPLICATE:
                return _("This code has been used already, so no credit was added again: each code works once. If "
                         "the credit never arrived, contact your supplier.")
            case Result.REJECTED_MAX_CREDIT:
                return _("The meter cannot hold that much credit. Use this code later, when your credit is lower.")
            case Result.REJECTED_KEYPAD_LOCK:
                return _("The meter is not taking codes for a short while after several wrong ones. Wait a "
                         "minute, then try again.")
        return _("The meter could not take the code ({detail}). It has not been used: try again later.").format(
            detail=detail or _("no reason given"))

    def no_answer(self) -> str:
        return self.fmt._("The meter did not answer. Check your credit: if the top-up has not arrived, enter the "
                          "code again later.")

    def waiting(self, overdue: bool) -> str:
        _ = self.fmt._
        if overdue:
            return _("Still waiting for the meter. The code is kept and sent again until the meter answers.")
        return _("Sending the code to the meter…")

    def command_result(self, command: str, result: Result, detail: str) -> str:
        """The answer to anything but a top-up."""
        _ = self.fmt._
        if result.accepted:
            return {
                "emergency-credit": _("Emergency credit is on."),
                "enable-supply": _("Your electricity is back on."),
                "confirm-message": _("The supplier has been told you read the message."),
                "payment-mode": _("Your answer has been sent to your supplier."),
            }.get(command, _("Done."))
        if result is Result.REJECTED_NOT_ALLOWED:
            return _("The meter says this cannot be done now ({detail}).").format(detail=detail or result.value)
        return _("The meter could not do this ({detail}). Try again later.").format(
            detail=detail or _("no reason given"))


class Stage(StrEnum):
    ENTER = "enter"  # typing the code
    CONFIRM = "confirm"  # the code is well formed: the amount is shown to confirm
    WAITING = "waiting"  # sent; the meter has not answered yet
    DONE = "done"  # answered (or given up on): the result is shown


@dataclass(frozen=True, slots=True)
class TopUpView:
    """The top-up screen's state; the screen keeps the digits being typed."""

    stage: Stage = Stage.ENTER
    message: str = ""
    problem: bool = False  # the message is a problem to put right, shown as a warning
    fuels: tuple[Fuel, ...] = (Fuel.ELECTRICITY,)  # the prepayment fuels a code can go to
    fuel: Fuel = Fuel.ELECTRICITY
    locked: bool = False  # too many wrong codes: the keypad rests
    can_stop: bool = False  # waiting long enough that the household may stop waiting
    demo_codes: tuple[str, ...] = ()  # the demo's meter takes these
