"""Small JSON files in the data folder, written atomically and readable only by their owner."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def write_json(path: Path, data: Any) -> None:
    """A power cut leaves the old file or the new one, never half of one. The file is created
    mode 0600 (it may hold a top-up code on its way to the meter). Raises OSError (a full or
    read-only disk) for the caller to report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # at the first save, not on the way to the first frame

    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json_object(path: Path, what: str) -> dict[str, Any] | None:
    """The file's object, or None if it is missing; a damaged file is logged (naming `what` is
    lost) and read as missing, so the display starts regardless."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        log.warning("cannot read %s (%s); starting without %s", path, error, what)
        return None
    if not isinstance(raw, dict):
        log.warning("%s is not a JSON object; starting without %s", path, what)
        return None
    return raw
