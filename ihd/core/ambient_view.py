"""The ambient level in words and shapes: colour is never the only cue."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.ambient import Ambient, Level, Why
from ihd.core.formatting import Formatter

SHAPES = {Level.LOW: "▼", Level.MEDIUM: "◆", Level.HIGH: "▲"}


@dataclass(frozen=True, slots=True)
class AmbientView:
    level: Level | None
    shape: str
    word: str  # "High", "Cheap until 05:30"
    reason: str  # always available in words
    spoken: str  # what a change of level says aloud
    alarming: bool  # the high band of use (repeated aloud while it lasts)

    @property
    def accessible(self) -> str:
        return f"{self.word}. {self.reason}" if self.word else self.reason


def ambient_view(found: Ambient | None, fmt: Formatter, tz: ZoneInfo, gentle: bool = False,
                 rate_p: Decimal | None = None) -> AmbientView:
    _ = fmt._
    if found is None or found.level is None:
        return AmbientView(None, "", "", _("Waiting for the meter"), "", False)
    word = _tariff_word(found, fmt, tz) if found.tariff else _use_word(found.level, fmt, gentle)
    reason = _reason(found, fmt, tz, rate_p)
    if found.tariff:
        spoken = _("Electricity: {word}").format(word=word)
    else:
        spoken = _("Electricity use: {word}").format(word=word)
    return AmbientView(found.level, SHAPES[found.level], word, reason, spoken,
                       found.level is Level.HIGH and not found.tariff)


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


def _kw(value: float | None, fmt: Formatter) -> str:
    return fmt.number(Decimal(str(value or 0)), 1)


def _reason(found: Ambient, fmt: Formatter, tz: ZoneInfo, rate_p: Decimal | None) -> str:
    _ = fmt._
    kw = _kw(found.kw, fmt)
    match found.why:
        case Why.EXPORTING:
            return _("Sending power to the grid")
        case Why.ABSOLUTE:
            return _("Using {kw} kW. Medium starts at {medium} kW, high at {high} kW.").format(
                kw=kw, medium=_kw(found.medium, fmt), high=_kw(found.high, fmt))
        case Why.RELATIVE:
            times = fmt.number(Decimal(str((found.kw or 0) / (found.usual_kw or 1))), 1)
            return _("Using {kw} kW, {times} times your usual {usual} kW at this time of the week.").format(
                kw=kw, times=times, usual=_kw(found.usual_kw, fmt))
        case Why.NO_BASELINE:
            return _("Not enough history yet to know your usual use, so judged by kW: using {kw} kW.").format(kw=kw)
        case Why.METER:
            return _("Your meter's own indicator.")
        case Why.METER_QUIET:
            return _("Your meter's own indicator is not being heard, so judged by kW: using {kw} kW.").format(kw=kw)
        case Why.TARIFF:
            if rate_p is None:
                return _("Your tariff's rates through the day.")
            return _("Electricity costs {rate} a kWh now.").format(rate=fmt.money(rate_p))
        case Why.NO_TARIFF_BANDS:
            return _("Your tariff has one rate all day, so judged by kW: using {kw} kW.").format(kw=kw)
        case Why.WARMTH:
            return _("Heating on a cold day: keeping warm matters. Using {kw} kW.").format(kw=kw)
    return ""
