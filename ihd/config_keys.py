"""How a config key is declared (`key`: its default, description and check) and the checks
themselves, each with the form it expects, named in the error when a value does not fit."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field
from datetime import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ihd.han.address import BrokerAddress


class ConfigError(ValueError):
    """A bad key or value; the message names the key and the form it expects."""


Check = Callable[[Any], Any]


def key(default: Any, doc: str, check: Check) -> Any:
    return field(default=default, metadata={"doc": doc, "check": check})


def number(low: str, high: str, unit: str = "") -> Check:
    lo, hi = Decimal(low), Decimal(high)

    def check(value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"a number from {low} to {high}{unit}")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"a number from {low} to {high}{unit}") from None
        if not number.is_finite() or not lo <= number <= hi:
            raise ValueError(f"a number from {low} to {high}{unit}")
        return number

    check.form = f"a number from {low} to {high}{unit}"  # type: ignore[attr-defined]
    return check


def choice(*names: str) -> Check:
    def check(value: Any) -> str:
        if value not in names:
            raise ValueError("one of " + ", ".join(f'"{n}"' for n in names))
        return value

    check.form = "one of " + ", ".join(f'"{n}"' for n in names)  # type: ignore[attr-defined]
    return check


def yes_no(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a non-empty text in quotes")
    return value


def broker(value: Any) -> str:
    try:
        BrokerAddress.parse(text(value))
    except ValueError:
        raise ValueError('"mqtt://host:port" or "mqtts://host:port"') from None
    return value


def path(value: Any) -> Path:
    return Path(text(value)).expanduser()


def timezone(value: Any) -> str:
    try:
        ZoneInfo(text(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError('an IANA time zone such as "Europe/London"') from None
    return value


def clock_or_off(value: Any) -> str:
    if value == "":
        return value
    try:
        time.fromisoformat(text(value))
    except ValueError:
        raise ValueError('a time as "HH:MM", or "" for never') from None
    return value


clock_or_off.form = 'a time as "HH:MM", or "" for never'  # type: ignore[attr-defined]


def postcode_district(value: Any) -> str:
    """The outward half of a UK postcode ("SW1A", "M1", "EH12"), or "" for none."""
    if value == "":
        return value
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{1,2}[0-9][0-9A-Z]?", value.strip().upper()):
        raise ValueError('the first half of a postcode, such as "SW1A" or "M1", or "" for none')
    return value.strip().upper()


postcode_district.form = 'the first half of a postcode, such as "SW1A", or ""'  # type: ignore[attr-defined]


def name_or_none(value: Any) -> str:
    if value == "":
        return value
    if not isinstance(value, str) or len(value) > 60 or not value.isprintable():
        raise ValueError('a name in quotes (at most 60 characters), or "" for none')
    return value.strip()


name_or_none.form = 'a name in quotes, or ""'  # type: ignore[attr-defined]


def web_address(value: Any) -> str:
    """The base address of a web source: http(s)://host[:port][/path], without a query."""
    form = 'an address such as "https://api.example.org"'
    try:
        parts = urlsplit(text(value).strip())
        _ = parts.port  # a port that is not a number raises ValueError
    except ValueError:
        raise ValueError(form) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise ValueError(form)
    return value.strip().rstrip("/")


web_address.form = 'an address such as "https://api.example.org"'  # type: ignore[attr-defined]

# Octopus Energy's codes: a product (AGILE-24-10-01) and an electricity tariff on a single register
# in one of the 14 regions (grid supply points A to P, with no I or O): E-1R-AGILE-24-10-01-C.
_PRODUCT = r"[A-Z0-9]+(?:-[A-Z0-9]+)*"
TARIFF_CODE = re.compile(rf"E-1R-({_PRODUCT})-([A-HJ-NP])")


def tariff_code(value: Any) -> str:
    if value == "":
        return value
    if not isinstance(value, str) or not TARIFF_CODE.fullmatch(value.strip().upper()):
        raise ValueError('an electricity tariff code such as "E-1R-AGILE-24-10-01-C", or "" for none')
    return value.strip().upper()


tariff_code.form = 'a tariff code such as "E-1R-AGILE-24-10-01-C", or ""'  # type: ignore[attr-defined]


def product_code(value: Any) -> str:
    if value == "":
        return value
    if not isinstance(value, str) or not re.fullmatch(_PRODUCT, value.strip().upper()):
        raise ValueError('a product code such as "AGILE-24-10-01", or "" to take it from the tariff code')
    return value.strip().upper()


product_code.form = 'a product code such as "AGILE-24-10-01", or ""'  # type: ignore[attr-defined]


def clock_time(value: Any) -> str:
    try:
        time.fromisoformat(text(value))
    except ValueError:
        raise ValueError('a time as "HH:MM"') from None
    return value


clock_time.form = 'a time as "HH:MM"'  # type: ignore[attr-defined]


def whole(low: int, high: int) -> Check:
    def check(value: Any) -> int:
        if type(value) is not int or not low <= value <= high:
            raise ValueError(f"a whole number from {low} to {high}")
        return value

    check.form = f"a whole number from {low} to {high}"  # type: ignore[attr-defined]
    return check


yes_no.form = "true or false"  # type: ignore[attr-defined]
text.form = "a text in quotes"  # type: ignore[attr-defined]
broker.form = '"mqtt://host:port" or "mqtts://host:port"'  # type: ignore[attr-defined]
path.form = "a file or folder path in quotes"  # type: ignore[attr-defined]
timezone.form = 'an IANA time zone such as "Europe/London"'  # type: ignore[attr-defined]
