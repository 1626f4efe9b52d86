"""What the ihd-feeds tests share: the display's consent record, what ihd-feeds published, and
the rig that runs it on a manual clock against the HTTP server on loopback (mirror.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from mirror import Mirror

from ihd.core.clock import ManualClock
from ihd.core.consent import Category, ConsentRecord, ConsentState
from ihd.feeds.consent import ConsentWatch
from ihd.feeds.service import Feeds
from ihd.han.dialects import native_share
from ihd.han.dialects.native import NativeDialect

LONDON = ZoneInfo("Europe/London")
PREFIX = "ihd/v1"
TARIFF = "E-1R-AGILE-24-10-01-C"


def consent_record(carbon: bool, at: datetime = datetime(2026, 11, 1, tzinfo=UTC)) -> bytes:
    """The record the display publishes, made by the display's own code."""
    state = ConsentState([ConsentRecord(Category.CARBON_LOOKUP, carbon, at, 2, "en_GB", "the words shown")])
    return native_share.consent("K7QM-2XD4-P9RT", state.as_published(at))


@dataclass
class Published:
    """What ihd-feeds published (retained), in order."""

    sent: list[tuple[str, bytes]] = field(default_factory=list)

    def __call__(self, topic: str, payload: bytes) -> None:
        self.sent.append((topic, payload))

    def on(self, topic: str) -> list[bytes]:
        return [p for t, p in self.sent if t == topic]

    def last(self, topic: str) -> bytes:
        return self.on(topic)[-1]

    def parsed(self, topic: str):  # type: ignore[no-untyped-def]
        """The last payload on `topic` as the display's native dialect reads it."""
        result = NativeDialect(PREFIX).parse(f"{PREFIX}/{topic}", self.last(topic))
        assert result.rejections == ()
        (reading,) = result.readings
        return reading


@dataclass
class Rig:
    feeds: Feeds
    clock: ManualClock
    consent: ConsentWatch
    published: Published
    mirror: Mirror
    waits: list[float]

    def at(self, when: datetime) -> datetime:
        """Move the clock to `when` and run what is due; returns when the next round is due."""
        self.clock.set_wall(when)
        return self.feeds.run_due()

    def allow(self, carbon: bool, district: str | None = "EH12") -> None:
        """The display publishes its consent record (and its district while allowed)."""
        self.consent.message(f"{PREFIX}/consent", consent_record(carbon))
        shared = native_share.carbon_region("K7QM-2XD4-P9RT", district) if carbon and district else b""
        self.consent.message(f"{PREFIX}/share/carbon-region", shared)
