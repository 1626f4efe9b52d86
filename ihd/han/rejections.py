"""Counting and logging what was refused, without letting a flood of garbage flood the log.

Every rejection is counted by its kind: the reason with its figures taken out and cut short, so a
bridge (or an attacker) sending a different value each time still makes one kind, and there are
at most `MAX_KINDS` of them. Each kind is logged once when first seen; if it keeps coming, at most
once a minute with how many more there were. The values themselves are kept only in the few most
recent examples, so memory stays flat under any stream of refusals.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable

from ihd.core.readings import Rejection

log = logging.getLogger("ihd.rejected")

REPEAT_INTERVAL_S = 60.0
MAX_KINDS = 64
OTHER = "other reasons"
KIND_CHARS = 120
EXAMPLE_CHARS = 200
EXAMPLES = 5
_FIGURES = re.compile(r"(?<![\w/-])[-+]?\d[\d.,eE+-]*")


def kind_of(reason: str) -> str:
    """"register went backwards from 101 to 50" and "... from 7 to 3" are one kind."""
    return _FIGURES.sub("#", reason[: KIND_CHARS * 4])[:KIND_CHARS]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RejectionLog:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._last_logged: dict[str, float] = {}
        self._unlogged: Counter[str] = Counter()
        self._recent: deque[Rejection] = deque(maxlen=EXAMPLES)

    def add(self, rejection: Rejection) -> None:
        now = self._monotonic()
        example = Rejection(_short(rejection.source, EXAMPLE_CHARS), _short(rejection.reason, EXAMPLE_CHARS))
        kind = kind_of(rejection.reason)
        with self._lock:
            if kind not in self._counts and len(self._counts) >= MAX_KINDS - 1:  # OTHER is the last
                kind = OTHER
            self._counts[kind] += 1
            self._recent.append(example)
            logged_at = self._last_logged.get(kind)
            if logged_at is not None and now - logged_at < REPEAT_INTERVAL_S:
                self._unlogged[kind] += 1
                return
            self._last_logged[kind] = now
            more = self._unlogged.pop(kind, 0)
        suffix = f" ({more} more like it not logged)" if more else ""
        log.warning("refused message on %s: %s%s", example.source, example.reason, suffix)

    @property
    def last(self) -> Rejection | None:
        with self._lock:
            return self._recent[-1] if self._recent else None

    def recent(self) -> list[Rejection]:
        """The last few refusals as they were (cut short), newest last."""
        with self._lock:
            return list(self._recent)

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def counts(self) -> dict[str, int]:
        """How many of each kind."""
        with self._lock:
            return dict(self._counts)
