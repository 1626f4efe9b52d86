"""The home's pseudonymous identity: a random name made on first start (or by the installer) and
kept in the data folder, so that an organisation the household shares with can tell its records
apart, and the household can quote it, without either knowing the meter's number (MPAN) or the
address. The new-occupier wipe replaces it: the next household is a new home to everyone.

Twelve characters of Crockford's base 32 (no I, L, O or U, so nothing reads as another), in threes
of four: 60 random bits, `K7QM-2XD4-P9RT`. Safe in an MQTT topic, a file name and a database key.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

FILE = "home-id"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
FORM = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


def make() -> str:
    import secrets  # (it loads OpenSSL's library: not on the way to the first frame)

    chars = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def read(folder: Path) -> str | None:
    try:
        kept = (folder / FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return kept if FORM.fullmatch(kept) else None


def keep(folder: Path, home_id: str) -> None:
    """Written whole (a new file renamed over the old), readable by the household's account only."""
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f".{FILE}.new"
    part.unlink(missing_ok=True)
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(home_id + "\n")
    part.replace(folder / FILE)


def home_id(folder: Path) -> str:
    """The kept identity, or a new one made and kept now. A read-only disk still gets one, for this
    run (and another at the next start, as a new home would)."""
    if (kept := read(folder)) is not None:
        return kept
    made = make()
    with contextlib.suppress(OSError):
        keep(folder, made)
    return made
