"""The household's PIN, guest view and wipe, and consent with its publishing, each built alone."""

import json

from fakes import Calls

from ihd.core.consent import Category, ConsentState


def _no_one():
    from ihd.features.household import TrustedHooks

    return TrustedHooks(lambda: None, lambda then: None, lambda person: None)


class FakeHistory:
    def __init__(self):
        self.recorded, self.detailed = [], []

    def record_consent(self, record):
        self.recorded.append(record)

    def set_detailed(self, on):
        self.detailed.append(on)


def test_a_pin_is_chosen_twice_and_then_guards(make_shared, qtbot):
    from ihd.features.household import Household

    shared = make_shared()
    choose = Calls()
    house = Household(shared, ConsentState, choose, lambda also: also(), _no_one())
    assert house.permits()  # no PIN yet
    house.choose_pin()
    house.pin_screen.entered.emit("2468")
    house.pin_screen.entered.emit("2468")
    assert house.house.pin is not None
    assert house.permits()
    shared.show("home")
    assert not house.permits()  # back where anyone stands: the PIN again
    done = Calls()
    house.guard(done)
    assert shared.current == "pin"
    assert not done.calls
    house.pin_screen.entered.emit("1357")
    assert not done.calls
    house.pin_screen.entered.emit("2468")
    assert done.calls == [()]
    house.set_guest(True)
    assert house.guest
    assert not house.permits()
    shared.writer.flush()
    assert json.loads((shared.data_dir / "household.json").read_text())["guest"]


def test_the_wipe_removes_the_household_files_and_tells_every_feature(make_shared, qtbot):
    from ihd.features.household import Household

    shared = make_shared()
    for name in ("preferences.json", "commands.json", "keypad.json"):
        (shared.data_dir / name).write_text("{}")
    home = shared.home_id
    assert (shared.data_dir / "home-id").read_text().strip() == home
    wiped = Calls()
    shared.wiped.connect(wiped)
    history_wiped = Calls()

    def wipe_history(also):
        history_wiped()
        also()

    house = Household(shared, ConsentState, Calls(), wipe_history, _no_one())
    house.wipe()
    assert history_wiped.calls
    assert wiped.calls == [()]
    assert not any((shared.data_dir / name).exists() for name in ("preferences.json", "commands.json",
                                                                    "keypad.json"))
    assert shared.home_id != home  # a new home to everyone
    assert (shared.data_dir / "home-id").read_text().strip() == shared.home_id
    assert shared.current == "home"


def test_consent_publishes_only_once_read_and_records_each_choice(make_shared, qtbot):
    from ihd.features.consent import Consent

    shared = make_shared()
    history, sent = FakeHistory(), Calls()
    consent = Consent(shared, history, sent)
    changed = Calls()
    consent.changed.connect(changed)
    consent.set_connected(True)
    assert sent.calls == []
    assert consent.known() is None
    consent.loaded_records([])
    assert [c[0] for c in sent.calls] == ["ihd/v1/consent"]
    assert sent.calls[0][3] is True
    consent.choose(Category.DETAILED_HISTORY, False, "words")
    assert history.detailed == [False]
    assert len(history.recorded) == 1
    assert not consent.known().allows(Category.DETAILED_HISTORY)
    assert len(changed.calls) == 2
