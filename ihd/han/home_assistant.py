"""The display's own figures for other devices in the home, with Home Assistant MQTT discovery.

Sent only while the household allows it ("home-devices"): a retained discovery config per sensor
under `homeassistant/sensor/ihd/<node>_<key>/config`, the figures as one JSON object on
`<prefix>/display/state` (retained, so a device that starts later has them), and `online` or
`offline` on `<prefix>/display/availability`. Withdrawn: empty retained messages take all of it off
the broker, so Home Assistant removes the sensors (docs/contract.md).

The display's connection always carries a last will of `offline` (retained) on the availability
topic, whatever the household chose: a will cannot be changed without reconnecting, and `offline`
says only that a display stopped. While sharing is off the display clears that topic on every
connection, so a will left by a power cut does not stay on the broker.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from ihd.han.dialects.contract import CONTRACT  # named in the state, as in all the display's JSON

DISCOVERY_PREFIX = "homeassistant"
STATE = "display/state"
AVAILABILITY = "display/availability"
ONLINE, OFFLINE = b"online", b"offline"
STATE_EVERY_S = 10.0  # the figures are sent this often while shared, changed or not
EXPIRE_AFTER_S = 60  # Home Assistant marks a figure unavailable if none came for this long


@dataclass(frozen=True, slots=True)
class Sensor:
    """One figure offered to Home Assistant, as its discovery config describes it."""

    key: str
    name: str
    unit: str | None
    device_class: str | None
    state_class: str | None
    icon: str | None = None
    last_reset_key: str | None = None  # the state field that says when this total began


SENSORS = (
    Sensor("power_kw", "Electricity use now", "kW", "power", "measurement"),
    Sensor("energy_today_kwh", "Electricity used today", "kWh", "energy", "total_increasing"),
    # Home Assistant takes money only as `total`; a total that falls at midnight must say when it
    # began again (`last_reset`, in the same message), or the fall is counted as a negative cost.
    Sensor("cost_today_gbp", "Electricity cost today", "GBP", "monetary", "total",
           last_reset_key="cost_today_since"),
    Sensor("gas_today_kwh", "Gas used today", "kWh", "energy", "total_increasing"),
    # The meter's own registers, which only ever go up: what the Energy dashboard takes as
    # grid consumption, return to grid and gas, with no cycle to get wrong.
    Sensor("electricity_import_kwh", "Electricity meter, imported", "kWh", "energy", "total_increasing"),
    Sensor("electricity_export_kwh", "Electricity meter, exported", "kWh", "energy", "total_increasing"),
    Sensor("gas_import_kwh", "Gas meter, energy", "kWh", "energy", "total_increasing"),
    Sensor("gas_import_m3", "Gas meter, volume", "m³", "gas", "total_increasing"),
    Sensor("unit_rate_gbp_per_kwh", "Electricity price now", "GBP/kWh", None, None, "mdi:currency-gbp"),
    Sensor("level", "Energy use level", None, None, None, "mdi:traffic-light"),
    Sensor("credit_gbp", "Electricity credit", "GBP", "monetary", None),
)


@dataclass(frozen=True, slots=True)
class Figures:
    """What the display has worked out; None where it does not know (sent as null)."""

    power_kw: float | None
    energy_today_kwh: float | None
    cost_today_gbp: float | None
    cost_today_since: str | None  # when that cost began: the local midnight, with its offset
    gas_today_kwh: float | None
    unit_rate_gbp_per_kwh: float | None  # electricity's, in force now, with VAT
    electricity_import_kwh: float | None  # the meter's registers, as last read
    electricity_export_kwh: float | None
    gas_import_kwh: float | None  # through the configured calorific value and correction factor
    gas_import_m3: float | None  # None on a gas meter that counts in kWh
    level: str | None  # low, medium or high
    credit_gbp: float | None  # prepayment only


def node_id(name: str) -> str:
    """A topic- and id-safe name for this display (its host name, usually)."""
    return re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_") or "display"


def config_topic(node: str, sensor: Sensor) -> str:
    return f"{DISCOVERY_PREFIX}/sensor/ihd/{node}_{sensor.key}/config"


def discovery(node: str, prefix: str, version: str) -> list[tuple[str, bytes]]:
    """The retained config messages that make Home Assistant show each figure."""
    device = {"identifiers": [f"ihd_{node}"], "name": f"ihd energy display ({node})", "manufacturer": "ihd",
              "model": "in-home display", "sw_version": version}
    origin = {"name": "ihd", "sw_version": version}
    found = []
    for sensor in SENSORS:
        entity = f"ihd_{node}_{sensor.key}"
        config: dict[str, object] = {
            "name": sensor.name,
            "unique_id": entity,
            "default_entity_id": f"sensor.{entity}",
            "object_id": entity,  # for releases before 2025.10; later ones take default_entity_id
            "origin": origin,
            "state_topic": f"{prefix}/{STATE}",
            "value_template": f"{{{{ value_json.{sensor.key} }}}}",
            "availability_topic": f"{prefix}/{AVAILABILITY}",
            "expire_after": EXPIRE_AFTER_S,
            "device": device,
        }
        if sensor.last_reset_key is not None:
            config["last_reset_value_template"] = f"{{{{ value_json.{sensor.last_reset_key} }}}}"
        for field in ("unit", "device_class", "state_class", "icon"):
            value = getattr(sensor, field)
            if value is not None:
                config["unit_of_measurement" if field == "unit" else field] = value
        found.append((config_topic(node, sensor), _dumps(config)))
    return found


def last_will(prefix: str) -> tuple[str, bytes]:
    """What the broker publishes (retained) when the display's connection dies unannounced."""
    return f"{prefix.strip('/')}/{AVAILABILITY}", OFFLINE


def removal(node: str) -> list[tuple[str, bytes]]:
    """Empty retained messages: Home Assistant forgets the sensors, the broker the config."""
    return [(config_topic(node, sensor), b"") for sensor in SENSORS]


def state(figures: Figures) -> bytes:
    rounded = {k: (round(v, 4 if k.endswith("_per_kwh") else 3) if isinstance(v, float) else v)
               for k, v in asdict(figures).items()}
    return _dumps({"contract": CONTRACT, **rounded})


def _dumps(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
