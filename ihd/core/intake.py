"""Whether a reading's own timestamp can be believed, before anything is shown or stored.

A bridge's clock may be wrong (not yet set, stepped by NTP) and a message may be forged. A reading
stamped ahead of the display's clock would set the order for every later reading and book energy
not yet used; one stamped decades back would have its rise spread over every half-hour since. So
observations stamped more than a small tolerance ahead are refused, nothing is booked into a
half-hour that has not begun, and nothing older than the history keeps is taken. Prices and
tariffs may rightly be for the future, so only their age is bounded. Bulk records are also held
to the ceiling per hour that a register's rise is.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from ihd.core.limits import period_use_problem
from ihd.core.periods import slot_start
from ihd.core.prepayment import PrepaymentState
from ihd.core.readings import (
    AmbientIndicator,
    BackfillReading,
    Demand,
    IntensityReading,
    OutdoorTemperature,
    PriceReading,
    Reading,
    RegisterReading,
)
from ihd.core.retention import Retention

DEFAULT_AHEAD = timedelta(minutes=5)
# The history keeps half-hours for this long; anything older has nowhere honest to go.
HISTORY_SPAN = timedelta(days=Retention().half_hour_days)

AHEAD = "reading is stamped ahead of this display's clock"
UNBEGUN = "reading is stamped in a half-hour that has not begun"
TOO_OLD = "reading is older than the history keeps"
RECORDS_AHEAD = "backfilled records for periods that have not begun were left out"
RECORDS_OLD = "records older than the history keeps were left out"
RECORDS_TOO_MUCH = "records of more use than a home could have were left out"

Admitted = tuple[Reading | None, tuple[str, ...]]


def admit(reading: Reading, now: datetime, ahead: timedelta = DEFAULT_AHEAD) -> Admitted:
    """The reading as far as its times can be believed (a bulk record may lose some records), or
    None; with the reasons for anything left out. Reasons name a kind, never a value."""
    match reading:
        case Demand() | PrepaymentState() | AmbientIndicator() | OutdoorTemperature():
            return _whole(reading, _ahead(reading.at, now, ahead))
        case RegisterReading():
            return _register(reading, now, ahead)
        case BackfillReading():
            return _backfill(reading, now)
        case PriceReading():
            kept = tuple(p for p in reading.prices if now - p[0] <= HISTORY_SPAN)
            return _trimmed(reading, replace(reading, prices=kept), len(kept) != len(reading.prices), kept)
        case IntensityReading():
            kept_i = tuple(r for r in reading.records if now - r[0] <= HISTORY_SPAN)
            return _trimmed(reading, replace(reading, records=kept_i), len(kept_i) != len(reading.records), kept_i)
    return reading, ()


def _ahead(at: datetime, now: datetime, ahead: timedelta) -> str | None:
    return AHEAD if at - now > ahead else None


def _whole(reading: Reading, problem: str | None) -> Admitted:
    return (None, (problem,)) if problem else (reading, ())


def _register(r: RegisterReading, now: datetime, ahead: timedelta) -> Admitted:
    if (problem := _ahead(r.at, now, ahead)) is not None:
        return None, (problem,)
    if r.at > now and slot_start(r.at) > slot_start(now):  # (no earlier instant is in a later half-hour)
        return None, (UNBEGUN,)
    if now - r.at > HISTORY_SPAN:
        return None, (TOO_OLD,)
    if r.day_start is not None and now - r.day_start.at > HISTORY_SPAN:
        return replace(r, day_start=None), ()  # a hint about where the day began: dropped quietly
    return r, ()


def _backfill(r: BackfillReading, now: datetime) -> Admitted:
    if not r.records:
        return r, ()
    problems = []
    kept = tuple(rec for rec in r.records if rec[0] <= now)
    if len(kept) != len(r.records):
        problems.append(RECORDS_AHEAD)
    old = len(kept)
    kept = tuple(rec for rec in kept if now - rec[0] <= HISTORY_SPAN)
    if len(kept) != old:
        problems.append(RECORDS_OLD)
    hours = Decimal("0.5") if r.half_hourly else Decimal(25)  # a day is at most 25 hours long
    plausible = tuple(rec for rec in kept if period_use_problem(rec[1], r.unit, hours) is None)
    if len(plausible) != len(kept):
        problems.append(RECORDS_TOO_MUCH)
        kept = plausible
    if not kept:
        return None, tuple(problems) or (TOO_OLD,)
    return (replace(r, records=kept) if problems else r), tuple(problems)


def _trimmed(original: Reading, trimmed: Reading, changed: bool, kept: tuple[object, ...]) -> Admitted:
    if not changed:
        return original, ()
    return (trimmed if kept else None), (RECORDS_OLD,)
