"""What ihd-feeds publishes besides the prices and carbon intensity it fetches: how each source
stands, retained on `feeds/status`, so that a display can say "prices unavailable since 16:05"
and why (docs/contract.md, docs/feeds.md). Built here for ihd-feeds, and read here for a display.

    {"contract": "ihd/v1", "state": "online", "ts": "2026-11-23T16:05:00Z",
     "sources": {"prices": {"state": "unavailable", "since": "2026-11-23T16:05:00Z",
                            "reason": "the server failed (500 Internal Server Error)", ...},
                 "carbon": {"state": "ok", "scope": "regional", "region": "South Scotland", ...}}}

Its MQTT last will is `{"contract": "ihd/v1", "state": "offline"}`, retained, on the same topic.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ihd.core.feeds_status import FeedsStatus, SourceStatus
from ihd.han.dialects.contract import CONTRACT
from ihd.han.payload import PayloadError, instant, load_object, obj, text

STATUS = "feeds/status"
PRICES = "electricity/prices"
INTENSITY = "grid/carbon-intensity"
SOURCES = ("prices", "carbon")
STATES = ("ok", "unavailable", "off", "waiting")
OFFLINE = json.dumps({"contract": CONTRACT, "state": "offline"}, separators=(",", ":")).encode()
_TIMES = ("since", "checked", "updated", "until", "next")


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def status(at: datetime, sources: dict[str, SourceStatus]) -> bytes:
    body: dict[str, Any] = {"contract": CONTRACT, "state": "online", "ts": _iso(at), "sources": {}}
    for name, source in sources.items():
        item: dict[str, Any] = {"state": source.state}
        for key in _TIMES:
            if (when := getattr(source, key)) is not None:
                item[key] = _iso(when)
        for key in ("reason", "scope", "region"):
            if value := getattr(source, key):
                item[key] = value
        body["sources"][name] = item
    return json.dumps(body, separators=(",", ":")).encode()


def read_status(payload: bytes) -> FeedsStatus:
    """A `feeds/status` payload; raises PayloadError with the reason."""
    return status_from(load_object(payload))


def status_from(data: dict[str, Any]) -> FeedsStatus:
    """The same, from its JSON (the native dialect's parsers take the decoded object)."""
    if data.get("contract") != CONTRACT:
        raise PayloadError(f"'contract' is not {CONTRACT}")
    state = text(data, "state", max_len=10)
    if state not in ("online", "offline"):
        raise PayloadError("'state' must be 'online' or 'offline'")
    if state == "offline":
        return FeedsStatus(False)
    sources = {}
    for name, raw in obj(data, "sources").items():
        if name not in SOURCES or not isinstance(raw, dict):
            raise PayloadError(f"'sources' must hold only {' and '.join(SOURCES)}, each an object")
        sources[name] = _source(raw)
    return FeedsStatus(True, instant(data, "ts"), sources)


def _source(raw: dict[str, Any]) -> SourceStatus:
    state = text(raw, "state", max_len=12)
    if state not in STATES:
        raise PayloadError(f"a source's 'state' must be one of {', '.join(STATES)}")
    times = {key: instant(raw, key) for key in _TIMES if key in raw}
    words = {key: text(raw, key, max_len=300) for key in ("reason", "scope", "region") if key in raw}
    if words.get("scope", "regional") not in ("regional", "national"):
        raise PayloadError("'scope' must be 'regional' or 'national'")
    return SourceStatus(state, **times, **words)
