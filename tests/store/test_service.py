"""The history service on its real writer thread: batches handed over while it is busy are written
together, in order with the other jobs; today's totals are posted when they move, at most once a
second while more is waiting, and the last always."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from history_helpers import LONDON, SINGLE_RATES, utc

from ihd.core.clock import ManualClock
from ihd.core.pricing import Pricer
from ihd.core.readings import RegisterReading
from ihd.core.units import Direction, Fuel, GasConversion, RegisterUnit
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

    def post(self, fn):
        fn()

    def reports(self):
        return HistoryReports(lambda f, d, x: self.today.append((f, d, x)), lambda r: None, self.problems.append)


@pytest.fixture
def made(tmp_path, monkeypatch):
    writer = Writer()
    writer.start()
    seen = Seen()
    ticks = iter(range(0, 10**6, 1))  # each look at the time: a second on (reports are not held back)
    service = HistoryService(writer, tmp_path / "h.sqlite3", Pricer(LONDON, configured=SINGLE_RATES),
                             GasConversion(), ManualClock(NOON), seen.post, seen.reports(),
                             monotonic=lambda: float(next(ticks)))
    applied = []
    real = HistoryWriter.apply

    def counting(self, readings, received_at):
        batch = list(readings)
        applied.append(len(batch))
        return real(self, batch, received_at)

    monkeypatch.setattr(HistoryWriter, "apply", counting)
    service.open()
    assert writer.flush()
    yield writer, service, seen, applied
    service.close()
    writer.stop()


def hold(writer):
    """Keep the writer busy until the returned event is set."""
    go = threading.Event()
    writer.submit("a pause", lambda: go.wait(10), lambda _reason: None)
    return go


def test_batches_waiting_for_the_writer_are_written_as_one(made):
    writer, service, seen, applied = made
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
    writer, service, seen, applied = made
    go = hold(writer)
    service.add([elec(0), elec(1)])
    service.wipe()
    service.add([elec(2), elec(3)])
    go.set()
    assert writer.flush()
    assert applied == [2, 2]
    today = [x for f, d, x in seen.today if (f, d) == (Fuel.ELECTRICITY, Direction.IMPORT)][-1]
    assert today.kwh == Decimal("0.01")  # only the rise from reading 2 to 3 is in the new history


def test_today_is_posted_when_it_moves_and_at_most_once_a_second_while_more_waits(made):
    writer, service, seen, applied = made
    seconds = [0.0]

    def monotonic():  # a tenth of a second on, each time the service looks
        seconds[0] += 0.1
        return seconds[0]

    service._monotonic = monotonic
    seen.today.clear()
    service.add([elec(0), elec(1)])
    assert writer.flush()
    assert len(seen.today) == 1  # electricity import moved; gas and export did not: not posted again

    go = hold(writer)
    for n in range(2, 42):  # a flood: forty batches, each written while the next waits
        service.add([elec(n)])
        service._submit("between", lambda: None)  # so the next is a job of its own
    go.set()
    assert writer.flush()
    assert len(applied) == 1 + 40
    posted = seen.today[1:]
    assert 2 <= len(posted) <= 6  # about once a (simulated) second, not forty times
    assert posted[-1][2].last_at == elec(41)[1].at  # and the last figures, always

    service.add([elec(41)])  # a re-send changes nothing: nothing posted
    assert writer.flush()
    assert seen.today[1:] == posted
