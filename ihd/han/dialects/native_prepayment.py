"""The prepayment part of the native contract: credit, top-ups, supplier messages, proposals
to change payment mode, and the responses to the display's commands (docs/contract.md).

The commands the display sends are built here too, so both directions of the contract live in
one place.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from ihd.core.plain import plain
from ihd.core.prepayment import (
    CommandResponse,
    Debt,
    EmergencyCredit,
    Importance,
    Messages,
    ModeProposal,
    PaymentMode,
    PrepaymentState,
    Proposals,
    Result,
    SupplierMessage,
    Supply,
    TopUpLog,
    TopUpRecord,
)
from ihd.core.readings import Parsed, Reading, Rejection
from ihd.core.units import Fuel
from ihd.han.payload import PayloadError, exact, when

COMMANDS = ("top-up", "emergency-credit", "enable-supply", "confirm-message", "payment-mode")

# Each payload here has met its schema (native_schema.accept) before it is read; null stands for
# absent wherever the schema allows it.


def _pence(data: dict[str, Any], key: str) -> Decimal | None:
    value = data.get(key)
    return exact(value) if value is not None else None


def _time(data: dict[str, Any], key: str) -> datetime | None:
    return when(data, key) if data.get(key) is not None else None


def _state(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        ec = data.get("emergency_credit")
        emergency = None if ec is None else EmergencyCredit(exact(ec["limit_p"]), exact(ec["remaining_p"]),
                                                            ec["in_use"], ec["available"])
        debts = tuple(Debt(exact(item["remaining_p"]), _pence(item, "per_day_p"), _pence(item, "percent_of_top_up"))
                      for item in data.get("debts", ()))
        return PrepaymentState(fuel, PaymentMode(data["mode"]), when(data, "ts"), exact(data["credit_p"]), emergency,
                               debts, _pence(data, "low_credit_p"), Supply(data.get("supply", Supply.ON.value)),
                               _time(data, "friendly_credit_until"))

    return parse


def _top_ups(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        records = (TopUpRecord(when(item, "ts"), exact(item["amount_p"]), item.get("code_ending", ""))
                   for item in data["top_ups"])
        return TopUpLog(fuel, tuple(sorted(records, key=lambda r: r.at, reverse=True)))

    return parse


def _each(items: list[dict[str, Any]], read: Callable[[dict[str, Any]], Any]) -> tuple[list[Any], list[Rejection]]:
    """Each item read on its own: one that cannot be is left out (and said why), the rest kept.
    The rejections' source is filled in with the topic by the dialect."""
    found, refused = [], []
    for item in items:
        try:
            found.append(read(item))
        except PayloadError as error:
            refused.append(Rejection("", f"one item of the list was left out: {error}"))
    return found, refused


def _whole_or_refused(reading: Reading, found: list[Any], refused: list[Rejection]) -> Parsed:
    """The list with the items that could be read; none at all of several: what is shown stays."""
    if refused and not found:
        return Parsed((), tuple(refused))
    return Parsed((reading,), tuple(refused))


def _messages(data: dict[str, Any]) -> Parsed:
    found, refused = _each(data["messages"], _message)
    return _whole_or_refused(Messages(tuple(sorted(found, key=lambda m: m.at, reverse=True))), found, refused)


def _message(item: dict[str, Any]) -> SupplierMessage:
    return SupplierMessage(str(item["id"]), when(item, "ts"), plain(item["text"]),
                           Importance(item.get("importance", Importance.MEDIUM.value)),
                           item.get("confirm", False), item.get("confirmed", False))


def _proposals(data: dict[str, Any]) -> Parsed:
    found, refused = _each(data["proposals"], _proposal)
    return _whole_or_refused(Proposals(tuple(found)), found, refused)


def _proposal(item: dict[str, Any]) -> ModeProposal:
    """A meter's own ids (messages, proposals) may be numbers; kept as text."""
    return ModeProposal(str(item["id"]), Fuel(item["fuel"]), PaymentMode(item["mode"]), when(item, "ts"),
                        plain(item.get("detail", "")))


def _response(command: str) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        return CommandResponse(data["id"], command, Result(data["result"]), _time(data, "ts"),
                               _pence(data, "amount_p"), _pence(data, "credit_p"), plain(data.get("detail", "")))

    return parse


PARSERS: dict[str, Callable[[dict[str, Any]], Reading | Parsed]] = {
    "electricity/prepayment": _state(Fuel.ELECTRICITY),
    "gas/prepayment": _state(Fuel.GAS),
    "electricity/top-ups": _top_ups(Fuel.ELECTRICITY),
    "gas/top-ups": _top_ups(Fuel.GAS),
    "messages": _messages,
    "proposals": _proposals,
    **{f"response/{name}": _response(name) for name in COMMANDS},
}


def command(name: str, request_id: str, at: datetime, **fields: object) -> tuple[str, bytes]:
    """A command for the bridge: (topic relative to the prefix, payload)."""
    if name not in COMMANDS:
        raise ValueError(f"unknown command {name!r}")
    body = {"id": request_id, "ts": at.strftime("%Y-%m-%dT%H:%M:%SZ"), **fields}
    return f"command/{name}", json.dumps(body, separators=(",", ":")).encode()
