"""ihd-feeds against a real HTTP server on loopback (mirror.py), on a manual clock: each round
is run by `run_due` when the test moves the clock, waits between attempts are written down rather
than slept, and jitter is nil, so every time is known."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from mirror import Mirror, World

from ihd.config import parse_config
from ihd.core.clock import ManualClock
from ihd.core.consent import Category, ConsentRecord, ConsentState
from ihd.feeds.consent import ConsentWatch
from ihd.feeds.http import Http
from ihd.feeds.service import Feeds
from ihd.feeds.source import Context
from ihd.han.dialects import native_share
from ihd.han.dialects.native import NativeDialect

LONDON = ZoneInfo("Europe/London")
PREFIX = "ihd/v1"
TARIFF = "E-1R-AGILE-24-10-01-C"


def consent_record(carbon: bool, at: datetime = datetime(2026, 11, 1, tzinfo=UTC)) -> bytes:
    """The record the display publishes, made by the display's own code."""
    state = ConsentState([ConsentRecord(Category.CARBON_LOOKUP, carbon, at, 2, "en_GB", "the words shown")])
    return native_share.consent(state.as_published(at))


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
        shared = native_share.carbon_region(district) if carbon and district else b""
        self.consent.message(f"{PREFIX}/share/carbon-region", shared)


@pytest.fixture
def mirror():
    m = Mirror(World())
    yield m
    m.stop()


@pytest.fixture
def rig(mirror):
    """`rig(now, **feeds)`: ihd-feeds at `now` with these [feeds] settings, pointed at the mirror."""

    def make(now: datetime, on_wait=None, **settings: object) -> Rig:
        feeds_section = {"enabled": True, "tariff_code": TARIFF, "prices_url": mirror.url,
                         "carbon_url": mirror.url} | settings
        config = parse_config({"feeds": feeds_section})
        clock = ManualClock(now)
        published, waits = Published(), []
        consent = ConsentWatch(PREFIX)

        def wait(seconds: float) -> bool:
            waits.append(seconds)
            if on_wait is not None:
                on_wait(len(waits))
            return False

        ctx = Context(config.feeds, PREFIX, published, clock, LONDON, Http(clock.now), wait, lambda: 0.0)
        return Rig(Feeds(ctx, consent), clock, consent, published, mirror, waits)

    return make
