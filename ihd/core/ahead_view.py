"""What the forward view shows: the next 24 hours' prices and carbon as bars, with "now" first,
and for each common job the cheapest (and, with a carbon forecast, the greenest) time to run it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.ahead import HalfHour, Job, Window, best_window, cost_p, rates_from
from ihd.core.feeds_status import FeedsStatus
from ihd.core.formatting import Formatter
from ihd.core.history_view import Bar
from ihd.core.periods import SLOT

PRICE, CARBON = "price", "carbon"


@dataclass(frozen=True, slots=True)
class AheadView:
    """What the forward view shows: the next 24 hours as bars, and the best time for each job."""

    title: str
    shown: str  # PRICE or CARBON
    bars: tuple[Bar, ...]  # the shown measure, the half-hour in progress first
    tick_label: Callable[[float], str]  # for the chart's value axis
    axis_caption: str  # what a bar is ("p a kWh each half-hour", "g CO2e a kWh, forecast")
    now: str  # the price in force now and until when
    jobs: tuple[str, ...]  # a sentence a job
    note: str  # what is not known, and why
    summary: str  # all of it, for reading aloud and screen readers


class AheadViewModel:
    def __init__(self, fmt: Formatter, tz: ZoneInfo, jobs: Sequence[Job]) -> None:
        self.fmt = fmt
        self._tz = tz
        self._jobs = tuple(jobs)

    def build(self, slots: Sequence[HalfHour], shown: str, feeds: FeedsStatus | None = None) -> AheadView:
        _ = self.fmt._
        priced = [(s.start, s.rate_p) for s in slots]
        carbon = [(s.start, s.grams) for s in slots]
        single = len({s.rate_p for s in slots if s.rate_p is not None}) <= 1
        has_carbon = any(g is not None for _s, g in carbon)
        jobs = tuple(self._job(job, slots, priced, carbon, single) for job in self._jobs)
        now = self._now(slots)
        note = ""
        if not has_carbon:
            note = _("No carbon forecast has reached the display. It comes from the grid's forecast for your "
                     "area when look-ups are allowed on Your data and ihd-feeds is set up.")
        elif shown == CARBON:
            note = _("Carbon figures ahead are a forecast: the grid's own, for your area.")
        note = " ".join(part for part in (self._feeds(feeds), note) if part)
        if shown == CARBON and has_carbon:
            bars = tuple(self._bar(s.start, s.grams, self._grams(s.grams), s.band) for s in slots)
            axis = _("g CO2e a kWh each half-hour, forecast")
            tick: Callable[[float], str] = lambda v: self.fmt.number(v, 0)  # noqa: E731
        else:
            bars = tuple(self._bar(s.start, None if s.rate_p is None else float(s.rate_p), self._rate(s.rate_p), None)
                         for s in slots)
            axis = _("p a kWh each half-hour")
            tick = lambda v: self.fmt.number(v, 0)  # noqa: E731
        title = _("The next 24 hours")
        summary = " ".join(part for part in (title + ".", now, *jobs, note) if part)
        return AheadView(title, CARBON if shown == CARBON and has_carbon else PRICE, bars, tick, axis, now, jobs,
                         note, summary)

    # -- the sentences

    def _feeds(self, feeds: FeedsStatus | None) -> str:
        """What ihd-feeds says of its sources, where one is failing: the figures shown stay, but
        may be old."""
        _ = self.fmt._
        if feeds is None:
            return ""
        if not feeds.online:
            return _("ihd-feeds has stopped: the prices and forecast shown may be out of date.")
        said = []
        for name, words in (("prices", _("Prices from the internet unavailable since {time}.")),
                            ("carbon", _("The carbon forecast unavailable since {time}."))):
            source = feeds.sources.get(name)
            if source is not None and source.state == "unavailable" and source.since is not None:
                said.append(words.format(time=self.fmt.time(source.since, self._tz)))
        return " ".join(said)

    def _now(self, slots: Sequence[HalfHour]) -> str:
        _ = self.fmt._
        if not slots or slots[0].rate_p is None:
            return _("The price now is not known: no tariff has reached the display.")
        rate = slots[0].rate_p
        lasts = next((s.start for s in slots if s.rate_p != rate), None)
        if lasts is None:
            return _("Now {rate} a kWh, the same for the next 24 hours.").format(rate=self._rate(rate))
        return _("Now {rate} a kWh, until {time}.").format(rate=self._rate(rate), time=self.fmt.time(lasts, self._tz))

    def _job(self, job: Job, slots: Sequence[HalfHour], priced: list[tuple[datetime, Decimal | None]],
             carbon: list[tuple[datetime, int | None]], single: bool) -> str:
        _ = self.fmt._
        name = self._job_name(job)
        cheapest = best_window(priced, job.slots)
        if cheapest is None:
            return _("{job}: the prices ahead are not known.").format(job=name)
        best = cost_p(rates_from(slots, cheapest.start, job.slots) or [], job.kwh)
        now_rates = rates_from(slots, slots[0].start, job.slots)
        greenest = best_window(carbon, job.slots)
        if greenest is None:
            green = ""
        elif greenest.start == slots[0].start:
            green = " " + _("Greenest now.")
        else:
            green = " " + _("Greenest from {time}.").format(time=self._from(greenest))
        if single or (now_rates is not None and cost_p(now_rates, job.kwh) <= best):
            return _("{job}: about {cost}, whenever it runs.").format(job=name, cost=self.fmt.money(best)) + green
        if now_rates is None:
            return _("{job}: cheapest from {time}, about {cost}.").format(
                job=name, time=self._from(cheapest), cost=self.fmt.money(best)) + green
        return _("{job}: cheapest from {time}, about {cost} instead of {now} now.").format(
            job=name, time=self._from(cheapest), cost=self.fmt.money(best),
            now=self.fmt.money(cost_p(now_rates, job.kwh))) + green

    def _job_name(self, job: Job) -> str:
        _ = self.fmt._
        hours = self.fmt.number(job.hours, 0 if job.hours == job.hours.to_integral_value() else 1)
        names = {"washing": _("Washing machine, {hours} h"), "dishwasher": _("Dishwasher, {hours} h"),
                 "dryer": _("Tumble dryer, {hours} h"), "car": _("Charging a car, {hours} h")}
        return names.get(job.key, job.key).format(hours=hours)

    def _from(self, window: Window) -> str:
        return self.fmt.time(window.start, self._tz)

    def _rate(self, rate: Decimal | None) -> str:
        if rate is None:
            return self.fmt._("not known")
        return self.fmt._("{pence}p").format(pence=self.fmt.number(rate, 1))

    def _grams(self, grams: int | None) -> str:
        if grams is None:
            return self.fmt._("no forecast")
        return self.fmt._("{grams} g CO2e a kWh").format(grams=self.fmt.number(grams, 0))

    def _bar(self, start: datetime, value: float | None, text: str, band: str | None) -> Bar:
        when = self.fmt._("{start} to {end}").format(start=self.fmt.time(start, self._tz),
                                                      end=self.fmt.time(start + SLOT, self._tz))
        _ = self.fmt._
        bands = {"very low": _("very low"), "low": _("low"), "moderate": _("moderate"), "high": _("high"),
                 "very high": _("very high")}
        spoken = f"{when}: {text}" + (f" ({bands.get(band, band)})" if band else "")
        return Bar(self.fmt.time(start, self._tz), when, value, None, text, "", spoken)
