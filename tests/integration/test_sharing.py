"""What leaves the display, seen by a subscriber on the real broker: nothing finer than the
household allows, and what it allows once switched on."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from broker import Subscriber
from published import check_all
from sharing_helpers import LONDON, iso, open_display, pass_half_hour, reading, readings_in, start_of_a_slot

from ihd.core.consent import Category
from ihd.core.periods import local_day_start, slot_start
from ihd.core.units import Fuel


@pytest.fixture
def listener(broker):
    made = Subscriber(broker.port, "listener").listen("ihd/v1/#")
    yield made
    made.close()
    # every payload the display published meets its schema in docs/contract/schemas
    assert check_all(made.on("ihd/v1/")) > 0


def test_nothing_finer_than_allowed_leaves_the_display(qtbot, broker, listener, make_display):
    slot = start_of_a_slot()
    display = open_display(qtbot, broker, make_display, slot + timedelta(minutes=1))
    pub = broker.publisher()
    readings_in(pub, slot, 6000.0, display)
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.last_reading_at is not None, timeout=5000)
    pass_half_hour(qtbot, display, slot)
    published = {t for t, p, _r in listener.on("ihd/v1/")
                 if p and not t.startswith(("ihd/v1/electricity/", "ihd/v1/capabilities"))}
    assert published == {"ihd/v1/consent"}  # the choices themselves, and nothing else (an empty message
    # clears the availability topic of a last will left by an earlier run, and carries nothing)
    record = listener.last("ihd/v1/consent")
    assert record["categories"]["supplier-half-hourly"]["granted"] is False
    pub.close()


def test_half_hourly_sharing_once_switched_on(qtbot, broker, listener, make_display):
    slot = start_of_a_slot()
    display = open_display(qtbot, broker, make_display, slot - timedelta(minutes=1))
    display.consent.choose(Category.SUPPLIER_HALF_HOURLY, True, "the words shown")  # before the half-hour began
    qtbot.waitUntil(lambda: listener.last("ihd/v1/consent")["categories"]["supplier-half-hourly"]["granted"],
                    timeout=5000)
    pub = broker.publisher()
    readings_in(pub, slot, 6000.0, display)
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.last_reading_at is not None, timeout=5000)
    pass_half_hour(qtbot, display, slot)
    qtbot.waitUntil(lambda: "ihd/v1/share/supplier/half-hourly" in listener.topics(), timeout=5000)
    shared = listener.last("ihd/v1/share/supplier/half-hourly")
    assert shared == {"contract": "ihd/v1", "home": display.shared.home_id, "category": "supplier-half-hourly",
                      "start": iso(slot), "minutes": 30, "kwh": {"electricity/import": 0.5}}
    assert "ihd/v1/share/supplier/daily" not in listener.topics()
    assert "ihd/v1/share/third-party/half-hourly" not in listener.topics()
    # Withdrawn: the next half-hour is not shared.
    display.consent.choose(Category.SUPPLIER_HALF_HOURLY, False, "the words shown")
    later = slot + timedelta(minutes=30)
    readings_in(pub, later, 6000.5, display)
    pass_half_hour(qtbot, display, later)
    assert listener.topics().count("ihd/v1/share/supplier/half-hourly") == 1
    pub.close()


def test_daily_sharing_sends_a_day_once_it_is_over(qtbot, broker, listener, make_display):
    midnight = local_day_start(datetime.now(UTC), LONDON)
    yesterday = local_day_start(midnight - timedelta(hours=1), LONDON)
    display = open_display(qtbot, broker, make_display, yesterday - timedelta(minutes=1))
    display.consent.choose(Category.SUPPLIER_DAILY, True, "the words shown")  # before yesterday began
    slot = slot_start(midnight - timedelta(hours=5))  # yesterday evening
    pub = broker.publisher()
    readings_in(pub, slot, 7000.0, display)
    qtbot.waitUntil(lambda: display.figures.live.snapshot().electricity.last_reading_at is not None, timeout=5000)
    pass_half_hour(qtbot, display, slot)
    assert "ihd/v1/share/supplier/half-hourly" not in listener.topics()
    display.clock.advance((midnight + timedelta(minutes=3) - display.clock.now()).total_seconds())
    reading(pub, midnight + timedelta(minutes=1), 7000.5)  # the meter is heard past midnight
    display.writer.flush(5)
    qtbot.waitUntil(lambda: (display.consent.tick(), "ihd/v1/share/supplier/daily" in listener.topics())[1],
                    timeout=5000)
    day = listener.last("ihd/v1/share/supplier/daily")
    assert day["kwh"] == {"electricity/import": 0.5}
    assert day["category"] == "supplier-daily"
    assert day["day"] == yesterday.astimezone(LONDON).date().isoformat()
    pub.close()


def test_the_postcode_district_goes_only_with_consent_and_is_cleared_when_withdrawn(qtbot, broker, listener,
                                                                                   make_display):
    display = open_display(qtbot, broker, make_display, datetime.now(UTC),
                           {"carbon": {"postcode_district": "EH12"}})
    def region():
        return [p for t, p, _r in listener.on("ihd/v1/share/carbon-region")]

    qtbot.waitUntil(lambda: bool(region()), timeout=5000)
    assert region()[-1] == b""  # nothing: not allowed
    display.consent.choose(Category.CARBON_LOOKUP, True, "the words shown")
    district = {"contract": "ihd/v1", "home": display.shared.home_id, "postcode_district": "EH12"}
    qtbot.waitUntil(lambda: json.loads(region()[-1] or b"{}") == district, timeout=5000)
    display.consent.choose(Category.CARBON_LOOKUP, False, "the words shown")
    qtbot.waitUntil(lambda: region()[-1] == b"", timeout=5000)


def test_choices_survive_a_restart_and_are_logged_with_their_words(qtbot, broker, make_display):
    display = open_display(qtbot, broker, make_display, datetime.now(UTC))
    display.consent.choose(Category.SUPPLIER_DAILY, True, "Daily use, to your supplier, once a day.")
    display.writer.flush(5)
    display.stop()
    again = open_display(qtbot, broker, make_display, datetime.now(UTC))
    assert again.consent.state.allows(Category.SUPPLIER_DAILY)
    (record,) = again.shared.reader().consent_log()
    assert record.statement == "Daily use, to your supplier, once a day."
    assert record.language == "en_GB"
    assert again.figures.live.snapshot().electricity.fuel is Fuel.ELECTRICITY
