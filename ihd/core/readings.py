"""What a bridge tells the display, once a dialect has parsed it.

Every reading carries the meter's own timestamp (`at`, aware UTC). Dialects produce these; the
live model consumes them. Nothing here knows about MQTT topics or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from ihd.core.bands import Band
from ihd.core.feeds_status import FeedsStatus
from ihd.core.prepayment import CommandResponse, Messages, PrepaymentState, Proposals, TopUpLog
from ihd.core.units import Direction, Fuel, RegisterUnit


@dataclass(frozen=True, slots=True)
class Demand:
    """Instantaneous demand in watts; negative means the home is exporting."""

    fuel: Fuel
    watts: float
    at: datetime


@dataclass(frozen=True, slots=True)
class DayStart:
    """A bridge's statement of what the register read at `at` (a day boundary it knows of)."""

    at: datetime
    value: Decimal


@dataclass(frozen=True, slots=True)
class RegisterReading:
    """A cumulative meter register: only ever goes up on a healthy meter."""

    fuel: Fuel
    direction: Direction
    value: Decimal
    unit: RegisterUnit
    at: datetime
    day_start: DayStart | None = None


@dataclass(frozen=True, slots=True)
class TariffReading:
    """The tariff in force, as the bridge sends it: rates in pence, standing charge per day."""

    fuel: Fuel
    unit_rate_p: Decimal
    standing_charge_p: Decimal | None  # None: not known yet (a Glow sends 0 until it is told)
    vat_included: bool
    applies_from: datetime | None
    bands: tuple[Band, ...] = ()
    bands_in_gmt: bool = False
    export_rate_p: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PriceReading:
    """Half-hourly prices of a dynamic tariff (Agile-like), pence per kWh, possibly negative."""

    fuel: Fuel
    direction: Direction
    prices: tuple[tuple[datetime, Decimal], ...]  # (half-hour start, rate)
    vat_included: bool


@dataclass(frozen=True, slots=True)
class IntensityReading:
    """Grid carbon intensity by half-hour, as the national Carbon Intensity API gives it."""

    records: tuple[tuple[datetime, int, str], ...]  # (half-hour start, gCO2/kWh, index band)


@dataclass(frozen=True, slots=True)
class BackfillReading:
    """Past use sent in bulk by a bridge (from the meter's historical registers)."""

    fuel: Fuel
    direction: Direction
    half_hourly: bool  # else daily, each record starting at a local midnight
    unit: RegisterUnit
    records: tuple[tuple[datetime, Decimal], ...]  # (start, amount used in that period)


@dataclass(frozen=True, slots=True)
class AmbientIndicator:
    """The smart meter's own low/medium/high consumption indicator (SMETS2, electricity)."""

    level: str  # "low", "medium" or "high"
    at: datetime


@dataclass(frozen=True, slots=True)
class OutdoorTemperature:
    """The temperature outdoors, as the bridge reports it."""

    celsius: float
    at: datetime


@dataclass(frozen=True, slots=True)
class BridgeStatus:
    """Whether the bridge says it is alive (retained, with a last will saying offline)."""

    online: bool
    at: datetime | None = None
    detail: str = ""
    meter_joined: bool | None = None  # whether the bridge can hear the meter, if it says


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the bridge can relay: the fuels, the commands it will pass to the meter (top-up,
    emergency credit, ...), and features such as export."""

    contract: str
    fuels: frozenset[Fuel] = frozenset({Fuel.ELECTRICITY})
    commands: frozenset[str] = frozenset()
    features: frozenset[str] = frozenset()


Reading = (Demand | RegisterReading | TariffReading | PriceReading | IntensityReading | BackfillReading
           | AmbientIndicator | OutdoorTemperature | BridgeStatus | Capabilities
           | PrepaymentState | TopUpLog | Messages | Proposals | CommandResponse | FeedsStatus)


@dataclass(frozen=True, slots=True)
class Rejection:
    """Input that was refused, with a reason a person can read."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Parsed:
    """One message's worth: what was accepted and what was refused (a message may be both)."""

    readings: tuple[Reading, ...] = ()
    rejections: tuple[Rejection, ...] = field(default=())

    @staticmethod
    def reject(source: str, reason: str) -> Parsed:
        return Parsed((), (Rejection(source, reason),))
