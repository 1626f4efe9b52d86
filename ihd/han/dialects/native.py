"""The native bridge contract `ihd/v1`, documented in docs/contract.md with a JSON Schema per
payload. Topics are relative to a prefix (default `ihd/v1`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ihd.core.limits import demand_problem, register_problem, standing_charge_problem, unit_rate_problem
from ihd.core.readings import (
    BridgeStatus,
    Capabilities,
    DayStart,
    Demand,
    Parsed,
    Reading,
    RegisterReading,
    TariffReading,
)
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.han.payload import PayloadError, boolean, load_object, number, obj, text, timestamp

CONTRACT = "ihd/v1"

# Topics a later version of the contract uses; this display does not act on them yet, so they
# are passed over quietly rather than counted as errors.
RESERVED = ("electricity/prepayment", "gas/prepayment", "messages", "command", "response", "consent")

_UNITS = {unit.value: unit for unit in RegisterUnit}


def _fail(reason: str | None) -> None:
    if reason is not None:
        raise PayloadError(reason)


def _status(data: dict[str, Any]) -> Reading:
    state = text(data, "state", max_len=20)
    if state not in ("online", "offline"):
        raise PayloadError("'state' must be 'online' or 'offline'")
    when = timestamp(data, "ts") if "ts" in data else None
    detail = text(data, "detail") if "detail" in data else ""
    return BridgeStatus(state == "online", when, detail)


def _capabilities(data: dict[str, Any]) -> Reading:
    contract = text(data, "contract", max_len=40)
    if contract != CONTRACT:
        raise PayloadError(f"contract {contract!r} is not {CONTRACT}")
    fuels = _names(data, "fuels")
    unknown = fuels - {f.value for f in Fuel}
    if unknown:
        raise PayloadError(f"unknown fuels {sorted(unknown)}")
    return Capabilities(
        contract,
        frozenset(Fuel(f) for f in fuels),
        frozenset(_names(data, "commands")),
        frozenset(_names(data, "features")),
    )


def _names(data: dict[str, Any], key: str) -> set[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) <= 40 for v in value):
        raise PayloadError(f"'{key}' must be a list of names")
    return set(value)


def _demand(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        watts = float(number(data, "watts"))
        _fail(demand_problem(watts))
        return Demand(fuel, watts, timestamp(data, "ts"))

    return parse


def _register(fuel: Fuel, direction: Direction) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        value = number(data, "value")
        _fail(register_problem(value))
        unit = _UNITS.get(text(data, "unit", max_len=10))
        if unit is None or (fuel is Fuel.ELECTRICITY and unit is not RegisterUnit.KWH):
            allowed = "kWh" if fuel is Fuel.ELECTRICITY else "kWh, m3, ft3 or hcf"
            raise PayloadError(f"'unit' must be {allowed}")
        day_start = None
        if "day_start" in data:
            start = obj(data, "day_start")
            start_value = number(start, "value")
            _fail(register_problem(start_value))
            day_start = DayStart(timestamp(start, "ts"), start_value)
        return RegisterReading(fuel, direction, value, unit, timestamp(data, "ts"), day_start)

    return parse


def _tariff(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        rate = number(data, "unit_rate_p_per_kwh")
        _fail(unit_rate_problem(rate))
        standing = number(data, "standing_charge_p_per_day")
        _fail(standing_charge_problem(standing))
        applies_from = timestamp(data, "from") if "from" in data else None
        return TariffReading(fuel, rate, standing, boolean(data, "vat_included"), applies_from)

    return parse


_PARSERS: dict[str, Callable[[dict[str, Any]], Reading]] = {
    "status": _status,
    "capabilities": _capabilities,
    "electricity/demand": _demand(Fuel.ELECTRICITY),
    "electricity/import": _register(Fuel.ELECTRICITY, Direction.IMPORT),
    "electricity/export": _register(Fuel.ELECTRICITY, Direction.EXPORT),
    "gas/import": _register(Fuel.GAS, Direction.IMPORT),
    "electricity/tariff": _tariff(Fuel.ELECTRICITY),
    "gas/tariff": _tariff(Fuel.GAS),
}


class NativeDialect:
    name = "native"

    def __init__(self, prefix: str = CONTRACT) -> None:
        self._prefix = prefix.strip("/")

    def subscriptions(self) -> list[str]:
        return [f"{self._prefix}/#"]

    def claims(self, topic: str) -> bool:
        return topic.startswith(self._prefix + "/")

    def topic(self, name: str) -> str:
        return f"{self._prefix}/{name}"

    def parse(self, topic: str, payload: bytes) -> Parsed:
        name = topic[len(self._prefix) + 1 :] if self.claims(topic) else ""
        parser = _PARSERS.get(name)
        if parser is None:
            if name.startswith(RESERVED):
                return Parsed()
            return Parsed.reject(topic, "not a topic of the ihd/v1 contract")
        try:
            return Parsed((parser(load_object(payload)),))
        except PayloadError as error:
            return Parsed.reject(topic, str(error))
