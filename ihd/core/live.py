"""The live picture of the home: latest demand, freshness, the rates in force, and today's totals.

Readings go in through `apply`; the screen reads a `LiveSnapshot` taken at the clock's now.
Freshness is measured on the monotonic clock from when readings *arrived*, so a bridge whose
clock is wrong, or a display whose wall clock jumps, never makes old figures look current.
Readings whose stamps cannot be believed are refused first (`ihd.core.intake`); a reading stamped
before the last one is refused only while the last is recent, so a bridge whose clock steps back
is followed again within `REORDER_AFTER`.
Today's totals come from the history ledger (`set_today`), the one place energy is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from ihd.core.carried import CarriedToday
from ihd.core.clock import Clock
from ihd.core.feeds_status import FeedsStatus
from ihd.core.intake import DEFAULT_AHEAD, admit
from ihd.core.ledger import DayFigures
from ihd.core.periods import local_day_start, next_local_day_start, slot_start
from ihd.core.prepayment import (
    Messages,
    PaymentMode,
    PrepaymentState,
    Proposals,
    SupplierMessage,
    TopUpLog,
    TopUpRecord,
)
from ihd.core.pricing import Pricer
from ihd.core.readings import (
    AmbientIndicator,
    BridgeStatus,
    Capabilities,
    Demand,
    IntensityReading,
    OutdoorTemperature,
    PriceReading,
    Reading,
    RegisterReading,
    TariffReading,
)
from ihd.core.tariff import Tariff
from ihd.core.trend import NO_TREND, DemandTrend, Trend
from ihd.core.units import Direction, Fuel, GasConversion, to_kwh

# Out-of-order readings are refused only this soon after the one they precede; after that the
# bridge's clock is taken to have stepped back, and its readings are followed again.
REORDER_AFTER = timedelta(seconds=30)
METER_INDICATOR_FRESH = timedelta(minutes=5)
OUTDOOR_FRESH = timedelta(hours=3)


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
    """One fuel at one moment: use now, today so far, the rates in force and how fresh it all is."""

    fuel: Fuel
    freshness: Freshness
    last_reading_at: datetime | None  # meter time of the newest reading
    demand_w: float | None  # None unless fresh
    today: DayFigures | None
    exported_today_kwh: Decimal | None
    tariff: Tariff | None
    unit_rate_p: Decimal | None  # in force now, with VAT
    standing_charge_p: Decimal | None  # today's, with VAT
    kg_per_kwh: Decimal  # carbon now: the grid's intensity this half-hour if known, else the factor
    recent_kw: float | None = None  # use now: electricity's demand; gas's rate between its last readings
    meter: dict[Direction, RegisterReading] = field(default_factory=dict)  # the registers' highest readings


@dataclass(frozen=True, slots=True)
class LiveSnapshot:
    """The live picture of the home at one moment, as the screens read it."""

    now: datetime
    electricity: FuelSnapshot
    gas: FuelSnapshot
    bridge: BridgeStatus | None
    capabilities: Capabilities | None
    meter_level: str | None = None  # the meter's own ambient indicator, while fresh
    outdoor_c: float | None = None  # outdoors, while fresh
    account: Account | None = None  # prepayment, messages and proposals, once the bridge sends any
    clock_stepped_back: datetime | None = None  # when the display last followed a bridge's clock back
    feeds: FeedsStatus | None = None  # how ihd-feeds stands, once it has said
    trend: Trend = NO_TREND  # electricity demand over the last hour, a point a minute

    def fuel(self, fuel: Fuel) -> FuelSnapshot:
        return self.electricity if fuel is Fuel.ELECTRICITY else self.gas


@dataclass(frozen=True, slots=True)
class Account:
    """What the meter says of the household's account: per-fuel prepayment state and top-up log,
    the supplier's messages, and any proposal to change how a fuel is paid for."""

    prepayment: dict[Fuel, PrepaymentState]
    top_ups: dict[Fuel, tuple[TopUpRecord, ...]]
    messages: tuple[SupplierMessage, ...]
    proposals: Proposals

    def in_prepayment(self) -> list[PrepaymentState]:
        return [s for s in self.prepayment.values() if s.mode is PaymentMode.PREPAYMENT]


@dataclass
class _FuelState:
    """What the live model keeps of one fuel between readings."""

    demand: Demand | None = None
    heard_mono: float | None = None  # when a reading last arrived (electricity freshness)
    advanced_mono: float | None = None  # when the meter time last moved on (gas freshness)
    demand_mono: float | None = None
    last_at: datetime | None = None
    today: DayFigures | None = None
    exported_today: DayFigures | None = None
    registers: tuple[RegisterReading, ...] = ()  # the last two distinct, for gas's rate
    carried: CarriedToday = field(default_factory=CarriedToday)  # today, while the history cannot save
    meter: dict[Direction, RegisterReading] = field(default_factory=dict)


class LiveModel:
    def __init__(self, clock: Clock, tz: ZoneInfo, pricer: Pricer | None = None,
                 staleness: StalenessRules | None = None, gas: GasConversion | None = None,
                 ahead: timedelta = DEFAULT_AHEAD) -> None:
        self._clock = clock
        self._ahead = ahead
        self._tz = tz
        self.pricer = pricer or Pricer(tz)
        self._gas = gas or GasConversion()
        # each with the monotonic time it counts from
        self._indicator: tuple[AmbientIndicator, float] | None = None
        self._outdoor: tuple[OutdoorTemperature, float] | None = None
        self._prepayment_mono: dict[Fuel, float] = {}
        self._rules = staleness or StalenessRules()
        self._bridge: BridgeStatus | None = None
        self._capabilities: Capabilities | None = None
        self._feeds: FeedsStatus | None = None
        self._fuels = {fuel: _FuelState() for fuel in Fuel}
        self._trend = DemandTrend()
        self._prepayment: dict[Fuel, PrepaymentState] = {}
        self._top_ups: dict[Fuel, tuple[TopUpRecord, ...]] = {}
        self._messages: Messages | None = None
        self._proposals: Proposals | None = None
        self._saving_fails = False
        self._stepped_back: datetime | None = None  # when a bridge's clock was last seen to go back
        self._day: tuple[datetime, datetime] | None = None  # the local day last asked about: start, end

    def take(self, reading: Reading, *, retained: bool = False) -> tuple[Reading | None, tuple[str, ...]]:
        """Take one reading as far as it can be believed: returns what was taken (a bulk reading
        may lose records) or None, and why anything was refused. A refusal changes nothing."""
        admitted, problems = admit(reading, self._clock.now(), self._ahead)
        if admitted is None:
            return None, problems
        if (problem := self._apply(admitted, retained)) is not None:
            return None, (*problems, problem)
        return admitted, problems

    def apply(self, reading: Reading, *, retained: bool = False) -> str | None:
        """`take`, for a caller that only wants to know whether it was refused outright."""
        taken, problems = self.take(reading, retained=retained)
        return problems[0] if taken is None else None

    def _apply(self, reading: Reading, retained: bool) -> str | None:
        match reading:
            case Demand():
                return self._apply_demand(reading, retained)
            case RegisterReading():
                state = self._fuels[reading.fuel]
                self._heard(state, reading.at, retained)
                if reading.direction is Direction.IMPORT:
                    state.carried.heard(reading, self._day_start(reading.at))
                    if not state.registers or reading.value != state.registers[-1].value:
                        state.registers = (*state.registers[-1:], reading)
                _keep_highest(state.meter, reading)
            case AmbientIndicator():
                self._indicator = reading, self._counts_from(reading.at)
            case OutdoorTemperature():
                self._outdoor = reading, self._counts_from(reading.at)
            case TariffReading() | PriceReading() | IntensityReading():
                self._apply_prices(reading)
            case BridgeStatus():
                self._bridge = reading
            case Capabilities():
                self._capabilities = reading
            case FeedsStatus():
                self._feeds = reading
            case PrepaymentState() | TopUpLog() | Messages() | Proposals():
                return self._apply_account(reading)
        return None

    def _apply_prices(self, reading: TariffReading | PriceReading | IntensityReading) -> None:
        match reading:
            case TariffReading():
                self.pricer.add_tariff(reading.fuel, Tariff.from_reading(reading, self._clock.now()))
            case PriceReading():
                self.pricer.add_prices(reading)
            case IntensityReading():
                self.pricer.add_intensity(reading)

    def _apply_account(self, reading: PrepaymentState | TopUpLog | Messages | Proposals) -> str | None:
        match reading:
            case PrepaymentState():
                known = self._prepayment.get(reading.fuel)
                if known is not None and self._out_of_order(reading.at, known.at,
                                                            self._prepayment_mono[reading.fuel]):
                    return "prepayment state is older than the one already shown"
                self._prepayment[reading.fuel] = reading
                self._prepayment_mono[reading.fuel] = self._clock.monotonic()
            case TopUpLog():
                self._top_ups[reading.fuel] = reading.records
            case Messages():
                self._messages = reading
            case Proposals():
                self._proposals = reading
        return None

    def set_today(self, fuel: Fuel, direction: Direction, figures: DayFigures | None) -> None:
        """Today's totals, as the history ledger counted them."""
        state = self._fuels[fuel]
        if direction is Direction.IMPORT:
            state.today = figures
            state.carried.counted(figures)
        else:
            state.exported_today = figures

    def saving_fails(self, failing: bool) -> None:
        """The history cannot save (or cannot open): today is carried on from the registers."""
        self._saving_fails = failing

    def snapshot(self) -> LiveSnapshot:
        now = self._clock.now()
        indicator, outdoor = self._indicator, self._outdoor
        mono = self._clock.monotonic()
        return LiveSnapshot(
            now,
            self._fuel_snapshot(Fuel.ELECTRICITY, now),
            self._fuel_snapshot(Fuel.GAS, now),
            self._bridge,
            self._capabilities,
            indicator[0].level if indicator and mono - indicator[1] <= METER_INDICATOR_FRESH.total_seconds()
            else None,
            outdoor[0].celsius if outdoor and mono - outdoor[1] <= OUTDOOR_FRESH.total_seconds() else None,
            self._account(),
            self._stepped_back,
            self._feeds,
            self._trend.trend(now),
        )

    def _account(self) -> Account | None:
        if not (self._prepayment or self._top_ups or self._messages or self._proposals):
            return None
        return Account(dict(self._prepayment), dict(self._top_ups),
                       self._messages.messages if self._messages else (), self._proposals or Proposals(()))

    # -- internals

    def _apply_demand(self, demand: Demand, retained: bool) -> str | None:
        state = self._fuels[demand.fuel]
        if state.demand is not None and state.demand_mono is not None and \
                self._out_of_order(demand.at, state.demand.at, state.demand_mono):
            return "demand reading is older than the last one"
        state.demand = demand
        state.demand_mono = self._heard(state, demand.at, retained)
        if demand.fuel is Fuel.ELECTRICITY:
            self._trend.add(demand.at, demand.watts)
        return None

    def recall_demand(self, at: datetime, watts: float) -> None:
        """Electricity demand from before the display started (the demo's last hour, as its
        simulated home used it): for the trend line only, never the figure now."""
        self._trend.add(at, watts)

    def _heard(self, state: _FuelState, at: datetime, retained: bool) -> float:
        """Note that the fuel was heard from; returns the monotonic time the reading counts from."""
        mono = self._clock.monotonic()
        if retained:
            # A retained message may be hours old: date it by its own meter time instead.
            age = (self._clock.now() - at).total_seconds()
            mono -= max(age, 0.0)
        state.heard_mono = mono if state.heard_mono is None else max(state.heard_mono, mono)
        stepped_back = (state.last_at is not None and at < state.last_at and state.advanced_mono is not None
                        and mono - state.advanced_mono >= REORDER_AFTER.total_seconds())
        if state.last_at is None or at > state.last_at or stepped_back:
            state.last_at = at
            state.advanced_mono = mono
        return mono

    def _day_start(self, at: datetime) -> datetime:
        """`local_day_start`, remembered for the day (readings come thousands a day)."""
        day = self._day
        if day is None or not day[0] <= at < day[1]:
            day = self._day = local_day_start(at, self._tz), next_local_day_start(at, self._tz)
        return day[0]

    def _counts_from(self, at: datetime) -> float:
        """The monotonic time a reading's age counts from: when it arrived, or earlier if its own
        stamp says it is old; never later, so a stamp in the future buys no extra freshness."""
        age = (self._clock.now() - at).total_seconds()
        return self._clock.monotonic() - max(age, 0.0)

    def _out_of_order(self, at: datetime, last_at: datetime, last_mono: float) -> bool:
        """Stamped before the last one, which arrived recently: a late delivery, refused. Once the
        last is older than `REORDER_AFTER`, the bridge's clock has stepped back: follow it."""
        if at >= last_at:
            return False
        if self._clock.monotonic() - last_mono < REORDER_AFTER.total_seconds():
            return True
        self._stepped_back = self._clock.now()  # said on the About screen
        return False

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
        day = local_day_start(now, self._tz)
        today = state.today if state.today is not None and state.today.day_start == day else None
        if self._saving_fails:
            today = state.carried.today(today, day, lambda amount: self._kwh(state, amount),
                                        self.pricer.import_rate(fuel, slot_start(now)),
                                        self.pricer.kg_per_kwh(fuel, slot_start(now)))
        exported = state.exported_today if state.exported_today and state.exported_today.day_start == day \
            else None
        return FuelSnapshot(
            fuel=fuel,
            freshness=freshness,
            last_reading_at=state.last_at,
            demand_w=state.demand.watts if demand_fresh and state.demand is not None else None,
            today=today,
            exported_today_kwh=exported.kwh if exported and exported.kwh else None,
            tariff=self.pricer.tariff_at(fuel, now),
            unit_rate_p=self.pricer.import_rate(fuel, slot_start(now)),
            standing_charge_p=self.pricer.standing_charge(fuel, day),
            kg_per_kwh=self.pricer.kg_per_kwh(fuel, slot_start(now)),
            recent_kw=self._recent_kw(state, demand_fresh, freshness),
            meter=dict(state.meter),
        )

    def _kwh(self, state: _FuelState, amount: Decimal) -> Decimal:
        latest = state.carried.latest
        return to_kwh(amount, latest.unit, self._gas) if latest is not None else amount

    def _recent_kw(self, state: _FuelState, demand_fresh: bool, freshness: Freshness) -> float | None:
        """Use now in kW: the demand the meter reports, else the rate between its last two readings."""
        if demand_fresh and state.demand is not None:
            return state.demand.watts / 1000
        if freshness is not Freshness.FRESH or len(state.registers) < 2:
            return None
        a, b = state.registers
        hours = Decimal((b.at - a.at).total_seconds()) / 3600
        if hours <= 0 or b.unit != a.unit:
            return None
        return float(to_kwh(b.value - a.value, b.unit, self._gas) / hours)


def _keep_highest(meter: dict[Direction, RegisterReading], reading: RegisterReading) -> None:
    """A register's reading as others count it (Home Assistant's `total_increasing`): only a newer
    one, and no lower, so a late or bad reading never looks like a new meter cycle there. (A meter
    exchanged for one that counts from nought is followed from the display's next start.)"""
    known = meter.get(reading.direction)
    if known is None or (reading.at > known.at and (reading.value >= known.value or reading.unit is not known.unit)):
        meter[reading.direction] = reading
