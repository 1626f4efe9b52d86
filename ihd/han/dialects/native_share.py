"""What the display itself publishes on the native contract besides its commands: the consent
record, and the household's use for those it has agreed may have it (docs/contract.md, "What the
display publishes"). Only built here; whether anything is sent is decided by the consent choices.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from ihd.core.ledger import Total
from ihd.core.trusted import TrustedAlert, TrustedPerson
from ihd.core.units import Direction, Fuel
from ihd.han.dialects.contract import CONTRACT

CONSENT = "consent"
SUPPLIER_HALF_HOURLY = "share/supplier/half-hourly"
SUPPLIER_DAILY = "share/supplier/daily"
THIRD_PARTY_HALF_HOURLY = "share/third-party/half-hourly"
CARBON_REGION = "share/carbon-region"
TRUSTED_ALERT = "share/trusted-person/alert"


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _dumps(home: str, data: dict[str, object]) -> bytes:
    """Every payload names the contract it follows, so a reader knows which version it has, and the
    home it comes from (its pseudonymous identity, never the meter's number or the address)."""
    return json.dumps({"contract": CONTRACT, "home": home, **data}, separators=(",", ":"),
                      default=lambda d: float(d) if isinstance(d, Decimal) else str(d)).encode()


def consent(home: str, record: dict[str, object]) -> bytes:
    return _dumps(home, record)


def half_hour(home: str, start: datetime, totals: dict[tuple[Fuel, Direction], Total], category: str,
              service: str = "") -> bytes:
    """One half-hour's use, kWh per fuel and direction, keyed by its home, category and start."""
    body: dict[str, object] = {"category": category, "start": _iso(start), "minutes": 30,
                               "kwh": {f"{f.value}/{d.value}": t.kwh for (f, d), t in sorted(totals.items())}}
    if service:
        body["service"] = service
    return _dumps(home, body)


def day(home: str, local_day: date, totals: dict[tuple[Fuel, Direction], Total], category: str) -> bytes:
    """One local day's use, kWh per fuel and direction, keyed by its home, category and day."""
    return _dumps(home, {"category": category, "day": local_day.isoformat(),
                         "kwh": {f"{f.value}/{d.value}": t.kwh for (f, d), t in sorted(totals.items())}})


def carbon_region(home: str, postcode_district: str) -> bytes:
    return _dumps(home, {"postcode_district": postcode_district})


def trusted_alert(home: str, alert: TrustedAlert, person: TrustedPerson) -> bytes:
    """One "tell someone I trust" message, keyed by its home, fuel, condition and time: whom to tell
    and what started when; the balance only if the household allowed it."""
    body: dict[str, object] = {"category": "trusted-person", "condition": alert.condition.value,
                               "fuel": alert.fuel.value, "at": _iso(alert.at.astimezone(UTC)),
                               "person": {"name": person.name, "helper": person.helper.value}}
    if alert.credit_p is not None:
        body["credit_p"] = alert.credit_p
    return _dumps(home, body)
