"""Where the display's log goes: the terminal, or systemd's journal with each line's priority;
and the last problems kept in memory for the About screen."""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

KEPT = 10  # problems shown on the About screen
_PRIORITY = {logging.CRITICAL: 2, logging.ERROR: 3, logging.WARNING: 4, logging.INFO: 6, logging.DEBUG: 7}


@dataclass(frozen=True, slots=True)
class Problem:
    """A warning or error from the log, kept for the About screen."""

    at: datetime
    level: str
    text: str


class RecentProblems(logging.Handler):
    """Keeps the last warnings and errors, for whoever supports the household."""

    def __init__(self, kept: int = KEPT) -> None:
        super().__init__(logging.WARNING)
        self._lock_problems = threading.Lock()
        self._problems: deque[Problem] = deque(maxlen=kept)

    def emit(self, record: logging.LogRecord) -> None:
        problem = Problem(datetime.fromtimestamp(record.created, UTC), record.levelname, record.getMessage())
        with self._lock_problems:
            self._problems.append(problem)

    def clear(self) -> None:
        with self._lock_problems:
            self._problems.clear()

    def latest(self) -> list[Problem]:
        """Newest first."""
        with self._lock_problems:
            return list(reversed(self._problems))


class _JournalFormatter(logging.Formatter):
    """The journal dates each line itself and reads a leading <N> as its priority."""

    def format(self, record: logging.LogRecord) -> str:
        priority = _PRIORITY.get(record.levelno, 6)
        return f"<{priority}>{record.name}: {super().format(record)}"


RECENT = RecentProblems()


def set_up(environ: Mapping[str, str] = os.environ) -> None:
    """Log INFO and above to stderr, in the journal's form when systemd reads it."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    handler = logging.StreamHandler()
    if environ.get("JOURNAL_STREAM"):
        handler.setFormatter(_JournalFormatter("%(message)s"))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def recent_problems() -> RecentProblems:
    """The display's own warnings and errors, kept from now on (once, however often asked)."""
    logger = logging.getLogger("ihd")
    if RECENT not in logger.handlers:
        logger.addHandler(RECENT)
    return RECENT
