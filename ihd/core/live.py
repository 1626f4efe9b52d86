"""The live picture of the home: latest demand, today's totals, tariffs and freshness per fuel.

Readings go in through `apply`; the screen reads a `LiveSnapshot` taken at the clock's now.
Freshness is measured on the monotonic clock from when readings *arrived*, so a bridge whose
clock is wrong, or a display whose wall clock jumps, never makes old figures look current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from ihd.core.clock import Clock
from ihd.core.readings import (
    BridgeStatus,
    Capabilities,
    Demand,
    Reading,
    RegisterReading,
    TariffReading,
)
from ihd.core.tariff import DEFAULT_VAT_RATE, Tariff, choose_tariff
from ihd.core.today import DayFigures, DayTotal
from ihd.core.units import Direction, Fuel, GasConversion, to_kwh

FUTURE_TOLERANCE = timedelta(hours=6)


class Freshness(StrEnum):
    WAITING = "waiting"  # nothing heard yet
    FRESH = "fresh"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class StalenessRules:
    """Electricity demand arrives every few seconds; a gas meter wakes every 30 minutes."""

    electricity: timedelta = timedelta(seconds=60)
    gas: timedelta = timedelta(minutes=65)

    def limit(self, fuel: Fuel) -> timedelta:
        return self.electricity if fuel is Fuel.ELECTRICITY else self.gas


@dataclass(frozen=True, slots=True)
class FuelSnapshot:
    fuel: Fuel
    freshness: Freshness
    last_reading_at: datetime | None  # meter time of the newest reading
    demand_w: float | None  # None unless fresh
    today: DayFigures | None
    exported_today_kwh: Decimal | None
    tariff: Tariff | None
    unit_rate_p: Decimal | None  # with VAT
    standing_charge_p: Decimal | None  # with VAT


@dataclass(frozen=True, slots=True)
class LiveSnapshot:
    now: datetime
    electricity: FuelSnapshot
    gas: FuelSnapshot
    bridge: BridgeStatus | None
    capabilities: Capabilities | None

    def fuel(self, fuel: Fuel) -> FuelSnapshot:
        return self.electricity if fuel is Fuel.ELECTRICITY else self.gas


@dataclass
class _FuelState:
    imports: DayTotal
    exports: DayTotal
    demand: Demand | None = None
    heard_mono: float | None = None  # when a reading last arrived (electricity freshness)
    advanced_mono: float | None = None  # when the meter time last moved on (gas freshness)
    last_at: datetime | None = None
    bridge_tariff: Tariff | None = None
    config_tariff: Tariff | None = None
    exported_seen: bool = False
    demand_mono: float | None = None


class LiveModel:
    def __init__(
        self,
        clock: Clock,
        tz: ZoneInfo,
        gas: GasConversion | None = None,
        tariffs: dict[Fuel, Tariff] | None = None,
        vat_rate: Decimal = DEFAULT_VAT_RATE,
        staleness: StalenessRules | None = None,
    ) -> None:
        self._clock = clock
        self._tz = tz
        self._gas = gas or GasConversion()
        self._vat = vat_rate
        self._rules = staleness or StalenessRules()
        self._bridge: BridgeStatus | None = None
        self._capabilities: Capabilities | None = None

        def kwh(reading: RegisterReading, amount: Decimal) -> Decimal:
            return to_kwh(amount, reading.unit, self._gas)

        self._fuels = {
            fuel: _FuelState(DayTotal(tz, kwh), DayTotal(tz, kwh), config_tariff=(tariffs or {}).get(fuel))
            for fuel in Fuel
        }

    def apply(self, reading: Reading, *, retained: bool = False) -> str | None:
        """Take one reading; returns why it was refused, or None. A refusal changes nothing."""
        match reading:
            case Demand():
                return self._apply_demand(reading, retained)
            case RegisterReading():
                return self._apply_register(reading, retained)
            case TariffReading():
                self._fuels[reading.fuel].bridge_tariff = Tariff.from_reading(reading, self._clock.now())
            case BridgeStatus():
                self._bridge = reading
            case Capabilities():
                self._capabilities = reading
        return None

    def snapshot(self) -> LiveSnapshot:
        now = self._clock.now()
        return LiveSnapshot(
            now,
            self._fuel_snapshot(Fuel.ELECTRICITY, now),
            self._fuel_snapshot(Fuel.GAS, now),
            self._bridge,
            self._capabilities,
        )

    def tariff(self, fuel: Fuel) -> Tariff | None:
        state = self._fuels[fuel]
        return choose_tariff(state.bridge_tariff, state.config_tariff)

    # -- internals

    def _apply_demand(self, demand: Demand, retained: bool) -> str | None:
        state = self._fuels[demand.fuel]
        if (problem := self._time_problem(demand.at)) is not None:
            return problem
        if state.demand is not None and demand.at < state.demand.at:
            return "demand reading is older than the last one"
        state.demand = demand
        state.demand_mono = self._heard(state, demand.at, retained)
        return None

    def _apply_register(self, reading: RegisterReading, retained: bool) -> str | None:
        state = self._fuels[reading.fuel]
        if (problem := self._time_problem(reading.at)) is not None:
            return problem
        total = state.imports if reading.direction is Direction.IMPORT else state.exports
        rate = self._rate(reading.fuel) if reading.direction is Direction.IMPORT else None
        problem = total.apply(reading, rate)
        if problem is None:
            state.exported_seen |= reading.direction is Direction.EXPORT
            self._heard(state, reading.at, retained)
        return problem

    def _heard(self, state: _FuelState, at: datetime, retained: bool) -> float:
        """Note that the fuel was heard from; returns the monotonic time the reading counts from."""
        mono = self._clock.monotonic()
        if retained:
            # A retained message may be hours old: date it by its own meter time instead.
            age = (self._clock.now() - at).total_seconds()
            mono -= max(age, 0.0)
        state.heard_mono = mono if state.heard_mono is None else max(state.heard_mono, mono)
        if state.last_at is None or at > state.last_at:
            state.last_at = at
            state.advanced_mono = mono
        return mono

    def _time_problem(self, at: datetime) -> str | None:
        # One reading stamped far in the future would make every later reading look old.
        if at - self._clock.now() > FUTURE_TOLERANCE:
            return "reading is stamped more than 6 hours ahead of this display's clock"
        return None

    def _rate(self, fuel: Fuel) -> Decimal | None:
        tariff = self.tariff(fuel)
        return None if tariff is None else tariff.unit_rate_with_vat(self._vat)

    def _freshness(self, fuel: Fuel, since: float | None) -> Freshness:
        if since is None:
            return Freshness.WAITING
        age = self._clock.monotonic() - since
        return Freshness.FRESH if age <= self._rules.limit(fuel).total_seconds() else Freshness.STALE

    def _fuel_snapshot(self, fuel: Fuel, now: datetime) -> FuelSnapshot:
        state = self._fuels[fuel]
        since = state.heard_mono if fuel is Fuel.ELECTRICITY else state.advanced_mono
        freshness = self._freshness(fuel, since)
        demand_fresh = self._freshness(fuel, state.demand_mono) is Freshness.FRESH
        tariff = self.tariff(fuel)
        exported = state.exports.figures(now) if state.exported_seen else None
        return FuelSnapshot(
            fuel=fuel,
            freshness=freshness,
            last_reading_at=state.last_at,
            demand_w=state.demand.watts if demand_fresh and state.demand is not None else None,
            today=state.imports.figures(now),
            exported_today_kwh=exported.kwh if exported else None,
            tariff=tariff,
            unit_rate_p=None if tariff is None else tariff.unit_rate_with_vat(self._vat),
            standing_charge_p=None if tariff is None else tariff.standing_charge_with_vat(self._vat),
        )
