"""Consent: nothing leaves the home until switched on, and every choice is kept with its words."""

from datetime import UTC, datetime, timedelta

from ihd.core.consent import DEFAULTS, LEAVES_THE_HOME, Category, ConsentRecord, ConsentState

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def record(category, granted, minutes=0):
    return ConsentRecord(category, granted, NOW + timedelta(minutes=minutes), 1, "en_GB", "words")


def test_by_default_only_history_on_this_display_is_kept_and_nothing_is_shared():
    state = ConsentState()
    assert state.allows(Category.DETAILED_HISTORY)
    assert not any(state.allows(c) for c in LEAVES_THE_HOME)
    assert set(DEFAULTS) == set(Category)


def test_the_latest_choice_wins_whatever_order_the_records_come_in():
    state = ConsentState([record(Category.SUPPLIER_DAILY, False, 10), record(Category.SUPPLIER_DAILY, True, 5)])
    assert not state.allows(Category.SUPPLIER_DAILY)
    assert state.since(Category.SUPPLIER_DAILY) == NOW + timedelta(minutes=10)
    assert state.with_choice(record(Category.SUPPLIER_DAILY, True, 20)).allows(Category.SUPPLIER_DAILY)


def test_what_is_published_says_every_category_and_when_it_was_chosen():
    state = ConsentState([record(Category.SUPPLIER_HALF_HOURLY, True)])
    published = state.as_published(NOW)
    assert published["categories"]["supplier-half-hourly"] == {"granted": True, "since": "2026-11-23T12:00:00Z"}
    assert published["categories"]["carbon-lookup"] == {"granted": False, "since": None}
    assert published["categories"]["detailed-history"] == {"granted": True, "since": None}
