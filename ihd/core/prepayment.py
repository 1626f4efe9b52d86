"""Prepayment: what the meter says of a household's credit, and the rules the display keeps.

The meter is the authority on money: the display shows the balance, emergency credit, debt and
supply state as the bridge relays them (Zigbee SE prepayment cluster terms, in pence), and never
works a balance out itself. What the display decides is how to say it: whether credit is low,
roughly how long it will last, and when a change is worth announcing. Amounts are Decimal pence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from ihd.core.units import Fuel

DEFAULT_LOW_CREDIT_P = Decimal(500)  # when the meter does not say: £5, as GB suppliers commonly set
LOW_CREDIT_CLEAR_P = Decimal(100)  # credit must rise this far above the line before it warns again


class PaymentMode(StrEnum):
    CREDIT = "credit"
    PREPAYMENT = "prepayment"


class Supply(StrEnum):
    ON = "on"
    ARMED = "armed"  # off, and ready to be turned on by the household once appliances are safe
    OFF = "off"


@dataclass(frozen=True, slots=True)
class EmergencyCredit:
    """What the meter will lend once credit runs low, and how much of it is left."""

    limit_p: Decimal  # how much the meter lends
    remaining_p: Decimal  # how much of it is left
    in_use: bool
    available: bool  # may be turned on now (credit is low enough and it is not in use)


@dataclass(frozen=True, slots=True)
class Debt:
    """A debt the supplier recovers through the meter, by the day or from each top-up."""

    remaining_p: Decimal
    per_day_p: Decimal | None = None
    percent_of_top_up: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PrepaymentState:
    """One fuel's account as the meter last reported it: how it is paid for, the credit and the supply."""

    fuel: Fuel
    mode: PaymentMode
    at: datetime
    credit_p: Decimal  # may be negative while emergency credit is in use
    emergency: EmergencyCredit | None = None
    debts: tuple[Debt, ...] = ()
    low_credit_p: Decimal | None = None  # the meter's warning line
    supply: Supply = Supply.ON
    friendly_until: datetime | None = None  # no disconnection until then (nights, weekends, holidays)

    @property
    def debt_p(self) -> Decimal:
        return sum((d.remaining_p for d in self.debts), Decimal(0))

    @property
    def debt_per_day_p(self) -> Decimal:
        return sum((d.per_day_p or Decimal(0) for d in self.debts if d.remaining_p > 0), Decimal(0))

    @property
    def spendable_p(self) -> Decimal:
        """What can still be used before the supply goes off: credit plus emergency credit left."""
        spare = self.emergency.remaining_p if self.emergency and self.emergency.in_use else Decimal(0)
        return max(self.credit_p, Decimal(0)) + spare

    @property
    def warning_line_p(self) -> Decimal:
        return self.low_credit_p if self.low_credit_p is not None else DEFAULT_LOW_CREDIT_P


@dataclass(frozen=True, slots=True)
class TopUpRecord:
    """One top-up in the meter's log; a code is never kept whole."""

    at: datetime
    amount_p: Decimal
    code_ending: str = ""  # the last four digits at most: a code is never kept whole


@dataclass(frozen=True, slots=True)
class TopUpLog:
    """The meter's record of recent top-ups, newest first."""

    fuel: Fuel
    records: tuple[TopUpRecord, ...]


class Importance(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class SupplierMessage:
    """A message from the supplier, held by the meter, which may ask to be confirmed."""

    id: str
    at: datetime
    text: str
    importance: Importance = Importance.MEDIUM
    needs_confirmation: bool = False
    confirmed: bool = False


@dataclass(frozen=True, slots=True)
class Messages:
    """Every supplier message the meter holds now (the bridge sends the whole list)."""

    messages: tuple[SupplierMessage, ...]


@dataclass(frozen=True, slots=True)
class ModeProposal:
    """A supplier's proposal to change how a fuel is paid for; nothing changes until accepted."""

    id: str
    fuel: Fuel
    mode: PaymentMode
    at: datetime
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Proposals:
    """Every proposal to change how a fuel is paid for that the meter holds now (the whole list)."""

    proposals: tuple[ModeProposal, ...]


class Result(StrEnum):
    """A command's outcome; the top-up results are Zigbee SE's consumer top-up response."""

    ACCEPTED = "accepted"
    ACCEPTED_SUPPLY_ENABLED = "accepted-supply-enabled"
    ACCEPTED_SUPPLY_ARMED = "accepted-supply-armed"
    ACCEPTED_SUPPLY_DISABLED = "accepted-supply-disabled"
    REJECTED_INVALID = "rejected-invalid"
    REJECTED_DUPLICATE = "rejected-duplicate"
    REJECTED_ERROR = "rejected-error"
    REJECTED_MAX_CREDIT = "rejected-max-credit"
    REJECTED_KEYPAD_LOCK = "rejected-keypad-lock"
    REJECTED_NOT_ALLOWED = "rejected-not-allowed"  # e.g. emergency credit while credit is high

    @property
    def accepted(self) -> bool:
        return self.value.startswith("accepted")


@dataclass(frozen=True, slots=True)
class CommandResponse:
    """The meter's answer to a command, relayed by the bridge under the request's id."""

    id: str
    command: str
    result: Result
    at: datetime | None = None
    amount_p: Decimal | None = None  # a top-up's value, as the meter took it
    credit_p: Decimal | None = None  # the balance after it
    detail: str = ""


class Alert(StrEnum):
    """The one thing about a fuel's credit most worth saying, most urgent first."""

    SUPPLY_OFF = "supply-off"
    SUPPLY_ARMED = "supply-armed"
    EMERGENCY_IN_USE = "emergency-in-use"
    LOW = "low"
    NONE = "none"


class CreditWatch:
    """Decides the alert for a fuel, with a margin so a balance hovering at the line does not
    warn again on every reading; a rise clear of the line (a top-up) re-arms the warning."""

    def __init__(self) -> None:
        self._low: dict[Fuel, bool] = {}

    def alert(self, state: PrepaymentState) -> Alert:
        if state.mode is not PaymentMode.PREPAYMENT:
            self._low.pop(state.fuel, None)
            return Alert.NONE
        if state.supply is Supply.OFF:
            return Alert.SUPPLY_OFF
        if state.supply is Supply.ARMED:
            return Alert.SUPPLY_ARMED
        if state.emergency is not None and state.emergency.in_use:
            return Alert.EMERGENCY_IN_USE
        line = state.warning_line_p
        was_low = self._low.get(state.fuel, False)
        low = state.credit_p < line or (was_low and state.credit_p < line + LOW_CREDIT_CLEAR_P)
        self._low[state.fuel] = low
        return Alert.LOW if low else Alert.NONE


def days_left(state: PrepaymentState, usual_spend_p_per_day: Decimal | None) -> int | None:
    """About how many whole days the spendable credit lasts at the household's usual daily spend
    (energy and standing charge, from the history) plus any debt recovered by the day; None when
    that usual spend is not known yet."""
    if usual_spend_p_per_day is None:
        return None
    per_day = usual_spend_p_per_day + state.debt_per_day_p
    if per_day <= 0:
        return None
    return int(state.spendable_p / per_day)


WRONG_CODES_TO_LOCK = 5
LOCK_SECONDS = 60.0


class KeypadLock:
    """After five wrong codes in a row the keypad rests for a minute (on the monotonic clock),
    as meters' own keypads do: it slows guessing, and tells the household how long to wait."""

    def __init__(self, wrong_to_lock: int = WRONG_CODES_TO_LOCK, seconds: float = LOCK_SECONDS) -> None:
        self._limit, self._seconds = wrong_to_lock, seconds
        self.wrong = 0
        self._until: float | None = None

    def seconds_left(self, mono: float) -> int:
        """Whole seconds until it opens (0: open)."""
        if self._until is None:
            return 0
        if mono >= self._until:
            self._until = None
            return 0
        return int(self._until - mono + 0.999)

    def wrong_code(self, mono: float) -> bool:
        """Counts a wrong code; True if that locked the keypad."""
        self.wrong += 1
        if self.wrong >= self._limit:
            self.wrong, self._until = 0, mono + self._seconds
            return True
        return False

    def good_code(self) -> None:
        self.wrong = 0

    def saved(self, mono: float, now: datetime) -> dict[str, object]:
        """What survives a restart: the wrong codes so far and, if locked, until when (wall time,
        since the monotonic clock starts again at boot)."""
        left = self.seconds_left(mono)
        return {"wrong": self.wrong, "locked_until": (now + timedelta(seconds=left)).isoformat() if left else None}

    def restore(self, saved: dict[str, object] | None, mono: float, now: datetime) -> None:
        """As saved before a restart; a lock never lasts longer than its minute, whatever the clock did."""
        if not saved:
            return
        wrong = saved.get("wrong")
        if type(wrong) is int and 0 <= wrong < self._limit:
            self.wrong = wrong
        until = saved.get("locked_until")
        try:
            left = (datetime.fromisoformat(until) - now).total_seconds() if isinstance(until, str) else 0.0
        except (ValueError, TypeError):  # not a time, or one without a zone
            left = 0.0
        if left > 0:
            self._until = mono + min(left, self._seconds)


def usual_daily_spend(days: list[tuple[Decimal | None, Decimal | None]], at_least: int = 3) -> Decimal | None:
    """The household's usual spend a day, from recent whole days' (energy cost, standing charge):
    their mean, once at least `at_least` such days are known; None before then."""
    known = [cost + (standing or Decimal(0)) for cost, standing in days if cost is not None]
    if len(known) < at_least:
        return None
    return sum(known, Decimal(0)) / len(known)
