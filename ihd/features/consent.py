"""Consent: the choices in force, what the display publishes because of
them (and nothing else), and the local history's retention following the detailed-history choice.

Publishing: the consent record (retained, on every change and on connecting), each half-hour's use
once it is complete (to the supplier and to the named service, each only if allowed), each day's
use once the day is over (to the supplier, if allowed), and the postcode district for local carbon
look-ups (retained, if allowed; cleared when withdrawn). Nothing is published for a period that
ended before the display started, and nothing is sent again after a restart.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ihd.core.consent import STATEMENTS_VERSION, Category, ConsentRecord, ConsentState
from ihd.core.ledger import Total
from ihd.core.periods import local_day_start, next_local_day_start, slot_start
from ihd.core.units import Direction, Fuel
from ihd.features.shared import Event, Publish, Shared
from ihd.han.dialects import native_share

if TYPE_CHECKING:
    from ihd.store.service import HistoryService


HALF_HOUR = timedelta(minutes=30)
GRACE = timedelta(minutes=2)  # for the period's last readings to reach the history first


class Consent:
    def __init__(self, shared: Shared, history: HistoryService, publish: Publish) -> None:
        """`history` records each choice and keeps or drops the half-hours; `publish` to the broker."""
        self.s = shared
        self._history, self._publish = history, publish
        self.state = ConsentState()
        self.loaded = False  # the saved choices have been read (until then the defaults hold)
        now = shared.clock.now()
        self._next_slot = slot_start(now)  # the first half-hour that may be shared: the one in progress
        self._next_day = local_day_start(now, shared.tz)
        self._connected = False
        self.changed = Event()  # published anew: a choice, a connection, the saved log read
        shared.wiped.connect(self.reset)

    # -- the choices

    def loaded_records(self, records: list[ConsentRecord]) -> None:
        """The saved log, read when the history opened."""
        self.state = ConsentState(records)
        self.loaded = True
        self.publish_consent()

    def reset(self) -> None:
        """After the wipe: the defaults, published at once."""
        self.state = ConsentState()
        self.loaded = True
        self.publish_consent()

    def choose(self, category: Category, granted: bool, statement: str) -> ConsentRecord:
        record = ConsentRecord(category, granted, self.s.clock.now(), STATEMENTS_VERSION, self.s.i18n.language,
                               statement)
        self.state = self.state.with_choice(record)
        self._history.record_consent(record)
        if category is Category.DETAILED_HISTORY:
            self._history.set_detailed(granted)
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

    def publish_consent(self) -> None:
        if not self.loaded:
            return  # never announce the defaults over choices not yet read
        self._send(native_share.CONSENT, native_share.consent(self.state.as_published(self.s.clock.now())), retain=True)
        district = self.s.config.carbon.postcode_district
        if district:
            # withdrawn: an empty retained message clears the district from the broker too
            region = native_share.carbon_region(district) if self.state.allows(Category.CARBON_LOOKUP) else b""
            self._send(native_share.CARBON_REGION, region, retain=True)
        self.changed.emit()

    def tick(self) -> None:
        """Share each half-hour and day that has ended, if the household allows it."""
        now = self.s.clock.now()
        while self._next_slot + HALF_HOUR + GRACE <= now:
            self._share_half_hour(self._next_slot)
            self._next_slot += HALF_HOUR
        while next_local_day_start(self._next_day, self.s.tz) + GRACE <= now:
            self._share_day(self._next_day)
            self._next_day = next_local_day_start(self._next_day, self.s.tz)

    def _share_half_hour(self, start: datetime) -> None:
        to_supplier = self.state.allows(Category.SUPPLIER_HALF_HOURLY)
        to_service = self.state.allows(Category.THIRD_PARTY) and bool(self.third_party)
        if not (to_supplier or to_service):
            return
        totals = self._totals(lambda fuel, direction: self.s.reader().half_hours(fuel, direction, start,
                                                                                 start + HALF_HOUR))
        if not totals:
            return
        if to_supplier:
            self._send(native_share.SUPPLIER_HALF_HOURLY, native_share.half_hour(start, totals))
        if to_service:
            self._send(native_share.THIRD_PARTY_HALF_HOURLY, native_share.half_hour(start, totals, self.third_party))

    def _share_day(self, day_start: datetime) -> None:
        if not self.state.allows(Category.SUPPLIER_DAILY):
            return
        local = day_start.astimezone(self.s.tz).date()
        totals = self._totals(lambda fuel, direction: [t for _d, t in self.s.reader().days(
            fuel, direction, local, local + timedelta(days=1))])
        if totals:
            self._send(native_share.SUPPLIER_DAILY, native_share.day(local, totals))

    def _totals(self, read) -> dict[tuple[Fuel, Direction], Total]:  # type: ignore[no-untyped-def]
        found = {}
        for fuel in Fuel:
            for direction in Direction:
                try:
                    rows = read(fuel, direction)
                except Exception:  # an unreadable history shares nothing
                    return {}
                if rows:
                    found[(fuel, direction)] = rows[0]
        return found

    def _send(self, topic: str, payload: bytes, *, retain: bool = False) -> None:
        prefix = self.s.config.bridge.native_prefix.strip("/")
        self._publish(f"{prefix}/{topic}", payload, 1, retain)
