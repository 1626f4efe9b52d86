"""The native bridge contract `ihd/v1`, documented in docs/contract.md with a JSON Schema per
payload: what is accepted is what the schema accepts (native_schema); read here into readings.
Topics are relative to a prefix (default `ihd/v1`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from ihd.core.bands import Band
from ihd.core.periods import slot_start
from ihd.core.plain import plain
from ihd.core.readings import (
    AmbientIndicator,
    BackfillReading,
    BridgeStatus,
    Capabilities,
    DayStart,
    Demand,
    IntensityReading,
    OutdoorTemperature,
    Parsed,
    PriceReading,
    Reading,
    RegisterReading,
    Rejection,
    TariffReading,
)
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.han.dialects import native_feeds, native_prepayment
from ihd.han.dialects.contract import CONTRACT
from ihd.han.dialects.native_schema import ITEMWISE, accept
from ihd.han.payload import UNFORESEEN, UNREADABLE, PayloadError, exact, load_object, when

# Topics this display hears but does not read: its own commands coming back (it subscribes to
# the whole prefix), those a later version of the contract uses, and ihd-feeds' account of its
# sources (read with native_feeds.read_status). Passed over quietly.
RESERVED = ("command/", "consent", "share/", "display/")
INTENSITY_BANDS = ("very low", "low", "moderate", "high", "very high")

# What follows maps payloads their schema has accepted (native_schema.accept) to readings. The
# few checks left are those a schema cannot make: one schema serves both fuels' topics, so what
# only gas may send is checked by topic here; and whether a time starts a half-hour depends on its
# zone offset, which a pattern cannot weigh.


def _electricity_in_kwh(fuel: Fuel, unit: str) -> RegisterUnit:
    if fuel is Fuel.ELECTRICITY and unit != RegisterUnit.KWH.value:
        raise PayloadError("'unit' must be kWh for electricity")
    return RegisterUnit(unit)


def _status(data: dict[str, Any]) -> Reading:
    at = when(data, "ts") if "ts" in data else None
    return BridgeStatus(data["state"] == "online", at, plain(data.get("detail", "")))


def _capabilities(data: dict[str, Any]) -> Reading:
    return Capabilities(data["contract"], frozenset(Fuel(f) for f in data.get("fuels", ())),
                        frozenset(data.get("commands", ())), frozenset(data.get("features", ())))


def _demand(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        return Demand(fuel, float(data["watts"]), when(data, "ts"))

    return parse


def _register(fuel: Fuel, direction: Direction) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        unit = _electricity_in_kwh(fuel, data["unit"])
        start = data.get("day_start")
        day_start = DayStart(when(start, "ts"), exact(start["value"])) if start is not None else None
        return RegisterReading(fuel, direction, exact(data["value"]), unit, when(data, "ts"), day_start)

    return parse


def _tariff(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        export = data.get("export_rate_p_per_kwh")
        return TariffReading(fuel, exact(data["unit_rate_p_per_kwh"]), exact(data["standing_charge_p_per_day"]),
                             data["vat_included"], when(data, "from") if "from" in data else None,
                             tuple(_band(b) for b in data.get("bands", ())), data.get("bands_in_gmt", False),
                             exact(export) if export is not None else None)

    return parse


def _band(item: dict[str, Any]) -> Band:
    return Band(time.fromisoformat(item["start"]), time.fromisoformat(item["end"]), exact(item["rate_p_per_kwh"]),
                item.get("name", ""))


def _half_hour(item: dict[str, Any], key: str) -> datetime:
    at = when(item, key)
    if at != slot_start(at):
        raise PayloadError(f"'{key}' must be the start of a half-hour")
    return at


def _prices(direction: Direction) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        prices = tuple((_half_hour(item, "from"), exact(item["rate_p_per_kwh"])) for item in data["prices"])
        return PriceReading(Fuel.ELECTRICITY, direction, prices, data["vat_included"])

    return parse


def _intensity(data: dict[str, Any]) -> Reading:
    """The national Carbon Intensity API's shape: actual where known, else the forecast."""
    records = []
    for item in data["data"]:
        figures = item["intensity"]
        grams = figures.get("actual")
        grams = figures["forecast"] if grams is None else grams
        records.append((_half_hour(item, "from"), int(grams), figures.get("index", "")))
    return IntensityReading(tuple(records))


def _backfill(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        direction = Direction(data.get("direction", "import"))
        if fuel is Fuel.GAS and direction is Direction.EXPORT:
            raise PayloadError("'direction' must be 'import' for gas")
        unit = _electricity_in_kwh(fuel, data["unit"])
        half_hours = data["resolution"] == "half-hour"
        records = tuple((_half_hour(item, "start") if half_hours else when(item, "start"), exact(item["value"]))
                        for item in data["records"])
        return BackfillReading(fuel, direction, half_hours, unit, records)

    return parse


def _ambient(data: dict[str, Any]) -> Reading:
    return AmbientIndicator(data["level"], when(data, "ts"))


def _outdoor(data: dict[str, Any]) -> Reading:
    return OutdoorTemperature(float(data["celsius"]), when(data, "ts"))


_PARSERS: dict[str, Callable[[dict[str, Any]], Reading | Parsed]] = {
    "status": _status,
    "capabilities": _capabilities,
    "electricity/demand": _demand(Fuel.ELECTRICITY),
    "electricity/import": _register(Fuel.ELECTRICITY, Direction.IMPORT),
    "electricity/export": _register(Fuel.ELECTRICITY, Direction.EXPORT),
    "gas/import": _register(Fuel.GAS, Direction.IMPORT),
    "electricity/tariff": _tariff(Fuel.ELECTRICITY),
    "gas/tariff": _tariff(Fuel.GAS),
    "electricity/prices": _prices(Direction.IMPORT),
    "electricity/export-prices": _prices(Direction.EXPORT),
    "grid/carbon-intensity": _intensity,
    "electricity/history": _backfill(Fuel.ELECTRICITY),
    "gas/history": _backfill(Fuel.GAS),
    "electricity/ambient": _ambient,
    "weather/outdoor": _outdoor,
    native_feeds.STATUS: native_feeds.status_from,
    **native_prepayment.PARSERS,
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

    def command(self, name: str, request_id: str, at: datetime, **fields: object) -> tuple[str, bytes]:
        """A command to the bridge: (full topic, payload)."""
        topic, payload = native_prepayment.command(name, request_id, at, **fields)
        return self.topic(topic), payload

    def parse(self, topic: str, payload: bytes) -> Parsed:
        name = topic[len(self._prefix) + 1 :] if self.claims(topic) else ""
        parser = _PARSERS.get(name)
        if parser is None:
            if name.startswith(RESERVED):
                return Parsed()
            return Parsed.reject(topic, "not a topic of the ihd/v1 contract")
        try:
            data = load_object(payload, floats=True)
            refused = accept(name, data)
            left_out = tuple(Rejection(topic, reason) for reason in refused) if refused else ()
            if left_out and not data[ITEMWISE[name]]:  # none of several: what is shown stays
                return Parsed((), left_out)
            result = parser(data)
        except PayloadError as error:
            return Parsed.reject(topic, str(error))
        except UNFORESEEN:
            return Parsed.reject(topic, UNREADABLE)
        if isinstance(result, Parsed):  # a list read item by item: the refused ones named by topic
            return Parsed(result.readings, left_out + tuple(Rejection(topic, r.reason) for r in result.rejections))
        return Parsed((result,), left_out)
