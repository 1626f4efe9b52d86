"""A simulated prepayment electricity meter, for the demo and `ihd-sim --prepayment`.

It burns credit with use, lends emergency credit, disconnects when both are gone (outside its
friendly hours), takes well-formed top-up codes it has not seen before (and, when `strict`, only
those carrying the tag its simulated supplier gives them, as a real meter checks a code's MAC),
arms the supply when a
top-up brings the balance back above zero, and turns it back on when the household asks. It
answers each command once: a request sent again with the same id gets the same answer.
It speaks the native contract (docs/contract.md): `bridge_messages` for what a bridge
publishes, `handle` for a command arriving on `command/<name>`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ihd.core import utrn
from ihd.core.prepayment import PaymentMode, Result, Supply
from ihd.core.units import Fuel

LONDON = ZoneInfo("Europe/London")
Message = tuple[str, bytes, bool]  # topic (relative to the prefix), payload, retain

EMERGENCY_LIMIT_P = Decimal(1000)  # £10, a common GB figure
LOW_CREDIT_P = Decimal(500)
MAX_CREDIT_P = Decimal(25_000)  # a meter refuses a top-up that would take credit past this
WRONG_CODES_TO_LOCK = 5
LOCK = timedelta(minutes=1)
FRIENDLY = (time(16), time(10))  # no disconnection overnight (16:00 to 10:00), as GB suppliers do


@dataclass
class PrepaymentMeter:
    """A simulated prepayment meter's state, and how it answers the commands a bridge passes on."""

    rate_p: Decimal  # per kWh, as the meter charges it
    standing_p: Decimal  # per day
    credit_p: Decimal = Decimal(1250)
    mode: PaymentMode = PaymentMode.PREPAYMENT
    debt_p: Decimal = Decimal(4500)
    debt_per_day_p: Decimal = Decimal(50)
    emergency_in_use: bool = False
    emergency_left_p: Decimal = EMERGENCY_LIMIT_P
    supply: Supply = Supply.ON
    friendly: tuple[time, time] | None = FRIENDLY
    strict: bool = False  # also refuse well-formed codes its simulated supplier did not issue
    tz: ZoneInfo = LONDON
    used_codes: set[str] = field(default_factory=set)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # request id -> its answer
    top_ups: list[tuple[datetime, Decimal, str]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[dict[str, Any]] = field(default_factory=list)
    wrong_codes: int = 0
    locked_until: datetime | None = None
    _last: datetime | None = None

    # -- time passing

    def run_to(self, at: datetime, kwh: Decimal) -> None:
        """Charge `kwh` used since the last call, and the standing charge and debt recovery for
        the time that has passed."""
        if self._last is not None and at > self._last and self.mode is PaymentMode.PREPAYMENT:
            days = Decimal((at - self._last).total_seconds()) / 86400
            recovered = min(self.debt_p, self.debt_per_day_p * days)
            self.debt_p -= recovered
            cost = kwh * self.rate_p + self.standing_p * days + recovered if self.supply is Supply.ON else Decimal(0)
            self._spend(cost, at)
        self._last = at if self._last is None else max(self._last, at)

    def _spend(self, pence: Decimal, at: datetime) -> None:
        if self.credit_p >= pence:
            self.credit_p -= pence
            return
        short = pence - max(self.credit_p, Decimal(0))
        self.credit_p = min(self.credit_p, Decimal(0))
        if self.emergency_in_use and self.emergency_left_p > 0:
            taken = min(short, self.emergency_left_p)
            self.emergency_left_p -= taken
            self.credit_p -= taken
            short -= taken
        if short > 0 and not self._friendly(at):
            self.supply = Supply.OFF

    def _friendly(self, at: datetime) -> bool:
        if self.friendly is None:
            return False
        start, end = self.friendly
        now = at.astimezone(self.tz).time()
        return now >= start or now < end if start > end else start <= now < end

    def friendly_until(self, at: datetime) -> datetime | None:
        if not self._friendly(at) or self.friendly is None:
            return None
        local = at.astimezone(self.tz)
        end = datetime.combine(local.date(), self.friendly[1], self.tz)
        return end if end > local else end + timedelta(days=1)

    def use_up_credit(self) -> None:
        """Credit and emergency credit gone and the supply off (the demo's way to show it)."""
        self.credit_p = -EMERGENCY_LIMIT_P if self.emergency_in_use else Decimal(0)
        self.emergency_left_p = Decimal(0) if self.emergency_in_use else self.emergency_left_p
        self.supply = Supply.OFF

    @property
    def emergency_available(self) -> bool:
        return not self.emergency_in_use and self.credit_p < LOW_CREDIT_P and self.emergency_left_p > 0

    # -- commands

    def handle(self, name: str, payload: bytes, at: datetime) -> Message | None:
        """A command from the display; returns the response to publish (None if unreadable)."""
        try:
            request = json.loads(payload)
            request_id = str(request["id"])
        except (ValueError, KeyError, TypeError):
            return None
        if request_id not in self.answers:  # the same request again gets the same answer
            self.answers[request_id] = {"id": request_id, "ts": _iso(at), **self._act(name, request, at)}
        return f"response/{name}", json.dumps(self.answers[request_id], default=float).encode(), False

    def _act(self, name: str, request: dict[str, Any], at: datetime) -> dict[str, Any]:
        match name:
            case "top-up":
                return self._top_up(str(request.get("utrn", "")), at)
            case "emergency-credit":
                if not self.emergency_available:
                    return {"result": Result.REJECTED_NOT_ALLOWED, "detail": "emergency credit is not available now"}
                self.emergency_in_use = True
                if self.supply is Supply.OFF:
                    self.supply = Supply.ARMED
                return {"result": Result.ACCEPTED, "credit_p": self.credit_p}
            case "enable-supply":
                if self.supply is not Supply.ARMED:
                    return {"result": Result.REJECTED_NOT_ALLOWED, "detail": f"the supply is {self.supply}"}
                self.supply = Supply.ON
                return {"result": Result.ACCEPTED_SUPPLY_ENABLED}
            case "confirm-message":
                for message in self.messages:
                    if message["id"] == request.get("message_id"):
                        message["confirmed"] = True
                        return {"result": Result.ACCEPTED}
                return {"result": Result.REJECTED_ERROR, "detail": "no such message"}
            case "payment-mode":
                return self._answer_proposal(request)
        return {"result": Result.REJECTED_ERROR, "detail": f"unknown command {name}"}

    def _top_up(self, code: str, at: datetime) -> dict[str, Any]:
        if self.locked_until is not None and at < self.locked_until:
            return {"result": Result.REJECTED_KEYPAD_LOCK}
        if utrn.problem(code) is not None or (self.strict and not genuine(code)):
            self.wrong_codes += 1
            if self.wrong_codes >= WRONG_CODES_TO_LOCK:
                self.locked_until, self.wrong_codes = at + LOCK, 0
            return {"result": Result.REJECTED_INVALID}
        if code in self.used_codes:
            return {"result": Result.REJECTED_DUPLICATE}
        amount = Decimal(utrn.value(code).pence)
        if self.credit_p + amount > MAX_CREDIT_P:
            return {"result": Result.REJECTED_MAX_CREDIT}
        self.used_codes.add(code)
        self.wrong_codes = 0
        self.credit_p += amount
        self.top_ups.insert(0, (at, amount, code[-4:]))
        del self.top_ups[10:]
        if self.credit_p > 0 and self.emergency_in_use:
            self.emergency_in_use, self.emergency_left_p = False, EMERGENCY_LIMIT_P
        result = Result.ACCEPTED
        if self.supply is Supply.OFF and self.credit_p > 0:
            self.supply, result = Supply.ARMED, Result.ACCEPTED_SUPPLY_ARMED
        return {"result": result, "amount_p": amount, "credit_p": self.credit_p}

    def _answer_proposal(self, request: dict[str, Any]) -> dict[str, Any]:
        proposal = next((p for p in self.proposals if p["id"] == request.get("proposal_id")), None)
        if proposal is None:
            return {"result": Result.REJECTED_ERROR, "detail": "no such proposal"}
        self.proposals.remove(proposal)
        if request.get("accept") is True:
            self.mode = PaymentMode(proposal["mode"])
        return {"result": Result.ACCEPTED}

    def propose(self, proposal_id: str, mode: PaymentMode, at: datetime, detail: str = "") -> None:
        self.proposals.append({"id": proposal_id, "fuel": Fuel.ELECTRICITY, "mode": mode, "ts": _iso(at),
                               "detail": detail})

    # -- what the bridge publishes

    def bridge_messages(self, at: datetime) -> list[Message]:
        """The retained records, as they stand at `at`."""
        state: dict[str, Any] = {
            "ts": _iso(at), "mode": self.mode, "credit_p": self.credit_p.quantize(Decimal("0.01")),
            "low_credit_p": LOW_CREDIT_P, "supply": self.supply,
            "emergency_credit": {"limit_p": EMERGENCY_LIMIT_P,
                                 "remaining_p": self.emergency_left_p.quantize(Decimal("0.01")),
                                 "in_use": self.emergency_in_use, "available": self.emergency_available},
            "debts": [{"remaining_p": self.debt_p.quantize(Decimal("0.01")), "per_day_p": self.debt_per_day_p}]
            if self.debt_p > 0 else [],
        }
        if (until := self.friendly_until(at)) is not None:
            state["friendly_credit_until"] = _iso(until)
        log = {"top_ups": [{"ts": _iso(t), "amount_p": a, "code_ending": e} for t, a, e in self.top_ups]}
        return [
            ("electricity/prepayment", _dumps(state), True),
            ("electricity/top-ups", _dumps(log), True),
            ("messages", _dumps({"messages": self.messages}), True),
            ("proposals", _dumps({"proposals": self.proposals}), True),
        ]


SECRET = b"ihd simulated supplier"  # stands in for the supplier's prepayment key


def _tag(counter: int, pence: int) -> int:
    import hashlib  # (it loads OpenSSL's library: not on the way to the demo's first frame)

    digest = hashlib.blake2b(f"{counter}:{pence}".encode(), key=SECRET, digest_size=4).digest()
    return int.from_bytes(digest, "big")


def genuine_code(pence: int, counter: int) -> str:
    """A code the simulated meter takes: well formed, with the tag its supplier would give it."""
    return utrn.make(pence, counter, _tag(counter, pence))


def genuine(code: str) -> bool:
    """Whether a well-formed code carries its supplier's tag, as a real meter checks its MAC."""
    token = int(code[:-1]) - utrn.PPTD_BASE
    counter = (token >> 47) & 0x3FF
    return token & 0xFFFF_FFFF == _tag(counter, utrn.value(code).pence)


def demo_codes(count: int = 3) -> list[str]:
    """Codes the simulated meter will take (£5, £10, £20, ...), for trying top-ups."""
    amounts = (500, 1000, 2000, 1500, 3000)
    return [genuine_code(amounts[i % len(amounts)], 100 + i) for i in range(count)]


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dumps(data: object) -> bytes:
    return json.dumps(data, default=float, separators=(",", ":")).encode()
