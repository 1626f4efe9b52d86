"""The store's writer thread: disk writes happen here, never on the GUI thread.

Jobs run one at a time in order. A job that fails (a full disk, a read-only card) is reported to
the failure handler given with it, with the system's reason; the display keeps running with what
it has in memory. A job may be put off for a while (`submit_later`): it runs once due, or at a
flush or the stop, whichever comes first.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

Job = Callable[[], None]
REPEAT_INTERVAL_S = 60.0  # a full disk fails every save: say so once a minute, not each time


class Writer:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._monotonic = monotonic
        self._logged: dict[str, tuple[float, int]] = {}  # per thing saved: when last logged, failures since
        self._later: list[tuple[float, int, Job]] = []  # (when due, order, job): a heap, kept by this thread
        self._order = itertools.count()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="ihd-store-writer", daemon=True)
        self._thread.start()

    def submit(self, what: str, job: Job, failed: Callable[[str], None]) -> None:
        """Queue `job`; if it fails, `failed(reason)` runs on this thread (post it on)."""
        self._jobs.put(self._guarded(what, job, failed))

    def submit_later(self, seconds: float, what: str, job: Job, failed: Callable[[str], None]) -> None:
        """As `submit`, run `seconds` from now (or at the next flush, or the stop)."""
        entry = (self._monotonic() + seconds, next(self._order), self._guarded(what, job, failed))
        if threading.current_thread() is self._thread:
            heapq.heappush(self._later, entry)
        else:  # the heap is this thread's own: it is handed over through the queue
            self._jobs.put(lambda: heapq.heappush(self._later, entry))

    def _guarded(self, what: str, job: Job, failed: Callable[[str], None]) -> Job:
        def run() -> None:
            try:
                job()
            except (OSError, sqlite3.Error) as error:
                reason = getattr(error, "strerror", None) or str(error)
                if (more := self._log_due(what)) is not None:
                    log.error("could not save %s: %s%s", what, reason,
                              f" ({more} more failures not logged)" if more else "")
                failed(reason)
            except Exception as error:  # a bug must not stop every later save
                if self._log_due(what) is not None:
                    log.exception("saving %s failed", what)
                failed(str(error))

        return run

    def _log_due(self, what: str) -> int | None:
        """None while `what` was logged less than a minute ago; else how many failures went unlogged."""
        now = self._monotonic()
        last, unlogged = self._logged.get(what, (None, 0))
        if last is not None and now - last < REPEAT_INTERVAL_S:
            self._logged[what] = (last, unlogged + 1)
            return None
        self._logged[what] = (now, 0)
        return unlogged

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until everything queued so far is done, put-off jobs too (tests, the gallery)."""
        done = threading.Event()

        def mark() -> None:
            self._run_later(everything=True)
            done.set()

        self._jobs.put(mark)
        return done.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish what is queued, then stop."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while True:
            wait = max(0.0, self._later[0][0] - self._monotonic()) if self._later else None
            try:
                job = self._jobs.get(timeout=wait)
            except queue.Empty:
                self._run_later()
                continue
            self._run_later()
            if job is None:
                self._run_later(everything=True)
                return
            job()

    def _run_later(self, *, everything: bool = False) -> None:
        """The put-off jobs now due (or all of them), in order."""
        while self._later and (everything or self._later[0][0] <= self._monotonic()):
            heapq.heappop(self._later)[2]()
