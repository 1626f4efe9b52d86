"""The consent screen's words: for each category, what data, to whom, how often, why, and how to
withdraw; what switching on will share, and what switching off does to what was already gathered.
The statement a household reads is the one recorded with its choice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ihd.core.consent import Category, ConsentRecord, ConsentState
from ihd.core.formatting import Formatter
from ihd.core.household import Audit
from ihd.core.trusted import Helper, TrustedPerson


@dataclass(frozen=True, slots=True)
class Statement:
    """What a consent category means, as shown before a choice and recorded with it."""

    title: str
    what: str
    who: str
    how_often: str
    why: str
    withdraw: str

    @property
    def text(self) -> str:
        """The whole statement, as recorded with a choice."""
        return "\n".join((self.title, self.what, self.who, self.how_often, self.why, self.withdraw))


@dataclass(frozen=True, slots=True)
class CategoryView:
    """One consent category as the consent screen shows it, and what switching it on or off means."""

    category: Category
    statement: Statement
    on: bool
    state: str  # "On since 23 Nov 2026" / "Off (as it starts)"
    available: bool  # False: nothing is set up for it (no service named, no postcode district)
    unavailable_reason: str
    ask: str  # the question before switching on
    off_effect: str  # said once it is switched off


@dataclass(frozen=True, slots=True)
class ConsentView:
    """The consent screen's words: every category, and every choice made, newest first."""

    categories: tuple[CategoryView, ...]
    log: tuple[str, ...]  # every choice, newest first


class ConsentViewModel:
    def __init__(self, fmt: Formatter, tz: ZoneInfo) -> None:
        self.fmt = fmt
        self._tz = tz

    def helper(self, helper: Helper) -> str:
        _ = self.fmt._
        return {Helper.FAMILY: _("family"), Helper.FRIEND: _("friend or neighbour"), Helper.CARER: _("carer"),
                Helper.SUPPORT: _("support service")}[helper]

    def statement(self, category: Category, service: str = "", person: TrustedPerson | None = None) -> Statement:
        """`service`: the outside service (third-party), or for trusted-person the organisation
        that passes the messages on; `person`: whom the household names for trusted-person."""
        _ = self.fmt._
        withdraw = _("Switch it off here at any time; it stops at once.")
        match category:
            case Category.DETAILED_HISTORY:
                return Statement(
                    _("Detailed history on this display"),
                    _("What: your use every half-hour, and the meter readings it is worked out from."),
                    _("Who: no one else. It stays on this display and is never sent anywhere."),
                    _("How long: 13 months, for the history charts and comparisons."),
                    _("Why: to show when in the day you use energy, and to compare with a year ago."),
                    _("Switch it off here at any time: earlier half-hours are then deleted and only daily "
                      "totals are kept."))
            case Category.SUPPLIER_HALF_HOURLY:
                return Statement(
                    _("Half-hourly use, to your energy supplier"),
                    _("What: how much electricity and gas you used in each half-hour."),
                    _("Who: your energy supplier, through the bridge."),
                    _("How often: every half-hour, once it is over."),
                    _("Why: for time-of-use tariffs and more accurate bills. Your supplier may not use it "
                      "for marketing without asking you."),
                    withdraw)
            case Category.SUPPLIER_DAILY:
                return Statement(
                    _("Daily use, to your energy supplier"),
                    _("What: how much electricity and gas you used each day, in total."),
                    _("Who: your energy supplier, through the bridge."),
                    _("How often: once a day, after midnight."),
                    _("Why: for accurate bills without estimated readings."),
                    withdraw)
            case Category.THIRD_PARTY:
                name = service or _("a service you choose")
                return Statement(
                    _("Half-hourly use, to {service}").format(service=name),
                    _("What: how much electricity and gas you used in each half-hour."),
                    _("Who: {service} only, through the bridge.").format(service=name),
                    _("How often: every half-hour, once it is over."),
                    _("Why: for the advice or service you signed up for with them."),
                    withdraw)
            case Category.HOME_DEVICES:
                return Statement(
                    _("Figures for other devices in the home"),
                    _("What: the figures this display works out: use now, use and cost today, the meter "
                      "readings, the price now, the colour level, and the balance on pay as you go."),
                    _("Who: devices in your home that log in to its broker, such as Home Assistant or a "
                      "TV box."),
                    _("How often: every 10 seconds while the display runs."),
                    _("Why: to see them on another screen, or to switch things on when energy is cheap."),
                    withdraw)
            case Category.TRUSTED_PERSON:
                return self._trusted(service, person, withdraw)
        return Statement(
            _("Local carbon look-ups"),
            _("What: the first half of your postcode (such as EH12), never the whole of it."),
            _("Who: the bridge, to look up how clean the electricity in your area is now."),
            _("How often: once, and again if it changes."),
            _("Why: to show the carbon of your electricity with your region's figures instead of the "
              "national average."),
            withdraw)

    def _trusted(self, through: str, person: TrustedPerson | None, withdraw: str) -> Statement:
        _ = self.fmt._
        what = _("What: a short message when your credit is low, when emergency credit is in use, when the "
                 "supply goes off and when it comes back on, each with the time and nothing else.")
        if person is not None and person.balance:
            what = _("What: a short message when your credit is low, when emergency credit is in use, when the "
                     "supply goes off and when it comes back on, each with the time and your balance.")
        if person is None:
            who = _("Who: one person you name, such as family or a support worker.")
        else:
            who = _("Who: {name} ({helper}), told by {organisation}.").format(
                name=person.name, helper=self.helper(person.helper), organisation=through or _("no one yet"))
        return Statement(
            _("Tell someone you trust"), what, who,
            _("How often: only when one of those starts, on pay as you go."),
            _("Why: so someone can help before you go without heating or light."),
            withdraw)

    def build(self, state: ConsentState, records: list[ConsentRecord], service: str, district: str,
              audit: tuple[tuple[datetime, str], ...] = (), through: str = "",
              person: TrustedPerson | None = None) -> ConsentView:
        """`audit`: the household's own trail (wipes asked for, stopped, done), shown among the
        choices, newest first; `through` the organisation passing on trusted-person messages, and
        `person` whom they go to."""
        _ = self.fmt._
        views = []
        for category in Category:
            on = state.allows(category)
            since = state.since(category)
            if since is None:
                words = _("On (as it starts)") if on else _("Off (as it starts)")
            else:
                words = (_("On since {date}") if on else _("Off since {date}")).format(date=self._date(since))
            available, reason = True, ""
            if category is Category.THIRD_PARTY and not service:
                available, reason = False, _("No outside service is set up on this display.")
            if category is Category.CARBON_LOOKUP and not district:
                available, reason = False, _("No postcode district is set up on this display.")
            if category is Category.TRUSTED_PERSON and not through:
                available, reason = False, _("No organisation is set up on this display to pass the messages on.")
            named = through if category is Category.TRUSTED_PERSON else service
            statement = self.statement(category, named, person)
            views.append(CategoryView(category, statement, on, words, available or on, reason,
                                      self._ask(category, statement), self._off_effect(category)))
        entries = [(r.at, self._log_line(r, through if r.category is Category.TRUSTED_PERSON else service))
                   for r in records]
        entries += [(at, self._audit_line(at, what)) for at, what in audit]
        entries.sort(key=lambda entry: entry[0])
        return ConsentView(tuple(views), tuple(line for _at, line in reversed(entries)))

    def _ask(self, category: Category, statement: Statement) -> str:
        _ = self.fmt._
        if category is Category.DETAILED_HISTORY:
            return _("Keep your half-hourly use on this display again? It is never sent anywhere.")
        return _("If you agree, this will be sent: {what} {who} {how_often}").format(
            what=statement.what, who=statement.who, how_often=statement.how_often)

    def _off_effect(self, category: Category) -> str:
        _ = self.fmt._
        if category is Category.DETAILED_HISTORY:
            return _("Detailed history is off. Half-hours before today are being deleted; daily totals are "
                     "kept.")
        if category is Category.CARBON_LOOKUP:
            return _("Switched off. Your postcode district has been withdrawn from the bridge.")
        if category is Category.HOME_DEVICES:
            return _("Switched off. The figures have been taken off the broker, and other devices get no "
                     "more.")
        if category is Category.TRUSTED_PERSON:
            return _("Switched off: no more messages will be sent, and the organisation deletes the ones it "
                     "has.")
        return _("Switched off: nothing more will be sent. What was sent before stays with them; ask them to "
                 "delete it if you wish.")

    def _log_line(self, record: ConsentRecord, service: str) -> str:
        _ = self.fmt._
        title = self.statement(record.category, service).title
        words = _("{when}: {title}: switched on") if record.granted else _("{when}: {title}: switched off")
        return words.format(when=self._when(record.at), title=title)

    def _audit_line(self, at: datetime, what: str) -> str:
        _ = self.fmt._
        words = {Audit.WIPE_REQUESTED: _("{when}: clearing the display asked for without the PIN"),
                 Audit.WIPE_STOPPED: _("{when}: clearing the display stopped with the PIN"),
                 Audit.WIPED: _("{when}: the display was cleared for a new occupier")}.get(what, "{when}: " + what)
        return words.format(when=self._when(at))

    def _date(self, when: datetime) -> str:
        return self.fmt.date(when.astimezone(self._tz).date(), "d MMM y")

    def _when(self, when: datetime) -> str:
        return f"{self._date(when)}, {self.fmt.time(when, self._tz)}"
