"""Sharing without gaps: a category's mark moves only as the broker acknowledges, in order; nothing
from before the choice, nothing not yet heard in full; days by the household's clock."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ihd.core.consent import Category, ConsentRecord, ConsentState
from ihd.core.sharing import GRACE, IN_FLIGHT, PER_TICK, Share, ShareStream

LONDON = ZoneInfo("Europe/London")
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
HALF = timedelta(minutes=30)


def half_hourly():
    return ShareStream(Share(Category.SUPPLIER_HALF_HOURLY, "share/supplier/half-hourly", daily=False), LONDON)


def daily():
    return ShareStream(Share(Category.SUPPLIER_DAILY, "share/supplier/daily", daily=True), LONDON)


def heard(at):
    return lambda: at


def test_periods_from_the_first_that_begins_after_the_choice_and_only_once_over_and_heard():
    stream = half_hourly()
    since = NOON + timedelta(minutes=10)  # chosen during the 12:00 half-hour: that one is never shared
    now = NOON + 3 * HALF + GRACE
    assert stream.due(now, since, heard(now)) == [NOON + HALF, NOON + 2 * HALF]
    again = half_hourly()
    assert again.due(now, since, heard(NOON + 2 * HALF + timedelta(minutes=5))) == [NOON + HALF]  # 13:00 not all in
    assert half_hourly().due(now, since, heard(None)) == []  # nothing heard of the meter at all


def test_the_mark_moves_only_past_what_the_broker_acknowledged_in_order():
    stream = half_hourly()
    now = NOON + 4 * HALF + GRACE
    starts = stream.due(now, NOON, heard(now))
    assert starts == [NOON, NOON + HALF, NOON + 2 * HALF, NOON + 3 * HALF]
    acks = dict.fromkeys(starts, False)
    for s in starts:
        stream.sent(s, lambda s=s: acks[s])
    acks[NOON + HALF] = True
    assert stream.settle() is None  # the first is not acknowledged: the mark waits
    acks[NOON] = True
    assert stream.settle() == NOON + 2 * HALF
    assert stream.due(now, NOON, heard(now)) == []  # in flight: not sent twice while the link holds
    stream.forget_in_flight()  # the link broke: from the mark again
    assert stream.due(now, NOON, heard(now)) == [NOON + 2 * HALF, NOON + 3 * HALF]


def test_a_kept_mark_wins_over_the_choice_and_a_new_choice_over_an_old_mark():
    stream = half_hourly()
    stream.mark = NOON + 2 * HALF
    now = NOON + 4 * HALF + GRACE
    assert stream.due(now, NOON, heard(now)) == [NOON + 2 * HALF, NOON + 3 * HALF]
    stream.forget_in_flight()
    assert stream.due(now, NOON + 3 * HALF, heard(now)) == [NOON + 3 * HALF]  # switched on again later


def test_a_long_outage_is_caught_up_a_day_at_a_time_and_never_beyond_the_in_flight_limit():
    stream = half_hourly()
    now = NOON + timedelta(days=10)
    sent = 0
    while batch := stream.due(now, NOON, heard(now)):
        assert len(batch) <= PER_TICK
        for start in batch:
            stream.sent(start, lambda: False)
        sent += len(batch)
    assert sent == stream.waiting == IN_FLIGHT


def test_days_are_the_households_days_across_a_clock_change():
    stream = daily()
    autumn = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)  # local midnight of Sunday 25 October (BST)
    after = datetime(2026, 10, 27, 0, 10, tzinfo=UTC)  # Tuesday, ten past midnight (GMT)
    days = stream.due(after, autumn, heard(after))
    assert days == [autumn, datetime(2026, 10, 26, 0, 0, tzinfo=UTC)]  # the 25-hour day, then Monday
    assert stream.first_from(autumn + timedelta(minutes=1)) == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)


def test_switched_on_since_is_the_first_yes_after_the_last_no():
    def choice(granted, minutes):
        return ConsentRecord(Category.SUPPLIER_DAILY, granted, NOON + timedelta(minutes=minutes), 2, "en_GB", "w")

    state = ConsentState([choice(True, 0), choice(True, 10)])
    assert state.on_since(Category.SUPPLIER_DAILY) == NOON  # a yes on new words carries on
    state = state.with_choice(choice(False, 20))
    assert state.on_since(Category.SUPPLIER_DAILY) is None
    state = state.with_choice(choice(True, 30))
    assert state.on_since(Category.SUPPLIER_DAILY) == NOON + timedelta(minutes=30)
    assert ConsentState().on_since(Category.DETAILED_HISTORY) is None  # on by default, never chosen
