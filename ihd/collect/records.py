"""What a home shares, as the collector reads it: one record per message, checked against the
contract (docs/contract.md, "What the display publishes") before anything is stored. Pure Python:
no database, no network, so every rule here is tested on its own.

At the centre each message arrives on `<root>/<link>/<topic>`: `<link>` is the name the centre's
broker knows the home's bridge by (its client certificate's), and `<topic>` the contract's own
topic under the prefix (`consent`, `share/supplier/half-hourly`, ...).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

CONTRACT = "ihd/v1"
HOME = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")
LINK = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)")
REGISTERS = ("electricity/import", "electricity/export", "gas/import")
FIRST_CATEGORIES = ("detailed-history", "supplier-half-hourly", "supplier-daily", "third-party", "carbon-lookup",
                    "home-devices")  # in every consent record; later ones are off where a display has none
CATEGORIES = (*FIRST_CATEGORIES, "trusted-person")
MAX_PAYLOAD = 64 * 1024
MAX_KWH = Decimal(2500)  # a day's ceiling on the display (100 kWh an hour)

HALF_HOURLY_TOPICS = {"share/supplier/half-hourly": "supplier-half-hourly",
                      "share/third-party/half-hourly": "third-party"}
DAILY_TOPICS = {"share/supplier/daily": "supplier-daily"}
CARBON_TOPIC = "share/carbon-region"
CONSENT_TOPIC = "consent"
TRUSTED_TOPIC = "share/trusted-person/alert"
CONDITIONS = ("credit-low", "emergency-credit", "supply-off", "supply-on")
HELPERS = ("family", "friend", "carer", "support")
FUELS = ("electricity", "gas")
MAX_CREDIT_P = Decimal(10_000_000)  # £100,000 either way: beyond it, not a meter's balance


class Refused(ValueError):
    """The message is not one the contract allows; the reason names what is wrong."""


@dataclass(frozen=True, slots=True)
class Consent:
    """A home's consent record: its choice for every category, kept whole for the audit."""

    home: str
    ts: datetime
    version: int
    categories: dict[str, tuple[bool, datetime | None]]  # category -> (granted, since)
    ended: bool
    body: dict[str, object]  # the whole record as sent, kept for the audit


@dataclass(frozen=True, slots=True)
class HalfHour:
    """A home's use in one half-hour, as shared under one category."""

    home: str
    category: str
    start: datetime
    kwh: dict[str, Decimal]
    service: str | None


@dataclass(frozen=True, slots=True)
class Day:
    """A home's use on one day, as shared under one category."""

    home: str
    category: str
    day: date
    kwh: dict[str, Decimal]


@dataclass(frozen=True, slots=True)
class CarbonRegion:
    """The postcode district a home shares for its carbon look-ups."""

    home: str
    postcode_district: str


@dataclass(frozen=True, slots=True)
class Cleared:
    """An empty retained message: what the topic held is withdrawn (the district, when carbon
    look-ups are switched off)."""

    topic: str


@dataclass(frozen=True, slots=True)
class TrustedAlert:
    """Tell someone I trust: what started when, and whom the household asked to be told."""

    home: str
    fuel: str
    condition: str
    at: datetime
    name: str
    helper: str
    credit_p: Decimal | None
    category: str = "trusted-person"


Record = Consent | HalfHour | Day | CarbonRegion | Cleared | TrustedAlert


def split_topic(topic: str, root: str) -> tuple[str, str]:
    """(link, contract topic) of a message on `<root>/<link>/<topic>`."""
    head = root.strip("/") + "/"
    if not topic.startswith(head):
        raise Refused(f"not under {head}")
    link, _, rest = topic[len(head):].partition("/")
    if not LINK.fullmatch(link) or not rest:
        raise Refused("no link name in the topic")
    return link, rest


def parse(topic: str, payload: bytes) -> Record:
    """The record a contract topic's payload holds; raises Refused."""
    if topic not in (CONSENT_TOPIC, CARBON_TOPIC, TRUSTED_TOPIC, *HALF_HOURLY_TOPICS, *DAILY_TOPICS):
        raise Refused(f"not a topic the collector takes: {topic}")
    if payload == b"":
        return Cleared(topic)
    body = _object(payload)
    home = body.get("home")
    if body.get("contract") != CONTRACT:
        raise Refused(f"contract is not {CONTRACT}")
    if not isinstance(home, str) or not HOME.fullmatch(home):
        raise Refused("home is missing or not a home identity")
    if topic == CONSENT_TOPIC:
        return _consent(home, body)
    if topic == CARBON_TOPIC:
        district = body.get("postcode_district")
        if not isinstance(district, str) or not re.fullmatch(r"[A-Z]{1,2}[0-9][0-9A-Z]?", district):
            raise Refused("postcode_district is not a postcode district")
        return CarbonRegion(home, district)
    if topic == TRUSTED_TOPIC:
        return _trusted(home, body)
    return _use(topic, home, body)


def _trusted(home: str, body: dict[str, object]) -> TrustedAlert:
    if body.get("category") != "trusted-person":
        raise Refused("category is not trusted-person")
    condition, fuel, person = body.get("condition"), body.get("fuel"), body.get("person")
    if condition not in CONDITIONS:
        raise Refused(f"condition is not one of {', '.join(CONDITIONS)}")
    if fuel not in FUELS:
        raise Refused("fuel is not electricity or gas")
    if not isinstance(person, dict):
        raise Refused("person is not an object")
    name, helper = person.get("name"), person.get("helper")
    if not isinstance(name, str) or not 0 < len(name) <= 40 or not name.isprintable() or name != name.strip():
        raise Refused("person's name is not a name of up to 40 characters")
    if helper not in HELPERS:
        raise Refused(f"person's helper is not one of {', '.join(HELPERS)}")
    credit = body.get("credit_p")
    if credit is not None:
        if isinstance(credit, bool) or not isinstance(credit, int | float) or not math.isfinite(credit):
            raise Refused("credit_p is not a number")
        credit = Decimal(str(credit))
        if abs(credit) > MAX_CREDIT_P:
            raise Refused("credit_p is out of range")
    return TrustedAlert(home, str(fuel), str(condition), _instant(body.get("at"), "at"), name, str(helper), credit)


def _use(topic: str, home: str, body: dict[str, object]) -> HalfHour | Day:
    expected = HALF_HOURLY_TOPICS.get(topic) or DAILY_TOPICS[topic]
    if body.get("category") != expected:
        raise Refused(f"category is not {expected}")
    kwh = _kwh(body.get("kwh"))
    if topic in DAILY_TOPICS:
        return Day(home, expected, _date(body.get("day"), "day"), kwh)
    if body.get("minutes") != 30:
        raise Refused("minutes is not 30")
    start = _instant(body.get("start"), "start")
    if start.minute % 30 or start.second or start.microsecond:
        raise Refused("start is not the start of a half-hour")
    service = body.get("service")
    if service is not None and (not isinstance(service, str) or not service):
        raise Refused("service is not a name")
    return HalfHour(home, expected, start, kwh, service)


def _object(payload: bytes) -> dict[str, object]:
    if len(payload) > MAX_PAYLOAD:
        raise Refused("payload over 64 KiB")
    try:
        body = json.loads(payload.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise Refused(f"payload is not JSON: {error}") from None
    if not isinstance(body, dict):
        raise Refused("payload is not a JSON object")
    return body


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number")


def _consent(home: str, body: dict[str, object]) -> Consent:
    version, categories = body.get("version"), body.get("categories")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Refused("version is not a whole number from 1")
    if not isinstance(categories, dict) or not set(FIRST_CATEGORIES) <= set(categories):
        raise Refused("categories are not every category")
    found: dict[str, tuple[bool, datetime | None]] = {}
    for name in CATEGORIES:  # one a newer display adds is kept for the audit, and governs nothing here
        choice = categories.get(name, {"granted": False})  # an older display does not offer it
        if not isinstance(choice, dict) or not isinstance(choice.get("granted"), bool):
            raise Refused(f"{name} has no granted true or false")
        since = choice.get("since")
        found[name] = (choice["granted"], None if since is None else _instant(since, f"{name} since"))
    ended = body.get("ended", False) is True
    if ended and any(granted for granted, _since in found.values()):
        raise Refused("an ended home grants nothing")
    return Consent(home, _instant(body.get("ts"), "ts"), version, found, ended, body)


def _kwh(value: object) -> dict[str, Decimal]:
    if not isinstance(value, dict):
        raise Refused("kwh is not an object")
    found = {}
    for register, amount in value.items():
        if register not in REGISTERS:
            raise Refused(f"kwh has {register!r}, not a register of the contract")
        if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount):
            raise Refused(f"kwh of {register} is not a number")
        kwh = Decimal(str(amount))
        if not 0 <= kwh <= MAX_KWH:
            raise Refused(f"kwh of {register} is out of range")
        found[register] = kwh
    return found


def _instant(value: object, what: str) -> datetime:
    if not isinstance(value, str) or not INSTANT.fullmatch(value):
        raise Refused(f"{what} is not an RFC 3339 time with a zone")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        raise Refused(f"{what} is not a real time") from None


def _date(value: object, what: str) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        raise Refused(f"{what} is not a date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Refused(f"{what} is not a real date") from None
