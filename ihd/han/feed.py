"""From bridge messages to the live model, across the one thread boundary that matters.

`receive` runs on the network thread: it parses with the dialect (keeping the GUI thread free)
and queues what it got. `drain` runs on the GUI thread and applies the queue to the live model.
The queue is bounded, so a topic flood costs counted drops, not memory.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from ihd.core.live import LiveModel
from ihd.core.readings import Parsed, Reading, Rejection
from ihd.han.dialects import Dialect
from ihd.han.payload import UNREADABLE
from ihd.han.rejections import RejectionLog

MAX_QUEUED = 2000


@dataclass(frozen=True, slots=True)
class _Arrival:
    topic: str
    parsed: Parsed
    retained: bool


class Feed:
    def __init__(self, dialect: Dialect, rejections: RejectionLog, wake: Callable[[], None]) -> None:
        self.dialect = dialect
        self.rejections = rejections
        self._wake = wake
        self._lock = threading.Lock()
        self._queue: deque[_Arrival] = deque()
        # Messages: each received one ends up taken (something in it was used, or it was passed
        # over quietly), refused (nothing in it was used), or dropped; `accepted` counts readings.
        self.received = 0
        self.taken = 0
        self.refused = 0
        self.dropped = 0
        self.accepted = 0

    def receive(self, topic: str, payload: bytes, retained: bool) -> None:
        """Network thread: parse and queue; wakes the GUI thread when the queue was empty."""
        try:
            parsed = self.dialect.parse(topic, payload)
        except Exception:  # a dialect's bug must cost one message, never the network thread
            parsed = Parsed.reject(topic[:200], UNREADABLE)
        for rejection in parsed.rejections:
            self.rejections.add(rejection)
        if not parsed.readings:
            with self._lock:
                self.received += 1
                if parsed.rejections:
                    self.refused += 1
                else:
                    self.taken += 1  # a topic passed over quietly (the display's own, say)
            return
        with self._lock:
            self.received += 1
            was_empty = not self._queue
            if len(self._queue) >= MAX_QUEUED:
                self._queue.popleft()
                self.dropped += 1
            self._queue.append(_Arrival(topic, parsed, retained))
        if was_empty:
            self._wake()

    @property
    def pending(self) -> bool:
        """Arrivals not yet taken (the GUI thread drains them soon)."""
        with self._lock:
            return bool(self._queue)

    def drain(self, live: LiveModel) -> list[tuple[str, Reading]]:
        """GUI thread: apply everything queued to the live model; returns what it accepted,
        with the topic each came on, for the history."""
        with self._lock:
            batch = list(self._queue)
            self._queue.clear()
        accepted: list[tuple[str, Reading]] = []
        taken_messages = 0
        for arrival in batch:
            before = len(accepted)
            for reading in arrival.parsed.readings:
                taken, problems = live.take(reading, retained=arrival.retained)
                if taken is not None:
                    accepted.append((arrival.topic, taken))
                for problem in problems:
                    self.rejections.add(Rejection(arrival.topic, problem))
            taken_messages += len(accepted) > before
        with self._lock:
            self.accepted += len(accepted)
            self.taken += taken_messages
            self.refused += len(batch) - taken_messages
        return accepted
