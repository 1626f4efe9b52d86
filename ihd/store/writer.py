"""The store's writer thread: disk writes happen here, never on the GUI thread.

Jobs run one at a time in order. A job that fails (a full disk, a read-only card) is reported to
the failure handler given with it, with the system's reason; the display keeps running with what
it has in memory.
"""

from __future__ import annotations

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

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="ihd-store-writer", daemon=True)
        self._thread.start()

    def submit(self, what: str, job: Job, failed: Callable[[str], None]) -> None:
        """Queue `job`; if it fails, `failed(reason)` runs on this thread (post it on)."""

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

        self._jobs.put(run)

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
        """Wait until everything queued so far is done (tests, the gallery)."""
        done = threading.Event()
        self._jobs.put(done.set)
        return done.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish what is queued, then stop."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            job()
