"""Software in the kiosk session cannot get round the household PIN: every control of every
screen, shown or hidden, activated over the accessibility bus from the guest view, changes
nothing the PIN guards. The household first opens its own screens with the PIN (as it would
before handing the display over); the guest view takes them down as it starts, so what is left
to press is what a guest can reach, and the screens that opens."""

import json
import sqlite3
import time

import pytest
from session import Session, missing, walk

from ihd.core.household import Household, PinHash
from ihd.core.preferences import Preferences
from ihd.store.household import FILENAME as HOUSEHOLD
from ihd.store.household import save_household
from ihd.store.preferences import FILENAME as PREFERENCES

HISTORY = "demo-credit-history.sqlite3"


def consent_rows(folder):
    db = sqlite3.connect(folder / HISTORY)
    try:
        return db.execute("SELECT category, granted FROM consent_log").fetchall()
    finally:
        db.close()


def test_every_control_pressed_over_atspi_from_the_guest_view_changes_nothing_guarded(tmp_path):
    gone = missing()
    if gone:
        pytest.fail(f"the accessibility test needs: {', '.join(gone)} (sh packaging/dev.sh test installs them)")
    pin = PinHash.of("2468")
    save_household(tmp_path, Household(pin=pin))
    s = Session(["--demo", "--data-dir", str(tmp_path)], "800x480", tmp_path / "app.log")

    def names(tree):
        return {n["name"] for n in walk(tree)}

    try:
        tree = s.wait_for(lambda t: any(n["name"].startswith("Electricity, Now, ") for n in walk(t)))
        assert "Large print" not in names(tree)  # a screen not yet shown is not built: nothing to press
        s.press("Settings")
        s.wait_for(lambda t: "Forgot PIN?" in names(t))
        for digit in "2468":
            s.press(digit)
        s.press("OK")
        s.wait_for(lambda t: "Large print" in names(t))
        s.press("Your data, PIN and guest view")
        s.wait_for(lambda t: "Guest view" in names(t))
        s.press("Guest view")
        # the household's screens went with the start of the guest view: nothing of them to press
        s.wait_for(lambda t: "Leave guest view" in names(t) and "Large print" not in names(t))
        for _ in range(50):  # saved on the writer thread
            if json.loads((tmp_path / HOUSEHOLD).read_text()).get("guest"):
                break
            time.sleep(0.1)
        assert json.loads((tmp_path / HOUSEHOLD).read_text())["guest"]
        before = consent_rows(tmp_path)
        pressed = []
        for _ in range(2):  # twice: the first round opens questions and the PIN screen
            pressed += s.press_all()
        # the controls the guest view offers, as far as each press leaves them in the tree (a press
        # that changes the screen takes some away); History's table rows are there only while the
        # table is on show, no longer dozens of cells pressed out of sight
        assert "History" in pressed
        assert len(pressed) >= 8
    finally:
        s.close()
    house = Household.from_dict(json.loads((tmp_path / HOUSEHOLD).read_text()))
    assert house.pin == pin  # no new PIN
    assert house.guest  # still the guest view
    assert house.wipe_at is None or house.wipe_at > house.audit[-1][0]  # at most asked for, with notice
    assert consent_rows(tmp_path) == before  # no sharing switched on, detailed history not switched off
    saved = json.loads((tmp_path / PREFERENCES).read_text()) if (tmp_path / PREFERENCES).exists() else {}
    defaults = Preferences().as_dict()
    guarded = {key: saved.get(key, value) for key, value in defaults.items() if key != "unit"}
    assert guarded == {key: value for key, value in defaults.items() if key != "unit"}  # only the unit, anyone's
    assert not (tmp_path / "exports").exists()  # nothing exported
    assert (tmp_path / HISTORY).exists()  # nothing wiped
