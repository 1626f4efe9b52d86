"""Ambient feedback: low, medium or high, from the live picture, with the reason in words.

Four ways to judge, chosen by the household: fixed thresholds in kW; against the household's own
usual use at this time on this day of the week; the meter's own indicator; or the tariff (cheap,
normal, peak). A level only changes once the new one has held for a while (a few seconds up,
half a minute down) and with some slack around each threshold, so a kettle does not make the
display flicker. On a cold day heating never drives it to its alarming level (warmth-safe).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from ihd.core.periods import slot_start


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class AmbientMode(StrEnum):
    ABSOLUTE = "absolute"
    RELATIVE = "relative"  # against the household's own usual use
    METER = "meter"  # the smart meter's own low/medium/high indicator
    TARIFF = "tariff"  # cheap, normal or peak now
    CARBON = "carbon"  # the grid's carbon now, from its forecast for the area


class AmbientFuel(StrEnum):
    ELECTRICITY = "electricity"
    GAS = "gas"
    BOTH = "both"


class Why(StrEnum):
    """The reason for a level, for the words shown and spoken."""

    NO_DATA = "no-data"
    EXPORTING = "exporting"
    ABSOLUTE = "absolute"  # kw against medium_kw / high_kw
    RELATIVE = "relative"  # kw against usual_kw
    NO_BASELINE = "no-baseline"  # relative wanted, not enough history: judged by kW
    METER = "meter"
    METER_QUIET = "meter-quiet"  # the meter's indicator is not being heard: judged by kW
    TARIFF = "tariff"
    NO_TARIFF_BANDS = "no-tariff-bands"  # tariff mode on a single rate: judged by kW
    CARBON = "carbon"
    NO_CARBON_FORECAST = "no-carbon-forecast"  # carbon mode with no forecast for now: judged by kW
    WARMTH = "warmth"  # high heating use on a cold day, shown as medium


@dataclass(frozen=True, slots=True)
class AmbientSettings:
    """How the level is judged: the household's choices, with the thresholds and delays that apply."""

    mode: AmbientMode = AmbientMode.ABSOLUTE
    fuel: AmbientFuel = AmbientFuel.ELECTRICITY
    medium_kw: float = 2.0  # electricity; both fuels together use the sum of their thresholds
    high_kw: float = 4.0
    gas_medium_kw: float = 6.0
    gas_high_kw: float = 15.0
    usual_medium: float = 1.5  # times the household's usual use at this time
    usual_high: float = 2.5
    slack: float = 0.1  # a level is left only when use falls this share below its threshold
    rise_after_s: float = 5.0
    fall_after_s: float = 30.0
    warmth_safe: bool = True
    cold_below_c: float = 14.0
    heating_months: frozenset[int] = field(default_factory=lambda: frozenset({10, 11, 12, 1, 2, 3, 4}))

    def thresholds(self) -> tuple[float, float]:
        electricity, gas = (self.medium_kw, self.high_kw), (self.gas_medium_kw, self.gas_high_kw)
        if self.fuel is AmbientFuel.GAS:
            return gas
        if self.fuel is AmbientFuel.BOTH:
            return electricity[0] + gas[0], electricity[1] + gas[1]
        return electricity


@dataclass(frozen=True, slots=True)
class AmbientInputs:
    """What the engine judges from, gathered by the caller at one moment."""

    kw: float | None  # use now, in the chosen fuel(s); negative while exporting
    gas_kw: float = 0.0  # the gas part of it (for warmth-safe)
    usual_kw: float | None = None  # the household's usual use at this time of week
    meter_level: Level | None = None  # the meter's own indicator, if fresh
    tariff_level: Level | None = None  # cheap / normal / peak now, if the tariff has bands or prices
    tariff_until: datetime | None = None  # when that changes
    cold: bool = False  # outdoors is cold (or, with no thermometer, it is the heating season)
    carbon: tuple[Level, datetime | None, int] | None = None  # the grid now: level, until when, gCO2/kWh


@dataclass(frozen=True, slots=True)
class Ambient:
    """A level as judged, with the reason and the figures it was judged from."""

    level: Level | None
    why: Why
    kw: float | None = None
    medium: float | None = None  # the thresholds that applied (kW, or times usual)
    high: float | None = None
    usual_kw: float | None = None
    until: datetime | None = None
    tariff: bool = False  # the level means cheap / normal / peak
    grams: int | None = None  # set when the level is the grid's carbon, gCO2/kWh now


def judge(settings: AmbientSettings, inputs: AmbientInputs, shown: Level | None) -> Ambient:
    """The level the inputs call for now, given the level on show (for the slack)."""
    if settings.mode is AmbientMode.TARIFF:
        if inputs.tariff_level is not None:
            return Ambient(inputs.tariff_level, Why.TARIFF, until=inputs.tariff_until, tariff=True)
        found = _by_kw(settings, inputs, shown)
        return replace(found, why=Why.NO_TARIFF_BANDS) if found.why is Why.ABSOLUTE else found
    if settings.mode is AmbientMode.CARBON:
        if inputs.carbon is not None:
            level, until, grams = inputs.carbon
            return Ambient(level, Why.CARBON, until=until, grams=grams)
        found = _by_kw(settings, inputs, shown)
        return replace(found, why=Why.NO_CARBON_FORECAST) if found.why is Why.ABSOLUTE else found
    if settings.mode is AmbientMode.METER:
        if inputs.meter_level is not None:
            return _warmth(settings, inputs, Ambient(inputs.meter_level, Why.METER, inputs.kw))
        found = _by_kw(settings, inputs, shown)
        return replace(found, why=Why.METER_QUIET) if found.why is Why.ABSOLUTE else found
    if settings.mode is AmbientMode.RELATIVE:
        if inputs.usual_kw is not None and inputs.usual_kw > 0 and inputs.kw is not None and inputs.kw >= 0:
            ratio = inputs.kw / inputs.usual_kw
            level = _banded(ratio, settings.usual_medium, settings.usual_high, settings.slack, shown)
            found = Ambient(level, Why.RELATIVE, inputs.kw, settings.usual_medium, settings.usual_high,
                            inputs.usual_kw)
            return _warmth(settings, inputs, found)
        found = _by_kw(settings, inputs, shown)
        return replace(found, why=Why.NO_BASELINE) if found.why is Why.ABSOLUTE else found
    return _by_kw(settings, inputs, shown)


def _by_kw(settings: AmbientSettings, inputs: AmbientInputs, shown: Level | None) -> Ambient:
    if inputs.kw is None:
        return Ambient(None, Why.NO_DATA)
    if inputs.kw < 0:
        return Ambient(Level.LOW, Why.EXPORTING, inputs.kw)
    medium, high = settings.thresholds()
    level = _banded(inputs.kw, medium, high, settings.slack, shown)
    return _warmth(settings, inputs, Ambient(level, Why.ABSOLUTE, inputs.kw, medium, high))


def _banded(value: float, medium: float, high: float, slack: float, shown: Level | None) -> Level:
    """Low, medium or high, leaving the level on show only once clear of its threshold."""
    rank = shown.rank if shown is not None else 0
    to_medium = medium * (1 - slack) if rank >= 1 else medium
    to_high = high * (1 - slack) if rank >= 2 else high
    if value >= to_high:
        return Level.HIGH
    return Level.MEDIUM if value >= to_medium else Level.LOW


def _warmth(settings: AmbientSettings, inputs: AmbientInputs, found: Ambient) -> Ambient:
    """Heating on a cold day is shown as medium at most, never as the alarming level."""
    heating = settings.fuel is AmbientFuel.GAS or (settings.fuel is AmbientFuel.BOTH and inputs.gas_kw > 0)
    if settings.warmth_safe and inputs.cold and heating and found.level is Level.HIGH:
        return replace(found, level=Level.MEDIUM, why=Why.WARMTH)
    return found


def is_cold(outdoor_c: float | None, month: int, settings: AmbientSettings) -> bool:
    """Below the cold threshold outdoors; with no thermometer, any day of the heating season."""
    if outdoor_c is not None:
        return outdoor_c < settings.cold_below_c
    return month in settings.heating_months


def inputs_from(settings: AmbientSettings, electricity_kw: float | None, gas_kw: float | None,
                meter_level: str | None, usual_kw: float | None,
                price: tuple[Level, datetime | None] | None, outdoor_c: float | None, month: int,
                carbon: tuple[Level, datetime | None, int] | None = None) -> AmbientInputs:
    """Gather the engine's inputs from the live picture for the chosen fuel(s)."""
    if settings.fuel is AmbientFuel.GAS:
        kw = gas_kw
    elif settings.fuel is AmbientFuel.BOTH:
        kw = None if electricity_kw is None and gas_kw is None else (electricity_kw or 0) + (gas_kw or 0)
    else:
        kw = electricity_kw
    meter = Level(meter_level) if meter_level and settings.fuel is AmbientFuel.ELECTRICITY else None
    return AmbientInputs(
        kw,
        gas_kw or 0.0,
        usual_kw,
        meter,
        price[0] if price else None,
        price[1] if price else None,
        is_cold(outdoor_c, month, settings),
        carbon=carbon,
    )


class AmbientEngine:
    """Holds the level on show and changes it only once a new level has lasted long enough."""

    def __init__(self, settings: AmbientSettings) -> None:
        self.settings = settings
        self.shown: Ambient | None = None
        self._pending: Level | None = None
        self._pending_since = 0.0

    def update(self, inputs: AmbientInputs, now: float) -> Ambient:
        """`now` is monotonic seconds. Returns what to show."""
        found = judge(self.settings, inputs, self.shown.level if self.shown else None)
        shown = self.shown
        if shown is None or shown.level is None or found.level is None or found.tariff:
            return self._show(found)  # the first figure, no figure, or a tariff band: at once
        if found.level == shown.level:
            self._pending = None
            return self._show(found)  # same level: its figures and reason move on
        if found.level != self._pending:
            self._pending, self._pending_since = found.level, now
        wait = self.settings.rise_after_s if found.level.rank > shown.level.rank else self.settings.fall_after_s
        if now - self._pending_since >= wait:
            return self._show(found)
        return shown

    def _show(self, found: Ambient) -> Ambient:
        self._pending = None
        self.shown = found
        return found


CARBON_BANDS = {"very low": Level.LOW, "low": Level.LOW, "moderate": Level.MEDIUM, "high": Level.HIGH,
                "very high": Level.HIGH}
LOOK_AHEAD = timedelta(hours=24)


def carbon_now(intensity: Callable[[datetime], tuple[int, str] | None], now: datetime,
               ) -> tuple[Level, datetime | None, int] | None:
    """The grid's carbon now as a lamp level (its forecast's index band: very low and low are low,
    moderate medium, high and very high high), until when the forecast says it changes, and the
    grams; None without a forecast for now. `intensity(slot)` is the Pricer's."""
    here = intensity(now)
    if here is None:
        return None

    def level(found: tuple[int, str]) -> Level:
        grams, band = found
        if band in CARBON_BANDS:
            return CARBON_BANDS[band]
        return Level.LOW if grams < 120 else Level.MEDIUM if grams < 200 else Level.HIGH  # the index's own cuts

    now_level = level(here)
    slot = slot_start(now)
    step = timedelta(minutes=30)
    at = slot + step
    while at < slot + LOOK_AHEAD:
        later = intensity(at)
        if later is None:
            return now_level, None, here[0]
        if level(later) is not now_level:
            return now_level, at, here[0]
        at += step
    return now_level, None, here[0]
