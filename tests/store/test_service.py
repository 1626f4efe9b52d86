"""The history service on its real writer thread: batches handed over while it is busy are written
together, in order with the other jobs; today's totals are posted when they move, at most once a
second, and the last always. And the writer's put-off jobs."""

import itertools
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from history_helpers import LONDON, SINGLE_RATES, utc

from ihd.core.clock import ManualClock
from ihd.core.pricing import Pricer
from ihd.core.readings import RegisterReading
from ihd.core.units import Direction, Fuel, GasConversion, RegisterUnit
from ihd.store import service as service_module
from ihd.store.history import HistoryWriter
from ihd.store.service import HistoryReports, HistoryService
from ihd.store.writer import Writer

NOON = utc(2026, 1, 15, 12)


def elec(i):
    return "t", RegisterReading(Fuel.ELECTRICITY, Direction.IMPORT, Decimal(1000) + Decimal(i) / 100,
                                RegisterUnit.KWH, NOON - timedelta(hours=2) + timedelta(seconds=10 * i))


class Seen:
    """What the service posts, run at once (as the GUI thread would, later)."""

    def __init__(self):
        self.today = []
        self.problems = []
        self.when = []  # the monotonic time each of today's reports was posted at
        self.clock = None

    def post(self, fn):
        fn()

    def reports(self):
        def today(fuel, direction, figures):
            self.today.append((fuel, direction, figures))
            self.when.append(self.clock.now)

        return HistoryReports(today, lambda r: None, self.problems.append)


class Ticking:
    """A monotonic clock that moves on `step` seconds each time it is read."""

    def __init__(self, step):
        self.step, self.now = step, 0.0

    def __call__(self):
        self.now += self.step
        return self.now


@pytest.fixture
def made(tmp_path, monkeypatch):
    ticking = Ticking(1.0)  # reports are not held back, unless a test slows it
    writer = Writer(ticking)
    writer.start()
    seen = Seen()
    seen.clock = ticking
    service = HistoryService(writer, tmp_path / "h.sqlite3", Pricer(LONDON, configured=SINGLE_RATES),
                             GasConversion(), ManualClock(NOON), seen.post, seen.reports(), monotonic=ticking)
    applied = []
    real = HistoryWriter.apply

    def counting(self, readings, received_at):
        batch = list(readings)
        applied.append(len(batch))
        return real(self, batch, received_at)

    monkeypatch.setattr(HistoryWriter, "apply", counting)
    service.open()
    assert writer.flush()
    yield writer, service, seen, applied, ticking
    service.close()
    writer.stop()


def hold(writer):
    """Keep the writer busy until the returned event is set."""
    go = threading.Event()
    writer.submit("a pause", lambda: go.wait(10), lambda _reason: None)
    return go


def test_batches_waiting_for_the_writer_are_written_as_one(made):
    writer, service, seen, applied, _ticking = made
    go = hold(writer)
    for i in range(0, 300, 3):
        service.add([elec(i), elec(i + 1), elec(i + 2)])
    go.set()
    assert writer.flush()
    assert applied == [300]  # one transaction, not a hundred
    today = [x for f, d, x in seen.today if (f, d) == (Fuel.ELECTRICITY, Direction.IMPORT)][-1]
    assert today.kwh == Decimal("2.99")


def test_readings_handed_over_after_another_job_are_written_after_it(made):
    """Readings after a wipe belong to the new history: they are not gathered into a batch queued
    before the wipe."""
    writer, service, seen, applied, _ticking = made
    go = hold(writer)
    service.add([elec(0), elec(1)])
    service.wipe()
    service.add([elec(2), elec(3)])
    go.set()
    assert writer.flush()
    assert applied == [2, 2]
    today = [x for f, d, x in seen.today if (f, d) == (Fuel.ELECTRICITY, Direction.IMPORT)][-1]
    assert today.kwh == Decimal("0.01")  # only the rise from reading 2 to 3 is in the new history


def test_today_is_posted_when_it_moves_and_at_most_once_a_second(made):
    writer, service, seen, applied, ticking = made
    seen.today.clear()
    service.add([elec(0), elec(1)])
    assert writer.flush()
    assert len(seen.today) == 1  # electricity import moved; gas and export did not: not posted again

    ticking.step = 0.05  # each look at the time, a twentieth of a second on
    go = hold(writer)
    for n in range(2, 42):  # a flood: forty batches, each written while the next waits
        service.add([elec(n)])
        service._submit("between", lambda: None)  # so the next is a job of its own
    go.set()
    assert writer.flush()
    assert len(applied) == 1 + 40
    posted = seen.today[1:]
    assert 2 <= len(posted) < 20  # not forty times
    gaps = [b - a for a, b in itertools.pairwise(sorted(set(seen.when)))]  # each report, once
    assert min(gaps) >= service_module.REPORT_GAP_S  # at most once a (simulated) second
    assert posted[-1][2].last_at == elec(41)[1].at  # and the last figures, always

    service.add([elec(41)])  # a re-send changes nothing: nothing posted
    assert writer.flush()
    assert seen.today[1:] == posted


def test_a_put_off_job_runs_when_due_or_at_a_flush_or_the_stop():
    writer = Writer()
    writer.start()
    ran = []
    due = threading.Event()

    def put_off(name, seconds, then=None):
        writer.submit("a job", lambda: writer.submit_later(seconds, name, lambda: (ran.append(name), then and then()),
                                                           lambda _reason: None), lambda _reason: None)

    put_off("soon", 0.05, due.set)
    assert due.wait(5)  # when due, with nothing else to do
    put_off("an hour on", 3600)
    assert writer.flush()
    assert ran == ["soon", "an hour on"]  # a flush does not wait an hour, nor leave it behind
    put_off("at the stop", 3600)
    writer.stop()
    assert ran == ["soon", "an hour on", "at the stop"]


def test_a_report_put_off_past_the_close_is_dropped_quietly(made, caplog):
    writer, service, seen, _applied, ticking = made
    ticking.step = 0.0  # the clock stands still: the next report waits for a second that never passes
    service.add([elec(0), elec(1)])
    assert writer.flush()
    service.add([elec(2)])
    service.close()
    writer.stop()  # runs what was put off: the report finds the history closed
    assert not seen.problems
    assert "could not save" not in caplog.text
