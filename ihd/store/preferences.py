"""The household's choices in a small JSON file in the data folder, written atomically."""

from __future__ import annotations

import logging
from pathlib import Path

from ihd.core.preferences import Preferences
from ihd.store.jsonfile import read_json_object, write_json

log = logging.getLogger(__name__)
FILENAME = "preferences.json"


def load_preferences(folder: Path, defaults: Preferences) -> Preferences:
    """The saved choices over `defaults`. A missing, unreadable or damaged file loses nothing
    but the choices in it: the display starts with the defaults and says why in the log."""
    raw = read_json_object(folder / FILENAME, "the saved settings")
    if raw is None:
        return defaults
    prefs, ignored = defaults.merged(raw)
    if ignored:
        log.warning("ignored unknown or invalid saved settings: %s", ", ".join(ignored))
    return prefs


def save_preferences(folder: Path, prefs: Preferences) -> None:
    """Raises OSError (a full or read-only disk) for the caller to report."""
    write_json(folder / FILENAME, prefs.as_dict())
