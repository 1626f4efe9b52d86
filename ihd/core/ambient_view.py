"""The ambient level in words and shapes: colour is never the only cue."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.ambient import Ambient, Level, Why
from ihd.core.formatting import Formatter
from ihd.core.prepayment import Alert
from ihd.core.units import Fuel

NO_LEVEL = "none"  # the lamp's key before a level is known (the stylesheet gives it no colour)

SHAPES = {Level.LOW: "▼", Level.MEDIUM: "◆", Level.HIGH: "▲"}
# What the supply and credit say outranks how much is being used: a house without power is not "Low".
ALERT_SHAPES = {Alert.SUPPLY_OFF: "■", Alert.SUPPLY_ARMED: "▶", Alert.EMERGENCY_IN_USE: "⚠", Alert.LOW: "◔"}


@dataclass(frozen=True, slots=True)
class AmbientView:
    """The lamp in words and a shape as well as colour, and what a change of it says aloud."""

    level: Level | None
    shape: str
    word: str  # "High", "Cheap until 05:30"
    reason: str  # always available in words
    spoken: str  # what a change of level says aloud
    alarming: bool  # the high band of use, or the supply off (repeated aloud while it lasts)
    alert: Alert | None = None  # a supply or credit alert that has taken over the lamp

    @property
    def accessible(self) -> str:
        return f"{self.word}. {self.reason}" if self.word else self.reason

    @property
    def key(self) -> str:
        """What the lamp shows, as one name: the alert if there is one, else the level (for the
        stylesheet's colour and for telling a change worth saying)."""
        if self.alert is not None:
            return "credit-low" if self.alert is Alert.LOW else self.alert.value
        return self.level.value if self.level is not None else NO_LEVEL


def ambient_view(found: Ambient | None, fmt: Formatter, tz: ZoneInfo, gentle: bool = False,
                 rate_p: Decimal | None = None, alert: tuple[Fuel, Alert] | None = None) -> AmbientView:
    """`alert`: the most urgent supply or credit alert of any fuel (see `most_urgent`), which
    takes the lamp over from the level of use."""
    _ = fmt._
    if alert is not None and alert[1] is not Alert.NONE:
        return _alert_view(alert[0], alert[1], found, fmt)
    if found is None or found.level is None:
        return AmbientView(None, "", "", _("Waiting for the meter"), "", False)
    if found.tariff:
        word = _tariff_word(found, fmt, tz)
    elif found.why is Why.CARBON:
        word = _carbon_word(found, fmt, tz)
    else:
        word = _use_word(found.level, fmt, gentle)
    reason = _reason(found, fmt, tz, rate_p)
    if found.tariff or found.why is Why.CARBON:
        spoken = _("Electricity: {word}").format(word=word)
    else:
        spoken = _("Electricity use: {word}").format(word=word)
    return AmbientView(found.level, SHAPES[found.level], word, reason, spoken,
                       found.level is Level.HIGH and not found.tariff and found.why is not Why.CARBON)


def _use_word(level: Level, fmt: Formatter, gentle: bool) -> str:
    _ = fmt._
    if gentle:
        return {Level.LOW: _("Using little"), Level.MEDIUM: _("Using some"), Level.HIGH: _("Using more")}[level]
    return {Level.LOW: _("Low"), Level.MEDIUM: _("Medium"), Level.HIGH: _("High")}[level]


def _tariff_word(found: Ambient, fmt: Formatter, tz: ZoneInfo) -> str:
    _ = fmt._
    level = found.level or Level.MEDIUM
    if found.until is None:
        return {Level.LOW: _("Cheap now"), Level.MEDIUM: _("Normal price now"), Level.HIGH: _("Peak now")}[level]
    until = fmt.time(found.until, tz)
    return {Level.LOW: _("Cheap until {time}"), Level.MEDIUM: _("Normal price until {time}"),
            Level.HIGH: _("Peak until {time}")}[level].format(time=until)


def _carbon_word(found: Ambient, fmt: Formatter, tz: ZoneInfo) -> str:
    _ = fmt._
    level = found.level or Level.MEDIUM
    if found.until is None:
        return {Level.LOW: _("Low carbon now"), Level.MEDIUM: _("Moderate carbon now"),
                Level.HIGH: _("High carbon now")}[level]
    return {Level.LOW: _("Low carbon until {time}"), Level.MEDIUM: _("Moderate carbon until {time}"),
            Level.HIGH: _("High carbon until {time}")}[level].format(time=fmt.time(found.until, tz))


def _kw(value: float | None, fmt: Formatter) -> str:
    return fmt.number(Decimal(str(value or 0)), 1)


def _reason(found: Ambient, fmt: Formatter, tz: ZoneInfo, rate_p: Decimal | None) -> str:
    _ = fmt._
    kw = _kw(found.kw, fmt)
    match found.why:
        case Why.ABSOLUTE:
            return _("Using {kw} kW. Medium starts at {medium} kW, high at {high} kW.").format(
                kw=kw, medium=_kw(found.medium, fmt), high=_kw(found.high, fmt))
        case Why.RELATIVE:
            times = fmt.number(Decimal(str((found.kw or 0) / (found.usual_kw or 1))), 1)
            return _("Using {kw} kW, {times} times your usual {usual} kW at this time of the week.").format(
                kw=kw, times=times, usual=_kw(found.usual_kw, fmt))
        case Why.TARIFF:
            if rate_p is None:
                return _("Your tariff's rates through the day.")
            return _("Electricity costs {rate} a kWh now.").format(rate=fmt.money(rate_p))
        case Why.CARBON:
            return _("The grid's forecast for your area: {grams} g CO2e a kWh now.").format(
                grams=fmt.number(found.grams or 0, 0))
    return _plain_reason(found.why, fmt, kw)


def _plain_reason(why: Why, fmt: Formatter, kw: str) -> str:
    """The reasons that need no more than the kW: chiefly the fallbacks to judging by kW."""
    _ = fmt._
    words = {
        Why.EXPORTING: _("Sending power to the grid"),
        Why.NO_BASELINE: _("Not enough history yet to know your usual use, so judged by kW: using {kw} kW."),
        Why.METER: _("Your meter's own indicator."),
        Why.METER_QUIET: _("Your meter's own indicator is not being heard, so judged by kW: using {kw} kW."),
        Why.NO_TARIFF_BANDS: _("Your tariff has one rate all day, so judged by kW: using {kw} kW."),
        Why.NO_CARBON_FORECAST: _("No carbon forecast for now, so judged by kW: using {kw} kW."),
        Why.WARMTH: _("Heating on a cold day: keeping warm matters. Using {kw} kW."),
    }
    return words.get(why, "").format(kw=kw)


def most_urgent(alerts: list[tuple[Fuel, Alert]]) -> tuple[Fuel, Alert] | None:
    """The alert the lamp shows: supply off first, then ready to turn on, emergency credit, low
    credit (the order of `Alert`); electricity before gas at the same urgency."""
    order = list(Alert)
    found = [(order.index(a), f is not Fuel.ELECTRICITY, f, a) for f, a in alerts if a is not Alert.NONE]
    if not found:
        return None
    _, _, fuel, alert = min(found)
    return fuel, alert


def _alert_view(fuel: Fuel, alert: Alert, found: Ambient | None, fmt: Formatter) -> AmbientView:
    """Words without amounts: the guest view shows them too, and a lodger sees no balance."""
    _ = fmt._
    electricity = fuel is Fuel.ELECTRICITY
    match alert:
        case Alert.SUPPLY_OFF:
            word = _("Electricity off") if electricity else _("Gas off")
            reason = _("The credit has run out and the supply is off. Top up to turn it back on.")
        case Alert.SUPPLY_ARMED:
            word = _("Ready to turn on")
            reason = _("Electricity can come back on: check that cookers, heaters and irons are off first.") \
                if electricity else _("Gas can come back on at the gas meter: check that the cooker and fires "
                                      "are off first.")
        case Alert.EMERGENCY_IN_USE:
            word = _("Emergency credit")
            reason = _("Electricity is on emergency credit. Top up soon.") if electricity else \
                _("Gas is on emergency credit. Top up soon.")
        case _:
            word = _("Credit low")
            reason = _("Electricity credit is low. Top up soon.") if electricity else \
                _("Gas credit is low. Top up soon.")
    level = found.level if found is not None else None
    return AmbientView(level, ALERT_SHAPES[alert], word, reason, _("{word}. {reason}").format(word=word, reason=reason),
                       alert is Alert.SUPPLY_OFF, alert)
