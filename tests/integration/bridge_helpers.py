"""Helpers for the tests that publish to a real broker."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

PAYLOADS = Path(__file__).parents[1] / "data" / "payloads"


def now_iso(seconds_ago: int = 0) -> str:
    """Now, or a little earlier but never before today's local midnight (so totals stay today's)."""
    from zoneinfo import ZoneInfo

    from ihd.core.periods import local_day_start

    now = datetime.now(UTC)
    at = max(now - timedelta(seconds=seconds_ago), local_day_start(now, ZoneInfo("Europe/London")))
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def midnight_iso() -> str:
    """Local midnight (Europe/London) of today, as the bridge would stamp a day start."""
    from zoneinfo import ZoneInfo

    from ihd.core.periods import local_day_start

    start = local_day_start(datetime.now(UTC), ZoneInfo("Europe/London"))
    return start.strftime("%Y-%m-%dT%H:%M:%SZ")


def glow(name: str, **at) -> bytes:
    """A recorded Glow payload, re-stamped with the current time so it counts as today's."""
    data = json.loads((PAYLOADS / "glow" / f"{name}.json").read_text())
    meter = next(iter(data.values()))
    if isinstance(meter, dict) and "timestamp" in meter:
        meter["timestamp"] = at.get("timestamp", now_iso())
    return json.dumps(data).encode()


def texts(display) -> list[str]:
    """Every label's text and accessible name on the home screen, in order."""
    from PySide6.QtWidgets import QLabel

    labels = display.home.findChildren(QLabel)
    return [f"{w.text()}|{w.accessibleName()}" for w in labels if w.isVisible()]
