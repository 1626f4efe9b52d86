"""The schedule: each source's rounds when they are due, and after them the sources' state,
retained on `feeds/status`. `run_due` does what is due now and says when to come back, so tests
drive it on a manual clock; `run` is the service's loop on the real one."""

from __future__ import annotations

import threading
from datetime import datetime

from ihd.feeds.consent import ConsentWatch
from ihd.feeds.http import Stopped
from ihd.feeds.source import Context, Source
from ihd.feeds.sources import CarbonSource, PricesSource
from ihd.han.dialects.native_feeds import STATUS, status

LONGEST_NAP_S = 300.0  # look at the clock at least this often (it may have been set meanwhile)


class Feeds:
    def __init__(self, ctx: Context, consent: ConsentWatch, stopping: threading.Event | None = None) -> None:
        self.ctx = ctx
        self.prices = PricesSource(ctx)
        self.carbon = CarbonSource(ctx, consent.district)
        self.sources: tuple[Source, ...] = (self.prices, self.carbon)
        self._choice_changed = threading.Event()
        self._wake = threading.Event()
        self.stopping = stopping or threading.Event()  # what ctx.sleep waits on, in the service
        consent.changed = self.choice_changed

    def choice_changed(self) -> None:
        """The household's consent changed (on the network thread): the carbon source is asked
        again at once if the scope now allowed is not the one it holds."""
        self._choice_changed.set()
        self._wake.set()

    def run_due(self) -> datetime:
        """Every round that is due, then the status; returns when the next is due."""
        if self._choice_changed.is_set():
            self._choice_changed.clear()
            if self.carbon.asks_otherwise():
                self.carbon.due = min(self.carbon.due, self.ctx.clock.now())
        ran = False
        for source in self.sources:
            if source.due <= (now := self.ctx.clock.now()):
                source.run(now)
                ran = True
        if ran:
            self.publish_status()
        return min(source.due for source in self.sources)

    def run_all(self) -> None:
        """One round of each source now, whatever is due (`ihd-feeds --once`)."""
        try:
            for source in self.sources:
                source.run(self.ctx.clock.now())
        except Stopped:
            pass
        self.publish_status()

    def publish_status(self) -> None:
        self.ctx.publish(STATUS, status(self.ctx.clock.now(), {s.name: s.status for s in self.sources}))

    def run(self) -> None:
        """Until `stop`: each round when it is due, or at once when the household's choice changes."""
        try:
            while not self.stopping.is_set():
                due = self.run_due()
                nap = min(max(0.0, (due - self.ctx.clock.now()).total_seconds()), LONGEST_NAP_S)
                self._wake.wait(nap)
                self._wake.clear()
        except Stopped:
            pass

    def stop(self) -> None:
        self.stopping.set()
        self._wake.set()
