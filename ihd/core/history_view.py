"""The history screen's words and bars: a period, in a unit, beside the period before it.

Half-hours for a day, days for a week or a month, months for a year. The current period is
compared with the one before *up to the same point* ("12% less than yesterday by this time"),
so half a day is not set against a whole one, and only over the buckets both periods have
readings for: a year with one month recorded is said to be incomplete, not "922% more".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from ihd.core.equivalents import Equivalent, car_km, kettles
from ihd.core.formatting import Formatter
from ihd.core.ledger import Total
from ihd.core.periods import SLOT, Period, PeriodKind, local_midnight, period_of, slots
from ihd.core.rounding import rounded
from ihd.core.units import Direction, DisplayUnit, Fuel

SAME_WITHIN_PERCENT = 3


class HistorySource(Protocol):
    def half_hours(self, fuel: Fuel, direction: Direction, start: datetime, end: datetime) -> list[Total]: ...

    def days(self, fuel: Fuel, direction: Direction, first: date, end: date) -> list[tuple[date, Total]]: ...


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart and its words, beside the same bucket of the period before (if any)."""

    label: str  # short, under the bar ("18:00", "Mon", "12", "Jan")
    when: str  # in full ("18:00 to 18:30", "Monday 16 November")
    value: float | None  # in the text's unit (pence for money), for drawing; None: no reading
    previous: float | None  # the same bucket of the period before
    text: str  # the value with its unit, as shown on a tap
    previous_text: str  # the same for the period before ("" if none)
    spoken: str  # the whole bar in words, for screen readers


@dataclass(frozen=True, slots=True)
class HistoryView:
    """What the history screen shows of one period, fuel and unit: the bars and the words about them."""

    title: str
    period: Period
    fuel: Fuel
    unit: DisplayUnit
    axis_caption: str  # what each bar counts, e.g. "£ each half-hour"
    chart_name: str  # the chart as a screen reader names it: "Chart of today, by half-hour"
    table_name: str  # and the same figures as a table: "Table of today, by half-hour"
    previous_name: str  # the key for the period drawn behind: "Yesterday"
    bars: tuple[Bar, ...]
    total: str
    comparison: str
    extra: str  # standing charges in money, an everyday equivalent otherwise
    basis: str  # what the equivalent rests on
    has_later: bool
    empty: bool
    titles: tuple[str, ...] = field(default=(), compare=False, repr=False)  # see HistoryViewModel.titles
    # A value on the chart's axis in the words the text uses ("5p", "0,5 kWh"): a function of
    # the language, so not compared or printed with the rest.
    tick_label: Callable[[float], str] = field(default=str, compare=False, repr=False)

    @property
    def summary(self) -> str:
        """The chart in words, for its accessible description and for reading aloud."""
        parts = [self.title, self.total, self.comparison, self.extra]
        peak = max((b for b in self.bars if b.value), key=lambda b: b.value or 0, default=None)
        return ". ".join(p for p in parts if p) + (f". {self._peak_words(peak)}" if peak else ".")

    def _peak_words(self, peak: Bar) -> str:
        return f"{peak.when}: {peak.text}."


@dataclass(frozen=True, slots=True)
class _Bucket:
    """The stretch of a period one bar covers, and what was counted in it (None: no readings)."""

    start: datetime
    end: datetime
    label: str
    when: str
    total: Total | None


class HistoryViewModel:
    def __init__(self, fmt: Formatter, tz: ZoneInfo, source: HistorySource, billing_day: int = 1) -> None:
        self.fmt = fmt
        self._tz = tz
        self._source = source
        self._billing_day = billing_day
        self._titled: dict[tuple[PeriodKind, int], tuple[str, ...]] = {}
        self._titled_in: Formatter | None = None  # the language they are in

    def build(self, kind: PeriodKind, offset: int, fuel: Fuel, unit: DisplayUnit, now: datetime) -> HistoryView:
        period = period_of(kind, now, self._tz, self._billing_day).shifted(offset)
        previous = period.shifted(-1)
        here, before = self._buckets(period, fuel), self._buckets(previous, fuel)
        values = [self._value(b.total, unit) for b in here]
        earlier = _padded([self._value(b.total, unit) for b in before], len(here))
        bars = tuple(
            Bar(b.label, b.when, _float(v), _float(before_value),
                self._text(v, unit, b.start > now, _guess(b.total)),
                "" if before_value is None else self._text(before_value, unit),
                f"{b.when}, {self._spoken(v, unit, b.start > now, _guess(b.total))}")
            for b, v, before_value in zip(here, values, earlier, strict=True))
        cut = sum(1 for b in here if b.end <= now)  # the buckets that are over
        totals = [b.total for b in here if b.total is not None] or self._day_total_only(period, fuel)
        total = _sum([self._value(t, unit) for t in totals])
        estimated = any(t.estimated for t in totals)
        extra = self._extra(period, totals, unit, fuel)
        title = self._title(period, offset)
        chart_name, table_name = self._chart_name(title, kind, offset)
        than = self._previous_name(kind, offset)
        return HistoryView(
            title=title,
            period=period,
            fuel=fuel,
            unit=unit,
            axis_caption=self._axis_caption(unit, kind),
            chart_name=chart_name,
            table_name=table_name,
            previous_name=than[:1].upper() + than[1:],
            bars=bars,
            total=self._total_words(total, unit, period.contains(now), estimated),
            comparison=self.fmt._("Estimated: the meter sent only a day total") if estimated and kind is PeriodKind.DAY
            else self._comparison(values[:cut], earlier[:cut], than, period.contains(now) and cut < len(here)),
            extra=extra.text,
            basis=extra.basis,
            has_later=offset < 0,
            empty=total is None,
            titles=self.titles(kind, now),
            tick_label=lambda value: self._tick(value, unit),
        )

    # -- buckets

    def _buckets(self, period: Period, fuel: Fuel) -> list[_Bucket]:
        if period.kind is PeriodKind.DAY:
            found = {t.start: t for t in self._source.half_hours(fuel, Direction.IMPORT, period.start_utc,
                                                                 period.end_utc)}
            return [_Bucket(at, at + SLOT, self._clock(at), self._slot_words(at), found.get(at))
                    for at in slots(period.start_utc, period.end_utc)]
        days = dict(self._source.days(fuel, Direction.IMPORT, period.first, period.end))
        if period.kind is PeriodKind.YEAR:
            return [self._month(period, month, days) for month in range(1, 13)]
        pattern = "EEE" if period.kind is PeriodKind.WEEK else "d"
        return [_Bucket(local_midnight(d, self._tz), local_midnight(d + timedelta(days=1), self._tz),
                        self.fmt.date(d, pattern), self.fmt.date(d, "EEEE d MMMM"), days.get(d))
                for d in period.days()]

    def _day_total_only(self, period: Period, fuel: Fuel) -> list[Total]:
        """A day with no half-hours may still be known as a total the bridge sent: the day view
        shows that, rather than "no use"."""
        if period.kind is not PeriodKind.DAY:
            return []
        return [t for _d, t in self._source.days(fuel, Direction.IMPORT, period.first, period.end)]

    def _month(self, period: Period, month: int, days: dict[date, Total]) -> _Bucket:
        first = date(period.first.year, month, 1)
        inside = [t for d, t in days.items() if d.month == month]
        total = None if not inside else Total(
            inside[0].start, sum((t.kwh for t in inside), Decimal(0)),
            None if any(t.cost_p is None for t in inside) else sum((t.cost_p or 0 for t in inside), Decimal(0)),
            sum((t.co2_kg for t in inside), Decimal(0)),
            sum((t.standing_p or 0 for t in inside), Decimal(0)), any(t.estimated for t in inside))
        after = date(first.year + month // 12, month % 12 + 1, 1)
        return _Bucket(local_midnight(first, self._tz), local_midnight(after, self._tz), self.fmt.date(first, "LLL"),
                       self.fmt.date(first, "LLLL y"), total)

    # -- words

    def _value(self, total: Total | None, unit: DisplayUnit) -> Decimal | None:
        if total is None:
            return None
        if unit is DisplayUnit.MONEY:
            return total.cost_p
        return total.co2_kg if unit is DisplayUnit.CARBON else total.kwh

    def _text(self, value: Decimal | None, unit: DisplayUnit, to_come: bool = False, estimated: bool = False) -> str:
        _ = self.fmt._
        if value is None:
            return _("not yet") if to_come else _("no reading")
        if unit is DisplayUnit.MONEY:
            return self._about(self.fmt.money(value), estimated)
        number = self.fmt.number(value, 2 if abs(value) < 10 else 1)
        if unit is DisplayUnit.CARBON:
            return self._about(f"{number} {_('kg CO2e')}", estimated)
        return f"{number} {_('kWh')}"  # the meter's own figure, even for a day known only as a total

    def _spoken(self, value: Decimal | None, unit: DisplayUnit, to_come: bool = False,
                estimated: bool = False) -> str:
        _ = self.fmt._
        if value is None:
            return _("not yet") if to_come else _("no reading")
        if unit is DisplayUnit.MONEY:
            return self._about(self.fmt.money_spoken(value), estimated)
        number = self.fmt.number(value, 2 if abs(value) < 10 else 1)
        if unit is DisplayUnit.CARBON:
            return self._about(_("{value} kilograms of CO2 equivalent").format(value=number), estimated)
        return _("{value} kilowatt hours").format(value=number)

    def _about(self, text: str, estimated: bool) -> str:
        return self.fmt._("about {amount}").format(amount=text) if estimated else text

    def _tick(self, value: float, unit: DisplayUnit) -> str:
        """An axis label in the text's own form: "5p" (or "0,05 £" in Polish), "0.5 kWh", "2 kg"."""
        _ = self.fmt._
        if unit is DisplayUnit.MONEY:
            return self.fmt.money(Decimal(str(value)))
        what = _("kg") if unit is DisplayUnit.CARBON else _("kWh")
        return f"{self.fmt.number(value, _decimals(value))} {what}"

    def _chart_name(self, title: str, kind: PeriodKind, offset: int) -> tuple[str, str]:
        """The chart's name and the table's, as a screen reader names them."""
        _ = self.fmt._
        # "Today" inside a sentence is "today"; a date ("Monday 16 November") keeps its capitals
        period = title[:1].lower() + title[1:] if offset in (0, -1) else title
        if kind is PeriodKind.DAY:
            names = (_("Chart of {period}, by half-hour"), _("Table of {period}, by half-hour"))
        elif kind is PeriodKind.YEAR:
            names = (_("Chart of {period}, by month"), _("Table of {period}, by month"))
        else:
            names = (_("Chart of {period}, by day"), _("Table of {period}, by day"))
        chart, table = (name.format(period=period) for name in names)
        return chart, table

    def _axis_caption(self, unit: DisplayUnit, kind: PeriodKind) -> str:
        _ = self.fmt._
        what = {DisplayUnit.ENERGY: _("kWh"), DisplayUnit.MONEY: _("£"), DisplayUnit.CARBON: _("kg CO2e")}[unit]
        if kind is PeriodKind.DAY:
            return _("{unit} each half-hour").format(unit=what)
        if kind is PeriodKind.YEAR:
            return _("{unit} each month").format(unit=what)
        return _("{unit} each day").format(unit=what)

    def _total_words(self, total: Decimal | None, unit: DisplayUnit, current: bool, estimated: bool) -> str:
        _ = self.fmt._
        if total is None:
            return _("No use recorded for this period")
        words = _("So far: {amount}") if current else _("In all: {amount}")
        return words.format(amount=self._text(total, unit, estimated=estimated))

    def _comparison(self, values: Sequence[Decimal | None], earlier: Sequence[Decimal | None], than: str,
                    partial: bool) -> str:
        """Over the buckets both periods have readings for; where the earlier period lacks most
        of them, say so rather than set a whole period against a sliver of one."""
        _ = self.fmt._
        recorded = sum(1 for v in values if v is not None)
        shared = [(v, e) for v, e in zip(values, earlier, strict=True) if v is not None and e is not None]
        if not recorded or not any(e is not None for e in earlier):
            return ""
        if 2 * len(shared) < recorded:
            return _("Only part of {than} was recorded, so there is no comparison").format(than=than)
        now = sum((v for v, _e in shared), Decimal(0))
        before = sum((e for _v, e in shared), Decimal(0))
        if before <= 0:
            return ""
        percent = int(rounded((now - before) / before * 100))
        if abs(percent) < SAME_WITHIN_PERCENT:
            words = _("About the same as {than} by this time") if partial else _("About the same as {than}")
            return words.format(than=than)
        if percent < 0:
            words = _("{percent}% less than {than} by this time") if partial else _("{percent}% less than {than}")
        else:
            words = _("{percent}% more than {than} by this time") if partial else _("{percent}% more than {than}")
        return words.format(percent=abs(percent), than=than)

    def _previous_name(self, kind: PeriodKind, offset: int) -> str:
        _ = self.fmt._
        current = offset == 0
        return {
            PeriodKind.DAY: _("yesterday") if current else _("the day before"),
            PeriodKind.WEEK: _("last week") if current else _("the week before"),
            PeriodKind.MONTH: _("last month") if current else _("the month before"),
            PeriodKind.BILLING: _("the last billing month") if current else _("the billing month before"),
            PeriodKind.YEAR: _("last year") if current else _("the year before"),
        }[kind]

    def titles(self, kind: PeriodKind, now: datetime) -> tuple[str, ...]:
        """Names paging through this kind of period may give, in a sample that holds the widest
        (every weekday in every month, every month): the screen keeps room for it, so the arrows
        beside the name stay where a finger left them."""
        if self._titled_in is not self.fmt:
            self._titled, self._titled_in = {}, self.fmt
        year = now.astimezone(self._tz).year
        if (kind, year) not in self._titled:
            firsts = {
                PeriodKind.DAY: [date(year, month, day) for month in range(1, 13) for day in range(22, 29)],
                PeriodKind.WEEK: [date(year, month, 28) for month in range(1, 13)],
                PeriodKind.YEAR: [date(year, 1, 1)],
            }.get(kind, [date(year, month, 1) for month in range(1, 13)])
            self._titled[(kind, year)] = (*self._recent_names(kind), *(self._named(kind, d) for d in firsts))
        return self._titled[(kind, year)]

    def _title(self, period: Period, offset: int) -> str:
        if offset in (0, -1):
            return self._recent_names(period.kind)[-offset]
        return self._named(period.kind, period.first)

    def _recent_names(self, kind: PeriodKind) -> tuple[str, str]:
        """This one and the one before, by name."""
        _ = self.fmt._
        return {
            PeriodKind.DAY: (_("Today"), _("Yesterday")),
            PeriodKind.WEEK: (_("This week"), _("Last week")),
            PeriodKind.MONTH: (_("This month"), _("Last month")),
            PeriodKind.BILLING: (_("This billing month"), _("Last billing month")),
            PeriodKind.YEAR: (_("This year"), _("Last year")),
        }[kind]

    def _named(self, kind: PeriodKind, first: date) -> str:
        """An earlier one, by its first day."""
        if kind is PeriodKind.DAY:
            return self.fmt.date(first, "EEEE d MMMM")
        if kind is PeriodKind.WEEK:
            return self.fmt._("Week of {day}").format(day=self.fmt.date(first, "d MMMM"))
        if kind is PeriodKind.YEAR:
            return self.fmt.date(first, "y")
        return self.fmt.date(first, "LLLL y")

    def _extra(self, period: Period, totals: Sequence[Total], unit: DisplayUnit, fuel: Fuel) -> Equivalent:
        """Standing charges beside the money (from the day totals, whatever the bars are); an
        everyday equivalent beside energy and carbon."""
        _ = self.fmt._
        if not totals:
            return Equivalent("", "")
        if unit is DisplayUnit.MONEY:
            days = self._source.days(fuel, Direction.IMPORT, period.first, period.end)
            standing = sum((t.standing_p for _d, t in days if t.standing_p is not None), Decimal(0))
            if not standing:
                return Equivalent("", "")
            return Equivalent(_("Plus {amount} in standing charges").format(amount=self.fmt.money(standing)), "")
        if unit is DisplayUnit.CARBON:
            return car_km(sum((t.co2_kg for t in totals), Decimal(0)), self.fmt)
        return kettles(sum((t.kwh for t in totals), Decimal(0)), self.fmt)

    def _clock(self, at: datetime) -> str:
        return self.fmt.time(at, self._tz)

    def _slot_words(self, at: datetime) -> str:
        start, end = self._clock(at), self._clock(at + SLOT)
        local = at.astimezone(self._tz)
        if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
            # the hour the clocks go back comes twice: each time says which ("01:30 BST to 01:00 GMT")
            start, end = f"{start} {local.tzname()}", f"{end} {(at + SLOT).astimezone(self._tz).tzname()}"
        return self.fmt._("{start} to {end}").format(start=start, end=end)


def _guess(total: Total | None) -> bool:
    return total is not None and total.estimated


def _padded(values: Sequence[Decimal | None], length: int) -> list[Decimal | None]:
    """The period before may be shorter (a 30-day month after a 31-day one) or longer."""
    return [*values[:length], *([None] * (length - len(values)))]


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _decimals(value: float) -> int:
    """Enough decimal places to tell axis steps apart: 0.05 needs two, 0.5 one, 5 none."""
    return next((d for d in range(3) if abs(round(value, d) - value) < 1e-9), 3)


def _whole(x: float) -> bool:
    return abs(x - round(x)) < 1e-9


def nice_ticks(top: float, most: int, least_step: float = 0.0) -> list[float]:
    """Axis values from 0 to at least `top`, at most `most` of them past 0, a step of 1, 2, 2.5 or 5
    times a power of ten (and never below `least_step`: a penny, where the text counts pence)."""
    if top <= 0:
        return [0.0, least_step or 1.0]
    rough = max(top / max(most, 1), least_step, 1e-9)
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10)
                if m * power >= rough - 1e-12 and _whole(m * power / least_step if least_step else 1))
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]
