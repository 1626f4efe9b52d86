"""Counting and logging what was refused, without letting a flood of garbage flood the log.

Every rejection is counted. Each reason is logged once when first seen; if it keeps coming, it is
logged again at most once a minute with how many more there were.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable

from ihd.core.readings import Rejection

log = logging.getLogger("ihd.rejected")

REPEAT_INTERVAL_S = 60.0


class RejectionLog:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._last_logged: dict[str, float] = {}
        self._unlogged: Counter[str] = Counter()
        self.last: Rejection | None = None

    def add(self, rejection: Rejection) -> None:
        now = self._monotonic()
        with self._lock:
            self._counts[rejection.reason] += 1
            self.last = rejection
            logged_at = self._last_logged.get(rejection.reason)
            if logged_at is not None and now - logged_at < REPEAT_INTERVAL_S:
                self._unlogged[rejection.reason] += 1
                return
            self._last_logged[rejection.reason] = now
            more = self._unlogged.pop(rejection.reason, 0)
        suffix = f" ({more} more like it not logged)" if more else ""
        log.warning("refused message on %s: %s%s", rejection.source, rejection.reason, suffix)

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)
