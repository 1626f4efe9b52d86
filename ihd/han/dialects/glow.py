"""Hildebrand Glow local MQTT: `glow/<device>/STATE` and `glow/<device>/SENSOR/<meter>`.

The quirks real users hit, each handled here:
- power -8388.608 is the device saying "the meter gave no value", not a reading;
- a zero cumulative register or a zero unit rate means the device has dropped off the HAN,
  not that the meter was reset or the tariff became free; a zero standing charge means the
  supplier has not set it yet;
- gas `cumulativevol` is m3 (the volume is kept as the truth), while `dayvol` and friends are kWh;
- the device's day counter resets at UTC midnight, so it is only offered to the core as the
  register at the *start of the UTC day*; the core uses it only when that is also local midnight;
- prices are pounds, the current rate only.

With more than one device id on the broker (a second device, a stale retained message, a forgery),
the display follows the configured one, else the first that sent a valid message; it moves to
another only once that one has sent `SWITCH_AFTER` valid messages with none from the followed
device between, so a retained phantom cannot lock out the device that is really there.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any

from ihd.core.limits import demand_problem, register_problem, standing_charge_problem, unit_rate_problem
from ihd.core.readings import (
    BridgeStatus,
    DayStart,
    Demand,
    Parsed,
    Reading,
    RegisterReading,
    Rejection,
    TariffReading,
)
from ihd.core.units import Direction, Fuel, RegisterUnit
from ihd.han.payload import UNFORESEEN, UNREADABLE, PayloadError, load_object, number, obj, text, timestamp

NO_VALUE_SENTINEL = Decimal("-8388.608")
_VOLUME_UNITS = {"m3": RegisterUnit.M3, "ft3": RegisterUnit.FT3, "kWh": RegisterUnit.KWH}
_METERS = {"electricitymeter": Fuel.ELECTRICITY, "gasmeter": Fuel.GAS}
DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a Glow's is twelve hex digits
SWITCH_AFTER = 6
NOT_FOLLOWED = "from a second Glow device, not the one followed"
MAX_CANDIDATES = 8


class GlowDialect:
    name = "glow"

    def __init__(self, prefix: str = "glow", device: str | None = None) -> None:
        self._prefix = prefix.strip("/")
        self._configured = device is not None
        self._device = device  # else the first to send a valid message
        self._others: dict[str, int] = {}  # valid messages from other devices since the followed one's last

    def subscriptions(self) -> list[str]:
        return [f"{self._prefix}/+/STATE", f"{self._prefix}/+/SENSOR/+"]

    def claims(self, topic: str) -> bool:
        return topic.startswith(self._prefix + "/")

    def parse(self, topic: str, payload: bytes) -> Parsed:
        parts = topic[len(self._prefix) + 1 :].split("/")
        if not self.claims(topic) or parts[1:] not in (["STATE"], ["SENSOR", "electricitymeter"],
                                                        ["SENSOR", "gasmeter"]):
            return Parsed.reject(topic, "not a Glow STATE or meter topic")
        device = parts[0]
        if not DEVICE_ID.fullmatch(device):
            return Parsed.reject(topic[:200], "Glow device id is not a short name")
        parsed = self._parse(topic, parts, payload)
        if device == self._device:
            if parsed.readings:
                self._others.clear()
            return parsed
        if parsed.readings and not self._followed(device):
            return Parsed(rejections=(*parsed.rejections, Rejection(topic, NOT_FOLLOWED)))
        return parsed  # followed now, or refused already for what it holds

    def _followed(self, device: str) -> bool:
        """A valid message from `device`, not the one followed: whether to follow it from now on."""
        if self._configured:
            return False
        if self._device is not None:
            if device not in self._others and len(self._others) >= MAX_CANDIDATES:
                return False
            self._others[device] = self._others.get(device, 0) + 1
            if self._others[device] < SWITCH_AFTER:
                return False
        self._device = device
        self._others.clear()
        return True

    def _parse(self, topic: str, parts: list[str], payload: bytes) -> Parsed:
        try:
            data = load_object(payload)
            if parts[1] == "STATE":
                return Parsed((_state(data),))
            return _meter(topic, _METERS[parts[2]], obj(data, parts[2]))
        except PayloadError as error:
            return Parsed.reject(topic, str(error))
        except UNFORESEEN:
            return Parsed.reject(topic, UNREADABLE)

    def command(self, name: str, request_id: str, at: datetime, **fields: object) -> None:
        return None  # a Glow device is a consumer access device: it reads the meter, never commands it


def _state(data: dict[str, Any]) -> BridgeStatus:
    han = data.get("han")
    status = han.get("status") if isinstance(han, dict) else None
    when = timestamp(data, "timestamp") if "timestamp" in data else None
    joined = status == "joined"
    return BridgeStatus(True, when, "joined to the meter" if joined else "not joined to the meter", joined)


def _meter(topic: str, fuel: Fuel, meter: dict[str, Any]) -> Parsed:
    at = timestamp(meter, "timestamp")
    readings: list[Reading] = []
    rejections: list[Rejection] = []
    energy = meter.get("energy")
    parts = [
        ("power", lambda: _demand(fuel, meter, at)),
        ("import", lambda: _import_register(fuel, obj(energy, "import"), at)),
        ("export", lambda: _export_register(obj(energy, "export"), at)),
        ("price", lambda: _tariff(fuel, obj(obj(energy, "import"), "price"), at)),
    ]
    for name, part in parts:
        if name == "power" and "power" not in meter:
            continue
        if name != "power" and not (isinstance(energy, dict) and _has(energy, name)):
            continue
        try:
            reading = part()
        except PayloadError as error:
            rejections.append(Rejection(topic, f"{name}: {error}"))
            continue
        except UNFORESEEN:  # the rest of the message is still read
            rejections.append(Rejection(topic, f"{name}: {UNREADABLE}"))
            continue
        if reading is not None:
            readings.append(reading)
    if not readings and not rejections:
        rejections.append(Rejection(topic, "meter message holds no readings"))
    return Parsed(tuple(readings), tuple(rejections))


def _has(energy: dict[str, Any], name: str) -> bool:
    if name == "price":
        imp = energy.get("import")
        return isinstance(imp, dict) and "price" in imp
    return name in energy


def _demand(fuel: Fuel, meter: dict[str, Any], at: datetime) -> Demand:
    power = obj(meter, "power")
    value = number(power, "value")
    if value == NO_VALUE_SENTINEL:
        raise PayloadError("the meter returned no demand value (-8388.608)")
    units = power.get("units", "kW")
    if units not in ("kW", "W"):
        raise PayloadError("demand unit is not kW or W")
    watts = float(value * 1000) if units == "kW" else float(value)
    if (problem := demand_problem(watts)) is not None:
        raise PayloadError(problem)
    return Demand(fuel, watts, at)


def _checked_register(value: Decimal) -> Decimal:
    if value == 0:
        raise PayloadError("register reads zero: the device has lost the meter, not a reset")
    if (problem := register_problem(value)) is not None:
        raise PayloadError(problem)
    return value


def _utc_day_start(at: datetime) -> datetime:
    return datetime.combine(at.astimezone(UTC).date(), time(0), tzinfo=UTC)


def _import_register(fuel: Fuel, imp: dict[str, Any], at: datetime) -> RegisterReading:
    day_kwh = _hint(imp, "day")
    if fuel is Fuel.GAS and isinstance(imp.get("cumulativevol"), int | Decimal) and imp["cumulativevol"]:
        unit_name = text(imp, "cumulativevolunits", max_len=10) if "cumulativevolunits" in imp else "m3"
        unit = _VOLUME_UNITS.get(unit_name)
        if unit is None:
            raise PayloadError("gas volume unit is not m3, ft3 or kWh")
        volume = _checked_register(number(imp, "cumulativevol"))
        # The device's day figure is kWh; scale it to volume by the device's own conversion.
        kwh = _hint(imp, "cumulative") or Decimal(0)
        day = day_kwh * volume / kwh if day_kwh is not None and kwh > 0 else None
        return RegisterReading(fuel, Direction.IMPORT, volume, unit, at, _day_start(volume, day, at))
    kwh = _checked_register(number(imp, "cumulative"))
    return RegisterReading(fuel, Direction.IMPORT, kwh, RegisterUnit.KWH, at, _day_start(kwh, day_kwh, at))


def _hint(data: dict[str, Any], key: str) -> Decimal | None:
    """A figure used only to place the register (the day counter): one that is unusable is left out."""
    try:
        return number(data, key)
    except PayloadError:
        return None


def _day_start(register: Decimal, day: Decimal | None, at: datetime) -> DayStart | None:
    if day is None or day < 0 or day > register:
        return None
    return DayStart(_utc_day_start(at), register - day)


def _export_register(exp: dict[str, Any], at: datetime) -> RegisterReading | None:
    value = number(exp, "cumulative")
    if value == 0:
        return None  # most homes export nothing; the device then sends 0
    if (problem := register_problem(value)) is not None:
        raise PayloadError(problem)
    return RegisterReading(Fuel.ELECTRICITY, Direction.EXPORT, value, RegisterUnit.KWH, at)


def _tariff(fuel: Fuel, price: dict[str, Any], at: datetime) -> TariffReading:
    rate_p = number(price, "unitrate") * 100
    if rate_p == 0:
        raise PayloadError("unit rate reads zero: the device has no price, the tariff is not free")
    if (problem := unit_rate_problem(rate_p)) is not None:
        raise PayloadError(problem)
    standing_p: Decimal | None = number(price, "standingcharge") * 100 if "standingcharge" in price else None
    if standing_p == 0:
        standing_p = None  # not set by the supplier yet
    if standing_p is not None and (problem := standing_charge_problem(standing_p)) is not None:
        raise PayloadError(problem)
    # GB meters hold prices with VAT, as they are what a prepayment meter charges. The price is
    # the one in force when the device stamped the message: a message replayed later says
    # nothing about today's price.
    return TariffReading(fuel, rate_p, standing_p, True, at)
