"""The state of the display's link to its data: a broker connection, or the demo's simulated home."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LinkState(StrEnum):
    DEMO = "demo"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    LOST = "lost"  # was connected, or never got through; retrying
    REFUSED = "refused"  # the broker answered but said no (login, TLS): retrying slowly


@dataclass(frozen=True, slots=True)
class Link:
    state: LinkState
    detail: str = ""  # plain words: why it is not connected
    retry_in: float | None = None  # seconds until the next attempt
