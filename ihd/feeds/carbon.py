"""The Carbon Intensity API (National Energy System Operator, api.carbonintensity.org.uk, CC BY
4.0): the grid's carbon intensity in gCO2/kWh by half-hour, with its index band, from now for 48
hours, for the region of a postcode district or for Great Britain.

    GET /regional/intensity/2026-11-23T17:00Z/fw48h/postcode/EH12
    {"data": {"regionid": 2, "shortname": "South Scotland", "postcode": "EH12",
              "data": [{"from": "2026-11-23T17:00Z", "to": "2026-11-23T17:30Z",
                        "intensity": {"forecast": 48, "index": "low"}, "generationmix": [...]}]}}
    GET /intensity/2026-11-23T17:00Z/fw48h
    {"data": [{"from": "2026-11-23T17:00Z", "to": "2026-11-23T17:30Z",
               "intensity": {"forecast": 210, "actual": 204, "index": "moderate"}}]}

Only the outward half of the postcode is ever put in an address, and only by the caller that has
checked the household allows it. Times are UTC ("Z"), so a clock change is no concern here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from ihd.core.periods import slot_start
from ihd.feeds.http import FetchFailed
from ihd.feeds.json_body import load
from ihd.han.dialects.native import INTENSITY_BANDS
from ihd.han.payload import INSTANT_TO_THE_MINUTE, PayloadError, instant, obj, text, whole

SLOT = timedelta(minutes=30)
REGIONAL, NATIONAL = "regional", "national"


@dataclass(frozen=True, slots=True)
class Record:
    """One half-hour's carbon intensity, as the API gives it."""

    start: datetime  # the half-hour's start, UTC
    forecast: int  # gCO2/kWh
    actual: int | None
    index: str  # "very low" ... "very high", or "" when not given


@dataclass(frozen=True, slots=True)
class Forecast:
    """The carbon intensity ahead, half-hour by half-hour, for a region or for Great Britain."""

    region: str  # the API's name for the region ("South Scotland"), "" for Great Britain
    records: tuple[Record, ...]


def _minute(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%MZ")


def address(base: str, at: datetime, district: str | None) -> str:
    """The 48-hour forecast from the half-hour holding `at`: regional for `district` (an outward
    code, already allowed) or, with None, national."""
    start = _minute(slot_start(at))
    if district is None:
        return f"{base}/intensity/{start}/fw48h"
    return f"{base}/regional/intensity/{start}/fw48h/postcode/{quote(district, safe='')}"


def read(body: bytes, regional: bool) -> Forecast:
    """The forecast in an answer, or FetchFailed saying why it cannot be used. One bad record
    refuses the whole answer: what is published must be what the source said."""
    data = load(body)
    try:
        return _read(data, regional)
    except PayloadError as error:
        raise FetchFailed(f"the forecast could not be read: {error}", retry=False) from None


def _read(data: Any, regional: bool) -> Forecast:
    if not isinstance(data, dict):
        raise PayloadError("the answer is not a JSON object")
    region = ""
    if regional:
        block = data.get("data")
        if isinstance(block, list) and len(block) == 1:  # /regional/postcode/... wraps it in a list
            block = block[0]
        if not isinstance(block, dict):
            raise PayloadError("'data' is missing or not an object")
        region = text(block, "shortname", max_len=80) if "shortname" in block else ""
        items = block.get("data")
    else:
        items = data.get("data")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise PayloadError("'data' must be a list of half-hours")
    if not items:
        raise PayloadError("it holds no half-hours")
    return Forecast(region, tuple(sorted((_record(i) for i in items), key=lambda r: r.start)))


def _record(item: dict[str, Any]) -> Record:
    start = instant(item, "from", INSTANT_TO_THE_MINUTE)
    if start != slot_start(start):
        raise PayloadError("'from' is not the start of a half-hour")
    if "to" in item and instant(item, "to", INSTANT_TO_THE_MINUTE) != start + SLOT:
        raise PayloadError("'to' is not half an hour after 'from'")
    figures = obj(item, "intensity")
    forecast = _grams(figures, "forecast")
    actual = _grams(figures, "actual") if figures.get("actual") is not None else None
    index = ""
    if figures.get("index") is not None:
        index = text(figures, "index", max_len=20)
        if index not in INTENSITY_BANDS:
            raise PayloadError(f"index {index[:20]!r} is not one of {', '.join(INTENSITY_BANDS)}")
    return Record(start, forecast, actual, index)


def _grams(figures: dict[str, Any], key: str) -> int:
    grams = whole(figures, key)
    if not 0 <= grams <= 2000:
        raise PayloadError(f"'{key}' is outside 0 to 2000 gCO2/kWh")
    return grams


def payload(records: Iterable[Record]) -> bytes:
    """The native contract's grid/carbon-intensity (docs/contract.md), which is the API's shape."""
    data = []
    for r in records:
        figures: dict[str, object] = {"forecast": r.forecast}
        if r.actual is not None:
            figures["actual"] = r.actual
        if r.index:
            figures["index"] = r.index
        data.append({"from": _minute(r.start), "to": _minute(r.start + SLOT), "intensity": figures})
    return json.dumps({"data": data}, separators=(",", ":")).encode()
