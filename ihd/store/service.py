"""The history, run on the store's writer thread, reporting back through `post`.

The display hands it batches of accepted readings; it writes them, and posts back today's
totals and any readings the ledger refused. Nothing here waits on the GUI, nor the GUI on it.

Readings are gathered for `GATHER_S` before they are written, and batches handed over while the
writer is busy join them: a flood is written in a few large transactions, not thousands of
small ones. Any other job first writes what is gathered, so jobs keep their order. Today's
totals are posted when they moved, at most once every `REPORT_GAP_S` (each post redraws the home
screen and the charts): a report that comes too soon is put off until then, so the last figures
are always posted.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ihd.core.clock import Clock
from ihd.core.consent import Category, ConsentRecord, ConsentState
from ihd.core.ledger import DayFigures
from ihd.core.periods import local_day_start
from ihd.core.pricing import Pricer
from ihd.core.readings import BackfillReading, Reading, Rejection
from ihd.core.retention import retention_policy
from ihd.core.units import Direction, Fuel, GasConversion
from ihd.store import consent as consent_log
from ihd.store import share_marks
from ihd.store.history import HistoryWriter
from ihd.store.writer import Writer

log = logging.getLogger(__name__)

Post = Callable[[Callable[[], None]], None]
REPORT_GAP_S = 1.0  # today's totals, while readings pour in: the screen moves each second
GATHER_S = 0.1  # readings wait this long to be written with those that follow


@dataclass(frozen=True)
class HistoryReports:
    """Where the results go; each is called on the GUI thread (through `post`)."""

    today: Callable[[Fuel, Direction, DayFigures | None], None]
    rejected: Callable[[Rejection], None]
    problem: Callable[[str], None]  # "" once saving works again
    consent: Callable[[list[ConsentRecord]], None] = lambda _records: None  # the saved choices, at opening


class HistoryService:
    def __init__(self, writer: Writer, path: Path, pricer: Pricer, gas: GasConversion, clock: Clock,
                 post: Post, reports: HistoryReports, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._writer = writer
        self._path = path
        self._pricer = pricer
        self._gas = gas
        self._clock = clock
        self._post = post
        self._reports = reports
        self._monotonic = monotonic
        self._history: HistoryWriter | None = None
        self._pruned: date | None = None
        self._failing = False
        self._lock = threading.Lock()
        self._gathering: list[tuple[str, Reading]] | None = None  # the waiting job's batch, still open
        self._waiting: Callable[[], None] | None = None  # that job, put off for `GATHER_S`
        self._reported: dict[tuple[Fuel, Direction], DayFigures | None] = {}  # as last posted
        self._owed = False  # a batch was written since today's totals were last posted
        self._moved = False  # and it changed some day's figures
        self._report_put_off = False
        self._reported_at = float("-inf")

    def open(self) -> None:
        """Open (or create and migrate) the database, on the writer thread."""

        def job() -> None:
            self._history = self._open_or_start_afresh()
            found = consent_log.records(self._history.db)
            detailed = ConsentState(found).allows(Category.DETAILED_HISTORY)
            self._history.set_retention(retention_policy(detailed))
            if not detailed:
                self._history.prune(self._clock.now())
            self._post(lambda: self._reports.consent(found))
            self._reported.clear()
            self._report_today()

        self._submit("the history", job)

    def _submit(self, what: str, job: Callable[[], None], failed: Callable[[str], None] | None = None) -> None:
        """Queue a job, after the readings handed over before it; those after it go after it."""
        with self._lock:
            waiting, self._waiting, self._gathering = self._waiting, None, None
        if waiting is not None:
            self._writer.submit("the history", waiting, self._failed)  # now, not when it falls due
        self._writer.submit(what, job, failed or self._failed)

    def _open_or_start_afresh(self) -> HistoryWriter:
        """A damaged file is kept aside for support, and a new history started in its place; any
        other failure (a full or read-only disk) is left to be reported."""
        try:
            return _private(self._path, HistoryWriter(self._path, self._pricer, self._gas))
        except sqlite3.DatabaseError as error:
            if not _damaged(error):
                raise
        stamp = self._clock.now().strftime("%Y%m%dT%H%M%SZ")
        aside = self._path.with_name(f"{self._path.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{self._path}{suffix}").exists():
                Path(f"{self._path}{suffix}").rename(f"{aside}{suffix}")
        log.warning("the history file was damaged: kept as %s, and a new one started", aside.name)
        return _private(self._path, HistoryWriter(self._path, self._pricer, self._gas))

    def record_consent(self, record: ConsentRecord) -> None:
        def job() -> None:
            if self._history is None:
                raise OSError("the history is not open, so the choice could not be recorded")
            with self._history.transaction():
                consent_log.append(self._history.db, record)

        self._submit("a consent choice", job)

    def keep_share_mark(self, category: Category, up_to: datetime) -> None:
        """The broker has acknowledged `category`'s shares up to `up_to` (the next period's start)."""

        def job() -> None:
            if self._history is None:
                return
            with self._history.transaction():
                share_marks.keep(self._history.db, category.value, up_to)

        self._writer.submit("what was shared", job, self._failed)

    def set_detailed(self, detailed: bool) -> None:
        """Consent to detailed history given or withdrawn: withdrawn, the half-hours and readings of
        every day before today are deleted now, their daily totals kept."""

        def job() -> None:
            if self._history is None:
                return
            self._history.set_retention(retention_policy(detailed))
            self._history.prune(self._clock.now())
            self._reported.clear()
            self._report_today()

        self._submit("the history", job)

    def seed_if_empty(self, seed: Callable[[], Iterable[Reading]]) -> None:
        """Fill an empty history (the demo's thirteen months) without holding up live figures."""

        def job() -> None:
            if self._history is None or self._history.db.execute("SELECT 1 FROM day LIMIT 1 OFFSET 2").fetchone():
                return
            self._history.apply((("demo", r) for r in seed()), self._clock.now())
            self._report_today()  # yesterday and the days before are in: the screens look again

        self._submit("the demo's history", job)

    def add(self, batch: list[tuple[str, Reading]]) -> None:
        """Write `batch`, with whatever else comes in the next `GATHER_S`."""
        with self._lock:
            if self._gathering is not None:
                self._gathering.extend(batch)
                return
            gathering = self._gathering = list(batch)
            job = self._waiting = self._write_job(gathering)
        self._writer.submit_later(GATHER_S, "the history", job, self._failed)

    def _write_job(self, gathering: list[tuple[str, Reading]]) -> Callable[[], None]:
        """The job writing `gathering`: once, when due or ahead of another job, whichever is first."""
        done = False

        def job() -> None:
            nonlocal done
            with self._lock:
                if done:
                    return
                done = True
                if self._gathering is gathering:
                    self._gathering = self._waiting = None  # closed: what comes next is a job of its own
            self._write(gathering)

        return job

    def _write(self, gathering: list[tuple[str, Reading]]) -> None:
        if self._history is None:
            return
        now = self._clock.now()
        changes = self._history.apply(gathering, now)
        for rejection in changes.rejected:
            self._post(lambda r=rejection: self._reports.rejected(r))
        if not all(isinstance(r, BackfillReading) for _, r in gathering) or changes.days:
            self._owed = True
        self._moved = self._moved or bool(changes.days)
        self._report_when_due()
        self._prune_daily()
        if self._failing:
            self._failing = False
            self._post(lambda: self._reports.problem(""))

    def _report_when_due(self) -> None:
        """Report now if the last report was long enough ago, else once it is."""
        if not self._owed or self._report_put_off:
            return
        wait = self._reported_at + REPORT_GAP_S - self._monotonic()
        if wait <= 0:
            self._report_today(moved=self._moved)
            self._reported_at = self._monotonic()
            return
        self._report_put_off = True

        def report() -> None:
            self._report_put_off = False
            if self._owed and self._history is not None:
                self._report_today(moved=self._moved)
                self._reported_at = self._monotonic()

        self._writer.submit_later(wait, "the history", report, self._failed)

    def _report_today(self, *, moved: bool = True) -> None:
        """Post today's totals of each fuel and direction whose figures changed since last posted
        (all of them after the history opened or was wiped); if none changed but other days did
        (`moved`), one all the same, so the screens showing those days look again."""
        assert self._history is not None
        today = local_day_start(self._clock.now(), self._pricer.tz).astimezone(self._pricer.tz).date()
        posted = False
        for fuel in Fuel:
            for direction in Direction:
                figures = self._history.day_figures(fuel, direction, today)
                if (fuel, direction) in self._reported and self._reported[(fuel, direction)] == figures:
                    continue
                self._reported[(fuel, direction)] = figures
                self._post(lambda f=fuel, d=direction, x=figures: self._reports.today(f, d, x))
                posted = True
        if moved and not posted:
            figures = self._reported.get((Fuel.ELECTRICITY, Direction.IMPORT))
            self._post(lambda x=figures: self._reports.today(Fuel.ELECTRICITY, Direction.IMPORT, x))
        self._owed = self._moved = False

    def _prune_daily(self) -> None:
        assert self._history is not None
        today = self._clock.now().date()
        if self._pruned != today:
            self._pruned = today
            self._history.prune(self._clock.now())

    def _failed(self, reason: str) -> None:
        self._failing = True
        self._post(lambda: self._reports.problem(reason))

    def wipe(self, also: Callable[[], None] = lambda: None) -> None:
        """The new-occupier wipe: the history file goes, with its consent log, and a new empty one
        takes its place; `also` (removing the other files) runs in the same job."""

        def job() -> None:
            if self._history is not None:
                self._history.close()
                self._history = None
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self._path}{suffix}").unlink(missing_ok=True)
            also()
            self._history = _private(self._path, HistoryWriter(self._path, self._pricer, self._gas))
            self._post(lambda: self._reports.consent([]))
            self._reported.clear()
            self._report_today()

        self._submit("the wipe", job)

    def close(self) -> None:
        def job() -> None:
            if self._history is not None:
                self._history.close()
                self._history = None  # a report put off until later has nothing to read

        self._submit("the history", job, lambda _reason: None)


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """Not a database, or a malformed one; not a busy, locked, full or read-only one."""
    text = str(error).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _private(path: Path, history: HistoryWriter) -> HistoryWriter:
    """The history is the household's alone (mode 0600), whatever the umask: set as soon as it is
    open, before anything of the household's is in it; SQLite gives journal files it makes later
    the database file's mode."""
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists() and part.stat().st_mode & 0o077:
            part.chmod(0o600)
    return history
