"""The files the display keeps in its data folder besides the history, by name: one list, so the
new-occupier wipe cannot miss one."""

import shutil
from pathlib import Path

from ihd.store.home_id import FILE as HOME_ID_FILE
from ihd.store.household import FILENAME as HOUSEHOLD_FILE
from ihd.store.preferences import FILENAME as PREFERENCES_FILE
from ihd.store.trusted import FILENAME as TRUSTED_FILE

COMMANDS_FILE = "commands.json"  # requests to the meter still waiting for an answer
KEYPAD_FILE = "keypad.json"  # the wrong-codes lock, so a restart does not reset it
EXPORTS_FOLDER = "exports"

HOUSEHOLD_FILES = (PREFERENCES_FILE, HOUSEHOLD_FILE, COMMANDS_FILE, KEYPAD_FILE, HOME_ID_FILE, TRUSTED_FILE)


def remove_household_files(folder: Path) -> None:
    """The wipe's files besides the history: saved choices, the PIN, pending requests, the keypad
    lock, whom the household would tell, the home's identity (the wipe keeps a new one) and any
    exports kept inside the display."""
    for name in HOUSEHOLD_FILES:
        (folder / name).unlink(missing_ok=True)
    shutil.rmtree(folder / EXPORTS_FOLDER, ignore_errors=True)
