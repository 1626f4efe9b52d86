"""The history, run on the store's writer thread, reporting back through `post`.

The display hands it batches of accepted readings; it writes them, and posts back today's
totals and any readings the ledger refused. Nothing here waits on the GUI, nor the GUI on it.
"""

from __future__ import annotations

import logging
import sqlite3
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


@dataclass(frozen=True)
class HistoryReports:
    """Where the results go; each is called on the GUI thread (through `post`)."""

    today: Callable[[Fuel, Direction, DayFigures | None], None]
    rejected: Callable[[Rejection], None]
    problem: Callable[[str], None]  # "" once saving works again
    consent: Callable[[list[ConsentRecord]], None] = lambda _records: None  # the saved choices, at opening


class HistoryService:
    def __init__(self, writer: Writer, path: Path, pricer: Pricer, gas: GasConversion, clock: Clock,
                 post: Post, reports: HistoryReports) -> None:
        self._writer = writer
        self._path = path
        self._pricer = pricer
        self._gas = gas
        self._clock = clock
        self._post = post
        self._reports = reports
        self._history: HistoryWriter | None = None
        self._pruned: date | None = None
        self._failing = False

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
            self._report_today()

        self._writer.submit("the history", job, self._failed)

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

        self._writer.submit("a consent choice", job, self._failed)

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
            self._report_today()

        self._writer.submit("the history", job, self._failed)

    def seed_if_empty(self, seed: Callable[[], Iterable[Reading]]) -> None:
        """Fill an empty history (the demo's thirteen months) without holding up live figures."""

        def job() -> None:
            if self._history is None or self._history.db.execute("SELECT 1 FROM day LIMIT 1 OFFSET 2").fetchone():
                return
            self._history.apply((("demo", r) for r in seed()), self._clock.now())

        self._writer.submit("the demo's history", job, self._failed)

    def add(self, batch: list[tuple[str, Reading]]) -> None:
        def job() -> None:
            if self._history is None:
                return
            now = self._clock.now()
            changes = self._history.apply(batch, now)
            for rejection in changes.rejected:
                self._post(lambda r=rejection: self._reports.rejected(r))
            if not all(isinstance(r, BackfillReading) for _, r in batch) or changes.days:
                self._report_today()
            self._prune_daily()
            if self._failing:
                self._failing = False
                self._post(lambda: self._reports.problem(""))

        self._writer.submit("the history", job, self._failed)

    def _report_today(self) -> None:
        assert self._history is not None
        today = local_day_start(self._clock.now(), self._pricer.tz).astimezone(self._pricer.tz).date()
        for fuel in Fuel:
            for direction in Direction:
                figures = self._history.day_figures(fuel, direction, today)
                self._post(lambda f=fuel, d=direction, x=figures: self._reports.today(f, d, x))

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
            self._report_today()

        self._writer.submit("the wipe", job, self._failed)

    def close(self) -> None:
        def job() -> None:
            if self._history is not None:
                self._history.close()

        self._writer.submit("the history", job, lambda _reason: None)


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
