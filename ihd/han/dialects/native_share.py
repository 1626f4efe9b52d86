"""What the display itself publishes on the native contract besides its commands: the consent
record, and the household's use for those it has agreed may have it (docs/contract.md, "What the
display publishes"). Only built here; whether anything is sent is decided by the consent choices.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from ihd.core.ledger import Total
from ihd.core.units import Direction, Fuel
from ihd.han.dialects.native import CONTRACT

CONSENT = "consent"
SUPPLIER_HALF_HOURLY = "share/supplier/half-hourly"
SUPPLIER_DAILY = "share/supplier/daily"
THIRD_PARTY_HALF_HOURLY = "share/third-party/half-hourly"
CARBON_REGION = "share/carbon-region"


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _dumps(data: dict[str, object]) -> bytes:
    """Every payload names the contract it follows, so a reader knows which version it has."""
    return json.dumps({"contract": CONTRACT, **data}, separators=(",", ":"),
                      default=lambda d: float(d) if isinstance(d, Decimal) else str(d)).encode()


def consent(record: dict[str, object]) -> bytes:
    return _dumps(record)


def half_hour(start: datetime, totals: dict[tuple[Fuel, Direction], Total], category: str, service: str = "") -> bytes:
    """One half-hour's use, kWh per fuel and direction, keyed by its category and start."""
    body: dict[str, object] = {"category": category, "start": _iso(start), "minutes": 30,
                               "kwh": {f"{f.value}/{d.value}": t.kwh for (f, d), t in sorted(totals.items())}}
    if service:
        body["service"] = service
    return _dumps(body)


def day(local_day: date, totals: dict[tuple[Fuel, Direction], Total], category: str) -> bytes:
    """One local day's use, kWh per fuel and direction, keyed by its category and day."""
    return _dumps({"category": category, "day": local_day.isoformat(),
                   "kwh": {f"{f.value}/{d.value}": t.kwh for (f, d), t in sorted(totals.items())}})


def carbon_region(postcode_district: str) -> bytes:
    return _dumps({"postcode_district": postcode_district})
