"""How ihd-feeds stands, as it says on `feeds/status`: each internet source working, failing since
when and why, or off; so the display can say "prices unavailable since 16:05" where it shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """One source. `state`: ok (the last fetch was used), unavailable (failing since `since`, for
    `reason`; what was published before stays), off (not configured or not allowed: `reason`), or
    waiting (not yet fetched)."""

    state: str
    since: datetime | None = None  # when it came to this state
    reason: str = ""  # why it is unavailable or off, in plain English for the log and support
    checked: datetime | None = None  # the last attempt
    updated: datetime | None = None  # when its data was last published
    until: datetime | None = None  # the end of the last half-hour the published data covers
    next: datetime | None = None  # the next attempt planned
    scope: str = ""  # carbon: "regional" (the home's region) or "national" (Great Britain)
    region: str = ""  # carbon, regional: the grid region's name, as the source gives it


@dataclass(frozen=True, slots=True)
class FeedsStatus:
    """How ihd-feeds stands, as it last said: whether it is online, and how each source is doing."""

    online: bool
    at: datetime | None = None
    sources: dict[str, SourceStatus] = field(default_factory=dict)
