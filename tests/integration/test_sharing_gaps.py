"""Sharing without gaps, seen by a subscriber on the real broker: what a restart or a broken link
missed while a category was on is sent from the display's history, each half-hour with its natural
key; nothing from before the household said yes, nothing after it said no."""

from collections import Counter
from datetime import timedelta

import pytest
from broker import Subscriber
from published import check_all
from sharing_helpers import (
    HALF_HOURLY,
    iso,
    open_display,
    pass_half_hour,
    readings_in,
    shared,
    start_of_a_slot,
    starts,
)

from ihd.core.consent import Category
from ihd.core.periods import SLOT

HH = Category.SUPPLIER_HALF_HOURLY


@pytest.fixture
def listener(broker):
    made = Subscriber(broker.port, "listener").listen("ihd/v1/#")
    yield made
    made.close()
    assert check_all(made.on("ihd/v1/")) > 0  # what was heard meets its schemas


def acknowledged_up_to(qtbot, display, category, up_to):
    """Waits until the broker has acknowledged `category`'s shares before `up_to`, and that is kept."""
    stream = display.consent._streams[category]
    qtbot.waitUntil(lambda: (display.consent.tick(), stream.mark == up_to)[1], timeout=5000)
    display.writer.flush(5)


def test_a_display_restarted_mid_day_sends_exactly_what_it_missed(qtbot, broker, listener, make_display):
    first = start_of_a_slot(hours_ago=5)
    display = open_display(qtbot, broker, make_display, first - timedelta(minutes=1))
    display.consent.choose(HH, True, "the words shown")
    pub = broker.publisher()
    readings_in(pub, first, 6000.0, display)
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.last_reading_at == first + SLOT, timeout=5000)
    pass_half_hour(qtbot, display, first)
    acknowledged_up_to(qtbot, display, HH, first + SLOT)
    assert starts(listener) == [iso(first)]
    display.stop()
    # While it is off, the meter goes on: its readings wait at the broker in the display's session.
    for n in (1, 2, 3):
        readings_in(pub, first + n * SLOT, 6000.5 + 0.5 * (n - 1))
    again = open_display(qtbot, broker, make_display, first + 4 * SLOT + timedelta(minutes=3))
    last = first + 3 * SLOT
    qtbot.waitUntil(lambda: (again.writer.flush(5), again.consent.tick(), iso(last) in starts(listener))[2],
                    timeout=10000)
    acknowledged_up_to(qtbot, again, HH, last + SLOT)
    assert Counter(starts(listener)) == {iso(first + n * SLOT): 1 for n in range(4)}  # each once, none twice
    assert {tuple(r["kwh"].items()) for r in shared(listener)} == {(("electricity/import", 0.5),)}
    assert all(r["category"] == "supplier-half-hourly" for r in shared(listener))
    pub.close()


def test_a_broken_link_delays_the_half_hours_and_loses_none(qtbot, broker, make_display):
    first = start_of_a_slot(hours_ago=5)
    display = open_display(qtbot, broker, make_display, first - timedelta(minutes=1))
    display.consent.choose(HH, True, "the words shown")
    pub = broker.publisher()
    for n in (0, 1, 2):
        readings_in(pub, first + n * SLOT, 6000.0 + 0.5 * n, display)
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.last_reading_at == first + 3 * SLOT,
                    timeout=5000)
    display.writer.flush(5)
    pub.close()
    broker.stop()  # before any of them was over: the link is down for them all
    qtbot.waitUntil(lambda: not display.consent._connected, timeout=10000)
    for _minute in range(10):  # ten minutes of ticks with nowhere to send
        display.clock.advance(60)
        display.consent.tick()
    broker.start()
    listener = Subscriber(broker.port, "after").listen("ihd/v1/#")
    try:
        qtbot.waitUntil(lambda: display.consent._connected, timeout=15000)
        qtbot.waitUntil(lambda: (display.consent.tick(), len(set(starts(listener))) == 3)[1], timeout=5000)
        assert sorted(set(starts(listener))) == [iso(first + n * SLOT) for n in range(3)]
        assert check_all(listener.on("ihd/v1/")) > 0
    finally:
        listener.close()


def test_nothing_from_before_the_yes_nor_after_the_no_even_across_a_restart(qtbot, broker, listener,
                                                                             make_display):
    first = start_of_a_slot(hours_ago=5)
    display = open_display(qtbot, broker, make_display, first - timedelta(minutes=1))
    pub = broker.publisher()
    readings_in(pub, first, 6000.0, display)  # kept on the display, not yet to be shared
    display.writer.flush(5)
    display.consent.choose(HH, True, "the words shown")  # during the next half-hour's first minute
    readings_in(pub, first + SLOT, 6000.5, display)
    readings_in(pub, first + 2 * SLOT, 6001.0, display)
    pass_half_hour(qtbot, display, first + 2 * SLOT)
    qtbot.waitUntil(lambda: bool(starts(listener)), timeout=5000)
    assert starts(listener) == [iso(first + 2 * SLOT)]  # the half-hour under way at the yes is not shared
    readings_in(pub, first + 3 * SLOT, 6001.5, display)  # over, but not yet sent (its grace runs)
    display.consent.choose(HH, False, "the words shown")
    display.clock.advance(600)
    display.consent.tick()
    display.writer.flush(5)
    display.stop()
    again = open_display(qtbot, broker, make_display, first + 4 * SLOT)
    readings_in(pub, first + 4 * SLOT, 6002.0, again)
    pass_half_hour(qtbot, again, first + 4 * SLOT)
    qtbot.wait(500)
    assert starts(listener) == [iso(first + 2 * SLOT)]
    assert not listener.topics("ihd/v1/share/supplier/daily")
    assert not listener.topics("ihd/v1/share/third-party")
    pub.close()


def test_a_category_never_switched_on_sends_nothing_whatever_the_history_holds(qtbot, broker, listener,
                                                                                make_display):
    first = start_of_a_slot(hours_ago=5)
    display = open_display(qtbot, broker, make_display, first - timedelta(minutes=1),
                           {"consent": {"third_party_name": "A study"}})
    display.consent.choose(Category.THIRD_PARTY, True, "the words shown")
    pub = broker.publisher()
    readings_in(pub, first, 6000.0, display)
    pass_half_hour(qtbot, display, first)
    qtbot.waitUntil(lambda: bool(listener.topics("ihd/v1/share/third-party/half-hourly")), timeout=5000)
    assert not listener.topics(HALF_HOURLY)
    assert not listener.topics("ihd/v1/share/supplier/daily")
    (record,) = shared(listener, "ihd/v1/share/third-party/half-hourly")
    assert record["category"] == "third-party"
    assert record["service"] == "A study"
    pub.close()


def test_every_share_names_the_home_and_the_wipe_ends_it_under_that_name(qtbot, broker, listener, make_display):
    first = start_of_a_slot(hours_ago=5)
    display = open_display(qtbot, broker, make_display, first - timedelta(minutes=1))
    home = (display.options.config.data_dir / "home-id").read_text().strip()
    display.consent.choose(HH, True, "the words shown")
    pub = broker.publisher()
    readings_in(pub, first, 6000.0, display)
    pass_half_hour(qtbot, display, first)
    qtbot.waitUntil(lambda: bool(starts(listener)), timeout=5000)
    (record,) = shared(listener)
    assert record["home"] == home
    assert listener.last("ihd/v1/consent")["home"] == home
    display.household.wipe()
    qtbot.waitUntil(lambda: listener.last("ihd/v1/consent")["home"] != home, timeout=5000)
    last_old = [r for r in shared(listener, "ihd/v1/consent") if r["home"] == home][-1]
    assert last_old["ended"] is True
    assert not any(c["granted"] for c in last_old["categories"].values())
    new = listener.last("ihd/v1/consent")
    assert "ended" not in new
    assert not new["categories"]["supplier-half-hourly"]["granted"]
    display.writer.flush(5)
    assert (display.options.config.data_dir / "home-id").read_text().strip() == new["home"]
    pub.close()
