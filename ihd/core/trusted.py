"""Tell someone I trust: a household on pay as you go may let one person it names know when its
credit is low, emergency credit is in use, or the supply goes off and comes back on.

Each of those is sent once, when it starts, with the time and the fuel, and nothing else: no
balance unless the household also allowed it, never the use. The watch follows each fuel's state
all along (whether or not the category is on), so switching it on, or a restart, is not itself a
change; what it has noticed but the broker has not yet acknowledged waits in a short queue that
survives restarts, and each alert carries its natural key (home, fuel, what, when) so a repeat is
harmless.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ihd.core.prepayment import Alert, CreditWatch, PrepaymentState
from ihd.core.units import Fuel

NAME_LONGEST = 40  # characters: a first name, or "Age UK Leeds support line"
QUEUE_LONGEST = 64  # alerts kept while the broker cannot take them (a month of bad days)


class Helper(StrEnum):
    """What kind of helper the person is, as the household says."""

    FAMILY = "family"
    FRIEND = "friend"  # a friend or neighbour
    CARER = "carer"
    SUPPORT = "support"  # an advice or support service


class Condition(StrEnum):
    """What the trusted person is told of, each when it starts."""

    CREDIT_LOW = "credit-low"
    EMERGENCY_CREDIT = "emergency-credit"
    SUPPLY_OFF = "supply-off"
    SUPPLY_ON = "supply-on"


# A fuel's situation, from the alert the display shows for it; ARMED is still without supply.
_SITUATION = {Alert.SUPPLY_OFF: "off", Alert.SUPPLY_ARMED: "off", Alert.EMERGENCY_IN_USE: "emergency",
              Alert.LOW: "low", Alert.NONE: "fine"}
_STARTS = {"low": Condition.CREDIT_LOW, "emergency": Condition.EMERGENCY_CREDIT, "off": Condition.SUPPLY_OFF}


def clean_name(text: str) -> str:
    """The name as the household typed it, without control or direction-changing characters
    (which could make it read as something else at the centre), trimmed to NAME_LONGEST."""
    kept = "".join(" " if c.isspace() else c for c in text
                   if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf"))
    return " ".join(kept.split())[:NAME_LONGEST]


@dataclass(frozen=True, slots=True)
class TrustedPerson:
    """The one person the household names to be told of its credit and supply."""

    name: str
    helper: Helper
    balance: bool = False  # the household also allows the balance to go with each alert

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "helper": self.helper.value, "balance": self.balance}

    @staticmethod
    def from_dict(data: object) -> TrustedPerson | None:
        if not isinstance(data, dict):
            return None
        name, helper = clean_name(str(data.get("name", ""))), data.get("helper")
        if not name or helper not in set(Helper):
            return None
        return TrustedPerson(name, Helper(helper), data.get("balance") is True)


@dataclass(frozen=True, slots=True)
class TrustedAlert:
    """One alert for the trusted person, queued until the broker acknowledges it."""

    fuel: Fuel
    condition: Condition
    at: datetime  # when the display saw it start
    credit_p: Decimal | None = None  # only if the household allowed the balance

    def as_dict(self) -> dict[str, Any]:
        return {"fuel": self.fuel.value, "condition": self.condition.value, "at": self.at.isoformat(),
                "credit_p": None if self.credit_p is None else str(self.credit_p)}

    @staticmethod
    def from_dict(data: object) -> TrustedAlert | None:
        if not isinstance(data, dict):
            return None
        try:
            credit = data.get("credit_p")
            return TrustedAlert(Fuel(data["fuel"]), Condition(data["condition"]),
                                datetime.fromisoformat(data["at"]), None if credit is None else Decimal(credit))
        except (KeyError, TypeError, ValueError, ArithmeticError):
            return None


class TrustedWatch:
    """Each fuel's situation (fine, low, emergency, off), and the alerts waiting to be sent."""

    def __init__(self, situations: dict[Fuel, str] | None = None,
                 waiting: list[TrustedAlert] | None = None) -> None:
        self.situations: dict[Fuel, str] = dict(situations or {})
        self.waiting: list[TrustedAlert] = list(waiting or [])
        self._credit = CreditWatch()  # the same margin as the screen's, so a hovering balance tells once

    def see(self, state: PrepaymentState, now: datetime, telling: TrustedPerson | None) -> bool:
        """A fuel's state heard; with `telling` (the category on) each change is queued. Returns
        whether anything changed that should be kept."""
        situation = _SITUATION[self._credit.alert(state)]
        was = self.situations.get(state.fuel)
        if situation == was:
            return False
        self.situations[state.fuel] = situation
        if was is None or telling is None:
            return True  # the first heard (a new display, or a new household) is where it starts from
        starts = [Condition.SUPPLY_ON] if was == "off" else []
        if situation in _STARTS:
            starts.append(_STARTS[situation])
        credit = state.credit_p if telling.balance else None
        self.waiting.extend(TrustedAlert(state.fuel, c, now, credit) for c in starts)
        del self.waiting[:-QUEUE_LONGEST]
        return True

    def sent(self, alert: TrustedAlert) -> None:
        """The broker has acknowledged it."""
        if alert in self.waiting:
            self.waiting.remove(alert)

    def drop_waiting(self) -> None:
        """Withdrawn: what was not sent is never sent."""
        self.waiting.clear()

    def as_dict(self) -> dict[str, Any]:
        return {"situations": {f.value: s for f, s in self.situations.items()},
                "waiting": [a.as_dict() for a in self.waiting]}

    @staticmethod
    def from_dict(data: object) -> TrustedWatch:
        """From the saved file; anything damaged is read as not known."""
        if not isinstance(data, dict):
            return TrustedWatch()
        raw = data.get("situations")
        situations = {Fuel(f): s for f, s in raw.items()
                      if f in set(Fuel) and s in _SITUATION.values()} if isinstance(raw, dict) else {}
        saved = data.get("waiting")
        waiting = [a for a in map(TrustedAlert.from_dict, saved if isinstance(saved, list) else []) if a]
        return TrustedWatch(situations, waiting[-QUEUE_LONGEST:])
