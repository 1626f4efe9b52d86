"""Consent: the choices in force, what the display publishes because of them (and nothing else),
and the local history's retention following the detailed-history choice.

Publishing: the consent record (retained, on every change and on connecting), each half-hour's use
once it is complete (to the supplier and to the named service, each only if allowed), each day's
use once the day is over (to the supplier, if allowed), and the postcode district for local carbon
look-ups (retained, if allowed; cleared when withdrawn). The half-hours and days go without gaps
(ihd.core.sharing): each category keeps how far the broker has acknowledged it, so what a restart
or a broken link missed while it was on is sent from the local history, each payload keyed by its
category and period so a repeat is harmless; nothing from before the household said yes, and
nothing once it says no.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ihd.core.consent import STATEMENTS_VERSION, Category, ConsentRecord, ConsentState, ended
from ihd.core.ledger import Total
from ihd.core.sharing import Share, ShareStream
from ihd.core.units import Direction, Fuel
from ihd.features.shared import Event, Publish, Shared
from ihd.han.dialects import native_share

if TYPE_CHECKING:
    from ihd.store.service import HistoryService

SHARES = (
    Share(Category.SUPPLIER_HALF_HOURLY, native_share.SUPPLIER_HALF_HOURLY, daily=False),
    Share(Category.THIRD_PARTY, native_share.THIRD_PARTY_HALF_HOURLY, daily=False),
    Share(Category.SUPPLIER_DAILY, native_share.SUPPLIER_DAILY, daily=True),
)
Totals = dict[tuple[Fuel, Direction], Total]


class Consent:
    def __init__(self, shared: Shared, history: HistoryService, publish: Publish) -> None:
        """`history` records each choice and keeps or drops the half-hours; `publish` to the broker."""
        self.s = shared
        self._history, self._publish = history, publish
        self.state = ConsentState()
        self.loaded = False  # the saved choices have been read (until then the defaults hold)
        self._streams = {share.category: ShareStream(share, shared.tz) for share in SHARES}
        self._connected = False
        self._home: str | None = None  # the identity the choices were last published under
        self.changed = Event()  # published anew: a choice, a connection, the saved log read
        shared.wiped.connect(self.reset)

    # -- the choices

    def loaded_records(self, records: list[ConsentRecord]) -> None:
        """The saved log, read when the history opened (with how far each category was shared)."""
        self.state = ConsentState(records)
        self.loaded = True
        self._load_marks()
        self.publish_consent()

    def reset(self) -> None:
        """After the wipe: the defaults, published at once under the home's new identity, once the
        old one has been told that its household's choices are gone (every category off)."""
        self.state = ConsentState()
        self.loaded = True
        for stream in self._streams.values():
            stream.mark = None
            stream.forget_in_flight()
        if self._home is not None and self._home != self.s.home_id:
            self._send(native_share.CONSENT, native_share.consent(self._home, ended(self.s.clock.now())),
                       retain=True)
        self.publish_consent()

    def choose(self, category: Category, granted: bool, statement: str) -> ConsentRecord:
        record = ConsentRecord(category, granted, self.s.clock.now(), STATEMENTS_VERSION, self.s.i18n.language,
                               statement)
        was = self.state.allows(category)
        self.state = self.state.with_choice(record)
        self._history.record_consent(record)
        if category is Category.DETAILED_HISTORY:
            self._history.set_detailed(granted)
        if (stream := self._streams.get(category)) is not None and granted != was:
            stream.forget_in_flight()
            if granted:  # from the first period that begins now or later
                self._keep_mark(stream, stream.first_from(record.at))
        self.publish_consent()
        return record

    def known(self) -> ConsentState | None:
        """The choices in force, once the saved ones have been read."""
        return self.state if self.loaded else None

    @property
    def third_party(self) -> str:
        return self.s.config.consent.third_party_name

    # -- publishing

    def set_connected(self, connected: bool) -> None:
        was, self._connected = self._connected, connected
        if connected and not was:
            self.publish_consent()
        if not connected:  # what was not acknowledged goes again, from each mark, once back
            for stream in self._streams.values():
                stream.forget_in_flight()

    def publish_consent(self) -> None:
        if not self.loaded:
            return  # never announce the defaults over choices not yet read
        home = self._home = self.s.home_id
        self._send(native_share.CONSENT, native_share.consent(home, self.state.as_published(self.s.clock.now())),
                   retain=True)
        district = self.s.config.carbon.postcode_district
        if district:
            # withdrawn: an empty retained message clears the district from the broker too
            region = native_share.carbon_region(home, district) if self.state.allows(Category.CARBON_LOOKUP) else b""
            self._send(native_share.CARBON_REGION, region, retain=True)
        self.changed.emit()

    def tick(self) -> None:
        """Share each half-hour and day that has ended and is not yet acknowledged, if allowed."""
        if not (self.loaded and self._connected):
            return
        now = self.s.clock.now()
        for category, stream in self._streams.items():
            since = self.state.on_since(category)
            if since is None or (category is Category.THIRD_PARTY and not self.third_party):
                stream.forget_in_flight()
                continue
            try:
                due = stream.due(now, since, self.s.reader().heard_up_to)
                if due:
                    self._share(stream, due)
            except Exception:  # an unreadable history shares nothing, and keeps its mark
                stream.forget_in_flight()
                continue
            if (mark := stream.settle()) is not None:
                self._history.keep_share_mark(category, mark)

    def _share(self, stream: ShareStream, starts: list[datetime]) -> None:
        """`starts` (in order) sent; a period with no use recorded has nothing to send."""
        found = self._days(starts) if stream.share.daily else self._half_hours(starts)
        category = stream.share.category
        for start in starts:
            totals = found.get(start)
            if not totals:
                stream.sent(start)
                continue
            if stream.share.daily:
                payload = native_share.day(self.s.home_id, start.astimezone(self.s.tz).date(), totals, category.value)
            else:
                service = self.third_party if category is Category.THIRD_PARTY else ""
                payload = native_share.half_hour(self.s.home_id, start, totals, category.value, service)
            acked = self._send(stream.share.topic, payload)
            stream.sent(start, *(() if acked is None else (acked,)))

    def _half_hours(self, starts: list[datetime]) -> dict[datetime, Totals]:
        found: dict[datetime, Totals] = {}
        reader = self.s.reader()
        for fuel in Fuel:
            for direction in Direction:
                for total in reader.half_hours(fuel, direction, starts[0], starts[-1] + timedelta(minutes=30)):
                    found.setdefault(total.start, {})[(fuel, direction)] = total
        return found

    def _days(self, starts: list[datetime]) -> dict[datetime, Totals]:
        found: dict[datetime, Totals] = {}
        reader, tz = self.s.reader(), self.s.tz
        first, last = starts[0].astimezone(tz).date(), starts[-1].astimezone(tz).date()
        for fuel in Fuel:
            for direction in Direction:
                for _day, total in reader.days(fuel, direction, first, last + timedelta(days=1)):
                    found.setdefault(total.start, {})[(fuel, direction)] = total
        return found

    # -- how far each category was shared

    def _load_marks(self) -> None:
        try:
            kept = self.s.reader().share_marks()
        except Exception:  # an unreadable history: from the period in progress, as below
            kept = {}
        now = self.s.clock.now()
        for category, stream in self._streams.items():
            stream.forget_in_flight()
            stream.mark = kept.get(category.value)
            if stream.mark is None and self.state.on_since(category) is not None:
                # on, but never marked (shared live only, by an earlier version): from the period
                # in progress, as that version would have
                self._keep_mark(stream, stream.start_of(now))

    def _keep_mark(self, stream: ShareStream, up_to: datetime) -> None:
        stream.mark = up_to
        self._history.keep_share_mark(stream.share.category, up_to)

    def _send(self, topic: str, payload: bytes, *, retain: bool = False) -> Callable[[], bool] | None:
        """Returns whether the broker has acknowledged it yet (None: no way to tell)."""
        prefix = self.s.config.bridge.native_prefix.strip("/")
        sent = self._publish(f"{prefix}/{topic}", payload, 1, retain)
        return None if sent is None else sent.is_published
