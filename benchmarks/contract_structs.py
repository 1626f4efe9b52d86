"""The typed structures msgspec would generate the contract's schemas from, for the topics heard
most, with the schemas' own bounds; benchmarks/contract.py weighs them against the schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

INSTANT = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$")]
UNIT = Literal["kWh", "m3", "ft3", "hcf"]
PENCE_PER_KWH = Annotated[float, msgspec.Meta(ge=-1000, le=1000)]
REGISTER = Annotated[float, msgspec.Meta(ge=0, le=1e9)]
BAND_TIME = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):(00|30)$")]


class Demand(msgspec.Struct):
    ts: Annotated[datetime, msgspec.Meta(tz=True)]
    watts: Annotated[float, msgspec.Meta(ge=-100_000, le=100_000)]


class DayStart(msgspec.Struct):
    ts: INSTANT
    value: REGISTER


class Register(msgspec.Struct):
    ts: INSTANT
    value: REGISTER
    unit: UNIT
    day_start: DayStart | None = None


class Band(msgspec.Struct):
    start: BAND_TIME
    end: BAND_TIME
    rate_p_per_kwh: PENCE_PER_KWH
    name: Annotated[str, msgspec.Meta(max_length=40)] = ""


class Tariff(msgspec.Struct):
    unit_rate_p_per_kwh: PENCE_PER_KWH
    standing_charge_p_per_day: Annotated[float, msgspec.Meta(ge=0, le=1000)]
    vat_included: bool
    bands: Annotated[list[Band], msgspec.Meta(max_length=48)] = []
    bands_in_gmt: bool = False
    export_rate_p_per_kwh: PENCE_PER_KWH | None = None


STRUCTS = {"electricity/demand": Demand, "electricity/import": Register, "gas/import": Register,
           "electricity/tariff": Tariff}
