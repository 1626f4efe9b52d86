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
from ihd.han.dialects.native_schema import accept
from ihd.han.payload import load_object, when

STATUS = "feeds/status"
PRICES = "electricity/prices"
INTENSITY = "grid/carbon-intensity"
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
    """A `feeds/status` payload, as its schema accepts it; raises PayloadError with the reason."""
    data = load_object(payload, floats=True)
    accept(STATUS, data)
    return status_from(data)


def status_from(data: dict[str, Any]) -> FeedsStatus:
    """The same, from its JSON once its schema has accepted it (the native dialect checks first)."""
    if data["state"] == "offline":
        return FeedsStatus(False)
    sources = {name: _source(raw) for name, raw in data["sources"].items()}
    return FeedsStatus(True, when(data, "ts"), sources)


def _source(raw: dict[str, Any]) -> SourceStatus:
    times = {key: when(raw, key) for key in _TIMES if key in raw}
    words = {key: raw[key] for key in ("reason", "scope", "region") if key in raw}
    return SourceStatus(raw["state"], **times, **words)
