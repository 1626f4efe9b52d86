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
from ihd.han.payload import PayloadError, boolean, instant, number, obj, text

MAX_PENCE = Decimal(10_000_000)  # £100,000: beyond any meter's credit or debt
MAX_ITEMS = 50
COMMANDS = ("top-up", "emergency-credit", "enable-supply", "confirm-message", "payment-mode")


def _pence(data: dict[str, Any], key: str, *, signed: bool = False) -> Decimal:
    value = number(data, key)
    low = -MAX_PENCE if signed else Decimal(0)
    if not low <= value <= MAX_PENCE:
        raise PayloadError(f"'{key}' is outside {low} to {MAX_PENCE} pence")
    return value


def _choice(data: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = text(data, key, max_len=40)
    if value not in allowed:
        raise PayloadError(f"'{key}' must be one of {', '.join(allowed)}")
    return value


def _items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    raw = data.get(key)
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw) or len(raw) > MAX_ITEMS:
        raise PayloadError(f"'{key}' must be a list of at most {MAX_ITEMS} objects")
    return raw


def _optional(data: dict[str, Any], key: str, read: Callable[[dict[str, Any], str], Any]) -> Any:
    return read(data, key) if data.get(key) is not None else None


def _state(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        emergency = None
        if data.get("emergency_credit") is not None:
            ec = obj(data, "emergency_credit")
            emergency = EmergencyCredit(_pence(ec, "limit_p"), _pence(ec, "remaining_p"),
                                        boolean(ec, "in_use"), boolean(ec, "available"))
        debts = []
        for item in _items(data, "debts") if "debts" in data else []:
            per_day = _optional(item, "per_day_p", _pence)
            percent = _optional(item, "percent_of_top_up", number)
            if percent is not None and not 0 <= percent <= 100:
                raise PayloadError("'percent_of_top_up' is outside 0 to 100")
            debts.append(Debt(_pence(item, "remaining_p"), per_day, percent))
        return PrepaymentState(
            fuel,
            PaymentMode(_choice(data, "mode", tuple(PaymentMode))),
            instant(data, "ts"),
            _pence(data, "credit_p", signed=True),
            emergency,
            tuple(debts),
            _optional(data, "low_credit_p", _pence),
            Supply(_choice(data, "supply", tuple(Supply))) if "supply" in data else Supply.ON,
            _optional(data, "friendly_credit_until", instant),
        )

    return parse


def _top_ups(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        records = []
        for item in _items(data, "top_ups"):
            ending = text(item, "code_ending", max_len=4) if "code_ending" in item else ""
            if ending and not (ending.isascii() and ending.isdigit()):
                raise PayloadError("'code_ending' must be up to four digits")
            records.append(TopUpRecord(instant(item, "ts"), _pence(item, "amount_p"), ending))
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
    found, refused = _each(_items(data, "messages"), _message)
    return _whole_or_refused(Messages(tuple(sorted(found, key=lambda m: m.at, reverse=True))), found, refused)


def _message(item: dict[str, Any]) -> SupplierMessage:
    importance = _choice(item, "importance", tuple(Importance)) if "importance" in item else "medium"
    return SupplierMessage(
        _id(item, "id"), instant(item, "ts"), plain(text(item, "text", max_len=500)), Importance(importance),
        boolean(item, "confirm") if "confirm" in item else False,
        boolean(item, "confirmed") if "confirmed" in item else False)


def _proposals(data: dict[str, Any]) -> Parsed:
    found, refused = _each(_items(data, "proposals"), _proposal)
    return _whole_or_refused(Proposals(tuple(found)), found, refused)


def _proposal(item: dict[str, Any]) -> ModeProposal:
    return ModeProposal(
        _id(item, "id"), Fuel(_choice(item, "fuel", tuple(Fuel))),
        PaymentMode(_choice(item, "mode", tuple(PaymentMode))), instant(item, "ts"),
        plain(text(item, "detail", max_len=500)) if "detail" in item else "")


def _id(data: dict[str, Any], key: str, *, numbers: bool = True) -> str:
    """A meter's own ids (messages, proposals) may be numbers; the id of a command is the
    display's, a string, and its answer carries it as sent."""
    value = data.get(key)
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not 0 < len(value) <= 64 or not value.isprintable():
        raise PayloadError(f"'{key}' must be a short id")
    return value


def _response(command: str) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        return CommandResponse(
            _id(data, "id", numbers=False), command, Result(_choice(data, "result", tuple(Result))),
            _optional(data, "ts", instant), _optional(data, "amount_p", _pence),
            _optional(data, "credit_p", lambda d, k: _pence(d, k, signed=True)),
            plain(text(data, "detail", max_len=200)) if "detail" in data else "")

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
