"""Octopus Energy's public products API (api.octopus.energy; no account and no key): a tariff's
unit rates over a window, newest first.

    GET /v1/products/AGILE-24-10-01/electricity-tariffs/E-1R-AGILE-24-10-01-C/standard-unit-rates/
        ?period_from=2026-11-23T00:00:00Z&period_to=2026-11-25T00:00:00Z&page_size=1500
    {"count": 96, "next": null, "previous": null,
     "results": [{"value_exc_vat": 21.5, "value_inc_vat": 22.575, "valid_from": "2026-11-24T23:30:00Z",
                  "valid_to": "2026-11-25T00:00:00Z", "payment_method": null}, ...]}

Agile has a rate for each half-hour, published for the next day in the late afternoon; Go, Cosy
and fixed tariffs have a rate for each band, and the last may be open-ended (`valid_to` null).
Either way they become a price per half-hour here. The tariff code carries the region (its last
letter), so nothing about the home is sent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ihd.config_keys import TARIFF_CODE
from ihd.core.limits import unit_rate_problem
from ihd.core.periods import SLOT, slot_start, slots
from ihd.feeds.http import FetchFailed
from ihd.feeds.json_body import load
from ihd.han.payload import PayloadError, number, timestamp

MAX_PAGES = 10
PAGE_SIZE = 1500  # the API's largest: two days of half-hours are one page


def product_of(tariff_code: str) -> str:
    """E-1R-AGILE-24-10-01-C -> AGILE-24-10-01"""
    found = TARIFF_CODE.fullmatch(tariff_code)
    if found is None:
        raise ValueError(f"{tariff_code!r} is not an electricity tariff code such as E-1R-AGILE-24-10-01-C")
    return found.group(1)


def region_of(tariff_code: str) -> str:
    found = TARIFF_CODE.fullmatch(tariff_code)
    return found.group(2) if found else ""


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def address(base: str, product: str, tariff_code: str, start: datetime, end: datetime) -> str:
    query = urlencode({"period_from": _iso(start), "period_to": _iso(end), "page_size": PAGE_SIZE})
    return (f"{base}/v1/products/{quote(product, safe='')}/electricity-tariffs/{quote(tariff_code, safe='')}"
            f"/standard-unit-rates/?{query}")


@dataclass(frozen=True, slots=True)
class Rate:
    """One unit rate and when it applies, as the products API gives it."""

    start: datetime
    end: datetime | None  # None: until further notice
    p_per_kwh: Decimal  # including VAT


def read(body: bytes, base: str) -> tuple[list[Rate], str | None]:
    """The rates on one page, and the address of the next page (on the same server) or None.
    One bad rate refuses the whole answer."""
    data = load(body)
    try:
        if not isinstance(data, dict):
            raise PayloadError("the answer is not a JSON object")
        results = data.get("results")
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise PayloadError("'results' must be a list of rates")
        return _chosen([_rate(r) for r in results]), _next_page(data.get("next"), base)
    except PayloadError as error:
        raise FetchFailed(f"the prices could not be read: {error}", retry=False) from None


def _rate(item: dict[str, Any]) -> tuple[Rate, object]:
    value = number(item, "value_inc_vat")
    if (problem := unit_rate_problem(value)) is not None:
        raise PayloadError(problem)
    start = timestamp(item, "valid_from")
    end = timestamp(item, "valid_to") if item.get("valid_to") is not None else None
    if start != slot_start(start) or (end is not None and end != slot_start(end)):
        raise PayloadError("a rate does not start and end on the hour or half hour")
    if end is not None and end <= start:
        raise PayloadError("a rate ends before it starts")
    return Rate(start, end, value), item.get("payment_method")


def _chosen(rates: list[tuple[Rate, object]]) -> list[Rate]:
    """Where a tariff has a rate for each way of paying, the direct debit one (as most pay)."""
    usual = [rate for rate, method in rates if method in (None, "DIRECT_DEBIT")]
    return usual if usual or not rates else [rate for rate, _method in rates]


def _next_page(raw: object, base: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise PayloadError("'next' is not an address")
    ours, theirs = urlsplit(base), urlsplit(raw)
    if (theirs.scheme, theirs.netloc) != (ours.scheme, ours.netloc):
        raise PayloadError("'next' points to another server")
    return raw


def half_hours(rates: list[Rate], start: datetime, end: datetime) -> dict[datetime, Decimal]:
    """The price of each half-hour in [start, end) that the rates cover; where two rates cover one
    half-hour, the one that began later wins (it is the more particular)."""
    prices: dict[datetime, Decimal] = {}
    for rate in sorted(rates, key=lambda r: r.start):
        until = end if rate.end is None else min(rate.end, end)
        for at in slots(max(rate.start, start), until):
            prices[at] = rate.p_per_kwh
    return prices


def covered_until(prices: Mapping[datetime, Decimal], start: datetime) -> datetime | None:
    """The end of the unbroken run of half-hours from `start`'s half-hour, or None if it has no price."""
    at = slot_start(start)
    if at not in prices:
        return None
    while at in prices:
        at += SLOT
    return at


def payload(prices: Mapping[datetime, Decimal]) -> bytes:
    """The native contract's electricity/prices (docs/contract.md): pence per kWh including VAT."""
    items = [{"from": _iso(at), "rate_p_per_kwh": float(p)} for at, p in sorted(prices.items())]
    return json.dumps({"vat_included": True, "prices": items}, separators=(",", ":")).encode()
