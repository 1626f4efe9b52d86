"""The household PIN: kept only as a slow salted hash, with a lock that grows."""

import json
from datetime import UTC, datetime, timedelta

from ihd.core.household import Household, PinHash, pin_problem

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_the_pin_is_kept_only_as_a_salted_hash():
    one, two = PinHash.of("2468"), PinHash.of("2468")
    assert one.salt != two.salt
    assert one.digest != two.digest
    saved = json.dumps(Household(one).as_dict())
    assert "2468" not in saved
    assert one.matches("2468")
    assert not one.matches("2469")


def test_wrong_pins_lock_entry_for_a_growing_time():
    house = Household(PinHash.of("2468"))
    waits = []
    at = NOW
    for _ in range(8):
        right, house = house.try_pin("1111", at)
        assert not right
        waits.append(house.lock_left(at).total_seconds())
        at = at + house.lock_left(at)  # wait it out, then try again
    assert waits == [0, 0, 0, 0, 30, 60, 120, 240]
    right, _locked = house.try_pin("2468", at - timedelta(seconds=1))
    assert not right  # still locked: even the right PIN is refused
    right, house = house.try_pin("2468", at)
    assert right
    assert house.failures == 0
    assert house.lock_left(at) == timedelta(0)


def test_the_lock_never_exceeds_an_hour_even_if_the_clock_goes_back():
    house = Household(PinHash.of("2468"), failures=30, locked_until=NOW + timedelta(days=3))
    assert house.lock_left(NOW) == timedelta(hours=1)


def test_no_pin_means_no_lock():
    right, house = Household().try_pin("", NOW)
    assert right
    assert house == Household()


def test_the_saved_form_round_trips_and_a_damaged_pin_opens_nothing():
    house = Household(PinHash.of("2468"), failures=2, locked_until=NOW, guest=True)
    assert Household.from_dict(json.loads(json.dumps(house.as_dict()))) == house
    damaged = Household.from_dict({"pin": {"salt": "zz"}, "failures": "many", "guest": "yes"})
    assert damaged.pin is not None
    assert not damaged.try_pin("2468", NOW)[0]
    assert (damaged.failures, damaged.guest) == (0, False)


def test_a_new_pin_must_be_4_to_8_digits_and_not_obvious():
    assert pin_problem("2468") is None
    assert pin_problem("246") == "length"
    assert pin_problem("24a8") == "digits"
    assert pin_problem("1111") == "guessable"
    assert pin_problem("1234") == "guessable"
    assert pin_problem("4321") == "guessable"
