"""The household's choices in a small JSON file in the data folder, written atomically."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from ihd.core.preferences import Preferences

log = logging.getLogger(__name__)
FILENAME = "preferences.json"


def load_preferences(folder: Path, defaults: Preferences) -> Preferences:
    """The saved choices over `defaults`. A missing, unreadable or damaged file loses nothing
    but the choices in it: the display starts with the defaults and says why in the log."""
    path = folder / FILENAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return defaults
    except (OSError, UnicodeDecodeError, ValueError) as error:
        log.warning("cannot read saved settings %s (%s); using the defaults", path, error)
        return defaults
    if not isinstance(raw, dict):
        log.warning("saved settings %s are not a JSON object; using the defaults", path)
        return defaults
    prefs, ignored = defaults.merged(raw)
    if ignored:
        log.warning("ignored unknown or invalid saved settings: %s", ", ".join(ignored))
    return prefs


def save_preferences(folder: Path, prefs: Preferences) -> None:
    """Write atomically: a power cut leaves the old file or the new one, never half of one.
    Raises OSError (a full or read-only disk) for the caller to report."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".preferences-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(prefs.as_dict(), out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, folder / FILENAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
