"""Careful reading of bridge payloads: bounded size and depth, strict UTF-8, no NaN or Infinity,
numbers as Decimal. Every failure is a `PayloadError` whose message says what was wrong."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_PAYLOAD_BYTES = 64 * 1024  # the largest real payload is under 1 KiB
MAX_DEPTH = 16
# No field a meter sends is near these; beyond them Decimal arithmetic can overflow (1E+999999
# times 100) or crawl, so a number outside is refused before anything is done with it.
MAX_MAGNITUDE = Decimal("1e300")
MIN_MAGNITUDE = Decimal("1e-300")


class PayloadError(ValueError):
    """A payload that cannot be used; str(error) is the reason shown and logged."""


def _no_constants(name: str) -> Any:
    raise PayloadError(f"{name} is not a number")


# Made once: `json.loads` with these options builds a decoder for every message. The native
# contract's payloads are read with floats, as its schemas' validator takes them (`210.0` is an
# integer there), and turned into Decimal by `exact` where they are kept. A number too large for a
# float (1e400) is read as infinity, which every bounded number in the schemas refuses.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constants)
_FLOATS = json.JSONDecoder(parse_constant=_no_constants)


def load_object(payload: bytes, *, floats: bool = False) -> dict[str, Any]:
    """Parse a JSON object from a payload, refusing anything oversized, deep or malformed."""
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise PayloadError(f"payload of {len(payload)} bytes is larger than {MAX_PAYLOAD_BYTES}")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise PayloadError("payload is not UTF-8 text") from None
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth_exceeds(text, MAX_DEPTH):
        raise PayloadError(f"JSON is nested deeper than {MAX_DEPTH} levels")
    try:
        data = (_FLOATS if floats else _DECODER).decode(text)
    except PayloadError:
        raise
    except (ValueError, RecursionError):
        raise PayloadError("payload is not valid JSON") from None
    if not isinstance(data, dict):
        raise PayloadError("payload is not a JSON object")
    return data


def _depth_exceeds(text: str, limit: int) -> bool:
    """A cheap bracket count (strings included, so it errs on the safe side)."""
    depth = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def obj(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise PayloadError(f"'{key}' is missing or not an object")
    return value


def number(data: Mapping[str, Any], key: str) -> Decimal:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise PayloadError(f"'{key}' is missing or not a number")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise PayloadError(f"'{key}' is not a number") from None
    if not result.is_finite():
        raise PayloadError(f"'{key}' is not a finite number")
    if result and not MIN_MAGNITUDE <= abs(result) <= MAX_MAGNITUDE:
        raise PayloadError(f"'{key}' is out of range")
    return result


def text(data: Mapping[str, Any], key: str, *, max_len: int = 200) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > max_len:
        raise PayloadError(f"'{key}' is missing or not a short text")
    return value


def boolean(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise PayloadError(f"'{key}' is missing or not true/false")
    return value


def timestamp(data: Mapping[str, Any], key: str) -> datetime:
    """An ISO-8601 instant with a zone ('Z' or an offset), returned as aware UTC."""
    raw = text(data, key, max_len=40)
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise PayloadError(f"'{key}' is not an ISO-8601 time") from None
    if when.tzinfo is None:
        raise PayloadError(f"'{key}' has no time zone")
    if not 2000 <= when.year <= 2200:
        raise PayloadError(f"'{key}' is not a plausible date")
    return when.astimezone(UTC)


# An instant as the native contract's schemas spell it (their `pattern`, beside `format:
# date-time`): RFC 3339 with a `T`, seconds and a zone. The national carbon intensity API's times
# have no seconds (`2026-11-23T17:00Z`), so its topic takes them too.
INSTANT = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)"
INSTANT_TO_THE_MINUTE = r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?(Z|[+-]\d\d:\d\d)"


_FORMS: dict[str, re.Pattern[str]] = {}


def instant(data: Mapping[str, Any], key: str, form: str = INSTANT) -> datetime:
    """`timestamp`, in the one form the contract's schemas allow (so a bridge that checks its
    payloads against them gets the display's answer)."""
    when = timestamp(data, key)  # the plainer reasons first: not a time, no zone, not plausible
    pattern = _FORMS.get(form) or _FORMS.setdefault(form, re.compile(form))
    if not pattern.fullmatch(data[key]):
        raise PayloadError(f"'{key}' is not written as the contract asks, like 2026-12-02T17:00:00Z")
    return when


def exact(value: float) -> Decimal:
    """A number read as a float, as the decimal it was written as: a float's shortest repr gives
    back up to 15 significant figures exactly, far beyond any meter's resolution."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def when(data: Mapping[str, Any], key: str) -> datetime:
    """A time the schema has already accepted, as aware UTC. Plausibility is outside the schema: a
    year the display cannot have seen (a meter's clock reset to 1970) is refused here."""
    try:
        at = datetime.fromisoformat(data[key])
    except ValueError:  # the carbon intensity API's times have a pattern only (no `date-time`)
        raise PayloadError(f"'{key}' is not an ISO-8601 time") from None
    if not 2000 <= at.year <= 2200:
        raise PayloadError(f"'{key}' is not a plausible date")
    return at.astimezone(UTC)


def whole(data: Mapping[str, Any], key: str) -> int:
    """A whole number (1.0 counts, as JSON Schema's `integer` has it)."""
    value = number(data, key)
    if value != value.to_integral_value():
        raise PayloadError(f"'{key}' is not a whole number")
    return int(value)


# What a bug or an unforeseen value in a parser may raise; it becomes a refusal, never a crash
# on the network thread.
UNREADABLE = "message could not be read"
UNFORESEEN = (ArithmeticError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)
