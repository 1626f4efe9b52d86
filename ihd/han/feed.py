"""From bridge messages to the live model, across the one thread boundary that matters.

`receive_all` runs on the network thread: it parses with the dialect (once, keeping the GUI
thread free) and queues what it got, a batch at a time (what one read of the socket brought).
`drain` runs on the GUI thread and applies the queue to the live model, a slice at a time so the
screen stays quick to touch, waking itself again for the rest.

A flood costs counted drops, never memory, and never what matters. A value the live model keeps
only the latest of (demand, the meter's indicator, the bridge's status, a prepayment state...)
is superseded in the queue by a newer one of the same topic, while the GUI thread is behind: the
newest is what would be shown. Register readings, tariffs, prices, carbon intensity, backfill
and command responses are never superseded: the history counts every register reading (each
places use in its half-hours), and each of the others says something no later message repeats.
The queue is bounded: when full, a register reading with a newer one of the same register behind
it goes first (the register is cumulative, so no energy is lost, only where in time it fell),
then the oldest other value; what the history and the household's commands need goes only when
nothing else is left. Every drop is counted by kind.

The two threads share one interpreter lock. When the GUI thread has left the queue alone for a
while (it is drawing the screen), the network thread gives way after each message, so the GUI
thread finishes its turn without waiting for the lock at every step.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ihd.core.live import LiveModel
from ihd.core.prepayment import CommandResponse, Messages, PrepaymentState, Proposals, TopUpLog
from ihd.core.readings import (
    AmbientIndicator,
    BackfillReading,
    BridgeStatus,
    Capabilities,
    Demand,
    IntensityReading,
    OutdoorTemperature,
    Parsed,
    PriceReading,
    Reading,
    RegisterReading,
    Rejection,
    TariffReading,
)
from ihd.han.dialects import Dialect
from ihd.han.payload import UNREADABLE
from ihd.han.rejections import RejectionLog

if TYPE_CHECKING:
    from ihd.han.transport import Message

# Readings waiting for the GUI thread. Values of a topic never pile up (each supersedes the last),
# so what fills it is what the history needs: a GUI thread held up for a second by a flood of
# ten thousand messages a second. About half a kilobyte each: 5 MB at most.
MAX_QUEUED = 10_000
DRAIN_SLICE_S = 0.005  # the GUI thread's longest turn at the queue before it lets the screen move
# When the GUI thread has left the queue alone this long (drawing the screen, say), the network
# thread gives way, a short sleep after each message, so the GUI thread is not kept waiting for
# the interpreter lock at every step of its work; for no longer than GIVE_WAY_AT_MOST_S, in case
# it is held up by something that giving way cannot help.
GIVE_WAY_AFTER_S = 0.01
GIVE_WAY_AT_MOST_S = 0.5
GIVE_WAY_S = 0.001
_CHUNK = 64  # readings taken from the queue at a time

# Readings of which the live model keeps only the newest: a newer one of the same topic supersedes.
LATEST_ONLY = (Demand, AmbientIndicator, OutdoorTemperature, BridgeStatus, Capabilities, PrepaymentState, TopUpLog,
               Messages, Proposals)

# Each kind's name, for the counts of what was dropped.
KINDS: dict[type, str] = {
    Demand: "demand", RegisterReading: "register", TariffReading: "tariff", PriceReading: "prices",
    IntensityReading: "carbon intensity", BackfillReading: "backfill", AmbientIndicator: "meter indicator",
    OutdoorTemperature: "outdoor temperature", BridgeStatus: "bridge status", Capabilities: "capabilities",
    PrepaymentState: "prepayment", TopUpLog: "top-ups", Messages: "supplier messages", Proposals: "proposals",
    CommandResponse: "command response",
}


def kind(reading: Reading) -> str:
    return KINDS.get(type(reading), type(reading).__name__)


@dataclass(slots=True, eq=False)
class _Arrival:
    """One message's readings still queued, and whether any was used or lost."""

    left: int
    used: bool = False
    lost: bool = False


@dataclass(slots=True, eq=False)
class _Entry:
    """One reading in the queue, waiting to be applied to the live model."""

    topic: str
    reading: Reading
    retained: bool
    message: _Arrival
    key: Hashable | None  # the topic's latest value of this kind, or the register: what it is one of
    seq: int = 0  # its place in arrival order
    dead: bool = False  # superseded or dropped: passed over


class Feed:
    def __init__(self, dialect: Dialect, rejections: RejectionLog, wake: Callable[[], None],
                 slice_s: float = DRAIN_SLICE_S) -> None:
        self.dialect = dialect
        self.rejections = rejections
        self._wake = wake
        self._slice_s = slice_s
        self._lock = threading.Lock()
        self._queue: deque[_Entry] = deque()  # in arrival order; dead entries are passed over
        self._waiting = 0  # entries in the queue not dead
        self._latest: dict[Hashable, _Entry] = {}  # latest-only values queued, oldest first
        self._registers: dict[Hashable, deque[_Entry]] = {}  # register readings queued, per register
        self._seq = 0
        self._turn = time.perf_counter()  # when the GUI thread was last woken, or last took from the queue
        # Messages: each received one ends up taken (something in it was used, or it was passed
        # over quietly), refused (nothing in it was used), or dropped; `accepted` counts readings.
        self.received = 0
        self.taken = 0
        self.refused = 0
        self.dropped = 0
        self.accepted = 0
        self.superseded: Counter[str] = Counter()  # readings replaced by a newer one, by kind
        self.overflowed: Counter[str] = Counter()  # readings dropped from a full queue, by kind

    # -- the network thread

    def receive(self, topic: str, payload: bytes, retained: bool) -> None:
        """Network thread: one message (the demo's home sends them one at a time)."""
        self.receive_all([(topic, payload, retained)])

    def receive_all(self, messages: Sequence[Message]) -> None:
        """Network thread: parse a batch (what one read of the socket brought) and queue it, in
        order, with one turn at the lock; wakes the GUI thread when the queue was empty."""
        entries: list[_Entry] = []
        taken = refused = 0
        for topic, payload, retained in messages:
            parsed = self._parse(topic, payload)
            if readings := parsed.readings:
                arrival = _Arrival(len(readings))
                entries.extend(_Entry(topic, reading, retained, arrival, _key(topic, reading)) for reading in readings)
            elif parsed.rejections:
                refused += 1
            else:
                taken += 1  # a topic passed over quietly (the display's own, say)
            self._give_way()
        with self._lock:
            self.received += len(messages)
            self.taken += taken
            self.refused += refused
            was_empty = not self._waiting
            for entry in entries:
                self._queue_one(entry)
            woken = was_empty and self._waiting
            if woken:
                self._turn = time.perf_counter()
        if woken:
            self._wake()

    def _parse(self, topic: str, payload: bytes) -> Parsed:
        """Network thread: read one message; what cannot be used is refused, and said why."""
        try:
            parsed = self.dialect.parse(topic, payload)
        except Exception:  # a dialect's bug must cost one message, never the network thread
            parsed = Parsed.reject(topic[:200], UNREADABLE)
        for rejection in parsed.rejections:
            self.rejections.add(rejection)
        return parsed

    def _give_way(self) -> None:
        """Network thread: a short sleep while the GUI thread has readings waiting and has not
        come for them for a while (see the module's words). Read without the lock: a stale look
        costs one pause too many or too few, never a reading."""
        if self._waiting and GIVE_WAY_AFTER_S < time.perf_counter() - self._turn < GIVE_WAY_AT_MOST_S:
            time.sleep(GIVE_WAY_S)

    def _queue_one(self, entry: _Entry) -> None:
        """Under the lock."""
        reading, key = entry.reading, entry.key
        latest_only = isinstance(reading, LATEST_ONLY)
        if latest_only and (older := self._latest.get(key)) is not None:
            self._drop(older, self.superseded)
        if self._waiting >= MAX_QUEUED:
            self._overflow()
        self._seq += 1
        entry.seq = self._seq
        if latest_only:
            self._latest[key] = entry
        elif key is not None:
            self._registers.setdefault(key, deque()).append(entry)
        self._queue.append(entry)
        self._waiting += 1
        if len(self._queue) > 2 * MAX_QUEUED and len(self._queue) > 2 * self._waiting:
            self._queue = deque(e for e in self._queue if not e.dead)  # superseded ones, gone for good

    def _overflow(self) -> None:
        """The queue is full: drop one, the least needed (see the module's words)."""
        behind = [q[0] for q in self._registers.values() if len(q) > 1]
        if behind:
            self._drop(min(behind, key=lambda e: e.seq), self.overflowed)
            return
        if self._latest:
            self._drop(next(iter(self._latest.values())), self.overflowed)
            return
        self._drop(next(e for e in self._queue if not e.dead), self.overflowed)

    def _drop(self, entry: _Entry, counts: Counter[str]) -> None:
        """Under the lock: `entry` leaves the queue unused."""
        self._unlink(entry)
        entry.dead = True
        self._waiting -= 1
        counts[kind(entry.reading)] += 1
        message = entry.message
        message.lost = True
        message.left -= 1
        if not message.left:
            self._settle(message)

    def _unlink(self, entry: _Entry) -> None:
        """Under the lock: forget `entry` in the indexes (the queue itself passes over it)."""
        if isinstance(entry.reading, RegisterReading):
            same = self._registers[entry.key]
            if same and same[0] is entry:
                same.popleft()
            else:
                same.remove(entry)
            if not same:
                del self._registers[entry.key]
        elif self._latest.get(entry.key) is entry:
            del self._latest[entry.key]

    def _settle(self, message: _Arrival) -> None:
        """Under the lock: every reading of `message` is done with."""
        if message.used:
            self.taken += 1
        elif message.lost:
            self.dropped += 1
        else:
            self.refused += 1

    # -- the GUI thread

    @property
    def pending(self) -> bool:
        """Arrivals not yet taken (the GUI thread drains them soon)."""
        with self._lock:
            return bool(self._waiting)

    @property
    def dropped_by_kind(self) -> dict[str, int]:
        """Readings dropped, superseded or from a full queue, by kind."""
        with self._lock:
            return dict(self.superseded + self.overflowed)

    def drain(self, live: LiveModel) -> list[tuple[str, Reading]]:
        """GUI thread: apply what is queued to the live model, for up to a slice of time (then it
        wakes itself for the rest); returns what it accepted, with the topic each came on, for
        the history."""
        accepted: list[tuple[str, Reading]] = []
        until = time.perf_counter() + self._slice_s
        while True:
            batch = self._take(_CHUNK)
            if not batch:
                return accepted
            settled: list[_Arrival] = []
            used = 0
            for entry in batch:
                taken, problems = live.take(entry.reading, retained=entry.retained)
                if taken is not None:
                    accepted.append((entry.topic, taken))
                    entry.message.used = True
                    used += 1
                for problem in problems:
                    self.rejections.add(Rejection(entry.topic, problem))
                settled.append(entry.message)
            with self._lock:
                self.accepted += used
                for message in settled:
                    message.left -= 1
                    if not message.left:
                        self._settle(message)
                more = bool(self._waiting)
            if more and time.perf_counter() >= until:
                self._wake()  # the rest after the screen has had its turn
                return accepted

    def _take(self, most: int) -> list[_Entry]:
        """Up to `most` readings from the front of the queue."""
        taken: list[_Entry] = []
        with self._lock:
            self._turn = time.perf_counter()
            queue = self._queue
            while queue and len(taken) < most:
                entry = queue.popleft()
                if entry.dead:
                    continue
                self._unlink(entry)
                self._waiting -= 1
                taken.append(entry)
        return taken


_KEYED = (*LATEST_ONLY, RegisterReading)


def _key(topic: str, reading: Reading) -> Hashable | None:
    """What a reading is the latest value of (latest-only kinds), or which register it reads."""
    if isinstance(reading, _KEYED):
        return topic, type(reading), getattr(reading, "fuel", None), getattr(reading, "direction", None)
    return None
