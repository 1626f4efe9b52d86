"""The display's own MQTT client id, made once and kept in the data folder, so the broker keeps
the display's session across restarts and queues what it misses while it is away."""

from __future__ import annotations

import re
from pathlib import Path

FILE = "mqtt-client-id"
_FORM = re.compile(r"ihd-[0-9a-f]{16}")


def client_id(folder: Path) -> str:
    path = folder / FILE
    try:
        kept = path.read_text(encoding="ascii").strip()
        if _FORM.fullmatch(kept):
            return kept
    except (OSError, UnicodeDecodeError):
        pass
    import secrets  # (it loads OpenSSL's library: not on the way to the first frame)

    made = f"ihd-{secrets.token_hex(8)}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(made + "\n", encoding="ascii")
    except OSError:
        pass  # a read-only disk: a new id (and a new session) at each start, as without one
    return made
