"""The native bridge contract `ihd/v1`, documented in docs/contract.md with a JSON Schema per
payload. Topics are relative to a prefix (default `ihd/v1`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from ihd.core.bands import Band
from ihd.core.limits import demand_problem, register_problem, standing_charge_problem, unit_rate_problem
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
from ihd.han.payload import (
    INSTANT,
    INSTANT_TO_THE_MINUTE,
    UNFORESEEN,
    UNREADABLE,
    PayloadError,
    boolean,
    instant,
    load_object,
    number,
    obj,
    text,
    whole,
)

# Topics this display hears but does not read: its own commands coming back (it subscribes to
# the whole prefix), those a later version of the contract uses, and ihd-feeds' account of its
# sources (read with native_feeds.read_status). Passed over quietly.
RESERVED = ("command/", "consent", "share/", "display/")

_UNITS = {unit.value: unit for unit in RegisterUnit}


def _fail(reason: str | None) -> None:
    if reason is not None:
        raise PayloadError(reason)


def _status(data: dict[str, Any]) -> Reading:
    state = text(data, "state", max_len=20)
    if state not in ("online", "offline"):
        raise PayloadError("'state' must be 'online' or 'offline'")
    when = instant(data, "ts") if "ts" in data else None
    detail = plain(text(data, "detail")) if "detail" in data else ""
    return BridgeStatus(state == "online", when, detail)


def _capabilities(data: dict[str, Any]) -> Reading:
    contract = text(data, "contract", max_len=40)
    if contract != CONTRACT:
        raise PayloadError(f"'contract' is not {CONTRACT}")
    fuels = _names(data, "fuels")
    unknown = fuels - {f.value for f in Fuel}
    if unknown:
        raise PayloadError("'fuels' names a fuel not known")
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
        return Demand(fuel, watts, instant(data, "ts"))

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
            day_start = DayStart(instant(start, "ts"), start_value)
        return RegisterReading(fuel, direction, value, unit, instant(data, "ts"), day_start)

    return parse


def _tariff(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        rate = number(data, "unit_rate_p_per_kwh")
        _fail(unit_rate_problem(rate))
        standing = number(data, "standing_charge_p_per_day")
        _fail(standing_charge_problem(standing))
        applies_from = instant(data, "from") if "from" in data else None
        export = number(data, "export_rate_p_per_kwh") if "export_rate_p_per_kwh" in data else None
        if export is not None:
            _fail(unit_rate_problem(export))
        gmt = boolean(data, "bands_in_gmt") if "bands_in_gmt" in data else False
        return TariffReading(fuel, rate, standing, boolean(data, "vat_included"), applies_from,
                             _bands(data.get("bands", [])), gmt, export)

    return parse


def _bands(raw: Any) -> tuple[Band, ...]:
    if not isinstance(raw, list) or len(raw) > 48:
        raise PayloadError("'bands' must be a list of at most 48 bands")
    bands = []
    for item in raw:
        if not isinstance(item, dict):
            raise PayloadError("each band must be an object")
        try:
            start, end = (time.fromisoformat(text(item, k, max_len=8)) for k in ("start", "end"))
        except ValueError:
            raise PayloadError("band 'start' and 'end' must be HH:MM") from None
        if start.minute % 30 or end.minute % 30 or start.second or end.second:
            raise PayloadError("bands start and end on the hour or half hour")
        rate = number(item, "rate_p_per_kwh")
        _fail(unit_rate_problem(rate))
        bands.append(Band(start, end, rate, text(item, "name", max_len=40) if "name" in item else ""))
    return tuple(bands)


MAX_RECORDS = 2000


def _records(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    raw = data.get(key)
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise PayloadError(f"'{key}' must be a list of objects")
    if len(raw) > MAX_RECORDS:
        raise PayloadError(f"'{key}' holds more than {MAX_RECORDS} records; send them in parts")
    return raw


def _half_hour(item: dict[str, Any], key: str, form: str = INSTANT) -> datetime:
    when = instant(item, key, form)
    if when != slot_start(when):
        raise PayloadError(f"'{key}' must be the start of a half-hour")
    return when


def _prices(direction: Direction) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        prices = []
        for item in _records(data, "prices"):
            rate = number(item, "rate_p_per_kwh")
            _fail(unit_rate_problem(rate))
            prices.append((_half_hour(item, "from"), rate))
        return PriceReading(Fuel.ELECTRICITY, direction, tuple(prices), boolean(data, "vat_included"))

    return parse


INTENSITY_BANDS = ("very low", "low", "moderate", "high", "very high")


def _intensity(data: dict[str, Any]) -> Reading:
    """The national Carbon Intensity API's shape: actual where known, else the forecast."""
    records = []
    for item in _records(data, "data"):
        figures = obj(item, "intensity")
        forecast = _grams(figures, "forecast")  # always sent, even where the actual is known
        grams = _grams(figures, "actual") if figures.get("actual") is not None else forecast
        band = text(figures, "index", max_len=20) if "index" in figures else ""
        if "index" in figures and band not in INTENSITY_BANDS:
            raise PayloadError(f"intensity 'index' must be one of {', '.join(INTENSITY_BANDS)}")
        if "to" in item:
            instant(item, "to", INSTANT_TO_THE_MINUTE)
        records.append((_half_hour(item, "from", INSTANT_TO_THE_MINUTE), grams, band))
    return IntensityReading(tuple(records))


def _grams(figures: dict[str, Any], key: str) -> int:
    grams = whole(figures, key)
    if not 0 <= grams <= 2000:
        raise PayloadError("carbon intensity is outside 0 to 2000 gCO2/kWh")
    return grams


def _backfill(fuel: Fuel) -> Callable[[dict[str, Any]], Reading]:
    def parse(data: dict[str, Any]) -> Reading:
        direction = text(data, "direction", max_len=10) if "direction" in data else "import"
        if direction not in ("import", "export") or (fuel is Fuel.GAS and direction == "export"):
            raise PayloadError("'direction' must be 'import' (or 'export' for electricity)")
        resolution = text(data, "resolution", max_len=12)
        if resolution not in ("half-hour", "day"):
            raise PayloadError("'resolution' must be 'half-hour' or 'day'")
        unit = _UNITS.get(text(data, "unit", max_len=10))
        if unit is None or (fuel is Fuel.ELECTRICITY and unit is not RegisterUnit.KWH):
            raise PayloadError("'unit' must be kWh (or m3, ft3, hcf for gas)")
        records = []
        for item in _records(data, "records"):
            value = number(item, "value")
            if not 0 <= value <= 10_000:
                raise PayloadError("a backfilled 'value' is outside 0 to 10000")
            start = _half_hour(item, "start") if resolution == "half-hour" else instant(item, "start")
            records.append((start, value))
        return BackfillReading(fuel, Direction(direction), resolution == "half-hour", unit, tuple(records))

    return parse


def _ambient(data: dict[str, Any]) -> Reading:
    level = text(data, "level", max_len=10)
    if level not in ("low", "medium", "high"):
        raise PayloadError("'level' must be 'low', 'medium' or 'high'")
    return AmbientIndicator(level, instant(data, "ts"))


def _outdoor(data: dict[str, Any]) -> Reading:
    celsius = number(data, "celsius")
    if not -60 <= celsius <= 60:
        raise PayloadError("'celsius' is outside -60 to 60")
    return OutdoorTemperature(float(celsius), instant(data, "ts"))


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
            result = parser(load_object(payload))
        except PayloadError as error:
            return Parsed.reject(topic, str(error))
        except UNFORESEEN:
            return Parsed.reject(topic, UNREADABLE)
        if isinstance(result, Parsed):  # a list read item by item: the refused ones named by topic
            return Parsed(result.readings, tuple(Rejection(topic, r.reason) for r in result.rejections))
        return Parsed((result,))
