"""ihd-feeds against a real HTTP server on loopback (mirror.py), on a manual clock: each round
is run by `run_due` when the test moves the clock, waits between attempts are written down rather
than slept, and jitter is nil, so every time is known."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from feeds_rig import LONDON, PREFIX, TARIFF, Published, Rig
from mirror import Mirror, World

from ihd.config import parse_config
from ihd.core.clock import ManualClock
from ihd.feeds.consent import ConsentWatch
from ihd.feeds.http import Http
from ihd.feeds.service import Feeds
from ihd.feeds.source import Context


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
