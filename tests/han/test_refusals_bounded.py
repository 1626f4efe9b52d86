"""50,000 refusals, each with a different value and source: memory and the log stay bounded, and
every one is counted by its kind."""

from __future__ import annotations

import logging
import tracemalloc

from ihd.core.readings import Rejection
from ihd.han.dialects import make_dialect
from ihd.han.feed import Feed
from ihd.han.rejections import EXAMPLES, MAX_KINDS, OTHER, RejectionLog, kind_of

N = 50_000


class Ticking:
    """A monotonic clock that moves a second every hundred readings of it (one per refusal: the
    flood of 100,000 refusals lasts some seventeen minutes)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> float:
        self.calls += 1
        return self.calls / 100


def test_50000_distinct_refusals_keep_memory_and_the_log_bounded(caplog):
    caplog.set_level(logging.WARNING, logger="ihd.rejected")
    rejections = RejectionLog(Ticking())
    feed = Feed(make_dialect("native"), rejections, wake=lambda: None)

    def flood(start: int, stop: int) -> None:
        for i in range(start, stop):
            # a value the reason carries, as the history's refusals do, and a topic never seen before
            rejections.add(Rejection(f"ihd/v1/electricity/import/{i}", f"register went backwards from {i} to {i - 1}"))
            feed.receive(f"ihd/v1/x{i}", b'{"watts": %d}' % i, False)

    flood(0, 1000)
    tracemalloc.start()
    settled, _ = tracemalloc.get_traced_memory()
    flood(1000, N)
    grown, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert rejections.total == 2 * N
    assert rejections.counts() == {"register went backwards from # to #": N, "not a topic of the ihd/v1 contract": N}
    assert grown - settled < 200_000  # bytes: flat, not 10 MB
    assert len(caplog.records) <= 2 * 18  # each kind once a minute over the flood's seventeen minutes
    assert len(rejections.recent()) == EXAMPLES  # the values, only in the last few examples
    assert rejections.last.reason == "not a topic of the ihd/v1 contract"


def test_kinds_are_bounded_and_long_reasons_cut_short(caplog):
    rejections = RejectionLog(lambda: 0.0)
    for i in range(MAX_KINDS * 3):
        rejections.add(Rejection("t", f"reason number {chr(0x4E00 + i)}" + "x" * 10_000))
    counts = rejections.counts()
    assert len(counts) == MAX_KINDS
    assert counts[OTHER] == MAX_KINDS * 3 - (MAX_KINDS - 1)
    assert all(len(kind) <= 120 for kind in counts)
    assert all(len(r.getMessage()) < 400 for r in caplog.records)


def test_a_kind_keeps_field_names_and_loses_figures():
    assert kind_of("'watts' is out of range") == "'watts' is out of range"
    assert kind_of("not a topic of the ihd/v1 contract") == "not a topic of the ihd/v1 contract"
    assert kind_of("register jumped by 580.000 kWh in 3.5 minutes") == "register jumped by # kWh in # minutes"
    assert kind_of("payload of 1000010 bytes is larger than 65536") == "payload of # bytes is larger than #"
