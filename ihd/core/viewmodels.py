"""Screen-ready words and figures for the home screen, in the chosen unit and language.

The screen only places these strings; every decision about what to say (stale, exporting, no
tariff yet, part of a day) is made here, where it is tested without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.core.account_view import AccountView, Action, FuelAccount
from ihd.core.ambient_view import AmbientView
from ihd.core.formatting import Formatter, dated
from ihd.core.link import Link, LinkProblem, LinkState
from ihd.core.live import Freshness, FuelSnapshot, LiveSnapshot
from ihd.core.trend import Trend
from ihd.core.units import DisplayUnit, Fuel

DASH = "–"


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as the home screen shows it, with its unit and the whole of it in words."""

    value: str  # the number, as large as the screen allows
    unit: str  # short unit beside it
    spoken: str  # the whole figure in words, for screen readers


@dataclass(frozen=True, slots=True)
class PanelView:
    """One fuel's panel on the home screen, in words and figures."""

    fuel: Fuel
    title: str
    visible: bool
    freshness: Freshness
    main_label: str
    main: Figure
    main_note: str
    today_label: str
    today: Figure
    today_note: str
    standing: str  # the day's standing charge, shown apart from use; "" when not in money
    alert: str = ""  # prepayment: low credit, emergency credit in use, supply off or ready to turn on
    alert_kind: str = ""  # what the alert is about, so a change of amount is not news
    actions: tuple[Action, ...] = ()  # prepayment buttons: top up, emergency credit, turn on
    account: bool = False  # a prepayment fuel: its panel leads to the account screen

    @property
    def main_accessible(self) -> str:
        return _join(self.title, self.main_label, self.main.spoken, self.main_note)

    @property
    def today_accessible(self) -> str:
        return _join(self.title, self.today_label, self.today.spoken, self.today_note)


@dataclass(frozen=True, slots=True)
class HomeView:
    """Everything the home screen shows, in the chosen unit and language."""

    unit: DisplayUnit
    electricity: PanelView
    gas: PanelView
    link_text: str
    link_ok: bool
    demo: bool
    notice: str = ""  # a problem the household should know of, e.g. history not being saved
    ambient: AmbientView | None = None
    news: str = ""  # from the supplier: a message to read or a proposal to answer
    news_short: str = ""  # the same in a few words, for a button
    glance: str = ""  # the time, today against yesterday, the unit rate and the next cheap period
    # today so far and yesterday by this time, as a pair of bars: ((words, kWh), (words, kWh))
    pair: tuple[tuple[str, float], tuple[str, float]] | None = None
    # electricity use over the last hour, kW a minute (None: no reading), and the same in words
    trend: tuple[float | None, ...] = ()
    trend_words: str = ""


@dataclass(frozen=True, slots=True)
class Glance:
    """What the home screen's glance line needs beyond the live figures."""

    compared: str = ""  # today against yesterday by this time, in the history's words
    rate_shown: bool = True  # not in the guest view: a price shows the tariff
    cheap: tuple[bool, datetime | None] | None = None  # cheap now?, and until or from when
    kwh: tuple[float, float] | None = None  # electricity today and yesterday, by this time


def _join(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


class HomeViewModel:
    """Turns a live snapshot into the home screen's words."""

    def __init__(self, fmt: Formatter, tz: ZoneInfo, gas_enabled: bool) -> None:
        self.fmt = fmt
        self._tz = tz
        self._gas_enabled = gas_enabled
        self._at: datetime | None = None  # the snapshot's now, while building

    def build(self, snap: LiveSnapshot, link: Link, unit: DisplayUnit, history_problem: str = "",
              ambient: AmbientView | None = None, account: AccountView | None = None,
              glance: Glance | None = None) -> HomeView:
        """`account`, when given, puts each prepayment fuel's balance first on its panel."""
        _ = self.fmt._
        self._at = snap.now
        link_text, ok = self.link_words(link, snap, plain=True)
        notice = _("History is not being saved ({reason}). The figures on screen carry on.").format(
            reason=history_problem) if history_problem else ""
        panels = []
        for fs, title, visible in ((snap.electricity, _("Electricity"), True),
                                   (snap.gas, _("Gas"), self._gas_enabled)):
            credit = account.fuel(fs.fuel) if account is not None else None
            panels.append(self._panel(fs, unit, title, visible) if credit is None else
                          self._credit_panel(fs, unit, title, credit))
        return HomeView(unit, panels[0], panels[1], link_text, ok, link.state is LinkState.DEMO, notice, ambient,
                        account.news if account is not None else "",
                        account.news_short if account is not None else "",
                        self._glance(snap, glance or Glance()), self._pair(glance or Glance()),
                        *self._trend(snap.trend))

    def _trend(self, trend: Trend) -> tuple[tuple[float | None, ...], str]:
        if not trend:
            return (), ""
        known = trend.known

        def kw(value: float) -> str:
            return self.fmt.number(value, 2)

        return trend.points, self.fmt._("Use over the last hour: between {low} and {high} kilowatts, "
                                        "{latest} kilowatts most recently").format(
            low=kw(min(known)), high=kw(max(known)), latest=kw(known[-1]))

    def _pair(self, glance: Glance) -> tuple[tuple[str, float], tuple[str, float]] | None:
        _ = self.fmt._
        if glance.kwh is None:
            return None
        today, yesterday = glance.kwh

        def words(name: str, kwh: float) -> str:
            return f"{name}: {self.fmt.number(kwh, 1)} {_('kWh')}"

        return ((words(_("Today so far"), today), today),
                (words(_("Yesterday by this time"), yesterday), yesterday))

    def _glance(self, snap: LiveSnapshot, glance: Glance) -> str:
        """ "18:20 · 12% less than yesterday by this time · 24.50p a kWh · cheaper from 00:30" """
        _ = self.fmt._
        parts = [self.fmt.time(snap.now, self._tz), glance.compared[:1].upper() + glance.compared[1:]]
        rate = snap.electricity.unit_rate_p
        if glance.rate_shown and rate is not None:
            parts.append(_("Electricity {rate}p a kWh").format(rate=self.fmt.number(rate, 2)))
        if glance.rate_shown and glance.cheap is not None:
            cheap_now, when = glance.cheap
            if cheap_now:
                parts.append(_("cheap now") if when is None else
                             _("cheap until {time}").format(time=self.fmt.time(when, self._tz)))
            elif when is not None:
                parts.append(_("cheap from {time}").format(time=self.fmt.time(when, self._tz)))
        return " · ".join(p for p in parts if p)

    def link_words(self, link: Link, snap: LiveSnapshot, plain: bool = False) -> tuple[str, bool]:
        """`plain`: for the home screen, in a householder's words; the addresses and reasons
        are on the About screen."""
        _ = self.fmt._
        if plain and link.state is LinkState.REFUSED:
            return _("Cannot connect to the bridge. Trying again; the About screen says why."), False
        if plain and link.state not in (LinkState.DEMO, LinkState.CONNECTING, LinkState.CONNECTED):
            return _("Connection lost: trying again"), False
        match link.state:
            case LinkState.DEMO:
                return _("DEMO: a simulated home, not your meter"), True
            case LinkState.CONNECTING:
                return _("Connecting to the bridge…"), False
            case LinkState.CONNECTED if snap.bridge is not None and not snap.bridge.online:
                return _("Connected, but the bridge says it is offline"), False
            case LinkState.CONNECTED if snap.bridge is not None and snap.bridge.meter_joined is False:
                return _("Connected, but the bridge cannot reach the meter"), False
            case LinkState.CONNECTED:
                return _("Connected to the bridge"), True
            case LinkState.REFUSED:
                words = _("Cannot connect: {problem}. Trying again.")
                return words.format(problem=self._problem(link)), False
        if link.problem is None:
            return _("Connection lost: trying again"), False
        return _("Connection lost: {problem}. Trying again.").format(problem=self._problem(link)), False

    def _problem(self, link: Link) -> str:
        _ = self.fmt._
        words = {
            LinkProblem.NOT_LISTENING: _("nothing answers at {where} (is the broker running?)"),
            LinkProblem.HOST_UNKNOWN: _("the name {where} cannot be found"),
            LinkProblem.NO_ANSWER: _("{where} does not answer"),
            LinkProblem.UNREACHABLE: _("{where} cannot be reached"),
            LinkProblem.CLOSED: _("the broker closed the connection"),
            LinkProblem.TLS_FAILED: _("the secure connection to {where} failed"),
            LinkProblem.LOGIN_REFUSED: _("the broker refused the username or password"),
            LinkProblem.REFUSED: _("the broker refused the connection"),
        }
        return words.get(link.problem or LinkProblem.REFUSED, "").format(where=link.where)

    # -- panels

    def _panel(self, fs: FuelSnapshot, unit: DisplayUnit, title: str, visible: bool) -> PanelView:
        _ = self.fmt._
        today, today_note = self._today(fs, unit)
        if fs.fuel is Fuel.ELECTRICITY:
            main_label, (main, main_note) = _("Now"), self._now(fs, unit)
            today_label = _("Today")
        else:
            # A gas meter reports every half hour, so today's use is gas's headline figure.
            gas_note = self._gas_note(fs)
            stale = fs.freshness is Freshness.STALE
            main_label, main = _("Today"), today
            main_note = gas_note if stale or not today_note else _join(today_note, gas_note)
            today_label, today, today_note = "", Figure("", "", ""), ""
        return PanelView(fs.fuel, title, visible, fs.freshness, main_label, main, main_note,
                         today_label, today, today_note, self._standing(fs, unit))

    def _credit_panel(self, fs: FuelSnapshot, unit: DisplayUnit, title: str, credit: FuelAccount) -> PanelView:
        """A prepayment fuel: the balance is the headline, use now (or today, for gas) beneath it."""
        _ = self.fmt._
        if fs.fuel is Fuel.ELECTRICITY:
            use_label, (use, use_note) = _("Now"), self._now(fs, unit)
        else:
            use_label, (use, use_note) = _("Today"), self._today(fs, unit)
        balance = Figure(credit.balance, "", credit.balance_spoken)
        # Emergency credit, debt and friendly hours are on the account screen, a tap away.
        days = credit.days_left if credit.days_known else ""
        return PanelView(fs.fuel, title, True, fs.freshness, credit.label, balance, days,
                         use_label, use, use_note, "", credit.alert_text, credit.alert.value, credit.actions,
                         account=True)

    def _now(self, fs: FuelSnapshot, unit: DisplayUnit) -> tuple[Figure, str]:
        _ = self.fmt._
        if fs.freshness is Freshness.WAITING:
            return _blank(), _("Waiting for the meter…")
        if fs.demand_w is None:
            if fs.freshness is Freshness.STALE and fs.last_reading_at is not None:
                return _blank(), self._dated(fs.last_reading_at, _("No reading since {time}"),
                                             _("No reading since yesterday at {time}"),
                                             _("No reading since {day} at {time}"))
            return _blank(), _("The meter has not sent a demand figure")
        kw = Decimal(str(fs.demand_w)) / 1000
        if kw < 0:
            return self._power(-kw), _("Sending power to the grid")
        if unit is DisplayUnit.MONEY:
            if fs.unit_rate_p is None:
                return self._power(kw), _("No price known yet")
            pence = kw * fs.unit_rate_p
            return Figure(self.fmt.money(pence), _("an hour"),
                          _("{amount} an hour").format(amount=self.fmt.money_spoken(pence))), ""
        if unit is DisplayUnit.CARBON:
            kg = kw * fs.kg_per_kwh
            return Figure(self.fmt.number(kg, 2), _("kg CO2e an hour"),
                          _("{value} kilograms of CO2 equivalent an hour").format(
                              value=self.fmt.number(kg, 2))), ""
        return self._power(kw), ""

    def _power(self, kw: Decimal) -> Figure:
        _ = self.fmt._
        text = self.fmt.number(kw, 2 if kw < 10 else 1)
        return Figure(text, _("kW"), _("{value} kilowatts").format(value=text))

    def _today(self, fs: FuelSnapshot, unit: DisplayUnit) -> tuple[Figure, str]:
        _ = self.fmt._
        day = fs.today
        if day is None:
            if fs.freshness is Freshness.WAITING:
                return _blank(), _("Waiting for the meter…")
            return _blank(), _("Waiting for today's first meter reading")
        if fs.freshness is Freshness.STALE and day.last_at is not None:
            note = _("up to {time}").format(time=self._time(day.last_at))
        elif day.since is not None:
            note = _("since {time}").format(time=self._time(day.since))
        else:
            note = ""
        return self._amount(day.kwh, day.cost_p, day.co2_kg, unit), note

    def _amount(self, kwh: Decimal, cost_p: Decimal | None, co2_kg: Decimal, unit: DisplayUnit) -> Figure:
        _ = self.fmt._
        if unit is DisplayUnit.MONEY and cost_p is not None:
            return Figure(self.fmt.money(cost_p), "", self.fmt.money_spoken(cost_p))
        if unit is DisplayUnit.CARBON:
            kg = co2_kg
            text = self.fmt.number(kg, 2 if kg < 10 else 1)
            return Figure(text, _("kg CO2e"),
                          _("{value} kilograms of CO2 equivalent").format(value=text))
        text = self.fmt.number(kwh, 2 if kwh < 10 else 1)
        return Figure(text, _("kWh"), _("{value} kilowatt hours").format(value=text))

    def _standing(self, fs: FuelSnapshot, unit: DisplayUnit) -> str:
        _ = self.fmt._
        if unit is not DisplayUnit.MONEY:
            return ""
        if fs.unit_rate_p is None:
            return _("No price known yet")  # (the About screen and the docs say where one comes from)
        if fs.standing_charge_p is None:
            return _("Standing charge not sent by the meter yet")
        standing = _("Standing charge: {amount} a day").format(amount=self.fmt.money(fs.standing_charge_p))
        cost = fs.today.cost_p if fs.today is not None else None
        if cost is None:
            return standing
        total = _("Total today: {amount}").format(amount=self.fmt.money(cost + fs.standing_charge_p))
        return f"{standing}\n{total}"

    def _gas_note(self, fs: FuelSnapshot) -> str:
        _ = self.fmt._
        if fs.last_reading_at is None:
            return ""
        if fs.freshness is Freshness.STALE:
            return self._dated(fs.last_reading_at, _("No new gas reading since {time}"),
                               _("No new gas reading since yesterday at {time}"),
                               _("No new gas reading since {day} at {time}"))
        return self._dated(fs.last_reading_at, _("Meter reading at {time}"), _("Meter reading yesterday at {time}"),
                           _("Meter reading on {day} at {time}"))

    def _time(self, when: datetime) -> str:
        return self.fmt.time(when, self._tz)

    def _dated(self, when: datetime, today: str, yesterday: str, earlier: str) -> str:
        return dated(self.fmt, when, self._at or when, self._tz, today, yesterday, earlier)


def _blank() -> Figure:
    return Figure(DASH, "", "")
