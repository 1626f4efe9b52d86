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


class LinkProblem(StrEnum):
    """Why the link is down, as something the screen can say in any language."""

    NOT_LISTENING = "not-listening"
    HOST_UNKNOWN = "host-unknown"
    NO_ANSWER = "no-answer"
    UNREACHABLE = "unreachable"
    CLOSED = "closed"
    TLS_FAILED = "tls-failed"
    LOGIN_REFUSED = "login-refused"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Link:
    """How the link to the data stands now, and why it is down if it is."""

    state: LinkState
    problem: LinkProblem | None = None
    where: str = ""  # host:port, or the host name that could not be found
    detail: str = ""  # the technical reason, for the log
    retry_in: float | None = None  # seconds until the next attempt
