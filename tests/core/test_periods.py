from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ihd.core.periods import (
    PeriodKind,
    local_midnight,
    overlaps,
    period_of,
    slot_start,
    slots,
)

LONDON = ZoneInfo("Europe/London")


def day_slots(day):
    return list(slots(local_midnight(day, LONDON), local_midnight(day + timedelta(days=1), LONDON)))


@pytest.mark.parametrize(("day", "count"), [
    (date(2026, 3, 29), 46),  # clocks go forward
    (date(2026, 10, 25), 50),  # clocks go back
    (date(2026, 6, 1), 48),
    (date(2026, 12, 25), 48),
])
def test_a_local_day_has_46_48_or_50_half_hours(day, count):
    assert len(day_slots(day)) == count


def test_summer_day_starts_at_2300_utc():
    assert local_midnight(date(2026, 7, 1), LONDON) == datetime(2026, 6, 30, 23, tzinfo=UTC)


def test_slot_start_floors_to_the_half_hour():
    assert slot_start(datetime(2026, 1, 1, 10, 44, 59, tzinfo=UTC)) == datetime(2026, 1, 1, 10, 30, tzinfo=UTC)


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1)),
       st.integers(min_value=1, max_value=10 * 86400))
def test_overlaps_cover_the_interval_exactly(start, seconds):
    start = start.replace(tzinfo=UTC)
    end = start + timedelta(seconds=seconds)
    parts = list(overlaps(start, end))
    assert sum(s for _, s in parts) == pytest.approx(seconds)
    assert all(0 < s <= 1800 for _, s in parts)


def test_week_starts_on_monday_and_month_is_calendar():
    at = datetime(2026, 11, 26, 12, tzinfo=UTC)  # a Thursday
    week = period_of(PeriodKind.WEEK, at, LONDON)
    assert (week.first, week.end) == (date(2026, 11, 23), date(2026, 11, 30))
    month = period_of(PeriodKind.MONTH, at, LONDON)
    assert (month.first, month.end) == (date(2026, 11, 1), date(2026, 12, 1))
    year = period_of(PeriodKind.YEAR, at, LONDON)
    assert (year.first, year.end) == (date(2026, 1, 1), date(2027, 1, 1))


@pytest.mark.parametrize(("billing_day", "on", "first", "end"), [
    (15, date(2026, 11, 20), date(2026, 11, 15), date(2026, 12, 15)),
    (15, date(2026, 11, 10), date(2026, 10, 15), date(2026, 11, 15)),
    (31, date(2026, 2, 10), date(2026, 1, 31), date(2026, 2, 28)),  # no 31st in February
    (31, date(2026, 3, 1), date(2026, 2, 28), date(2026, 3, 31)),
])
def test_billing_period_starts_on_the_billing_day(billing_day, on, first, end):
    at = local_midnight(on, LONDON) + timedelta(hours=12)
    period = period_of(PeriodKind.BILLING, at, LONDON, billing_day)
    assert (period.first, period.end) == (first, end)


@pytest.mark.parametrize("kind", list(PeriodKind))
def test_shifting_back_and_forth_returns_home(kind):
    here = period_of(kind, datetime(2026, 3, 29, 12, tzinfo=UTC), LONDON, 28)
    assert here.shifted(-3).shifted(3) == here
    assert here.shifted(-1).end == here.first
    assert here.shifted(1).first == here.end


def test_days_of_a_period():
    week = period_of(PeriodKind.WEEK, datetime(2026, 3, 29, 12, tzinfo=UTC), LONDON)
    assert len(week.days()) == 7
    assert week.contains(local_midnight(date(2026, 3, 29), LONDON))
    assert not week.contains(local_midnight(week.end, LONDON))
