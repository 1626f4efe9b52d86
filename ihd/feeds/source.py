"""One web source on a schedule: what every source shares. A round fetches, checks, publishes and
says when the next round is due; a failed round keeps what was published, says why on the status,
and comes back after a backoff (or the server's Retry-After), never hammering."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ihd.config import FeedsSection
from ihd.core.clock import Clock
from ihd.core.feeds_status import SourceStatus
from ihd.feeds.http import Answer, FetchFailed, Http, Validators, with_retries
from ihd.han.backoff import Backoff
from ihd.han.dialects.native import NativeDialect

log = logging.getLogger("ihd-feeds")

ROUND_BACKOFF = (60.0, 30 * 60.0)  # a failed round: again after 1 minute, doubling to 30 minutes
ATTEMPT_BACKOFF = (2.0, 30.0)  # between the attempts of one round
OFF_RECHECK = timedelta(days=1)  # settings change only with a restart; consent wakes it


@dataclass(frozen=True)
class Context:
    """What a source is given: its settings and the world it works in (all injected, for tests)."""

    settings: FeedsSection
    prefix: str
    publish: Callable[[str, bytes], None]  # topic under the prefix, payload: published retained
    clock: Clock
    tz: ZoneInfo
    http: Http
    sleep: Callable[[float], bool]  # wait between attempts; True when the service is stopping
    rand: Callable[[], float]  # jitter, in [0, 1)


class Source:
    name = ""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.status = SourceStatus("waiting")
        self.due = ctx.clock.now()
        self._rounds = Backoff(*ROUND_BACKOFF, rand=ctx.rand)
        self._validators: dict[str, Validators] = {}
        self._dialect = NativeDialect(ctx.prefix)

    # -- what each source says

    def off_reason(self) -> str | None:
        """Why this source is not fetched now (not configured, not allowed), or None."""
        return None

    def fetch(self, now: datetime) -> datetime:
        """One round: fetch, check and publish; returns when the next round is due. Raises
        FetchFailed with the reason when nothing usable came."""
        raise NotImplementedError

    # -- the round

    def run(self, now: datetime) -> None:
        if (why := self.off_reason()) is not None:
            if (self.status.state, self.status.reason) != ("off", why):
                self.status = SourceStatus("off", since=now, reason=why)
                log.info("%s: off: %s", self.name, why)
            self.due = now + OFF_RECHECK
            self.status = replace(self.status, checked=now, next=self.due)
            return
        try:
            self.due = self.fetch(now)
        except FetchFailed as failure:
            wait = max(self._rounds.next(), failure.after or 0.0)
            self.due = now + timedelta(seconds=wait)
            since = self.status.since if self.status.state == "unavailable" else now
            self.status = replace(self.status, state="unavailable", since=since, reason=failure.reason,
                                  checked=now, next=self.due)
            log.warning("%s unavailable since %s: %s; trying again at %s", self.name, _hhmm(since, self.ctx.tz),
                        failure.reason, _hhmm(self.due, self.ctx.tz))
            return
        self._rounds.reset()
        since = self.status.since if self.status.state == "ok" else now
        self.status = replace(self.status, state="ok", since=since, reason="", checked=now, next=self.due)
        if self.status.updated == now:
            until = self.status.until
            log.info("%s published, known until %s; next look at %s", self.name,
                     until.astimezone(self.ctx.tz).strftime("%a %H:%M") if until else "(none for now)",
                     _hhmm(self.due, self.ctx.tz))

    # -- for the sources

    def get(self, address: Callable[[], str], conditional: bool = True) -> Answer:
        """GET with retries; `address` is asked again before each attempt, so a choice withdrawn
        meanwhile is honoured by the very next request."""

        def attempt() -> Answer:
            url = address()
            return self.ctx.http.get(url, self._validators.get(url) if conditional else None)

        return with_retries(attempt, self.ctx.sleep, Backoff(*ATTEMPT_BACKOFF, rand=self.ctx.rand))

    def remember(self, answer: Answer) -> None:
        """The validators of an answer that was used, for the next request to the same address."""
        self._validators = {answer.url: answer.validators}

    def publish(self, topic: str, payload: bytes) -> None:
        """Publish only what the display itself accepts whole (the same native dialect)."""
        parsed = self._dialect.parse(f"{self.ctx.prefix}/{topic}", payload)
        if parsed.rejections or len(parsed.readings) != 1:
            reason = parsed.rejections[0].reason if parsed.rejections else "nothing in it"
            raise FetchFailed(f"the display would refuse what came ({reason})", retry=False)
        self.ctx.publish(topic, payload)

    def later(self, now: datetime, minutes: float) -> datetime:
        """`minutes` from now, plus up to a tenth more, so that homes do not ask in step."""
        return now + timedelta(minutes=minutes * (1 + 0.1 * self.ctx.rand()))


def _hhmm(at: datetime, tz: ZoneInfo) -> str:
    return at.astimezone(tz).strftime("%H:%M")
